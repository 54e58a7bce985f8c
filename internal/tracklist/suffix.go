package tracklist

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Title suffixes: versions, remixes, featuring.
//
// A suffix is the content of a trailing bracket group ("(Four Tet Remix)",
// "[Extended Mix]", "(feat. X)") or the text after a trailing dash
// separator (" - Freemasons Radio Edit"). It is read right to left:
//
//	[remixer names] [descriptor words] KIND [number or year]
//
// KIND is the last word (numbers and years after it, "Mix 2", "Remastered
// 2011", are part of the version). Its class decides what the suffix
// means:
//
//	remix-like   remix rmx rework flip bootleg refix rerub remake reshape
//	             mashup -> a remix; remixers are the names before the
//	             descriptors ("(X & Y Remix)"); with no names it is still a
//	             remix ("(Remix)"), of unknown remixers.
//	edit-like    edit vip dub mix version cut edition -> with names a remix
//	             ("(Four Tet Edit)", "(Tiga Dub)"), without names a version
//	             ("(Radio Edit)", "(Club Mix)", "(VIP Mix)").
//	version-only instrumental extended remaster(ed) acapella live clean
//	             intro interlude demo ... -> a version.
//
// Descriptor words (original, extended, radio, club, vocal, dub, raw,
// private, unreleased, jazz, piano, night, years, event tags like UMF...)
// are taken only where they stand next to the kind word, so "(Radio Slave
// Remix)" is a remix by Radio Slave while "(Extended Vocal Mix)" is a
// version and "(Tiësto Raw Remix)" a remix by Tiësto. A possessive ends
// the names: "(Intrusion's Road To Zion Dub)" is a remix by Intrusion,
// version "Road To Zion Dub". Anything else ("(It Goes Like)", "(Stay
// Away)", "(2024)") is not a suffix and stays in the title.
//
// The version is every word of the group that is not a name, as written;
// a group whose only other word is "Remix" has none: "(Four Tet Remix)"
// has no version, "(Four Tet Edit)" has "Edit", "(Tiësto Raw Remix)" has
// "Raw Remix".
//
// "Mix", "Version", "Dub" and "Cut" are also the last word of names of
// versions ("(Limelight Mix)": a club? a remixer?): a credit of one of
// them with a name before it is a guess (credit_unsure): a known artist is
// the remixer, and so is a DJ known by one word that is a word of the
// language too (djs.txt: "Function", "Powder"); ordinary English words
// (words.txt: "Oak Lawn", "The Vibe") name the version; other words name
// a remixer ("Hardfloor"). A known name ends the names: "(Deetron
// Rollerskate Remix)" is Deetron's "Rollerskate Remix".

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
	unsure    bool // a name or a descriptor? see above
	coined    bool // its kind word is coined ("Remode", "Weemix")
	note      bool // names the record the track is on, no version: "(Under The Ice LP)"
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
	case "remix", "rmx", "re-mix", "remixed", "remixes", "rmxs":
		return kindRemixLike, "remix"
	case "rework", "re-work", "reworked", "rewerk", "reconfiguration", "retake":
		return kindRemixLike, "rework"
	case "redub", "re-dub":
		return kindRemixLike, "redub"
	case "flip":
		return kindRemixLike, "flip"
	case "bootleg":
		return kindRemixLike, "bootleg"
	case "refix", "re-fix":
		return kindRemixLike, "refix"
	case "rerub", "re-rub":
		return kindRemixLike, "rerub"
	case "remake", "reshape", "reconstruction", "reinterpretation", "interpretation", "retouch", "re-touch",
		"reconstructed", "reimagined", "re-imagined", "reimagination", "remodel", "remodelled":
		return kindRemixLike, "remake"
	case "mashup", "mash-up":
		return kindRemixLike, "mashup"
	case "edit", "re-edit", "reedit", "edition":
		return kindEditLike, "edit"
	case "vip":
		return kindEditLike, "vip"
	case "dub", "dubmix":
		return kindEditLike, "dub"
	case "mix":
		return kindEditLike, "mix"
	case "version", "vrs", "vrs.", "vers.", "ver.": // "(Original Vrs.)"
		return kindEditLike, "version"
	case "cut":
		return kindEditLike, "cut"
	case "blend":
		return kindEditLike, "blend"
	case "treatment", "revision", "revamp", "workout", "rub":
		// "(Kerri Chandler Workout)", "(X Treatment)", as remixers name
		// their versions; "(Piano Workout)" names a version only.
		return kindEditLike, w
	case "introduction":
		// "Warmup Sessions 16 Introduction": an intro, written out; as
		// doubtful as one (a show's, or an album's?).
		return kindVersionOnly, "intro"
	case "instrumental", "extended", "remaster", "remastered", "acapella", "acappella",
		"a-cappella", "cappella", "capella", "live", "clean", "dirty", "explicit", "mono", "stereo",
		"intro", "outro", "interlude", "demo", "alt", "reprise", "skit", "dubplate", "loop", "clip",
		"vocal", "vocals", "beats", "drums", "anthem", "tool", "excerpt", "cover", "original",
		"inst", "inst.", "instr", "instr.", "take", "accapella", "sample", "samples", "extract", "redux",
		"alternate", "snippet", "snippets", "downmix", "megamix", "ep", "lp",
		"solo", "session": // "(Piano Solo)", "(Peel Session)": how it was played
		return kindVersionOnly, w
	}
	if len(w) > 7 && (strings.HasSuffix(w, "apella") || strings.HasSuffix(w, "appella")) {
		return kindVersionOnly, w // "(Stringapella)", "(Dubapella)": an a cappella of one part
	}
	return kindNone, ""
}

// coinedRework: a word made with "re-" after a name ("(Nathan G
// Re-Feel)"): people coin such words for their reworks. Alone it may be a
// name ("[Re-Loop]").
func coinedRework(w string) bool {
	return len(w) > 4 && strings.HasPrefix(w, "re-") && 'a' <= w[3] && w[3] <= 'z' || coinedGlued(w)
}

// gluedMix: "Weemix" in "(FCL Weemix)", a mix's kind glued to a word;
// alone such a word is a name as often ("(Harmonimix)", "[Offbokmix]"):
// alone in round brackets it is read as a version in doubt ("(Clubmix)"),
// in square ones left to the label.
func gluedMix(w string) bool {
	return len(w) > 5 && strings.HasSuffix(w, "mix") && allLetters(w) && !strings.HasSuffix(w, "remix")
}

// coinedGlued: a word coined with "re" glued to a word of the language,
// itself none ("(Tannergaard Remode)", "(Priori Rezone)"); a guess, as
// it may be a name ("Reeves"). Words of the language ("Recall",
// "Rebirth") are left to the title.
func coinedGlued(w string) bool {
	return len(w) >= 5 && strings.HasPrefix(w, "re") && allLetters(w) && plainWords(w[2:]) && !plainWords(w)
}

// plainQualifier: a qualifier that is rarely a word of a name.
func plainQualifier(w string) bool {
	switch w {
	case "original", "extended", "extended.", "radio", "club", "vocal", "vocals", "vox", "instrumental",
		"dub", "short", "long", "intro", "outro", "clean", "explicit", "main", "acoustic", "alternative",
		"alternate", "alt", "album", "single", "remastered", "remaster", "re", "mixed", "acapella",
		"vip", "live", "12\"", "7\"", "12''", "7''", "12inch", "7inch", "12-inch", "7-inch", "unreleased":
		return true
	}
	return false
}

// isQualifier lists words that describe a version rather than name a
// remixer when they stand right before the kind word.
func isQualifier(w string) bool {
	switch w {
	case "original", "extended", "radio", "club", "dub", "vocal", "vocals", "vox", "instrumental",
		"short", "long", "intro", "outro", "clean", "dirty", "explicit", "main",
		"festival", "acoustic", "alternative", "alternate", "alt", "album",
		"single", "mono", "stereo", "live", "vip", "remastered", "remaster",
		"digital", "special", "full", "official", "piano", "acid", "deep",
		"dark", "summer", "sunset", "sunrise", "ibiza", "electro", "classic", "tech",
		"techno", "house", "trance", "progressive", "edm", "re", "12\"", "7\"",
		"12''", "7''", "12inch", "7inch", "12-inch", "7-inch", "extended.", "mixed",
		"reprise", "dance", "beatless", "acapella", "raw", "private", "unreleased", "secret",
		"bonus", "hidden", "rough", "final", "early", "late", "night", "day", "morning",
		"afternoon", "midnight", "winter", "spring", "autumn", "warehouse", "underground",
		"peak", "tool", "dj", "loop", "beat", "beats", "bass", "drum", "drums", "rhythm",
		"organ", "guitar", "sax", "strings", "string", "synth", "keys", "orchestral",
		"symphonic", "unplugged", "jazz", "jazzy", "soul", "soulful", "disco", "funk", "funky",
		"boogie", "afro", "latin", "bossa", "samba", "reggae", "tribal", "dubstep", "garage", "jungle", "dnb", "breaks",
		"breakbeat", "ambient", "chill", "lounge", "downtempo", "rave", "hardcore", "hard",
		"soft", "slow", "fast", "minimal", "melodic", "organic", "old", "skool", "school",
		"oldskool", "new", "retro", "groovy", "vintage", "anthem", "lp", "ep", "cd", "vinyl",
		"tape", "cassette", "demo", "revisited", "rerecorded", "re-recorded", "usa", "umf", "edc", "asot", "ade", "wmc", "mmw", "tomorrowland", "coachella", "miami",
		"essential", "deluxe", "revival", "reconstructed", "reworked", "edited", "alternativ",
		"short-cut", "long-cut", "stripped", "ballad", "capella", "cappella", "mashup",
		"part", "pt", "vol", "guest", "groove", "super", "discotheque", "retouched", "excerpt",
		"slowed", "sped", "reverb", "nightcore", "4/4", "4x4", "inch":
		return true
	}
	// "('99 Original Version)": a year written short is no name.
	return isYear(w) || len(w) == 3 && w[0] == '\'' && isDigit(w[1]) && isDigit(w[2]) || clockWord(w) || weekday(w)
}

