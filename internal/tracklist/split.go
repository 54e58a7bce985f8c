package tracklist

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitArtistTitle finds where the artist ends and the title begins; see
// ParseLine, step 4. tail is a label found on the way (", Label" after a
// quoted title); d says what was guessed.
func splitArtistTitle(s string, o bodyOpts) (artist, title, tail string, d doubt, ok bool) {
	switch {
	case o&bodyComma != 0 && countTopLevel(s, ", ") >= 1 && !hasDashSep(s):
		_, i, _ := topLevel(s, ", ")
		if o&bodyCommaArtist != 0 {
			return s[:i], s[i+2:], "", doubtSeparator, true // "Artist, Title"
		}
		return s[i+2:], s[:i], "", doubtSeparator | doubtOrder, true // "Title, Artist"
	case o&bodyParenArtist != 0 && !hasDashSep(s) && trailingNonSuffix(s, '('):
		// "Title (Artist)"
		open, content, _ := trailingGroup(s)
		return content, s[:open], "", doubtSeparator | doubtOrder, true
	}
	if a, t, tl, qd, found := quotedFirst(s); found {
		return a, t, tl, qd, true
	}
	if sep, found := firstDashSep(s); found {
		if o&bodyLastArtist != 0 {
			if last, _ := lastDashSep(s); last.start > sep.start {
				// "Jai Ho - Slumdog Millionaire - AR Rahman": the album between.
				return s[last.end:], s[:sep.start], "", doubtOrder | doubtParts, true
			}
		}
		artist, title = s[:sep.start], s[sep.end:]
		ok = true
		if o&bodyOrderUnshown != 0 {
			d |= doubtOrder
		}
	} else if a, t, tl, qd, found := quoteSep(s); found {
		artist, title, tail, d, ok = a, t, tl, qd, true
	} else {
		var i, j int
		switch {
		case o&bodySlash != 0:
			if k := firstTopLevel(s, " / "); k > 0 {
				i, j, d = k, k+3, doubtSeparator
			} else if k := tightSlash(s); k > 0 {
				i, j, d = k, k+1, doubtSeparator
			}
		case o&bodyColon != 0:
			if k := colonSep(s); k > 0 {
				i, j = k, k+2
			}
		case o&bodySemicolon != 0:
			if k := firstTopLevel(s, "; "); k > 0 {
				i, j = k, k+2
			}
		case o&bodyHyphen != 0:
			if k := hyphenSep(s); k > 0 {
				i, j, d = k, k+1, doubtDash
			}
		}
		if j == 0 {
			i, j, d = guessSep(s)
		}
		if j == 0 && o&bodyKnownFirst != 0 {
			if k := knownWordFirst(s); k > 0 {
				i, j, d = k, k+1, doubtSeparator
			}
		}
		if j == 0 && o&bodyTitleFirst != 0 {
			if k := knownWordLast(s); k > 0 {
				i, j, d = k, k+1, doubtSeparator|doubtOrder
			}
		}
		if j == 0 && strings.HasPrefix(s, "? ") && hasLetter(s[2:]) {
			i, j = 1, 2 // "? Now Is Ever": an unknown artist, and the title
		}
		if j == 0 {
			return "", "", "", 0, false
		}
		if d&doubtOrder != 0 { // "Title by Artist"
			return s[j:], s[:i], "", d, true
		}
		artist, title, ok = s[:i], s[j:], true
	}
	// "Title (Original Mix) - Artist": the title comes first.
	switch {
	case o&bodyTitleFirst != 0:
		artist, title = title, artist
		d |= doubtOrder
		if k := firstTopLevel(artist, ", "); k > 0 && o&bodyCommaAlbum != 0 {
			artist = artist[:k] // "Payola Blues – Neil Young, Everybody’s Rockin’"
			d |= doubtParts
		}
		if o&bodyParenLabel != 0 && trailingNonSuffix(artist, '(') {
			// "Like A Pen (Heartthrob remix) - The Knife (Rabid)": the
			// label the list writes in parentheses ends the line, after
			// the artist.
			open, content, _ := trailingGroup(artist)
			artist, tail = trimSpace(artist[:open]), trimJunk(content)
			if isYearList(tail) {
				tail = "" // "On My Radio: The Selecter (1979)": the year, no label
			}
		}
	case endsWithSuffixGroup(artist) && !endsWithSuffixGroup(title):
		artist, title = title, artist
		d |= doubtOrder
	case o&bodyOrderShown == 0 && typesetQuoted(artist) && !isQuoted(title):
		// "»Summer Song« – The Karminsky Experience Inc.": typeset
		// quotes mark a title, hardly ever a name (straight ones may:
		// 1001Tracklists writes "XY" - La Fiesta).
		artist, title = title, artist
		d |= doubtOrder
	default:
		// "Holes - Mercury Rev" read alone, or in a list that shows no
		// order: the title names an artist the reference list knows, the
		// artist does not.
		if o&bodyOrderShown == 0 && namesKnownArtist(title) && !namesKnownArtist(artist) && !knownWord(artist) && !writtenAsCredit(artist) {
			d |= doubtOrder
		}
		return artist, title, tail, d, ok
	}
	// "\"Clarity\" - Harvey Sutherland - Clarity Recordings": read title
	// first, what follows a second dash after the artist is the label,
	// as in "Artist - Title - Label".
	if tail == "" {
		if last, found := lastDashSep(artist); found && last.start > 0 && hasLetter(artist[:last.start]) {
			if label := trimJunk(artist[last.end:]); labelShaped(label) {
				artist, tail = trimJunk(artist[:last.start]), label
				d |= doubtParts
			}
		}
	}
	return artist, title, tail, d, ok
}

