package tracklist

import (
	"slices"
	"testing"
)

// Shapes of held-out rounds 20j and 20k (testdata/real/round20j*- and
// round20k*-lines.jsonl), read right after each was scored: each with
// the file it was seen in.
func TestLineShapesRound20j(t *testing.T) {
	cases := []issueCase{
		// Positions whose numbers were lost, their dots kept; an arrow
		// typed as a bullet.
		// tracklists/other/edmliveset-hi-lo-eli-brown-tomorrowland-2025.txt
		{". Mau P – Like I Like It (Eli Brown Edit)", want{Artists: []string{"Mau P"}, Title: "Like I Like It", Remixers: []string{"Eli Brown"}, Version: "Edit", IsRemix: true}, "", ""},
		// tracklists/other/podcast-saugnapf-querfunk-wird-12.txt
		{"=> digitalism - fire in cairo", want{Artists: []string{"digitalism"}, Title: "fire in cairo"}, "", ""},
		{"...'D Like Some... - Artist", want{Artists: []string{"...'D Like Some..."}, Title: "Artist"}, "", ""},

		// A feed's quotes escaped with a backslash.
		// tracklists/other/podcast-dnbradio-crash-counter-measures-54.txt
		{`* Fanu - I Can\'t Sleep`, want{Artists: []string{"Fanu"}, Title: "I Can't Sleep"}, "", ""},

		// A band's page after a dash, spaced or not, is no part of the
		// title. tracklists/other/podcast-dryobbs-cinematic-ambiance-pt-2.txt
		{"Twin Sister- I want a house- twinsistermusic.com", want{Artists: []string{"Twin Sister"}, Title: "I want a house"}, IssueDashUnspaced, ""},
		{"Magma- Zombies- myspace/magmaofficial", want{Artists: []string{"Magma"}, Title: "Zombies"}, IssueDashUnspaced, ""},
		{"Bloodshot Bill-Pity You-www.bloodshotbill.com", want{Artists: []string{"Bloodshot Bill"}, Title: "Pity You"}, IssueDashUnspaced, ""},
		{"Jay-Z - Dirt Off Your Shoulder", want{Artists: []string{"Jay-Z"}, Title: "Dirt Off Your Shoulder"}, "", ""},

		// A placeholder in brackets; "vs" before a colon credits two acts,
		// as the mashup rule of "A vs. B - Title" does not read it.
		// tracklists/other/podcast-john-osorio-liquid-groove.txt,
		// tracklists/other/podcast-saugnapf-querfunk-wird-12.txt
		{"Stephen Brown - [unknown] [Realtime]", want{Artists: []string{"Stephen Brown"}, Label: "Realtime", Unidentified: true}, IssueTitleUnidentified, ""},
		{"02. dan le sac vs scroobius pip: thou shalt always kill", want{Artists: []string{"dan le sac", "scroobius pip"}, Title: "thou shalt always kill"}, "", ""},

		// A link to the file after the title.
		// tracklists/blog/southcoasting-discover-what-you-set-out-to-find.txt
		{"7. John Phillips - Malibu People mp3", want{Artists: []string{"John Phillips"}, Title: "Malibu People"}, "", ""},

		// Round 20k's MixesDB pages: "Vrs." for version, a quote left of
		// italics at a title's start, a known act's possessive after
		// names joined. tracklists/mixesdb/2002-09-15-rui-da-silva-essential-mix.txt,
		// tracklists/mixesdb/2012-06-2x-deadmau5-david-guetta-hackney-weekend.txt
		{"# [110] Robert Miles - Children (Original Vrs.) [DBX]", want{Cue: "110", Artists: []string{"Robert Miles"}, Title: "Children", Version: "Original Vrs.", Label: "DBX"}, "", ""},
		{"# [045] Donna Summer -'I Feel Love", want{Cue: "045", Artists: []string{"Donna Summer"}, Title: "I Feel Love"}, IssueDashUnspaced, ""},
		{"Thelonious Monk - 'Round Midnight", want{Artists: []string{"Thelonious Monk"}, Title: "'Round Midnight"}, "", ""},
		{"# [57] David Guetta Feat. Chris Brown & Lil Wayne - I Can Only Imagine (David Guetta & Daddy's Groove Remix)",
			want{Cue: "57", Artists: []string{"David Guetta"}, Featured: []string{"Chris Brown", "Lil Wayne"}, Title: "I Can Only Imagine", Remixers: []string{"David Guetta", "Daddy's Groove"}, IsRemix: true}, "", ""},
		// Round 20m: a DJ's name before a remix, though its word is a
		// version's; a language names a version.
		// tracklists/mixesdb/2018-05-26-pbr-streetgang-essential-mix.txt,
		// tracklists/mixesdb/1997-07-27-jose-padilla-essential-mix.txt
		{"Spencer Parker - Shape Fascination (DJ Deep Remix)", want{Artists: []string{"Spencer Parker"}, Title: "Shape Fascination", Remixers: []string{"DJ Deep"}, IsRemix: true}, "", ""},
		{"Karen Ramirez - Troubled Girl (Spanish Version)", want{Artists: []string{"Karen Ramirez"}, Title: "Troubled Girl", Version: "Spanish Version"}, "", ""},
		// Round 20l: the release's year after its label; a place in a
		// gallery glued to the artist. tracklists/other/bassnbuzz-2012-06-05.txt,
		// tracklists/blog/open-nuove-uscite-2024-11-03.txt
		{"Jimmy Edgar - Jefferson Interception [Warp] 2005", want{Artists: []string{"Jimmy Edgar"}, Title: "Jefferson Interception", Label: "Warp"}, "", ""},
		{"- 2/16Baby Gang feat. Noizy - Danse", want{Artists: []string{"Baby Gang"}, Featured: []string{"Noizy"}, Title: "Danse"}, "", ""},

		// A remix credit in capitals closes its bracket: no label after
		// the title. tracklists/other/podcast-djricker-dance-mechanic-22.txt
		{"13. DirtyLoud - Disco Records (Alex Mind RMX)", want{Artists: []string{"DirtyLoud"}, Title: "Disco Records", Remixers: []string{"Alex Mind"}, IsRemix: true}, "", ""},
	}
	checkIssueCases(t, cases)

	// A page holding several sets heads each with its page's title, or a
	// name and a link to it. tracklists/mixesdb/2012-06-2x-deadmau5-david-guetta-hackney-weekend.txt,
	// tracklists/mixesdb/2016-03-19-axwell-riva-starr-essential-mix.txt
	for _, line := range []string{
		"'''2012-06-23 - Deadmau5 @ BBC Radio 1 Hackney Weekend''' (See also [[2012-06-23 - Deadmau5 @ BBC Radio 1 Hackney Weekend, Marshes, UK]])",
		"'''Riva Starr''' = [[2011-03-25 - Riva Starr, Funkagenda @ Surfcomber Hotel, WMC (Essential Mix, 2011-04-30)]]",
	} {
		if a := Analyze(line, Hints{}); a.Status != StatusNotTrack {
			t.Errorf("%q: %s %v, want not_track", line, a.Status, a.Issues)
		}
	}
	if a := Analyze("2012 - Deadmau5 @ Hackney", Hints{}); a.Status == StatusNotTrack {
		t.Errorf("a year and a credit: not_track")
	}
	// A DJ's name in bold and where the DJ played heads that DJ's part.
	// tracklists/mixesdb/1999-02-14-darren-emerson-sasha-essential-mix.txt
	if a := AnalyzeLines([]string{"'''Sasha''' @ Kelly's, Lush, Port Rush", "# Technique - Sun Is Shining [Creation]"}, nil); a[0].Status != StatusNotTrack || a[1].Status == StatusNotTrack {
		t.Errorf("a bold name and a place: %s, %s", a[0].Status, a[1].Status)
	}
	// "X Of Y" goes on after what reads as a possessive.
	// tracklists/mixesdb/1993-11-13-andrew-weatherall-essential-mix.txt
	if a := Analyze("# Brother Love Dubs - Mighty Ming (Sabres Of Paradise Remix)", Hints{}); !slices.Equal(a.Track.Remixers, []string{"Sabres Of Paradise"}) {
		t.Errorf("Sabres Of Paradise: %q", a.Track.Remixers)
	}
}

