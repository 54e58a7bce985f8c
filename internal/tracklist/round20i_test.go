package tracklist

import "testing"

// Lines of held-out round 20i (testdata/real: MixesDB Essential Mix
// pages of Kalli/EssentialMixStats, podcast feeds of
// korowiow80/PodSearch_Content) that the parser read as sure and wrong,
// scored before these rules, and the same shapes written by others.
func TestRound20iShapes(t *testing.T) {
	cases := []issueCase{
		// mixesdb/2003-11-23-ralph-lawson-essential-mix.txt: a
		// line that has its cue reads a time after it as a name's.
		{"# [095] 20:20 Soundsystem - Flasher [20:20 Vision]",
			want{Cue: "095", Artists: []string{"20:20 Soundsystem"}, Title: "Flasher", Label: "20:20 Vision"}, "", ""},
		{"[095] 20:20 Vision - Flasher", want{Cue: "095", Artists: []string{"20:20 Vision"}, Title: "Flasher"}, "", ""},
		// mixesdb/1997-11-02-pete-tong-paul-van-dyk-sound-city-essential-mix.txt:
		// what an unreleased record was cut on is no label (eight older
		// labels of the corpus follow LABELLING.md now); nor is the pair
		// of records a bootleg mixes.
		{"# DJ Dado - Coming Back [Acetate]", want{Artists: []string{"DJ Dado"}, Title: "Coming Back"}, "", ""},
		// other/podcast-drumandbass-de-22.txt
		{"DJ Morgoth - Internet RemmiDemmi [Knife Party vs. Deichkind]",
			want{Artists: []string{"DJ Morgoth"}, Title: "Internet RemmiDemmi"}, "", ""},
		// "No Info" in the artist's place.
		{"# No Info - Nerve [Acetate]", want{Title: "Nerve", Unidentified: true}, IssueArtistUnidentified, ""},
	}
	checkIssueCases(t, cases)
}