// typesetQuoted: s is wrapped whole in typographic quotes (“”, «», »«,
// ‘’, „“), as blogs and magazines print a title.
func typesetQuoted(s string) bool {
	s = trimSpace(s)
	// A typeset quote is no ASCII byte: most names are passed over at once.
	return s != "" && s[0] >= utf8.RuneSelf && isQuoted(s)
}

// writtenAsCredit: s is written as artists are (creditShaped), as in
// "Alix Reid & with the boys" and "Alok, Zeeba, Iro".
func writtenAsCredit(s string) bool {
	return splitNames(s, splitTrack).creditShaped()
}

// quotedFirst reads "«Title», Artist - Album" and "“Title” / Artist /
// Album (Label)": a quoted title first, then a comma or a slash and the
// artist; the album after the artist is left out, a guess, and the label
// in parentheses after it is the tail.
func quotedFirst(s string) (artist, title, tail string, d doubt, ok bool) {
	if r, _ := utf8.DecodeRuneInString(s); !isOpenQuote(r) {
		return "", "", "", 0, false
	}
	inner, rest, ok := quoted(s)
	if !ok || !strings.HasPrefix(rest, ",") && !strings.HasPrefix(rest, "/ ") {
		return "", "", "", 0, false
	}
	artist = trimJunk(rest[1:])
	if rest[0] == '/' {
		// "“Square (excerpt)” / Keith Rowe + Sachiko M / Contact
		// (Erstwhile)": title, artist, then the album and its label.
		if k := firstTopLevel(artist, " / "); k > 0 {
			album := artist[k+3:]
			artist, d = trimJunk(artist[:k]), doubtParts
			if open, content, ok := trailingGroup(album); ok && open > 0 && album[open] == '(' && classifySuffix(content, true).kind == sufNone {
				tail = trimJunk(content)
			}
		}
	} else if sep, found := firstDashSep(artist); found {
		artist, d = trimJunk(artist[:sep.start]), doubtParts
	}
	if artist == "" {
		return "", "", "", 0, false
	}
	return artist, inner, tail, d, true
}

// closingStraightQuote is the index in s of the ' that closes a quote
// opened before s: one after a letter, digit or punctuation and not
// followed by a letter ("Rabbit's" holds an apostrophe); -1 when there is
// none.
func closingStraightQuote(s string) int {
	for k := 1; k < len(s); k++ {
		if s[k] != '\'' || s[k-1] == ' ' {
			continue
		}
		if after, _ := utf8.DecodeRuneInString(s[k+1:]); k+1 == len(s) || !unicode.IsLetter(after) {
			return k
		}
	}
	return -1
}

// closingSingleQuote is the index in s of the ’ that closes a quote
// opened before s: one not followed by a letter; -1 when there is none.
func closingSingleQuote(s string) int {
	for k := 0; k < len(s); {
		j := strings.IndexRune(s[k:], '\u2019')
		if j < 0 {
			return -1
		}
		k += j
		after, _ := utf8.DecodeRuneInString(s[k+len("’"):])
		if k > 0 && !unicode.IsLetter(after) {
			return k
		}
		k += len("’")
	}
	return -1
}

