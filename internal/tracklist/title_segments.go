package tracklist

import (
	_ "embed"
	"slices"
	"strings"
	"unicode"
)

// Titles as players, podcasts and radio stations publish them have no one
// shape: "Podcast 300: Maya Jane Coles", "RA.871 Ben UFO", "Essential Mix -
// Bicep", "Helena Hauff Studio Session 2.25.17", "Anjunadeep Edition 292
// with Ben Böhmer", "Solomun B2B Âme Live @ SW4 Festival 29-08-2015",
// "TECHNO MIX 2024 | NATURE REBORN | Mixed by COOLPANDA". They are read as
// parts separated by " - ", " | ", ": ", " // ", " • ", each part a DJ
// credit, a show (its words say so: Podcast, Mix, Radio, Session, Vol, an
// episode number), a venue (after "@", "live at", "live from") or a mix's
// own name (words like a sentence: "Bring Down The Walls"). A show's name
// never becomes a DJ.

// parseSegments reads a title that does not start with a MixesDB date.
// dateLast says the title ended in " - DATE" (cut from rest).
func (t *Title) parseSegments(rest string, dateLast bool, edition string) {
	rest = underscoresAsSpaces(rest)                // "LONE SAXON_AUGUST 26_MIX"
	rest = strings.ReplaceAll(rest, " /w ", " w/ ") // "Hamza K Shah /w Sedef Adasi"
	rest = strings.ReplaceAll(rest, " w_ ", " w/ ") // a file name's slash: "Back2Back w_ DJ Alim"
	rest = spaceAfterWith(rest)                     // "Show #437 w/Jayla Darden"
	rest = spaceAfterPresents(rest)                 // "The Risky presents...DJ Rap"
	rest = dropTimeRanges(rest)                     // "Kikelomo / October 8 / 7pm-8pm"
	rest = spaceBeforeSlash(rest)                   // "Boiler room Berlin 002 Ostgut Ton/ Steffi"
	var dj, event, venue, placeEv string
	var credited []string // DJs a title names outright: "presents", "with", "by"
	djScore := 0
	next, nextScore := "", 0 // the DJ with the next best score
	segs := splitSlashes(splitSegments(rest))
	pieces := make([][]piece, len(segs))
	atVenue := make([]bool, len(segs)) // the part names who plays where
	for i, seg := range segs {
		// "@ Venue", "live at Venue": the venue, and what comes before it.
		if before, v, ev, ok := cutVenue(seg.text); ok {
			if venue == "" {
				venue = v
			}
			if event == "" && ev != "" {
				event = ev
			}
			if ev == "" && placeEv == "" && strings.IndexByte(seg.text, '@') >= 0 {
				placeEv = placeEvent(v)
			}
			seg.text = before
			atVenue[i] = true
			pieces[i] = performerOf(before)
			continue
		}
		pieces[i] = rolesOfNoted(seg.text)
	}
	uploaderFirst(segs, pieces)
	mixNameAfterShow(segs, pieces)
	seriesVolume(segs, pieces)
	placeFirst(segs, pieces)
	// "NIGHT DANCING – THE PODCAST PT1": what "The Podcast" follows is
	// the podcast's name.
	for i := 1; i < len(segs); i++ {
		if w := strings.Fields(segs[i].text); len(w) > 1 && strings.EqualFold(w[0], "the") && showWords[strings.ToLower(w[1])] &&
			!slices.ContainsFunc(w[2:], func(x string) bool { return !isEpisodeCode(x) }) {
			for k := range pieces[i-1] {
				if p := &pieces[i-1][k]; p.role == roleDJ && p.score < credit {
					p.role, p.score = roleShow, 0
				}
			}
		}
	}
	if dateLast {
		showThenDJ(pieces)
	}
	stationBetween(segs, pieces)
	if edition != "" {
		// "Zouk Heat 2025": what a bare year followed is an edition of
		// an event or a series, not a DJ (unless the lists know the name).
		// Read before the colon's rule below, which would credit it as
		// who plays the show: "Frankie 3000: Dance Vibes 2019".
		for i := range segs {
			for k := range pieces[i] {
				p := &pieces[i][k]
				if p.role != roleDJ || p.score >= credit || isKnownName(stripAnnotations(p.text)) {
					continue
				}
				if strings.HasPrefix(p.text, edition) {
					p.role, p.score = roleShow, 0
				} else if i == 0 && len(segs) > 1 && segs[i].text == p.text && plainWords(p.text) && !slices.Contains(atVenue, true) {
					// "Chasing Sunrise | Honolulu Zouk Marathon 2025",
					// "Ignition - Zouk Heat 2025 (Thursday Pre-Party)": a
					// first part of dictionary words before an event's
					// edition is the set's own name, as DJs title their
					// uploads; a name played "@" the event is who plays.
					p.role, p.score = roleOther, 0
				}
			}
		}
	}
	// "Alternate Cuts: Tama Sumo", "The Bunker on RBMA Radio: DJ Dustin":
	// after a colon comes who plays the show named before it.
	for i := 1; i < len(segs); i++ {
		if segs[i].afterColon && mixLabel(segs[i-1].text) && !atVenue[i] && !(i+1 < len(segs) && isQuoted(segs[i+1].text)) {
			// "Mix: -8° Celcius", "Mixtape: New Orleans Blues": the
			// mix's own name follows, not who plays it ("Mix: Name at
			// Festival" says who).
			for k := range pieces[i] {
				if p := &pieces[i][k]; p.role == roleDJ && p.score < credit {
					p.role, p.score = roleOther, 0
				}
			}
			continue
		}
		if len(pieces[i]) == 1 && pieces[i][0].role == roleShow && hasSuffixFoldASCII(segs[i-1].text, "guest mix") &&
			!knownShow(segs[i].text) && !isStation(segs[i].text) && startsUpper(segs[i].text) &&
			!slices.ContainsFunc(strings.Fields(segs[i].text), isEpisodeCode) {
			// "GUEST MIX: Drones Club", "Guest Mix | Drones Club": who
			// the guest is follows, though a show's word is in the name.
			pieces[i][0].role, pieces[i][0].score = roleDJ, credit
		}
		if !segs[i].afterColon || len(pieces[i]) == 0 || pieces[i][0].role != roleDJ || isStation(pieces[i][0].text) ||
			creditedElsewhere(pieces, i-1, i) || knownShow(segs[i-1].text) && djBefore(pieces[:i-1]) {
			continue // "Partok | Boiler Room: Amsterdam": the DJ was named already
		}
		pieces[i][0].score = max(pieces[i][0].score, credit)
		for k := range pieces[i-1] {
			if p := &pieces[i-1][k]; p.role == roleDJ {
				p.role, p.score = roleShow, 0
			}
		}
	}
	guestMix := slices.ContainsFunc(segs, func(s segment) bool { return hasSuffixFoldASCII(s.text, "guest mix") })
	for i, ps := range pieces {
		for _, p := range ps {
			if p.role == roleDJ && (p.text == "" || isOpen(p.text[0])) {
				continue // "(Thursday Pre-Party)": a note, not a name
			}
			if p.role == roleDJ && guestMix && hostOfShow(segs[i].text) {
				continue // "ER027 - Ellum Radio by Maceo Plex - Alinka Guest Mix": the guest plays
			}
			switch p.role {
			case roleDJ:
				if p.score >= credit {
					credited = append(credited, p.text)
				}
				if p.score > djScore {
					next, nextScore = dj, djScore
					dj, djScore = p.text, p.score
				} else if p.score > nextScore && p.text != dj {
					next, nextScore = p.text, p.score
				}
			case roleShow:
				if event == "" {
					event = p.text
					if p.text == segs[i].text && i+1 < len(segs) && episodeOnly(p.text, segs[i+1].text) {
						// "33rpm Podcast: Episode#28", "Xpedition Podcast -
						// Episode 53": the show with its episode, as written.
						event = spanOf(rest, p.text, segs[i+1].text)
					}
				}
			}
		}
	}
	if len(credited) > 1 {
		dj = strings.Join(credited, ", ")
	}
	if dj == "" {
		// "Le “Late Night Tales” di Floating Points", "07/10/2016 Friday
		// Club Night Gerd Janson De Club": no part reads as a credit, but
		// the reference list knows a name in one.
		dj = strings.Join(knownNamesIn(rest), ", ")
	}
	if venue == "" && onlyName(segs, pieces) && (t.Date == "" || ordinaryWords(segs[0].text)) {
		// "Universal Puzzle", "Rainbow Colours": a title that is a name
		// and nothing else names the mix, unless the reference list
		// knows it; the DJ is the page's owner. With its date too when
		// its words are ordinary ones: "Liquid Fire (2012)", "The Root
		// // 27-05-2025", a series' or a show's edition.
		dj = ""
	}
	if event == "" {
		event = placeEv // "@ Mainstage, Tomorrowland Weekend 2, Belgium"
	}
	if open, content, ok := trailingGroup(trimJunk(event)); ok && open == 0 {
		event = content // "Futureshock (Bugged Out!)": the party, without the brackets around it
	}
	t.Venue = trimJunk(venue)
	t.Event = trimEventTail(trimJunk(event))
	t.DJs, t.VariousArtists = splitDJs(knownBeforeShowWords(trimJunk(dj)))
	if wordsListed(t.DJs) {
		t.DJs = t.DJs[:0]
		if len(credited) < 2 && next != "" {
			// "DEEP & HAZY - Undercurrent #5 - ALEXANDER BOGDANOV":
			// words listed are the series' name; the other name plays.
			if djs, various := splitDJs(trimJunk(next)); !wordsListed(djs) {
				t.DJs, t.VariousArtists = djs, various
			}
		}
	}
	t.DJs = preferNamedDJ(rest, t.DJs)
	// "Various Artists - Stream State (Selected & Mixed by Inland)": a
	// compilation, though its DJ is named.
	t.VariousArtists = t.VariousArtists || slices.ContainsFunc(segs, func(s segment) bool { return isVarious(s.text) })
}

// isVarious: "VA", "V/A", "Various Artists".
func isVarious(s string) bool { return variousKey(ArtistKey(s)) }

// variousKey: k is the ArtistKey of "VA", "V/A" or "Various Artists".
func variousKey(k string) bool {
	switch k {
	case "va", "v a", "various artists", "various":
		return true
	}
	return false
}

// hostOfShow: s names a show and its host, "Ellum Radio by Maceo Plex".
func hostOfShow(s string) bool {
	i, _, ok := findPhrase(s, "by")
	return ok && isShowText(s[:i])
}

// mixLabel: s says only that a mix follows ("Mix", "New Mix", "Mixtape",
// "DJ Set"), with no show's or guest's name or episode.
func mixLabel(s string) bool {
	switch strings.ToLower(s) {
	case "mix", "new mix", "mixtape", "new mixtape", "dj mix", "dj set", "new dj set", "live set":
		return true
	}
	return false
}

// showThenDJ reads "Show - DJ - DATE" as radio stations' archives write
// it ("cosmic reset - Ella Victoria - 18 Apr 2026", "The Little Finger
// Show - Nick Höppner - 07 Dec 2023"): of two names, the first is the
// show's, unless a rule credited it.
func showThenDJ(pieces [][]piece) {
	if len(pieces) != 2 || len(pieces[0]) != 1 || len(pieces[1]) != 1 {
		return
	}
	first, second := &pieces[0][0], &pieces[1][0]
	if isPersonName(first.text) && !isPersonName(second.text) && !isKnownName(second.text) {
		// "Grant Richards – Hybrid Theory (May 2012)": a person's name
		// first, then the mix's.
		second.role, second.score = roleOther, 0
		return
	}
	if first.role == roleDJ && first.score < credit && second.role == roleDJ && second.score > 0 {
		first.role, first.score = roleShow, 0
	}
}

// stationBetween reads "Show – Station – DJ" as radio stations' archives
// write it ("22.09.2024 – Elektro Beats – radioeins – Olaf
// Zimmermann"): a name before a station that a name follows is the
// station's show, unless a rule credited it.
func stationBetween(segs []segment, pieces [][]piece) {
	for i := 1; i+1 < len(segs); i++ {
		if len(pieces[i]) != 1 || pieces[i][0].role != roleShow || len(pieces[i-1]) != 1 || len(pieces[i+1]) != 1 ||
			!knownShow(segs[i].text) && !isStation(segs[i].text) {
			continue
		}
		first, next := &pieces[i-1][0], pieces[i+1][0]
		if first.role == roleDJ && first.score < credit && next.role == roleDJ && next.score > 0 {
			first.role, first.score = roleShow, 0
		}
	}
}

