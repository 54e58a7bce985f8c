package tracklist

import (
	"slices"
	"strings"
	"unicode"
)

// Title is a parsed playlist (mix) title such as the MixesDB page title
//
//	2016-10-21 - Tiësto & The Chainsmokers & Hardwell @ Club Life 500, Ziggo Dome, ADE (Club Life 500)
type Title struct {
	// Title is the input after cleaning (valid UTF-8, collapsed spaces, NFC).
	Title string `json:"title"`
	// Date as written: "2009-11-03", "2009-11", "1998", or MixesDB's
	// "2011-08-2X" for an unknown day. Empty when the title has no date.
	Date string `json:"date"`
	// Year, Month and Day are the numeric parts of Date, 0 when absent or
	// unknown ("2X").
	Year  int `json:"year,omitempty"`
	Month int `json:"month,omitempty"`
	Day   int `json:"day,omitempty"`
	// DJs are the performing artists, as written, in order, without
	// annotations such as "(Live PA)" or "(Ushuaïa)", without duplicates,
	// and without the placeholders "VA", "Various Artists" and "Unknown".
	DJs []string `json:"djs"`
	// Venue is what follows "@": "Cafe Mambo, Ibiza".
	Venue string `json:"venue"`
	// Event is the show, radio programme or event: "Essential Selection",
	// "Club Life 361".
	Event string `json:"event"`
	// VariousArtists is set when the title credits "VA" / "Various
	// Artists": a compilation or multi-DJ broadcast rather than one set.
	VariousArtists bool `json:"various_artists,omitempty"`
}

// MarshalJSON writes [] rather than null for an empty DJ list.
func (t Title) MarshalJSON() ([]byte, error) {
	type plain Title
	p := plain(t)
	p.DJs = nonNil(p.DJs)
	return marshalJSON(p)
}

// ParseTitle parses a playlist title in MixesDB style:
//
//	DATE - DJS - EVENT
//	DATE - DJS @ VENUE
//	DATE - DJS @ VENUE - EVENT
//	DATE - DJS @ VENUE (EVENT)
//	DJS - EVENT                      (no date)
//	DJS @ VENUE DATE                 (1001Tracklists style, date last)
//
// DATE is YYYY, YYYY-MM or YYYY-MM-DD (MixesDB writes an unknown digit as
// X: "2011-08-2X" is known to the month, "200X" not at all). DJS is a list split on ",", "&", " and ", " b2b ",
// " vs ", " / ", " x ", " with " (acts such as "Above & Beyond" and
// "Dimitri Vegas & Like Mike" are kept whole, see SplitArtists), with
// bracketed annotations dropped: "Deadmau5 (Live PA)" -> "Deadmau5".
//
// After "@", the part up to a " - " is the venue and the rest the event,
// unless only the part after the dash has a comma, which marks it as a
// location: "@ Tomorrowland - The Reflection Of Love, Belgium" is all
// venue. A trailing "(...)" after a venue is the event ("@ Flex, Vienna
// (John B Podcast 091)"), except part markers like "(Part 1)".
func ParseTitle(s string) Title {
	s, _ = cleanText(s)
	if r := repairBrackets(s); r != s {
		// A dropped bracket can leave a combining mark beside a letter
		// ("V)\u0303"): normalise again, so that the title parses as its
		// own Title does.
		s, _ = cleanText(r)
	}
	t := Title{Title: s, DJs: []string{}}
	rest := s
	if date, y, m, d, n := leadingDate(rest); n > 0 {
		after := rest[n:]
		known := ymd{y, m, d}
		if m == 0 && len(date) > 4 { // "2011-XX"
			known = ymd{y: y}
		}
		if after == "" {
			t.setDate(known)
			return t
		}
		if j := dashRunAt(after, 1); after[0] == ' ' && j > 0 && (j == len(after) || after[j] == ' ') {
			// MixesDB: "DATE - DJS - EVENT", "DATE - DJS @ VENUE".
			t.setDate(known)
			credit := trimSpace(after[j:])
			// Only a year alone looks for its day in the credit: findDate
			// was most of a title's cost, asked of every MixesDB title.
			if m == 0 {
				if d, i, k, ok := findDate(credit); ok && d.y == y && d.d != 0 && !bracketedAt(credit, i) {
					// "2005 - Daniel Bell @ Distillery, Leipzig, 02-07-2005":
					// a year first, then the day it names, outside brackets
					// (inside, "(Essential Mix, 1995-08-13)", the broadcast's).
					t.setDate(d)
					credit = cutSpan(credit, i, k)
				}
			}
			t.parseCredit(credit)
			return t
		}
	}
	rest = cutFileExt(rest)                     // "La Boum de Luxe - ND Baumecker (12.06.2003).mp3"
	rest = strings.ReplaceAll(rest, "｜", " | ") // "Paquita Gordon｜2026年5月11日"
	dateLast := false
	edition := ""
	if d, i, j, ok := findDate(rest); ok {
		t.setDate(d)
		if _, ok := yearToken(rest[i:j]); d.m == 0 && ok { // "2025", "'25"
			edition = yearEdition(rest, i, j)
		} else if d.m != 0 && d.d == 0 && isMonthName(strings.Fields(rest[i:j])[0]) {
			edition = yearEdition(rest, i, j) // "DiscCo March 2019": a monthly edition
		} else if show, ok := showOfDate(rest[:i]); ok {
			edition = show // "SPUTNIK Roboton vom 15.11.2017": the show of that day
		}
		i = weekdayBefore(rest, i)
		dateLast = trimSpace(rest[j:]) == "" && dashBefore(rest[:i])
		rest = cutSpan(rest, i, j)
	}
	t.parseSegments(rest, dateLast, edition)
	return t
}

