package tracklist

import (
	"strings"
)

// Title suffixes: versions, remixes, featuring.
//
// A suffix is the content of a trailing bracket group ("(Four Tet Remix)",
// "[Extended Mix]", "(feat. X)") or the text after a trailing dash
// separator (" - Freemasons Radio Edit"). It is read right to left:
//
//	[remixer names] [qualifier words] KIND [year]
//
// KIND is the last word. Its class decides what the suffix means:
//
//	remix-like   remix rmx rework flip bootleg refix rerub remake mashup
//	             -> a remix; remixers are whatever precedes the qualifiers
//	             ("(X & Y Remix)"); with no names it is still a remix
//	             ("(Remix)"), of unknown remixers.
//	edit-like    edit vip dub mix version cut
//	             -> with names a remix ("(Four Tet Edit)", "(Tiga Dub)"),
//	             without names a version ("(Radio Edit)", "(Club Mix)",
//	             "(VIP Mix)", "(Extended Version)").
//	version-only instrumental extended remaster(ed) acapella live clean ...
//	             -> a version when alone or with qualifiers only.
//
// Qualifier words (original, extended, radio, club, vocal, dub, short,
// piano, acid, summer, years, ...) are consumed only when adjacent to the
// kind word, so "(Radio Slave Remix)" is a remix by Radio Slave while
// "(Extended Vocal Mix)" is a version. Anything else ("(It Goes Like)",
// "(Stay Away)", "(2024)") is not a suffix and stays in the title.

type sufKind uint8

const (
	sufNone sufKind = iota
	sufFeat
	sufVersion
	sufRemix
)

type suffixClass struct {
	kind      sufKind
	names     string // featured names (sufFeat) or remixer credit (sufRemix)
	version   string
	remixKind string
	mashup    bool
}

type kindClass uint8

const (
	kindNone kindClass = iota
	kindRemixLike
	kindEditLike
	kindVersionOnly
)

// kindWord maps a lowercase kind word to its class and canonical name.
func kindWord(w string) (kindClass, string) {
	switch w {
	case "remix", "rmx", "re-mix":
		return kindRemixLike, "remix"
	case "rework", "re-work":
		return kindRemixLike, "rework"
	case "flip":
		return kindRemixLike, "flip"
	case "bootleg":
		return kindRemixLike, "bootleg"
	case "refix", "re-fix":
		return kindRemixLike, "refix"
	case "rerub", "re-rub":
		return kindRemixLike, "rerub"
	case "remake":
		return kindRemixLike, "remake"
	case "mashup", "mash-up":
		return kindRemixLike, "mashup"
	case "edit", "re-edit", "reedit":
		return kindEditLike, "edit"
	case "vip":
		return kindEditLike, "vip"
	case "dub":
		return kindEditLike, "dub"
	case "mix":
		return kindEditLike, "mix"
	case "version":
		return kindEditLike, "version"
	case "cut":
		return kindEditLike, "cut"
	case "instrumental", "extended", "remaster", "remastered", "acapella", "acappella",
		"a-cappella", "cappella", "live", "clean", "dirty", "explicit", "mono", "stereo":
		return kindVersionOnly, w
	}
	return kindNone, ""
}

// isQualifier lists words that describe a version rather than name a
// remixer when they stand right before the kind word.
func isQualifier(w string) bool {
	switch w {
	case "original", "extended", "radio", "club", "dub", "vocal", "instrumental",
		"short", "long", "intro", "outro", "clean", "dirty", "explicit", "main",
		"festival", "acoustic", "alternative", "alternate", "alt", "album",
		"single", "mono", "stereo", "live", "vip", "remastered", "remaster",
		"digital", "special", "full", "official", "piano", "acid", "deep",
		"dark", "summer", "sunset", "ibiza", "electro", "classic", "tech",
		"techno", "house", "trance", "progressive", "edm", "re", "12\"", "7\"",
		"12''", "7''", "12inch", "7inch", "12-inch", "7-inch", "extended.", "mixed",
		"reprise", "dance", "beatless", "acapella":
		return true
	}
	return isYear(w)
}

func isYear(w string) bool {
	if len(w) == 5 && w[0] == '\'' { // '98
		w = w[1:]
	}
	if len(w) != 4 {
		return false
	}
	return (w[0] == '1' && w[1] == '9' || w[0] == '2' && w[1] == '0') && isDigit(w[2]) && isDigit(w[3])
}

