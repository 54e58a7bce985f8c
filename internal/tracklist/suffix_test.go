package tracklist

import (
	"slices"
	"testing"
)

// Line ends read on real tracklists (testdata/real): the parse, and the
// issue the line must carry (or must not, when noIssue).
func TestSuffixShapes(t *testing.T) {
	cases := []struct {
		line    string
		w       want
		issue   string // an issue Analyze must report; "" for none asked
		noIssue string // an issue Analyze must not report
	}{
		// A code after a remixer's name, as sites tell acts of one name
		// apart, is the name's (LABELLING.md), not the version's.
		{"Julian Jeweil - Mars (Charles D (USA) Rework)",
			want{Artists: []string{"Julian Jeweil"}, Title: "Mars", Remixers: []string{"Charles D (USA)"}, Version: "Rework", IsRemix: true}, "", ""},
		{"A - B (ESSE (US) Remix)", want{Artists: []string{"A"}, Title: "B", Remixers: []string{"ESSE (US)"}, IsRemix: true}, "", ""},

		// Where a track was found, not a label: "(Myspace)" as "(unreleased)".
		{"7. El Guincho - Palmitos Park (Myspace)", want{Artists: []string{"El Guincho"}, Title: "Palmitos Park"}, "", IssueLabelGuessed},
		{"8. Rappers Delight Club - When We Were Kids (Myspace)", want{Artists: []string{"Rappers Delight Club"}, Title: "When We Were Kids"}, "", IssueLabelGuessed},
	}
	for _, c := range cases {
		checkTrack(t, c.line, ParseLine(c.line), c.w)
		a := Analyze(c.line, Hints{})
		if c.issue != "" && !slices.Contains(a.Issues, c.issue) {
			t.Errorf("Analyze(%q).Issues = %v, want %s", c.line, a.Issues, c.issue)
		}
		if c.noIssue != "" && slices.Contains(a.Issues, c.noIssue) {
			t.Errorf("Analyze(%q).Issues = %v, want no %s", c.line, a.Issues, c.noIssue)
		}
	}
}