// yearEdition returns the words a bare year at s[i:j] follows in its part
// of the title, when the year ends the part: "Zouk Heat 2025 (Friday
// Day Party)", "Sto Sztosów 2022" name an event's or a series' edition
// of that year ("Tomorrowland 2019"), not a DJ.
func yearEdition(s string, i, j int) string {
	if i < 2 || s[i-1] != ' ' || s[i-2] < 0x80 && !isAlnum(rune(s[i-2])) {
		return ""
	}
	if after := trimSpace(s[j:]); after != "" && !strings.ContainsAny(after[:1], "([|-/:") && dashRunAt(after, 0) == 0 {
		return ""
	}
	segs := splitSegments(s[:i])
	if len(segs) == 0 {
		return ""
	}
	return segs[len(segs)-1].text
}

// dashBefore: s ends with a spaced dash ("Show - DJ - ") or slash
// ("Show - DJ / October 8 / 7pm-8pm", as radio archives write it).
func dashBefore(s string) bool {
	s = strings.TrimRight(s, " ")
	k := strings.LastIndexByte(s, ' ')
	return k > 0 && (dashRunAt(s, k+1) == len(s) || s[k+1:] == "/")
}

// weekdayBefore moves i, where a date starts in s, back over the day of
// the week or the word that introduces it: "Sun June 3rd 2012", "Friday,
// 5 May", "vom 2014-04-29".
func weekdayBefore(s string, i int) int {
	before := strings.TrimRight(s[:i], " ,")
	k := strings.LastIndexByte(before, ' ') + 1
	switch strings.ToLower(strings.TrimSuffix(before[k:], ".")) {
	case "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"vom", "am", "du", "del", "dal", "from", "on": // "Sendung 21 vom 2014-04-29"
		return k
	}
	return i
}

// cutFileExt takes an audio file's extension off a title that was a file
// name.
func cutFileExt(s string) string {
	for _, ext := range [...]string{".mp3", ".m4a", ".wav", ".flac", ".aac", ".ogg"} {
		if len(s) > len(ext) && equalFoldASCII(s[len(s)-len(ext):], ext) {
			return s[:len(s)-len(ext)]
		}
	}
	return s
}