// clockWord: an hour of the day ("5pm", "4am"), as versions are named
// after when they are played ("(Sunday 5pm Remix)"), as after "sunset".
func clockWord(w string) bool {
	n := len(w)
	return n >= 3 && n <= 4 && (w[n-2:] == "am" || w[n-2:] == "pm") && allDigits(w[:n-2])
}

// weekday: a day of the week, lower case ("(Sunday Morning Mix)").
func weekday(w string) bool {
	switch w {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// withoutWord starts a credit that says what the version goes without:
// "(No Break Edit)", "(Without Drums Mix)".
func withoutWord(w string) bool { return w == "no" || w == "without" }

// genreWord: a genre a version may be named after ("(Rock Remix)", "(Trap
// Mix)") that is also the end of names ("TV Rock", "Kid Rock", "Iggy
// Pop"): a version's only as the credit's first word.
func genreWord(w string) bool {
	switch w {
	case "rock", "pop", "punk", "metal", "country", "gospel", "rnb", "trap", "drill", "grime",
		"electronic", "industrial", "psychedelic", "psy", "hardstyle", "moombahton", "rap", "hip-hop", "hiphop":
		return true
	}
	return false
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

// isYearWord: a year, or a year as DJs write it ("2K23", "2k19").
func isYearWord(w string) bool {
	return isYear(w) || len(w) == 4 && w[0] == '2' && (w[1] == 'k' || w[1] == 'K') && isDigit(w[2]) && isDigit(w[3])
}

// isVersionNumber: what may follow a kind word in a version: a year, a
// small number ("Mix 2", "Edit 01"), a roman numeral up to X.
func isVersionNumber(w string) bool {
	w = strings.TrimPrefix(w, "#")
	if isYear(w) || allDigits(w) && len(w) <= 3 {
		return true
	}
	if isYearWord(w) {
		return true
	}
	switch w {
	case "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x":
		return true
	}
	return false
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
	// "(John Talabot Remix ?)", "(Mix?)": the one who wrote the list
	// was unsure, and so is the parse. A mark glued to a version stays
	// in it, as written ("Mix?").
	content, unsure := strings.CutSuffix(content, " ?")
	glued := false
	if !unsure && len(content) > 1 && content[len(content)-1] == '?' && content[len(content)-2] != '?' {
		content, unsure, glued = content[:len(content)-1], true, true
	}
	// "(incl. Glenn Underground Remix)": the record's other side.
	for _, p := range [...]string{"incl. ", "including "} {
		if hasPrefixFoldASCII(content, p) {
			content = trimSpace(content[len(p):])
		}
	}
	// "(live at NPR Music Tiny Desk Concert)", "(Recorded Live at X)".
	for _, p := range [...]string{"live at ", "live from ", "recorded at ", "recorded live at ", "live in "} {
		if hasPrefixFoldASCII(content, p) {
			return suffixClass{kind: sufVersion, version: content}
		}
	}
	if formatWord(content) {
		return suffixClass{kind: sufVersion, version: content} // "(12″)": the record's format
	}
	if equalFoldASCII(content, "working title") {
		return suffixClass{kind: sufVersion, version: content} // "ID 02 (Working Title)"
	}
	// Every credit classifyCredit reads passes mayBeCredit, and so does a
	// group of them (classifyCredits): its last part ends as the group
	// does. Most titles pass neither, and are not searched for the parts'
	// separators.
	var sc suffixClass
	if mayBeCredit(content) {
		var ok bool
		if sc, ok = classifyCredits(content); !ok {
			sc = readCredit(content) // mayBeCredit said yes
		}
	} else if open, inner, ok := trailingGroup(content); ok && open > 0 && content[open] == '(' {
		// "(Silent Servant Remix (Edit))": a credit, and a version of it.
		sc, _ = classifyCredits(trimSpace(content[:open]) + " / " + inner)
	} else {
		return suffixClass{}
	}
	if sc.coined && !bracket {
		return suffixClass{} // "Delfonic & Kapote – Prayer Rejam": a title's words
	}
	sc.unsure = sc.unsure || unsure && sc.kind != sufNone
	if glued && sc.version != "" && strings.HasSuffix(content, sc.version) {
		sc.version += "?"
	}
	return sc
}

// classifyCredits reads several credits in one group: "X Remix / Y Edit",
// "X Remix - Unreleased Live Version".
func classifyCredits(content string) (suffixClass, bool) {
	for _, sep := range [...]string{" / ", " - ", "; ", ";"} {
		if sep == ";" && strings.IndexByte(content, ';') < 0 || countTopLevel(content, sep) == 0 {
			continue // "(Technasia Remix;Live)": the list written without a space
		}
		var sc suffixClass
		var names, versions []string
		rest := content
		for rest != "" {
			part := rest
			if i := firstTopLevel(rest, sep); i >= 0 {
				part, rest = rest[:i], rest[i+len(sep):]
			} else {
				rest = ""
			}
			c := classifyCredit(trimSpace(part))
			switch c.kind {
			case sufRemix:
				sc.kind = sufRemix
				if sc.remixKind == "" {
					sc.remixKind = c.remixKind
				}
				if c.names != "" {
					names = append(names, c.names)
				}
			case sufVersion:
				if sc.kind == sufNone {
					sc.kind = sufVersion
				}
			default:
				return suffixClass{}, false
			}
			if c.version != "" {
				versions = append(versions, c.version)
			}
			sc.mashup = sc.mashup || c.mashup
			sc.unsure = sc.unsure || c.unsure
			sc.coined = sc.coined || c.coined
		}
		sc.names = strings.Join(names, " / ")
		sc.version = strings.Join(versions, ", ")
		return sc, true
	}
	return suffixClass{}, false
}

// word is a word of a credit: content[start:end], lowercased in lw.
type word struct {
	start, end int
	lw         string
}

// creditWords splits a credit at spaces (and at commas and semicolons, which
// stay out of the words: "X,Radio Edit").
func creditWords(content string, dst []word) []word {
	// The words are lowercased from one lowercase copy of the credit, one
	// allocation (none when it has no capitals) rather than one a word.
	lower := lowerASCIIString(content)
	i := 0
	for i < len(content) {
		for i < len(content) && isCreditSep(content[i]) {
			i++
		}
		j := i
		for j < len(content) && !isCreditSep(content[j]) {
			j++
		}
		if j > i {
			w := wordKey(content[i:j])
			lw := ""
			if len(w) <= 16 && isASCII(w) {
				lw = lower[i : i+len(w)]
			}
			dst = append(dst, word{start: i, end: j, lw: lw})
		}
		i = j
	}
	return dst
}

func isCreditSep(c byte) bool { return c == ' ' || c == ',' || c == ';' }

// wordKey is the part of a credit's word that is compared with the
// vocabulary: "(VIP!)" is "VIP".
func wordKey(w string) string {
	k := len(w)
	for k > 0 && (w[k-1] == '.' || w[k-1] == '!') {
		k--
	}
	if k == 0 {
		return w
	}
	return w[:k]
}

// mayBeCredit: content's last word is a kind word or a number (which may
// follow one), or content holds the word "by" ("Remixed by X") or "par"
// ("Mix Par X"), as every credit classifyCredit reads does. Most titles do
// neither: they are passed over without splitting and lowercasing their
// words. A new rule of classifyCredit that reads a credit of another shape
// must widen this test too.
func mayBeCredit(content string) bool {
	end := len(content)
	for end > 0 && isCreditSep(content[end-1]) {
		end--
	}
	start := end
	for start > 0 && !isCreditSep(content[start-1]) {
		start--
	}
	var buf [16]byte
	if l, ok := lowerASCII(buf[:], wordKey(content[start:end])); ok {
		lw := string(l)
		if class, _ := kindWord(lw); class != kindNone || isVersionNumber(lw) || start > 0 && coinedRework(lw) || gluedMix(lw) {
			return true
		}
	}
	for i := 1; i+2 < len(content); i++ {
		if c := content[i] | 0x20; c != 'b' && c != 'p' || !isCreditSep(content[i-1]) {
			continue // the words' first letters asked first: rarer than a space
		}
		n := 0
		switch {
		case equalFoldASCII(content[i:i+2], "by"):
			n = 2
		case i+3 < len(content) && equalFoldASCII(content[i:i+3], "par"):
			n = 3
		default:
			continue
		}
		j := i + n
		for j < len(content) && (content[j] == '.' || content[j] == '!') {
			j++
		}
		if j < len(content) && isCreditSep(content[j]) {
			return true
		}
	}
	return false
}

// classifyCredit reads one credit; see the top of this file.
func classifyCredit(content string) suffixClass {
	if !mayBeCredit(content) {
		return suffixClass{}
	}
	return readCredit(content)
}

// readCredit is classifyCredit for a content mayBeCredit has let through.
func readCredit(content string) suffixClass {
	var buf [12]word
	words := creditWords(content, buf[:0])
	if len(words) == 0 {
		return suffixClass{}
	}
	// "(Unreleased Tensnake Edit)": a note on the record before the name.
	if len(words) > 2 && (words[0].lw == "unreleased" || words[0].lw == "exclusive") {
		if sc := classifyCredit(content[words[1].start:]); sc.kind == sufRemix && sc.names != "" {
			sc.version = trimSpace(content[words[0].start:words[0].end] + " " + sc.version)
			return sc
		}
	}
	if sc, ok := byCredit(content, words); ok {
		return sc
	}
	k := len(words) - 1
	for k > 0 && isVersionNumber(words[k].lw) {
		k--
	}
	class, canon := kindWord(words[k].lw)
	// Words coined for a credit count after a name, and only in brackets
	// (classifySuffix): a guess.
	coined := false
	if class == kindNone && k > 0 && coinedRework(words[k].lw) {
		class, canon, coined = kindRemixLike, "rework", coinedGlued(words[k].lw)
	} else if class == kindNone && k > 0 && k == len(words)-1 && gluedMix(words[k].lw) && !strings.Contains(content, " - ") {
		// not "[Herz Ist Trumpf - HITMIX 001]", a label's catalogue
		class, canon, coined = kindEditLike, "mix", true
	} else if class == kindNone && len(words) == 1 && gluedMix(words[0].lw) {
		// "(Clubmix)", "(Seismix)": a mix's kind glued to a word, alone;
		// the version's name, or a remixer's ("(Harmonimix)")? Read as
		// the version, a guess.
		class, canon, coined = kindVersionOnly, "mix", true
	}
	if class == kindNone {
		return suffixClass{}
	}
	// Descriptors before the kind word.
	q := k
	promoted := false
	for q > 0 {
		lw := words[q-1].lw
		if c, _ := kindWord(lw); c == kindRemixLike {
			promoted = true // "(X Remix Edit)" is a remix
		} else if c == kindEditLike && class == kindRemixLike {
			// "(Edit Remix)", "(X Edit Remix)": a descriptor, no name
		} else if !isQualifier(lw) && !(q-1 == 0 && genreWord(lw)) && !(q-1 == 0 && lw == "the" && q < k) &&
			!(q-1 == 0 && withoutWord(lw) && q < k && (isQualifier(words[q].lw) || words[q].lw == "break")) &&
			!(q-1 == 1 && withoutWord(words[0].lw) && lw == "break") /* "(No Break Edit)" */ && !(lw == "a" && (canon == "cappella" || canon == "capella")) &&
			!(isVersionNumber(lw) && q-1 > 0 && isQualifier(words[q-2].lw)) && !(q-1 > 0 && isYearWord(lw)) &&
			!(allDigits(lw) && words[q].lw == "inch") { // "(12 Inch Version)": the record's format
			break // "(Classmatic 2K23 Remix)": the year is the version's
		}
		q--
	}
	// "(Original Brazilian Mix)", "(Original '96 Mix)": the original in
	// some version; no name starts with the word. Words it does not know
	// may still name someone ("(Original D Empress Version)").
	original := q > 0 && words[0].lw == "original"
	unknownAfterOriginal := original && q > 1
	if original {
		q = 0
	}
	// "(Glenn Underground Remix)": a known name may end in a word that
	// usually describes a version.
	for n := k - 1; q > 0 && n >= q; n-- {
		if knownArtist(content[:words[n].end]) {
			q = n + 1
			break
		}
	}
	// "(Azzido Da Bass Remix)": a name does not end in a particle of
	// names (da, de, van: isNameParticle); the word after it is the
	// name's ("Patric La Funk Edit").
	for q > 1 && q < k && isNameParticle(words[q-1].lw) {
		q++
	}
	// "(DJ Deep Remix)": the word after "DJ" is the name's, whatever
	// else it may be.
	if q <= 1 && k >= 2 && (words[0].lw == "dj" || words[0].lw == "mc") {
		q = 2
	}
	// "(Don Dirty Remix)", "(Holy Garage Remix)", "(Dave Summer Remix)":
	// one word before a word that may be a name's as well as a version's
	// (a known name says little: "Dave" is one).
	nameLike := q == 1 && q < k && !plainQualifier(words[q].lw)
	// "(Hardwell In The House Edit)": a name does not end in a little
	// word; the version starts there.
	walked := false
	for q > 1 && q < k && isParticle(words[q-1].lw) {
		q--
		walked = true
	}
	prefixEnd := 0
	if q > 0 {
		prefixEnd = words[q-1].end
	}
	prefix := trimJunk(content[:prefixEnd])
	// "(the kenny dope remix instr)": an article before a known name that
	// is no name with it ("The Orb" is).
	if q >= 3 && words[0].lw == "the" && !knownArtist(prefix) && knownArtist(content[words[1].start:prefixEnd]) {
		content, prefix = content[words[1].start:], trimJunk(content[words[1].start:prefixEnd])
		words = shiftWords(words[1:], words[1].start)
		q, k = q-1, k-1
	}
	sc := suffixClass{mashup: canon == "mashup", unsure: unknownAfterOriginal || coined, coined: coined}
	if canon == "dub" && equalFoldASCII(prefix, "in") {
		return suffixClass{kind: sufVersion, version: content} // "(In Dub)", as dub versions are named
	}
	if prefix != "" && isStopPrefix(prefix) {
		return suffixClass{}
	}
	if class == kindEditLike && prefix != "" && !knownArtist(prefix) &&
		(words[0].lw != "the" && isParticle(words[0].lw) || walked && plainWords(prefix)) {
		// "(From Berlin To Ibiza Mix)", "(Woman Of Soul Mix)": no name
		// starts with a little word, nor do plain words before one name
		// anybody; the words name the version.
		return suffixClass{kind: sufVersion, version: content, unsure: true}
	}
	versionFrom := words[q].start
	// A possessive ends the names: "Intrusion's Road To Zion Dub".
	possessive := false
	for i := 0; i < q; i++ {
		if name, ok := cutPossessive(content[words[i].start:words[i].end]); ok {
			// "(Todd Edward's Tell Someone Dub Mix)": the apostrophe in a
			// known name that ends in "s" (Todd Edwards), put before it.
			if before := content[words[0].start:words[i].start]; i > 0 && knownArtist(before+name+"s") && !knownArtist(before+name) {
				name += "s"
			}
			// "(Mungo's Hi Fi Remix)", "(Dead Man's Chest Remix)": a known
			// name goes on after its possessive.
			// "(David Guetta & Daddy's Groove Remix)": the last of names
			// joined, so.
			first := 0
			for j := i; j > 0; j-- {
				if lw := words[j-1].lw; lw == "&" || lw == "and" || lw == "x" || strings.HasSuffix(lw, ",") {
					first = j
					break
				}
			}
			for n := max(q, k); n > i+1; n-- {
				if n <= q && knownArtist(content[words[0].start:words[n-1].end]) || first > 0 && knownArtist(content[words[first].start:words[n-1].end]) {
					prefix, versionFrom, possessive = trimJunk(content[:words[n-1].end]), words[n].start, true
					break
				}
			}
			if possessive {
				break
			}
			if words[i+1].lw == "cut" && i+1 < k {
				// "(Director's Cut Classic House Mix)": the name "Director's
				// Cut", before the credit's own kind word.
				prefix = trimJunk(content[:words[i+1].end])
				versionFrom = words[i+2].start
				possessive = true
				break
			}
			if class == kindRemixLike && i+1 < q && !isVersionNumber(words[i+1].lw) {
				// "(Sonja Moonear's Sony In The Sky Remix)", but "(Margai's
				// Kid Remix)" is a remix by Margai's Kid.
				sc.unsure = true
			}
			prefix = trimJunk(content[:words[i].start] + name)
			versionFrom = words[i+1].start
			possessive = true
			if class == kindVersionOnly {
				class = kindEditLike
				sc.unsure = true // "(Saviour’s Love Megamix)": Saviour's?
			}
			break
		}
	}
	// "(Tuff Jams UVM Dub)", "(Youandewans Dour Version)": a known name's
	// possessive written without its apostrophe, then the mix's name (a
	// name alone keeps its "s": "(Sabres Mix)").
	for i := 0; !possessive && i < q-1; i++ {
		if name, ok := barePossessive(content, words, i); ok {
			prefix, versionFrom, possessive, sc.unsure = trimJunk(name), words[i+1].start, true, true
			if class == kindVersionOnly {
				class = kindEditLike
			}
		}
	}
	// "(Francois K Aero Mix)", "(King Britt Funke Remix)": a known
	// artist's name, then the name of the mix. A known name of one word
	// (djs.txt) ends the names too, "(Deetron Rollerskate Remix)", but as
	// a guess: a name no list knows may start with it (djThenMix).
	knownName := false
	for n := q - 1; !possessive && n >= 1 && q >= 2; n-- {
		if actCode(content[words[n].start:words[n].end]) {
			continue // "(Charles D (USA) Rework)": the code is the name's (dropNote)
		}
		if rest := content[words[n].start:words[q-1].end]; len(splitNames(rest, splitTrack).names) > 1 || strings.ContainsAny(rest, "&,/+") ||
			words[n].lw == "aka" || words[n].lw == "and" || words[n].lw == "x" || words[n].lw == "vs" || words[n].lw == "vs." {
			break // "(David Guetta & AFROJACK Edit)": more names, not a mix's
		}
		if n >= 2 && knownArtist(content[words[0].start:words[n-1].end]) {
			prefix, versionFrom, knownName = trimJunk(content[:words[n-1].end]), words[n].start, true
			break
		}
		if n == 1 && djThenMix(content, words, q, canon) && !knownArtist(prefix) {
			prefix, versionFrom, knownName, sc.unsure = trimJunk(content[:words[0].end]), words[1].start, true, true
			break
		}
	}
	// "(Louie Vega & Josh Milan Truth Dub)": names joined, the last a
	// known name, then words of the mix's name; a guess as above.
	if !possessive && !knownName && q >= 3 {
		if n := lastNameFrom(content, words[:q]); n > 0 && n < q-1 && !isKnownName(content[words[n].start:words[q-1].end]) {
			for m := q - 1; m > n; m-- {
				if m-n >= 2 && knownArtist(content[words[n].start:words[m-1].end]) || m == n+1 && djThenMix(content, words[n:], q-n, canon) {
					prefix, versionFrom, knownName, sc.unsure = trimJunk(content[:words[m-1].end]), words[m].start, true, true
					break
				}
			}
		}
	}
	// "(@djshai-t Revisit Mix)", "(@jan_sml Crunked & Wired Edit)": a
	// handle is a name of one word; the words after it name the mix.
	if !possessive && !knownName && q >= 2 && content[0] == '@' && len(content) > 1 && content[1] != ' ' {
		prefix, versionFrom, knownName = content[:words[0].end], words[1].start, true
	}
	// "(Makam Orchestra Drama Remix)", "(Solarstone After Hours Mix)": a
	// name no list knows, then ordinary words (words.txt) that name the
	// mix. One plain word after one name is left alone: "(Chris Lake
	// Remix)" is a name as often.
	if !possessive && !knownName && q >= 2 && class != kindVersionOnly && !knownArtist(prefix) && !strings.ContainsAny(prefix, "&,/+") &&
		len(splitNames(prefix, splitTrack).names) == 1 {
		p := q
		// A word after a particle of names is the name's ("Patric La Funk").
		for p > 0 && words[p-1].lw != "" && plainWords(words[p-1].lw) && !(p >= 3 && isNameParticle(words[p-2].lw)) {
			p--
		}
		if p > 0 && p < q && (q-p >= 2 || p >= 2) && !nameParticle(words[p-1].lw) && words[0].lw != "the" && !groupNoun(words[q-1].lw) {
			prefix, versionFrom, sc.unsure = trimJunk(content[:words[p-1].end]), words[p].start, true
		} else if p == 1 && q == 2 && class == kindRemixLike && oddFirstName(content[words[0].start:words[0].end]) && !groupNoun(words[1].lw) {
			// "(Sammiyam Chopsticks Remix)", "(Atalaya Master Remix)": one
			// word no list knows, then an ordinary word: a name of two
			// words, or a name and its remix's? A guess. Not before an
			// edit: DJs' edits are credited to names so ("(Branko Jet
			// Edit)") more often than to a name and its edit's.
			sc.unsure = true
		}
	}
	sc.unsure = sc.unsure || nameLike && !possessive && !knownName
	if !sc.unsure && !possessive && !knownName && q >= 2 && knownThenMore(content, words[:q]) {
		// "(Pleasurekraft Pushit Remix)", "(Deetron Rollerskate Remix)":
		// a known name, then a word no list puts with it: a word of the
		// mix's name, or the name's own? A guess.
		sc.unsure = true
	}
	version := trimSpace(content[versionFrom:])
	if canon == "remix" && versionFrom == words[k].start && k == len(words)-1 && !(prefix == "" && (words[k].lw == "remixes" || words[k].lw == "rmxs")) {
		// "(Four Tet Remix)", "(Robert Hood Remixes)": no version; but
		// "(Remixes)" alone says the record is the remixes' one.
		version = ""
	}
	if class == kindVersionOnly && (canon == "lp" || canon == "ep") && prefix != "" && q == k && !possessive {
		// "(Under The Ice LP)": the album the track is on, as "(LP Edit)"
		// and "(EP)" are versions.
		return suffixClass{kind: sufVersion, note: true, unsure: true}
	}
	switch {
	case canon == "cover":
		// "(Drake Cover)": the name is the original's artist, no remixer.
		sc.kind, sc.version = sufVersion, content[words[q].start:]
		if prefix == "" {
			sc.version = content
		}
	case prefix == "" && class == kindRemixLike:
		sc.kind, sc.remixKind, sc.version = sufRemix, canon, version
	case prefix == "":
		sc.kind, sc.version = sufVersion, content
		// "Be (Intro)", "Msd (Interlude)": an album's interlude is titled
		// so; a DJ's intro edit is a version.
		sc.unsure = sc.unsure || q == k && (canon == "intro" || canon == "interlude" || canon == "skit" || canon == "reprise")
		if promoted {
			sc.kind, sc.remixKind = sufRemix, "remix"
		}
	case class == kindVersionOnly && strings.Contains(prefix, " & ") && len(splitNames(prefix, splitTrack).names) > 1:
		// "(Seamus Haji & Paul Emanuel Instrumental)": people name a remix.
		sc.kind, sc.names, sc.remixKind, sc.version = sufRemix, prefix, "remix", version
	case class == kindVersionOnly && !strings.Contains(prefix, " - ") && (promoted || versionByName(canon) && (q >= 2 || knownArtist(prefix)) ||
		remixersPart(canon) && (knownArtist(prefix) || q == 1 && knownDJ(prefix))):
		// "(Dennis Sheperd Remix Extended)", "(Random Soul Extended)",
		// "(Dennis Quin Vocal)": a remixer's extended or vocal version; but
		// "(Yowsah Vocal)" may name the version only. "(Tiefschwarz
		// Acapella)", "(Leftfield Bonus Beats)": a part of a known
		// remixer's version.
		sc.kind, sc.names, sc.remixKind, sc.version, sc.unsure = sufRemix, prefix, "remix", version, true
	case class == kindVersionOnly:
		// "(Silent Treatment Intro)": a version with a name of its own.
		sc.kind, sc.version, sc.unsure = sufVersion, content, true
	default:
		sc.kind, sc.names, sc.remixKind, sc.version = sufRemix, prefix, canon, version
		if promoted && class != kindRemixLike {
			sc.remixKind = "remix"
		}
		if q == 1 && (class == kindRemixLike || canon == "flip") && !knownName && !possessive &&
			plainWords(prefix) && !innerCapital(prefix) && !knownDJ(prefix) && !knownWord(prefix) && !regionWord(words[0].lw) {
			// "(Inhale Remix)", "(Drugstore Remix)": one ordinary word no
			// list knows as a DJ's: a remixer, or the name of the
			// version? A guess. An edit's one word is a DJ's as often
			// as not ("(Tilt Edit)", "(Blame Edit)"): no doubt.
			sc.unsure = true
		}
		if q == 2 && class == kindRemixLike && words[0].lw != "the" && !knownName && !possessive && !knownArtist(prefix) && !strings.ContainsAny(prefix, "&,/+") &&
			plainWords(words[1].lw) && !innerCapital(content[words[1].start:words[1].end]) && nameNotStarted(content[words[0].start:words[0].end]) {
			// "(Slacker Software Remix)", "(Fade Sanctuary Remix)": a
			// name no list knows, then a word of the language: the
			// name's second word, or the first of the mix's name? Not
			// before an edit, as above: "(Denzal Park Edit)", "(Solid
			// State Edit)", DJs' edits in the generator's vocabulary.
			sc.unsure = true
		}
		if class == kindEditLike && canon != "edit" && canon != "vip" && !possessive && !promoted && !knownName {
			// "(Limelight Mix)", "(Culoe De Song Mix)", "(Alto Dub)": a
			// name, or the name of a version?
			// "(The Old Skool Mix)", "(The Vibe Mix)": a name that starts
			// with "The" and is no known act's names the version.
			sc.unsure = true
			switch {
			case q == 1 && q == k && knownDJ(prefix):
				// "(Function Mix)", "(Powder Mix)": a DJ of that name
				// (djs.txt), though the word is the language's too.
			case q == 1 && q == k && !plainWords(prefix) && isLetterStart(prefix) && !strings.ContainsAny(prefix, "&+") && !regionWord(words[0].lw) && !isPlaceholder(prefix):
				// "(Tiefschwarz Mix)", "(Hardfloor Mix)": no word of the
				// language, a name.
			case q == 1 && q == k && canon != "dub" || q == k && (words[0].lw == "the" || plainWords(prefix)) && !knownArtist(prefix),
				q == 1 && regionWord(words[0].lw),
				q == 1 && q < k && plainWords(prefix) && !knownDJ(prefix) && !knownWord(prefix):
				// "(Thunder Club Mix)", "(Militant Vocal Mix)": a word of
				// the language, then how the version is, as "(Thunder Mix)"
				// alone is read; a DJ or artist the lists know by the word
				// stays the remixer ("(Powder Club Mix)").
				// "(UK Club Mix)", "(US Garage Mix)": where the version
				// was made for, then its kind, as "(UK Mix)" alone.
				sc.kind, sc.names, sc.remixKind, sc.version = sufVersion, "", "", content
			}
		}
	}
	return sc
}

// innerCapital: w has a capital after a small letter ("eSQUIRE",
// "DeepChord"): written as names are, never as words.
func innerCapital(w string) bool {
	small := false
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case 'a' <= c && c <= 'z':
			small = true
		case 'A' <= c && c <= 'Z' && (small || i > 0 && 'a' <= w[0] && w[0] <= 'z'):
			return true
		}
	}
	return false
}

// oddFirstName: w, the first of two words of a credit, is no word of
// the language, no given name ("Chris Lake"), no title a name starts
// with ("Dj Punish", "Dr Dunks") and no act written in capitals ("TV
// Rock", "UNKLE Sounds"): nothing says the next word is the name's.
func oddFirstName(w string) bool {
	return !plainWords(w) && nameNotStarted(w)
}

// nameNotStarted: w, the first of two words of a credit, is no given name
// ("Chris Lake"), no title a name starts with ("Dj Punish", "Dr Dunks")
// and no act written in capitals ("TV Rock", "UNKLE Sounds").
func nameNotStarted(w string) bool {
	if givenNameSet.has(nameHash(w)) || isUpperText(w) {
		return false
	}
	switch strings.ToLower(strings.TrimSuffix(w, ".")) {
	case "dj", "dr", "mc", "mr", "mrs", "ms", "lil", "st", "sir", "lady", "king", "miss":
		return false
	}
	return true
}

// shiftWords moves words' offsets back by d, as for content[d:]. It
// writes words in place.
func shiftWords(words []word, d int) []word {
	for i := range words {
		words[i].start -= d
		words[i].end -= d
	}
	return words
}

// barePossessive: words[:i+1] are a known name with an "s" added, a
// possessive written without its apostrophe ("Tuff Jams UVM Dub": Tuff
// Jam's), and are no known name themselves. name is the known name.
func barePossessive(content string, words []word, i int) (name string, ok bool) {
	w := content[words[i].start:words[i].end]
	if len(w) < 4 || w[len(w)-1] != 's' {
		return "", false
	}
	all := content[words[0].start:words[i].end]
	name = all[:len(all)-1]
	if i+1 < len(words) && (words[i+1].lw == "of" || words[i+1].lw == "in" || words[i+1].lw == "on") {
		return "", false // "(Sabres Of Paradise Remix)": a name goes on; a possessive's noun would follow
	}
	if isKnownName(all) || !(i > 0 && knownArtist(name) || i == 0 && knownDJ(name)) {
		return "", false
	}
	return name, true
}

// lastNameFrom is the index of the first word of the last of the names
// words holds, joined by "&", "and", "x", "+", "vs" or a comma; 0 when
// they are one name.
func lastNameFrom(content string, words []word) int {
	from := 0
	for i, w := range words {
		switch w.lw {
		case "&", "and", "x", "+", "vs", "vs.", "/", "b2b":
			from = i + 1
			continue
		}
		if w.end < len(content) && content[w.end] == ',' {
			from = i + 1
		}
	}
	return from
}

// remixersPart: a version-only kind that names a part of a remix
// ("(Tiefschwarz Acapella)", "Bonus Beats") or a remixer's longer or
// vocal version (versionByName).
func remixersPart(canon string) bool {
	return versionByName(canon) || canon == "beats" || canon == "drums" || strings.Contains(canon, "apella") || strings.Contains(canon, "appella")
}

// djThenMix: the credit's names, words[:q], are a DJ known by one word
// (djs.txt) and words that may name the DJ's mix: "(Deetron Rollerskate
// Remix)". Not so where the words go on with the name: a particle ("Steff
// Da Campo"), a group's noun ("Function Brothers"); nor an edit's credit,
// which names its maker ("(Branko Jet Edit)", as "(Four Tet Edit)"); nor a
// DJ's name that is a word of versions ("Solo", "Dub").
func djThenMix(content string, words []word, q int, canon string) bool {
	if canon == "edit" || canon == "vip" || nameParticle(words[1].lw) || groupNoun(words[q-1].lw) {
		return false
	}
	if c, _ := kindWord(words[0].lw); c != kindNone || isQualifier(words[0].lw) {
		return false
	}
	return knownDJ(content[words[0].start:words[0].end])
}

// knownThenMore: a name of the credit's words (names joined by "&",
// "and", "x", "+", "vs" or a comma read apart) is not a known artist but
// starts with one ("Pleasurekraft Pushit": Pleasurekraft), as a remixer's
// name followed by words of the mix's name does.
func knownThenMore(content string, words []word) bool {
	from := 0
	for i := 0; i < len(words); i++ {
		end := i + 1 // the name is words[from:end]
		switch {
		case words[i].lw == "&" || words[i].lw == "and" || words[i].lw == "x" || words[i].lw == "+" || words[i].lw == "vs" || words[i].lw == "vs." || words[i].lw == "/":
			end = i
		case i+1 < len(words) && content[words[i].end] == ',':
		case i == len(words)-1:
		default:
			continue
		}
		if knownStart(content, words[from:end]) {
			return true
		}
		from = i + 1
	}
	return false
}

// knownStart: words, two or more, are no known artist's name, but their
// first ones are.
func knownStart(content string, ws []word) bool {
	if len(ws) < 2 {
		return false
	}
	last := ws[len(ws)-1]
	if knownArtist(content[ws[0].start:last.end]) || actCode(content[last.start:last.end]) {
		return false
	}
	for n := 1; n < len(ws); n++ {
		// A known name of one word counts when it is long and no word of
		// the language: "Max", "Boris" and "Space" start many names.
		if p := content[ws[0].start:ws[n-1].end]; n == 1 && len(p) >= 7 && knownWord(p) && !plainWords(p) || n > 1 && knownArtist(p) {
			return true
		}
	}
	return false
}

// actCode: a short code in round brackets that sites write after a name
// to tell acts of one name apart ("(US)", "(Be)", "(C/W)"), as dropNote
// keeps it.
func actCode(w string) bool {
	if len(w) < 3 || w[0] != '(' || w[len(w)-1] != ')' {
		return false
	}
	c := w[1 : len(w)-1]
	return len(c) <= 3 && allLetters(c) || len(c) <= 4 && strings.ContainsAny(c, "/.") && hasLetter(c)
}

func isParticle(w string) bool {
	switch w {
	case "in", "the", "on", "at", "of", "from", "to", "for", "a", "an":
		return true
	}
	return false
}

// knownRemixerCredit reads "(Ben Klock Process)", "(Alan Fitzpatrick Gets
// Ravey)": a group that starts with a known artist's name (of two words or
// more, artists.txt) and goes on with words no vocabulary of versions
// knows, as remixers name their versions. It is a guess (credit_unsure):
// such a group may also belong to the title. Names joined by "&" or ","
// are left alone ("(Dasha Rush & Lars Hemmerling)": an alias's members).
func knownRemixerCredit(content string) suffixClass {
	if strings.ContainsAny(content, "&,/+:;\"()[]") {
		return suffixClass{}
	}
	var buf [12]word
	words := creditWords(content, buf[:0])
	if len(words) < 3 || len(words) > 7 {
		return suffixClass{}
	}
	// "(Blawan's Trecther Mechanica)": a known name's possessive, then the
	// version's name.
	for i, w := range words[:len(words)-1] {
		name, ok := cutPossessive(content[words[i].start:w.end])
		if !ok {
			continue
		}
		if name = content[:words[i].start] + name; i == 0 && knownDJ(name) || i > 0 && knownArtist(name) {
			if rest := content[words[i+1].start:]; hasLetter(rest) && !isParticle(words[len(words)-1].lw) {
				return suffixClass{kind: sufRemix, names: name, remixKind: "remix", version: rest, unsure: true}
			}
		}
		break
	}
	for n := len(words) - 1; n >= 2; n-- {
		if !knownArtist(content[:words[n-1].end]) {
			continue
		}
		if len(words)-n > 4 || isParticle(words[len(words)-1].lw) || !hasLetter(content[words[n].start:]) {
			return suffixClass{} // "(The World According To)"
		}
		return suffixClass{kind: sufRemix, names: content[:words[n-1].end], remixKind: "remix",
			version: trimSpace(content[words[n].start:]), unsure: true}
	}
	return suffixClass{}
}

// nameTokenCredit reads "(MPIA3 Definition)", "(SIDEPIECE Treat)", "(AM97
// Rerun)": a word that only a name is written as (capitals, or letters
// and digits: no word of a title's) and one word after it, which remixers
// coin for their versions as they coin "Treatment". A guess
// (credit_unsure): the word is no kind word the vocabulary knows.
func nameTokenCredit(content string) suffixClass {
	name, rest, ok := strings.Cut(content, " ")
	if !ok || rest == "" || strings.IndexByte(rest, ' ') >= 0 || len(name) < 3 || len(name) > 16 ||
		!isLetterStart(rest) || !allLetters(rest) || isUpperText(rest) {
		return suffixClass{}
	}
	letters, digits, upper := 0, 0, 0
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case 'A' <= c && c <= 'Z':
			letters++
			upper++
		case 'a' <= c && c <= 'z':
			letters++
		case isDigit(c):
			digits++
		default:
			return suffixClass{}
		}
	}
	if letters == 0 || digits == 0 && upper != letters || isYearWord(name) {
		return suffixClass{} // "(Love Song)", "(1998 Remaster)"
	}
	var buf [16]byte
	if l, ok := lowerASCII(buf[:], name); !ok || regionWord(string(l)) || isQualifier(string(l)) {
		return suffixClass{} // "(UK Version)", "(VIP Treat)": no name
	}
	return suffixClass{kind: sufRemix, names: name, remixKind: "remix", version: rest, unsure: true}
}

