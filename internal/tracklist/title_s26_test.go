package tracklist

import "testing"

// TestParseTitleS26 holds real titles of testdata/real/titles.jsonl that
// motivated the title rules of session 26; each group names where its
// titles come from.
func TestParseTitleS26(t *testing.T) {
	checkTitleDJs(t, []titleDJs{
		// A bare year ends the part after the uploader's colon: the
		// words before it are the mix series' edition, not who plays it
		// (Mixcloud uploads, github:Noah-Jaffe/Mixcloud_player songs.js).
		{"Frankie 3000: Dance Vibes 2019 (the 1st)", "2019", []string{"Frankie 3000"}},
		{"Frankie 3000: Best 0f 2015", "2015", []string{"Frankie 3000"}},
		{"Frankie 3000: The Best Dance Vibes of 2023", "2023", []string{"Frankie 3000"}},
	})
}
