package tracklist

import (
	"slices"
	"testing"
)

// Lines the parser read as sure and wrong (testdata/real/lines.jsonl),
// the guess behind each now flagged, and lines of the same shape it reads
// right and stays sure of. Only the issue is checked: a flagged line's
// reading is a guess, right or not.
func TestSureAndWrongDoubted(t *testing.T) {
	cases := []struct {
		line  string
		issue string
		sure  bool // no issue at all
	}{
		// A remix credit of two words, the first no list knows and the
		// second a word of the language: a name, or a name and the
		// remix's? other/soulection-7.txt:6,
		// blog/jonathan-scooter-clark-subterranean-homesick-grooves.txt:6-7,
		// mixesdb/2012-06-29-marco-carola-music-on-ibiza-2012-promo-mix.txt:13
		{"Shigeto - And We Gonna (Sammiyam Chopsticks Remix)", IssueCreditUnsure, false},
		{"06. Python, \"Expectation\" [4Mal Premonition Remix].", IssueCreditUnsure, false},
		{"07. R-Tem, \"Cloud Of Sound\" [Natlife Nu School Remix].", IssueCreditUnsure, false},
		{"De La Suitte - Ladies (Atalaya Master Remix) [North Resort - NRR 05]", IssueCreditUnsure, false},
		// A title, a given name or capitals start a name: sure.
		// blog/paperblog-dj-set-ping-pong.txt:6,
		// other/deephouse-uk-everybody-loves-the-sunshine.txt:21,
		// blog/housemusicwithlove-saturday-mixtape-joel-smiel.txt:2
		{"Dj Irwan - That Money feat. Lil Wayne (Dj Punish remix)", "", true},
		{"Bubble Club - Violet Morning Moon (Dr Dunks Remix)", "", true},
		{"2. G&G – Personal Jesus (TV Rock Remix)", "", true},
		{"Someone - Something (Chris Lake Remix)", "", true},
		// "Introduction" is an intro written out, as doubtful: a show's
		// part, or a record's?
		// other/djabstraction-warmup-sessions-16.txt:1
		{"DJ Abstraction - Warmup Sessions 16 Introduction", IssueCreditUnsure, false},
		{"Someone - Song (Introduction)", IssueCreditUnsure, false},
		// A name cut short, and who read a work after its author, are
		// no acts' names. blog/blackdown-dusk-rinse-fm-november-09.txt:4;
		// other/currently-off-air-transmission-48.txt:25
		{"Ozzie B \"Remix Ting ft Lethal B, Double S, JME, Frisco...\" (unreleased)", IssueExtraParts, false},
		{"Blaster Al Ackerman, read by Steve ‘sleaze’ Steele – The man in the green night shirt", IssueExtraParts, false},
		{"Tom Waits - Step Right Up", "", true},
		// One word of the language before a remix's or edit's kind word,
		// no DJ the lists know by it: a remixer, or the version's name?
		// 1001tracklists/armin-van-buuren-a-state-of-trance-001-2001-06-01.txt:11
		// (a version), soundcloud/monument-25-drugstore.txt:21 (a remixer).
		{"[47:57] System F ft. Armin van Buuren - Exhale (Inhale Remix) [TSUNAMI]", IssueCreditUnsure, false},
		{"11.Hadji - Retreat (Drugstore Remix)", IssueCreditUnsure, false},
		// An edit's one word is a DJ's as often: no doubt.
		{"Swedish House Mafia - Save The World (Tilt Edit)", "", true},
		// A name no dictionary holds, or a DJ known by one word, is sure.
		{"Phonique - Lady In A Red Dress (Tiefschwarz Remix)", "", true},
		{"Someone - Something (Powder Remix)", "", true},
		// A sentence of a blog's, or who produced the record, where the
		// artist stands. blog/drypaintsigns-monthly-mix-7-september-2015.txt,
		// other/house-musik-will-be-vol-60.txt (round 20k)
		{`Sam Cooke he is not, but just listen to how he sings the words "Mississippi River."`, IssueExtraParts, false},
		{"02. Africanism Produced By Bob Sinclar feat. Rolando Faria - Meu Carnaval (Original Mix)", IssueExtraParts, false},
		{"Ben Harper and the Blind Boys of Alabama - Satisfied Mind", IssueSplitUnsure, false},
	}
	for _, c := range cases {
		a := Analyze(c.line, Hints{})
		if c.issue != "" && !slices.Contains(a.Issues, c.issue) {
			t.Errorf("Analyze(%q).Issues = %v, want %s", c.line, a.Issues, c.issue)
		}
		if c.sure && len(a.Issues) > 0 {
			t.Errorf("Analyze(%q).Issues = %v, want none", c.line, a.Issues)
		}
	}
}