// groupNoun: a word that ends the names of bands and crews ("The Stafford
// Brothers", "Monster Orchestra").
func groupNoun(w string) bool {
	switch w {
	case "brothers", "bros", "bros.", "boys", "girls", "sisters", "crew", "band", "project", "collective", "orchestra",
		"experience", "family", "allstars", "all-stars", "posse", "gang", "squad", "trio", "quartet", "ensemble",
		"soundsystem", "sound", "system", "club", "society", "machine", "unit", "corporation", "inc", "inc.":
		return true
	}
	return false
}

// dropStrayQuote drops a quote left at the end of a title by wiki italics
// that lost their other half ("Inner City Life'"), but not the apostrophe
// of a dropped g ("Movin'") or of a plural's possessive ("The Boys'").
func dropStrayQuote(s string) string {
	if len(s) > 2 && s[0] == '\'' && 'A' <= s[1] && s[1] <= 'Z' && strings.IndexByte(s[1:], '\'') < 0 && !elided(s[1:]) {
		return s[1:] // "'I Feel Love": the other half of the italics is lost at the start
	}
	n := len(s)
	if n < 3 || s[n-1] != '\'' || s[0] == '\'' {
		return s
	}
	if c := s[n-2] | 0x20; c == 'n' || c == 's' || !('a' <= c && c <= 'z' || isDigit(s[n-2])) {
		return s
	}
	return s[:n-1]
}

