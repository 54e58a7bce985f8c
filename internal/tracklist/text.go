package tracklist

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// This file holds the low-level text helpers every parser in the package
// shares. They are written without regexp because ParseLine sits on the hot
// path of the ingestion pipeline (hundreds of thousands of lines per second),
// and because a hand scanner can respect bracket depth, which a regexp
// cannot.

// cleanText makes scraped text safe and canonical before anything looks at
// it:
//
//   - invalid UTF-8 bytes become U+FFFD (invalid reports that this happened);
//   - every run of whitespace or control characters becomes one ASCII space,
//     leading and trailing space is dropped;
//   - quotes escaped with a backslash lose it;
//   - zero-width characters that only exist to break word matching (ZWSP,
//     BOM, word joiner, soft hyphen) are removed;
//   - the result is NFC, so "Tiësto" typed with a combining diaeresis and
//     "Tiësto" typed precomposed are the same string.
//
// Whitespace is collapsed before NFC because removing a zero-width character
// can bring a base letter next to a combining mark; NFC then composes them.
// The common case (printable ASCII, single spaces) returns s without
// allocating.
func cleanText(s string) (out string, invalid bool) {
	if strings.IndexByte(s, '\\') >= 0 {
		// "I Can\'t Sleep": a feed's quotes escaped for a program, not
		// for people; no title is written so.
		s = quoteEscapes.Replace(s)
	}
	if isCleanASCII(s) {
		return s, false
	}
	if !utf8.ValidString(s) {
		invalid = true
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	out = s
	if !isClean(s) { // "Tiësto" is kept as it is, not copied
		var b strings.Builder
		b.Grow(len(s))
		pendingSpace := false
		for _, r := range s {
			switch {
			case isSpaceOrControl(r):
				pendingSpace = b.Len() > 0
				continue
			case isInvisible(r):
				continue
			}
			if pendingSpace {
				b.WriteByte(' ')
				pendingSpace = false
			}
			b.WriteRune(r)
		}
		out = b.String()
	}
	if !norm.NFC.IsNormalString(out) {
		out = norm.NFC.String(out)
	}
	return out, invalid
}

var quoteEscapes = strings.NewReplacer(`\'`, "'", `\"`, `"`)

// isCleanASCII reports whether s is printable ASCII with no leading,
// trailing or doubled spaces, i.e. already what cleanText would produce.
func isCleanASCII(s string) bool {
	if len(s) == 0 {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	i := 0
	for ; i+9 <= len(s); i += 8 { // eight bytes at a time, and the byte after
		if unclean8(load8(s, i), load8(s, i+1)) {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == ' ' && i > 0 && s[i-1] == ' ' {
			return false
		}
	}
	return true
}

// isClean reports whether the valid UTF-8 s is already what cleanText's
// loop makes of it: single ASCII spaces between other characters, no
// other space or control character, no invisible one.
func isClean(s string) bool {
	prevSpace := true // a leading space is not clean
	for _, r := range s {
		switch {
		case isSpaceOrControl(r):
			if r != ' ' || prevSpace {
				return false
			}
			prevSpace = true
			continue
		case isInvisible(r):
			return false
		}
		prevSpace = false
	}
	return !prevSpace
}

func isSpaceOrControl(r rune) bool {
	if r < 0x80 {
		return r <= ' ' || r == 0x7f
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Cc, r)
}

// isInvisible lists the format characters that scraped HTML carries around
// but that carry no meaning in a name: they are dropped so that "Dead\u200bmau5"
// matches "Deadmau5". ZWJ (U+200D) is kept: it is part of emoji sequences.
func isInvisible(r rune) bool {
	switch r {
	case 0x00AD, 0x200B, 0x200C, 0x200E, 0x200F, 0x2060, 0xFEFF:
		return true
	}
	return false
}

// isDash reports whether r is one of the dash characters scrapers use as an
// artist/title separator: hyphen-minus, hyphen, non-breaking hyphen, figure
// dash, en dash, em dash, horizontal bar, minus sign, small and fullwidth
// hyphen-minus. (dashOrBracketBytes knows the first byte of each: keep the two
// together.)
func isDash(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE63', '\uFF0D':
		return true
	}
	return false
}

// dashRunAt reports the end of a run of dash characters starting at i, or -1
// when s[i] does not start a dash.
func dashRunAt(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		if c == '-' {
			j++
			continue
		}
		if c < 0x80 {
			break
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isDash(r) {
			break
		}
		j += n
	}
	if j == i {
		return -1
	}
	return j
}

func isOpen(c byte) bool  { return c == '(' || c == '[' || c == '{' }
func isClose(c byte) bool { return c == ')' || c == ']' || c == '}' }

// outside tracks how deep a scan is inside brackets: the scanners look
// for separators outside every bracket ("Artist - Title (X - Y Remix)").
type outside int

// at reads the next byte c and reports whether it stands outside every
// bracket; a bracket itself does not.
func (d *outside) at(c byte) bool {
	if !bracketBytes[c] { // most bytes: one look-up
		return *d == 0
	}
	switch {
	case isOpen(c):
		*d++
		return false
	case isClose(c):
		if *d > 0 {
			*d--
		}
		return false
	}
	return *d == 0
}

// sepSpan is a byte range [start, end) of a separator inside a string,
// including the spaces around it.
type sepSpan struct{ start, end int }

// repairBrackets makes every bracket of s pair up, so that the scanners
// can trust bracket depth. Scraped lines lose closing brackets to
// truncation ("Title (Four Tet Remix") and carry stray ones from HTML. A
// closer without an opener is dropped. An opener without a closer gets one
// appended at the end when no dash separator follows it (truncation:
// "Title (Four Tet Remix" -> "Title (Four Tet Remix)"), and is dropped
// otherwise ("Artist (Live - Title" -> "Artist Live - Title").
func repairBrackets(s string) string {
	if !hasBracket(s) || balanced(s) {
		return s
	}
	drop := make([]bool, len(s))
	var stack []int
	for i := 0; i < len(s); i++ {
		switch {
		case isOpen(s[i]):
			stack = append(stack, i)
		case isClose(s[i]):
			if len(stack) == 0 {
				drop[i] = true
			} else {
				stack = stack[:len(stack)-1]
			}
		}
	}
	lastSep := lastDashSepAnyDepth(s)
	var closers []byte
	for k := len(stack) - 1; k >= 0; k-- {
		i := stack[k]
		// "{{X" left open: closed, it would read as a MixesDB template
		// and vanish from the line written back; it is dropped instead.
		if lastSep > i || s[i] == '{' && (i > 0 && s[i-1] == '{' || i+1 < len(s) && s[i+1] == '{') {
			drop[i] = true
			continue
		}
		closers = append(closers, closerOf(s[i]))
	}
	b := make([]byte, 0, len(s)+len(closers))
	for i := 0; i < len(s); i++ {
		if !drop[i] {
			b = append(b, s[i])
		}
	}
	b = append(b, closers...)
	return collapseSpaces(trimSpace(string(b)))
}

func closerOf(c byte) byte {
	switch c {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

// lastDashSepAnyDepth returns the index of the last whitespace-surrounded
// dash of s, brackets ignored, or -1.
func lastDashSepAnyDepth(s string) int {
	last := -1
	for i := 0; i+2 < len(s); i++ {
		if s[i] == ' ' {
			if j := dashRunAt(s, i+1); j > 0 && j < len(s) && s[j] == ' ' {
				last = i
				i = j - 1
			}
		}
	}
	return last
}

// dashSeps returns the whitespace-surrounded dash separators of s that are
// outside brackets, in order. A dash only separates when it has a space on
// both sides: "Jay-Z", "M-1" and "Sian-Lee" are names, not separators.
// Brackets are expected to pair up (see repairBrackets).
func dashSeps(s string, dst []sepSpan) []sepSpan {
	sc := dashScan{s: s}
	for {
		sep, ok := sc.next()
		if !ok {
			return dst
		}
		dst = append(dst, sep)
	}
}

// dashScan finds the dash separators of s outside brackets, one by one.
// It reads s once, and only the bytes that may start a dash or are
// brackets (one look-up for every other byte) are looked at further: a
// separator starts at the space before its dash.
type dashScan struct {
	s     string
	from  int     // where the next look starts
	depth outside // the bracket depth after s[:from]
}

// next returns the next separator, or ok=false when there is none.
func (sc *dashScan) next() (sepSpan, bool) {
	s := sc.s
	for i := sc.from; i < len(s); i++ {
		c := s[i]
		if !dashOrBracketBytes[c] {
			continue
		}
		if bracketBytes[c] {
			sc.depth.at(c)
			continue
		}
		if i > 0 && s[i-1] == ' ' && sc.depth == 0 {
			if end := dashSepAt(s, i-1); end > 0 {
				sc.from = end // the next may share this one's last space
				return sepSpan{i - 1, end}, true
			}
		}
	}
	sc.from = len(s)
	return sepSpan{}, false
}

// dashOrBracketBytes are the brackets and the bytes that may start one of
// isDash's characters: "-", or the first byte of the others' UTF-8 (0xE2
// for U+2010..U+2212, 0xEF for U+FE63 and U+FF0D).
var dashOrBracketBytes = newByteSet("()[]{}-\xE2\xEF")

// dashSepAt returns the end of the dash separator (spaces included) that
// starts with the space at s[i], or 0 when there is none.
func dashSepAt(s string, i int) int {
	j := dashRunAt(s, i+1)
	if j > 0 && j < len(s) && s[j] == '>' {
		j++ // "Brian Eno ––> Blank Frank": an arrow
	}
	if j > 0 && j < len(s) && s[j] == ' ' && i > 0 && j+1 < len(s) {
		return j + 1
	}
	return 0
}

// firstDashSep returns the first separator of s, or ok=false. It stops
// there: it runs on most lines several times.
func firstDashSep(s string) (sepSpan, bool) {
	sc := dashScan{s: s}
	return sc.next()
}

// lastDashSep returns the last separator of s, or ok=false.
func lastDashSep(s string) (sepSpan, bool) {
	var buf [4]sepSpan
	seps := dashSeps(s, buf[:0])
	if len(seps) == 0 {
		return sepSpan{}, false
	}
	return seps[len(seps)-1], true
}

// trailingGroup finds a bracket group that ends s: s ends with ')' or ']'
// (or '}') and the matching opener is found scanning backwards with depth.
// It returns the opener's index and the content between the brackets. It
// returns ok=false when s does not end with a closer or the brackets do not
// balance.
func trailingGroup(s string) (open int, content string, ok bool) {
	if len(s) == 0 || !isClose(s[len(s)-1]) {
		return 0, "", false
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if !bracketBytes[c] { // most bytes: one look-up
			continue
		}
		if isClose(c) {
			depth++
		} else if isOpen(c) {
			depth--
			if depth == 0 {
				return i, s[i+1 : len(s)-1], true
			}
		}
	}
	return 0, "", false
}

// lastIndex is strings.LastIndex, which hashes s byte by byte from the
// end: most strings the parser asks lack sep, which the vectorised
// strings.Index tells sooner.
func lastIndex(s, sep string) int {
	if !strings.Contains(s, sep) {
		return -1
	}
	return strings.LastIndex(s, sep)
}

// trimSpace trims ASCII spaces only; cleanText has already turned every
// other whitespace character into ASCII space.
func trimSpace(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

// keptFirst marks the bytes trimJunk keeps at a field's start (an ASCII
// letter or digit, an opening bracket), keptLast those it keeps at its
// end (a letter or digit, a closing bracket).
var keptFirst, keptLast = func() (first, last [256]bool) {
	for c := 0; c < 256; c++ {
		first[c] = isAlnumASCII(byte(c)) || isOpen(byte(c))
		last[c] = isAlnumASCII(byte(c)) || isClose(byte(c))
	}
	return first, last
}()

// trimJunk trims spaces and separator debris (dangling dashes, commas,
// ampersands, slashes) left at either end of a field after something was cut
// out of it. It never trims letters, digits or closing punctuation such as
// "." or "!" that belong to names like "Fred again.." or "LUM!X".
func trimJunk(s string) string {
	// Most fields begin and end with a letter, a digit or a bracket, which
	// none of the rules below trims: they are returned at once (two
	// look-ups).
	if len(s) > 0 && keptFirst[s[0]] && keptLast[s[len(s)-1]] {
		return s
	}
	for {
		s = trimSpace(s)
		if len(s) == 0 {
			return s
		}
		if j := dashRunAt(s, 0); j > 0 && (j == len(s) || s[j] == ' ') {
			s = s[j:]
			continue
		}
		switch s[0] {
		case ',', '&', '/', ';', '|', '+':
			if len(s) == 1 || s[1] == ' ' {
				s = s[1:]
				continue
			}
		}
		last := s[len(s)-1]
		switch last {
		case ',', '&', '/', ';', '|', ':':
			if len(s) == 1 || s[len(s)-2] == ' ' || last == ',' || last == ';' || last == ':' {
				s = s[:len(s)-1]
				continue
			}
		}
		// A list's marks after the line: "Caress ·", "[Original Mix].",
		// "Devoid *" (a footnote's star).
		// A star right after a dash is what the dash separates: "0 - *".
		if strings.HasSuffix(s, " ·") || strings.HasSuffix(s, " *") && !strings.HasSuffix(s, "- *") || (last == '.' && len(s) > 1 && isClose(s[len(s)-2])) {
			s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "·"), "*"), ".")
			continue
		}
		// "Spastik (Dubfire Re-Edit) !!": who wrote the list cheering
		// the record, after its last group.
		if last == '!' {
			if t := strings.TrimRight(s, "!"); len(t) > 2 && t[len(t)-1] == ' ' && isClose(t[len(t)-2]) {
				s = t
				continue
			}
		}
		// "(Extended Mix)*": a chart's star on a bracket group (a new
		// entry, a footnote).
		if last == '*' {
			if t := strings.TrimRight(s, "*"); len(t) > 0 && isClose(t[len(t)-1]) {
				s = t
				continue
			}
			// "June*", the same star on a title without a group, or
			// Discogs' on a name ("Tilliander*"); a run of stars is a
			// word hidden ("Your ****"), one inside a word its letter
			// ("Sh*t"), one on a word all lowercase its spelling
			// ("dashstar*").
			if t := s[:len(s)-1]; len(t) > 1 && isAlnumASCII(t[len(t)-1]) && isAlnumASCII(t[len(t)-2]) && hasUpperASCII(t[strings.LastIndexByte(t, ' ')+1:]) {
				s = t
				continue
			}
		}
		// "Isabella of Castile\"": a quote that closes nothing (not an
		// inch mark: "Blue Monday 12\"").
		if last == '"' && len(s) > 1 && !isDigit(s[len(s)-2]) && strings.IndexByte(s, '"') == len(s)-1 && !strings.ContainsAny(s, "“„«") {
			s = s[:len(s)-1]
			continue
		}
		// a trailing run of dashes standing alone: "Artist -", "Artist --"
		if j := trailingDashes(s); j < len(s) && (j == 0 || s[j-1] == ' ') {
			s = s[:j]
			continue
		}
		return s
	}
}

// stripQuotes removes one pair of matching quotes around s ("Title",
// 'Title', “Title”).
// isQuoted: s is wrapped whole in quotes.
func isQuoted(s string) bool {
	s = trimSpace(s)
	return stripQuotes(s) != s
}

func stripQuotes(s string) string {
	if len(s) < 2 {
		return s
	}
	if c := s[0]; c < utf8.RuneSelf && c != '"' && c != '\'' {
		return s // no quote opens s: most strings, passed over without decoding
	}
	first, n1 := utf8.DecodeRuneInString(s)
	last, n2 := utf8.DecodeLastRuneInString(s)
	if len(s) <= n1+n2 {
		return s
	}
	// Any double quote closes any other ("“Glowin’\"" as people type
	// them); single quotes pair as written.
	double := func(r rune) bool { return r == '"' || r == '\u201C' || r == '\u201D' || r == '\u201E' }
	match := double(first) && double(last) || (first == '\'' && last == '\'') ||
		(first == '\u2018' && last == '\u2019') || (first == '\u00AB' && last == '\u00BB') ||
		(first == '\u00BB' && last == '\u00AB') // »Title«, as German and Danish print quotes
	if !match {
		return s
	}
	inner := trimSpace(s[n1 : len(s)-n2])
	// Only strip when the quote characters do not also occur inside: 'n'
	// in "Ghosts 'n' Stuff" must survive. An apostrophe between letters
	// is no quote: ‘Goin’ South’, ‘Ray’s House’.
	for i, r := range inner {
		switch {
		case double(first) && double(r):
			return s
		case !double(first) && (r == first || r == last) && !(r == '\u2019' && apostrophe(inner, i)) &&
			!(r == '\'' && letterAround(inner, i)):
			// 'Rabbit's Moon', as typed with the apostrophe of the keyboard.
			return s
		}
	}
	return inner
}

// apostrophe: the ’ at byte i of s stands between letters, or ends a
// word ("Goin’ South").
func apostrophe(s string, i int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+len("’"):])
	return unicode.IsLetter(before) && (unicode.IsLetter(after) || after == ' ' || after == utf8.RuneError)
}

