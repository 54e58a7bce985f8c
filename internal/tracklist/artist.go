package tracklist

import (
	_ "embed"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Artist splitting.
//
// A credit such as "Adam Beyer, Bart Skils & Ida Engberg feat. X" names
// several artists. The separators recognised, always as whole words and only
// outside brackets, are:
//
//	","  " & "  " / "  " x " (a lone x or X)  " × "  " vs "/" vs. "/" versus "
//	and, for featured artists, " feat. " " feat " " ft. " " ft " " featuring "
//	or a bracket group "(feat. X)" / "(ft. X)" / "(with X)".
//
// Playlist titles additionally split on " and ", " b2b " and " with ".
//
// Rules and why:
//
//   - "&" splits. The original SongNodes did, golden file: "Chris Lake &
//     Sante Sansone" is two artists. Acts whose name contains "&" or ","
//     ("Above & Beyond", "Dimitri Vegas & Like Mike", "Earth, Wind & Fire")
//     are kept whole by reference data, actsWithSeparators: acts.txt,
//     names that outside sources bill as one act (DJ Mag's Top 100,
//     Resident Advisor's, Spotify's and MusicOSet's artist profiles,
//     Wikidata's musical groups; its header names them), and the names of
//     artists.txt that hold "&", "and" or "+".
//     Matching is case-insensitive and treats "and" like "&" ("Above and
//     Beyond"); acts named with "x" or "vs" match too ("GD X TAEYANG").
//     Anything not on the list is split: an unknown duo becomes two nodes,
//     which is recoverable, whereas never splitting "&" would merge every
//     collaboration into a fake artist.
//   - "/" splits only with spaces around it: "AC/DC" and the label
//     "Higher Ground/FFRR" stay whole.
//   - "x" splits only as a lone lowercase or uppercase word between two
//     names: "Charli xcx", "Malcolm X" and "X Ambassadors" stay whole.
//   - " and " and " + " split names of several words ("Wendy Carlos and
//     Rachel Elkind", "Joeski And Omar Alexander"); between one-word
//     names not listed after commas, and before "the", "his"... they
//     are part of one act ("Simon and Garfunkel", "Florence + The
//     Machine", "Kool & the Gang"); see joinBands.
//   - Nothing inside brackets splits: "Olly Alexander (Years & Years)" is
//     one artist.
//   - A comma between digits is not a separator ("10,000 Maniacs").
//   - Nothing is ever rewritten inside a word: "Canvas" is not "Can vs".

// actsWithSeparators lists artist names that contain a separator but are one
// act. Keys are lowercase, with separators written ", " and " & ".
var actsWithSeparators = map[string]bool{}

// actFirstParts holds the lowercase first part of every entry of
// actsWithSeparators, a cheap pre-check before building longer keys.
var actFirstParts = map[string]bool{}

// actFirstFilter passes the names that may be keys of actFirstParts
// (mergeActs asks it of every name before lowercasing it).
var actFirstFilter lenFilter

// acts.txt is the reference list of such acts.
//
//go:embed acts.txt
var actsFile string

func init() {
	for _, line := range strings.Split(actsFile, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		addAct(line)
	}
}

// knownArtists holds the nameHash of every name of artists.txt, sorted:
// 22,000 names in 180 KB.
// Its names that hold a separator ("Jam & Spoon", "Daryl Hall & John
// Oates") are acts too (see actsWithSeparators).
var knownArtists = func() []uint64 {
	hs := make([]uint64, 0, strings.Count(artistsFile, "\n"))
	for _, line := range strings.Split(artistsFile, "\n") {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			hs = append(hs, nameHash(line))
			if strings.Contains(line, " & ") || strings.Contains(line, " and ") || strings.Contains(line, " + ") {
				addAct(line)
			}
		}
	}
	slices.Sort(hs)
	return slices.Compact(hs)
}()

// englishWords holds the nameHash of every word of words.txt, sorted.
var englishWords = func() []uint64 {
	hs := make([]uint64, 0, strings.Count(wordsFile, "\n"))
	for _, line := range strings.Split(wordsFile, "\n") {
		if line != "" && line[0] != '#' {
			hs = append(hs, nameHash(line))
		}
	}
	slices.Sort(hs)
	return hs
}()

// knownDJs holds the nameHash of every name of djs.txt, sorted.
var knownDJs = func() []uint64 {
	hs := make([]uint64, 0, strings.Count(djsFile, "\n"))
	for _, line := range strings.Split(djsFile, "\n") {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			hs = append(hs, nameHash(line))
		}
	}
	slices.Sort(hs)
	return slices.Compact(hs)
}()

// djs.txt is the reference list of DJs and producers known by a name of
// one word.
//
//go:embed djs.txt
var djsFile string

// knownDJ: w, one word, is a DJ or producer of djs.txt. It is asked only
// of a credit's names, before a remix's kind word ("(Function Mix)"):
// elsewhere such a word says little ("Powder", "Function").
func knownDJ(w string) bool {
	if w == "" || strings.IndexByte(w, ' ') >= 0 {
		return false
	}
	return knownDJSet.has(nameHash(w))
}

