package tracklist

import (
	"slices"
	"testing"
)

// Track-line shapes of the corpus (testdata/real) read right since
// tracklist/12, each with the file it was seen in.
func TestLineShapesS26(t *testing.T) {
	cases := []issueCase{
		// "N/A": not available, a placeholder as "Unknown" is.
		// tracklists/mixesdb/2017-12-08-dvs1-fabric-96.txt
		{"N/A - For All Mankind", want{Title: "For All Mankind", Unidentified: true}, IssueArtistUnidentified, ""},
		// tracklists/blog/housemusicwithlove-saturday-mixtape-joel-smiel.txt
		{"1. N/A – Scat This (Acapella)", want{Title: "Scat This", Version: "Acapella", Unidentified: true}, IssueArtistUnidentified, ""},

		// A semicolon between lowercase letters is the name's.
		// tracklists/mixesdb/2023-03-10-pete-tong-len-faki-global-dance-hq.txt
		{"Th;en - London [Diynamic/Four To The Floor]", want{Artists: []string{"Th;en"}, Title: "London", Label: "Diynamic/Four To The Floor"}, "", IssueSplitUnsure},
		{"Calvin Harris;Dua Lipa - One Kiss", want{Artists: []string{"Calvin Harris", "Dua Lipa"}, Title: "One Kiss"}, "", ""},

		// A chart's star after the title, as after a group; not on a
		// word all lowercase, nor a run of them.
		// tracklists/other/kontor-top-of-the-clubs-55-podcast.txt
		{"17. Wijk & Mero – June*", want{Artists: []string{"Wijk", "Mero"}, Title: "June"}, "", ""},
		// tracklists/1001tracklists/jauz_1001tl_rn1qu9t.txt
		{"Knock2 - dashstar*", want{Artists: []string{"Knock2"}, Title: "dashstar*"}, "", ""},
		// tracklists/mixesdb/2012-11-15-mpia3-boiler-room.txt
		{"17. MPIA3 - Your ****", want{Artists: []string{"MPIA3"}, Title: "Your ****"}, "", ""},

		// A region's code before a version's kind names where it was
		// made for, as "(UK Mix)" does, not a remixer.
		// tracklists/mixesdb/2006-06-04-paul-van-dyk-coloursfest-glasgow-essential-mix.txt
		{"# Paul van Dyk - Time Of Our Lives (UK Club Mix)", want{Artists: []string{"Paul van Dyk"}, Title: "Time Of Our Lives", Version: "UK Club Mix"}, IssueCreditUnsure, ""},
		// tracklists/mixesdb/2014-08-03-skream-we-love-space-ibiza-essential-mix.txt
		{"Little By Little - Bang The Box (UK Garage Mix) [Wired - W 062]",
			want{Artists: []string{"Little By Little"}, Title: "Bang The Box", Version: "UK Garage Mix", Label: "Wired", Catalog: "W 062"}, IssueCreditUnsure, ""},

		// A word of the language, then how the version is, then its
		// kind: the version's name, as "(Thunder Mix)" alone; a DJ the
		// lists know by the word stays the remixer.
		// tracklists/mixesdb/thedigger25_mix220.txt
		// (its label, "[Ultimate Beats]", left out: alone it reads as a
		// version, in that list as a label)
		{"[??] Chris Mack Feat. Squad One - Gal A Call Me Phone (Militant Vocal Mix)",
			want{Cue: "??", Artists: []string{"Chris Mack"}, Featured: []string{"Squad One"}, Title: "Gal A Call Me Phone", Version: "Militant Vocal Mix"}, IssueCreditUnsure, ""},
		// tracklists/mixesdb/1992-01-luke-slater-passion.txt
		{"Space Cube - Sub Audible (White Strings Mix) [TNI]",
			want{Artists: []string{"Space Cube"}, Title: "Sub Audible", Version: "White Strings Mix", Label: "TNI"}, IssueCreditUnsure, ""},
		{"A - B (Powder Club Mix)", want{Artists: []string{"A"}, Title: "B", Remixers: []string{"Powder"}, Version: "Club Mix", IsRemix: true}, IssueCreditUnsure, ""},

		// A mix's kind glued to a word, alone in round brackets: the
		// version, in doubt; in square ones a label.
		// tracklists/other/kontor-top-of-the-clubs-55-podcast.txt
		{"09. ATB feat. Ramona Nerra - Never Give Up (Clubmix)",
			want{Artists: []string{"ATB"}, Featured: []string{"Ramona Nerra"}, Title: "Never Give Up", Version: "Clubmix"}, IssueCreditUnsure, ""},
		// tracklists/mixesdb/1998-01-11_danny_howells.txt
		{"# [058] Pob - Strata (Seismix) [Seismic]", want{Cue: "058", Artists: []string{"Pob"}, Title: "Strata", Version: "Seismix", Label: "Seismic"}, IssueCreditUnsure, ""},
		// tracklists/mixesdb/2015-07-26-richie-hawtin-tomorrowland.txt
		{"Elektrabel - Despair [Offbokmix]", want{Artists: []string{"Elektrabel"}, Title: "Despair", Label: "Offbokmix"}, "", IssueCreditUnsure},

		// A blog's comment in round brackets after the credit: the
		// credit is read, the comment dropped, in doubt.
		// tracklists/blog/yermamontoast-mixtape-ahoy-part-one.txt
		{"3. Home Video - Penguin (The Loving Hand Remix) (Some of the best DFA remixes have always had something of a deep house bent to them. Nice work, fella.)",
			want{Artists: []string{"Home Video"}, Title: "Penguin", Remixers: []string{"The Loving Hand"}, IsRemix: true}, IssueExtraParts, ""},

		// How much of the record was played, before its credit.
		// tracklists/blog/mixedreaction-mixtape-vol-14.txt
		{`snippet of Al Green's "Here I Am (Come And Take Me)"`, want{Artists: []string{"Al Green"}, Title: "Here I Am (Come And Take Me)"}, IssueExtraParts, ""},
		{"Snippet - Title", want{Artists: []string{"Snippet"}, Title: "Title"}, "", ""},

		// Cheers after the last group are the list's, not the title's.
		// tracklists/mixesdb/2007-08-15-richie-hawtin-m-nus-label-night-cocorico.txt
		{"Plastikman - Spastik (Dubfire Re-Edit) !!", want{Artists: []string{"Plastikman"}, Title: "Spastik", Remixers: []string{"Dubfire"}, Version: "Re-Edit", IsRemix: true}, "", ""},
		{"Les Rita Mitsouko - Allez !", want{Artists: []string{"Les Rita Mitsouko"}, Title: "Allez !"}, "", ""},

		// Arrows for dashes, in doubt.
		// tracklists/other/headzup-mix-session-after-dark-edition-001.txt
		{"Claude VonStroke > Scarlet Macaw (Original Mix)", want{Artists: []string{"Claude VonStroke"}, Title: "Scarlet Macaw", Version: "Original Mix"}, IssueSeparatorGuessed, ""},
	}
	checkIssueCases(t, cases)
}