// guessSep finds a separator other than a spaced dash, each a guess: a
// dash with a space on one side only ("Artist- Title"), ": ", " by "
// ("Title by Artist"), a lone hyphen between words ("Artist-Title").
func guessSep(s string) (i, j int, d doubt) {
	// "Alan Vega // Jukebox Baby"
	if k := firstTopLevel(s, " // "); k > 0 && k+4 < len(s) {
		return k, k + 4, doubtSeparator
	}
	// "SBTRKT & Sampha | Evening Glow": one bar between two parts (more
	// bars are a table's columns: readColumns).
	if countTopLevel(s, " | ") == 1 {
		if k := firstTopLevel(s, " | "); k > 0 && k+3 < len(s) {
			return k, k + 3, doubtSeparator
		}
	}
	// "Krenzlin /Outward (Kike Pravda Remix)"
	if k := firstTopLevel(s, " /"); k > 0 && k+2 < len(s) && isLetterStart(s[k+2:]) {
		return k, k + 2, doubtSeparator
	}
	// "David Walters (France) * Jodia"
	if k := firstTopLevel(s, " * "); k > 0 && k+3 < len(s) {
		return k, k + 3, doubtSeparator
	}
	if k, e := oneSidedDash(s); k > 0 {
		return k, e, doubtDash
	}
	if k := colonSep(s); k > 0 {
		return k, k + 2, doubtSeparator
	}
	// "Goldfrapp : Number One", as French typography spaces a colon.
	if k := firstTopLevel(s, " : "); k > 0 && k+3 < len(s) {
		return k, k + 3, doubtSeparator
	}
	if k, e, ok := findWord(s, "by"); ok {
		return k, e, doubtSeparator | doubtOrder
	}
	if k := hyphenSep(s); k > 0 {
		return k, k + 1, doubtDash
	}
	if k := caseSplit(s); k > 0 {
		// Radio pages set either column in capitals; the reference list
		// may know the capitals first as an artist ("STEEL PULSE State Of
		// Emergency").
		if left, right := s[:k], s[k+1:]; !hasLower(left) && isKnownCredit(left) && !isKnownCredit(right) {
			return k, k + 1, doubtSeparator
		}
		return k, k + 1, doubtSeparator | doubtOrder
	}
	return knownSplit(s)
}

// caseSplit finds where a line without separators changes from capitals
// to lowercase or back, as radio playlists set one of the two columns in
// capitals: "In the evening SHERYL LEE RALPH", "NIGHT DANCING Taka Boom".
// The capitals must be two words or more (or one word the reference list
// knows as an artist, first: "CHIC You Are Beautiful"), the line two runs
// exactly.
func caseSplit(s string) int {
	runs, at, capsWords, prevCaps := 0, 0, 0, false
	for i := 0; i < len(s); {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		start := i
		for i < len(s) && s[i] != ' ' {
			i++
		}
		if start == i {
			break
		}
		w := s[start:i]
		if !hasLetter(w) {
			return 0 // "12", "&": which side?
		}
		caps := !hasLower(w)
		if caps {
			capsWords++
		}
		if runs == 0 || caps != prevCaps {
			runs++
			if runs == 2 {
				at = start - 1
			}
		}
		prevCaps = caps
	}
	if runs != 2 || capsWords < 2 && (prevCaps || !knownWord(s[:at])) {
		return 0
	}
	return at
}

// isKnownCredit: s, or the first of the names it credits, is an artist
// of the reference list.
func isKnownCredit(s string) bool {
	return namesKnownArtist(s) || knownWord(s)
}

// knownSplit splits a line without any separator where a known artist
// starts or ends it, as tables copied without their columns read:
// "Fall Into The Night Alle Farben", "Porcelain (Aparde Remix) Lambert".
// A one-word artist counts only after a closing bracket: "Home Solomun"
// may as well be a title of two words.
func knownSplit(s string) (i, j int, d doubt) {
	// Names of more than six words are not looked for: the work stays
	// linear in the line's length.
	const guess, most = doubtSeparator | doubtOrder, 6
	for k, words := len(s)-1, 0; k > 0 && words < most; k-- {
		if s[k] != ' ' || k+1 >= len(s) {
			continue
		}
		words++
		right := s[k+1:]
		if knownArtist(right) || s[k-1] == ')' && knownWord(right) {
			return k, k + 1, guess
		}
		if (s[k-1] == ')' || s[k-1] == ']') && creditGroupEnds(s[:k]) && isLetterStart(right) {
			// "Porcelain (Aparde Remix) Lambert", "Warning (Powder Mix)
			// Firefox and 4Tee": a credit ends the title; no name
			// follows one in a title.
			return k, k + 1, guess
		}
	}
	if k := knownPrefix(s); k > 0 {
		return k, k + 1, doubtSeparator
	}
	return 0, 0, 0
}

