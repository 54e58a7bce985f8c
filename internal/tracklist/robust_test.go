package tracklist

import (
	"strings"
	"testing"
	"time"
)

// TestPathologicalInputsAreFast feeds large adversarial inputs (the
// parsers see whatever a scraper produced) and checks every parser stays
// linear: four times the input may take about four times as long, not
// sixteen (quadratic). Comparing two sizes in the same moment, rather than
// holding one to a bound, keeps the test true on a loaded machine.
func TestPathologicalInputsAreFast(t *testing.T) {
	patterns := []string{
		"1 - ", "(", ")", ")(", "[", "]", "a, ", "a & ", "a / ", " x ", "feat. ", " vs ", "(a Remix) ",
		" - Edit", "[30] ", "+ ", "# ", "ID - ", "?", "Above & Beyond, ", "(feat. a, ", "2011-01-01 - ",
		"a @ ", " b2b ", " and ", "é\u0301", "Σ", "\xff", " ", "-", "A - B (C (D (E", "x ft,y ",
		" | ", "a: ", "''' ", "[[a|b]] ", "{{x}} ", "<s>", "&amp; ", "01 ", "(X Mix) ", "X's ", " by ",
		" w/ ", " presents ", "13/03/2025 ", "March 5, 2024 ", "#1 ", "RA.1 ", "a-b ", "\"a\" ", "« a » ",
		"[??] ", "00:00 ", "UNRELEASED ", "(unreleased) ", "- - ", "x (Y Extended Remix) ",
		"In the evening SHERYL ", "Percussions (Four Tet) ", "[House EP, Label] ", "a b/c ",
		"Special Guest ", "a invites b / ", "June2019 ", "A & B’s Mix ", "Essential Mix ", "5 & 7 May 2021 ",
	}
	const size = 64 << 10
	for _, p := range patterns {
		small := parseAll(strings.Repeat(p, size/4/len(p)))
		large := parseAll(strings.Repeat(p, size/len(p)))
		// A busy machine (CI runs packages side by side) stalls a run now
		// and then: a pattern that looks quadratic is timed twice more.
		for try := 0; try < 2 && large > 500*time.Millisecond && large > 12*small; try++ {
			small = min(small, parseAll(strings.Repeat(p, size/4/len(p))))
			large = min(large, parseAll(strings.Repeat(p, size/len(p))))
		}
		if testing.Verbose() && large > 10*time.Millisecond {
			t.Logf("pattern %q: %v for %d bytes, %v for a quarter", p, large, size, small)
		}
		if large > 500*time.Millisecond && large > 12*small {
			t.Errorf("pattern %q: %v for %d bytes, %v for a quarter: not linear", p, large, size, small)
		}
	}
}

// parseAll runs every parser on in and says how long they took.
func parseAll(in string) time.Duration {
	start := time.Now()
	tr := ParseLine(in)
	_ = tr.ID()
	_ = tr.String()
	_ = Analyze(in, Hints{Artist: in, Title: in, Label: in, Catalog: in, Key: in, Genre: in})
	_ = Analyze(in[:min(len(in), MaxLineBytes)], Hints{Artist: in, Title: in})
	_ = ParseTitle(in)
	_, _ = SplitArtists(in)
	_ = ArtistKey(in)
	_ = Norm(in)
	_, _ = ParseKey(in)
	return time.Since(start)
}