// elided: s starts with a word whose first letters an apostrophe stands
// for ("'Round Midnight", "'Til Tuesday", "'Cause I Love You").
func elided(s string) bool {
	w := s
	if i := strings.IndexByte(s, ' '); i >= 0 {
		w = s[:i]
	}
	switch strings.ToLower(w) {
	case "round", "til", "till", "cause", "cos", "em", "n", "bout", "tis", "twas", "neath", "nuff":
		return true
	}
	return false
}

// formatWord: a record's format, "12″", "7\"", "5×7”", "12 inch" (inches
// written with a double quote, two apostrophes or a prime).
func formatWord(s string) bool {
	i := 0
	for i < len(s) && (isDigit(s[i]) || s[i] == 'x' || s[i] == 'X') {
		i++
	}
	if i == 0 || !isDigit(s[0]) {
		return false
	}
	rest := s[i:]
	if r, ok := strings.CutPrefix(rest, "×"); ok && r != "" && isDigit(r[0]) {
		rest = strings.TrimLeft(r, "0123456789") // "5×7”": five 7-inch records
	}
	switch strings.ToLower(strings.TrimSpace(rest)) {
	case "\"", "″", "”", "''", "inch", "in.", "-inch":
		return true
	}
	return false
}

// regionWord: where a version was made for ("(UK Mix)", "(Euro Mix)").
func regionWord(w string) bool {
	switch w {
	case "uk", "us", "usa", "eu", "euro", "ny", "nyc", "la", "jp", "de", "fr", "nl", "br", "intl", "int'l",
		// "(Spanish Version)": the language it is sung in
		"spanish", "english", "french", "german", "italian", "portuguese", "japanese", "dutch", "russian", "korean", "swedish":
		return true
	}
	return false
}

