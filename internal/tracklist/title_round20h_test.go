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
		// A place read as the DJ gives way to the "DJ X" the title names.
		{"Wake and Bake Radio w/ DJ Swayd on New York City's/Northern NJ's Mix1620 AM Volume 3", "", []string{"DJ Swayd"}},
		// A guest "ft" on a show: the guest, without the word.
		{"UIM RADIO EPISODE 4 FT SOUTHSIDE (BLACK WALL STREET)", "", []string{"SOUTHSIDE"}},
		// A day, its month and its year joined by "de", as Spanish and
		// Portuguese write them.
		{"7 Agosto de 2010", "2010-08-07", []string{}},
		{"Sesión 7 de agosto de 2010", "2010-08-07", []string{}},
	})
}
