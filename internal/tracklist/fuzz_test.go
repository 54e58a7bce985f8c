package tracklist

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets. Run one for a while with, e.g.
//
//	go test -run XXX -fuzz FuzzParseLine -fuzztime 60s ./internal/tracklist/
//
// Crashers are written to testdata/fuzz/<FuzzName>/ and replayed by plain
// `go test` from then on.

func FuzzParseLine(f *testing.F) {
	c := loadCompat(f)
	for _, v := range c.TrackIDFromLine {
		f.Add(v.Line)
	}
	for _, v := range c.ParseLine {
		f.Add(v.Line)
	}
	for _, v := range c.CleanArtist {
		f.Add(v.In + " - Title")
	}
	for _, l := range benchLines() {
		f.Add(l)
	}
	f.Add("Canvas - Versus (Canvas Remix) [Versus - VS01]")
	f.Add("A - T1 vs. B - T2 (C Mashup)")
	f.Add("Tie\u0308sto ft. Röyksopp × 宇多田ヒカル – Кино — X (Y & Z Extended Remix) [L – C1]")
	f.Add("\xff\xfe - \xc3")
	f.Add("0 - '\"'") // a title of quotes around nothing: none, not a quote
	f.Fuzz(func(t *testing.T, line string) {
		tr := ParseLine(line)
		for _, s := range trackStrings(tr) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q in %+v", s, tr)
			}
			if n := Norm(s); Norm(n) != n || !utf8.ValidString(n) {
				t.Fatalf("Norm not idempotent on %q: %q -> %q", s, n, Norm(n))
			}
		}
		// Cleaning is idempotent: parsing the cleaned line gives the same
		// track.
		again := ParseLine(tr.Line)
		first := tr
		first.flags &^= flagInvalidUTF8 // the cleaned line is valid by construction
		if !reflect.DeepEqual(again, first) {
			t.Fatalf("ParseLine(Line) differs:\n%#v\n%#v", tr, again)
		}
		id := tr.ID()
		if tr.Unidentified && id != "" {
			t.Fatalf("unidentified track with ID: %+v", tr)
		}
		// The canonical rendering parses back to the same track ID. A
		// reading that guessed (a doubt code: "0 BY 0(Mix)" read as
		// "Title by Artist") may have no rendering that reads back
		// without guessing again; such lines are warnings, never valid.
		if id != "" && tr.doubts == 0 {
			canon := tr.String()
			back := ParseLine(canon)
			if back.ID() != id {
				t.Fatalf("canonical round trip changed the ID\nline  %q\ncanon %q\nfirst %#v\nback  %#v", line, canon, tr, back)
			}
		}
		a := Analyze(line, Hints{Artist: line, Title: line, Key: line})
		switch a.Status {
		case StatusValid, StatusWarning:
			// A title alone is the one warning without an ID.
			if a.TrackID == "" && (a.Status == StatusValid || len(a.Artists) > 0 || !slices.Contains(a.Issues, IssueArtistMissing)) {
				t.Fatalf("usable analysis without ID: %+v", a)
			}
		case StatusUnidentified, StatusFailed, StatusNotTrack:
			if a.TrackID != "" {
				t.Fatalf("%s analysis with ID: %+v", a.Status, a)
			}
		default:
			t.Fatalf("bad status %q", a.Status)
		}
		if _, err := a.MarshalJSON(); err != nil {
			t.Fatal(err)
		}
		for _, n := range tr.Artists {
			k := ArtistKey(n)
			if !utf8.ValidString(k) || ArtistKey(k) != k {
				t.Fatalf("ArtistKey not idempotent on %q: %q -> %q", n, k, ArtistKey(k))
			}
		}
	})
}

