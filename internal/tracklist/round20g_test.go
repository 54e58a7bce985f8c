package tracklist

import "testing"

// Lines of held-out round 20g (testdata/real/lines.jsonl, the tracklists
// added by commits 9b4bfc7..7bda24b) that the parser read as sure and
// wrong, and their shape written by other lists.
func TestRound20gShapes(t *testing.T) {
	cases := []issueCase{
		// podcast-blogariddims-5-bassnation.txt: "white label" in the
		// artist's place, a record without its credit.
		{"15. white label - \"acid track\"", want{Title: "acid track", Unidentified: true}, IssueArtistUnidentified, ""},
		{"White Label - Untitled Dub", want{Title: "Untitled Dub", Unidentified: true}, IssueArtistUnidentified, ""},
		// In the label's place the words stay a label.
		{"# [0??] DJ Elite - That Fuct Camera [White Label]",
			want{Cue: "0??", Artists: []string{"DJ Elite"}, Title: "That Fuct Camera", Label: "White Label"}, "", ""},

		// podcast-bcx-radio-breezy-blazer-zomermix.txt: the second act of a
		// "vs." credit alone, the first lost.
		{"vs. The Tribe - Frantik", want{Artists: []string{"The Tribe"}, Title: "Frantik"}, IssueExtraParts, ""},
		{"Vs Someone Else - Title", want{Artists: []string{"Someone Else"}, Title: "Title"}, IssueExtraParts, ""},

		// soundcloud/soulection-421.txt: a talk billed under who speaks.
		{"Joe Kay - An Interview with Juls", want{}, IssueNotTrack, ""},
		{"Benji B - Interview with Kaytranada", want{}, IssueNotTrack, ""},
		// A title that names an interview, no more, is still a record's.
		{"Interviews - Thirds", want{Artists: []string{"Interviews"}, Title: "Thirds"}, "", IssueNotTrack},
	}
	checkIssueCases(t, cases)
}