// classifySuffix classifies a suffix; bracket tells whether it came from a
// bracket group (only there does "with X" mean featuring).
func classifySuffix(content string, bracket bool) suffixClass {
	content = trimSpace(dropStrayBrackets(content))
	if content == "" {
		return suffixClass{}
	}
	if rest, ok := cutFeatPrefix(content, bracket); ok {
		if rest == "" {
			return suffixClass{}
		}
		return suffixClass{kind: sufFeat, names: rest}
	}
	if len(content) > 120 {
		return suffixClass{}
	}
	// Walk words from the right.
	end := len(content)
	var buf [16]byte
	word := func(to int) (from int, lw string, ok bool) {
		// Words end at spaces, commas and semicolons ("X,Radio Edit").
		from = strings.LastIndexAny(content[:to], " ,;") + 1
		w := content[from:to]
		w = strings.TrimRight(w, ".,")
		if w == "" || len(w) > len(buf) {
			return from, "", false
		}
		l, ok := lowerASCII(buf[:], w)
		if !ok {
			return from, "", false
		}
		return from, string(l), true
	}
	// trailing years: "Remastered 2011"
	kwEnd := end
	for kwEnd > 0 {
		from, lw, ok := word(kwEnd)
		if !ok || !isYear(lw) {
			break
		}
		kwEnd = trimSpaceEnd(content, from)
	}
	if kwEnd == 0 {
		return suffixClass{}
	}
	kwStart, lw, ok := word(kwEnd)
	if !ok {
		return suffixClass{}
	}
	class, canon := kindWord(lw)
	if class == kindNone {
		return suffixClass{}
	}
	// qualifiers before the kind word
	qStart := kwStart
	promoted := false
	for qStart > 0 {
		to := trimSpaceEnd(content, qStart)
		from, lq, ok := word(to)
		if !ok {
			break
		}
		if c, _ := kindWord(lq); c == kindRemixLike {
			promoted = true // "(X Remix Edit)" is a remix
		} else if !isQualifier(lq) && !(lq == "a" && canon == "cappella") {
			break
		}
		qStart = from
	}
	prefix := trimJunk(content[:qStart])
	qual := trimSpace(content[qStart:kwStart])
	if prefix != "" && isStopPrefix(prefix) {
		return suffixClass{}
	}
	sc := suffixClass{mashup: canon == "mashup"}
	switch {
	case class == kindRemixLike || promoted:
		sc.kind = sufRemix
		sc.names = prefix
		sc.remixKind = canon
		if promoted && class != kindRemixLike {
			sc.remixKind = "remix"
		}
		if class == kindEditLike && !promoted {
			sc.version = qual
		} else {
			sc.version = stripRemixWords(qual)
		}
	case class == kindEditLike:
		if prefix == "" {
			sc.kind = sufVersion
			sc.version = content
		} else {
			sc.kind = sufRemix
			sc.names = prefix
			sc.remixKind = canon
			if qual != "" {
				sc.version = qual + " " + content[kwStart:]
			}
		}
	default: // version-only
		if prefix != "" {
			return suffixClass{}
		}
		sc.kind = sufVersion
		sc.version = content
	}
	return sc
}

func trimSpaceEnd(s string, i int) int {
	for i > 0 && (s[i-1] == ' ' || s[i-1] == ',' || s[i-1] == ';') {
		i--
	}
	return i
}

