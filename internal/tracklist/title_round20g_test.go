package tracklist

import "testing"

// TestParseTitleRound20g holds real titles of held-out round 20g
// (testdata/real/titles.jsonl) that motivated a rule: MixesDB set
// headings, podcast feed items (PodSearch_Content's feeds), Mixcloud and
// SoundCloud uploads.
func TestParseTitleRound20g(t *testing.T) {
	checkTitleDJs(t, []titleDJs{
		// A timetable's slot with "h" for hours (MixesDB, Creamfields 2001).
		{"Carl Cox (Bugged Out!) 18.30-20.00h", "", []string{"Carl Cox"}},
		{"Futureshock (Bugged Out!) 17.00-18.30h", "", []string{"Futureshock"}},
		// A given name and a city's as a surname name a person; a club in
		// its city no one.
		{"Craig London - Retro Junkie (Promo)", "", []string{"Craig London"}},
		{"Printworks London - Keinemusik", "", []string{"Keinemusik"}},
		// An upper-case ordinal day.
		{"RADIO SHOW ON WWW.TSOLRADIO.COM - SATURDAY 12TH MAY 2012 (PART 2)", "2012-05-12", []string{}},
		// Colons that frame a name.
		{"::Dave Anthony:: Vocal Booth Vol 1 (September 08)", "2008-09", []string{"Dave Anthony"}},
		// A record's side, open decks: no one.
		{"The Final Mixtape - Side B", "", []string{}},
		{"Open Decks at Wäiski 2023-06-08", "2023-06-08", []string{}},
		{"JSomerstone @ Open Decks @ Haave 2022-11-03", "2022-11-03", []string{"JSomerstone"}},
		// A plural's possessive of one word is a common noun's (a
		// progressive rock podcast's feed).
		{"Rogues' Gallery Playlist  August 29, 2011 - Show #350 - Progressive Rock Podcast", "2011-08-29", []string{}},
		{"Episode 18 - Dimitri Andreas’ Mix", "", []string{"Dimitri Andreas"}},
		// A contraction makes a sentence of words, not a name.
		{"POP 88 #51 – I’m READY, 2012 – Non-Stop Mix", "2012", []string{}},
		// Ordinary words listed are a phrase, not DJs of one word each
		// (a Mixcloud upload; blog posts' titles); an act the list
		// knows stays.
		{"Shortcut Mix - Drum & Base & X", "", []string{}},
		{"Wants and Needs", "", []string{}},
		{"Chase & Status - Radio 1 Residency", "", []string{"Chase & Status"}},
		// "presents" and an episode's code: the series' edition, then
		// its theme (a podcast feed) or who plays.
		{"Band of Badgers Presents #3 Support & Sponsor", "", []string{}},
		{"Defected Presents #12 Sam Divine", "", []string{"Sam Divine"}},
		// A list of genres is what the episode plays.
		{"Scribbler 035: Minimal & Deep", "", []string{}},
		{"Podcast 5 - Techno / Deep House", "", []string{}},
	})
}

// TestIsGenreList: a list of genres and of their kinds is music, not a
// duo ("Dark & Hard", German Underground Techno's SoundCloud title).
func TestIsGenreList(t *testing.T) {
	for s, want := range map[string]bool{
		"Minimal & Deep":            true,
		"Techno, Progressive House": true,
		"Dark & Hard":               true,
		"Hot, Sick and Tired":       false,
		"Techno & Friends":          false,
		"Drum & Bass":               true,
	} {
		if got := isGenre(s); got != want {
			t.Errorf("isGenre(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestParseTitleBracketedEvent: an event is named without the brackets
// around it (MixesDB, Creamfields 2001).
func TestParseTitleBracketedEvent(t *testing.T) {
	if got := ParseTitle("Futureshock (Bugged Out!) 17.00-18.30h"); got.Event != "Bugged Out!" {
		t.Errorf("event %q, want %q", got.Event, "Bugged Out!")
	}
}

// TestParseTitleEpisodeEvent: a show's episode in a part of its own
// belongs to the event, as written (podcast feeds of round 20g); a day or
// the end of a range does not.
func TestParseTitleEpisodeEvent(t *testing.T) {
	for _, c := range []struct{ in, event string }{
		{"33rpm Podcast: Episode#28", "33rpm Podcast: Episode#28"},
		{"metrosound podcast : s07-e05", "metrosound podcast : s07-e05"},
		{"The Mixtape Project - Mix #4", "The Mixtape Project - Mix #4"},
		{"Right Round UP! - 7/16 - Setlist and commentary", "Right Round UP!"},
	} {
		if got := ParseTitle(c.in); got.Event != c.event {
			t.Errorf("ParseTitle(%q).Event = %q, want %q", c.in, got.Event, c.event)
		}
	}
}

// TestParseTitleTwoAts: "DJ @ Party @ Place" (Mixcloud, SoundCloud): the
// party is the event, the place after it the venue; an "@" inside a word
// ("b@ TV Studio") is the venue's own.
func TestParseTitleTwoAts(t *testing.T) {
	for _, c := range []struct{ in, event, venue string }{
		{"JSomerstone @ Open Decks @ Haave 2022-11-03", "Open Decks", "Haave"},
		{"Kernel Existence - live@3000Grad Festival @Utopia 2021", "3000Grad Festival", "Utopia"},
		{"2012-05-17 - Richard Dinsdale @ b@ TV Studio (Be At Podcast)", "Be At Podcast", "b@ TV Studio"},
	} {
		if got := ParseTitle(c.in); got.Event != c.event || got.Venue != c.venue {
			t.Errorf("ParseTitle(%q) event %q venue %q, want %q %q", c.in, got.Event, got.Venue, c.event, c.venue)
		}
	}
}

// TestTrimEventTail: what an event's name ends in that is the sentence's
// or the page's (podcast feeds and radio stations' playlist pages).
func TestTrimEventTail(t *testing.T) {
	for in, want := range map[string]string{
		"Episode 9 with a guest mix": "Episode 9",
		"Radio Lost and Found for":   "Radio Lost and Found",
		"World Cafe Playlist for":    "World Cafe",
		"Playlist":                   "",
		"Club Life 500":              "Club Life 500",
		"Mix Tape Radio on FRUK":     "Mix Tape Radio on FRUK",
	} {
		if got := trimEventTail(in); got != want {
			t.Errorf("trimEventTail(%q) = %q, want %q", in, got, want)
		}
	}
}