// words.txt is the reference list of English words.
//
//go:embed words.txt
var wordsFile string

// plainWords: every word of s is an English word ("Oak Lawn", "Dance
// Ritual"), as the names of versions are and people's names are not.
func plainWords(s string) bool {
	n := 0
	// A loop of its own rather than strings.FieldsSeq, whose closure makes
	// s escape: mayBeCredit asks this of a word on its stack for most
	// lines' suffixes.
	for s != "" {
		var w string
		s = strings.TrimLeft(s, " \t")
		if i := strings.IndexAny(s, " \t"); i >= 0 {
			w, s = s[:i], s[i:]
		} else {
			w, s = s, ""
		}
		if w == "" {
			break
		}
		if len(w) <= 3 && isUpperText(w) {
			return false // "MAW", "MM": initials, a name
		}
		if !englishWordSet.has(nameHash(w)) {
			return false
		}
		n++
	}
	return n > 0
}

// maxKnownName bounds the names looked up in knownArtists: its longest
// has 60 bytes, and a longer text is no name of it (the bound keeps
// lookups of every part of a long line linear).
const maxKnownName = 96

// artists.txt is the reference list of artists known by name.
//
//go:embed artists.txt
var artistsFile string

// knownArtist: name is an artist of the reference list and has more than
// one word. One word alone says too little: "Love", "Home" and "Intro"
// are artists' names as well as titles.
func knownArtist(name string) bool {
	name = trimSpace(name)
	if strings.IndexByte(name, ' ') < 0 || len(name) > maxKnownName {
		return false
	}
	ok := knownArtistSet.has(nameHash(name))
	return ok
}

// knownWord: s is one word, an artist of the reference list. Alone it
// says little ("Love", "Home"); many lines that agree say more.
func knownWord(s string) bool {
	s = trimSpace(s)
	if s == "" || strings.IndexByte(s, ' ') >= 0 {
		return false
	}
	ok := knownArtistSet.has(nameHash(s))
	return ok
}

// isKnownName: s is an artist of the reference list, of one word or more.
func isKnownName(s string) bool { return knownWord(s) || knownArtist(s) }

// namesKnownArtist: one of the names s credits is a known artist. Most
// titles name no one: they are looked up whole, split only when they hold
// a separator.
func namesKnownArtist(s string) bool {
	if strings.IndexByte(s, ' ') < 0 {
		return false
	}
	if !nameSepBytes.in(s) && !hasSepWord(s) {
		return knownArtist(s)
	}
	for _, name := range splitNames(s, splitTrack).names {
		if knownArtist(name) {
			return true
		}
	}
	return false
}

// nameSepBytes are the bytes splitNames may split at.
var nameSepBytes = newByteSet("&,/+;")

// hasSepWord: s holds " x ", " X ", " and ", " vs", " feat" or " ft",
// where splitNames may split. One pass over the spaces rather than a
// search for each: it runs on the title of every line.
func hasSepWord(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] != ' ' {
			continue
		}
		switch rest := s[i+1:]; rest[0] {
		case 'x', 'X':
			if rest[1] == ' ' {
				return true
			}
		case 'a':
			if strings.HasPrefix(rest, "and ") {
				return true
			}
		case 'v':
			if rest[1] == 's' {
				return true
			}
		case 'f':
			if rest[1] == 't' || rest[1] == '.' || strings.HasPrefix(rest, "feat") {
				return true
			}
		}
	}
	return false
}

// actLowerKey is the key of an act's name in actsWithSeparators.
func actLowerKey(name string) string {
	k := strings.ToLower(name)
	k = strings.ReplaceAll(k, " and ", " & ")
	k = strings.ReplaceAll(k, " vs. ", " vs ")
	k = strings.ReplaceAll(k, " versus ", " vs ")
	k = strings.ReplaceAll(k, " \u00d7 ", " x ")
	return strings.ReplaceAll(k, " + ", " & ")
}

// addAct adds an act to actsWithSeparators, keyed as actKey builds keys:
// lowercase, "and" and "+" written "&", "vs." and "versus" "vs", "×" "x".
func addAct(name string) {
	k := actLowerKey(name)
	actsWithSeparators[k] = true
	first := k
	for _, sep := range [...]string{",", "&", " x ", " vs "} {
		if i := strings.Index(first, sep); i > 0 {
			first = strings.TrimSpace(first[:i])
		}
	}
	actFirstParts[first] = true
	actFirstFilter.add(first)
}

type splitMode uint8

const (
	splitTrack splitMode = iota // track credits: "&", ",", "/", "x", "vs", feat markers
	splitTitle                  // playlist titles: also "and", "b2b", "with"
)

type sepKind uint8

const (
	sepNone sepKind = iota
	sepComma
	sepAmp
	sepAnd
	sepPlus
	sepVs    // "vs", "vs.", "versus"
	sepOther // "/", "x", "b2b", "with"
)

type nameSpan struct {
	start, end int
	sep        sepKind // separator before this span
	feat       bool
}