// letterAround: the byte i of s, a straight apostrophe, stands between
// two letters ("Rabbit's", "Don't"); a quote opens or closes a word.
func letterAround(s string, i int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+1:])
	return unicode.IsLetter(before) && unicode.IsLetter(after)
}

// lowerASCII writes the ASCII-lowercased s into buf when s is ASCII and fits,
// returning ok=false otherwise. It lets keyword tables be consulted without
// allocating.
func lowerASCII(buf []byte, s string) ([]byte, bool) {
	if len(s) > cap(buf) {
		return nil, false
	}
	buf = buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf, true
}

// lowerASCIIString is s with ASCII capitals lowercased and every other
// byte kept; s itself when it has no capital.
func lowerASCIIString(s string) string {
	i := 0
	for i < len(s) && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	var buf [64]byte // the usual credit fits: one allocation, the result
	b := append(buf[:0], s...)
	for ; i < len(b); i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}

// isASCII: s has no byte of a multi-byte character.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// byteSet is a set of ASCII bytes, built once: strings.ContainsAny builds
// one on every call, and ParseLine asks several times a line.
type byteSet [256]bool

func newByteSet(chars string) *byteSet {
	var set byteSet
	for i := 0; i < len(chars); i++ {
		set[chars[i]] = true
	}
	return &set
}

