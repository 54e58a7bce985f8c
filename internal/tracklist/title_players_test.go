package tracklist

import (
	"slices"
	"testing"
)

// TestParseTitlePlayers holds real titles of players, podcasts, radio
// archives and blogs (testdata/real/titles.jsonl; the page each came
// from is in its comment) that the rules of title_segments.go read.
func TestParseTitlePlayers(t *testing.T) {
	checkTitleDJs(t, []titleDJs{
		// A show's part, then its episode's own name in ordinary words:
		// no one (secondmelody.com, djcev.com, charliestella.blogspot.com,
		// diskowtf.blogspot.com).
		{"Mix 025 – Summer Official", "", []string{}},
		{"MTT 326 / Unexpected Results", "", []string{}},
		{"Mixtape #3: Hip-Hop Favorites", "", []string{}},
		{"Mix Week: Monday", "", []string{}},
		// One word is still a guest's name (secretthirteen.org; "Secret
		// Thirteen Mix 068 - She Past Away", a band named in ordinary
		// words, is lost to the rule).
		{"Secret Thirteen Mix 138 - Psyche", "", []string{"Psyche"}},
		{"Secret Thirteen Mix 173 - Sixth June", "", []string{"Sixth June"}},
		// Mixcloud's "Uploader: Mix": the uploader plays; an artist whose
		// records a megamix or "best of" gathers is its subject, and a
		// mix's name in ordinary words is no one (Noah-Jaffe/Mixcloud_player
		// @0130af0615c404328fd9159ff5e04f45fc4b8c2e songs.js).
		{"Frankie 3000: Ariana Grande - Megamix 2019", "2019", []string{"Frankie 3000"}},
		{"Frankie 3000: Basement Jaxx - Back To The Past Redrum mix", "", []string{"Frankie 3000"}},
		{"Scotty Fox: Occupational Therapy", "", []string{"Scotty Fox"}},
		// Not when a name the list knows comes after: the series, its
		// volume, who mixed it (a compilation's title as released, 2007).
		{"Renaissance: The Masters Series Part 9 - Hernan Cattaneo", "", []string{"Hernan Cattaneo"}},
		// A show's word before the colon: who plays follows.
		{"In The Mix: Ben Diggins", "", []string{"Ben Diggins"}},
		// A given name and a surname no list of artists knows make a
		// person, who plays (givennames.txt): before a show's words (a
		// podcast feed, korowiow80/PodSearch_Content@ccae58e5f71e5c61162c0369c787c97e52579456
		// 2-Feeds/ma/maxsanna.podbean.com/feed; mickchillagemusic.blogspot.com),
		// beside a mix's name (2-Feeds/fe/feeds2.feedburner.com/fuelcast),
		// alone (timparker/Youll-Soon-Know@022489c1b9a2b4f831d760fd3fac0385f47194cd
		// app/routes/shows.js).
		{"Max Sanna Sessions - May 2012", "2012-05", []string{"Max Sanna"}},
		{"Mick Chillage Old School classics megamix", "", []string{"Mick Chillage"}},
		{"Flavours - Andre Solaris", "", []string{"Andre Solaris"}},
		{"Joe Shakespeare", "", []string{"Joe Shakespeare"}},
		// A show named by its host's name: the host plays with the guest
		// (orbitIII/orbit-ii-archive@6d45bd4046b8ee5b67225c69dcb97742da0f45e2
		// berghain_2024_2026_top50_artist_sets_trackid.csv).
		{"Naomi Asa w/ Navy Blue 270426", "2026-04-27", []string{"Naomi Asa", "Navy Blue"}},
		// Not a month, an article, or a name the list knows, whose
		// records a mix plays (crackmagazine.net,
		// thedancepartychronicles.blogspot.com, soggydiscobiscuit.blogspot.com).
		{"Les Yeaux Orange 107", "", []string{}},
		{"Disco Tech - April Beatdown Mix", "", []string{"Disco Tech"}},
		{"Michael Jackson mixtape", "", []string{}},
		// Dates: an episode's number outside brackets is no day of the
		// month inside them (korowiow80/PodSearch_Content@ccae58e5f71e5c61162c0369c787c97e52579456
		// 2-Feeds/ho/housemusicpodcasts.co.uk/feed/podcast); eight digits
		// that no year starts are ddmmyyyy (ramblesonabit.blogspot.com).
		{"Klass – Podcast Episode 15 (June 2012)", "2012-06", []string{"Klass"}},
		{"SFR Soundsystem 25022012", "2012-02-25", nil},
		{"DISCO 3000: 20230914 (Audio)", "2023-09-14", nil},
		// A series in ordinary words and its volume: no one (a DJ's
		// podcast feed, korowiow80/PodSearch_Content@ccae58e5f71e5c61162c0369c787c97e52579456
		// 2-Feeds/et/ethijs.com/music/podcast.xml).
		{"Motion - Volume 9", "", []string{}},
		{"Deepness - Volume 5", "", []string{}},
		// A host the list knows, then the episode of the host's radio show
		// (Amelie Lens' SoundCloud show, as a public repository's Kodi
		// add-on log quotes its title); a show's name that starts with
		// an article is no host's name (orbitIII/orbit-ii-archive, in
		// titles.jsonl).
		{"Amelie Lens Radio Show 024", "", []string{"Amelie Lens"}},
		{"The Heavy Bubble Show 017 w/ Virginia Tzioti invites Alice Palace (16.04.25)", "2025-04-16", []string{"Virginia Tzioti", "Alice Palace"}},
		// An artist the list knows presents a show it does not know
		// (LABELLING.md: the host plays); a show of a label presents its
		// guest (chriwong/music README.md, YouTube titles).
		{"Nina Kraviz presents Galaxiid - Radio Show 01", "", []string{"Nina Kraviz"}},
		{"UKF On Air: Fred V presents 'Radiate'", "", []string{"Fred V"}},
		// "w_": a file name's "w/" (korowiow80/PodSearch_Content, in
		// titles.jsonl).
		{"Kayik Radio Episode 011 w_ DJ Joune", "", []string{"DJ Joune"}},
		// German blogs' headlines: who mixes comes before the verb; a mix
		// "vom Münchner 959er" is the Munich DJ's (trndmusik.de and the
		// same blog's titles in titles.jsonl).
		{"Philipp Fein und Max Schmitt mixen für Bespoke Musik", "", []string{"Philipp Fein", "Max Schmitt"}},
		{"Die letzten Sommer-Wochen in einem Mix – Piemont mixen den ersten Podcast von Moonless Air", "", []string{"Piemont"}},
		{"Ein neuer Mix vom Münchner 959er – „Soothing“", "", []string{"959er"}},
		{"Einer der seltenen Mixe vom Berliner coss", "", []string{"coss"}},
		// Names of one word the list knows, several joined, before a
		// note in brackets (orbitIII/orbit-ii-archive@6d45bd4046b8ee5b67225c69dcb97742da0f45e2
		// berghain_2024_2026_top50_artist_sets_trackid.csv).
		{"Solomun & Âme & Dixon (Dj Music Room 24:07:2018)", "2018-07-24", []string{"Solomun", "Âme", "Dixon"}},
		// "at" and an article: a description, no venue
		// (messcalledmusic.com).
		{"08 – Grooving At A High-Gloss Pool Party In 1998", "1998", []string{}},
		// Stations, shows and brands of shows.txt name no one
		// (a public radio's playlist page; news.traxsource.com).
		{"MPR: Radio Listening: The Current Playlist", "", []string{}},
		{"Traxsource Presents New Music Tuesday (April 15th, 2014)", "2014-04-15", []string{}},
		// A name that ends in a city's is a club's, a party's or a
		// series' (lovell/deephouse.uk@b9a09d4dca3f1a15302c971e4810bcff73d0cd29
		// mixes.json).
		{"Always Chicago - October 2020", "2020-10", []string{}},
		// A title that is ordinary words and a date names a show's or a
		// series' edition, not a DJ (a Worldwide FM archive at
		// mixes.vuiz.net; djtobias.com).
		{"The Root // 27-05-2025", "2025-05-27", []string{}},
		{"Liquid Fire (2012)", "2012", []string{}},
		// A guest after the place "live from" names is still a guest
		// (titles.jsonl).
		{"Live from Dalston Roofpark w/ They Call Me Raptor", "", []string{"They Call Me Raptor"}},
		// "featuring" names the guests as "feat." does; "DJ's" before them
		// is the plural (korowiow80/PodSearch_Content@ccae58e5f71e5c61162c0369c787c97e52579456,
		// in titles.jsonl).
		{"V49 Midnight Maraudaz Podcast The MLK Still Dreamin' Episode Special featuring DJ's Mr. Leonard and Jacob Terry", "", []string{"Mr. Leonard", "Jacob Terry"}},
	})
}

// TestParseTitleLiveFromPart: a part of its own that says "live from" a
// place names the venue (orbitIII/orbit-ii-archive@6d45bd4046b8ee5b67225c69dcb97742da0f45e2
// berghain_2024_2026_top50_artist_sets_trackid.csv).
func TestParseTitleLiveFromPart(t *testing.T) {
	for _, c := range []struct {
		in, venue string
		djs       []string
	}{
		{"Cormac | live from Way Out West Festival 2025", "Way Out West Festival", []string{"Cormac"}},
		{"Tasha B2B Victor: Live from Open Ground (Part 2) - 18 May 2026", "Open Ground (Part 2)", []string{"Tasha", "Victor"}},
		// French "au", "at the" (the shape of French clubs' titles).
		{"Laurent Garnier au Rex Club 2019", "Rex Club", []string{"Laurent Garnier"}},
	} {
		got := ParseTitle(c.in)
		if got.Venue != c.venue || !slices.Equal(got.DJs, c.djs) {
			t.Errorf("ParseTitle(%q) venue %q djs %q, want %q %q", c.in, got.Venue, got.DJs, c.venue, c.djs)
		}
	}
}
