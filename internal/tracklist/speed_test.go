package tracklist

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// speedInputs are the strings the fast paths of the parser are held to
// the plain code they replaced on: every labelled line of the corpus and
// the benchmark's and plainScanInputs, each word and each run of words of them (the fields
// and names the parser asks about), case variants, and random strings of
// the bytes the fast paths look for.
func speedInputs(tb testing.TB) []string {
	tb.Helper()
	lines := append(benchLines(), plainScanInputs...)
	f, err := os.Open("testdata/real/lines.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var v struct{ Line string }
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			tb.Fatal(err)
		}
		lines = append(lines, v.Line)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	in := []string{
		"", " ", "  ", "a  b", " a", "a ", "\x1f", "\x7f", "a\x7fb", "\xff", "ab\xffcdefghij", "abcdefgh\x01",
		"abcdefg  hij", "abcdefgh  ij", "abcdefghijklmnop  ", "(", ")", "[]", "{x}", ")(", "abcdefgh)", "abcdefg(h)",
		"12345678901234567890)", "ID", "I.D.", "??", "Unknown?", "unknown artist", "XXXXX", "xxx", "tba", "TBC",
		"Free Download!", "Cat. No.", "CAT NO", "KÜNSTLER", "Título", "\u212Anstler", "Guest Mix", "Hour 2", "Side A",
		"First Hour", "Part 1:", "Feat. X", "FT. Y", "With Me", "with Your Love", "W/ Z", "Ft", "Malente Pres. Manrox",
		"X Presents Y", "A Alongside B", "Title: Sub", "Re:Mix", "A & B", "A &amp; B", "A &#38; B", "&", "a&", "&&x",
	}
	for _, l := range lines {
		in = append(in, l, strings.ToUpper(l), strings.ToLower(l))
		words := strings.Split(l, " ")
		for i := range words {
			for j := i + 1; j <= len(words) && j <= i+4; j++ {
				in = append(in, strings.Join(words[i:j], " "))
			}
		}
	}
	rng := rand.New(rand.NewSource(1))
	alphabet := []string{"a", "B", "k", "K", "b", " ", " ", "-", "(", ")", "[", "]", "{", "}", "&", "#", ":", ".",
		"1", "9", "\x00", "\x1f", "\x7f", "\xff", "é", "–", "'", "Y", "y", "_", "\t"}
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.Intn(40); k > 0; k-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		in = append(in, b.String())
	}
	return in
}