// knownPrefix returns where a known artist of more than one word that
// starts s ends, or 0: "Lindsey Buckingham Cast Away Dreams".
func knownPrefix(s string) int {
	const most = 6 // words: the work stays linear in the line's length
	for k, words := 1, 0; k < len(s) && words < most; k++ {
		if s[k] != ' ' {
			continue
		}
		words++
		if knownArtist(s[:k]) && hasLetter(s[k+1:]) && !isOpen(s[k+1]) {
			return k // not "Franz Scala (Berlin)": a name and a note
		}
	}
	return 0
}

// knownWordFirst returns where a known artist of one word that starts s
// ends, or 0: "Seal Bring It On", in a list that shows its rows so.
func knownWordFirst(s string) int {
	k := strings.IndexByte(s, ' ')
	if k <= 0 || k+1 >= len(s) || !knownWord(s[:k]) || !hasLetter(s[k+1:]) || isOpen(s[k+1]) {
		return 0
	}
	return k
}

// knownWordLast returns where a known artist of one word that ends s
// starts, less one, or 0: "Stuck Digitalism", in a list written title
// first, whose rows the names of more words end ("Fall Into The Night
// Alle Farben").
func knownWordLast(s string) int {
	k := strings.LastIndexByte(s, ' ')
	if k <= 0 || k+1 >= len(s) || !knownWord(s[k+1:]) || !hasLetter(s[:k]) {
		return 0
	}
	return k
}

func hasDashSep(s string) bool {
	_, ok := firstDashSep(s)
	return ok
}

// oneSidedDash finds a dash run outside brackets with a space on exactly
// one side, between two words: "Monte Cazazza- Mary Bell", "Artist -Title".
func oneSidedDash(s string) (i, j int) {
	var d outside
	for k := 1; k < len(s); k++ {
		if d.at(s[k]) {
			e := dashRunAt(s, k)
			if e < 0 || e >= len(s) {
				continue
			}
			before, after := s[k-1] == ' ', s[e] == ' '
			if before != after {
				// Trim the space on whichever side has it.
				i, j = k, e
				if before {
					i = k - 1
				} else {
					j = e + 1
				}
				if i > 0 && j < len(s) {
					return i, j
				}
			}
			k = e - 1
		}
	}
	return 0, 0
}

// hyphenSep finds the only hyphen of s outside brackets that joins two
// words ("Miret-Sabio Espejo"); 0 when there is none or more than one.
func hyphenSep(s string) int {
	var at [4]int
	n := 0
	var d outside
	for k := 1; k+1 < len(s); k++ {
		if d.at(s[k]) && s[k] == '-' && s[k-1] != ' ' && s[k+1] != ' ' && s[k+1] != '-' && s[k-1] != '-' {
			if n == len(at) {
				return 0
			}
			at[n] = k
			n++
		}
	}
	if n <= 1 {
		return at[0]
	}
	// "Jay-Z-Nigga What, Nigga Who", "Toni Braxton-Un-break My Heart":
	// more hyphens, the last of them after a name the reference list
	// knows ("Jay-Z" rather than "Jay").
	for i := n - 1; i >= 0; i-- {
		if isKnownName(s[:at[i]]) {
			return at[i]
		}
	}
	return 0
}

// colonSep finds "Artist: Title": the first ": " outside brackets after a
// word, not a time ("12:30").
func colonSep(s string) int {
	k := firstTopLevel(s, ": ")
	if k <= 0 || s[k-1] == ' ' {
		return 0
	}
	return k
}

// isFeatGroup: s is a bracket group that features ("(Ft. Masta Ace)").
func isFeatGroup(s string) bool {
	if len(s) <= 2 || !isClose(s[len(s)-1]) {
		return false
	}
	_, _, ok := featContent(s, 1, len(s)-1)
	return ok
}

func isOpenQuote(r rune) bool {
	return r == '"' || r == '\u201C' || r == '\u00AB' || r == '\u00BB' || r == '\u201E' || r == '\u2018' || isCornerQuote(r)
}

// isCornerQuote: Japanese brackets, which quote a title and follow the
// artist's name without a space: "山下達郎「硝子の少年」".
func isCornerQuote(r rune) bool { return r == '「' || r == '『' }