// knownNamesIn finds the names of more than one word the reference list
// knows in s outside brackets, in order, each the longest that starts
// where it does: capitalised words, no little word ("Around the World" is
// a song's name too), not a show's owner ("The Martin Garrix Show").
func knownNamesIn(s string) []string {
	words := strings.Fields(stripAnnotations(s))
	for i, w := range words {
		words[i] = strings.Trim(w, ",.:;!?()[]{}“”„‘’\"'«»")
		if last, ok := cutPossessive(words[i]); ok {
			words[i] = last // "Joy Orbison's 2019 in review"
		}
	}
	nameWord := func(w string) bool { return startsUpper(w) && !isLittleWord(w) && !showWords[strings.ToLower(w)] }
	var names []string
	for i := 0; i < len(words); i++ {
		for n := min(4, len(words)-i); n >= 2; n-- {
			name := strings.Join(words[i:i+n], " ")
			// "A Tribute to X", "In Memory of X", "Best of X": whom the
			// mix is about, not who made it.
			if i > 0 && (words[i-1] == "to" || words[i-1] == "of") {
				break
			}
			if !slices.ContainsFunc(words[i:i+n], func(w string) bool { return !nameWord(w) }) && knownArtist(name) &&
				(i+n == len(words) || !showWords[strings.ToLower(words[i+n])]) {
				names = append(names, name)
				i += n - 1
				break
			}
		}
	}
	return names
}

// onlyName: the title is one part, read whole as a name no rule
// credited and the reference list does not know.
func onlyName(segs []segment, pieces [][]piece) bool {
	if len(segs) != 1 || len(pieces[0]) != 1 {
		return false
	}
	p := pieces[0][0]
	return p.role == roleDJ && p.score < credit && p.text == segs[0].text && !isKnownName(p.text) && !namesKnownArtist(p.text) &&
		!hasJoiner(p.text) && !performanceNote(p.text) && !isPersonName(p.text)
}

// performanceNote: s ends in a note on how its name played, which only a
// performer has: "Shiva (Live)", "Name (DJ Set)".
func performanceNote(s string) bool {
	open, content, ok := trailingGroup(s)
	if !ok || open == 0 {
		return false
	}
	switch strings.ToLower(trimSpace(content)) {
	case "live", "live pa", "live set", "dj set", "dj-set", "hybrid set", "live act":
		return true
	}
	return false
}

// uploaderFirst reads "DJ: Name of the Mix" as players show a mix under
// its uploader's name ("Carlo Alberto: Electro mix vol. 1", "RONS:
// Podcast #60 - Dirty Dutch Time"): a name alone before the colon, no
// name right after it and no other colon credit the DJ before the colon.
func uploaderFirst(segs []segment, pieces [][]piece) {
	if len(segs) < 2 || !segs[1].afterColon || len(pieces[0]) != 1 || len(pieces[1]) == 0 {
		return
	}
	for i := range segs[2:] {
		if segs[2+i].afterColon {
			return // "SOUNDWAVE : 43 : STEVE SWARTZ"
		}
	}
	if len(segs) == 3 && !segs[2].afterColon && len(pieces[1]) == 1 && pieces[1][0].role == roleDJ &&
		pieces[0][0].role == roleDJ && pieces[0][0].score > 0 && tributeMix(segs[2].text) {
		// "Frankie 3000: Ariana Grande - The Dance Megamix", "Frankie
		// 3000: Pet Shop Boys - The Fan remix": the uploader's mix of an
		// artist's records; the artist is its subject.
		pieces[1][0].role, pieces[1][0].score = roleOther, 0
		pieces[0][0].score = max(pieces[0][0].score, credit)
		return
	}
	if p := &pieces[1][0]; len(pieces[1]) == 1 && p.role == roleDJ && p.score < credit && ordinaryWords(p.text) && !isKnownName(p.text) &&
		pieces[0][0].role == roleDJ && pieces[0][0].score > 0 {
		// "Scotty Fox: Occupational Therapy", "Frankie 3000: Dance
		// Vibes 2019": the mix's name in ordinary words.
		p.role, p.score = roleOther, 0
	}
	if slices.ContainsFunc(pieces[1], func(p piece) bool { return p.role == roleDJ }) {
		return // "Playhaus: 001 Guliver"
	}
	for _, ps := range pieces[2:] {
		if slices.ContainsFunc(ps, func(p piece) bool { return p.role == roleDJ && namesKnownArtist(p.text) }) {
			return // "Renaissance: The Masters Series Part 9 - Hernan Cattaneo": who plays comes last
		}
	}
	if p := &pieces[0][0]; isPartOnly(segs[1].text) {
		if p.role == roleDJ && p.score < credit {
			p.role, p.score = roleShow, 0 // "Cassette: Episode 4": a show and its episode
		}
		return
	}
	if p := &pieces[0][0]; p.role == roleDJ && p.score > 0 {
		if strings.Contains(p.text, " ") && plainWords(p.text) && !isKnownName(p.text) && !isPersonName(p.text) && p.score < credit {
			// "Sonic Sunset: Final live FM broadcast", "Worldwide
			// Rotations: July": words of the language before the colon
			// name a series, not its uploader (one word may be a DJ's
			// alias: "Scrounger: DJ-Mitschnitt aus dem KaterBlau").
			p.role, p.score = roleShow, 0
			return
		}
		p.score = max(p.score, credit)
	}
}

// mixNameAfterShow reads the part after a show's part, in ordinary
// words that no list knows as a name, as the episode's own name:
// "Mixtape #3: Hip-Hop Favorites", "Mix 025 – Summer Official", "Mix
// Week: Monday". Podcasts and radio archives put the guest there too
// ("Podcast 300: Maya Jane Coles"), but a guest's name is rarely made of
// dictionary words alone, and when it is the reference list mostly knows
// it ("Floating Points").
func mixNameAfterShow(segs []segment, pieces [][]piece) {
	for i := 1; i < len(segs); i++ {
		// After "Mixtape:" the colon rule below decides; a number alone
		// ("2 - The Twelves") is a position, not a show.
		// A genre names the mix's music as a show's name would: "Drum &
		// Bass - Two Worlds Collide".
		if len(pieces[i-1]) != 1 || pieces[i-1][0].role != roleShow && !isGenre(segs[i-1].text) || len(pieces[i]) != 1 ||
			mixLabel(segs[i-1].text) || !strings.ContainsFunc(segs[i-1].text, unicode.IsLetter) {
			continue
		}
		p := &pieces[i][0]
		if p.role == roleDJ && p.score < credit && p.text == segs[i].text && ordinaryWords(p.text) && !isKnownName(p.text) {
			p.role, p.score = roleOther, 0
		}
	}
}

// hostsEpisode reads "Jamie Jones Paradise Radio 003" as a name the
// list knows, then the episode of a radio show or podcast: the host's
// show, which the host plays. Without an episode the name may be the
// subject of a mix ("Michael Jackson mixtape").
func hostsEpisode(words []string) ([]piece, bool) {
	for k := min(4, len(words)-2); k >= 2; k-- {
		name := strings.Join(words[:k], " ")
		if !knownArtist(name) || strings.EqualFold(words[0], "the") {
			continue // "The Heavy Bubble Show 017": a show's name, its article first
		}
		rest := words[k:]
		episode := slices.ContainsFunc(rest, isEpisodeCode)
		radio := slices.ContainsFunc(rest, func(w string) bool {
			switch strings.ToLower(w) {
			case "radio", "podcast", "show", "radioshow", "sessions", "session":
				return true
			}
			return false
		})
		if episode && radio && !knownShow(strings.Join(rest, " ")) {
			return []piece{{name, roleDJ, credit}, {strings.Join(words, " "), roleShow, 0}}, true
		}
		return nil, false
	}
	return nil, false
}

// germanCredit reads the credits of German blogs' headlines: "Philipp
// Fein und Max Schmitt mixen für Bespoke Musik", "Piemont mixen den
// ersten Podcast von Moonless Air" (who mixes, before the verb), "Ein
// neuer Mix vom Münchner 959er" (a mix "of the Munich" DJ: the name
// after the city's adjective).
func germanCredit(seg string) ([]piece, bool) {
	for _, verb := range [...]string{"mixen", "mixt"} {
		if i, j, ok := findPhrase(seg, verb); ok && djScore(seg[:i]) > 0 {
			return []piece{{trimJunk(seg[:i]), roleDJ, credit}, {trimJunk(seg[j:]), roleOther, 0}}, true
		}
	}
	words := strings.Fields(seg)
	for k := 0; k+2 < len(words); k++ {
		w, next := strings.ToLower(words[k]), strings.ToLower(words[k+1])
		switch {
		case mixWord(w) && next == "von":
			// "der Mitschnitt von 959er vom Journey to Tarab Festival",
			// "WellDone!-Podcast von Matchy & Bott": a recording "of"
			// the DJ, up to where it was played.
			end := k + 2
			for end < len(words) && !germanPlaceWord(words[end]) {
				end++
			}
			if name := trimJunk(strings.Join(words[k+2:end], " ")); djScore(name) > 0 {
				return []piece{{name, roleDJ, credit}}, true
			}
		case k == 1 && w == "und" && (next == "sein" || next == "ihr") && mixWord(strings.ToLower(words[k+2])) && djScore(words[0]) > 0:
			// "Daensen und sein WUZA-Mitschnitt": a name "and his" set.
			return []piece{{trimJunk(words[0]), roleDJ, credit}}, true
		case k == 1 && w == "auf" && (next == "dem" || next == "der") && djScore(words[0]) > 0 && !plainWords(words[0]) &&
			(slices.ContainsFunc(words[k+2:], func(x string) bool { return strings.EqualFold(x, "floor") || strings.EqualFold(x, "bühne") })):
			// "Mattmosphere auf dem Seepferdchen Floor des Garbicz
			// Festivals": a name "on the" floor of a festival plays.
			return []piece{{trimJunk(words[0]), roleDJ, credit}}, true
		}
	}
	i, j, ok := findPhrase(seg, "vom")
	if !ok {
		return nil, false
	}
	before, after := strings.Fields(seg[:i]), strings.Fields(seg[j:])
	if len(before) == 0 || len(after) < 2 {
		return nil, false
	}
	mix := strings.ToLower(before[len(before)-1])
	city := after[0]
	if !strings.HasPrefix(mix, "mix") && !strings.HasPrefix(mix, "mitschnitt") || !startsUpper(city) || !strings.HasSuffix(city, "er") {
		return nil, false
	}
	name := trimJunk(after[1])
	if djScore(name) == 0 {
		return nil, false
	}
	return []piece{{strings.Join(before, " "), roleOther, 0}, {name, roleDJ, credit}}, true
}

// trimEventTail drops what an event's name ends in that belongs to the
// sentence around it: "Episode 9 with a guest mix (from X)", a
// preposition whose date was read ("Radio Lost and Found for
// (02/26/15)"), and the page's word "playlist": "World Cafe Playlist
// for" is the show World Cafe's playlist, "Playlist" alone no show's.
func trimEventTail(e string) string {
	for _, suf := range [...]string{" with a guest mix", " with guest mix", " with a mix"} {
		if s, ok := cutSuffixFold(e, suf); ok {
			e = s
		}
	}
	for {
		k := strings.LastIndexByte(e, ' ')
		switch strings.ToLower(e[k+1:]) {
		case "for", "from", "of", "on", "at", "with", "by", "playlist":
			e = strings.TrimRight(e[:max(k, 0)], " ")
		default:
			if isMonthName(e) {
				return "" // "june playlist": when, not which show
			}
			return e
		}
	}
}

// episodeOnly: a part of a title, after the show's, that is only an
// episode's number, with or without its word: "#07", "Episode 53",
// "Edition 1", "Mix #4", "s07-e05". Not a part of a set ("Part 2", "Hour
// 1"): the episode is what the event numbers; nor a day ("7/16"), nor the
// end of a range ("Revival 70 – 80").
func episodeOnly(show, s string) bool {
	w := strings.Fields(s)
	switch len(w) {
	case 1:
		if strings.IndexByte(w[0], '/') >= 0 || allDigits(w[0]) && show != "" && isDigit(show[len(show)-1]) {
			return false
		}
		return isEpisodeCode(w[0]) && !isPartMarker(w[0])
	case 2:
		switch strings.ToLower(strings.TrimSuffix(w[0], ".")) {
		case "episode", "ep", "edition", "mix", "vol", "volume", "chapter", "no", "show", "podcast", "programa", "program":
			n := strings.TrimLeft(w[1], "#")
			return isEpisodeCode(w[1]) || n != "" && allDigits(strings.ReplaceAll(n, ".", ""))
		}
	}
	return false
}

// spanOf returns s from where first begins to where last, after it, ends;
// first alone when either is not found.
func spanOf(s, first, last string) string {
	i := strings.Index(s, first)
	if i < 0 {
		return first
	}
	j := strings.Index(s[i+len(first):], last)
	if j < 0 {
		return first
	}
	return s[i : i+len(first)+j+len(last)]
}

// wordsListed: names that are each one ordinary word, none known as a
// name, are a phrase listing things ("Hot, Sick and Tired", "Wants and
// Needs", "People, Hell & Angels"), not DJs: DJs of one word seldom
// come in pairs of dictionary words, and the reference list knows the
// acts that do ("Chase & Status").
func wordsListed(names []string) bool {
	if len(names) < 2 {
		return false
	}
	for _, n := range names {
		if strings.ContainsRune(n, ' ') || !plainWords(n) || isKnownName(n) {
			return false
		}
	}
	return true
}

