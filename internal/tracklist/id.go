package tracklist

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// IDInput is what a track ID is computed from. It mirrors the arguments of
// the original SongNodes generate_track_id so that IDs computed from data
// that never went through ParseLine (a database row, an API payload) match
// the IDs of parsed lines.
type IDInput struct {
	Artist    string   // the primary artist; for parsed lines the FIRST primary artist only
	Title     string   // the title with version suffixes already stripped
	Featured  []string // featured artists; order does not matter
	Remixers  []string // remixers; only used when IsRemix and RemixType is empty
	RemixType string   // original's remix_type (e.g. "extended"); hashed verbatim, wins over IsRemix
	IsRemix   bool
	IsMashup  bool
}

// TrackID returns the SongNodes track ID: the first 16 hex characters of
// sha256 over the components joined with "::":
//
//	[Norm(artist), Norm(title)]
//	+ ["feat_" + sorted Norm(featured) joined by " "]   if any featured
//	+ ["type_" + RemixType]                              if RemixType != ""
//	  else ["remix_" + sorted Norm(remixers) joined by " "] if IsRemix
//	+ ["mashup"]                                         if IsMashup
//
// This is bit-for-bit the original algorithm so that graph node IDs created
// by the old system carry over; see testdata/golden/songnodes-compat.json.
// TrackID hashes whatever it is given, even empty strings, exactly as the
// original did; callers decide whether an ID makes sense (Track.ID does).
func TrackID(in IDInput) string {
	var stack [256]byte
	b := appendNorm(stack[:0], in.Artist)
	b = append(b, "::"...)
	b = appendNorm(b, in.Title)
	if len(in.Featured) > 0 {
		b = append(b, "::feat_"...)
		b = appendSortedNorms(b, in.Featured)
	}
	if in.RemixType != "" {
		b = append(b, "::type_"...)
		b = append(b, in.RemixType...)
	} else if in.IsRemix {
		b = append(b, "::remix_"...)
		b = appendSortedNorms(b, in.Remixers)
	}
	if in.IsMashup {
		b = append(b, "::mashup"...)
	}
	sum := sha256.Sum256(b)
	var out [16]byte
	hex.Encode(out[:], sum[:8])
	return string(out[:])
}

func appendSortedNorms(b []byte, names []string) []byte {
	if len(names) == 1 {
		return appendNorm(b, names[0])
	}
	ns := make([]string, len(names))
	for i, n := range names {
		ns[i] = Norm(n)
	}
	// Python sorts str by code point; Go sorts string by UTF-8 bytes, and
	// UTF-8 byte order is code point order, so the two agree.
	sort.Strings(ns)
	for i, n := range ns {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, n...)
	}
	return b
}

// Norm is the track-ID normaliser: the Python expression
//
//	re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", s.lower())).strip()
//
// reproduced exactly, including Python's definitions: lower() is the full
// Unicode lowercase mapping (so "İ" becomes "i" + U+0307 and a word-final
// capital sigma becomes "ς"), \w is "alphanumeric or underscore" in
// Python's sense (letters L*, numbers N*, "_"; combining marks are NOT word
// characters, so they are dropped), \s is Python's str.isspace (which also
// counts U+001C..U+001F).
//
// Two deliberate additions, both no-ops on the NFC text scrapers produce:
// invalid UTF-8 is replaced by U+FFFD (then dropped, it is not a word
// character), and the input is put in NFC first, so a decomposed "Tiësto"
// keeps its diaeresis instead of losing it as a stray combining mark. The
// result is NFC and Norm(Norm(s)) == Norm(s).
//
// Norm deliberately does NOT rewrite substrings ("vs" inside "Canvas" is
// left alone) and keeps every letter of every script: "Tiësto" -> "tiësto",
// "Röyksopp" -> "röyksopp", "Кино" -> "кино".
func Norm(s string) string {
	if isNormASCII(s) {
		return s
	}
	return string(appendNorm(make([]byte, 0, len(s)), s))
}

// isNormASCII reports whether s is already its own Norm and ASCII, so Norm
// can return it without allocating.
func isNormASCII(s string) bool {
	if len(s) == 0 {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_':
		case c == ' ':
			if prev == ' ' {
				return false
			}
		default:
			return false
		}
		prev = c
	}
	return true
}