// quoted reads s, which starts with a quote (double, curly or angle): what
// it quotes and what follows its closer.
func quoted(s string) (inner, rest string, ok bool) {
	r, n := utf8.DecodeRuneInString(s)
	var closer rune
	switch r {
	case '"':
		closer = '"'
	case '\u201C': // “
		closer = '\u201D'
	case '\u00AB': // «
		closer = '\u00BB'
	case '\u00BB': // »Title«, as German and Danish print quotes
		closer = '\u00AB'
	case '\u201E': // „
		closer = '\u201C'
	case '\u2018': // ‘
		closer = '\u2019'
	case '\'':
		closer = '\''
	case '「':
		closer = '」'
	case '『':
		closer = '』'
	default:
		return "", "", false
	}
	k := strings.IndexRune(s[n:], closer)
	if r == '\u2018' {
		// ’ is also the apostrophe: "‘Don’t Lose the Magic’".
		k = closingSingleQuote(s[n:])
	} else if r == '\'' {
		k = closingStraightQuote(s[n:]) // "'Rabbit's Moon'"
	}
	if k < 0 && r == '\u201C' {
		k = strings.IndexRune(s[n:], '"')
		closer = '"'
	}
	if k <= 0 {
		return "", "", false
	}
	inner = trimSpace(s[n : n+k])
	return inner, trimSpace(s[n+k+utf8.RuneLen(closer):]), inner != ""
}

// startFeat: s starts with a featuring word ("ft. X", "feat X").
func startFeat(s string) bool {
	_, ok := cutFeatPrefix(s, false)
	return ok
}

// quoteSep reads `Artist "Title" (X Remix)`: a title in double, curly or
// angle quotes after the artist. What follows the closing quote stays with
// the title when it is its suffixes or a featured artist; ", Label" is
// returned as tail; other words are an album (`Artist “Title” Album`, as
// radio playlists write it), dropped as a guess.
func quoteSep(s string) (artist, title, tail string, d doubt, ok bool) {
	for i, r := range s {
		if !isOpenQuote(r) {
			// "Burial 'Archangel' (Hyperdub)": a straight single quote
			// after a space opens one; inside a word it is an apostrophe.
			if r != '\'' || i == 0 || s[i-1] != ' ' {
				continue
			}
		}
		if i > 0 && s[i-1] != ' ' && !isCornerQuote(r) {
			return "", "", "", 0, false
		}
		inner, rest, ok := quoted(s[i:])
		if !ok {
			return "", "", "", 0, false
		}
		if strings.HasPrefix(rest, ",") {
			tail = trimJunk(rest[1:])
			if open, content, ok := trailingGroup(tail); ok && open > 0 && isYear(content) {
				tail = trimSpace(tail[:open]) // ", Label (1999)"
			}
			rest = ""
		}
		if i == 0 {
			// "“Ruby” Cirez D, Mouseville", "“Apple” di Miki The
			// Dolphin": the quoted title first, then its artist.
			if rest == "" && tail != "" {
				rest, tail = tail, ""
			}
			// "“Ruby” Cirez D, Mouseville": the label after a comma.
			if j := firstTopLevel(rest, ", "); j > 0 {
				rest, tail = rest[:j], trimJunk(rest[j+2:])
			}
			for _, by := range [...]string{"by ", "di ", "von ", "par "} {
				if r, ok := cutPrefixFold(rest, by); ok {
					rest = r
					break
				}
			}
			if rest = trimJunk(rest); rest == "" || isOpen(rest[0]) && !isFeatGroup(rest) {
				return "", "", "", 0, false // "“Mercurial” (InFiné)": no artist
			}
			return rest, inner, tail, 0, true
		}
		title = inner
		switch {
		case rest == "":
		case isOpen(rest[0]):
			title += " " + rest
		case startFeat(rest):
			title += " " + rest
		default:
			d = doubtParts
			if tail == "" {
				tail = fromNoteLabel(rest) // "From “Album” (Label 2024)."
			}
		}
		artist = trimSpace(s[:i])
		// "Janis Joplin- “Tell Mama”": a dash with a space on its right
		// only, before a quoted title, separates them as a spaced one does.
		if j := attachedDash(artist); j > 0 {
			artist = artist[:j]
		}
		// "Al Green's “Here I Am”": whose song, in a sentence's words.
		k := strings.LastIndexByte(artist, ' ')
		if name, ok := cutPossessive(artist[k+1:]); ok {
			artist, d = artist[:k+1]+name, d|doubtParts
		}
		return artist, title, tail, d, true
	}
	return "", "", "", 0, false
}

// attachedDash: where a run of dashes written onto the end of s begins
// ("Janis Joplin-"), or 0.
func attachedDash(s string) int {
	j := trailingDashes(s)
	if j == len(s) || j == 0 || s[j-1] == ' ' {
		return 0
	}
	return j
}