// placeFirst reads "Printworks London - Keinemusik", "Always Chicago -
// October 2020" as a club, a party or a series in its city: a name that
// ends in a city's, which no list knows, is where or what, not who;
// unless it is a person's, a given name and the city as a surname
// ("Craig London - Retro Junkie (Promo)").
func placeFirst(segs []segment, pieces [][]piece) {
	for i, ps := range pieces {
		if len(ps) != 1 {
			continue
		}
		p := &pieces[i][0]
		words := strings.Fields(p.text)
		if len(words) >= 2 && p.role == roleDJ && p.score < credit && p.text == segs[i].text && isPlace(words[len(words)-1]) && !isKnownName(p.text) &&
			!isPersonName(p.text) {
			p.role, p.score = roleOther, 0 // a venue as often as an event: neither said
		}
	}
}

// seriesVolume reads "Motion - Volume 9", "Deepness - Volume 5" as a
// series and its volume: ordinary words that no list knows as a name,
// then only a volume's or an episode's number, name no one.
func seriesVolume(segs []segment, pieces [][]piece) {
	if len(segs) != 2 || len(pieces[0]) != 1 || !isPartOnly(segs[1].text) {
		return
	}
	if p := &pieces[0][0]; p.role == roleDJ && p.score < credit && p.text == segs[0].text && plainWords(p.text) && !isKnownName(p.text) {
		p.role, p.score = roleShow, 0
	}
}

// ordinaryWords: s is two or more English words ("Summer Official",
// "Hip-Hop Favorites", "Rinse Out!") or a day's or month's name, as the
// names of mixes are and people's names rarely.
func ordinaryWords(s string) bool {
	words := strings.Fields(s)
	if len(words) == 1 {
		w := strings.Trim(words[0], ".,:;!?")
		return isWeekday(w) || isMonthName(w)
	}
	for _, w := range words {
		for _, part := range strings.Split(strings.Trim(w, ".,:;!?\"'“”‘’()"), "-") {
			if part == "" || !plainWords(part) {
				return false
			}
		}
	}
	return true
}

// tributeMix: s names a mix made of one artist's records: "The ... Mix"
// ("The Fan Mix", "The summer remix", "The Dance Megamix"), a megamix or
// medley ("Megamix 2019", cut of its year), "Best of ...", or a few words
// ending in "mix" ("Back To The Past Redrum mix").
func tributeMix(s string) bool {
	w := strings.Fields(s)
	if len(w) == 0 || len(w) > 6 {
		return false
	}
	switch strings.ToLower(w[0]) {
	case "megamix", "medley", "mashup":
		return true
	case "best":
		return len(w) > 1 && strings.EqualFold(w[1], "of")
	}
	switch strings.ToLower(w[len(w)-1]) {
	case "mix", "remix", "megamix", "medley", "mashup":
		return len(w) > 1
	}
	return false
}

// isPartOnly: s is an episode, part or volume and its number, nothing
// else ("Episode 4", "Part 2", "Vol. 3", "#5").
func isPartOnly(s string) bool {
	w := strings.Fields(s)
	if len(w) == 1 {
		return isEpisodeCode(w[0]) // "#5", "017", "Vol.3"
	}
	if len(w) != 2 || !allDigits(strings.Trim(w[1], "#")) {
		return false
	}
	switch strings.ToLower(strings.TrimSuffix(w[0], ".")) {
	case "episode", "ep", "part", "pt", "vol", "volume", "chapter", "no":
		return true
	}
	return false
}

// splitSlashes cuts a part at " / " when one of the pieces names no one
// ("Mix / Joakim / Dancing Is A Visible Action Of Life", "358 / Leo Mas /
// Ibiza"): the slashes separate parts of the title, not DJs ("Dixon / Âme").
func splitSlashes(segs []segment) []segment {
	var out []segment
	for _, seg := range segs {
		// "LNS & Marie Montexier/Pistache FM October": a slash without
		// spaces before a show's words (not "AC/DC", "w/").
		if i := strings.LastIndexByte(seg.text, '/'); i > 0 && i+1 < len(seg.text) && seg.text[i-1] != ' ' && seg.text[i+1] != ' ' &&
			seg.text[i-1] != '/' && seg.text[i+1] != '/' && !strings.ContainsAny(seg.text, "([@") {
			left, right := seg.text[:i], seg.text[i+1:]
			if strings.Contains(left, " ") && !hasSuffixFoldASCII(left, "w") && isShowText(right) && !isShowText(left) && djScore(left) > 0 {
				out = append(out, segment{left, seg.afterColon}, segment{right, false})
				continue
			}
		}
		parts := strings.Split(seg.text, " / ")
		if len(parts) == 1 || strings.ContainsAny(seg.text, "([@") ||
			!slices.ContainsFunc(parts, func(p string) bool { return djScore(p) == 0 }) {
			out = append(out, seg)
			continue
		}
		for i, p := range parts {
			if p = trimJunk(p); p != "" {
				out = append(out, segment{p, seg.afterColon && i == 0})
			}
		}
	}
	return out
}

// rolesOfNoted reads a part whose show's words are only in a note in
// brackets as the names outside it, when the reference list knows them:
// "Steffi (dolly 15YRS mix)", "Solomun & Âme & Dixon (Dj Music Room)".
func rolesOfNoted(seg string) []piece {
	p := rolesOf(seg)
	if len(p) != 1 || p[0].role != roleShow || !strings.ContainsAny(seg, "([") {
		return p
	}
	name := stripAnnotations(seg)
	if q := rolesOf(name); len(q) == 1 && q[0].role == roleDJ {
		if isKnownName(name) || namesKnownArtist(name) || allKnownWords(name) {
			return []piece{{name, roleDJ, max(q[0].score, credit)}}
		}
		// "Jakt (Canada, Reticent Recordings)": where the DJ comes
		// from, the label the DJ releases on.
		if labelNote(seg) {
			return []piece{{name, roleDJ, q[0].score}}
		}
	}
	return p
}

// allKnownWords: s joins two names or more, each a name of one word the
// list knows ("Solomun & Âme & Dixon"): one such word alone says little,
// several joined say they are acts.
func allKnownWords(s string) bool {
	names := splitNames(s, splitTitle).names
	return len(names) > 1 && !slices.ContainsFunc(names, func(n string) bool { return !isKnownName(n) })
}

// labelNote: the brackets of s name a record label ("(Canada, Reticent
// Recordings)").
func labelNote(s string) bool {
	_, content, ok := trailingGroup(s)
	if !ok {
		return false
	}
	for _, w := range strings.Fields(content) {
		switch strings.ToLower(strings.Trim(w, ",.;")) {
		case "records", "recordings", "label":
			return true
		}
	}
	return false
}

// performerOf reads what comes before a venue: who plays there, unless
// its words say otherwise. A name with an article ("Das
// Kraftfuttermischwerk @ Meeresrausch") is a name here.
func performerOf(before string) []piece {
	switch strings.ToLower(before) {
	case "live", "recorded", "mixed", "played", "filmed", "streamed":
		return nil // "Recorded at Hougthon", "Live at Mistletoe": no one
	}
	p := rolesOf(before)
	if len(p) == 1 && p[0].role != roleDJ {
		// "Hamza K Shah w/ Sedef Adasi Warm Up "Long Distance" @
		// Folklor": the set's quoted name after who played it.
		for _, q := range [...]string{" “", " „", " \""} {
			if i := strings.Index(before, q); i > 0 && isQuoted(trimSpace(before[i+1:])) {
				if r := rolesOf(before[:i]); len(r) > 0 && r[0].role == roleDJ {
					return r
				}
			}
		}
	}
	code := !strings.Contains(before, " ") && isEpisodeCode(before)
	if len(p) == 1 && p[0].role != roleDJ && (code || strings.ContainsAny(before, "([")) {
		// "UFO95 LIVE @ DOMMUNE"; "Delhi Sultanate (BFR Sound System) @
		// Boiler Room": what brackets say is not the name.
		if q := rolesOf(stripAnnotations(before)); code || len(q) == 1 && q[0].role == roleDJ {
			return []piece{{before, roleDJ, 1}}
		}
	}
	if len(p) == 1 && p[0].role == roleOther && startsUpper(before) && len(strings.Fields(before)) <= 3 &&
		!isGenre(before) && !isQuoted(before) {
		p[0].role, p[0].score = roleDJ, 1
	}
	return p
}

// shows.txt is the reference list of shows, stations and labels.
//
//go:embed shows.txt
var showsFile string

// knownShows holds the ArtistKey of every name of shows.txt;
// showFirstWords their first words, to turn most parts away cheaply.
var knownShows, showFirstWords = func() (map[string]bool, map[string]bool) {
	keys, firsts := map[string]bool{}, map[string]bool{}
	for _, line := range strings.Split(showsFile, "\n") {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			keys[ArtistKey(line)] = true
			firsts[firstWordKey(line)] = true
		}
	}
	return keys, firsts
}()

