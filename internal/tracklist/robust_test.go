package tracklist

import (
	"strings"
	"testing"
	"time"
)

// TestPathologicalInputsAreFast feeds large adversarial inputs (the
// parsers see whatever a scraper produced) and checks every parser stays
// roughly linear: none may take more than a generous bound.
func TestPathologicalInputsAreFast(t *testing.T) {
	patterns := []string{
		"1 - ", "(", ")", ")(", "[", "]", "a, ", "a & ", "a / ", " x ", "feat. ", " vs ", "(a Remix) ",
		" - Edit", "[30] ", "+ ", "# ", "ID - ", "?", "Above & Beyond, ", "(feat. a, ", "2011-01-01 - ",
		"a @ ", " b2b ", " and ", "é\u0301", "Σ", "\xff", " ", "-", "A - B (C (D (E", "x ft,y ",
		" | ", "a: ", "''' ", "[[a|b]] ", "{{x}} ", "<s>", "&amp; ", "01 ", "(X Mix) ", "X's ", " by ",
		" w/ ", " presents ", "13/03/2025 ", "March 5, 2024 ", "#1 ", "RA.1 ", "a-b ", "\"a\" ", "« a » ",
		"[??] ", "00:00 ", "UNRELEASED ", "(unreleased) ", "- - ", "x (Y Extended Remix) ",
	}
	const size = 64 << 10
	for _, p := range patterns {
		in := strings.Repeat(p, size/len(p))
		start := time.Now()
		tr := ParseLine(in)
		_ = tr.ID()
		_ = tr.String()
		_ = Analyze(in, Hints{Artist: in, Title: in, Label: in, Catalog: in, Key: in, Genre: in})
		_ = Analyze(in[:MaxLineBytes], Hints{Artist: in, Title: in})
		_ = ParseTitle(in)
		_, _ = SplitArtists(in)
		_ = ArtistKey(in)
		_ = Norm(in)
		_, _ = ParseKey(in)
		if d := time.Since(start); testing.Verbose() && d > 10*time.Millisecond {
			t.Logf("pattern %q: %v", p, d)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("pattern %q x %d took %v", p, size/len(p), d)
		}
	}
}