// splitResult is the outcome of splitting one credit string.
type splitResult struct {
	names    []string
	featured []string
	vs       bool // a "vs" separator was seen: a mashup credit
	// placeholders counts names dropped as placeholders ("ID", "?").
	placeholders int
	// unsure: a split (or a join) that could be read the other way
	// ("Camo & Krooked": one act or two?).
	unsure bool
}

// creditShaped: the names were written as artists are, and titles
// rarely are: with a featured name, "vs." or three names.
func (r splitResult) creditShaped() bool {
	return len(r.featured) > 0 || r.vs || len(r.names) >= 3
}

// splitNames splits a credit string; see the rules at the top of this file.
func splitNames(s string, mode splitMode) splitResult {
	// Names are split from text whose brackets all pair up, so that every
	// name can be written back inside a "(X Remix)" or "(feat. X)" group.
	if !balanced(s) {
		s = dropStrayBrackets(s)
	}
	var res splitResult
	var pairs [128]int32
	splitRange(s, 0, len(s), mode, bracketPairs(s, pairs[:]), false, &res)
	return res
}

// splitRange splits s[lo:hi] into res; allFeat marks everything found as
// featured (the content of a "(feat. X)" group). A featuring group is split
// by a recursive call on its range with the pairs computed once for the
// whole string, so every byte is scanned at one level only and nesting
// stays linear.
func splitRange(s string, lo, hi int, mode splitMode, pairs []int32, allFeat bool, res *splitResult) {
	var stack [8]nameSpan
	spans := stack[:0]
	start := lo
	sep := sepNone
	inFeat := allFeat
	vsSeen := false // a "vs" was cut: flush looks for it after the acts
	cut := func(end int, next int, nextSep sepKind) {
		spans = append(spans, nameSpan{start: start, end: end, sep: sep, feat: inFeat})
		start = next
		sep = nextSep
	}
	// flush emits the names collected so far, in order.
	flush := func() {
		spans = mergeActs(s, spans)
		for k := 0; vsSeen && k < len(spans); k++ {
			// A "vs" left between names, not inside an act's
			// ("Cesare vs Disorder"), marks a mashup.
			res.vs = res.vs || spans[k].sep == sepVs
		}
		if mode == splitTrack {
			spans = joinBands(s, spans, res)
			if strings.IndexByte(s, '/') >= 0 { // a rare byte in names
				spans = splitSlashed(s, spans, res)
			}
		}
		for _, sp := range spans {
			name := trimJunk(s[sp.start:sp.end])
			if len(name) > 1 && (name[0] == '@' || name[0] == '#') && (isDigit(name[1]) || hasLetter(name[1:2])) && !allDigits(name[1:]) {
				name = name[1:] // "@sailorandi": a SoundCloud handle; "#ACDC", a hashtag
			}
			name = stripQuotes(name) // "\"XY\" - La Fiesta"
			if name == "" {
				continue
			}
			// "ID & Someone", "(ID Remix)": a placeholder is not a name.
			if isPlaceholder(name) {
				res.placeholders++
				continue
			}
			// Sized for every span at once: one allocation, not one
			// for each name that outgrows the slice.
			if sp.feat {
				if res.featured == nil {
					res.featured = make([]string, 0, len(spans))
				}
				res.featured = append(res.featured, name)
			} else {
				if res.names == nil {
					res.names = make([]string, 0, len(spans))
				}
				res.names = append(res.names, name)
			}
		}
		spans = spans[:0]
	}
	for i := lo; i < hi; i++ {
		c := s[i]
		if !splitBytes[c] { // most bytes: one look-up
			continue
		}
		switch {
		case isOpen(c):
			// Groups are skipped whole: nothing inside brackets splits,
			// except that a "(feat. X)" group is split as featured names.
			close := int(pairs[i])
			if close < 0 || close >= hi {
				continue
			}
			if rs, re, ok := featContent(s, i+1, close); ok {
				cut(i, close+1, sepOther)
				flush()
				splitRange(s, rs, re, mode, pairs, true, res)
			}
			i = close
			continue
		case c == ',' || c == ';':
			if c == ',' && i > lo && i+1 < hi && isDigit(s[i-1]) && isDigit(s[i+1]) {
				continue
			}
			if c == ';' && i > lo && i+1 < hi && isLowerASCII(s[i-1]) && isLowerASCII(s[i+1]) {
				// "Th;en": a semicolon inside a word is the name's; a tag
				// list glues the next name, which starts with a capital
				// ("Calvin Harris;Dua Lipa").
				continue
			}
			next := i + 1
			if c == ',' && hi-i > 6 && s[i+1] == ' ' && (s[i+2] == 'a' || s[i+2] == '&') {
				// "Nelly, P. Diddy, and Murphy Lee": the serial comma
				// before the last name; the word is no part of it.
				if strings.HasPrefix(s[i+2:hi], "and ") {
					next = i + 6
				} else if strings.HasPrefix(s[i+2:hi], "& ") {
					next = i + 4
				}
			}
			if c == ',' && next == i+1 && hi-i > 5 && s[i+1] == ' ' && (s[i+2]|0x20 == 'f') {
				// "The Blind Boys of Alabama, featuring Mavis Staples": a
				// comma before the featuring word.
				if k := strings.IndexByte(s[i+2:hi], ' '); k > 0 {
					if _, isFeat, _ := classifySepWord(s[i+2:i+2+k], mode); isFeat {
						cut(i, i+3+k, sepOther)
						inFeat = true
						i += 2 + k
						continue
					}
				}
			}
			cut(i, next, sepComma)
			i = next - 1
		case c == ' ':
			k := strings.IndexByte(s[i+1:hi], ' ')
			if k < 0 {
				// A word at the very end separates nothing, but for a
				// featuring word glued to the last name: "Maddslinky
				// feat.Tawiah".
				if n := gluedFeat(s[i+1 : hi]); n > 0 && i != start {
					cut(i, i+1+n, sepOther)
					inFeat = true
					i += n
				}
				continue
			}
			k += i + 1
			w := s[i+1 : k]
			if i == start || len(w) == 0 {
				continue
			}
			kind, isFeat, isVs := classifySepWord(w, mode)
			if isFeat && w == "with" && k+1 < hi && 'a' <= s[k+1] && s[k+1] <= 'z' {
				// "Robots with rayguns": a guest's name is written with
				// a capital; a word in lower case goes on the act's.
				isFeat = false
				res.unsure = true
			}
			if (w == "x" || w == "X") && afterHonorific(s[start:i]) {
				kind = sepNone // "Mr. X & Mr. Y": the letter is the name
			}
			if isFeat {
				if w == "With" || w == "w/" || w == "W/" {
					// "Brothers With Soul": a guest, or a word of the
					// name? "A w/ B": a guest, or a second record?
					res.unsure = true
				}
				cut(i, k+1, sepOther)
				inFeat = true
				i = k
				continue
			}
			if kind == sepNone {
				if n := gluedFeat(w); n > 0 {
					// "Sango ft.Xavier Omär", "The Cage Feat.Nona
					// Hendryx": the featuring word glued to the name.
					cut(i, i+1+n, sepOther)
					inFeat = true
					i += n
				}
				continue
			}
			cut(i, k+1, kind)
			if isVs {
				vsSeen = true
				inFeat = allFeat // "A feat. B vs. C": C is an act again
			}
			i = k
		}
	}
	spans = append(spans, nameSpan{start: start, end: hi, sep: sep, feat: inFeat})
	flush()
}