// firstWordKey is the first run of letters and digits of s, in lower
// case: "dj" for "DJ-Kicks".
func firstWordKey(s string) string {
	i := strings.IndexFunc(s, isAlnum)
	if i < 0 {
		return ""
	}
	j := strings.IndexFunc(s[i:], func(r rune) bool { return !isAlnum(r) })
	if j < 0 {
		j = len(s) - i
	}
	return strings.ToLower(s[i : i+j])
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// knownShow: s is a show, station or label of shows.txt, with or without
// its episode ("Dig That Treasure", "Breezeblock", "Monstercat 190").
func knownShow(s string) bool {
	if !showFirstWords[firstWordKey(s)] {
		return false
	}
	words := strings.Fields(s)
	for len(words) > 1 && isEpisodeCode(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	return len(words) > 0 && knownShows[ArtistKey(strings.Join(words, " "))]
}

// isCreditWord: a word that says who plays what, read by its own rule
// ("Bassiani invites Victor", "ClubLife By Tiësto").
func isCreditWord(w string) bool {
	switch strings.ToLower(w) {
	case "presents", "present", "pres.", "pres", "invites", "invite", "with", "w/", "by", "feat.", "ft.", "for", "on":
		return true
	}
	return false
}

// maxShowWords bounds the words of a title's part searched for a known
// show: "DJ Name in The Lab London 2018" has eight.
const maxShowWords = 12

// beforeShow reads "Name [in|on|at] Known Show ..." ("Midland Essential
// Mix", "Dusky in The Lab London"): who plays, then the show.
func beforeShow(seg string) ([]piece, bool) {
	words := strings.Fields(seg)
	if len(words) > maxShowWords {
		return nil, false // a sentence, not a show's name; and linear time
	}
	for k := 1; k < len(words); k++ {
		if showPrefix(words[k:]) == 0 && !knownShow(strings.Join(words[k:], " ")) {
			continue
		}
		n := words[:k]
		if len(n) > 1 {
			switch strings.ToLower(n[len(n)-1]) {
			case "in", "on", "at", "live":
				n = n[:len(n)-1]
			}
		}
		name := strings.Join(n, " ")
		if djScore(name) == 0 || isJoiner(n[len(n)-1]) || isLittleWord(name) || strings.ContainsAny(name, ",([") {
			return nil, false // "WeTransfer x Worldwide FM", "Day / Night, Boiler Room"
		}
		return []piece{{name, roleDJ, djScore(name) + 1}, {strings.Join(words[k:], " "), roleShow, 0}}, true
	}
	return nil, false
}

// showPrefix is the number of words at the start of words that name a
// known show ("EOS Radio Franziska Berns": 2), 0 when none do.
func showPrefix(words []string) int {
	for k := min(len(words)-1, 4); k > 0; k-- {
		if knownShow(strings.Join(words[:k], " ")) {
			return k
		}
	}
	return 0
}

// djBefore: some part names a DJ ("Bashkka | Boiler Room: Amsterdam":
// who plays comes first, a known show's edition after the colon).
func djBefore(pieces [][]piece) bool {
	for _, ps := range pieces {
		if slices.ContainsFunc(ps, func(p piece) bool { return p.role == roleDJ && p.score > 0 }) {
			return true
		}
	}
	return false
}

// creditedElsewhere: a part of the title other than a and b names a DJ
// outright.
func creditedElsewhere(pieces [][]piece, a, b int) bool {
	for i, ps := range pieces {
		if i == a || i == b {
			continue
		}
		for _, p := range ps {
			if p.role == roleDJ && (p.score >= credit || djScore(p.text) >= 3 || knownArtist(p.text) || knownWord(p.text)) {
				return true
			}
		}
	}
	return false
}

// credit is the score of a DJ a title names outright.
const credit = 4

// segment is a part of a title between separators.
type segment struct {
	text       string
	afterColon bool // it follows ": "
}

// splitSegments cuts a title at its top-level separators.
func splitSegments(s string) []segment {
	var out []segment
	start, colon := 0, false
	cut := func(i, j int, nextColon bool) {
		if seg := trimJunk(strings.Trim(s[start:i], "•|/ ")); seg != "" {
			out = append(out, segment{seg, colon})
		}
		start, colon = j, nextColon
	}
	var d outside
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !d.at(c) {
			continue
		}
		switch {
		case c == ' ' && i+1 < len(s):
			if j := dashRunAt(s, i+1); j > 0 && j < len(s) && s[j] == ' ' {
				cut(i, j+1, false)
				i = j
				continue
			}
			for _, sep := range [...]string{" | ", " || ", " // ", " • ", " : ", " I ", " ~ "} {
				if strings.HasPrefix(s[i:], sep) {
					cut(i, i+len(sep), sep == " : ")
					i += len(sep) - 1
					break
				}
			}
		case c == ':' && i+1 < len(s) && s[i+1] == ' ' && i > 0 && s[i-1] != ' ' && !atBefore(s[start:i]):
			// After "@" a colon is the venue's ("@ Boiler Room Osaka:
			// FULLHOUSE, Circus Osaka"): it names no DJ.
			cut(i, i+2, true)
			i++
		}
	}
	cut(len(s), len(s), false)
	return out
}

// atBefore: s has a venue's " @ ".
func atBefore(s string) bool { return strings.Contains(s, " @ ") }

// cutVenue finds "... @ Venue", "...@Venue", "... live at Venue", "...
// live from Venue", "... at Venue" and returns what comes before, the
// venue, and an event in brackets after the venue.
func cutVenue(seg string) (before, venue, event string, ok bool) {
	if i := strings.IndexByte(seg, '@'); i >= 0 && (i+1 == len(seg) || seg[i+1] == ' ' || i == 0 || seg[i-1] == ' ' ||
		hasSuffixFoldASCII(seg[:i], "live") || startsUpper(seg[i+1:])) { // "Binh@Rex Club"
		before = trimSpace(seg[:i])
		if hasSuffixFoldASCII(before, "live") {
			before = before[:len(before)-4]
		}
		venue, event = splitVenue(seg[i+1:])
		if k := strings.Index(venue, " @"); k > 0 && event == "" {
			// "JSomerstone @ Open Decks @ Haave", "live@3000Grad
			// Festival @Utopia": the party or festival, at its place.
			venue, event = venue[k+2:], venue[:k]
		}
		if strings.Contains(event, ", ") && !strings.Contains(venue, ",") {
			// 1001Tracklists' "@ Drumcode Radio 839 (Resistance, Amnesia
			// Ibiza, Spain 2026-07-29)": a show recorded at the place in
			// brackets (LABELLING.md).
			venue, event = cutTrailingDate(event), venue
		}
		return trimJunk(before), trimJunk(venue), trimJunk(event), true
	}
	// "Show #277 (Live from Bangalore, India)", "Club Life 017 (Live at
	// Expo Center, Kiev, Ukraine)": where the episode was recorded.
	if strings.Contains(seg, "(") {
		if open, content, ok := trailingGroup(seg); ok && open > 0 && seg[open] == '(' {
			for _, w := range [...]string{"live from ", "live at ", "live @ ", "recorded live at ", "recorded at "} {
				if place, ok := cutPrefixFold(trimSpace(content), w); ok && startsUpper(place) {
					return trimJunk(seg[:open]), trimJunk(place), "", true
				}
			}
		}
	}
	// A part of its own: "Sara Rossi | Live from Robert Johnson".
	for _, w := range [...]string{"live at ", "live from ", "recorded live at ", "recorded at "} {
		if place, ok := cutPrefixFold(seg, w); ok && startsUpper(place) && !strings.Contains(place, " w/ ") && !strings.Contains(place, " with ") {
			return "", trimJunk(place), "", true
		}
	}
	// German "im", "in der", French "au" likewise: "Timboletti im Chapeau
	// Club", "Laurent Garnier au Rex Club".
	for _, w := range [...]string{"live at", "live from", "at the", "at", "im", "in der", "au"} {
		// "Grooving At A High-Gloss Pool Party": an article after "at"
		// describes a place, which no venue's name starts with.
		if i, j, found := findPhrase(seg, w); found && j < len(seg) && startsUpper(seg[j:]) && !hasPrefixFoldASCII(seg[j:], "a ") && !hasPrefixFoldASCII(seg[j:], "an ") {
			return trimJunk(seg[:i]), trimJunk(strings.TrimSuffix(seg[j:], ")")), "", true
		}
	}
	return seg, "", "", false
}

// findPhrase finds a whole lowercase phrase (ASCII, case-insensitive)
// outside brackets, not at the start.
func findPhrase(s, phrase string) (i, j int, ok bool) {
	for p := 1; p+len(phrase)+1 < len(s); p++ {
		if s[p-1] == ' ' && equalFoldASCII(s[p:p+len(phrase)], phrase) && s[p+len(phrase)] == ' ' {
			return p - 1, p + len(phrase) + 1, true
		}
	}
	return 0, 0, false
}

func hasSuffixFoldASCII(s, lowerSuffix string) bool {
	s = trimSpace(s)
	return len(s) >= len(lowerSuffix) && equalFoldASCII(s[len(s)-len(lowerSuffix):], lowerSuffix) &&
		(len(s) == len(lowerSuffix) || s[len(s)-len(lowerSuffix)-1] == ' ')
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return false
}

type role uint8

const (
	roleOther role = iota // a mix's own name, a note
	roleDJ
	roleShow
)

type piece struct {
	text  string
	role  role
	score int // for DJs: how sure
}

// rolesOf splits one segment into its pieces: a DJ credit, a show.
func rolesOf(seg string) []piece {
	seg = trimJunk(seg)
	if seg == "" {
		return nil
	}
	if open, _, ok := trailingGroup(seg); ok && open == 0 {
		return []piece{{seg, roleOther, 0}} // "(Part 3)", "[HARDSTYLE, ...]"
	}
	if isGenre(seg) || isQuoted(seg) || isPlace(seg) {
		return []piece{{seg, roleOther, 0}} // "Drum & Bass"; “STOCKHOLM”, the mix's name; "NYC"
	}
	// "Diplo & Friends", "Black Crows & Friends #1": a host's series; a
	// name only when the title names no one else.
	if w := strings.Fields(seg); len(w) > 2 && strings.EqualFold(w[len(w)-1], "friends") && isJoiner(w[len(w)-2]) {
		return []piece{{seg, roleDJ, 1}}
	}
	// "SPECIAL GUEST DJ DANNY BOY FROM THE SCENE KINGS!!!": the guest,
	// up to the crew or town they come "from".
	if hasPrefixFoldASCII(seg, "special guest ") {
		name := trimJunk(seg[len("special guest "):])
		if i, _, ok := findPhrase(name, "from"); ok {
			name = trimJunk(name[:i])
		}
		if djScore(name) > 0 {
			return []piece{{name, roleDJ, credit}}
		}
	}
	// "ARMA PODCAST 061: Radio Slave": an artist the reference list
	// knows, though "Radio" names shows.
	if name := stripAnnotations(seg); knownArtist(name) {
		return []piece{{seg, roleDJ, credit}}
	}
	// "Andrew Weatherall Tribute (Mixed by Joy Orbison)", "Fabric 50
	// (Mixed by X)": who mixed it, in brackets after the mix's name.
	if strings.IndexByte(seg, '(') > 0 {
		if open, content, ok := trailingGroup(seg); ok && open > 0 && seg[open] == '(' {
			lc := strings.ToLower(content)
			if k := strings.Index(lc, "mixed by "); k >= 0 && (k == 0 || lc[k-1] == ' ') {
				if name := trimJunk(content[k+len("mixed by "):]); djScore(name) > 0 {
					out := showOrOther(seg[:open])
					return append(out, piece{name, roleDJ, 5})
				}
			}
		}
	}
	// "Zeds Dead Live": a name the list knows, and how it played.
	if name, ok := cutSuffixFold(seg, " live"); ok && knownArtist(trimJunk(name)) {
		return []piece{{seg, roleDJ, credit}}
	}
	// "Breezeblock", "EOS Radio Franziska Berns": a show the reference
	// list knows, and who plays it.
	if knownShow(stripAnnotations(seg)) {
		// "Anjunadeep Edition 292 (with Ben Böhmer)": its guest.
		if open, _, ok := trailingGroup(seg); ok && open > 0 {
			if name, ok := guestOf(seg[open:]); ok {
				return []piece{{trimJunk(seg[:open]), roleShow, 0}, {name, roleDJ, credit}}
			}
		}
		return []piece{{seg, roleShow, 0}}
	}
	if w := strings.Fields(seg); showPrefix(w) > 0 && !isCreditWord(w[showPrefix(w)]) {
		k := showPrefix(w)
		rest := strings.Join(w[k:], " ")
		if len(w) == k+1 && !knownWord(rest) {
			return []piece{{seg, roleShow, 0}} // "Dekmantel Ten": the show's own name
		}
		if djScore(rest) > 0 {
			return []piece{{strings.Join(w[:k], " "), roleShow, 0}, {rest, roleDJ, djScore(rest) + 1}}
		}
	}

	// "Netsky & Lane 8", "Steve Angello & AN21": known artists, though
	// their names look like a show's episode.
	if strings.Contains(seg, " & ") {
		if names := splitNames(seg, splitTitle).names; len(names) > 1 && !slices.ContainsFunc(names, func(n string) bool { return !isKnownName(n) }) {
			return []piece{{seg, roleDJ, credit}}
		}
	}
	// "Shonen Bat, la club music du futur": a name, then what the mix
	// is, in words.
	if name, desc, ok := strings.Cut(seg, ", "); ok && !startsUpper(desc) && len(strings.Fields(desc)) >= 3 && djScore(name) > 0 {
		return []piece{{name, roleDJ, djScore(name)}, {desc, roleOther, 0}}
	}
	// "Special Guest DJ Carmine Pesce": the guest plays.
	if rest, ok := cutPrefixFold(seg, "special guest "); ok && djScore(rest) > 0 {
		return []piece{{trimJunk(rest), roleDJ, credit}}
	}
	// "Skratch Bastid & Cosmo Baker “Songs we listened to a lot”",
	// "Victor Calderone 'Evolve'": the DJ, then the mix's name in quotes.
	if name, ok := beforeQuote(seg); ok {
		return []piece{{name, roleDJ, djScore(name) + 1}}
	}
	// "Marcolino invited By Franziska Berns": the guest plays, the host
	// invited.
	if i, _, ok := findPhrase(seg, "invited by"); ok && djScore(seg[:i]) > 0 {
		return []piece{{trimJunk(seg[:i]), roleDJ, credit}}
	}
	// "By Ruede Hagelstein": the DJ.
	if rest, ok := cutPrefixFold(seg, "by "); ok && djScore(rest) > 0 {
		return []piece{{trimJunk(rest), roleDJ, credit}}
	}
	// "MJ DJing a Live Web Cast": who DJs.
	if i, _, ok := findPhrase(seg, "djing"); ok && djScore(seg[:i]) > 0 {
		return []piece{{trimJunk(seg[:i]), roleDJ, credit}}
	}
	// "Surgeon x Erika closing Return to the Source": who, the part of
	// the night they played, and the event (as in a MixesDB credit).
	for _, w := range [...]string{"closing", "opening"} {
		// Written in lower case, as a verb: not "The Closing Party".
		if i, j, ok := findPhrase(seg, w); ok && seg[i+1:j-1] == w && djScore(seg[:i]) > 0 && !isShowText(seg[:i]) && !isLittleWord(trimJunk(seg[:i])) {
			return []piece{{trimJunk(seg[:i]), roleDJ, djScore(seg[:i]) + 1}, {trimJunk(seg[j:]), roleShow, 0}}
		}
	}
	// "X Guest Mix for Y", "X guest mix on Y": the guest, then the show.
	if i, j, ok := findPhrase(seg, "guest mix"); ok && djScore(seg[:i]) > 0 {
		for _, w := range [...]string{"for ", "on "} {
			if r, ok := cutPrefixFold(seg[j:], w); ok && startsUpper(r) {
				return []piece{{trimJunk(seg[:i]), roleDJ, credit}, {trimJunk(r), roleShow, 0}}
			}
		}
	}
	// "Mike Starr DJ Set Gegen Berlin": the DJ, then where.
	if i, _, ok := findPhrase(seg, "dj set"); ok && djScore(seg[:i]) > 0 {
		return []piece{{trimJunk(seg[:i]), roleDJ, credit}}
	}
	// "Anton & Hogi Wirjono All Night Long DJ Set": how they played.
	for _, suf := range [...]string{" all night long dj set", " all night long", " dj set", " live set", " warm up session", " warm up",
		" guest mix"} {
		if len(seg) > len(suf) && equalFoldASCII(seg[len(seg)-len(suf):], suf) {
			name := trimJunk(seg[:len(seg)-len(suf)])
			words := strings.Fields(name)
			// "Mijk van Dijk Classic DJ Set": what kind of set is no
			// part of the name.
			for len(words) > 1 && setKind(words[len(words)-1]) {
				words = words[:len(words)-1]
				name = strings.Join(words, " ")
			}
			if showPrefix(words) > 0 {
				break // "KCRW Metropolis Guest Mix": the show's guest mix
			}
			// "Cormac Boiler Room Berlin DJ Set": who, then the show.
			for k := 1; k < len(words); k++ {
				if showPrefix(words[k:]) > 0 {
					name = strings.Join(words[:k], " ")
					return []piece{{name, roleDJ, djScore(name) + 2}, {strings.Join(words[k:], " "), roleShow, 0}}
				}
			}
			return []piece{{name, roleDJ, djScore(name) + 2}}
		}
	}
	// "Massi In The Mix For HHV", "DJ Haus In The House"; but "MOLTO IN
	// THE MIX" may be a show.
	for _, ph := range [...]string{"in the mix", "in the house"} {
		i, _, ok := findPhrase(seg, ph)
		if !ok && hasSuffixFoldASCII(seg, ph) {
			i, ok = len(trimSpace(seg))-len(ph), true // at the end: "Dom & Roland in the mix"
		}
		if ok && djScore(seg[:i]) > 0 {
			if p, ok := presentsGuest(trimJunk(seg[:i])); ok {
				return p
			}
			host := piece{trimJunk(seg[:i]), roleDJ, djScore(seg[:i]) + 1}
			if guest := backToBackWith(seg[i:]); guest != "" {
				// "D.O.N.S. In The Mix #185 Back2Back w/ DJ Alim": the
				// host and the guest mix together.
				host.score = credit
				return []piece{host, {guest, roleDJ, credit}}
			}
			return []piece{host}
		}
	}
	words := strings.Fields(seg)
	// "Mixed by X", "MJ Mixtape By Rhymefest", "mix by RADIO SLAVE":
	// whoever "by" names is the DJ.
	for _, by := range [...]string{"mixed by", "compiled by", "selected by", "curated by"} {
		if i, j, ok := findPhrase(seg, by); ok || hasPrefixFoldASCII(seg, by+" ") {
			if !ok {
				i, j = 0, len(by)+1
			}
			return append(showOrOther(seg[:i]), piece{trimJunk(seg[j:]), roleDJ, 5})
		}
	}
	if p, ok := germanCredit(seg); ok {
		return p
	}
	// "WellDone!-Podcast von Matchy & Bott": "von", German for "by"
	// (Spanish "por", French "par"); "The Funky House Mix from Rob
	// Tarren".
	for _, by := range [...]string{"by", "von", "por", "par", "from"} {
		if i, j, ok := findPhrase(seg, by); ok && isShowText(seg[:i]) && !isPlace(strings.TrimRight(trimJunk(seg[j:]), ".")) &&
			!knownShow(trimJunk(seg[j:])) && // "set from Dekmantel": where, not who
			(by != "from" || hasSuffixFoldASCII(seg[:i], "mix") || hasSuffixFoldASCII(seg[:i], "set")) {
			return append(showOrOther(seg[:i]), piece{trimJunk(seg[j:]), roleDJ, 5})
		}
	}
	// "Happy Weekend by Früh & Mautz": "by" names DJs who are plainly
	// names (joined, or known), and the words before are no name.
	// "Moon Gazing x LoveSexDreams by Massimiliano Pagliara": by an
	// artist the list knows.
	if i, j, ok := findPhrase(seg, "by"); ok && (djScore(seg[j:]) >= 4 && djScore(seg[:i]) < djScore(seg[j:]) ||
		namesKnownArtist(stripAnnotations(seg[j:])) && !namesKnownArtist(seg[:i])) {
		return append(showOrOther(seg[:i]), piece{trimJunk(seg[j:]), roleDJ, credit})
	}
	// "Anjunadeep Edition 292 with Ben Böhmer", "TWIST w/ Chloe Gibbs",
	// "Rhythm Section w/ Gallegos": a show and its guest. The show is
	// named first, as radio stations write it; its host is a DJ only when
	// the title says so ("Moxie on NTS w/ Sedef Adasi"). German "mit",
	// Spanish and Italian "con" likewise.
	for _, w := range [...]string{"with", "w/", "featuring", "feat.", "ft.", "mit", "con"} {
		if i, j, ok := findPhrase(seg, w); ok {
			left, right := trimJunk(seg[:i]), trimJunk(cutSpecialGuest(seg[j:]))
			if r, ok := cutSuffixFold(right, " guest mix"); ok {
				right = trimJunk(r) // "... Episode with Sander Van Doorn Guest Mix"
			}
			// What brackets add is a note: "with RADIO SLAVE (Special
			// Rekids Radio Show)".
			if r := stripAnnotations(right); isShowText(r) && !knownArtist(r) && !guestList(r) || isLittleWord(right) || isPronoun(right) ||
				hasPrefixFoldASCII(right, "a ") || hasPrefixFoldASCII(right, "an ") || // "Chat with a DJ"
				// "Breaking with Tradition", "Dancing with Myself":
				// words of the language on both sides make a phrase.
				plainWords(left) && plainWords(right) && !isKnownName(left) && !isKnownName(right) && !knownDJ(right) && !isPersonName(right) {
				break // "From Paris With Hope Vol.14"; not "Club Room 339 with Radio Slave"
			}
			guest := piece{right, roleDJ, credit}
			if hasSuffixFoldASCII(left, "presents") {
				return []piece{{left, roleShow, 0}, guest} // "CoOp Presents with X"
			}
			// "Isaac Carter presents Ochi with Mike Starr": a host, the
			// show and its guest; not a station's show ("KEXP Presents
			// ... with X").
			for _, pw := range [...]string{"presents", "pres."} {
				if a, b, ok := findPhrase(left, pw); ok && djScore(left[:a]) > 0 && !isStation(left[:a]) {
					if knownArtist(trimJunk(left[b:])) && !knownArtist(trimJunk(left[:a])) {
						// "Kat Nip Presents Mike Starr w/ Kedi Bounce": a
						// series presents an artist the list knows.
						return []piece{{trimJunk(left[:a]), roleShow, 0}, {trimJunk(left[b:]), roleDJ, credit}, guest}
					}
					return []piece{{trimJunk(left[:a]), roleDJ, credit}, {trimJunk(left[b:]), roleShow, 0}, guest}
				}
			}
			// "Mixdown with Gary Jamze", "Cooking With Roi Perez": one
			// word the reference list does not know names the show.
			oneWord := (w == "with" || w == "w/") && !strings.Contains(left, " ") && !knownWord(left) && !isEpisodeCode(left)
			// "Fever AM with Mor Elian & Bashkka": a show has guests; a
			// DJ the list knows may play with them ("Kevin Saunderson
			// with Stacey Hotwaxx Hale").
			guests := w == "with" && hasJoiner(right) && !hasJoiner(left) && !isKnownName(left)
			if w == "w/" || oneWord || guests || isShowText(left) || djScore(left) == 0 || len(strings.Fields(left)) >= 3 && !hasJoiner(left) {
				// The host plays too when the title says so by name:
				// "Moxie on NTS w/ X", "Isaac Carter presents Ochi with X".
				if host := rolesOf(left); len(host) > 0 && host[0].role == roleDJ && host[0].score >= credit &&
					(strings.Contains(host[0].text, " ") || isStation(left)) {
					return append(host[:1:1], guest)
				}
				// A person's name is the host's, who plays: "Naomi Asa w/
				// Navy Blue" (not "Gay Haze w/ X", a party's).
				if isPersonName(left) && !isKnownName(left) {
					return []piece{{left, roleDJ, credit}, guest}
				}
				return []piece{{left, roleShow, 0}, guest}
			}
		}
	}
	// "Gabrielle Kwarteng on Refuge Worldwide", "Sally C on NTS": a DJ on
	// a station.
	if i, j, ok := findPhrase(seg, "on"); ok {
		left, right := trimJunk(seg[:i]), trimJunk(seg[j:])
		if djScore(left) > 0 && isStation(right) {
			return []piece{{left, roleDJ, credit}, {right, roleShow, 0}}
		}
	}
	// "Bradley Zero Presents: ...": the presenter is a DJ.
	for _, pw := range [...]string{"presents", "pres.", "pres"} {
		if hasSuffixFoldASCII(seg, pw) {
			name := trimJunk(trimSpace(seg)[:len(trimSpace(seg))-len(pw)])
			if isStation(name) && !knownArtist(name) {
				// "THIS IS ROCK 'N' ROLL RADIO Presents: ...": a
				// station presents, no one plays.
				return []piece{{name, roleShow, 0}}
			}
			return []piece{{name, roleDJ, credit}} // "Echenique Mix Pres. - ..."
		}
	}
	// "Armin van Buuren presents A State of Trance 1000", "X for Crack
	// Magazine": the DJ and the show. "Faith Beat presents Ryan Elliott",
	// "Bassiani invites Victor": a show, a club or a label and its guest.
	for _, w := range [...]string{"presents", "present", "présente", "pres.", "pres", "invites", "invite", "for"} {
		if i, j, ok := findPhrase(seg, w); ok {
			left, right := trimJunk(seg[:i]), trimJunk(seg[j:])
			if k := strings.Index(right, " / "); k > 0 && strings.HasPrefix(w, "invite") {
				// "Bassiani invites Victor / Podcast #323": the guest,
				// then the show.
				return append(rolesOf(left+" "+w+" "+right[:k]), showOrOther(right[k+3:])...)
			}
			if !strings.Contains(right, " ") && isEpisodeCode(right) && w != "for" {
				return []piece{{seg, roleShow, 0}} // "Zeskullz Presents 271": a show's name
			}
			if code, rest, ok := strings.Cut(right, " "); ok && isEpisodeCode(code) && strings.HasPrefix(w, "pr") {
				// "Band of Badgers Presents #3 Support & Sponsor": the
				// series' edition, then what it is about or who plays
				// (who is invited is a guest: "Naomi invite 15 15").
				return append([]piece{{trimSpace(seg[:j]) + " " + code, roleShow, 0}}, rolesOf(rest)...)
			}
			if w == "for" && djScore(right) == 0 && !isShowText(right) && !knownShow(right) {
				break // "Food for Thought is a Good Trade": words, no credit
			}
			if w == "for" && !isShowText(left) && plainWords(left) && !isKnownName(left) && !forPublication(right) {
				// "Lullabies for Insomniacs", "Gift For Sonix": words
				// of the language before "for" name the mix, not who
				// made it; not "Golden Boy for Mixmag", a mix for a
				// show or a magazine.
				return []piece{{seg, roleOther, 0}}
			}
			// "Naomi présente R&B Gems": music of a genre is presented.
			f := strings.Fields(right)
			genre := len(f) > 0 && isGenre(f[0])
			if w == "for" || isShowText(right) || djScore(right) == 0 || genre {
				if knownShow(left) {
					return []piece{{seg, roleShow, 0}} // "KEXP Presents Midnight in a Perfect World"
				}
				if p := rolesOf(left); len(p) > 0 && p[0].role == roleDJ {
					left = p[0].text // "Gavin Russom's Mix for Fact"
				} else if isShowText(left) {
					return []piece{{seg, roleShow, 0}} // "A mixtape for backstein", "Mix for Brian": no one's
				}
				// A show's presenter is its DJ when the title names no
				// other: "Jauz - Insomniac pres. Metronome 001" is Jauz's.
				score := credit
				if w != "for" && isShowText(right) {
					score = 2
				}
				return []piece{{left, roleDJ, score}, {right, roleShow, 0}}
			}
			if (w == "invites" || w == "invite") && !isShowText(left) {
				return []piece{{left + " & " + right, roleDJ, credit}} // "Kikelomo invites VHOD"
			}
			if strings.HasPrefix(w, "pres") && knownArtist(left) && !isKnownName(right) {
				// "Nina Kraviz presents Galaxiid": an artist the list
				// knows presents a show it does not know as a name.
				return []piece{{left, roleDJ, credit}, {right, roleShow, 0}}
			}
			return []piece{{left, roleShow, 0}, {right, roleDJ, credit}}
		}
	}
	// "22 Years Later": a number and its unit are a quantity, no episode.
	if len(words) > 1 && allDigits(words[0]) && unitWord(words[1]) {
		return []piece{{seg, roleOther, 0}}
	}
	// "RA.871 Ben UFO", "028 BASHKKA", "#12 Name": a code, then the DJ.
	if len(words) > 1 && isEpisodeCode(words[0]) && !isShowText(strings.Join(words[1:], " ")) {
		rest := strings.Join(words[1:], " ")
		if djScore(rest) == 0 {
			// "249 Let There Be Drums": an episode and its theme in words.
			return []piece{{seg, roleShow, 0}}
		}
		return []piece{{words[0], roleShow, 0}, {rest, roleDJ, djScore(rest) + 1}}
	}
	// "MAGICK SPELLCAST #05 Paquita Gordon", "RA EX.672 Dorian Electra": a
	// show with its episode, then the DJ.
	for k := 1; k+1 < len(words) && k < 8; k++ {
		if opensGroup(words[k]) {
			break // "Show #215 (Beats 1 Launch)": the episode is outside the brackets
		}
		if isEpisodeCode(words[k]) && isShowText(strings.Join(words[:k+1], " ")) {
			if opensGroup(words[k+1]) {
				// "PROGRESSIVE TRACKS SHOW #463 (“Number 9…”)",
				// "Soulection Radio Show #215 (Beats 1 Launch)": the
				// episode's theme, in brackets or quotes, names no one;
				// a guest who takes the show over plays ("(Saï
				// Takeover)").
				show, theme := strings.Join(words[:k+1], " "), strings.Join(words[k+1:], " ")
				if name, ok := guestOf(theme); ok {
					return []piece{{show, roleShow, 0}, {name, roleDJ, credit}}
				}
				return []piece{{show, roleShow, 0}, {theme, roleOther, 0}}
			}
			// "DISCWOMAN 25 x Lakuti & Tama Sumo": a series with its
			// guests; "Tsugi Podcast 467 x La Route du Rock" with a partner.
			from := k + 1
			if isJoiner(words[from]) && from+1 < len(words) {
				from++
			}
			if rest := strings.Join(words[from:], " "); !isShowText(rest) && djScore(rest) > 0 {
				return []piece{{strings.Join(words[:k+1], " "), roleShow, 0}, {rest, roleDJ, djScore(rest) + 1}}
			}
		}
	}
	if isShowText(seg) {
		// "Air's Essential Mix", "DJ Mourad’s Broken Soul Mix": a
		// possessive names the DJ; "Helena Hauff Studio Session" likewise
		// a studio session. Otherwise the words before the show's are its
		// brand ("FACT Mix", "Meoko Podcast").
		for k := 0; k+1 < len(words) && k < 8; k++ {
			if last, ok := cutPossessive(words[k]); ok {
				// The name: the words just before, up to a joiner or a
				// show's word ("Worldwide FM Gilles Peterson's").
				from := k
				for from > 0 && k-from < 3 && !isJoiner(words[from-1]) && !isShowText(words[from-1]) {
					from--
				}
				// "Scalambrin & Sgarro’s Mix": two names own it.
				if from >= 2 && from < k+1 && isJoiner(words[from-1]) && startsUpper(words[from-2]) && !isShowText(words[from-2]) {
					from -= 2
				}
				name := strings.Join(append(words[from:k:k], last), " ")
				if from == k && (from > 0 && isShowText(words[from-1]) || pluralPossessive(words[k])) || isLittleWord(last) || isPronoun(last) || timeWord(last) {
					break // "Radio One’s Hottest Record", "That's That Mixtape": no DJ
				}
				// "Listen to Joy Orbison's Essential Mix": the name the
				// list knows, without the words of the sentence before it.
				for f := from + 1; djScore(name) == 0 && f <= k; f++ {
					if n := strings.Join(append(words[f:k:k], last), " "); knownArtist(n) {
						name = n
					}
				}
				if djScore(name) > 0 {
					return []piece{{name, roleDJ, djScore(name) + 1}, {strings.Join(words[k+1:], " "), roleShow, 0}}
				}
			}
		}
		// "DJ Cruze Podcast Episode #42": a DJ billed as "DJ Name" owns
		// the show named after them; not "DJ History Podcast", English words
		// after "DJ" (a magazine, a site).
		if k := showStart(words); k >= 2 && k <= 3 && equalFoldASCII(words[0], "dj") && !plainWords(strings.Join(words[1:k], " ")) {
			name := strings.Join(words[:k], " ")
			if djScore(name) > 0 {
				return []piece{{name, roleDJ, djScore(name) + 1}, {seg, roleShow, 0}}
			}
		}
		if k := showStart(words); k > 0 && equalFoldASCII(words[k], "studio") {
			name := strings.Join(words[:k], " ")
			if djScore(name) > 0 {
				return []piece{{name, roleDJ, djScore(name)}, {strings.Join(words[k:], " "), roleShow, 0}}
			}
		}
		// "Max Sanna Sessions", "Mick Chillage Old School classics
		// megamix": a person's name, then the show's or the mix's words.
		// A famous name the list knows is a megamix's subject as often
		// ("Michael Jackson mixtape").
		if k := personName(words); k > 0 && k < len(words) && !knownShow(seg) {
			if name := strings.TrimRight(strings.Join(words[:k], " "), ",.:;!?-–— "); !isShowText(name) && !isKnownName(name) {
				return []piece{{name, roleDJ, djScore(name) + 1}, {seg, roleShow, 0}}
			}
		}
		if p, ok := hostsEpisode(words); ok {
			return p
		}
		if p, ok := beforeShow(seg); ok {
			return p
		}
		// "The Evan Davies Show", "The Joy Orbison Show - Episode 12": a
		// show named after its host, whom the reference list knows
		// (LABELLING.md: the person is the DJ).
		if len(words) > 3 && strings.EqualFold(words[0], "the") {
			for k := 2; k < len(words) && k < 6; k++ {
				if strings.EqualFold(words[k], "show") {
					if name := strings.Join(words[1:k], " "); knownArtist(name) {
						return []piece{{name, roleDJ, djScore(name) + 1}, {seg, roleShow, 0}}
					}
					break
				}
			}
		}
		return []piece{{seg, roleShow, 0}}
	}
	if p, ok := beforeShow(seg); ok {
		return p
	}
	// "Jane Doe's Velvet Lounge": a host's show.
	if p, ok := possessiveShow(words); ok {
		return p
	}
	if s := djScore(seg); s > 0 {
		if knownWord(stripAnnotations(seg)) {
			s++ // "Pride 2023: 017 – Lakuti": the name the list knows
		}
		return []piece{{seg, roleDJ, s}}
	}
	return []piece{{seg, roleOther, 0}}
}

// opensGroup: w starts a group in brackets or quotes.
func opensGroup(w string) bool {
	if w == "" {
		return false
	}
	switch w[0] {
	case '(', '[', '{', '"':
		return true
	}
	for _, q := range [...]string{"“", "„", "‘", "«", "»"} {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	return false
}

// guestList: s lists several names, and each that has a show's word
// is a name the reference list knows ("Ben UFO, Pearson Sound &
// Pangaea").
func guestList(s string) bool {
	names := splitNames(s, splitTitle).names
	return len(names) > 1 && namesKnownArtist(s) && !slices.ContainsFunc(names, func(n string) bool { return isShowText(n) && !isKnownName(n) })
}

// guestOf reads the brackets after a show's episode that name who plays
// it: a guest who takes the show over ("(Saï Takeover)"), a guest mix
// ("(Tristam Guest Mix)"), a guest ("(with Ben Böhmer)", "(w/ X)"), or a
// name the reference list knows alone ("(Ben UFO)"); it returns the name.
func guestOf(group string) (string, bool) {
	open, content, ok := trailingGroup(group)
	if !ok || open != 0 {
		return "", false
	}
	content = trimSpace(content)
	if knownArtist(content) {
		return content, true
	}
	name, ok := cutSuffixFold(content, " takeover")
	if !ok {
		name, ok = cutSuffixFold(content, " guest mix")
	}
	for _, pre := range [...]string{"with ", "w/ ", "feat. ", "ft. ", "guest: ", "guest ", "special guest "} {
		if !ok {
			name, ok = cutPrefixFold(content, pre)
		}
	}
	// Not a brand's takeover: "(SiriusXM Weekend Takeover)".
	if name = trimJunk(name); !ok || djScore(name) == 0 || knownShow(name) || showPrefix(append(strings.Fields(name), "")) > 0 {
		return "", false
	}
	return name, true
}

// possessiveShow reads "Name's Show Name" as a host and the show: the
// words before the possessive a name, those after capitalised.
func possessiveShow(words []string) ([]piece, bool) {
	for k := 0; k+1 < len(words) && k < 4; k++ {
		last, ok := cutPossessive(words[k])
		if !ok {
			continue
		}
		name := strings.Join(append(words[:k:k], last), " ")
		rest := strings.Join(words[k+1:], " ")
		// Two words at least after it ("International Women's Day" is
		// a day); in capitals, names and words look alike ("CRACK’S
		// TRACKS OF THE YEAR").
		if k == 0 && pluralPossessive(words[k]) || isLittleWord(last) || isPronoun(last) || timeWord(last) || !startsUpper(rest) || len(words)-k-1 < 2 ||
			strings.ToUpper(rest) == rest || djScore(name) == 0 || isShowText(name) {
			return nil, false
		}
		return []piece{{name, roleDJ, djScore(name) + 1}, {rest, roleShow, 0}}, true
	}
	return nil, false
}

// pluralPossessive: a plural's possessive, "Rogues'", "Ghouls’": alone,
// a common noun's ("Rogues' Gallery Playlist"), as a DJ's name of one
// word seldom ends so; a name the list knows may.
func pluralPossessive(w string) bool {
	if !strings.HasSuffix(w, "s'") && !strings.HasSuffix(w, "s’") {
		return false
	}
	last, _ := cutPossessive(w)
	return !knownArtist(last)
}

// timeWord: a word for a time that a possessive may follow ("Tonight's
// Free Lab Radio", "Today's Mix"): no one's name.
func timeWord(w string) bool {
	switch strings.ToLower(w) {
	case "tonight", "today", "tomorrow", "yesterday", "week", "weekend", "month", "year":
		return true
	}
	return false
}

// spaceBeforeSlash reads "A/ B" as the separator " / " that lost its
// first space; a slash inside a word ("AC/DC", "V/A") has none after it,
// and "w/ " means "with".
func spaceBeforeSlash(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '/' && i > 1 && isAlnumASCII(s[i-1]) && isAlnumASCII(s[i-2]) && i+1 < len(s) && s[i+1] == ' ' {
			b.WriteByte(' ')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// setKind: a word that says what kind of set was played, written before
// "DJ Set" or "Live Set" ("Classic DJ Set", "Vinyl DJ Set", "Sunrise DJ
// Set"), as DJs and promoters bill them.
func setKind(w string) bool {
	switch strings.ToLower(w) {
	case "classic", "classics", "vinyl", "extended", "exclusive", "special", "sunrise", "sunset", "closing", "opening",
		"hybrid", "ambient":
		return true
	}
	return false
}

// isMonthName: a month's name that is no one's ("July", not "May").
func isMonthName(w string) bool {
	_, ok := monthWord(w)
	return ok && !ambiguousMonth(w)
}

// isDecade: "80's", "90s", "2000's" (a mix's theme, not a name).
func isDecade(w string) bool {
	d := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(w, "s"), "'"), "’")
	return (len(d) == 2 || len(d) == 4) && allDigits(d) && d[len(d)-1] == '0' && d != w
}

// particleBetween: words[i] ("de", "la", "le" in lower case), alone or
// with the particles next to it, stands between two capitalised words, as
// in a name: "Ruben de Ronde", "Étienne de Crécy", "Prieur de la Marne".
func particleBetween(words []string, i int) bool {
	a, b := i-1, i+1
	for a > 0 && isNameParticle(words[a]) {
		a--
	}
	for b+1 < len(words) && isNameParticle(words[b]) {
		b++
	}
	return a >= 0 && b < len(words) && startsUpper(words[a]) && startsUpper(words[b]) &&
		!isLittleWord(words[a]) && !isLittleWord(words[b])
}

// isNameParticle: a lower-case particle of a name ("de la", "van der").
func isNameParticle(w string) bool {
	switch w {
	case "de", "la", "le", "du", "des", "del", "da", "van", "von", "der", "den":
		return true
	}
	return false
}

func isPronoun(w string) bool {
	switch strings.ToLower(w) {
	case "that", "what", "let", "here", "there", "who", "he", "she", "this", "everyone", "everybody":
		return true
	}
	return false
}

// underscoresAsSpaces reads "_" as a space, as file names write it,
// except a single one in a title written with spaces: it is part of a
// user's name ("nd_baumecker @ Monologues").
func underscoresAsSpaces(s string) string {
	if strings.Count(s, "_") == 1 && strings.Contains(s, " ") {
		return s
	}
	return strings.ReplaceAll(s, "_", " ")
}

// cutSpecialGuest drops "Special Guest" before a guest's name: "Lakuti +
// Special Guest Yvonne Turner" credits Lakuti and Yvonne Turner.
func cutSpecialGuest(s string) string {
	words := strings.Fields(s)
	if len(words) > 1 && (words[0] == "DJ's" || words[0] == "DJs" || words[0] == "DJ’s") {
		words = words[1:] // "featuring DJ's Mr. Leonard and Jacob Terry": the plural, no name's "DJ"
	}
	kept := words[:0]
	for i := 0; i < len(words); i++ {
		if i+1 < len(words) && strings.EqualFold(words[i], "special") && strings.EqualFold(words[i+1], "guest") {
			i++
			continue
		}
		kept = append(kept, words[i])
	}
	return strings.Join(kept, " ")
}

// beforeQuote reads "Name “Mix Title”" (a quoted part that ends the
// segment, after a name): the name, without a possessive.
func beforeQuote(seg string) (string, bool) {
	for _, q := range [...]string{" “", " „", " ‘", " '", " \""} {
		i := strings.Index(seg, q)
		if i <= 0 || !isQuoted(strings.TrimRight(seg[i+1:], " ")) {
			continue
		}
		words := strings.Fields(seg[:i])
		if len(words) == 0 {
			continue
		}
		if last, ok := cutPossessive(words[len(words)-1]); ok {
			words[len(words)-1] = last
		}
		if len(words) > 1 && strings.EqualFold(words[len(words)-1], "at") {
			words = words[:len(words)-1] // "André Galluzzi at “Cocoon Wednesdays”"
		}
		if name := strings.Join(words, " "); djScore(name) > 0 {
			return name, true
		}
	}
	return "", false
}

// spaceAfterPresents writes "presents...Name" as "presents Name".
func spaceAfterPresents(s string) string {
	for _, p := range [...]string{"presents...", "Presents...", "presents…", "Presents…"} {
		s = strings.ReplaceAll(s, p, p[:len("presents")]+" ")
	}
	return collapseSpaces(s)
}

// spaceAfterWith writes "w/Name" as "w/ Name".
func spaceAfterWith(s string) string {
	for i := 0; i+3 < len(s); i++ {
		if (s[i] == 'w' || s[i] == 'W') && s[i+1] == '/' && s[i+2] != ' ' && (i == 0 || s[i-1] == ' ') {
			return s[:i+2] + " " + spaceAfterWith(s[i+2:])
		}
	}
	return s
}

// isStation: the name of a radio station a DJ is "on".
func isStation(s string) bool {
	for _, w := range strings.Fields(s) {
		if callSign(strings.Trim(w, ",.:;()[]")) {
			return true // "WNCW-FM"
		}
		switch strings.ToLower(strings.Trim(w, ",.:;()[]")) {
		case "nts", "rinse", "refuge", "worldwide", "kiosk", "dublab", "bbc", "kexp", "fm", "radio":
			return true
		}
	}
	return false
}

// dropTimeRanges takes the hours of a broadcast out of a title.
func dropTimeRanges(s string) string {
	if !strings.Contains(s, "-") {
		return s
	}
	words := strings.Fields(s)
	kept := words[:0]
	for _, w := range words {
		if !isTimeRange(w) {
			kept = append(kept, w)
		}
	}
	if len(kept) == len(words) {
		return s
	}
	return strings.Join(kept, " ")
}

// isTimeRange: "7pm-8pm", "9pm-10pm", "22:00-00:00", "01.00-02.00",
// "17.00-18.30h" (a slot of a night's timetable, on the hour or the half
// hour; continental timetables end it with "h" for hours).
func isTimeRange(s string) bool {
	a, b, ok := strings.Cut(strings.ToLower(s), "-")
	if ok && isDotSlot(a) {
		b = strings.TrimSuffix(b, "h")
	}
	return ok && (isClock(a) && isClock(b) || isDotSlot(a) && isDotSlot(b))
}

func isDotSlot(s string) bool {
	h, m, ok := strings.Cut(s, ".")
	return ok && len(h) == 2 && allDigits(h) && h <= "24" && (m == "00" || m == "30")
}

func isClock(s string) bool {
	s = strings.TrimSuffix(strings.TrimSuffix(trimSpace(s), "am"), "pm")
	h, m, _ := strings.Cut(s, ":")
	return h != "" && len(h) <= 2 && allDigits(h) && (m == "" || len(m) == 2 && allDigits(m))
}

func showOrOther(s string) []piece {
	s = trimJunk(s)
	if s == "" {
		return nil
	}
	if isShowText(s) {
		return []piece{{s, roleShow, 0}}
	}
	return []piece{{s, roleOther, 0}}
}

// showWords are words that name a show, a programme, a series or an event
// rather than a person.
var showWords = map[string]bool{
	"podcast": true, "podcasts": true, "mix": true, "mixes": true, "mixtape": true, "radio": true, "show": true,
	"session": true, "sessions": true, "episode": true, "episodio": true, "ep": true, "edition": true, "chart": true,
	"charts": true, "vol": true, "vol.": true, "volume": true, "festival": true, "stream": true, "livestream": true,
	"set": true, "tapes": true, "series": true, "residency": true, "takeover": true, "weekender": true,
	"marathon": true, "anniversary": true, "selection": true, "essential": true, "highlights": true,
	"round": true, "roundup": true, "records": true, "recordings": true, "club": true, "concert": true,
	"tour": true, "stage": true, "showcase": true, "guest": true, "exclusive": true,
	"fm": true, "sound": true, "sounds": true, "room": true, "rave": true, "trance": true, "techno": true,
	"house": true, "playlist": true, "hour": true, "hours": true, "special": true, "warm": true,
	"closing": true, "opening": true, "party": true, "label": true, "music": true,
	"programme": true, "program": true, "radioshow": true, "megamix": true, "minimix": true, "yearmix": true,
	"sendung": true, "dj-set": true, "djset": true, "setlist": true, "tracklist": true,
	// A radio slot or a series' kind: "Throwback Thursday", "The
	// Breakfast Show", "Drivetime".
	"throwback": true, "breakfast": true, "drivetime": true, "tribute": true, "classics": true,
	// The same in other languages: Spanish, Portuguese and Italian,
	// German, French.
	"programa": true, "programma": true, "programm": true, "émission": true, "sesión": true, "sessão": true,
	// Japanese: "set list", "mix".
	"セットリスト": true, "セトリ": true, "ミックス": true,
}

// isShowText: some word names a show, or the text is an episode code.
func isShowText(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 {
		return false
	}
	if knownShow(s) {
		return true // "ClubLife", "Breezeblock"
	}
	if len(words) == 1 && callSign(strings.Trim(words[0], ",.:;!()[]")) {
		return true // "Playlist: WNCW-FM": a station, whose playlist it is
	}
	if len(words) > 2 && (strings.EqualFold(words[0], "late") || isWeekday(words[0])) && (strings.EqualFold(words[1], "night") || strings.EqualFold(words[1], "nite")) {
		// "Late Night Funk", "Friday Night Disco": a night's slot names
		// a show (not a name the list knows: "Late Nite Tuff Guy").
		return true
	}
	// "Rob Booth’s Electronic Explorations": a known show at the end,
	// outside brackets ("Steffi x Virginia (Live at fabric)" is theirs).
	if outer := strings.Fields(stripAnnotations(s)); len(outer) < maxShowWords {
		for k := 1; k < len(outer); k++ {
			if showFirstWords[firstWordKey(outer[k])] && knownShow(strings.Join(outer[k:], " ")) {
				return true
			}
		}
	}
	for i, w := range words {
		lw := strings.ToLower(strings.Trim(w, ",.:;!()[]"))
		if showWords[lw] || strings.HasSuffix(lw, "cast") || strings.HasSuffix(lw, "podcast") {
			return true
		}
		if a, b, ok := strings.Cut(lw, "/"); ok && (showWords[a] || showWords[b]) {
			return true // "playlist/selection"
		}
		// "Steve Angello & AN21": a code joined to a name is a name.
		// "Frankie 3000", "André 3000": a number of thousands after one
		// word is the name's own; shows count their episodes from 1 (and
		// the few past 1000 are known: "A State of Trance 1000").
		if isEpisodeCode(w) && (i > 0 || len(words) == 1) && (i == 0 || !isJoiner(words[i-1])) &&
			!(len(words) == 2 && i == 1 && len(w) == 4 && allDigits(w) && w[0] != '0') {
			return true
		}
	}
	return false
}

// isEpisodeCode: "RA.871", "EX.686", "#12", "028", "N°001", "DIM338",
// "Vol.14", "RR#40".
func isEpisodeCode(w string) bool {
	w = strings.Trim(w, ",:;()[]")
	if w == "" {
		return false
	}
	if strings.HasPrefix(w, "#") || strings.HasPrefix(w, "N°") || strings.Contains(w, "#") {
		return true
	}
	digits, letters := 0, 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case isDigit(c):
			digits++
		case 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z':
			letters++
		}
	}
	if digits == 0 {
		return false
	}
	if letters == 0 {
		return len(w) <= 4 // "028", "500"; not a year (taken as a date)
	}
	// "RA.871", "DIM338": letters then digits; "EP.6", "Vol5": an
	// episode's or volume's word and its number.
	if !isDigit(w[len(w)-1]) || isDigit(w[0]) {
		return false
	}
	switch strings.ToLower(strings.TrimRight(strings.TrimRightFunc(w, unicode.IsDigit), ".")) {
	case "ep", "vol", "pt", "part", "episode", "no":
		return true
	}
	// A word of many letters, not all capitals, run into its number is a
	// name with a number ("Kabbage1977"), not a code ("DIM338", "RA.871",
	// "Rinse:18").
	return digits >= 2 && (letters <= 4 || strings.ToUpper(w) == w || strings.ContainsAny(w, ".:-"))
}