// trailingDashes: where the run of dashes that ends s begins; len(s)
// when s ends in none.
func trailingDashes(s string) int {
	j := len(s)
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if !isDash(r) {
			break
		}
		j -= n
	}
	return j
}

// takeTitleLabel takes a label written without label brackets off the
// title part, where the layout or the line shows one: "Title - Label"
// (when the tracklist writes labels so), "Title (Label)" (likewise),
// "Title (Original Mix) Label" (1001Tracklists).
func (t *Track) takeTitleLabel(title string, o bodyOpts) string {
	if t.Label != "" {
		return title
	}
	if rest, label, catalog, ok := labelCatalogGroup(title); ok {
		// "„Lunation“ (Echocord – echocord 075)": a label and its
		// catalogue number in round brackets, as radio playlists write them.
		t.Label, t.Catalog = label, catalog
		t.doubts |= doubtLabel
		return rest
	}
	if o&bodyDashAlbum != 0 {
		if sep, ok := lastDashSep(title); ok && classifySuffix(title[sep.end:], false).kind == sufNone {
			t.doubts |= doubtParts // "Title – Album": the album is no part of the track
			return trimJunk(title[:sep.start])
		}
	}
	if o&bodyDashLabel != 0 {
		if sep, ok := lastDashSep(title); ok {
			if last := title[sep.end:]; o&bodyLabelColumn != 0 || classifySuffix(last, false).kind == sufNone {
				t.Label = trimJunk(last)
				t.doubts |= doubtLabel
				return trimJunk(title[:sep.start])
			}
		}
	}
	if o&bodyCapsLabel != 0 {
		if rest, label, ok := capsTail(title); ok {
			switch {
			case isReleaseNote(label): // "FREE", "SELF RELEASED"
			case strings.Contains(label, " ") && looksLikeCatalog(label) && t.Catalog == "":
				t.Catalog = label // "PAS - Booster PF 029": a label's number, no label
				t.doubts |= doubtLabel
			default:
				t.Label = label
				t.doubts |= doubtLabel
			}
			return rest
		}
		if isUpperText(title) && strings.Contains(title, " ") {
			t.doubts |= doubtParts // "JADE SABLE VALLEY": where does the label start?
		}
	}
	if rest, label, ok := labelAfterSuffix(title); ok {
		if isReleaseNote(label) {
			return rest
		}
		t.Label = label
		if !isUpperText(label) {
			t.doubts |= doubtLabel
		}
		return rest
	}
	if o&bodyParenLabel != 0 {
		if open, content, ok := trailingGroup(title); ok && open > 0 && title[open] == '(' && classifySuffix(content, true).kind == sufNone && !isProse(content) && !creditNote(content) {
			if isYearList(trimJunk(content)) {
				return trimJunk(title[:open]) // "Bow Wow Wow (1980)": the release's year, no label
			}
			t.Label = trimJunk(content)
			if sep, ok := lastDashSep(content); ok {
				// "(Music for Animals - Leiter)": the album, then its label.
				t.Label = trimJunk(strings.TrimLeft(content[sep.end:], "[("))
			} else if label, ok := albumYearLabel(content); ok {
				t.Label = label // "(Souvlaki, 1993, Creation)", "(Flowing Light, 2021)"
				if label == "" && o&bodyYearLabel != 0 {
					// "(Playhouse, 2003)" in a list that writes no album.
					t.Label = trimJunk(content[:lastIndex(content, ", ")])
				}
			}
			t.doubts |= doubtLabel
			return trimJunk(title[:open])
		}
	}
	return title
}

// labelCatalogGroup reads a group in round brackets at the end of title
// written "(Label – CAT 001)": a name, a spaced dash, and a catalogue
// number (letters and digits, a code of one or two words); a year in
// brackets after it is dropped with it.
func labelCatalogGroup(title string) (rest, label, catalog string, ok bool) {
	title = dropYearGroup(title) // "(Echocord – echocord 075) (2017)": the release's year
	open, content, found := trailingGroup(title)
	if !found || open == 0 || title[open] != '(' {
		return "", "", "", false
	}
	sep, found := lastDashSep(content)
	if !found {
		return "", "", "", false
	}
	label, catalog = trimJunk(content[:sep.start]), trimJunk(content[sep.end:])
	if !hasLetter(label) || strings.Count(catalog, " ") > 1 || !strings.ContainsAny(catalog, "0123456789") ||
		!(looksLikeCatalog(catalog) || catalogToken(catalog) || wordAndNumber(catalog) || catalogChars(catalog) && isUpperText(catalog)) ||
		classifySuffix(content, true).kind != sufNone {
		return "", "", "", false
	}
	return trimJunk(title[:open]), label, catalog, true
}