// Lists read together: what their lines share settles what one alone
// cannot.
func TestLineListsS26(t *testing.T) {
	cases := []listCase{
		{"positions that skip, rising on every line: a page of some of a show's plays",
			"tracklists/other/spiff-radio-bbc-radio-6-music-b.txt",
			[]string{"4 Ronnie Foster Mystic Brew Two-Headed Freap", "7 The Heath Brothers Smilin Billy Suite Part 2", "9 Chris Wood So Much To Defend",
				"10 Mike Waterson & Lal Waterson Red Wine & Promises", "12 and Gill's Daughter CIRCLES", "15 The Turbans Aman (feat. Gaudi)"}, 2,
			want{Artists: []string{"Chris Wood"}, Title: "So Much To Defend"}, IssueSeparatorGuessed},
		{"arrows for dashes, the label after the third part",
			"tracklists/other/headzup-mix-session-after-dark-edition-001.txt",
			[]string{"1- DJ Qu > Mixing Room > Strength Music", "2- Nick Holder > A True Story (Nick Holder Mix) > DNH",
				"3- Brothers' Vibe > Feelin' House (Berli-Rican Remix) > MixxRecords", "8- Dub Taylor > Represent (Original Mix) > Infinite Records"}, 3,
			want{Artists: []string{"Dub Taylor"}, Title: "Represent", Version: "Original Mix", Label: "Infinite Records"}, IssueSeparatorGuessed},
		{"a typeset hyphen in a known name (U+2010) is the list's hyphen",
			"tracklists/other/spiff-radio-bbc-radio-6-music-a.txt",
			[]string{"3 PJ Harvey The Last Living Rose", "4 PJ Harvey Hanging in the Wire", "5 PJ Harvey The Colour of the Earth",
				"6 PJ Harvey On Battleship Hill", "8 PJ Harvey The Words That Maketh Murder Let England Shake", "10 Gil Scott‐Heron I Think I'll Call It Morning"}, 5,
			want{Artists: []string{"Gil Scott‐Heron"}, Title: "I Think I'll Call It Morning"}, IssueSeparatorGuessed},
		{"a table copied without its columns, title first: a known artist of one word ends a row too",
			"tracklists/other/sputnik-roboton-2016-11-30.txt",
			[]string{"Titel Interpret", "Shed A Light (feat. Cheat Codes) Robin Schulz & David Guetta", "Fall Into The Night Alle Farben",
				"No Sense Sascha Braemer", "Fire Justice"}, 4,
			want{Artists: []string{"Justice"}, Title: "Fire"}, IssueOrderGuessed},
		{"a cover's note after the artist shows no order: two versions on the left say title first",
			"tracklists/blog/taylorshaw-italo-mixtape.txt",
			[]string{"01 – Angel Eyes — Lime", "02 – Ok, Run — M Basic", "06 – Walking In The Neon (Club Version) — Peter Richard",
				"08 – Another Life — Kano", "09 – Bad Passion (Instrumental Version) — Steel Mind", "16 – Pulstar — Hipnosis (Vangelis Cover)"}, 0,
			want{Artists: []string{"Lime"}, Title: "Angel Eyes"}, IssueOrderGuessed},
		{"(X, Year) at the end of most lines, one X named as labels are: the labels",
			"tracklists/blog/outstripped-sndylc-top-ten-techno-tracks.txt",
			[]string{"(1) Ricardo Villalobos – Dexter (Playhouse, 2003):", "(2) Der Zyklus – Formenverwandler (Clone Records, 2006):",
				"(3) Sascha Funke – Mango (Bpitch Control, 2008):", "(6) Nina Kraviz – Ghetto Kraviz (Rekids, 2012):"}, 0,
			want{Artists: []string{"Ricardo Villalobos"}, Title: "Dexter", Label: "Playhouse"}, IssueLabelGuessed},
	}
	// Without a name that says it is a label, (X, Year) may as well be
	// an album: no label.
	albums := []string{"Slowdive – Alison (Souvlaki, 1993)", "Ride – Vapour Trail (Nowhere, 1990)", "Lush – Sweetness and Light (Gala, 1990)"}
	if a := AnalyzeLines(albums, nil)[0]; a.Label != "" || a.Title != "Alison" {
		t.Errorf("%q: label %q, title %q", albums[0], a.Label, a.Title)
	}
	checkListCases(t, cases)
	// Numbers that do not rise on every line keep their doubt: "2
	// Unlimited" among numbered lines.
	a := AnalyzeLines([]string{"1. Moby - Go", "2. Calibre - Enter", "2 Unlimited - No Limit", "808 State - Pacific State", "5. LSB - Tumult"}, nil)[2]
	if len(a.Artists) != 1 || a.Artists[0] != "2 Unlimited" {
		t.Errorf("2 Unlimited: %q", a.Artists)
	}
}

// listCase is a line read in its list: lines[at], read with and without
// a Memo, must give w and carry issue.
type listCase struct {
	name  string
	from  string // the corpus file the lines come from
	lines []string
	at    int
	w     want
	issue string // an issue the line must carry; "": none asked
}

func checkListCases(t *testing.T, cases []listCase) {
	t.Helper()
	for _, c := range cases {
		for _, analyze := range []func([]string, []Hints) []Analysis{AnalyzeLines, NewMemo(1024).AnalyzeLines} {
			a := analyze(c.lines, nil)[c.at]
			checkTrack(t, c.lines[c.at], a.Track, c.w)
			if c.issue != "" && !slices.Contains(a.Issues, c.issue) {
				t.Errorf("%s (%s): issues %v, want %s", c.name, c.from, a.Issues, c.issue)
			}
		}
	}
}