// showStart is the index of the first word from which on every word is a
// show word, an episode code or a little word ("Studio Session", "Essential
// Mix", "Summer 2026 Mix"); 0 when there is none.
func showStart(words []string) int {
	k := len(words)
	seen := false
	for k > 0 {
		lw := strings.ToLower(strings.Trim(words[k-1], ",.:;!()[]"))
		switch {
		case showWords[lw] || strings.HasSuffix(lw, "cast"):
			seen = true
		case isEpisodeCode(words[k-1]), lw == "studio", lw == "dj", lw == "in", lw == "the", lw == "all", lw == "long", lw == "summer", lw == "winter", lw == "spring", lw == "autumn":
		default:
			if seen {
				return k
			}
			return 0
		}
		k--
	}
	return 0
}

func isJoiner(w string) bool {
	switch strings.ToLower(w) {
	case "b2b", "&", "x", "w/", "and", "vs", "vs.", "with", "+", "b3b":
		return true
	}
	return false
}

func hasJoiner(s string) bool {
	return slices.ContainsFunc(strings.Fields(s), isJoiner)
}

// sentenceCase: words written as a sentence is, the first capitalised and
// a later word of three letters or more in lower case that is no particle,
// joiner or credit ("So klang", "Recursive rhythms"): a mix's name, not a
// DJ's, whose words are capitalised alike ("Ben UFO", "Ruben de Ronde").
//
// Each name is looked at alone: "Ella Victoria & isa vibe" writes one in
// lower case, as some artists do.
func sentenceCase(words []string) bool {
	first := true // the name's first word
	upper := false
	for _, w := range words {
		if isJoiner(w) || strings.HasSuffix(w, ",") {
			first = true
			continue
		}
		if first {
			upper, first = startsUpper(w), false
			continue
		}
		if !upper || len(w) < 3 || strings.ToLower(w) != w || !unicode.IsLetter(rune(w[0])) || isNameParticle(w) ||
			isCreditWord(w) || isLittleWord(w) {
			continue
		}
		switch w {
		case "aka", "a.k.a.", "live", "closing", "opening", "und", "feat", "invites", "invite", "avec", "présente", "presenta":
			continue
		}
		return true
	}
	return false
}

