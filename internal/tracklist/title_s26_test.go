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
		// An ellipsis parts the year from the next word.
		{"Frankie 3000: Best of 2018...so far", "2018", []string{"Frankie 3000"}},
		// A host presents a guest "in the mix": both play the show
		// (the Drum & Bass Arena podcast feed, PodSearch_Content br).
		{"D&BA : The Risky presents...Dom & Roland in the mix", "", []string{"The Risky", "Dom & Roland"}},
		// A host "in the mix" back to back with a guest: both (D.O.N.S.'
		// podcast feed, PodSearch_Content re/readbox.savecast).
		{"D.O.N.S. In The Mix #185 Back2Back w_ DJ Alim April 4th Week 27.04.2012", "2012-04-27", []string{"D.O.N.S.", "DJ Alim"}},
		{"D.O.N.S. In The Mix #169 Back2Back With Olav Basoski January 1st Week 06.01.2012 No Moderation", "2012-01-06", []string{"D.O.N.S.", "Olav Basoski"}},
		{"D.O.N.S. In The Mix #187 May 2nd Week 11.04.2012", "2012-04-11", []string{"D.O.N.S."}},
		// "Show - DJ / day / hours", as a radio station's archive lists
		// its shows (the trackid archive of orbitIII): the show first.
		{"No Shade - Kikelomo / October 8 / 7pm-8pm", "", []string{"Kikelomo"}},
		{"Rekids - Radio Slave / November 18 / 9pm-10pm", "", []string{"Radio Slave"}},
		// Before "@", a set's quoted name after who played it (the
		// trackid archive of orbitIII).
		{`Hamza K Shah /w Sedef Adasi Warm Up "Long Distance" @ Folklor 8.10.2021`, "2021-10-08", []string{"Hamza K Shah", "Sedef Adasi"}},
		// After a genre, words of the language name the mix, as after a
		// show's name (steady-j.blogspot.com).
		{"Drum & Bass - Two Worlds Collide", "", []string{}},
		// A name the list knows, then a show's or station's word: the
		// person plays the show named after them (exclaim.ca).
		{"Gilles Peterson Worldwide: Programme 1", "", []string{"Gilles Peterson"}},
		// A part that starts "Special Guest" names the guest, who plays
		// rather than the host whose show it is (a podcast feed,
		// PodSearch_Content).
		{"Danny Gee's House Session Podcast 27 - SPECIAL GUEST DJ DANNY BOY FROM THE SCENE KINGS!!!", "", []string{"DJ DANNY BOY"}},
		// Words listed ("DEEP & HAZY", the label's SoundCloud) name no
		// one; the other name of the title plays.
		{"DEEP & HAZY - Undercurrent #5 - ALEXANDER BOGDANOV", "", []string{"ALEXANDER BOGDANOV"}},
	})
}

// TestParseTitleS26Edition: before an event's edition ("Zouk Heat 2025",
// "RVAZM Weekender Hybrid '25", "DiscCo March 2019"), a first part in dictionary words is the
// set's name (Mixcloud uploads of djsprenk and djwarholl, titles.jsonl);
// a name the lists know, or one "@" the event, is who plays.
func TestParseTitleS26Edition(t *testing.T) {
	checkTitleDJs(t, []titleDJs{
		{"Chasing Sunrise | Honolulu Zouk Marathon 2025 (Part 3)", "2025", []string{}},
		{"Ignition - Zouk Heat 2025 (Thursday Pre-Party)", "2025", []string{}},
		{"Gold | Zouk Heat 2025 (Friday Day Party)", "2025", []string{}},
		{"Like Water | RVAZM Weekender Hybrid '25 Thursday Night (Energy 4 - 7)", "2025", []string{}},
		// A month and its year after a name are a monthly edition of a
		// podcast (DiscCo, pod.casts.io/podcasts/discco); a known name,
		// or a mix's word between, still credits.
		{"DiscCo March 2019", "2019-03", []string{}},
		{"DiscCo February 2019", "2019-02", []string{}},
		{"Jay Riordan Promo Mix feb 2012", "2012-02", []string{"Jay Riordan"}},
		{"Max Sanna Sessions - April 2012", "2012-04", []string{"Max Sanna"}},
		// "vom" a day: the show's edition of that day (the playlists of
		// MDR Sputnik's Roboton); who plays follows the colon.
		{"SPUTNIK Roboton vom 04.10.2017", "2017-10-04", []string{}},
		{"SPUTNIK Roboton vom 30. November 2016: The Weeknd", "2016-11-30", []string{"The Weeknd"}},
		// "with" between words of the language is a phrase, not a
		// guest (djsprenk's Mixcloud); a name is (the trackid archive).
		{"Breaking with Tradition | Zouk Heat 2025 (Friday Closer)", "2025", []string{}},
		{"Cooking With Roi Perez", "", []string{"Roi Perez"}},
		// SoundCloud, 3000Grad's uploads: "live@" the festival credits.
		{"Kernel Existence - live@3000Grad Festival @Utopia 2021", "2021", []string{"Kernel Existence"}},
	})
}

