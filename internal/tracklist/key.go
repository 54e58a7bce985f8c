package tracklist

import (
	"math"
	"strings"
)

// Key is a musical key: one of the 12 minor or 12 major keys. The zero Key
// is invalid (IsValid false); ParseKey and KeyFromPitchClass report whether
// they produced a valid one.
//
// Canonical spelling: sharps everywhere, the first spelling of the original
// SongNodes Camelot table: minor G#m D#m A#m Fm Cm Gm Dm Am Em Bm F#m C#m,
// major B F# C# G# D# A# F C G D A E. One spelling per key keeps keys
// comparable as strings; ParseKey accepts the flat spellings too.
type Key struct {
	camelot uint8 // Camelot number 1..12; 0 means invalid
	minor   bool
}

var (
	minorNames = [12]string{"C#m", "G#m", "D#m", "A#m", "Fm", "Cm", "Gm", "Dm", "Am", "Em", "Bm", "F#m"}
	majorNames = [12]string{"E", "B", "F#", "C#", "G#", "D#", "A#", "F", "C", "G", "D", "A"}
)

// IsValid reports whether k is one of the 24 keys.
func (k Key) IsValid() bool { return k.camelot >= 1 && k.camelot <= 12 }

// IsMinor reports whether k is a minor key.
func (k Key) IsMinor() bool { return k.IsValid() && k.minor }

// String returns the canonical name ("Am", "F#m", "C", "A#"), or "" for the
// zero Key.
func (k Key) String() string {
	if !k.IsValid() {
		return ""
	}
	if k.minor {
		return minorNames[k.camelot%12]
	}
	return majorNames[k.camelot%12]
}

// Camelot returns the Camelot code: "8A" for A minor, "8B" for C major.
func (k Key) Camelot() string {
	if !k.IsValid() {
		return ""
	}
	if k.minor {
		return camelotCodes[1][k.camelot]
	}
	return camelotCodes[0][k.camelot]
}

// camelotCodes are the Camelot codes, major then minor, by number: a
// line's key costs no allocation.
var camelotCodes = func() (c [2][13]string) {
	for n := 1; n <= 12; n++ {
		c[0][n], c[1][n] = itoa2(n)+"B", itoa2(n)+"A"
	}
	return c
}()

// OpenKey returns the Open Key (Traktor) code. Open Key numbers C major and
// A minor 1 where Camelot numbers them 8, so Open Key = Camelot + 5 (mod 12,
// written 1..12): 1d = C major = 8B, 1m = A minor = 8A, 6m = G#m = 1A.
func (k Key) OpenKey() string {
	if !k.IsValid() {
		return ""
	}
	n := (int(k.camelot)+4)%12 + 1
	if k.minor {
		return itoa2(n) + "m"
	}
	return itoa2(n) + "d"
}

// PitchClass returns the tonic's pitch class (0 = C ... 11 = B), or -1.
func (k Key) PitchClass() int {
	if !k.IsValid() {
		return -1
	}
	// Each Camelot step is a fifth (7 semitones); 8B is C, 8A is A.
	base := 0
	if k.minor {
		base = 9
	}
	return ((base+7*(int(k.camelot)-8))%12 + 12) % 12
}

func itoa2(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return "1" + string(rune('0'+n-10))
}

// KeyFromPitchClass builds a key from a pitch class (0 = C ... 11 = B) and a
// mode (1 = major, 0 = minor), the convention of the Spotify audio-features
// API (key -1 means no key detected: ok=false).
func KeyFromPitchClass(pc, mode int) (Key, bool) {
	if pc < 0 || pc > 11 || (mode != 0 && mode != 1) {
		return Key{}, false
	}
	minor := mode == 0
	base := 0
	if minor {
		base = 9
	}
	// The Camelot number n satisfies pc = base + 7*(n-8) (mod 12); 7 is its
	// own inverse mod 12, so n = 8 + 7*(pc-base) (mod 12), written 1..12.
	n := ((8+7*(pc-base))%12 + 12) % 12
	if n == 0 {
		n = 12
	}
	return Key{camelot: uint8(n), minor: minor}, true
}

// ParseKey parses a key in any common notation:
//
//	standard   Am, A minor, A Minor, Amin, A min, A-minor, am, A#m, Bbm, B♭m,
//	           A♯m, C#, Db major, Dbmaj, D flat major, C sharp minor, Cb, E#
//	Camelot    8A, 8B, 08A, 8a
//	Open Key   1m, 1d, 01m (Traktor; 1d = C major = 8B)
//	both       "G#m/Abm" (the original table's form; both halves must agree)
//
// A lowercase "m" or any spelling of "min"/"minor"/"moll" means minor; an
// uppercase "M", "maj", "major", "dur" or nothing means major (music
// notation: "AM" is A major). It returns ok=false for anything else.
func ParseKey(s string) (Key, bool) {
	s, _ = cleanText(s)
	if s == "" || len(s) > 40 {
		return Key{}, false
	}
	if i := strings.IndexByte(s, '/'); i > 0 {
		a, okA := parseOneKey(trimSpace(s[:i]))
		b, okB := parseOneKey(trimSpace(s[i+1:]))
		if okA && okB && a == b {
			return a, true
		}
		return Key{}, false
	}
	return parseOneKey(s)
}