func (t *Title) setDate(d ymd) {
	t.Date, t.Year, t.Month, t.Day = d.String(), d.y, d.m, d.d
}

// cutSpan removes s[i:j] and the separator debris it leaves: "Mix (10-2022)"
// -> "Mix", "Club Night - 2024 - DJ" -> "Club Night - DJ".
func cutSpan(s string, i, j int) string {
	before, after := trimSpace(s[:i]), trimSpace(s[j:])
	for _, p := range [...][2]string{{"(", ")"}, {"[", "]"}} {
		if strings.HasSuffix(before, p[0]) && strings.HasPrefix(after, p[1]) {
			before, after = trimSpace(before[:len(before)-1]), trimSpace(after[1:])
		}
	}
	// A separator on both sides of the date: keep one.
	if trimmed := trimJunk(before); trimmed != before && trimJunk(after) != after {
		before = trimmed
	}
	return trimJunk(trimSpace(before + " " + after))
}

// parseCredit reads what follows a MixesDB date: "DJS - EVENT", "DJS @
// VENUE - EVENT", "DJS @ VENUE (EVENT)".
func (t *Title) parseCredit(rest string) {
	djPart, venuePart, eventPart := rest, "", ""
	at := findAt(rest)
	dash, hasDash := firstDashSep(rest)
	switch {
	case at.end > 0 && (!hasDash || at.start < dash.start):
		djPart = rest[:at.start]
		venuePart, eventPart = splitVenue(rest[at.end:])
	case hasDash:
		djPart = rest[:dash.start]
		eventPart = rest[dash.end:]
	case djScore(rest) == 0 && !knownArtist(stripAnnotations(rest)) && !isVarious(rest):
		// "2021 - The Return of Disco": one part, in words that are no
		// name, names the mix (MixesDB always names a DJ and an event).
		djPart, eventPart = "", rest
	}
	// "DJ1, DJ2 At Space, Ibiza - Show", "DJ1 & DJ2 at Ostgut" (no "@"):
	// " At " marks a venue, unless it is inside a name: "Masters At Work".
	if venuePart == "" {
		if i, j, ok := findWord(djPart, "at"); ok && !atInName(djPart, i, j) {
			venuePart = djPart[j:]
			djPart = djPart[:i]
		}
	}
	// "2004-01-20 - Breezeblock - Luke Slater": the show first.
	if knownShow(trimJunk(djPart)) && !knownShow(trimJunk(eventPart)) && djScore(eventPart) > 0 {
		djPart, eventPart = eventPart, djPart
	}
	t.Venue = trimJunk(venuePart)
	t.Event = cutBroadcastDate(trimJunk(eventPart))
	t.DJs, t.VariousArtists = splitDJs(trimJunk(djPart))
}

// cutBroadcastDate drops the date a show was broadcast from its name:
// "(Essential Mix, 2015-09-19)" is the show "Essential Mix"; the title's
// own date, first, is the set's.
func cutBroadcastDate(event string) string {
	k := strings.LastIndex(event, ", ")
	if k <= 0 {
		return event
	}
	if _, _, _, _, n := leadingDate(event[k+2:]); n > 0 && n == len(event)-k-2 {
		return event[:k]
	}
	return event
}

// atInName: the word "at" between i and j of a DJ credit belongs to a
// known artist's name: the words around it, as far as the names the
// credit lists run, make one.
func atInName(credit string, i, j int) bool {
	start := strings.LastIndexAny(credit[:i], ",&/") + 1
	end := len(credit)
	if k := strings.IndexAny(credit[j:], ",&/("); k >= 0 {
		end = j + k
	}
	return knownArtist(trimSpace(credit[start:end]))
}

