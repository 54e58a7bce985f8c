package tracklist

import (
	"slices"
	"testing"
)

// TestParseTitleRound20 holds the real titles of held-out rounds 20a-20e
// (testdata/real/titles.jsonl) that motivated a rule: player, podcast and
// radio page titles.
func TestParseTitleRound20(t *testing.T) {
	checkTitleDJs(t, []titleDJs{
		// A show with its episode, then the episode's theme in brackets
		// or quotes: no one (Progzilla's radio show pages, Soulection's
		// SoundCloud titles).
		{"PROGRESSIVE TRACKS SHOW #463 (“Number 9… Number 9…”)", "", []string{}},
		{"Soulection Radio Show #215 (Beats 1 Launch)", "", []string{}},
		{"PROGRESSIVE TRACKS SHOW #496 (12-19-2022) “Progmas 2022”", "2022-12-19", []string{}},
		// A guest who takes the show over plays.
		{"Soulection Radio Show #655 (Flwr Chyld Takeover)", "", []string{"Flwr Chyld"}},
		{"Soulection Radio Show #646 (Saï Takeover)", "", []string{"Saï"}},
		// The same brackets after a show the reference list knows, or
		// naming a guest mix, a guest, a name the list knows; a brand's
		// takeover is no one's.
		{"Anjunadeep Edition 292 (with Ben Böhmer)", "", []string{"Ben Böhmer"}},
		{"Monstercat Podcast 190 (Tristam Guest Mix)", "", []string{"Tristam"}},
		{"Fabric Podcast 12 (Ben UFO)", "", []string{"Ben UFO"}},
		{"Eric Prydz - Electric Zoo (SiriusXM Weekend Takeover) 2020-09-04", "2020-09-04", []string{"Eric Prydz"}},
		// Where the episode was recorded, in brackets after it.
		{"Soulection Radio Show #220 (Live From Amsterdam, NL)", "", []string{}},
		{"Tiesto - Club Life 017 (Live at Expo Center, Kiev, Ukraine)", "", []string{"Tiesto"}},
		// "(Guest: X)" names the guest.
		{"Deep Inside Radio Show #44 (Guest: Kerri Chandler)", "", []string{"Kerri Chandler"}},
		// A show's guests, one named with a show's word the list knows
		// as a name.
		{"Hessle Audio w/ Ben UFO, Pearson Sound & Pangaea - 04 February 2020", "2020-02-04", []string{"Ben UFO", "Pearson Sound", "Pangaea"}},
		// A show named after its host (LABELLING.md: the person is the
		// DJ), when the reference list knows the host; a name it does
		// not know may be no one's ("The Little Finger Show").
		{"The Martin Garrix Show 184", "", []string{"Martin Garrix"}},
		{"The Little Finger Show - Nick Höppner - 07 Dec 2023", "2023-12-07", []string{"Nick Höppner"}},
		// A night of the week names a show.
		{"Friday Night Disco 02/06/2021", "2021-06-02", []string{}},
		{"Mister Saturday Night @ Nowadays", "", []string{"Mister Saturday Night"}},
		// A year ending a phrase, or with a possessive, is a year.
		{"PROGRESSIVE TRACKS SHOW #590 (“2024… A Hollow Halloween”)", "2024", []string{}},
		{"PROGRESSIVE TRACKS SHOW #291 (It’s ProgMas 2018!)", "2018", []string{}},
		{"2014's Odds And Ends", "2014", nil}, // the rest is a phrase: not checked
		// yyyymmdd, as archives write a date.
		{"DISCO 3000: 20230914 (Audio)", "2023-09-14", nil},
		// "Show – Station – DJ", as a station's archive writes it
		// (radioeins' playlists; stations of shows.txt).
		{"22.09.2024 – Elektro Beats – radioeins – Olaf Zimmermann", "2024-09-22", []string{"Olaf Zimmermann"}},
		{"MTV's Mixtape Tuesday 1-2-06", "2006-01-02", []string{}},
		// A station presents: no one plays (a blog's radio show).
		{"THIS IS ROCK 'N' ROLL RADIO Presents: Radio On The Radio", "", []string{}},
		// "B2B" before a name: the one who plays with the page's owner.
		{"B2B Dj Towerdose @ DiscoTech / Melodic House & Techno", "", []string{"Dj Towerdose"}},
		// A genre shouted is a genre.
		{"another Diesel Radio show - DISCO!", "", []string{}},
		// A radio slot or a series' kind names a show (a radio presenter's
		// podcast page, a blog's weekly series); a name the list knows
		// stays a name.
		{"Late Night Funk 02/06/2021", "2021-06-02", []string{}},
		{"Throwback Thursday: 2003", "2003", []string{}},
		{"Late Nite Tuff Guy @ Panorama Bar 2019", "2019", []string{"Late Nite Tuff Guy"}},
		// A player's "Uploader: Artist - The ... Mix": the uploader's mix
		// of an artist's records (Mixcloud).
		{"Frankie 3000: Ariana Grande - The Dance Megamix 2018", "2018", []string{"Frankie 3000"}},
		{"Frankie 3000: Sigala - The summer remix", "", []string{"Frankie 3000"}},
		// A name the list knows, then "Live": how it played (a YouTube
		// channel's titles).
		{"NYE 2014 - Aragon Ballroom - Zeds Dead Live", "2014", []string{"Zeds Dead"}},
		// "Mixtape: DJ - “Name”": the mix's own name is quoted, so the
		// part after the colon is who made it (a podcast's blog).
		{`Mixtape: Roger Riddle - "Tuning In"`, "", []string{"Roger Riddle"}},
		{"Mixtape: New Orleans Blues", "", []string{}},
		// "1st of March 2019"; an ISO date with its time.
		{"Joy Orbison - 1st of March 2019", "2019-03-01", []string{"Joy Orbison"}},
		{"Joy Orbison 2019-12-03T21:00", "2019-12-03", []string{"Joy Orbison"}},
		// A possessive of a name the list knows, where no part reads as
		// a credit.
		{"Joy Orbison's 2019 in review", "2019", []string{"Joy Orbison"}},
		// Blog and magazine headlines: the known name inside a
		// sentence's possessive; where a set was played is no one; who
		// mixed it in brackets; a guest mix for a show; whom a tribute
		// is for is no DJ.
		{"Listen to Joy Orbison's Essential Mix", "", []string{"Joy Orbison"}},
		{"Stream Joy Orbison's set from Dekmantel 2019", "2019", []string{"Joy Orbison"}},
		{"Andrew Weatherall Tribute (Mixed by Joy Orbison)", "", []string{"Joy Orbison"}},
		{"Joy Orbison guest mix on Pete Tong", "", []string{"Joy Orbison"}},
		{"Disco Demons Guest Mix VI : JÄGERVERB", "", []string{"JÄGERVERB"}},
		{"In Memory of Andrew Weatherall", "", []string{}},
		// "Name's Show Name": the host and the show (blogs' titles),
		// not a day ("International Women's Day") nor a headline in
		// capitals.
		{"Blackdown’s UK Garage And Dubstep Lesson", "", []string{"Blackdown"}},
		{"Psylence's Tracks of 2011", "2011", []string{"Psylence"}},
		{"International Women's Day: Tijana T", "", []string{"Tijana T"}},
		{"CRACK’S TRACKS OF THE YEAR: 10-1", "", []string{}},
		// "Classics" and "Tribute" name a mix's kind.
		{"Selected Classics: Jungle Mix", "", []string{}},
		// Emoji around a name in a video's title.
		{"🔥 Joy Orbison - Summer Mix 2019 🔥", "2019", []string{"Joy Orbison"}},
		// After a day of the week, a month's number is its day: no year.
		{"Episode 2: Saturday October 19", "", []string{}},
	})
}