// TestSpeedPathsMatchPlainCode holds the speed work's fast paths (eight
// bytes at a time, first-letter gates, filters before look-ups) to the
// plain code they replaced, kept here. A first-letter gate sits next to a
// list of words (isPlaceholder, isSectionHead, cutFeatPrefix, oddName):
// a word added there goes into the copy here too, and a new first letter
// into the gate, or this test fails.
func TestSpeedPathsMatchPlainCode(t *testing.T) {
	refBalanced := func(s string) bool {
		depth := 0
		for i := 0; i < len(s); i++ {
			if isOpen(s[i]) {
				depth++
			} else if isClose(s[i]) {
				if depth == 0 {
					return false
				}
				depth--
			}
		}
		return depth == 0
	}
	refCleanASCII := func(s string) bool {
		if s != trimSpace(s) || strings.Contains(s, "  ") {
			return false
		}
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] >= 0x7f {
				return false
			}
		}
		return true
	}
	refEntityStart := func(s string) bool {
		for i := 0; i+1 < len(s); i++ {
			if s[i] == '&' && (isAlnumASCII(s[i+1]) || s[i+1] == '#') {
				return true
			}
		}
		return false
	}
	refPlaceholder := func(s string) bool {
		s = trimSpace(s)
		if s == "" {
			return false
		}
		if (s[0] == '[' && s[len(s)-1] == ']' || s[0] == '(' && s[len(s)-1] == ')') && len(s) > 2 && isLetterStart(s[1:]) {
			s = s[1 : len(s)-1]
		}
		if s[0] == '?' && strings.Trim(s, "?") == "" || len(s) >= 5 && s[0]|0x20 == 'x' && strings.Trim(s, "xX") == "" {
			return true
		}
		if len(s) > 22 {
			return false
		}
		var buf [22]byte
		l, ok := lowerASCII(buf[:], s)
		if !ok {
			return false
		}
		switch string(bytes.TrimRight(l, "?")) {
		case "id", "i.d.", "unknown", "unknown artist", "unknown track", "unknown title", "unknown id",
			"unknownartist", "artist unknown", "unknown tune", "tba", "t.b.a.", "tbc",
			"track id", "id not available", "track id not available", "id unknown", "no info", "n/a":
			return true
		}
		return false
	}
	// The sets built with newFoldSet are held to a plain scan of their
	// own words: a word added to a list needs no copy here.
	refReleaseNote := func(s string) bool {
		s = trimSpace(s)
		in := func(s string) bool {
			return slices.ContainsFunc(releaseNotes.words, func(w string) bool { return isASCII(s) && strings.EqualFold(s, w) })
		}
		// "(The current single)": a note with an article is one.
		return in(s) || len(s) > 4 && strings.EqualFold(s[:4], "the ") && in(s[4:])
	}
	refColumnWord := func(w string) columnKind {
		var buf [12]byte
		l, ok := lowerASCII(buf[:], w)
		if !ok {
			if strings.EqualFold(w, "künstler") {
				return colArtist
			}
			if strings.EqualFold(w, "título") {
				return colTitle
			}
			return colNone
		}
		switch string(l) {
		case "artist", "artists", "interpret", "artiste", "artista", "performer":
			return colArtist
		case "title", "titel", "titre", "titolo", "titulo", "track", "song", "piece":
			return colTitle
		case "album":
			return colAlbum
		case "label":
			return colLabel
		case "no", "nr", "year", "time", "start", "approx", "length", "duration", "country", "images", "sound", "bpm", "key", "playlist",
			"name", "distributor", "comments", "comment", "genre":
			return colOther
		}
		return colNone
	}
	refSectionHead := func(s string) bool {
		if len(s) > 24 {
			return false
		}
		var buf [16]byte
		n, head, qualifier := 0, false, false
		for w := range strings.FieldsSeq(s) {
			for len(w) > 0 && (w[len(w)-1] == ':' || w[len(w)-1] == '.') {
				w = w[:len(w)-1]
			}
			l, ok := lowerASCII(buf[:], w)
			if !ok || n == 4 {
				return false
			}
			switch string(l) {
			case "guest", "first", "second", "third", "fourth", "last", "final", "opening", "closing", "1st", "2nd", "3rd", "4th":
				qualifier = true
			case "mix", "hour", "part", "set", "half", "cd", "side", "segment":
				head, qualifier = true, false
			default:
				if n == 0 || !allDigits(string(l)) && !(len(l) == 1 && 'a' <= l[0] && l[0] <= 'd') {
					return false
				}
				qualifier = false
			}
			n++
		}
		return head && !qualifier
	}
	refMetaLine := func(s string) bool {
		k := -1
		for i := 1; i < len(s) && i <= 12; i++ {
			if c := s[i]; c == ':' || c == '-' || c == 0xE2 {
				k = i
				break
			}
		}
		if k <= 0 {
			return false
		}
		var buf [12]byte
		key, ok := lowerASCII(buf[:], trimSpace(s[:k]))
		if !ok {
			return false
		}
		switch string(key) {
		case "length", "duration", "runtime", "total time", "playtime", "quality", "bitrate", "size", "file size":
			if s[k] == ':' {
				return true
			}
		case "label", "album", "format", "catalog", "catalogue", "cat", "cat.", "cat no", "cat. no.", "release", "released",
			"genre", "style", "country", "year":
			return hasLetter(s[k:])
		}
		return false
	}
	refCutFeatPrefix := func(s string, bracket bool) (string, bool) {
		sp := strings.IndexByte(s, ' ')
		if sp <= 0 || sp == len(s)-1 {
			return "", false
		}
		w := s[:sp]
		if w == "f." {
			return trimSpace(s[sp+1:]), true
		}
		if len(w) > 10 {
			return "", false
		}
		var buf [10]byte
		lw, ok := lowerASCII(buf[:], w)
		if !ok {
			return "", false
		}
		switch string(lw) {
		case "feat.", "feat", "ft.", "ft", "featuring", "feat:", "ft:":
			return trimSpace(s[sp+1:]), true
		case "with", "w", "w/":
			if rest := trimSpace(s[sp+1:]); bracket && !titleWord(firstWord(rest)) {
				return rest, true
			}
		}
		return "", false
	}
	refOddName := func(name string) bool {
		r, _ := utf8.DecodeRuneInString(name)
		if annotated(name) || strings.Contains(name, ": ") || isOpenQuote(r) || r == '(' || r == '[' ||
			strings.HasPrefix(name, "ID ") || endsWithFeat(name) {
			return true
		}
		if strings.IndexByte(name, '/') > 0 && !isKnownName(name) {
			return true
		}
		if yearNote(name) {
			return true
		}
		if cut, ok := cutEllipsis(name); ok && isWordEnd(cut) {
			return true
		}
		if proseName(name) {
			return true
		}
		if ws := strings.Split(name, " "); len(ws) > 1 && ws[1] == "by" && ws[0] != "" && 'a' <= ws[0][0] && ws[0][0] <= 'z' && !strings.Contains(ws[0], ".") {
			return true
		}
		for _, w := range strings.Split(name, " ")[1:] {
			if equalFoldASCII(w, "pres.") || equalFoldASCII(w, "presents") || equalFoldASCII(w, "alongside") {
				return true
			}
		}
		return false
	}
	refNormASCII := func(b []byte, s string) ([]byte, bool) {
		start := len(b)
		pendingSpace := false
		for i := 0; i < len(s); i++ {
			c := normASCII[s[i]]
			switch c {
			case 0:
				continue
			case ' ':
				pendingSpace = len(b) > start
				continue
			case 0xFF:
				return b[:start], false
			}
			if pendingSpace {
				b = append(b, ' ')
				pendingSpace = false
			}
			b = append(b, c)
		}
		return b, true
	}

	// ArtistKey before its ASCII path (artistKeyASCII).
	refArtistKey := func(name string) string {
		s, _ := cleanText(name)
		folded := foldCase(s)
		var b strings.Builder
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
		return norm.NFC.String(b.String())
	}
	for _, s := range speedInputs(t) {
		if got, want := balanced(s), refBalanced(s); got != want {
			t.Errorf("balanced(%q) = %v, want %v", s, got, want)
		}
		if got, want := hasBracket(s), bracketBytes.in(s); got != want {
			t.Errorf("hasBracket(%q) = %v, want %v", s, got, want)
		}
		if i := skipNoBracket(s, 0); bracketBytes.in(s[:i]) {
			t.Errorf("skipNoBracket(%q) = %d skips a bracket", s, i)
		}
		if got, want := isCleanASCII(s), refCleanASCII(s); got != want {
			t.Errorf("isCleanASCII(%q) = %v, want %v", s, got, want)
		}
		if got, want := hasEntityStart(s), refEntityStart(s); got != want {
			t.Errorf("hasEntityStart(%q) = %v, want %v", s, got, want)
		}
		if got, want := isPlaceholder(s), refPlaceholder(s); got != want {
			t.Errorf("isPlaceholder(%q) = %v, want %v", s, got, want)
		}
		if got, want := isReleaseNote(s), refReleaseNote(s); got != want {
			t.Errorf("isReleaseNote(%q) = %v, want %v", s, got, want)
		}
		if s != "" {
			if got, want := columnWord(s), refColumnWord(s); got != want {
				t.Errorf("columnWord(%q) = %v, want %v", s, got, want)
			}
		}
		if got, want := isSectionHead(s), refSectionHead(s); got != want {
			t.Errorf("isSectionHead(%q) = %v, want %v", s, got, want)
		}
		if got, want := isMetaLine(s), refMetaLine(s); got != want {
			t.Errorf("isMetaLine(%q) = %v, want %v", s, got, want)
		}
		for _, bracket := range []bool{false, true} {
			got, gotOK := cutFeatPrefix(s, bracket)
			want, wantOK := refCutFeatPrefix(s, bracket)
			if got != want || gotOK != wantOK {
				t.Errorf("cutFeatPrefix(%q, %v) = %q %v, want %q %v", s, bracket, got, gotOK, want, wantOK)
			}
		}
		if got, want := oddName(s), refOddName(s); got != want {
			t.Errorf("oddName(%q) = %v, want %v", s, got, want)
		}
		var b1, b2 [8]byte
		got, gotOK := appendNormASCII(append(b1[:0], "x:"...), s)
		want, wantOK := refNormASCII(append(b2[:0], "x:"...), s)
		if !bytes.Equal(got, want) || gotOK != wantOK {
			t.Errorf("appendNormASCII(%q) = %q %v, want %q %v", s, got, gotOK, want, wantOK)
		}
		if got, want := ArtistKey(s), refArtistKey(s); got != want {
			t.Errorf("ArtistKey(%q) = %q, want %q", s, got, want)
		}
		h := nameHash(s)
		if _, want := slices.BinarySearch(knownArtists, h); knownArtistSet.has(h) != want {
			t.Errorf("knownArtistSet.has(nameHash(%q)) = %v", s, !want)
		}
		if _, want := slices.BinarySearch(englishWords, h); englishWordSet.has(h) != want {
			t.Errorf("englishWordSet.has(nameHash(%q)) = %v", s, !want)
		}
		var kb [128]byte
		if l, ok := lowerASCII(kb[:], s); ok && actFirstParts[string(l)] && !actFirstFilter.may(s) {
			t.Errorf("actFirstFilter.may(%q) = false for a key of actFirstParts", s)
		}
	}
	for c := 0; c < 256; c++ {
		if b := byte(c); keptFirst[b] != (isAlnumASCII(b) || isOpen(b)) || keptLast[b] != (isAlnumASCII(b) || isClose(b)) {
			t.Errorf("keptFirst, keptLast[%#x] = %v, %v", b, keptFirst[b], keptLast[b])
		}
	}
	// The filters let every word of their lists through, in any case.
	for k := range actFirstParts {
		for _, s := range []string{k, strings.ToUpper(k), strings.ToTitle(k)} {
			var kb [128]byte
			if l, ok := lowerASCII(kb[:], s); ok && actFirstParts[string(l)] && !actFirstFilter.may(s) {
				t.Errorf("actFirstFilter.may(%q) = false", s)
			}
		}
	}
	for _, h := range knownArtists {
		if !knownArtistSet.has(h) {
			t.Fatalf("knownArtistSet lacks %x", h)
		}
	}
	for _, h := range englishWords {
		if !englishWordSet.has(h) {
			t.Fatalf("englishWordSet lacks %x", h)
		}
	}
}