// gluedFeat: w starts with "ft." or "feat." glued to a name written with
// a capital ("ft.Xavier"); the length of the featuring word, 0 when not.
func gluedFeat(w string) int {
	if len(w) < 5 || w[0]|0x20 != 'f' {
		return 0
	}
	n := 0
	switch {
	case equalFoldASCII(w[:3], "ft."):
		n = 3
	case equalFoldASCII(w[:5], "feat.") && len(w) > 5:
		n = 5
	default:
		return 0
	}
	if c := w[n]; c < 'A' || c > 'Z' {
		return 0
	}
	return n
}

// afterHonorific: s ends with a title of address ("Mr.", "Dr", "Miss"),
// which a name follows, a letter too ("Mr. X", "Dr. X").
func afterHonorific(s string) bool {
	w := s[strings.LastIndexByte(s, ' ')+1:]
	switch strings.ToLower(strings.TrimSuffix(w, ".")) {
	case "mr", "mrs", "ms", "dr", "mister", "miss", "madame", "mme", "sir", "lady", "herr", "frau":
		return true
	}
	return false
}

// dropHonorific: s without a title of address before its first word.
func dropHonorific(s string) string {
	if k := strings.IndexByte(s, ' '); k > 0 && afterHonorific(s[:k]) {
		return s[k+1:]
	}
	return s
}

// splitBytes are the bytes splitRange acts on: openers, commas,
// semicolons and the spaces before a word.
var splitBytes = newByteSet("([{,; ")

// featContent: when s[start:end] is "feat. X" (or "ft X", "with X", ...)
// it returns the bounds of X.
func featContent(s string, start, end int) (int, int, bool) {
	for start < end && s[start] == ' ' {
		start++
	}
	for end > start && s[end-1] == ' ' {
		end--
	}
	rest, ok := cutFeatPrefix(s[start:end], true)
	if !ok || rest == "" {
		return 0, 0, false
	}
	return end - len(rest), end, true
}

// bracketPairs maps the index of every opening bracket of s to the index
// of its partner, -1 when it has none; other entries are -1 too. It is nil
// when s has no brackets. One pass with a stack keeps it linear even for
// "((((((((". It is written into buf when buf is long enough: callers
// pass an array of their stack, so that a line costs no allocation.
func bracketPairs(s string, buf []int32) []int32 {
	if !hasBracket(s) {
		return nil
	}
	var pairs []int32
	if len(s) <= len(buf) {
		pairs = buf[:len(s)] // every entry is written below
	} else {
		pairs = make([]int32, len(s))
	}
	var stackBuf [16]int32
	stack := stackBuf[:0]
	for i := 0; i < len(s); i++ {
		pairs[i] = -1
		switch {
		case isOpen(s[i]):
			stack = append(stack, int32(i))
		case isClose(s[i]) && len(stack) > 0:
			pairs[stack[len(stack)-1]] = int32(i)
			stack = stack[:len(stack)-1]
		}
	}
	return pairs
}

