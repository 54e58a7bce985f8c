package tracklist

import "testing"

// Shapes and doubts of the rules written in the session of rounds 20n and 20o
// (labelled blind, then added to testdata/real/lines.jsonl), each with the file it was seen
// in.
func TestLineShapesRound20n(t *testing.T) {
	cases := []issueCase{
		// A name no list knows, then a word of the language, before a
		// remix's kind word: the name's second word, or the first of the
		// mix's name? A guess either way. A known act, a given name
		// first, or "The" first read as a name; an edit's credit too, as
		// the generator's DJs' edits are written ("(Denzal Park Edit)").
		// tracklists/mixesdb/2000-03-04-pete-tong-ibiza-classics.txt (round 20l)
		{"Lady Shaka - E Tu (Denzal Park Edit)", want{Artists: []string{"Lady Shaka"}, Title: "E Tu", Remixers: []string{"Denzal Park"}, Version: "Edit", IsRemix: true}, "", IssueCreditUnsure},
		{"Jark Prongo - Movin Thru Your System (Slacker Software Remix)", want{Artists: []string{"Jark Prongo"}, Title: "Movin Thru Your System", Remixers: []string{"Slacker Software"}, IsRemix: true}, IssueCreditUnsure, ""},
		{"Solomun - Forever (The Teenagers Remix)", want{Artists: []string{"Solomun"}, Title: "Forever", Remixers: []string{"The Teenagers"}, IsRemix: true}, "", IssueCreditUnsure},
		{"Bicep - Glue (Chris Lake Remix)", want{Artists: []string{"Bicep"}, Title: "Glue", Remixers: []string{"Chris Lake"}, IsRemix: true}, "", IssueCreditUnsure},
		// Round 20o: a label and its catalogue number in round brackets
		// after the title, the record's year after them.
		// tracklists/other/willkommenzuhouse-sendung-132-2017-10-20.txt
		{"01 Sven Weisemann – „Lunation“ (Echocord – echocord 075) (2017)", want{Artists: []string{"Sven Weisemann"}, Title: "Lunation", Label: "Echocord", Catalog: "echocord 075"}, IssueLabelGuessed, ""},
		{"05 Thatmanmonkz – „The Assassinator“ (Better Listen Records – BLR007) (2017)", want{Artists: []string{"Thatmanmonkz"}, Title: "The Assassinator", Label: "Better Listen Records", Catalog: "BLR007"}, IssueLabelGuessed, ""},
		{"Underworld - Born Slippy (Darren Price Remix)", want{Artists: []string{"Underworld"}, Title: "Born Slippy", Remixers: []string{"Darren Price"}, IsRemix: true}, "", IssueLabelGuessed},
	}
	checkIssueCases(t, cases)

	// A record of fields, as a tool that recognises a mix's tracks saves
	// it: the fields say which part is the artist, in a list that would
	// otherwise read as title first; empty fields name a track not
	// recognised. tracklists/other/tracklist-session-shazam-python-dicts.txt
	records := []string{
		"{'title': 'In the Ghetto', 'artists': 'Andruss, Dmitri Saidi & DHAF'}",
		"{'title': '', 'artists': ''}",
		"{'title': \"Can't Stop\", 'artists': 'Jon Rundell'}",
		"{'title': 'Around the Mill', 'artists': 'Saliva Commandos'}",
		"{'title': 'Animalz', 'artists': 'S-Man'}",
		`{"title": "Deep Inside", "artist": "Hardrive", "label": "Strictly Rhythm"}`,
	}
	got := AnalyzeLines(records, nil)
	checkTrack(t, records[0], got[0].Track, want{Artists: []string{"Andruss", "Dmitri Saidi", "DHAF"}, Title: "In the Ghetto"})
	if got[1].Status != StatusUnidentified {
		t.Errorf("%s: %s, want unidentified", records[1], got[1].Status)
	}
	checkTrack(t, records[2], got[2].Track, want{Artists: []string{"Jon Rundell"}, Title: "Can't Stop"})
	checkTrack(t, records[3], got[3].Track, want{Artists: []string{"Saliva Commandos"}, Title: "Around the Mill"})
	checkTrack(t, records[5], got[5].Track, want{Artists: []string{"Hardrive"}, Title: "Deep Inside", Label: "Strictly Rhythm"})
	if a := Analyze("{not a record}", Hints{}); a.Status == StatusValid {
		t.Errorf("{not a record}: valid")
	}
}

