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

		// What the title keeps that reads as more than a title: a dash
		// with a space before it only that no credit explains, a credit
		// with words after it.
		{"06. 7 Citizens - Quietus -Force / Emerge Remix -Praterei",
			want{Artists: []string{"7 Citizens"}, Title: "Quietus -Force / Emerge Remix -Praterei"}, IssueExtraParts, ""},
		{"10. [036] Todd Terry - Jumpin' (Tee's Unreleased Mix) w George Kranz Din Daa Daa - (Acapella)",
			want{Cue: "036", Artists: []string{"Todd Terry"}, Title: "Jumpin' (Tee's Unreleased Mix) w George Kranz Din Daa Daa", Version: "Acapella"}, IssueExtraParts, ""},
		{"Patrick Milaa - MM2 (Original Mix) Demo", want{Artists: []string{"Patrick Milaa"}, Title: "MM2 (Original Mix) Demo"}, IssueExtraParts, ""},
		// A title's own group before words stays without doubt.
		{"Wham! - (It Goes Like) Nanana", want{Artists: []string{"Wham!"}, Title: "(It Goes Like) Nanana"}, "", IssueExtraParts},
		{"Peggy Gou - Nanana (It Goes Like) Here", want{Artists: []string{"Peggy Gou"}, Title: "Nanana (It Goes Like) Here"}, "", IssueExtraParts},
		{"Jay-Z - Dirt Off Your Shoulder", want{Artists: []string{"Jay-Z"}, Title: "Dirt Off Your Shoulder"}, "", IssueExtraParts},

		// A remix credit after a comma, as some lists write it; a kind
		// word before "Remix" describes it and names no one.
		{"005|NuLogic - What I've Always Waited For, Flava D Remix [1m]",
			want{Artists: []string{"NuLogic"}, Title: "What I've Always Waited For", Remixers: []string{"Flava D"}, IsRemix: true}, "", ""},
		{"011|Data 3 - Fossil ,  Edit Remix [4m]", want{Artists: []string{"Data 3"}, Title: "Fossil", Version: "Edit Remix", IsRemix: true}, "", ""},
		{"A - B (Edit Remix)", want{Artists: []string{"A"}, Title: "B", Version: "Edit Remix", IsRemix: true}, "", ""},
		{"A - B (Four Tet Edit Remix)", want{Artists: []string{"A"}, Title: "B", Remixers: []string{"Four Tet"}, Version: "Edit Remix", IsRemix: true}, "", ""},
		// A comma inside a title stays.
		{"Daft Punk - Harder, Better, Faster, Stronger", want{Artists: []string{"Daft Punk"}, Title: "Harder, Better, Faster, Stronger"}, "", ""},
		{"Alicia Keys - Feeling U, Feeling Me", want{Artists: []string{"Alicia Keys"}, Title: "Feeling U, Feeling Me"}, "", ""},

		// After a credit, a dash, an album and its label in brackets,
		// then the year: the label is the group's.
		{"Rhythim Is Rhythim – Strings of Life [Unreleased mix] – RetroTechno: Detroit Definitive (Network UK) 1991",
			want{Artists: []string{"Rhythim Is Rhythim"}, Title: "Strings of Life", Version: "Unreleased mix", Label: "Network UK"}, IssueLabelGuessed, ""},
		{"Unit 4 – Body Dub [Freak Electrique Acid Dub remix] – Remixes EP (Clone) 2004",
			want{Artists: []string{"Unit 4"}, Title: "Body Dub", Remixers: []string{"Freak Electrique"}, Version: "Acid Dub remix", IsRemix: true, Label: "Clone"}, IssueLabelGuessed, ""},
		// Without the dash, a group after a label may be its parent's.
		{"Sander Van Doorn “Chasin'” (Original Mix) Doorn Records (Spinnin’)",
			want{Artists: []string{"Sander Van Doorn"}, Title: "Chasin'", Version: "Original Mix", Label: "Doorn Records (Spinnin’)"}, IssueLabelGuessed, ""},

		// A number alone in square brackets at the end names a label
		// (3024, 1605 are labels), a guess; a year does not.
		{"# Martyn - Vancouver [3024]", want{Artists: []string{"Martyn"}, Title: "Vancouver", Label: "3024"}, IssueLabelGuessed, ""},
		{"D-Unity - Slippin [1605]", want{Artists: []string{"D-Unity"}, Title: "Slippin", Label: "1605"}, IssueLabelGuessed, ""},
		{"Outkast - Hey Ya [2003]", want{Artists: []string{"Outkast"}, Title: "Hey Ya [2003]"}, "", IssueLabelGuessed},

		// How it was played names a version: "(Piano Solo)", "(Session)".
		{"Sven Weisemann – Purple Clouds (Piano Solo)", want{Artists: []string{"Sven Weisemann"}, Title: "Purple Clouds", Version: "Piano Solo"}, "", ""},
		{"4. Byetone - Plastic Star (Session)", want{Artists: []string{"Byetone"}, Title: "Plastic Star", Version: "Session"}, "", ""},
		{"A - B (Han Solo Remix)", want{Artists: []string{"A"}, Title: "B", Remixers: []string{"Han Solo"}, IsRemix: true}, "", ""},
		// Credits listed with a semicolon and no space.
		{"18. Dave Clarke - Way of Life (Technasia Remix;Live) [Skint]",
			want{Artists: []string{"Dave Clarke"}, Title: "Way of Life", Remixers: []string{"Technasia"}, Version: "Live", IsRemix: true, Label: "Skint"}, "", ""},

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