func TestLineListsRound20j(t *testing.T) {
	cases := []listCase{
		{"a list written Artist/Title, no space about the slash",
			"tracklists/other/podcast-djhanif-relevant-sound-feb-2012.txt",
			[]string{"Afroseeds feat. Soul Maestro/Your Love (Vocal Mix)", "Migosy/Skyline (Rancido Deep Journey Main Mix)",
				"DJ Garphie feat. George Sida/Take Me Home (Andy Compton Remix)", "J Paul Getto/3000 (Original)", "Luminous/Africa Unity Afro"}, 2,
			want{Artists: []string{"DJ Garphie"}, Featured: []string{"George Sida"}, Title: "Take Me Home", Remixers: []string{"Andy Compton"}, IsRemix: true}, IssueSeparatorGuessed},
		{"names joined and guests credited on the right of many lines, never on the left: the title first",
			"tracklists/other/podcast-section8-episode-3-despise.txt",
			[]string{"Bulldozer - Loop Stepwalker & Brainpain", "Obey - Balkansky & Niveau Zero", "Why We Exist - Loop Stepwalker & Sinister Souls",
				"Spot the Light - Balkansky & Loop Stepwalker", "Interim - Quentin Hiatus", "Gonna Be Me - Current Value feat Snow", "Terraform - SPL"}, 4,
			want{Artists: []string{"Quentin Hiatus"}, Title: "Interim"}, IssueOrderGuessed},
		{"the title first, then the artist and the album after a colon",
			"tracklists/other/toddsturntable-series-27-prog-19.txt",
			[]string{
				"Intro: A Little White Ship - Todd Gordon: Love dot com",
				"This Girl’s in Love with You - Ella Fitzgerald: Sunshine of Your Love",
				"Killing Time - Jimmy Witherspoon: The Blues, The Whole Blues, And Nothing But The Blues",
				"Killing Me Softly with His Song - Roberta Flack: Softly with These Songs",
				"Dear Death - Carmen McRae & The Kenny Clarke-Francy Boland Big Band: November Girl",
				"The Sun Died - Shirley Horn: Light Out of Darkness/A Tribute to Ray Charles",
				"Come Away, Come Away, Death - Maxine Sullivan: Sullivan/Shakespeare/Hyman",
				"No Headstone on My Grave - Esther Phillips: The Country Side of Esther",
				"I’ll Love You (Till I Die) - Carmen McRae: single",
				"Where Have All the Flowers Gone - Marlene Dietrich: Dietrich",
				"Murder, He Says - Betty Hutton: single",
				"Miss Otis Regrets - Todd Gordon: Love’s Illusions",
				"Tango - Peggy Lee: Mirrors",
				"Is That All There Is - Peggy Lee: Is That All There Is",
				"I’m Gonna Live Till I Die - Frank Sinatra: Look to Your Heart",
			}, 12,
			want{Artists: []string{"Peggy Lee"}, Title: "Tango"}, IssueExtraParts},
		{"a header that names the album's column: the third parts are albums, in brackets or not",
			"tracklists/other/podcast-journey-into-soul-show-five.txt",
			[]string{"Playlist:", "Artist Name – Song Title – (Album Name)", "Kelly Mueller – Real Love – (Easier to Dream)",
				"Lorenzo Owens – Wanna See You Smile – (After the Show)", "Sly Joe – Mellow Mood – (Your Lively Love)", "Kay B – Call Cupid – (Call Cupid)"}, 3,
			want{Artists: []string{"Lorenzo Owens"}, Title: "Wanna See You Smile"}, IssueExtraParts},
	}
	checkListCases(t, cases)
	// One slash in a list of titles alone is the title's.
	// tracklists/other/podcast-kidornery-defenestration-unit-rudyards.txt
	a := AnalyzeLines([]string{"1.  Transmission", "2.  Theme De Yoyo", "3.  Breath of Fresh Air", "4.  All Mine", "5.  Space is the Place/Transmission"}, nil)[4]
	if a.Track.Title != "Space is the Place/Transmission" || len(a.Track.Artists) != 0 {
		t.Errorf("a slash in a list of titles: %q, %q", a.Track.Artists, a.Track.Title)
	}
}