// isPlace: a title part that is a city or island that titles name as
// where a set was played ("The Lot Radio Mix • NYC • May '24"). Public
// knowledge: the cities and islands of the club scene, and their usual
// abbreviations.
func isPlace(s string) bool {
	switch strings.ToLower(s) {
	case "nyc", "new york", "new york city", "brooklyn", "la", "los angeles", "london", "berlin", "paris", "amsterdam",
		"ibiza", "detroit", "chicago", "miami", "tokyo", "barcelona", "manchester", "bristol", "glasgow", "leeds",
		"melbourne", "sydney", "montreal", "toronto", "mexico city", "são paulo", "tbilisi", "kyiv", "lisbon",
		"madrid", "milan", "rome", "vienna", "zurich", "prague", "brussels", "rotterdam", "cologne", "frankfurt",
		"munich", "hamburg", "leipzig", "copenhagen", "stockholm", "oslo", "dublin", "seoul", "shanghai", "beijing",
		"hong kong", "singapore", "bangkok", "cape town", "johannesburg", "lagos", "buenos aires", "tel aviv",
		"istanbul", "athens", "mykonos", "tulum", "goa", "bali", "uk", "usa":
		return true
	}
	return false
}

// isGenre: a title part that is a genre, not a DJ ("Drum & Bass"), or a
// list of genres and their kinds ("Minimal & Deep", "Techno, Progressive
// House", "Dark & Hard"): what an episode plays.
func isGenre(s string) bool {
	if oneGenre(s) {
		return true
	}
	parts := splitGenres(s)
	if len(parts) < 2 || isKnownName(s) {
		return false // a duo the list knows may be named so
	}
	for _, p := range parts {
		if !oneGenre(p) && !genreQualifiers[strings.ToLower(p)] {
			return false
		}
	}
	return true
}