// albumYearLabel reads "Album, Year, Label" and "Album, Year" (no label),
// as radio playlists write a record's details; the year may be two
// ("1968/2015").
func albumYearLabel(s string) (label string, ok bool) {
	i := lastIndex(s, ", ")
	if i <= 0 {
		return "", false
	}
	if isYearList(s[i+2:]) {
		return "", true
	}
	j := strings.LastIndex(s[:i], ", ")
	if j <= 0 || !isYearList(s[j+2:i]) {
		return "", false
	}
	return trimJunk(s[i+2:]), true
}

// isYearList: "1993", "1968/2015".
func isYearList(s string) bool {
	for y := range strings.SplitSeq(s, "/") {
		if !isYear(y) {
			return false
		}
	}
	return true
}

// labelAfterSuffix finds text after the last version, remix or featuring
// group of a title: "Chasing (Original Mix) Patent Skillz".
func labelAfterSuffix(s string) (rest, label string, ok bool) {
	var pairsBuf [128]int32
	pairs := bracketPairs(s, pairsBuf[:])
	if pairs == nil {
		return s, "", false // no bracket: no group
	}
	var buf [8]sepSpan
	groups := buf[:0] // the outermost bracket groups, [open, close]
	for i := 0; i < len(s); i++ {
		if !isOpen(s[i]) || pairs[i] < 0 {
			continue
		}
		groups = append(groups, sepSpan{i, int(pairs[i])})
		i = int(pairs[i])
	}
	// Whichever group is the last suffix, what follows it must read as a
	// label; when it does after none, the groups need not be classified:
	// most titles end with their only group ("Title (Extended Mix)").
	if !slices.ContainsFunc(groups, func(g sepSpan) bool { return labelShaped(trimJunk(s[g.end+1:])) }) {
		return s, "", false
	}
	end := -1
	for k := len(groups) - 1; k >= 0; k-- { // the last suffix group
		if g := groups[k]; classifySuffix(s[g.start+1:g.end], true).kind != sufNone {
			end = g.end + 1
			break
		}
	}
	if end <= 0 || end >= len(s) {
		return s, "", false
	}
	label = trimJunk(s[end:])
	if !labelShaped(label) || classifySuffix(label, true).kind != sufNone {
		return s, "", false
	}
	if l, ok := albumThenLabel(label); ok && startsWithDashSep(s[end:]) {
		label = l // "Body Dub [X Acid Dub remix] – Remixes EP (Clone) 2004"
	}
	return trimJunk(s[:end]), label, true
}

// labelShaped: the text after a title's suffix groups may be a label
// ("Patent Skillz"), as far as its shape tells.
func labelShaped(label string) bool {
	return label != "" && !hasDashSep(label) && label[0] != '(' && label[0] != '[' && hasLetter(label)
}

// isUpperText: letters all uppercase (1001Tracklists writes labels so),
// at least one of them, in two characters or more ("!K7", "NINJA").
func isUpperText(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 1 && len(s) >= 2
}

// stripExtras drops release notes that are neither title nor label:
// "(unreleased)", "[free download]", "(dubplate)", "OUT NOW", a trailing
// link.
func stripExtras(s string) string {
	for i := 0; i < 4; i++ {
		before := s
		for _, junk := range [...]string{"<>", "()", "[]"} {
			s = trimJunk(strings.TrimSuffix(s, junk))
		}
		open, content, ok := trailingGroup(s)
		if ok && open > 0 && isReleaseNote(content) {
			s = trimJunk(s[:open])
			open, _, ok = trailingGroup(s)
		}
		// "Req -Upstairs -(Warp)": a dash before the last group only
		// marks it off.
		if ok && open > 2 && s[open-2:open] == " -" {
			s = s[:open-2] + " " + s[open:]
		}
		if k := strings.LastIndexByte(s, ' '); k > 0 && isLink(s[k+1:]) {
			s = trimJunk(s[:k])
		}
		if k := strings.LastIndexByte(s, '-'); k > 0 && webAddress(trimSpace(s[k+1:])) {
			// "Pity You-www.bloodshotbill.com", "Zombies- myspace/magma":
			// the band's page after a dash.
			s = trimJunk(s[:k])
		}
		if rest, ok := cutFromAlbum(s); ok {
			s = rest
		}
		s = cutNoteAfterDash(s)
		for _, w := range [...]string{"out now", "free download", "free dl", "mp3"} { // "Malibu People mp3": a link to the file
			if len(s) > len(w) && equalFoldASCII(s[len(s)-len(w):], w) && s[len(s)-len(w)-1] == ' ' {
				s = trimJunk(s[:len(s)-len(w)])
			}
		}
		if s == before {
			break
		}
	}
	return s
}