// leadingDate parses YYYY, YYYY-MM or YYYY-MM-DD (day or month digits may
// be X) at the start of s, returning the bytes consumed. The date must end
// at a word boundary.
func leadingDate(s string) (date string, y, m, d, n int) {
	if len(s) < 4 || !allDigits(s[:2]) || !isDateDigits(s[2:4]) {
		return "", 0, 0, 0, 0
	}
	if !allDigits(s[2:4]) {
		// "200X - DJ - Event", "19XX - ...": MixesDB's unknown year;
		// the date is unknown, but it is the date's place all the same.
		if (s[:2] != "19" && s[:2] != "20") || len(s) > 4 && s[4] != ' ' {
			return "", 0, 0, 0, 0
		}
		return s[:4], 0, 0, 0, 4
	}
	y = atoi(s[:4])
	if y < 1900 || y > 2100 {
		return "", 0, 0, 0, 0
	}
	n = 4
	if len(s) >= 7 && s[4] == '-' && isDateDigits(s[5:7]) {
		n = 7
		m = atoiX(s[5:7])
		if m > 12 {
			return "", 0, 0, 0, 0
		}
		if len(s) >= 10 && s[7] == '-' && isDateDigits(s[8:10]) {
			n = 10
			d = atoiX(s[8:10])
			if d > 31 {
				return "", 0, 0, 0, 0
			}
		}
	}
	if n < len(s) && s[n] != ' ' {
		return "", 0, 0, 0, 0
	}
	return s[:n], y, m, d, n
}

// isDateDigits accepts "03", "2X", "XX" (MixesDB's unknown digits).
func isDateDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != 'X' && s[i] != 'x' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// atoiX is atoi returning 0 when any digit is unknown ("2X").
func atoiX(s string) int {
	if !allDigits(s) {
		return 0
	}
	return atoi(s)
}

// findAt finds " @ " outside brackets; "b@" inside a word does not count.
func findAt(s string) sepSpan {
	var d outside
	for i := 0; i < len(s); i++ {
		if d.at(s[i]) && s[i] == '@' && (i == 0 || s[i-1] == ' ') && (i+1 == len(s) || s[i+1] == ' ') {
			return sepSpan{i, min(i+2, len(s))}
		}
	}
	return sepSpan{}
}

// findWord finds a whole word (case-insensitive ASCII) outside brackets,
// not at the start or the end, and returns [i, j) covering " word ".
func findWord(s, lowerWord string) (i, j int, ok bool) {
	var d outside
	for p := 0; p < len(s); p++ {
		if !d.at(s[p]) || s[p] != ' ' || p == 0 {
			continue
		}
		if e := p + 1 + len(lowerWord); e < len(s) && s[e] == ' ' && equalFoldASCII(s[p+1:e], lowerWord) {
			return p, e + 1, true
		}
	}
	return 0, 0, false
}

// splitVenue splits what follows "@" into venue and event.
func splitVenue(s string) (venue, event string) {
	s = trimSpace(s)
	if d, ok := firstDashSep(s); ok {
		left, right := s[:d.start], s[d.end:]
		if strings.Contains(right, ",") && !strings.Contains(left, ",") {
			return s, ""
		}
		return left, right
	}
	if open, content, ok := trailingGroup(s); ok && open > 0 && s[open] == '(' && !isPartMarker(content) {
		return s[:open], content
	}
	return s, ""
}

// isPartMarker recognises "(Part 1)", "(Pt.2)", "(Set 2)", "(CD1)",
// "(Day 3)", "(Hour 2)", "(Vol. 1)" which continue a venue rather than name
// an event.
func isPartMarker(s string) bool {
	s = trimSpace(s)
	for _, p := range []string{"part", "pt", "set", "cd", "day", "hour", "vol", "disc", "side"} {
		if hasPrefixFoldASCII(s, p) {
			r := strings.TrimLeft(s[len(p):], " .")
			return r != "" && isDigit(r[0])
		}
	}
	return false
}

