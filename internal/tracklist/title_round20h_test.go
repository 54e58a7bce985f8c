package tracklist

import "testing"

// TestParseTitleRound20h holds real titles of held-out round 20h
// (testdata/real/round20h-titles.jsonl: podcast feed items of
// korowiow80/PodSearch_Content) that motivated a rule, and titles that
// hold it to its limits.
func TestParseTitleRound20h(t *testing.T) {
	checkTitleDJs(t, []titleDJs{
		// "DJ X" says who plays, when the other parts read as words.
		{"DJ Johnnie French: Dilettante", "", []string{"DJ Johnnie French"}},
		{"DJ RELLYRELL - FOOD FOR THE HIP HOP HEAD PART 2", "", []string{"DJ RELLYRELL"}},
		{"DJ Dash February 2012 Mix", "2012-02", []string{"DJ Dash"}},
		{"Le Discotech Dj Raous NYC", "", []string{"Dj Raous"}},
		// A thing of DJs names no one; a name read otherwise stays.
		{"RetroVision - The DJ Demo Session 02", "", []string{"RetroVision"}},
		{"Anton & Hogi Wirjono All Night Long DJ Set at ZODIAC", "", []string{"Anton", "Hogi Wirjono"}},
	})
}