// TestParseTitleS26DateCustom: when a date's numbers cannot tell day
// from month, the country a title names decides before its separator
// does (titles.jsonl; each title's source after it).
func TestParseTitleS26DateCustom(t *testing.T) {
	checkTitleDJs(t, []titleDJs{
		// The United States write the month first: a station's call
		// sign (a North Carolina station's playlist blog), a state's
		// code (a podcast feed, PodSearch_Content sa), a US city (the
		// Essential Mix list of jurawa.com), a US station of shows.txt
		// (the trackid archive of orbitIII).
		{"Playlist: WNCW-FM 01/09/15", "2015-01-09", []string{}},
		{"Video: 12/01/09 DJ Curly @ MMT DJ Battle semifinal in Santa Barbara, CA", "2009-12-01", nil},
		{"Sasha & Digweed Live @ Miami World Music Conference - Delta Heavy Tour 4.7.2002", "2002-04-07", nil},
		{"Dublab 02/05/25: Hearing Color w/ Massimiliano Pagliara", "2025-02-05", []string{"Massimiliano Pagliara"}},
		// A city elsewhere: the day first, though a dash parts the
		// numbers (Karotte's SoundCloud).
		{"Karotte @ AYLI X OURS Frankfurt 07-08-2026", "2026-08-07", []string{"Karotte"}},
		// No country named: the separator's custom (day first with
		// dots and slashes; trackid archive of orbitIII, Resonance FM).
		{"Fuse w/ Tijana T @ Kiosk Radio 03.02.2024", "2024-02-03", nil},
		{"Dig That Treasure (7/3/18)", "2018-03-07", nil},
		// A year first, then its day outside brackets (trainspotters-
		// friend's MixesDB pages); inside them, the broadcast's.
		{"2005 - Daniel Bell @ Distillery, Leipzig, 02-07-2005", "2005-07-02", []string{"Daniel Bell"}},
		{"1995 - Pete Tong @ KU, Ibiza (Essential Mix, 1995-08-13)", "1995", []string{"Pete Tong"}},
		// Numbers parted by spaces (paddyscott.neocities.org's birthday
		// set; a set in the trackid archive of orbitIII); not an
		// episode's number before a date (1001Tracklists).
		{"Birthday Set 03 . 01 . 2020", "2020-01-03", []string{}},
		{"Snow and Soundstream b2b in full party mode at Paloma 20 01 24", "2024-01-20", nil},
		{"Curbi @ Tape 06 2021-03-12", "2021-03-12", []string{"Curbi"}},
		// A year glued to a party's name in capitals (tarocco-app's
		// playlists); not to a name in mixed case (a podcast feed).
		{"Trance Tavern @ PLUNDERPARTY2012", "2012", nil},
		{"Kabbage1977 - Trancetastic Vol. 100", "", []string{"Kabbage1977"}},
		// A number over 12 decides whatever the country.
		{"Avalon Emerson & The Charm @TheLotRadio 03-20-2026", "2026-03-20", nil},
	})
}

func TestDateCustom(t *testing.T) {
	for s, want := range map[string]int{
		"Playlist: WNCW-FM":              usCustom,
		"KEXP-FM Live":                   usCustom,
		"Live in Santa Barbara, CA":      usCustom,
		"Live from Brooklyn":             usCustom,
		"Live in Berlin":                 dayCustom,
		"Berlin to Detroit":              0, // both: no custom
		"Live in Toronto":                0,
		"La Notte la Notte":              0,
		"CA without a comma is no state": 0,
		"Kiss FM":                        0,
	} {
		if got := dateCustom(s, dateTokens(s)); got != want {
			t.Errorf("dateCustom(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestParseTitleS26German: a German music blog's headlines
// (trndmusik.de, titles.jsonl) credit who plays in a sentence: a
// recording "von" the DJ, a name "und sein" set, a name "auf dem" floor.
func TestParseTitleS26German(t *testing.T) {
	checkTitleDJs(t, []titleDJs{
		{"Die Dämmerung ist eine magische Zeit – der Mitschnitt von 959er vom Journey to Tarab Festival", "", []string{"959er"}},
		{"WellDone!-Podcast von Matchy & Bott", "", []string{"Matchy & Bott"}},
		{"Eine bunte Mischung aus smooth und sexy – Daensen und sein WUZA-Mitschnitt aus der Rummelsbucht", "", []string{"Daensen"}},
		{"Dem Sonnenaufgang entgegen – Mattmosphere auf dem Seepferdchen Floor des Garbicz Festivals", "", []string{"Mattmosphere"}},
		{"Scrounger: DJ-Mitschnitt aus dem KaterBlau", "", []string{"Scrounger"}},
	})
}

// TestParseTitleS26SeriesColon: before a colon, two words or more of
// the language name a series, not an uploader (Worldwide FM's archive,
// monday-edition.de); a name, or one word, is the uploader's.
func TestParseTitleS26SeriesColon(t *testing.T) {
	checkTitleDJs(t, []titleDJs{
		{"Worldwide Rotations: July", "", []string{}},
		{"Sonic Sunset: Final live FM broadcast – a retrospective (Part2)", "", []string{}},
		{"Scrounger: DJ-Mitschnitt aus dem KaterBlau", "", []string{"Scrounger"}},
		{"Carlo Alberto: Electro mix vol. 1", "", []string{"Carlo Alberto"}},
		{"Scotty Fox: Occupational Therapy", "", []string{"Scotty Fox"}},
	})
}
