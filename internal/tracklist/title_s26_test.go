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

// TestParseTitleS26Edition: before an event's edition ("Zouk Heat 2025",
// "RVAZM Weekender Hybrid '25"), a first part in dictionary words is the
// set's name (Mixcloud uploads of djsprenk and djwarholl, titles.jsonl);
// a name the lists know, or one "@" the event, is who plays.
func TestParseTitleS26Edition(t *testing.T) {
	checkTitleDJs(t, []titleDJs{
		{"Chasing Sunrise | Honolulu Zouk Marathon 2025 (Part 3)", "2025", []string{}},
		{"Ignition - Zouk Heat 2025 (Thursday Pre-Party)", "2025", []string{}},
		{"Gold | Zouk Heat 2025 (Friday Day Party)", "2025", []string{}},
		{"Like Water | RVAZM Weekender Hybrid '25 Thursday Night (Energy 4 - 7)", "2025", []string{}},
		// SoundCloud, 3000Grad's uploads: "live@" the festival credits.
		{"Kernel Existence - live@3000Grad Festival @Utopia 2021", "2021", []string{"Kernel Existence"}},
	})
}