// nameParticle: a little word names have inside, never at their end.
func nameParticle(w string) bool {
	switch w {
	case "van", "von", "vom", "de", "der", "den", "del", "della", "di", "da", "du", "dos", "das", "do",
		"le", "la", "les", "el", "los", "the", "of", "and", "y", "et", "bin", "ibn", "al", "st", "en", "from", "no",
		"mc", "mac", "dj", "mr", "mr.", "dr", "dr.":
		return true
	}
	return false
}

// byCredit reads "Remixed by X", "Reconstructed By X", "Edit by X", the
// French "Mix par X".
func byCredit(content string, words []word) (suffixClass, bool) {
	for i := 1; i+1 < len(words); i++ {
		if words[i].lw != "by" && words[i].lw != "par" {
			continue
		}
		// "(DBeat remix by Silicon)": the mix's name, its kind, then who
		// made it.
		if c, _ := kindWord(words[i-1].lw); i > 1 && (c == kindRemixLike || c == kindEditLike) {
			if c0, _ := kindWord(words[0].lw); c0 == kindNone && !isQualifier(words[0].lw) {
				return suffixClass{kind: sufRemix, remixKind: "remix", names: trimJunk(content[words[i+1].start:]),
					version: trimSpace(content[:words[i-1].end])}, true
			}
		}
		class, version := kindNone, ""
		for _, w := range words[:i] {
			c, canon := kindWord(w.lw)
			if c == kindNone && gluedMix(w.lw) {
				c, canon = kindEditLike, "mix" // "(Minimix Par Etienne De Crecy)"
			}
			switch {
			case c == kindRemixLike || c == kindEditLike:
				class = kindRemixLike
				if canon != "remix" || i > 1 {
					version = trimSpace(content[:words[i-1].end]) // "(Edit by X)"; "(Remixed By X)" has none
				}
			case isQualifier(w.lw):
			default:
				return suffixClass{}, false
			}
		}
		if class == kindNone {
			return suffixClass{}, false
		}
		return suffixClass{kind: sufRemix, remixKind: "remix", names: trimJunk(content[words[i+1].start:]),
			version: version}, true
	}
	return suffixClass{}, false
}