// in is strings.ContainsAny(s, chars) for the set's chars.
func (set *byteSet) in(s string) bool {
	for i := 0; i < len(s); i++ {
		if set[s[i]] {
			return true
		}
	}
	return false
}

// bracketBytes are the brackets isOpen and isClose know.
var bracketBytes = newByteSet("()[]{}")

// equalFoldASCII compares an input word with a lowercase ASCII keyword.
func equalFoldASCII(s, lowerKeyword string) bool {
	if len(s) != len(lowerKeyword) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lowerKeyword[i] {
			return false
		}
	}
	return true
}

// hasPrefixFoldASCII reports whether s starts with the lowercase ASCII
// keyword, ignoring case.
func hasPrefixFoldASCII(s, lowerKeyword string) bool {
	return len(s) >= len(lowerKeyword) && equalFoldASCII(s[:len(lowerKeyword)], lowerKeyword)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isLowerASCII(c byte) bool { return 'a' <= c && c <= 'z' }

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

func isAlnumASCII(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c)
}

// truncateUTF8 cuts s to at most n bytes without splitting a rune.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// marshalJSON is json.Marshal without HTML escaping: "&" in "Chris Lake &
// Sante Sansone" stays "&", as people reading `songnodes parse` expect.
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// indexFoldASCII is strings.Index without regard to ASCII case;
// lowerKeyword must be lowercase ASCII.
func indexFoldASCII(s, lowerKeyword string) int {
	// A keyword that starts with no letter (" from the album") starts
	// where that very byte is: strings.IndexByte finds the candidates
	// much faster than a comparison at every byte.
	if lowerKeyword != "" && (lowerKeyword[0] < 'a' || lowerKeyword[0] > 'z') {
		c := lowerKeyword[0]
		for i := 0; i+len(lowerKeyword) <= len(s); i++ {
			p := strings.IndexByte(s[i:len(s)-len(lowerKeyword)+1], c)
			if p < 0 {
				break
			}
			if i += p; equalFoldASCII(s[i:i+len(lowerKeyword)], lowerKeyword) {
				return i
			}
		}
		return -1
	}
	for i := 0; i+len(lowerKeyword) <= len(s); i++ {
		if equalFoldASCII(s[i:i+len(lowerKeyword)], lowerKeyword) {
			return i
		}
	}
	return -1
}