// splitDJs splits the DJ credit of a title; see ParseTitle.
func splitDJs(s string) (djs []string, various bool) {
	djs = []string{}
	if s == "" {
		return djs, false
	}
	r := splitNames(invitesAsAnd(s), splitTitle)
	r.names = bandsWhole(s, r.names)
	seen := make(map[string]bool, len(r.names)+len(r.featured))
	for _, n := range append(r.names, r.featured...) {
		n = stripAnnotations(n)
		n = trimDecoration(n)
		n = trimPerformance(n)
		n = cutAlias(n)
		n = cutEpisode(n)
		if rest, ok := cutFeatPrefix(n, false); ok {
			n = rest // "EPISODE 4 FT SOUTHSIDE": the guest, without the word
		}
		if n == "" {
			continue
		}
		k := ArtistKey(n)
		if variousKey(k) {
			various = true
			continue
		}
		switch k {
		case "unknown", "unknown artist", "unknown dj", "id", "friends", "guests", "special guests", "b2b", "b3b", "more", "x", "":
			continue // "Four Tet & Friends", "Naomi x Paloma Colombe – B2B"
		case "side a", "side b", "side c", "side d", "open decks", "open deck":
			continue // "The Final Mixtape - Side B"; "Open Decks at Wäiski": anyone may play
		}
		if seen[k] || showNotDJ(n) {
			continue // "Sedef Adasi, DGTL Amsterdam": a festival, not a DJ
		}
		seen[k] = true
		djs = append(djs, n)
	}
	return djs, various
}

// trimDecoration drops the emoji a video's title decorates a name with:
// "🔥 Joy Orbison", and the colons a podcast feed frames one with:
// "::Dave Anthony::".
func trimDecoration(n string) string {
	if strings.HasPrefix(n, "::") || strings.HasSuffix(n, "::") {
		n = trimSpace(strings.Trim(n, ":"))
	}
	if n == "" || n[0] < 0x80 && n[len(n)-1] < 0x80 {
		return n
	}
	return trimSpace(strings.TrimFunc(n, func(r rune) bool { return unicode.Is(unicode.So, r) || r == 0xFE0F || r == ' ' }))
}

// bandsWhole joins "X & The Y" back into one name, as bands are named
// ("Kalu & The Electric Joint"), unless the reference list knows either
// as an act of its own ("Tiësto & The Chainsmokers", "Pete Tong & The
// Heritage Orchestra"): then they are two acts.
func bandsWhole(s string, names []string) []string {
	for k := 1; k < len(names); k++ {
		if !hasPrefixFoldASCII(names[k], "the ") || isKnownName(names[k]) || isKnownName(names[k-1]) {
			continue
		}
		for _, j := range [...]string{" & ", " + ", " and "} {
			if whole := names[k-1] + j + names[k]; strings.Contains(s, whole) {
				names[k-1] = whole
				names = slices.Delete(names, k, k+1)
				k--
				break
			}
		}
	}
	return names
}

// showNotDJ: a name of a DJ credit is a known show, or one in a city
// ("DGTL Amsterdam"), and no artist's.
func showNotDJ(n string) bool {
	if isKnownName(n) {
		return false
	}
	if knownShow(n) {
		return true
	}
	w := strings.Fields(n)
	k := showPrefix(w)
	return k > 0 && isPlace(strings.Join(w[k:], " "))
}

// invitesAsAnd reads "X invites Y" in a credit as both playing: "Show
// 017 w/ Virginia Tzioti invites Alice Palace".
func invitesAsAnd(s string) string {
	for _, w := range [...]string{"invites", "invite"} {
		if i, j, ok := findPhrase(s, w); ok {
			return s[:i] + " & " + invitesAsAnd(s[j:])
		}
	}
	return s
}