// classifySepWord decides whether a space-delimited word is a separator.
func classifySepWord(w string, mode splitMode) (kind sepKind, feat, vs bool) {
	switch len(w) {
	case 1:
		switch w[0] {
		case '&':
			return sepAmp, false, false
		case '+':
			return sepPlus, false, false
		case '/', 'x', 'X':
			return sepOther, false, false
		case 'e', 'y': // "Antartide e About Blank", "Juanita y los Feos": and
			return sepAnd, false, false
		}
		return sepNone, false, false
	case 2:
		switch w {
		case "\u00d7": // ×
			return sepOther, false, false
		case "f.":
			// "E-40 f. T-Pain": featuring, written short in hip-hop and
			// radio lists. Only lower case: "John F. Kennedy" is an initial.
			return sepNone, true, false
		}
	}
	if len(w) > 10 {
		return sepNone, false, false
	}
	var buf [10]byte
	lw, ok := lowerASCII(buf[:], w)
	if !ok {
		return sepNone, false, false
	}
	switch string(lw) {
	case "vs", "vs.", "versus":
		return sepVs, false, true
	case "feat.", "feat", "ft.", "ft", "featuring", "feat:", "ft:", "featuring:":
		return sepNone, true, false
	case "b2b", "b3b", "b2b2b", "back2back":
		return sepOther, false, false
	case "w/":
		if mode == splitTitle {
			return sepOther, false, false
		}
		// "Rhythm & Sound w/ Savage", "Mike Keneally w/ Andy Partridge":
		// written short, "with" a guest.
		return sepNone, true, false
	case "and", "et", "und", "meets": // "Jeep Grrlz Meets Ogi B"
		return sepAnd, false, false
	case "with":
		if mode == splitTitle {
			return sepOther, false, false
		}
		return sepNone, true, false // "Artist with Guest"
	}
	return sepNone, false, false
}

// cutFeatPrefix recognises "feat. X", "ft X", "featuring X" (and, inside
// brackets, "with X") and returns X.
func cutFeatPrefix(s string, bracket bool) (string, bool) {
	sp := strings.IndexByte(s, ' ')
	if sp <= 0 || sp == len(s)-1 {
		return "", false
	}
	w := s[:sp]
	// Every word below starts with an f or a w: most contents start with
	// another letter, and are passed over without a lowercase copy.
	if len(w) > 10 || w[0]|0x20 != 'f' && w[0]|0x20 != 'w' {
		return "", false
	}
	var buf [10]byte
	lw, ok := lowerASCII(buf[:], w)
	if !ok {
		return "", false
	}
	if w == "f." { // "(f. T-Pain)"; "F." would be an initial
		return trimSpace(s[sp+1:]), true
	}
	switch string(lw) {
	case "feat.", "feat", "ft.", "ft", "featuring", "feat:", "ft:":
		return trimSpace(s[sp+1:]), true
	case "with", "w", "w/":
		// "(With Your Love)", "(With Me)": the title's words, not a guest.
		if rest := trimSpace(s[sp+1:]); bracket && !titleWord(firstWord(rest)) {
			return rest, true
		}
	}
	return "", false
}

// titleWord: a word that starts a phrase of a title, never a name:
// "Your Love", "Me", "The Wind".
func titleWord(w string) bool {
	var buf [8]byte
	l, ok := lowerASCII(buf[:], strings.TrimRight(w, ".,!?"))
	if !ok || len(w) > 8 {
		return false
	}
	switch string(l) {
	case "me", "you", "your", "my", "him", "her", "his", "us", "our", "them", "their", "it", "its",
		"love", "all", "every", "everything", "nothing", "someone", "somebody", "this", "that":
		return true
	}
	return false
}