// genreQualifiers name a kind of a genre and, in a list of genres, stand
// for it: "Minimal & Deep" (deep house).
var genreQualifiers = map[string]bool{
	"deep": true, "progressive": true, "acid": true, "dark": true, "melodic": true, "soulful": true,
	"funky": true, "tribal": true, "vocal": true, "tech": true, "hard": true, "bass": true,
}

// splitGenres splits a list on "&", ",", "/" and " and ".
func splitGenres(s string) []string {
	f := strings.FieldsFunc(strings.ReplaceAll(s, " and ", " & "), func(r rune) bool { return r == '&' || r == ',' || r == '/' })
	parts := f[:0]
	for _, p := range f {
		if p = trimSpace(p); p == "" {
			return nil
		}
		parts = append(parts, p)
	}
	return parts
}

func oneGenre(s string) bool {
	switch strings.ToLower(strings.TrimRight(s, "!")) { // "DISCO!"
	case "drum & bass", "drum and bass", "drum'n'bass", "dnb", "techno", "house", "deep house", "tech house",
		"trance", "dubstep", "jungle", "hardstyle", "hardcore", "garage", "uk garage", "disco", "electro",
		// Genres as the usual taxonomies name them (Discogs' styles,
		// Beatport's genres): a title's part that names the music.
		"electronica", "ambient", "breaks", "breakbeat", "funky breaks", "nu disco", "italo disco", "minimal",
		"progressive house", "acid house", "afro house", "funky house", "soulful house", "melodic techno",
		"hard techno", "psytrance", "downtempo", "chillout", "balearic", "edm", "big room", "hip hop", "hip-hop",
		"r&b", "soul", "funk", "jazz", "reggae", "dub", "grime", "footwork", "idm", "lo-fi", "synthwave",
		"bass music", "uk bass", "bass house", "dub techno":
		return true
	}
	return false
}