// cutPossessive: "Intrusion's" -> "Intrusion", "Babatunji’s" -> "Babatunji".
func cutPossessive(w string) (string, bool) {
	if w == "" {
		return "", false
	}
	switch w[len(w)-1] {
	case 's', 'S', '\'', 0x99: // every ending below ends so (0x99: of "’")
	default:
		return "", false // most words: not counted, nor compared six times
	}
	if strings.Count(w, "'")+strings.Count(w, "’") > 1 {
		return "", false // "S'n'S": a name's apostrophes
	}
	for _, s := range [...]string{"'s", "’s", "'S", "’S"} {
		if len(w) > len(s) && strings.HasSuffix(w, s) { // "Mr. G's" too
			return w[:len(w)-len(s)], true
		}
	}
	// "Jay Vegas' The Breaks Remix": a name ending in s takes only the
	// apostrophe.
	for _, s := range [...]string{"s'", "s’", "S'", "S’"} { // "RUFUS' Edit" too
		if len(w) > len(s)+1 && strings.HasSuffix(w, s) {
			return w[:len(w)-len(s)+1], true
		}
	}
	return "", false
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
	doubts       doubt
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
			if creditNote(content) && open > 0 {
				// "(prod by monte booker)", "(Mastered by X)": who else
				// made the record, no part of its title.
				tp.doubts |= doubtParts
				s = s[:open]
				continue
			}
			if open > 0 && s[open] == '(' && strings.HasSuffix(trimSpace(s[:open]), ")") && strings.Count(content, " ") >= 5 && isProse(content) {
				// "Penguin (The Loving Hand Remix) (Some of the best DFA
				// remixes have always had ...)": a blog's comment on the
				// record after its credit; the credit is read.
				tp.doubts |= doubtParts
				s = s[:open]
				continue
			}
			sc := classifySuffix(content, true)
			if sc.kind == sufNone && s[open] == '(' {
				if sc = knownRemixerCredit(content); sc.kind == sufNone {
					sc = nameTokenCredit(content)
				}
			}
			if sc.kind != sufNone {
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
		if i := lastIndex(s, " /"); i > 0 && i+2 < len(s) {
			if s[i+2] != ' ' && !strings.ContainsAny(s[i+2:], "/()[]") {
				// "Társasjáték /Kalocsányi Gábor": who chose the track,
				// after a slash glued to the name.
				tp.doubts |= doubtParts
				s = s[:i]
				continue
			}
			// "Montserrat / Artbat Edit": a credit after a slash.
			if s[i+2] == ' ' {
				if sc := classifySuffix(s[i+3:], false); sc.kind == sufRemix || sc.kind == sufVersion {
					applySuffix(tp, sc, &versions, &nv)
					s = s[:i]
					continue
				}
			}
		}
		// "What I've Always Waited For, Flava D Remix": a remix credit
		// after a comma, as some lists write it.
		// Most titles have no comma: IndexByte, the fast scan, says so.
		if i := strings.IndexByte(s, ','); i >= 0 {
			if i = strings.LastIndexByte(s, ','); i > 0 && i+2 < len(s) && s[i+1] == ' ' && strings.Count(s[i+1:], " ") <= 5 {
				if sc := classifySuffix(s[i+2:], false); sc.kind == sufRemix && !sc.unsure && strings.IndexByte(s[i+2:], '(') < 0 {
					applySuffix(tp, sc, &versions, &nv)
					s = s[:i]
					continue
				}
			}
		}
		// "Power Of Love -Pal Joey's Dub Mix": a dash with a space before
		// it only.
		if i := lastIndex(s, " -"); i > 0 && i+2 < len(s) && s[i+2] != ' ' && s[i+2] != '-' {
			if sc := classifySuffix(s[i+2:], false); sc.kind == sufRemix || sc.kind == sufVersion {
				applySuffix(tp, sc, &versions, &nv)
				s = s[:i]
				continue
			}
			// "Quietus -Force / Emerge Remix -Praterei": no credit after
			// it; a part after it (a label? a credit?) or the title's own?
			tp.doubts |= doubtParts
		}
		break
	}
	reverse(tp.remixers[remixStart:])
	reverse(tp.featured[featStart:])
	// A bare "feat. X" left in the title: "Guess featuring Billie Eilish".
	s = trimJunk(s)
	if i, j, ok := findFeatWord(s); ok {
		credit := s[j:]
		// "Shelter ft Lily Mckenzie VIP Version": the version is not a name.
		if k, v := trailingVersion(credit); k > 0 && nv < len(versions) {
			credit = trimJunk(credit[:k])
			versions[nv] = v
			nv++
		}
		r := splitNames(credit, splitTrack)
		tp.featured = appendUnique(tp.featured, r.names...)
		tp.featured = appendUnique(tp.featured, r.featured...)
		s = trimJunk(s[:i])
	}
	if i := fromNoteStart(s); i > 0 {
		s = s[:i] // "Your Summer Song' from the LP - Radio": the album it is on
		tp.doubts |= doubtParts
	}
	tp.title = dropStrayQuote(trimJunk(stripQuotes(trimJunk(s))))
	if strings.IndexByte(tp.title, '(') > 0 && innerCredit(tp.title) {
		tp.doubts |= doubtParts
	}
	if onlyQuotes(tp.title) {
		tp.title = "" // quotes around nothing
	}
	switch nv {
	case 0:
	case 1:
		tp.version = versions[0]
	default:
		// collected right to left; present left to right, once each
		parts := make([]string, 0, nv)
		for i := nv - 1; i >= 0; i-- {
			if !slices.Contains(parts, versions[i]) {
				parts = append(parts, versions[i])
			}
		}
		tp.version = strings.Join(parts, ", ")
	}
}