// joinBands re-joins names that "&", "and" or "+" joined into one act
// by the way they are written: "Kool & the Gang", "Booker T. & The MG's",
// "Chaquito & His Orchestra", "Carlos Niño & Friends", "Florence + The
// Machine", "2000 And One". In track credits "and" joins one act only
// between names of one word ("Simon and Garfunkel"), not after a list's
// commas ("The Funk Hunters, CMC and Silenta"), not next to a name of
// more words ("Joeski And Omar Alexander"). Where the reading could go
// either way ("Camo & Krooked", "Simon and Garfunkel") the result is
// marked unsure.
func joinBands(s string, spans []nameSpan, res *splitResult) []nameSpan {
	if len(spans) < 2 {
		return spans
	}
	out := spans[:1]
	listed := false // a comma came before: "A, B & C" lists acts
	for _, sp := range spans[1:] {
		listed = listed || sp.sep == sepComma
		prev := &out[len(out)-1]
		left := trimSpace(s[prev.start:prev.end])
		right := trimSpace(s[sp.start:sp.end])
		if sp.feat != prev.feat {
			out = append(out, sp)
			continue
		}
		if sp.sep == sepComma && (equalFoldASCII(right, "the") || isCompanyWord(right) ||
			!strings.Contains(left, " ") && !strings.Contains(right, " ") && knownArtist(right+" "+left)) {
			prev.end = sp.end // "Hacker, The", "Ishii, Ken": one name, inverted; "Fingers, Inc."
			continue
		}
		switch sp.sep {
		case sepAmp, sepAnd, sepPlus:
		default:
			if sp.sep == sepComma && (len(left) <= 2 || len(right) <= 2) && !isKnownName(left) && !isKnownName(right) {
				// "K, Le Maestro", "Ja, Panik", "Close, Up, Over": a word
				// that short is more often part of a name than a name.
				res.unsure = true
			}
			out = append(out, sp)
			continue
		}
		// "Mr. X & Mr. Y": a title of address and a word is a name of one word.
		single := !strings.Contains(dropHonorific(left), " ") && !strings.Contains(dropHonorific(right), " ")
		join := startsBand(right) || allDigits(left)
		if join && startsArticle(right) {
			// "Harold Melvin & The Blue Notes", or "Armin van Buuren &
			// The Stickmen Project"? "Celia Cruz & La Sonora Matancera",
			// or "Robyn & La Bagatelle Magique"? Two names known apart
			// are two acts ("Noisia & The Upbeats"); a backing band is
			// rarely known without its leader.
			res.unsure = true
			join = !(isKnownName(left) && isKnownName(right))
		}
		if !join && (sp.sep == sepAnd || sp.sep == sepPlus) && !(strings.Contains(left, " ") && strings.Contains(right, " ")) {
			// "Simon and Garfunkel", "Pev + Kowton": and/+ between one-word
			// names is more often part of one name than "&" is; next to
			// a name of more words ("Joeski And Omar Alexander", "Eddie
			// e Erasto Vasconcelos") or after a list's commas ("The
			// Funk Hunters, CMC and Silenta") it joins names.
			// A known name of more words on one side is an act of its own:
			// "Ivan Gough and Feenixpawl".
			// "Stereotyp meets Al-Haca": "meets" bills two acts, as
			// "vs." does; no act's name is made with it.
			join = sp.sep == sepAnd && single && !listed && !knownArtist(left) && !knownArtist(right) &&
				!equalFoldASCII(trimSpace(s[prev.end:sp.start]), "meets")
			res.unsure = true
		}
		if !join && (single || strings.Contains(left, " ") != strings.Contains(right, " ") && !listed &&
			!(isKnownName(left) && isKnownName(right))) {
			// "Camo & Krooked", "Nick & Danny Chatelain": one act (two
			// people sharing a name) or two? "Sasha & John Digweed" are
			// two known artists; two known words may still be a duo
			// ("Ollie & Jerry").
			res.unsure = true
		}
		if !join && sp.sep == sepAnd {
			res.unsure = true
		}
		if join {
			prev.end = sp.end
			continue
		}
		out = append(out, sp)
	}
	return out
}

// isCompanyWord: "Inc.", "Ltd.": the end of a group's name after a comma.
func isCompanyWord(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if isASCII(s) {
		// Most names are: compared without a lowercase copy.
		return equalFoldASCII(s, "inc") || equalFoldASCII(s, "ltd") || equalFoldASCII(s, "llc") || equalFoldASCII(s, "co")
	}
	switch strings.ToLower(s) {
	case "inc", "ltd", "llc", "co":
		return true
	}
	return false
}

// splitSlashed splits a name at a slash without spaces when a name of
// more than one word stands next to it: "Brian Eno/David Byrne",
// "Firefly/Ursula Rucker". A name of one word on each side is one act's
// ("AC/DC", "Mono/Poly", "KI/KI"), and so is a number ("20/20
// Soundsystem") or a slash in brackets ("Clockwork (C/W)"). Whether
// "A B/C" is one act or two the line does not say: split_unsure. "w/"
// glued to a name is "with": a guest ("Mike Keneally w/Andy Partridge").
func splitSlashed(s string, spans []nameSpan, res *splitResult) []nameSpan {
	// A credit names a few acts: a bound on the splits keeps a line of
	// slashes linear.
	const maxSplits = 8
	splits := 0
	for i := 0; i < len(spans) && splits < maxSplits; i++ {
		sp := spans[i]
		name := trimSpace(s[sp.start:sp.end])
		k := strings.IndexByte(name, '/')
		if k <= 0 || k == len(name)-1 || name[k-1] == ' ' || name[k+1] == ' ' || strings.ContainsAny(name[:k], "([{") {
			continue
		}
		left, right := name[:k], name[k+1:]
		if !strings.Contains(left, " ") && !strings.Contains(right, " ") ||
			!hasLetter(left) || !hasLetter(right) || allDigits(firstWord(right)) {
			continue
		}
		splits++
		at := strings.Index(s[sp.start:sp.end], name) + sp.start + k
		first, second := sp, sp
		first.end, second.start, second.sep = at, at+1, sepOther
		if w := strings.LastIndexByte(left, ' '); w > 0 && (left[w+1:] == "w" || left[w+1:] == "W") {
			// "Mike Keneally w/Andy Partridge": with a guest, who is
			// featured, as are the names after.
			first.end = at - 1
			for j := i + 1; j < len(spans); j++ {
				spans[j].feat = true
			}
			second.feat = true
		} else {
			res.unsure = true
		}
		spans[i] = first
		spans = slices.Insert(spans, i+1, second)
	}
	return spans
}

