package tracklist

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// keyRow is one of the 24 keys with its spellings, built from the golden
// Camelot tables ("1A": "G#m/Abm").
type keyRow struct {
	camelot   string
	openKey   string
	canonical string
	letters   []string // tonic spellings: "G#", "Ab"
	minor     bool
	pc        int
}

func goldenKeyRows(t *testing.T) []keyRow {
	t.Helper()
	c := loadCompat(t)
	var rows []keyRow
	add := func(table map[string]string, minor bool) {
		for code, names := range table {
			var n int
			if _, err := fmt.Sscanf(code, "%d", &n); err != nil {
				t.Fatal(err)
			}
			open := (n+4)%12 + 1
			r := keyRow{camelot: code, minor: minor}
			suffix := "d"
			if minor {
				suffix = "m"
			}
			r.openKey = fmt.Sprintf("%d%s", open, suffix)
			for i, sp := range strings.Split(names, "/") {
				if i == 0 {
					r.canonical = sp
				}
				r.letters = append(r.letters, strings.TrimSuffix(sp, "m"))
			}
			rows = append(rows, r)
		}
	}
	add(c.Camelot.TableMinorA, true)
	add(c.Camelot.TableMajorB, false)
	if len(rows) != 24 {
		t.Fatalf("%d rows", len(rows))
	}
	return rows
}

// TestParseKeyAllNotations spells all 24 keys in every supported notation
// and checks each lands on the golden Camelot code.
func TestParseKeyAllNotations(t *testing.T) {
	for _, r := range goldenKeyRows(t) {
		var spellings []string
		for _, l := range r.letters {
			uni := strings.NewReplacer("#", "♯", "b", "♭").Replace(l[:1]) + strings.NewReplacer("#", "♯", "b", "♭").Replace(l[1:])
			word := l[:1]
			switch {
			case strings.HasSuffix(l, "#"):
				word += " sharp"
			case len(l) > 1 && l[1] == 'b':
				word += " flat"
			}
			if r.minor {
				spellings = append(spellings,
					l+"m", l+" minor", l+" Minor", l+"min", l+" min", l+"-minor", l+" MINOR", l+"moll",
					strings.ToLower(l[:1])+l[1:]+"m", uni+"m", word+" minor")
			} else {
				spellings = append(spellings,
					l, l+" major", l+" Major", l+"maj", l+" maj", l+"-major", l+"M", l+" dur", uni, word+" major")
			}
		}
		spellings = append(spellings, r.camelot, strings.ToLower(r.camelot), r.openKey,
			strings.ToUpper(r.openKey), r.canonical)
		if len(r.camelot) == 2 { // "8A" is also written "08A"
			spellings = append(spellings, "0"+r.camelot)
		}
		if len(r.openKey) == 2 {
			spellings = append(spellings, "0"+r.openKey)
		}
		for _, sp := range spellings {
			k, ok := ParseKey(sp)
			if !ok {
				t.Errorf("ParseKey(%q) failed (want %s)", sp, r.camelot)
				continue
			}
			if k.Camelot() != r.camelot {
				t.Errorf("ParseKey(%q).Camelot() = %s, want %s", sp, k.Camelot(), r.camelot)
			}
			if k.String() != r.canonical {
				t.Errorf("ParseKey(%q).String() = %s, want %s", sp, k.String(), r.canonical)
			}
		}
		k, _ := ParseKey(r.camelot)
		// Round trips through every output notation.
		for _, out := range []string{k.String(), k.Camelot(), k.OpenKey()} {
			if k2, ok := ParseKey(out); !ok || k2 != k {
				t.Errorf("round trip %s via %q gave %v", r.camelot, out, k2)
			}
		}
		if k.OpenKey() != r.openKey {
			t.Errorf("%s OpenKey = %s, want %s", r.camelot, k.OpenKey(), r.openKey)
		}
		// Pitch class round trip (Spotify convention).
		mode := 1
		if r.minor {
			mode = 0
		}
		if k2, ok := KeyFromPitchClass(k.PitchClass(), mode); !ok || k2 != k {
			t.Errorf("KeyFromPitchClass(%d,%d) = %v, want %v", k.PitchClass(), mode, k2, k)
		}
		if k.IsMinor() != r.minor {
			t.Errorf("%s IsMinor = %v", r.camelot, k.IsMinor())
		}
	}
}