// MixesDB's categories: the page's footer glued to the list's last line,
// and a category link in wikitext, show nothing of the track.
func TestCategoryDropped(t *testing.T) {
	cases := []struct{ in, want string }{
		// mixesdb/2011-04-02-len-faki-chris-liebing-time-warp-mannheim.txt:17
		{"Phase - The DialogueCategory:Tracklist: complete", "Phase - The Dialogue"},
		{"Phase - The Dialogue [[Category:Tracklist: complete]]", "Phase - The Dialogue "},
		// A link to a category shows its text; a category named in words stays.
		{"A - B [[:Category:Techno|Techno]]", "A - B Techno"},
		{"A - Category: Techno", "A - Category: Techno"},
	}
	for _, c := range cases {
		if got := stripMarkup(c.in); got != c.want {
			t.Errorf("stripMarkup(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// MixesDB sets an unsure track in italics and may end it in a "?": the
// editor's doubt, not the title's. mixesdb/2003-03-30_dj_shadow.txt:9,11;
// an unknown title keeps its "?" (mixesdb/2002-07-21_mync_project.txt:10).
func TestGuessMarkDropped(t *testing.T) {
	cases := []struct{ in, want string }{
		{"# [009:44] ''Casanova - World War 3?''", "# [009:44] Casanova - World War 3"},
		{"# [015:42] ''Joe Tex - I Gotcha''?", "# [015:42] Joe Tex - I Gotcha"},
		{"# [027] ''Graffino - ?''", "# [027] Graffino - ?"},
		{"# ''? - Ghost (The Rollers Mix) [Metalheadz]?''", "# ? - Ghost (The Rollers Mix) [Metalheadz]?"},
		{"# Artist - Why?", "# Artist - Why?"},
	}
	for _, c := range cases {
		if got := stripMarkup(c.in); got != c.want {
			t.Errorf("stripMarkup(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// In a list that writes its labels in square brackets, brackets whose
// words read as a version are a guess either way: "[Trust In Bass Dub]"
// read as a label, "[Dub]" as a version (both a label's dub plates, as
// the list's labeller read them). other/podcast-trustinbass-clearcut-brokendubz-044.txt:2-4,7,9-10,12,21
func TestSquareCreditDoubted(t *testing.T) {
	lines := []string{"01. Trolley Snatcha – Always On My Mind [Dub Police]", "02. Author feat. Ben Glass – Green & Blue [Tectonic]",
		"03. Fedupfaction – Fogstep Time [Trust In Bass Dub]", "06. Photek & Kuru – Fountainhead [Studio !K7]", "20. Lostlojic – Don't You Feel [Dub]",
		"08. Squarepusher – Beep Street [Warp]", "09. Roska – 480 BC [Tectonic]", "11. Machinedrum – The Statue [Planet Mu]"}
	got := AnalyzeLines(lines, nil)
	for i, want := range []bool{false, false, true, false, true, false, false, false} {
		if doubted := slices.Contains(got[i].Issues, IssueLabelGuessed); doubted != want {
			t.Errorf("%q: issues %v, want label_guessed %v", lines[i], got[i].Issues, want)
		}
	}
	if got[0].Track.Label != "Dub Police" || got[0].Status != StatusValid {
		t.Errorf("%q: label %q, status %s %v; want Dub Police, valid", lines[0], got[0].Track.Label, got[0].Status, got[0].Issues)
	}
}