// startsBand: the second half of a band name ("the Gang", "His
// Orchestra", "Friends", "Co."; French and German "et son Orgue", "und
// seine Band": and his organ, and his band).
func startsBand(s string) bool {
	w, rest, _ := strings.Cut(s, " ")
	var buf [12]byte
	l, ok := lowerASCII(buf[:], strings.TrimRight(w, ".,"))
	if !ok {
		return false
	}
	switch string(l) {
	case "the", "his", "her", "their", "los", "la", "le", "les":
		return rest != ""
	case "son", "sa", "ses", "sein", "seine":
		// Written in lower case mid-name only: "Son Of Son" is a name.
		return rest != "" && w == string(l)
	case "friends", "co", "company", "orchestra", "band", "crew",
		// "Rhythm Combination And Brass": a band's section alone is
		// no act of its own.
		"brass", "strings", "horns", "chorus", "choir":
		return rest == ""
	}
	return false
}

// startsArticle: s starts with an article, as a band's name may ("The
// Gang", "La Sonora Matancera", "Los Lobos"), and so may an act's own.
func startsArticle(s string) bool {
	w, rest, _ := strings.Cut(s, " ")
	switch strings.ToLower(w) {
	case "the", "los", "la", "le", "les":
		return rest != ""
	}
	return false
}

// mergeActs re-joins neighbouring names that together form a known act
// ("Above" & "Beyond"). It tries the longest window first so "Earth, Wind &
// Fire" wins over a shorter match.
func mergeActs(s string, spans []nameSpan) []nameSpan {
	if len(spans) < 2 {
		return spans
	}
	var kb [128]byte
	out := spans[:0]
	for i := 0; i < len(spans); {
		merged := false
		name := trimSpace(s[spans[i].start:spans[i].end])
		// The filter knows the keys' ASCII bytes: a name with others
		// ("Peter, Björn & John") is looked up lowercased.
		if !actFirstFilter.may(name) && isASCII(name) {
			out = append(out, spans[i])
			i++
			continue
		}
		first, ok := lowerASCII(kb[:], name)
		if !ok { // a letter beyond ASCII ("Peter, Björn & John")
			first, ok = appendLowerName(kb[:0], name)
		}
		if ok && actFirstParts[string(first)] {
			for w := 4; w >= 2 && !merged; w-- {
				if i+w > len(spans) {
					continue
				}
				key, ok := actKey(kb[:0], s, spans[i:i+w])
				if ok && actsWithSeparators[string(key)] {
					sp := spans[i]
					sp.end = spans[i+w-1].end
					out = append(out, sp)
					i += w
					merged = true
				}
			}
		}
		if !merged {
			out = append(out, spans[i])
			i++
		}
	}
	return out
}