func TestOpenKeyAnchors(t *testing.T) {
	// Open Key is offset from Camelot: 1d = C major = 8B, 1m = A minor = 8A.
	for in, camelot := range map[string]string{"1d": "8B", "1m": "8A", "2d": "9B", "12m": "7A", "6m": "1A", "7m": "2A"} {
		k, ok := ParseKey(in)
		if !ok || k.Camelot() != camelot {
			t.Errorf("ParseKey(%q) = %s, want %s", in, k.Camelot(), camelot)
		}
	}
	c, _ := ParseKey("C")
	if c.OpenKey() != "1d" || c.Camelot() != "8B" || c.PitchClass() != 0 {
		t.Errorf("C: %s %s %d", c.OpenKey(), c.Camelot(), c.PitchClass())
	}
}

func TestParseKeyEnharmonicsAndRejects(t *testing.T) {
	same := map[string]string{"Cb": "B", "E#": "F", "Fb": "E", "B#": "C", "Cbm": "Bm", "B♭m": "A#m", "Db major": "C#", "Dbmaj": "C#", "Bb minor": "A#m", "G#m/Abm": "G#m"}
	for in, want := range same {
		k, ok := ParseKey(in)
		if !ok || k.String() != want {
			t.Errorf("ParseKey(%q) = %q %v, want %q", in, k.String(), ok, want)
		}
	}
	for _, bad := range []string{"", "H", "13A", "0A", "8C", "Am7", "A minorish", "G#m/Am", "8", "A##", "unknown", "?", "1", "123A", "A\xff"} {
		if k, ok := ParseKey(bad); ok {
			t.Errorf("ParseKey(%q) = %v, want failure", bad, k)
		}
	}
	var zero Key
	if zero.IsValid() || zero.String() != "" || zero.Camelot() != "" || zero.OpenKey() != "" || zero.PitchClass() != -1 {
		t.Errorf("zero Key is not invalid")
	}
	if _, ok := KeyFromPitchClass(-1, 1); ok {
		t.Errorf("pitch class -1 (no key) accepted")
	}
	if _, ok := KeyFromPitchClass(3, 2); ok {
		t.Errorf("mode 2 accepted")
	}
}

func TestCompatibilityMatrix(t *testing.T) {
	k := func(s string) Key { v, _ := ParseKey(s); return v }
	cases := []struct {
		a, b string
		want float64
	}{
		{"8A", "8A", 1}, {"8A", "9A", 0.8}, {"8A", "7A", 0.8}, {"12A", "1A", 0.8},
		{"8A", "8B", 0.8}, {"8A", "10A", 0.5}, {"8A", "6A", 0.5}, {"1B", "11B", 0.5},
		{"8A", "9B", 0.3}, {"9B", "8A", 0.3}, {"12A", "1B", 0.3}, {"8A", "7B", 0},
		{"8A", "11A", 0}, {"8A", "2B", 0}, {"Am", "C", 0.8}, {"Am", "Em", 0.8},
	}
	for _, c := range cases {
		if got := Compatibility(k(c.a), k(c.b)); got != c.want {
			t.Errorf("Compatibility(%s,%s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	if Compatibility(Key{}, k("8A")) != 0 {
		t.Errorf("invalid key scored")
	}
	// Every compatible key scores at least 0.8 and the score is symmetric.
	for n := 1; n <= 12; n++ {
		for _, l := range []string{"A", "B"} {
			a := k(fmt.Sprint(n, l))
			for _, c := range CompatibleKeys(a) {
				if Compatibility(a, c) < 0.8 {
					t.Errorf("%s -> %s scores %v", a.Camelot(), c.Camelot(), Compatibility(a, c))
				}
			}
			for m := 1; m <= 12; m++ {
				for _, l2 := range []string{"A", "B"} {
					b := k(fmt.Sprint(m, l2))
					if Compatibility(a, b) != Compatibility(b, a) {
						t.Errorf("asymmetric %s %s", a.Camelot(), b.Camelot())
					}
				}
			}
		}
	}
	if len(CompatibleKeys(Key{})) != 0 {
		t.Errorf("CompatibleKeys of invalid key not empty")
	}
}

func TestValidBPM(t *testing.T) {
	for bpm, want := range map[float64]bool{0: false, 39.9: false, 40: true, 124: true, 174: true, 220: true, 220.1: false, -128: false, math.Inf(1): false, math.NaN(): false} {
		if got := ValidBPM(bpm); got != want {
			t.Errorf("ValidBPM(%v) = %v, want %v", bpm, got, want)
		}
	}
}