// FuzzAnalyzeLines reads the lines of a tracklist together (the input
// split at its newlines): no panic, and a Memo reads them as AnalyzeLines
// does.
func FuzzAnalyzeLines(f *testing.F) {
	f.Add("ft. X - - Aruna")     // two dashes sharing a space: no part between
	f.Add("02\t:Title - ()S107") // a group that does not close before a capital tail
	f.Add("# \t  ARTIST \t  TITLE \t  REMIX \t  LABEL\n1\t A\t B\t Original Mix\t L\n2\t C Feat D\t E\t\t Unknown\n3\t F\t G\t H Remix\t S107")
	f.Add("Inside   Tiff Paige\nSoul   Floacist\nOfficial   Anthony David ft. Algebra")
	f.Add("01 Jay-Z - 99 Problems\n02 808 State - Pacific State\n03 Moby - Go")
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		a := AnalyzeLines(lines, nil)
		if m := NewMemo(16).AnalyzeLines(lines, nil); !reflect.DeepEqual(a, m) {
			t.Fatalf("%q:\nAnalyzeLines %+v\nMemo         %+v", lines, a, m)
		}
	})
}

func FuzzParseTitle(f *testing.F) {
	titles := loadTitles(f)
	for i := 0; i < len(titles); i += 23 {
		f.Add(titles[i])
	}
	f.Add("2011-08-2X - VA @ Creamfields, Daresbury Cheshire (Essential Mix)")
	f.Add("Amelie Lens @ Awakenings Festival 2024-06-29")
	f.Add("2016-10-21 - Tiësto & The Chainsmokers & Hardwell @ Club Life 500, Ziggo Dome, ADE (Club Life 500)")
	f.Add("9999-99-99 - @ - @")
	f.Fuzz(func(t *testing.T, s string) {
		p := ParseTitle(s)
		all := append([]string{p.Title, p.Date, p.Venue, p.Event}, p.DJs...)
		for _, x := range all {
			if !utf8.ValidString(x) {
				t.Fatalf("invalid UTF-8 %q in %+v", x, p)
			}
		}
		if p.Month < 0 || p.Month > 12 || p.Day < 0 || p.Day > 31 || (p.Date != "" && (p.Year < 1900 || p.Year > 2100)) {
			t.Fatalf("bad date fields %+v", p)
		}
		if p.Date == "" && (p.Year|p.Month|p.Day) != 0 {
			t.Fatalf("date parts without date %+v", p)
		}
		for _, d := range p.DJs {
			if d == "" {
				t.Fatalf("empty DJ name in %+v", p)
			}
		}
		if again := ParseTitle(p.Title); !reflect.DeepEqual(again, p) {
			t.Fatalf("ParseTitle(Title) differs:\n%+v\n%+v", p, again)
		}
	})
}

func FuzzParseKey(f *testing.F) {
	for _, s := range []string{"Am", "A minor", "Bbm", "B♭m", "C#", "Db major", "Dbmaj", "8A", "08B", "1m", "12d",
		"G#m/Abm", "C sharp minor", "E flat", "H", "13A", "", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, ok := ParseKey(s)
		if !ok {
			if k.IsValid() {
				t.Fatalf("ParseKey(%q) failed but returned a valid key", s)
			}
			return
		}
		if !k.IsValid() {
			t.Fatalf("ParseKey(%q) ok but invalid key", s)
		}
		for _, out := range []string{k.String(), k.Camelot(), k.OpenKey()} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 %q", out)
			}
			if k2, ok := ParseKey(out); !ok || k2 != k {
				t.Fatalf("ParseKey(%q) = %v; round trip via %q gave %v %v", s, k, out, k2, ok)
			}
		}
		if k2, ok := KeyFromPitchClass(k.PitchClass(), map[bool]int{true: 0, false: 1}[k.IsMinor()]); !ok || k2 != k {
			t.Fatalf("pitch class round trip of %v gave %v", k, k2)
		}
		if Compatibility(k, k) != 1 {
			t.Fatalf("self compatibility of %v", k)
		}
	})
}

func FuzzNorm(f *testing.F) {
	for _, s := range []string{"Tiësto", "ΑΣ ΔΕΣ", "İstanbul", "ᄀ\u0301ᅡ", "हिन्दी", "\x1c\xff", "Straße"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Norm(s)
		if !utf8.ValidString(n) || Norm(n) != n {
			t.Fatalf("Norm(%q) = %q, Norm again = %q", s, n, Norm(n))
		}
	})
}