// creditGroupEnds: s ends with a bracket group that reads as a remix,
// a version or a featuring credit ("Porcelain (Aparde Remix)").
func creditGroupEnds(s string) bool {
	open, content, ok := trailingGroup(s)
	return ok && open > 0 && classifySuffix(content, true).kind != sufNone
}

// innerCredit: a group in round brackets inside a title, words after it,
// reads as a credit ("Jumpin' (Tee's Unreleased Mix) w George Kranz Din
// Daa Daa", "MM2 (Original Mix) Demo"): the words after it are no part of
// the title (a second track? a note?), or the group is the title's?
func innerCredit(title string) bool {
	for i := strings.IndexByte(title, '('); i >= 0; {
		j := strings.IndexByte(title[i+1:], ')')
		if j < 0 {
			return false
		}
		j += i + 1
		if j+1 < len(title) && i > 0 {
			if content := title[i+1 : j]; mayBeCredit(content) && classifySuffix(content, true).kind >= sufVersion { // a version or a remix
				return true
			}
		}
		k := strings.IndexByte(title[j:], '(')
		if k < 0 {
			return false
		}
		i = j + k
	}
	return false
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
		if sc.unsure {
			tp.doubts |= doubtCredit
		}
		tp.isRemix = true
		if sc.mashup {
			tp.isMashup = true
		}
		if tp.remixKind == "" {
			tp.remixKind = sc.remixKind
		}
		if sc.names != "" {
			r := splitNames(sc.names, splitTrack)
			if r.unsure {
				tp.doubts |= doubtSplit // "(Stil & Bense Remix)": one act or two?
			}
			// "(Foul Play feat. DJ Randall Remix)": both made the remix.
			names := append(r.names, r.featured...)
			for i := len(names) - 1; i >= 0; i-- {
				tp.remixers = appendUnique(tp.remixers, names[i])
				if mayEndInVersion(names[i]) || hasDashSep(names[i]) {
					// A dash in a remixer's name: a name written so
					// ("Jerome Isma - Ae"), or the mix's name after it
					// ("Swisha Sweet - take.Grime EDIT")?
					tp.doubts |= doubtCredit
				}
			}
		}
		if sc.version != "" && *nv < len(versions) {
			versions[*nv] = sc.version
			*nv++
		}
	case sufVersion:
		if sc.note {
			tp.doubts |= doubtParts
			return
		}
		if sc.unsure {
			tp.doubts |= doubtCredit
		}
		if *nv < len(versions) {
			versions[*nv] = sc.version
			*nv++
		}
	}
}

// mayEndInVersion: a remixer's name of three words or more, none of them
// a particle or an initial ("Armin van Buuren", "A. G. Cook", "South Of
// The Stars" read as names), whose last words may be a version the
// vocabulary does not know: "King Britt Funke Remix" is King Britt's
// Funke Remix, "Makam Orchestra Drama Remix" Makam's.
func mayEndInVersion(name string) bool {
	if strings.Count(name, " ") < 2 || knownArtist(name) {
		return false // "Purple Disco Machine"
	}
	var buf [8]byte
	for w := range strings.FieldsSeq(name) {
		if strings.HasSuffix(w, ".") || utf8.RuneCountInString(w) == 1 {
			return false // "A. G. Cook", "Axwell Λ Ingrosso"
		}
		if l, _ := lowerASCII(buf[:], w); nameParticle(string(l)) {
			return false
		}
	}
	return true
}

func reverse(s []string) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// trailingVersion finds a version written without brackets at the end of a
// credit: the longest run of up to four last words that reads as a version
// with no name ("... VIP Version"). k is where it starts, 0 when none.
func trailingVersion(s string) (k int, version string) {
	// Every tail ends in s's last word: unless that may end a credit
	// (mayBeCredit), no tail is a version, and the tails need not be built
	// and read. Most titles end so. (A last word of commas alone is left
	// to the tails.)
	if last := lastField(s); strings.Trim(last, ",;") != "" && !mayBeCredit(last) {
		return 0, ""
	}
	words := strings.Fields(s)
	for n := min(4, len(words)-1); n >= 1; n-- {
		if n == 2 && kindAndNumber(words[len(words)-2], words[len(words)-1]) {
			continue // "Intro Version II", "Mix 2": without brackets, the title's
		}
		tail := strings.Join(words[len(words)-n:], " ")
		// A remix's kind no title ends in, alone ("Halo Rerub"), names
		// a version as well (bareVersionWord).
		if sc := classifyCredit(tail); sc.kind == sufVersion && !sc.unsure || n == 1 && sc.kind == sufRemix && sc.names == "" && bareVersionWord(tail) {
			return len(s) - len(tail), tail
		}
	}
	return 0, ""
}

// kindAndNumber: k is an edit-like kind word and n its number ("Version
// II", "Mix 2"); alone after a title, without brackets, they name a part
// of it (Surgeon's "Intro Version II").
func kindAndNumber(k, n string) bool {
	var kb, nb [8]byte
	lk, ok1 := lowerASCII(kb[:], k)
	ln, ok2 := lowerASCII(nb[:], n)
	if !ok1 || !ok2 || !isVersionNumber(string(ln)) {
		return false
	}
	c, _ := kindWord(string(lk))
	return c == kindEditLike
}

// lastField is what follows the last space of s (unicode.IsSpace), all
// of s when it has none. An ASCII byte is looked at without decoding it.
func lastField(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c >= utf8.RuneSelf {
			// A space of another script ends in a byte of 0x80 or more.
			return s[strings.LastIndexFunc(s[:i+1], unicode.IsSpace)+1:]
		}
		if c == ' ' || '\t' <= c && c <= '\r' {
			return s[i+1:]
		}
	}
	return s
}

// onlyQuotes: s is made of quote marks alone, or is empty: strings.Trim(s,
// quotes) == "" without Trim's slow path for a cutset beyond ASCII.
func onlyQuotes(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("\"'“”‘’«»„", r) {
			return false
		}
	}
	return true
}