func TestLineListsRound20n(t *testing.T) {
	cases := []listCase{
		{"remixes credited after the right side say artist first, known artists there the reverse: a guess",
			"tracklists/blog/los40-dance-mejores-remixes-2020-01.txt",
			[]string{"1. I Follow Rivers - Lykke Li (The Magician Remix)", "2. Waves - Mr Probz (Robin Schulz Remix)",
				"3. This Girl - Cookin' on 3 Burners (Kungs Remix)", "4. Catch and Release - Matt Simons (Deepend Remix)",
				"5. Cheerleader - OMI (Felix Jaehn Remix)"}, 4,
			want{Artists: []string{"Cheerleader"}, Title: "OMI", Remixers: []string{"Felix Jaehn"}, IsRemix: true}, IssueOrderGuessed},
		{"a catalogue number after the title, no brackets: letters and a number padded with zeros are a label's number, not its name",
			"tracklists/mixesdb/2005-10-pacou-luke-slater-works-mix.txt",
			[]string{"PAS - Long Lost PF 079", "Slam - Positive Education (Morganistic Mix#2) Soma 030", "PAS - Booster PF 029",
				"Morganistic - it makes it Input Neuron LP 1 B1", "PAS - Groove 4 Thought PFG 008 LP", "PAS - Voodoo PF 078"}, 2,
			want{Artists: []string{"PAS"}, Title: "Booster", Catalog: "PF 029"}, IssueLabelGuessed},
		{"[Label - words]: the record's title after the label's dash when it is many words, not a catalogue number",
			"tracklists/mixesdb/1995-01-15-dj-ron-essential-mix.txt",
			[]string{"# Skool Of Hard Knocks - The Bommer [Sonic]", "# The Dreamteam - Sweetie [Joker]",
				"# Dillinja - Follow Me [Kickin - Hard Leaders presents Jungle Dub 3 LP]", "# Da Maytrix - Let Me Know [Kute Kutz]"}, 2,
			want{Artists: []string{"Dillinja"}, Title: "Follow Me", Label: "Kickin"}, ""},
		{"hours and minutes written with a dot, rising down the list: the time a track starts",
			"tracklists/other/mr-scruff-setlist-hours-minutes-caps.txt",
			[]string{"0.00 TRIO MOCOTO 'NAO ADIANTA' ", "0.04 JOHNNY PATE 'EL JARDIA' ", "0.07 GEORGE BENSON 'COME TOGETHER' ",
				"1.38 FLOATING POINTS 'LOVE ME LIKE THIS' ", "2.57 BONOBO 'CIRRUS' "}, 3,
			want{Cue: "1.38", Artists: []string{"FLOATING POINTS"}, Title: "LOVE ME LIKE THIS"}, ""},
		{"a dash typed close before each line's artist: a bullet",
			"tracklists/other/equinoxe-namur-ma-musique-chante-en-francais-semaine-43.txt",
			[]string{"-Jacques Brel: La chanson de Jacky", "-Edith Piaf: Milord", "-Francis Cabrel: In Extrémis", "-Mika: Elle me dit"}, 3,
			want{Artists: []string{"Mika"}, Title: "Elle me dit"}, ""},
	}
	checkListCases(t, cases)
	// Positions are not times: "1." counts, and "1.5" is no minute.
	if a := AnalyzeLines([]string{"1. Aphex Twin - Xtal", "2. Orbital - Halcyon", "3. Leftfield - Song Of Life", "4. Underworld - Rez"}, nil)[1]; a.Track.Cue != "" {
		t.Errorf("a position read as a time: %q", a.Track.Cue)
	}
}

// A name cut where no name is cut says the line was split wrong, whatever
// rule split it: the parse is doubted. tracklists/blog/moreblaze-music-for-mark.txt
// (round 20n2); the others are what earlier rounds' first parses made of
// their lines (round20h, round20b, round20k).
func TestMisshapenNamesDoubted(t *testing.T) {
	for _, name := range []string{"Janis Joplin-", "-Jacques Brel", "ft. Kelly Rowland", "Jigg f. Rick James", "11'. Bob Sinclar", "? Piano", "Artist:"} {
		if !cutName(name) {
			t.Errorf("cutName(%q) = false", name)
		}
	}
	for _, name := range []string{"Allesandro F.", "Jay-Z", "808 State", "2 Unlimited", "Booker T. & The MG's", "The Dead 60's", "A-ha", "!!!"} {
		if cutName(name) {
			t.Errorf("cutName(%q) = true", name)
		}
	}
	for _, title := range []string{"– Title", ": Title", "-Title"} {
		if !misshapen(&Track{Artists: []string{"Artist"}, Title: title}) {
			t.Errorf("title %q not doubted", title)
		}
	}
	if misshapen(&Track{Artists: []string{"Artist"}, Title: "'Round Midnight"}) {
		t.Error("'Round Midnight doubted")
	}
	if a := Analyze(`9. "Dilemma" ft. Kelly Rowland`, Hints{}); a.Status == StatusValid {
		t.Errorf(`"Dilemma" ft. Kelly Rowland: valid, want a doubt`)
	}
}
