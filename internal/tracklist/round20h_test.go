package tracklist

import "testing"

// Lines of held-out round 20h (testdata/real/round 20h: podcast feeds of
// korowiow80/PodSearch_Content, MixesDB Essential Mix pages) that the
// parser read as sure and wrong, and the same shapes written by others.
func TestRound20hShapes(t *testing.T) {
	cases := []issueCase{
		// other/podcast-djandygriff-juicebox-the-mix.txt: featuring written
		// "f.", as hip-hop and radio lists shorten it.
		{"Jigg f. Rick James - Superfreak", want{Artists: []string{"Jigg"}, Featured: []string{"Rick James"}, Title: "Superfreak"}, "", ""},
		{"E-40 f. Juelz Santana, Bun B, Pimp C - White Gurl",
			want{Artists: []string{"E-40"}, Featured: []string{"Juelz Santana", "Bun B", "Pimp C"}, Title: "White Gurl"}, "", ""},
		{"Dirtbag - In A Hurry (f. The Game)", want{Artists: []string{"Dirtbag"}, Featured: []string{"The Game"}, Title: "In A Hurry"}, "", ""},
		// An initial in capitals is a name's.
		{"John F. Kennedy - Speech", want{Artists: []string{"John F. Kennedy"}, Title: "Speech"}, "", ""},

		// mixesdb/2000-04-16-leftfield-essential-mix.txt: a label no one
		// knew is no label.
		{"# Giuseppe Cennamoe - El Gitano [Label Unknown]", want{Artists: []string{"Giuseppe Cennamoe"}, Title: "El Gitano"}, "", ""},
		{"A - B [Unknown Label]", want{Artists: []string{"A"}, Title: "B"}, "", ""},

		// other/podcast-djandygriff-juicebox-the-mix.txt: a version named
		// after a genre names nobody.
		{"11. Cali Swag District - Teach Me How To Dougie (Rock Remix)",
			want{Artists: []string{"Cali Swag District"}, Title: "Teach Me How To Dougie", Version: "Rock Remix", IsRemix: true}, "", ""},
		{"A - B (Trap Mix)", want{Artists: []string{"A"}, Title: "B", Version: "Trap Mix"}, "", ""},

		// mixesdb/2008-07-12-john-ocallaghan-essential-mix.txt: what the
		// version goes without names nobody; a name that is a word stays.
		{"# Woody van Eyden - B.O.B (No Break edit) [Fenology]",
			want{Artists: []string{"Woody van Eyden"}, Title: "B.O.B", Version: "No Break edit", Label: "Fenology"}, "", ""},
		{"9. Ram Trilogy - Gridlock (Break Remix)",
			want{Artists: []string{"Ram Trilogy"}, Remixers: []string{"Break"}, Title: "Gridlock", IsRemix: true}, "", ""},

		// blog/soggydiscobiscuit-rufus-mixtape.txt: a name in capitals
		// that ends in S takes the apostrophe alone.
		{"7. Shadow Child - So High (RUFUS' Charmed Life Edit)",
			want{Artists: []string{"Shadow Child"}, Remixers: []string{"RUFUS"}, Title: "So High", Version: "Charmed Life Edit", IsRemix: true}, "", ""},

		// blog/kraftfuttermischwerk-eliza-minelli-kalendermix.txt: what the page says
		// of the mix's file, among the tracks.
		{"Length: 01:01:14", want{Cue: "01:01:14"}, IssueNotTrack, ""},
		{"Quality: 320 kBit/s", want{}, IssueNotTrack, ""},
		// other/podcast-amjazz-naturoo-session-06-pekxito.txt: the words of a list that
		// could not name the track.
		{"2. Track ID not available", want{Unidentified: true}, IssueArtistUnidentified, ""},
	}
	checkIssueCases(t, cases)
}