// findFeatWord finds a featuring marker word outside brackets and returns
// the byte range [i, j) of " feat. " so that s[:i] is the title and s[j:]
// the featured credit.
func findFeatWord(s string) (i, j int, ok bool) {
	// Every featuring word of classifySepWord but "with", which is left
	// out here, starts with an f: most titles have none.
	if strings.IndexByte(s, 'f') < 0 && strings.IndexByte(s, 'F') < 0 {
		return 0, 0, false
	}
	var d outside
	for p := 0; p < len(s); p++ {
		if d.at(s[p]) && s[p] == ' ' && p > 0 {
			k := strings.IndexByte(s[p+1:], ' ')
			if k < 0 {
				return 0, 0, false
			}
			k += p + 1
			if w := s[p+1 : k]; !equalFoldASCII(w, "with") {
				if _, feat, _ := classifySepWord(w, splitTrack); feat {
					return p, k + 1, true
				}
			}
			if false {
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

// versionByName: version words a remixer's name comes before ("(Random
// Soul Extended)"), where "Intro" or "Live" after words name a version
// ("(Silent Treatment Intro)").
func versionByName(canon string) bool {
	switch canon {
	case "extended", "vocal", "vocals", "instrumental", "inst", "inst.", "instr", "instr.":
		return true
	}
	return false
}

// fromNoteLabel reads the label in a note on the record written after a
// quoted title, as radio playlists and blogs do: "From “Album” (Label
// 2024).", "Both from the forthcoming album “Album” (Label)", "from the
// LP - Album (Label)". The group at the note's end names the label, and
// the year of the release after it; "" when the note is none such.
func fromNoteLabel(note string) string {
	note = strings.TrimRight(trimSpace(strings.TrimLeft(note, " .,;’'\"”")), ".")
	i := indexFoldASCII(note, "from ")
	if i < 0 || i > 0 && note[i-1] != ' ' || strings.Count(note[:i], " ") > 1 {
		return "" // "from" first, or after one word ("Both from", "Single from")
	}
	open, content, ok := trailingGroup(note)
	if !ok || open <= i || note[open] != '(' {
		return ""
	}
	return releaseLabel(content)
}

// albumThenLabel reads what follows a title's credit as "Album (Label)
// Year" ("Remixes EP (Clone) 2004", "RetroTechno: Detroit Definitive
// (Network UK) 1991"), as lists that write the album after the title do:
// the label is the group's; the album is no part of the track.
func albumThenLabel(s string) (string, bool) {
	if k := strings.LastIndexByte(s, ' '); k > 0 && isYear(s[k+1:]) {
		s = trimSpace(s[:k])
	}
	if s == "" || s[len(s)-1] != ')' {
		return "", false
	}
	open, content, ok := trailingGroup(s)
	if !ok || open == 0 || s[open] != '(' || !hasLetter(s[:open]) {
		return "", false
	}
	if label := releaseLabel(content); label != "" && classifySuffix(content, true).kind == sufNone {
		return label, true
	}
	return "", false
}

// startsWithDashSep: s starts with a dash separator, a space on each side
// of it (" – Album").
func startsWithDashSep(s string) bool {
	if s == "" || s[0] != ' ' {
		return false
	}
	t := strings.TrimLeft(s, " ")
	r, n := utf8.DecodeRuneInString(t)
	return isDash(r) && n < len(t) && t[n] == ' '
}

// releaseLabel is the label in a release's note, "Label 2024", "Label,
// 2019", "Single on Label 2024": without the year and the words before
// it; "" when no label is left.
func releaseLabel(s string) string {
	s = trimSpace(s)
	if k := strings.LastIndexByte(s, ' '); k > 0 && isYear(s[k+1:]) {
		s = strings.TrimRight(s[:k], " ,")
		if k := len(s) - 3; k > 0 && equalFoldASCII(s[k:], " in") {
			s = s[:k] // "Released on Emissions in 1997"
		}
	}
	for _, p := range releaseNoteStarts {
		if hasPrefixFoldASCII(s, p) {
			s = s[len(p):]
			break
		}
	}
	s = trimJunk(s)
	if !hasLetter(s) || isReleaseNote(s) || isYear(s) {
		return ""
	}
	return s
}

// fromNoteStart is where a note on the record the track is on starts in
// a title ("... from the LP - Great Lengths", "... from his new album
// The Information"), -1 when there is none.
func fromNoteStart(s string) int {
	if !hasWordFrom(s) {
		return -1 // every note below starts so: one scan instead of ten
	}
	for _, p := range [...]string{" from the lp", " from the album", " from the ep", " from the forthcoming album", " from his new album",
		" from her new album", " from their new album", " from his album", " from her album", " from their album"} {
		if i := indexFoldASCII(s, p); i > 0 {
			return i
		}
	}
	return -1
}

// hasWordFrom: s holds " from " in any case, looked for at its f's alone,
// found by strings.IndexByte (most lines have fewer f's than spaces).
func hasWordFrom(s string) bool {
	for _, f := range [...]byte{'f', 'F'} {
		for i := 1; i < len(s); i++ {
			p := strings.IndexByte(s[i:], f)
			if p < 0 {
				break
			}
			if i += p; s[i-1] == ' ' && hasPrefixFoldASCII(s[i:], "from ") {
				return true
			}
		}
	}
	return false
}

// creditNote: a group that credits who produced, wrote or mastered the
// record ("Prod. By Navie D.", "Mastered by Guy At The Exchange"), or
// what the DJ played with it ("+ sample Julia Holter - Moni Mon Amie
// intro"): neither a remix nor a label.
func creditNote(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '+' && len(s) > 2 && s[1] == ' ' {
		return true // "(+ sample Julia Holter - Moni Mon Amie intro)": what was played with it
	}
	switch s[0] | 0x20 { // the notes' first letters, in either case: most groups start otherwise
	case 'p', 'm', 'w', 'c', 'e', 'a':
	default:
		return false
	}
	for _, p := range [...]string{"prod. by ", "prod by ", "produced by ", "mastered by ", "written by ", "composed by ", "engineered by ", "arranged by "} {
		if hasPrefixFoldASCII(s, p) {
			return true
		}
	}
	return false
}

// releaseNoteStarts: words before the label in a note on the release.
var releaseNoteStarts = [...]string{"single on ", "released on ", "out on ", "on "}

// startsReleaseNote: s starts so, "Single on Label 2024", and names a label
// after it ("On The Road" names none, nor does "Out On Vinyl", a label).
func startsReleaseNote(s string) bool {
	for _, p := range releaseNoteStarts[:2] {
		if hasPrefixFoldASCII(s, p) {
			return true
		}
	}
	return false
}

// recordsGroup takes off a title a group in round brackets that names a
// label: by its last word, "(Cold Blooded Recordings)", "(1966 Verve
// Records)"; as a note on the release, "(Single on Bongo Joe 2024)",
// "(Album, 2016, Universal)". A guess, for a list that shows no labels
// otherwise.
func recordsGroup(title string) (rest, label string, ok bool) {
	open, content, ok := trailingGroup(title)
	if !ok || open == 0 || title[open] != '(' {
		return title, "", false
	}
	if startsReleaseNote(content) {
		if label = releaseLabel(content); label == "" {
			return title, "", false
		}
		return trimJunk(title[:open]), label, true
	}
	if label, ok := albumYearLabel(content); ok && label != "" {
		return trimJunk(title[:open]), label, true
	}
	w := content[strings.LastIndexByte(content, ' ')+1:]
	if !equalFoldASCII(w, "records") && !equalFoldASCII(w, "recordings") || w == content {
		return title, "", false
	}
	if sep, ok := lastDashSep(content); ok {
		content = content[sep.end:] // "(Album - X Records)"
	}
	if y, after, ok := strings.Cut(trimSpace(content), " "); ok && isYear(strings.TrimRight(y, ",")) {
		content = after // the year of the release first
	}
	if label = releaseLabel(content); label == "" {
		return title, "", false
	}
	return trimJunk(title[:open]), label, true
}

// listRemixers settles doubtful credits with the names of the other lines
// of a tracklist, as selfRemix does with a line's own: in a list that
// plays Cicada, "(Cicada Mix)" is Cicada's mix, not a version named so;
// "(Slam Paragraph Remix)" is Slam's "Paragraph Remix" where Slam plays,
// and "(Psycho Boys Club Remix)" Psycho Boys Club's. Issues stay as they
// were (credit_unsure where the credit was a guess). A name that is a
// word of versions ("Deep", "Club") settles nothing, nor is a remixer the
// reference list knows whole split ("(MJ Cole Mix)" where MJ plays).
func listRemixers(out []Analysis) {
	if !slices.ContainsFunc(out, func(a Analysis) bool { return a.TrackID != "" && (len(a.Remixers) > 0 || a.Version != "") }) {
		return // no credit to read again, no names to collect
	}
	var buf [64]string // most tracklists' names: on the stack
	names := buf[:0]   // duplicates do no harm
	for i := range out {
		if out[i].TrackID == "" {
			continue
		}
		for _, n := range out[i].Artists {
			if listName(n) {
				names = append(names, n)
			}
		}
	}
	for i := range out {
		a := &out[i]
		if a.TrackID == "" {
			continue
		}
		if a.settleCredit(names) {
			a.TrackID = a.Track.ID()
		}
	}
}

// listName: a name that may settle a credit: not a word versions are
// named with ("Deep", "Club", "Original").
func listName(n string) bool {
	if len(n) <= utf8.UTFMax && utf8.RuneCountInString(n) < 2 { // a rune is at most UTFMax bytes
		return false
	}
	var buf [16]byte
	l, ok := lowerASCII(buf[:], n)
	if !ok {
		return true
	}
	c, _ := kindWord(string(l))
	return c == kindNone && !isQualifier(string(l)) && !isParticle(string(l))
}

// settleCredit reads the track's credit again with the list's names; it
// reports whether anything changed. The slices are replaced, never
// written: they may be shared with a memo's parse.
func (t *Track) settleCredit(names []string) bool {
	switch {
	case len(t.Remixers) == 0 && t.Version != "":
		// "(Cicada Mix)": a version named after a name of the list.
		for _, n := range names {
			if rest, ok := cutWordsFold(t.Version, n); ok && !strings.Contains(rest, ", ") {
				t.Remixers, t.Version = []string{n}, rest
				t.IsRemix, t.RemixKind = true, "remix"
				return true
			}
		}
	case len(t.Remixers) == 1:
		r := t.Remixers[0]
		if knownArtist(r) {
			return false // "(MJ Cole Mix)", though MJ plays too
		}
		for _, n := range names {
			if strings.EqualFold(n, r) {
				return false // the remixer is a name of the list already
			}
		}
		for _, n := range names {
			// "Slam Paragraph": the name, then the mix's name.
			if rest, ok := cutWordsFold(r, n); ok {
				v := rest + " " + t.Version
				if t.Version == "" {
					// "(Slam Paragraph Remix)": the kind word as written.
					kind := writtenKind(t.Line, r)
					if kind == "" {
						return false
					}
					v = rest + " " + kind
				}
				t.Remixers, t.Version = []string{n}, trimSpace(v)
				return true
			}
			// "Psycho Boys" + "Club Remix": the name goes on in the version.
			if more, ok := cutWordsFold(n, r); ok && t.Version != "" {
				if rest, ok := cutWordsFold(t.Version, more); ok {
					if equalFoldASCII(rest, "remix") || equalFoldASCII(rest, "rmx") {
						rest = "" // a remix's "Remix" alone is no version
					}
					t.Remixers, t.Version = []string{n}, rest
					return true
				}
			}
		}
	}
	return false
}

// cutWordsFold: s starts with the words p, in any case, and a space; rest
// is what follows (cutPrefixFold(s, p+" ") without building p+" ").
func cutWordsFold(s, p string) (rest string, ok bool) {
	if len(s) > len(p)+1 && s[len(p)] == ' ' && strings.EqualFold(s[:len(p)], p) {
		return s[len(p)+1:], true
	}
	return s, false
}

// writtenKind is the word that follows a remixer's name in its credit as
// the line writes it ("Remix" in "(Slam Paragraph Remix)"), "" when the
// name is not followed by one word and the group's end.
func writtenKind(line, remixer string) string {
	i := strings.Index(line, remixer+" ")
	if i < 0 {
		return ""
	}
	rest := line[i+len(remixer)+1:]
	j := strings.IndexAny(rest, ")]")
	if j <= 0 || strings.IndexByte(rest[:j], ' ') >= 0 {
		return ""
	}
	return rest[:j]
}