// stripRemixWords drops remix-like kind words from a qualifier string
// ("Remix Radio" -> "Radio").
func stripRemixWords(q string) string {
	if q == "" {
		return q
	}
	fields := strings.Fields(q)
	out := fields[:0]
	for _, f := range fields {
		if c, _ := kindWord(strings.ToLower(f)); c == kindRemixLike {
			continue
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}

// isStopPrefix rejects "remixer" texts that are plainly words of a title:
// "(The Mix)", "(My Version)", "(In The Mix)".
func isStopPrefix(p string) bool {
	if len(p) > 12 {
		return false
	}
	var buf [12]byte
	l, ok := lowerASCII(buf[:], p)
	if !ok {
		return false
	}
	switch string(l) {
	case "the", "my", "your", "our", "his", "her", "their", "this", "that",
		"in the", "in", "on", "of", "to", "for":
		return true
	}
	return false
}

// titleParts collects what processTitle peels off a title.
type titleParts struct {
	title        string
	version      string
	remixKind    string
	remixers     []string
	featured     []string
	extraArtists []string
	isRemix      bool
	isMashup     bool
}

// processTitle peels suffixes off the end of a title part; see the comment
// at the top of this file and ParseLine.
func processTitle(s string, tp *titleParts) {
	var versions [4]string
	nv := 0
	// Suffixes are found right to left; remixer groups are collected in
	// that order and reversed at the end so they read left to right.
	remixStart := len(tp.remixers)
	featStart := len(tp.featured)
	for iter := 0; iter < 8; iter++ {
		s = trimJunk(s)
		if open, content, ok := trailingGroup(s); ok {
			if sc := classifySuffix(content, true); sc.kind != sufNone {
				applySuffix(tp, sc, &versions, &nv)
				s = s[:open]
				continue
			}
			break
		}
		if sep, ok := lastDashSep(s); ok {
			if sc := classifySuffix(s[sep.end:], false); sc.kind != sufNone {
				applySuffix(tp, sc, &versions, &nv)
				s = s[:sep.start]
				continue
			}
		}
		break
	}
	reverse(tp.remixers[remixStart:])
	reverse(tp.featured[featStart:])
	// A bare "feat. X" left in the title: "Guess featuring Billie Eilish".
	s = trimJunk(s)
	if i, j, ok := findFeatWord(s); ok {
		r := splitNames(s[j:], splitTrack)
		tp.featured = appendUnique(tp.featured, r.names...)
		tp.featured = appendUnique(tp.featured, r.featured...)
		s = trimJunk(s[:i])
	}
	tp.title = trimJunk(stripQuotes(trimJunk(s)))
	switch nv {
	case 0:
	case 1:
		tp.version = versions[0]
	default:
		// collected right to left; present left to right
		parts := make([]string, nv)
		for i := 0; i < nv; i++ {
			parts[i] = versions[nv-1-i]
		}
		tp.version = strings.Join(parts, ", ")
	}
}

func applySuffix(tp *titleParts, sc suffixClass, versions *[4]string, nv *int) {
	switch sc.kind {
	case sufFeat:
		r := splitNames(sc.names, splitTrack)
		// right-to-left collection: add in reverse so the final reverse
		// restores reading order
		for i := len(r.featured) - 1; i >= 0; i-- {
			tp.featured = appendUnique(tp.featured, r.featured[i])
		}
		for i := len(r.names) - 1; i >= 0; i-- {
			tp.featured = appendUnique(tp.featured, r.names[i])
		}
	case sufRemix:
		tp.isRemix = true
		if sc.mashup {
			tp.isMashup = true
		}
		if tp.remixKind == "" {
			tp.remixKind = sc.remixKind
		}
		if sc.names != "" {
			r := splitNames(sc.names, splitTrack)
			for i := len(r.names) - 1; i >= 0; i-- {
				tp.remixers = appendUnique(tp.remixers, r.names[i])
			}
		}
		if sc.version != "" && *nv < len(versions) {
			versions[*nv] = sc.version
			*nv++
		}
	case sufVersion:
		if *nv < len(versions) {
			versions[*nv] = sc.version
			*nv++
		}
	}
}

func reverse(s []string) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// findFeatWord finds a featuring marker word outside brackets and returns
// the byte range [i, j) of " feat. " so that s[:i] is the title and s[j:]
// the featured credit.
func findFeatWord(s string) (i, j int, ok bool) {
	depth := 0
	for p := 0; p < len(s); p++ {
		c := s[p]
		switch {
		case isOpen(c):
			depth++
		case isClose(c):
			if depth > 0 {
				depth--
			}
		case c == ' ' && depth == 0 && p > 0:
			k := strings.IndexByte(s[p+1:], ' ')
			if k < 0 {
				return 0, 0, false
			}
			k += p + 1
			if _, feat, _ := classifySepWord(s[p+1:k], splitTrack); feat {
				return p, k + 1, true
			}
		}
	}
	return 0, 0, false
}

// endsWithVersionWord reports whether the last word of a name is a
// qualifier or kind word ("Radio"), which a "(... Remix)" group would read
// as part of the version rather than of the name.
func endsWithVersionWord(name string) bool {
	w := name[strings.LastIndexAny(name, " ,;")+1:]
	w = strings.TrimRight(w, ".,")
	var buf [16]byte
	l, ok := lowerASCII(buf[:], w)
	if !ok {
		return false
	}
	if c, _ := kindWord(string(l)); c != kindNone {
		return true
	}
	return isQualifier(string(l)) || string(l) == "a"
}