// cutAlias keeps the name a DJ is credited by and drops what follows it:
// an alias ("Ed Davenport aka Inland", "Dan Bell a.k.a. DBX"), the
// project the DJ presents ("Deetron pres. Soulmate", "Jackmaster b2b
// Oneman Present 'Can You Dance'"), the part of the
// night played ("Erika closing Return to the Source").
func cutAlias(n string) string {
	for _, w := range [...]string{"aka", "a.k.a.", "pres.", "presents", "present", "présente", "closing", "opening"} {
		if i, _, ok := findPhrase(n, w); ok {
			return trimSpace(n[:i])
		}
		if strings.HasPrefix(w, "pres") && hasSuffixFoldASCII(n, w) && len(n) > len(w) {
			return trimSpace(n[:len(n)-len(w)]) // "Oneman Present": what they present was quoted
		}
	}
	return n
}

// cutEpisode drops an episode number after a name the reference list
// knows: "ClubLife By Tiësto 572" is played by Tiësto ("Maroon 5", known
// whole, stays).
func cutEpisode(n string) string {
	i := strings.LastIndexByte(n, ' ')
	if i > 0 && allDigits(n[i+1:]) && len(n)-i-1 <= 4 && isKnownName(n[:i]) && !isKnownName(n) {
		return n[:i]
	}
	return n
}

// trimPerformance drops what a title adds to a DJ's name about the set:
// "Loone LIVE", "Steffi*", "Ben UFO DJ Set".
func trimPerformance(n string) string {
	n = strings.TrimRight(n, "*")
	// "B2B Dj Towerdose": the one who plays with the page's owner.
	for _, pre := range [...]string{"ft. ", "feat. ", "w/ ", "with ", "by ", "~ ", "b2b ", "b3b "} {
		if rest, ok := cutPrefixFold(n, pre); ok && rest != "" {
			n = trimSpace(rest) // "Palms Trax 016 ft. Roi Perez"
		}
	}
	for _, suf := range [...]string{" live pa", " live", " *live", " dj set", " live set", " preview"} {
		if len(n) > len(suf) && equalFoldASCII(n[len(n)-len(suf):], suf) {
			n = trimSpace(n[:len(n)-len(suf)])
		}
	}
	return n
}

// stripAnnotations removes bracket groups outside of which the name stands:
// "Deadmau5 (Live PA)" -> "Deadmau5", "Harry Lemon (Amsterdam)" -> "Harry
// Lemon". A name that is only a bracket group is kept as it is.
func stripAnnotations(s string) string {
	if !strings.ContainsAny(s, "([{") {
		return s
	}
	var b strings.Builder
	var d outside
	for i := 0; i < len(s); i++ {
		if d.at(s[i]) {
			b.WriteByte(s[i])
		}
	}
	out := trimJunk(collapseSpaces(b.String()))
	if out == "" {
		return trimJunk(s)
	}
	return out
}

func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// bracketedAt: s[i] is inside round or square brackets.
func bracketedAt(s string, i int) bool {
	depth := 0
	for _, c := range []byte(s[:i]) {
		switch c {
		case '(', '[':
			depth++
		case ')', ']':
			depth = max(depth-1, 0)
		}
	}
	return depth > 0
}

// showOfDate reads the words before a date that "vom" (German), "del",
// "dal" (Italian) or "du" (French) join to it, "of the" day: they name a
// show's edition of that day, not a DJ ("SPUTNIK Roboton vom
// 04.10.2017"). It returns them.
func showOfDate(before string) (string, bool) {
	before = strings.TrimRight(before, " ")
	k := strings.LastIndexByte(before, ' ')
	if k <= 0 {
		return "", false
	}
	switch strings.ToLower(before[k+1:]) {
	case "vom", "del", "dal", "du":
	default:
		return "", false
	}
	segs := splitSegments(before[:k])
	if len(segs) == 0 {
		return "", false
	}
	return segs[len(segs)-1].text, true
}