// titleDJs is a title with the date and DJs ParseTitle must read in it;
// nil djs: any.
type titleDJs struct {
	in   string
	date string
	djs  []string
}

func checkTitleDJs(t *testing.T, cases []titleDJs) {
	t.Helper()
	for _, c := range cases {
		got := ParseTitle(c.in)
		if got.Date != c.date {
			t.Errorf("ParseTitle(%q).Date = %q, want %q", c.in, got.Date, c.date)
		}
		if c.djs != nil && !slices.Equal(got.DJs, c.djs) {
			t.Errorf("ParseTitle(%q).DJs = %q, want %q", c.in, got.DJs, c.djs)
		}
	}
}

// TestParseTitleRecordedAt: a bracket that says where a show's episode
// was recorded is its venue (SoundCloud's and 1001Tracklists' titles).
func TestParseTitleRecordedAt(t *testing.T) {
	for _, c := range []struct{ in, event, venue string }{
		{"Show #277 (Live from Bangalore, India)", "Show #277", "Bangalore, India"},
		{"Soulection Radio Show #352 (Live from Las Vegas, NV)", "Soulection Radio Show #352", "Las Vegas, NV"},
		{"Tiesto - Club Life 017 (Live at Expo Center, Kiev, Ukraine)", "Club Life 017", "Expo Center, Kiev, Ukraine"},
	} {
		if got := ParseTitle(c.in); got.Event != c.event || got.Venue != c.venue {
			t.Errorf("ParseTitle(%q) event %q venue %q, want %q %q", c.in, got.Event, got.Venue, c.event, c.venue)
		}
	}
}