// actKey builds the lookup key of a window of names, or ok=false when the
// window crosses a separator that never occurs inside an act name.
func actKey(b []byte, s string, w []nameSpan) ([]byte, bool) {
	for j, sp := range w {
		if j > 0 {
			if sp.feat != w[0].feat {
				return nil, false
			}
			switch sp.sep {
			case sepComma:
				b = append(b, ", "...)
			case sepAmp, sepAnd, sepPlus:
				b = append(b, " & "...)
			case sepVs:
				b = append(b, " vs "...)
			case sepOther:
				// "GD X TAEYANG", "Gina X Performance": an x, not a slash.
				switch trimSpace(s[w[j-1].end:sp.start]) {
				case "x", "X", "\u00d7":
					b = append(b, " x "...)
				default:
					return nil, false
				}
			default:
				return nil, false
			}
		}
		name := trimSpace(s[sp.start:sp.end])
		// "Dimitri Vegas & Like Mike (Mysteryland)": annotations after an
		// act's name do not stop it from matching.
		if k := strings.IndexAny(name, "(["); k > 0 {
			name = trimSpace(name[:k])
		}
		if len(b)+len(name) > cap(b) {
			return nil, false
		}
		for k := 0; k < len(name); k++ {
			c := name[k]
			if c >= utf8.RuneSelf {
				var ok bool
				if b, ok = appendLowerName(b, name[k:]); !ok {
					return nil, false
				}
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
	}
	return b, true
}

// appendLowerName appends name lowercased to b, as addAct keys names
// (strings.ToLower: "Peter, Björn & John", "Kruse & Nürnberg"); ok is
// false when it does not fit in cap(b), which keeps the key on the
// caller's stack.
func appendLowerName(b []byte, name string) ([]byte, bool) {
	if len(b)+len(name) > cap(b) {
		return nil, false
	}
	for k := 0; k < len(name); k++ {
		c := name[k]
		if c >= utf8.RuneSelf {
			// A letter of another script: lowered rune by rune. Its
			// lower case may take more bytes than it ("Ⱥ"): checked.
			r, n := utf8.DecodeRuneInString(name[k:])
			r = unicode.ToLower(r)
			if len(b)+utf8.RuneLen(r)+len(name)-k-n > cap(b) {
				return nil, false
			}
			b = utf8.AppendRune(b, r)
			k += n - 1
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b, true
}

// SplitArtists splits an artist credit as scrapers deliver it into primary
// and featured artists, after removing cue and position prefixes ("[40:54]",
// "+ #", "01.", "- "). The input is cleaned first (valid UTF-8, NFC,
// collapsed whitespace); names are returned as written.
//
//	SplitArtists("[??:??] + CamelPhat")                 -> [CamelPhat], []
//	SplitArtists("Adam Beyer, Bart Skils feat. Ida")    -> [Adam Beyer, Bart Skils], [Ida]
//	SplitArtists("Above & Beyond & Seven Lions")        -> [Above & Beyond, Seven Lions], []
func SplitArtists(credit string) (primary, featured []string) {
	s, _ := cleanText(credit)
	s, _, _ = stripPrefixes(s, prefixOpts{})
	r := splitNames(s, splitTrack)
	if r.names == nil {
		r.names = []string{}
	}
	if r.featured == nil {
		r.featured = []string{}
	}
	return r.names, r.featured
}

// ArtistKey returns the key under which two spellings of one artist compare
// equal: "Deadmau5", "deadmau5" and "DEADMAU5" share a key, as do "Fred
// again.." and "Fred Again". It is NFC, Unicode full case folding ("ß" ->
// "ss"), apostrophes and periods removed ("D'Agostino" = "DAgostino",
// "B.Traits" = "BTraits"), any other punctuation or symbol run turned into
// one space, trimmed. Letters of every script and their diacritics are kept:
// "Tiësto" and "Tiesto" are different keys, as are "Röyksopp" and
// "Royksopp". A name made only of symbols ("!!!") keys to its case-folded
// self rather than to "".
//
// ArtistKey is a comparison key for deduplicating and matching artists; it
// is not the track-ID normaliser (that is Norm, frozen for compatibility).
func ArtistKey(name string) string {
	s, _ := cleanText(name)
	if k, ok := artistKeyASCII(s); ok {
		return k
	}
	folded := foldCase(s)
	var b strings.Builder
	b.Grow(len(folded))
	pending := false
	for _, r := range folded {
		switch {
		case r == '\'' || r == '.' || r == '\u2019' || r == '\u02BC' || r == '`' || r == '\u00B4':
			continue
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			if pending && b.Len() > 0 {
				b.WriteByte(' ')
			}
			pending = false
			b.WriteRune(r)
		default:
			pending = true
		}
	}
	if b.Len() == 0 {
		return folded
	}
	out := b.String()
	if !norm.NFC.IsNormalString(out) {
		out = norm.NFC.String(out)
	}
	return out
}

// artistKeyASCII is ArtistKey's loop for a cleaned name in ASCII, the
// usual case, in one pass and at most one allocation (none when the name
// is its own key); ok is false for any other name. In ASCII, folding is
// lowercasing, the letters and numbers are a-z and 0-9, no byte is a mark,
// and the result is NFC.
func artistKeyASCII(s string) (key string, ok bool) {
	var buf [64]byte
	b := buf[:0]
	pending := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return "", false
		case c == '\'' || c == '.' || c == '`':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
		default:
			pending = true
			continue
		}
		if pending && len(b) > 0 {
			b = append(b, ' ')
		}
		pending = false
		b = append(b, c)
	}
	if len(b) == 0 {
		return strings.ToLower(s), true
	}
	if string(b) == s {
		return s, true
	}
	return string(b), true
}

// foldCase applies Unicode full case folding ("ß" -> "ss"), with an
// allocation-light ASCII path.
func foldCase(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	// A Caser is stateful and must not be shared between goroutines, so
	// one is made per call; this path only runs for non-ASCII names.
	out := cases.Fold().String(s)
	// Unicode folds Cherokee to its uppercase letters, but x/text maps
	// each case to the other, which is not idempotent; settle on
	// uppercase as CaseFolding.txt does.
	if strings.ContainsFunc(out, isCherokeeSmall) {
		out = strings.Map(func(r rune) rune {
			switch {
			case 0x13F8 <= r && r <= 0x13FD:
				return r - 8
			case 0xAB70 <= r && r <= 0xABBF:
				return r - 0xAB70 + 0x13A0
			}
			return r
		}, out)
	}
	if !norm.NFC.IsNormalString(out) {
		out = norm.NFC.String(out)
	}
	return out
}

func isCherokeeSmall(r rune) bool {
	return (0x13F8 <= r && r <= 0x13FD) || (0xAB70 <= r && r <= 0xABBF)
}