// tightSlash is the index of the one slash of s outside brackets, with
// no space either side and letters before and after it ("Migosy/Skyline
// (Rancido Mix)"); 0 when s has none, or more than one.
func tightSlash(s string) int {
	if strings.IndexByte(s, '/') < 0 || countTopLevel(s, "/") != 1 {
		return 0
	}
	k := firstTopLevel(s, "/")
	if k <= 0 || k+1 >= len(s) || s[k-1] == ' ' || s[k+1] == ' ' || !hasLetter(s[:k]) || !hasLetter(s[k+1:]) || isLink(lastField(s[:k+1])+s[k+1:]) {
		return 0
	}
	return k
}

// webAddress: s is a link, a domain ("twinsistermusic.com") or a page
// on a site named by its own ("myspace/magmaofficial").
func webAddress(s string) bool {
	if s == "" || strings.IndexByte(s, ' ') >= 0 {
		return false
	}
	if isLink(s) {
		return true
	}
	if site, page, ok := strings.Cut(s, "/"); ok && page != "" && releaseNotes.has(site) {
		return true // "myspace/x", "soundcloud/x"
	}
	dot := strings.LastIndexByte(s, '.')
	if dot <= 0 || !hasLetter(s[:dot]) {
		return false
	}
	switch strings.ToLower(s[dot+1:]) {
	case "com", "net", "org", "info", "fm", "io", "co", "uk", "ca", "de", "fr", "nl", "be", "es", "it", "au", "us", "tv", "me":
		return true
	}
	return false
}

// cutNoteAfterDash takes off a last part after a dash that is a shop
// link's word or where the track comes from: "... – MoWax – buy", "... –
// taken from the album Meiso". Most lines have neither, and are passed
// over without looking for their dashes.
func cutNoteAfterDash(s string) string {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return s
	}
	j := strings.LastIndexByte(s[:i], ' ') // "out now": notes of two words
	if !isReleaseNote(s[i+1:]) && !(j >= 0 && isReleaseNote(s[j+1:])) && !strings.Contains(s, "aken from ") {
		return s
	}
	var buf [6]sepSpan
	seps := dashSeps(s, buf[:0])
	for k := 1; k+1 < len(seps); k++ {
		// "A – T – Taken from the album Meiso – MoWax": the album, between
		// the title and the label.
		if hasPrefixFoldASCII(s[seps[k].end:], "taken from ") {
			return trimJunk(s[:seps[k].start]) + s[seps[k+1].start:]
		}
	}
	sep, ok := lastDashSep(s)
	if !ok {
		return s
	}
	if part := trimSpace(s[sep.end:]); isReleaseNote(part) || hasPrefixFoldASCII(part, "taken from ") {
		if _, more := firstDashSep(s[:sep.start]); more {
			return trimJunk(s[:sep.start])
		}
	}
	return s
}

// cutFromAlbum takes "from “Album”", where the track comes from, off the
// end of a line: "Hi Scores / Boards Of Canada from “Hi Scores”".
func cutFromAlbum(s string) (string, bool) {
	if strings.IndexByte(s, 'f') < 0 {
		return s, false // no " from ": told by the cheaper search
	}
	if k := lastIndex(s, " from "); k > 0 && isQuoted(s[k+6:]) {
		return trimJunk(s[:k]), true
	}
	return s, false
}

// isReleaseNote lists bracket contents that say how a track was released
// rather than name a label or a version.
func isReleaseNote(s string) bool {
	s = trimSpace(s)
	if releaseNotes.has(s) {
		return true
	}
	// "(The current single)": an article before the note changes nothing.
	return len(s) > 4 && s[0]|0x20 == 't' && hasPrefixFoldASCII(s, "the ") && releaseNotes.has(s[4:])
}

var releaseNotes = newFoldSet("unreleased", "forthcoming", "soon", "out soon", "coming soon", "free download", "free dl", "free", "dubplate", "promo", "out now",
	"cdr", "tba", "n/a", "self-released", "self released", "buy", "free download!", "free track", "free release",
	"exclusive", "exclusive track", "cd-r", "dub plate", "test press", "test pressing", "vinyl only",
	"single", "new single", "current single", "debut single", "lead single", "bonus", "bonus track",
	"myspace", "soundcloud", "bandcamp", "youtube")