// appendNorm appends Norm(s) to b.
func appendNorm(b []byte, s string) []byte {
	if out, ok := appendNormASCII(b, s); ok {
		return out
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	start := len(b)
	pendingSpace := false
	for i, r := range s {
		var lr rune
		switch {
		case r == 0x130: // İ: Python lowers to "i\u0307"; the mark is then dropped.
			lr = 'i'
		case r == 0x3A3: // Σ: Python applies the Final_Sigma rule.
			if finalSigma(s, i) {
				lr = 0x3C2
			} else {
				lr = 0x3C3
			}
		default:
			lr = unicode.ToLower(r)
		}
		if isPySpace(lr) {
			pendingSpace = len(b) > start
			continue
		}
		if !isPyWord(lr) {
			continue
		}
		if pendingSpace {
			b = append(b, ' ')
			pendingSpace = false
		}
		b = utf8.AppendRune(b, lr)
	}
	// Dropping marks can leave two letters adjacent that NFC composes (only
	// Hangul conjoining jamo do this in practice); recompose so Norm is
	// idempotent. ASCII is NFC ("don’t" -> "dont"); otherwise the norm
	// package, which keeps what it is given, reads a copy, so that b,
	// TrackID's stack buffer, does not escape to the heap.
	if slices.ContainsFunc(b[start:], func(c byte) bool { return c >= utf8.RuneSelf }) {
		if out := string(b[start:]); !norm.NFC.IsNormalString(out) {
			b = append(b[:start], norm.NFC.String(out)...)
		}
	}
	return b
}

// appendNormASCII appends Norm(s) to b when s is ASCII, which most names
// and titles are; ok=false (and b as it was) when it is not.
func appendNormASCII(b []byte, s string) (out []byte, ok bool) {
	// Norm(s) is no longer than s: it is written into b's spare
	// capacity, grown first if need be, without an append for each byte.
	start := len(b)
	b = slices.Grow(b, len(s))
	dst := b[start : start+len(s)]
	n := 0
	pendingSpace := false
	for i := 0; i < len(s); i++ {
		c := normASCII[s[i]]
		switch c {
		case 0: // dropped: punctuation
			continue
		case ' ':
			pendingSpace = n > 0
			continue
		case 0xFF: // not ASCII
			return b[:start], false
		}
		if pendingSpace {
			dst[n] = ' '
			n++
			pendingSpace = false
		}
		dst[n] = c
		n++
	}
	return b[:start+n], true
}

// normASCII maps each ASCII byte to what Norm makes of it: itself
// lowercased (a word character), ' ' (Python's whitespace) or 0 (dropped);
// the bytes from 0x80 up, which start other characters, map to 0xFF.
var normASCII = func() (t [256]byte) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 0x80:
			t[c] = 0xFF
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_':
			t[c] = byte(c)
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		case c == ' ', '\t' <= c && c <= '\r', 0x1c <= c && c <= 0x1f:
			t[c] = ' '
		}
	}
	return t
}()

// isPySpace is Python's str.isspace.
func isPySpace(r rune) bool {
	if r < 0x80 {
		return r == ' ' || ('\t' <= r && r <= '\r') || (0x1c <= r && r <= 0x1f)
	}
	return unicode.IsSpace(r)
}

// isPyWord is Python's re \w for str patterns: str.isalnum() or "_".
// isalnum is isalpha (categories Lu Ll Lt Lm Lo) or isnumeric (Nd Nl No).
func isPyWord(r rune) bool {
	if r < 0x80 {
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// finalSigma implements the Unicode Final_Sigma condition exactly as CPython
// does for str.lower(): a capital sigma preceded by a cased letter (skipping
// case-ignorable characters) and not followed by one.
func finalSigma(s string, i int) bool {
	j := i
	found := false
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		j -= n
		if isCaseIgnorable(r) {
			continue
		}
		found = isCased(r)
		break
	}
	if !found {
		return false
	}
	for _, r := range s[i+len("Σ"):] {
		if isCaseIgnorable(r) {
			continue
		}
		return !isCased(r)
	}
	return true
}

// isCased is the Unicode Cased property: Lowercase, Uppercase or Lt.
func isCased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
		unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
}

// isCaseIgnorable is the Unicode Case_Ignorable property: Mn, Me, Cf, Lm, Sk
// and the Word_Break classes MidLetter, MidNumLet and Single_Quote.
func isCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027,
		0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// ID returns the SongNodes track ID of a parsed track, or "" when the track
// is an unidentified placeholder or lacks an artist or a title. The primary
// artist is the FIRST primary artist only, the title is the title with the
// version stripped, so "Chris Lake & Sante Sansone - Free Your Body (Extended
// Mix)" and "... (Radio Edit)" share one ID. Remixes are keyed by their
// remixers whatever the remix kind, so "(Four Tet Edit)" and "(Four Tet
// Remix)" share one ID, as in the original.
func (t Track) ID() string {
	if t.Unidentified || len(t.Artists) == 0 || t.Artists[0] == "" || t.Title == "" {
		return ""
	}
	return TrackID(IDInput{
		Artist:   t.Artists[0],
		Title:    t.Title,
		Featured: t.Featured,
		Remixers: t.Remixers,
		IsRemix:  t.IsRemix,
		IsMashup: t.IsMashup,
	})
}