// djScore says how much a piece of a title looks like the names of DJs:
// short, capitalised, joined by "&", "b2b", "x" or "w/"; not a sentence.
// Names the reference list knows are names whatever their words ("Louis
// The Child & Win and Woo").
func djScore(s string) int {
	s = stripAnnotations(s)
	words := strings.Fields(s)
	if len(words) == 0 || isShowText(s) || isGenre(s) || isDecade(words[0]) || len(words) == 1 && isMonthName(words[0]) ||
		len(words) > 1 && strings.HasSuffix(s, "?") { // "Wot no Dubstep?": a question

		return 0
	}
	// A known name may be written in lower case ("Charli xcx & George
	// Daniel & Alex Chapman"): each of the names after it is looked at
	// alone.
	names := splitNames(s, splitTitle).names
	if !(len(names) > 0 && knownArtist(names[0])) && sentenceCase(words) {
		return 0
	}
	if len(names) > 0 && knownArtist(names[0]) {
		score := 2
		for _, n := range names[1:] {
			if !isKnownName(n) && djScore(n) == 0 && !isEpisodeCode(n) { // "Steve Angello & AN21"
				return 0
			}
			score += 2
		}
		return score
	}
	score := 1
	little, run, longest := 0, 0, 0
	for i, w := range words {
		lw := strings.ToLower(strings.TrimRight(w, ","))
		run++
		if strings.HasSuffix(w, ",") {
			longest, run = max(longest, run), 0
		}
		switch lw {
		case "b2b", "&", "x", "w/", "and", "vs", "vs.", "with", "+", "b3b":
			score += 2
			longest, run = max(longest, run-1), 0
		case "de", "la", "le":
			// "Katy De Jesus", "Ruben de Ronde": a particle of a name
			// between two of its words; "La Boum de Luxe" is a party.
			if i == 0 || w == lw && !particleBetween(words, i) {
				little++
			}
		case "of", "to", "in", "on", "your", "my", "we", "it", "is", "a", "an", "from",
			"und", "die", "der", "das", "con", "el", "you", "me", "i", "do", "what", "be", "all", "are", "this",
			"aus", "dem", "vom", "zum", "zur", "für", // "DJ-Mitschnitt aus dem KaterBlau"
			"i'm", "i’m", "i've", "i’ve", "don't", "don’t", "can't", "can’t", "it's", "it’s": // "I’m READY": a sentence
			little++
		case "the":
			if i > 0 && !isJoiner(words[i-1]) { // "Kalu & The Electric Joint": a band's name
				little++
			}
		case "for", "that":
			// "Afternoons for", "The Ones That Got Away"; a name may
			// begin with them ("That Kid Chris", "For Those I Love").
			if i > 0 && !isJoiner(words[i-1]) {
				little++
			}
		}
	}
	longest = max(longest, run)
	switch {
	case little > 0:
		return 0 // "Bring Down The Walls", "Be Aware of Your Soul": a name of a mix
	case longest > 4:
		return 0
	case longest <= 3:
		score++
	}
	if personName(words) == len(words) {
		score++ // "Flavours - Andre Solaris": a person's name, beside a word
	}
	return score
}

// cutSuffixFold cuts a suffix (ASCII, case-insensitive) off s.
func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) > len(suffix) && equalFoldASCII(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

// placeEvent reads the event out of a place written as 1001Tracklists
// writes it, "Stage, Festival, Club City, Country" (LABELLING.md): the
// first part that names a show, party, tour or festival by its words or
// that shows.txt knows ("Mainstage, Tomorrowland Weekend 2, Belgium" is
// the event "Tomorrowland Weekend 2"). A stage, club, city or country is
// never the event; a place without a comma has none.
func placeEvent(place string) string {
	if strings.IndexByte(place, ',') < 0 {
		return ""
	}
	rest := place
	for rest != "" {
		part := rest
		if k := strings.Index(rest, ", "); k >= 0 {
			part, rest = rest[:k], rest[k+2:]
		} else {
			rest = ""
		}
		part = trimSpace(part)
		if part == "" || strings.ContainsAny(part, "([") {
			continue
		}
		words := strings.Fields(part)
		if slices.ContainsFunc(words, stageWord) {
			continue
		}
		if slices.ContainsFunc(words, eventWord) || showPrefix(append(words, "")) > 0 || knownShow(part) {
			return part
		}
	}
	return ""
}

// stageWord: a word that names a stage or a room of a festival or club
// ("Mainstage", "Yuma Tent", "Floor 2", EDC's "kineticFIELD").
func stageWord(w string) bool {
	switch strings.ToLower(w) {
	case "stage", "mainstage", "tent", "floor", "arena", "yard", "terrace", "megastructure":
		return true
	}
	// "kineticFIELD", "neonGARDEN": lower case, then a run of capitals.
	n := len(w)
	k := n
	for k > 0 && w[k-1] >= 'A' && w[k-1] <= 'Z' {
		k--
	}
	return n-k >= 3 && k > 0 && w[k-1] >= 'a' && w[k-1] <= 'z' && w[0] >= 'a' && w[0] <= 'z'
}

// eventWord: a word that says a part of a place names an event.
func eventWord(w string) bool {
	switch strings.ToLower(w) {
	case "festival", "fest", "fstvl", "tour", "party", "afterparty", "weekend", "showcase", "anniversary",
		"takeover", "event", "week", "carnival", "halloween", "pres.", "presents":
		return true
	}
	return false
}

// cutTrailingDate drops an ISO date that ends s: "Amnesia Ibiza, Spain
// 2026-07-29".
func cutTrailingDate(s string) string {
	k := strings.LastIndexByte(s, ' ')
	if _, _, _, _, n := leadingDate(s[k+1:]); k > 0 && n > 0 && n == len(s)-k-1 {
		return trimSpace(s[:k])
	}
	return s
}

// forPublication: what a mix is "for" is a show, station or magazine
// ("Mixmag", "Crack Magazine", "Dekmantel Podcast", "FACT").
func forPublication(s string) bool {
	w := strings.Fields(s)
	if len(w) == 0 {
		return false
	}
	return knownShow(s) || showPrefix(append(w, "")) > 0 || isShowText(s) || isStation(s) ||
		hasSuffixFoldASCII(s, "magazine") || hasSuffixFoldASCII(s, "mag") || isUpperText(w[0]) && len(w) == 1
}

// unitWord: a unit a number counts ("22 Years Later", "100 Days").
func unitWord(w string) bool {
	switch strings.ToLower(w) {
	case "years", "year", "days", "day", "hours", "hour", "minutes", "min", "weeks", "months", "decades", "bpm":
		return true
	}
	return false
}

// presentsGuest reads "Host presents Guest" before "in the mix" ("The
// Risky presents Dom & Roland in the mix"): the guest mixes, and the
// host, unless a show or label the list knows, plays the show too.
func presentsGuest(s string) ([]piece, bool) {
	for _, w := range [...]string{"presents", "pres."} {
		i, j, ok := findPhrase(s, w)
		if !ok {
			continue
		}
		host, guest := trimJunk(s[:i]), trimJunk(s[j:])
		if djScore(guest) == 0 {
			return nil, false
		}
		if knownShow(host) || isShowText(host) || djScore(host) == 0 {
			return []piece{{host, roleShow, 0}, {guest, roleDJ, credit}}, true
		}
		return []piece{{host, roleDJ, credit}, {guest, roleDJ, credit}}, true
	}
	return nil, false
}

// backToBackWith finds in s the guest that "Back2Back with", "b2b w/"
// names, the capitalised words after it up to a date, a month or a
// number ("Back2Back With Olav Basoski January 1st Week"), or "".
func backToBackWith(s string) string {
	words := strings.Fields(s)
	for i := 0; i+2 < len(words); i++ {
		switch strings.ToLower(words[i]) {
		case "back2back", "b2b":
		default:
			continue
		}
		if w := strings.ToLower(words[i+1]); w != "with" && w != "w/" {
			continue
		}
		k := i + 2
		for k < len(words) && startsUpper(words[k]) && !isMonthName(words[k]) && !strings.ContainsAny(words[k][:1], "0123456789#(") {
			k++
		}
		if name := strings.Join(words[i+2:k], " "); k > i+2 && djScore(name) > 0 {
			return name
		}
		return ""
	}
	return ""
}

// mixWord: a German blog's word for a recorded set: "Mix", "Mitschnitt",
// "DJ-Set", "WUZA-Mitschnitt" (a party's recording).
func mixWord(w string) bool {
	w = strings.ToLower(w)
	if k := strings.LastIndexByte(w, '-'); k >= 0 && k+1 < len(w) {
		w = w[k+1:]
	}
	switch w {
	case "mix", "mitschnitt", "set", "liveset", "podcast":
		return true
	}
	return false
}

// germanPlaceWord: a word that says where a set was played: "vom", "aus".
func germanPlaceWord(w string) bool {
	switch strings.ToLower(w) {
	case "vom", "von", "aus", "auf", "im", "beim", "in", "am", "für", "bei":
		return true
	}
	return false
}

// knownBeforeShowWords cuts from a credit the words of a show or station
// that follow a name the list knows: "Gilles Peterson Worldwide" is
// Gilles Peterson's show; he plays it.
func knownBeforeShowWords(s string) string {
	words := strings.Fields(s)
	if len(words) < 3 || len(words) > maxShowWords || knownArtist(s) {
		return s
	}
	for k := len(words) - 1; k >= 2; k-- {
		w := strings.ToLower(words[k])
		if !showWords[w] && !isStation(w) {
			return s
		}
		if name := strings.Join(words[:k], " "); knownArtist(name) {
			return name
		}
	}
	return s
}

// preferNamedDJ: a title that names someone "DJ X" ("DJ Johnnie French:
// Dilettante", "Wake and Bake Radio w/ DJ Swayd on Mix1620 AM", "DJ Dash
// February 2012 Mix") credits X's set, whatever else its parts read as:
// the word says who plays. It replaces only DJs read from plain words or
// a place ("Dilettante", "New York", "FOOD"), or none.
func preferNamedDJ(s string, djs []string) []string {
	name := djNamed(s)
	if name == "" {
		return djs
	}
	for _, d := range djs {
		if strings.EqualFold(d, name) || !isPlace(d) && (knownArtist(d) || !plainWords(d)) {
			return djs
		}
	}
	return []string{name}
}

// djNamed finds the first "DJ X" of s: "DJ" (or "Dj") and a name written
// with a capital or a digit, one word, or a given name and the word after
// it ("DJ Andy Hung", "Dj Charles G").
func djNamed(s string) string {
	words := strings.Fields(s)
	for i := 0; i+1 < len(words); i++ {
		if words[i] != "DJ" && words[i] != "Dj" {
			continue
		}
		first := strings.TrimRight(words[i+1], ",.:;!?")
		if first == "" || !startsUpper(first) && !isDigit(first[0]) || djThing(first) {
			continue // "DJ Set", "DJ Mag": no one
		}
		name := words[i] + " " + first
		if first == words[i+1] && i+2 < len(words) && givenNameSet.has(nameHash(first)) {
			second := strings.TrimRight(words[i+2], ",.:;!?")
			if second != "" && startsUpper(second) && !djThing(second) && !isMonthName(second) && !equalFoldASCII(second, "live") {
				name += " " + second
			}
		}
		return name
	}
	return ""
}

// djThing: a word after "DJ" that names a thing of DJs, not one ("DJ Set",
// "DJ Mix", "DJ Mag", "DJ Lovers Club", "DJ History Podcast").
func djThing(w string) bool {
	l := strings.ToLower(w)
	if showWords[l] || setKind(l) {
		return true
	}
	switch l {
	case "mag", "magazine", "lovers", "history", "battle", "competition", "contest", "demo", "school", "academy",
		"awards", "booth", "culture", "tools", "kicks", "sets", "mixing", "mixed", "tour", "night", "nights":
		return true
	}
	return false
}