func parseOneKey(s string) (Key, bool) {
	if s == "" {
		return Key{}, false
	}
	if isDigit(s[0]) {
		return parseWheelCode(s)
	}
	// letter
	var pc int
	switch s[0] | 0x20 {
	case 'c':
		pc = 0
	case 'd':
		pc = 2
	case 'e':
		pc = 4
	case 'f':
		pc = 5
	case 'g':
		pc = 7
	case 'a':
		pc = 9
	case 'b':
		pc = 11
	default:
		return Key{}, false
	}
	rest := s[1:]
	// accidental: "#", "♯", "b", "♭", or the words "sharp" / "flat"
	switch {
	case strings.HasPrefix(rest, "#"):
		pc++
		rest = rest[1:]
	case strings.HasPrefix(rest, "♯"):
		pc++
		rest = rest[len("♯"):]
	case strings.HasPrefix(rest, "♭"):
		pc--
		rest = rest[len("♭"):]
	case strings.HasPrefix(rest, "b"):
		// No mode word starts with "b", so a "b" right after the letter
		// is always a flat: "Bb", "Ebm", "Dbmaj".
		pc--
		rest = rest[1:]
	default:
		r := strings.TrimLeft(rest, " -")
		switch {
		case hasPrefixFoldASCII(r, "sharp"):
			pc++
			rest = r[len("sharp"):]
		case hasPrefixFoldASCII(r, "flat"):
			pc--
			rest = r[len("flat"):]
		}
	}
	pc = (pc + 12) % 12
	rest = strings.TrimLeft(rest, " -_")
	var minor bool
	switch rest {
	case "":
		minor = false
	case "m":
		minor = true
	case "M":
		minor = false
	default:
		var buf [8]byte
		l, ok := lowerASCII(buf[:], rest)
		if !ok {
			return Key{}, false
		}
		switch string(l) {
		case "min", "min.", "minor", "moll", "mi", "mn":
			minor = true
		case "maj", "maj.", "major", "dur", "ma", "mj":
			minor = false
		default:
			return Key{}, false
		}
	}
	mode := 1
	if minor {
		mode = 0
	}
	return KeyFromPitchClass(pc, mode)
}

// parseWheelCode parses Camelot ("8A", "08B") and Open Key ("1m", "12d").
func parseWheelCode(s string) (Key, bool) {
	j := 0
	n := 0
	for j < len(s) && isDigit(s[j]) && j < 2 {
		n = n*10 + int(s[j]-'0')
		j++
	}
	if j == 0 || n < 1 || n > 12 || j+1 != len(s) {
		return Key{}, false
	}
	switch s[j] {
	case 'A', 'a':
		return Key{camelot: uint8(n), minor: true}, true
	case 'B', 'b':
		return Key{camelot: uint8(n), minor: false}, true
	case 'm', 'M':
		return Key{camelot: uint8((n+6)%12 + 1), minor: true}, true
	case 'd', 'D':
		return Key{camelot: uint8((n+6)%12 + 1), minor: false}, true
	}
	return Key{}, false
}

// Compatibility scores how well two keys mix, following the original
// SongNodes camelot_wheel scores (golden file):
//
//	1.0  same key                                  8A-8A
//	0.8  ±1 on the wheel, same letter              8A-9A, 8A-7A
//	0.8  relative major/minor, same number         8A-8B
//	0.5  ±2 on the wheel, same letter              8A-10A
//	0.3  diagonal: minor n with major n+1          8A-9B (and 9B-8A)
//	0    anything else, or an invalid key
//
// The diagonal is the classic "mood change" mix, nA -> (n+1)B and
// nB -> (n-1)A; it is one relation, so the score is symmetric.
func Compatibility(a, b Key) float64 {
	if !a.IsValid() || !b.IsValid() {
		return 0
	}
	d := wheelDist(int(a.camelot), int(b.camelot))
	if a.minor == b.minor {
		switch d {
		case 0:
			return 1.0
		case 1:
			return 0.8
		case 2:
			return 0.5
		}
		return 0
	}
	if d == 0 {
		return 0.8
	}
	minor, major := a, b
	if !a.minor {
		minor, major = b, a
	}
	if int(major.camelot) == int(minor.camelot)%12+1 {
		return 0.3
	}
	return 0
}

func wheelDist(a, b int) int {
	d := a - b
	if d < 0 {
		d = -d
	}
	if 12-d < d {
		d = 12 - d
	}
	return d
}

// CompatibleKeys returns the keys a DJ can mix into from k without a clash,
// in the original's order: k itself, one step down, one step up, then the
// relative major/minor. 8A -> [8A 7A 9A 8B]; 12B -> [12B 11B 1B 12A].
func CompatibleKeys(k Key) []Key {
	if !k.IsValid() {
		return []Key{}
	}
	n := int(k.camelot)
	down := (n+10)%12 + 1
	up := n%12 + 1
	return []Key{
		k,
		{camelot: uint8(down), minor: k.minor},
		{camelot: uint8(up), minor: k.minor},
		{camelot: k.camelot, minor: !k.minor},
	}
}

// MinBPM and MaxBPM bound the tempos ValidBPM accepts. 40 BPM covers ambient
// and downtempo; 220 covers drum & bass, hardcore and most uptempo. Values
// outside are almost always metadata errors (0, a doubled 110, a key number
// in the BPM column) rather than real tempos.
const (
	MinBPM = 40.0
	MaxBPM = 220.0
)

// ValidBPM reports whether bpm is a plausible tempo for a DJ track:
// finite and within [MinBPM, MaxBPM].
func ValidBPM(bpm float64) bool {
	return !math.IsNaN(bpm) && bpm >= MinBPM && bpm <= MaxBPM
}
