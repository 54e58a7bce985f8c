package tracklist

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Acts of acts.txt, each billed as one act by an outside source (its
// header names them), stay whole in track credits and in titles; the
// lines are real (testdata/real).
func TestActsFromReferenceData(t *testing.T) {
	cases := []struct {
		credit  string
		artists []string
	}{
		// Resident Advisor artist profiles.
		{"Calyx & TeeBee", []string{"Calyx & TeeBee"}},
		{"Amine Edge & DANCE", []string{"Amine Edge & DANCE"}},
		// DJ Mag's Top 100.
		{"Sunnery James & Ryan Marciano & Steve Aoki", []string{"Sunnery James & Ryan Marciano", "Steve Aoki"}},
		{"Parks and Wilson", []string{"Parks and Wilson"}},
		// Resident Advisor events' artist lists.
		{"Nukov & Yelmet", []string{"Nukov & Yelmet"}},
		{"Hanne & Lore", []string{"Hanne & Lore"}},
		// Spotify profiles, of up to four parts.
		{"Crosby, Stills, Nash & Young", []string{"Crosby, Stills, Nash & Young"}},
		// Resident Advisor profiles of London line-ups, 2014-2019.
		{"Kayne & Sanchez", []string{"Kayne & Sanchez"}},
		{"Silas & Snare & Noisia", []string{"Silas & Snare", "Noisia"}},
		// MusicOSet profiles typed band, duo or DJ.
		{"Godley & Creme", []string{"Godley & Creme"}},
		{"C & C Music Factory", []string{"C & C Music Factory"}},
		// Wikidata's musical groups.
		{"Oxide & Neutrino", []string{"Oxide & Neutrino"}},
		{"Shanks & Bigfoot & Artful Dodger", []string{"Shanks & Bigfoot", "Artful Dodger"}},
		// Spotify profiles of a festival's tracks.
		{"Jkyl & Hyde", []string{"Jkyl & Hyde"}},
		// A table of artists' projects.
		{"Noisia & Ed Rush & Optical", []string{"Noisia", "Ed Rush & Optical"}},
		{"Fabio & Grooverider", []string{"Fabio & Grooverider"}},
		// A name of letters beyond ASCII is matched as the list writes it.
		{"Peter, Björn & John", []string{"Peter, Björn & John"}},
		{"PETER, BJÖRN AND JOHN", []string{"PETER, BJÖRN AND JOHN"}},
		// "e" is "and" (Portuguese): next to a name of more words, two
		// names ("1. O Baile Betinha – Eddie e Erasto Vasconcelos").
		{"Eddie e Erasto Vasconcelos", []string{"Eddie", "Erasto Vasconcelos"}},
		// Acts named with "x" or "vs" (RA and Spotify profiles).
		{"GD X TAEYANG", []string{"GD X TAEYANG"}},
		{"Gina X Performance", []string{"Gina X Performance"}},
		{"Cesare vs Disorder", []string{"Cesare vs Disorder"}},
		{"DE vs. Troit & Noisia", []string{"DE vs. Troit", "Noisia"}},
		// Not an act: two names.
		{"Calyx & Noisia", []string{"Calyx", "Noisia"}},
		{"Calyx x Noisia", []string{"Calyx", "Noisia"}},
	}
	for _, c := range cases {
		if got, _ := SplitArtists(c.credit); !reflect.DeepEqual(got, c.artists) {
			t.Errorf("SplitArtists(%q) = %q, want %q", c.credit, got, c.artists)
		}
	}
	lines := []struct {
		line              string
		artists, featured []string
	}{
		{"6. »Elevate This Sound« – Calyx & TeeBee", []string{"Calyx & TeeBee"}, nil},
		{"Amine Edge & DANCE - Going To Heaven With The Goodie-Goodies", []string{"Amine Edge & DANCE"}, nil},
		{"Puppet Theatre (feat. Peter, Björn & John) Claptone", []string{"Claptone"}, []string{"Peter, Björn & John"}},
		// An act named with "vs" is no mashup: the title is the title.
		{"Cesare vs Disorder - Rappi", []string{"Cesare vs Disorder"}, nil},
		{"Hanne & Lore – Lake people", []string{"Hanne & Lore"}, nil},
		// A MusicOSet band (tracklists/mixesdb/2016-08-18-kerri-chandler-b2b-jeremy-underground-ray-ban-x-b.txt).
		{"22. [079:12] John Davis & The Monster Orchestra - Bourgie, Bourgie (Dance Ritual Dub) [Nurvous - NUR23956]", []string{"John Davis & The Monster Orchestra"}, nil},
		// A Wikidata group (tracklists/other/piradio-boulevard-radio-mixtape-42.txt).
		{"- Teenage Jesus & The Jerks: Red Alert", []string{"Teenage Jesus & The Jerks"}, nil},
	}
	for _, c := range lines {
		tr := AnalyzeLines([]string{c.line}, nil)[0]
		if !reflect.DeepEqual(tr.Artists, c.artists) || len(c.featured) > 0 && !reflect.DeepEqual(tr.Featured, c.featured) || tr.Title == "" || strings.Contains(tr.Title, " vs ") {
			t.Errorf("%q: artists %q featured %q, want %q %q", c.line, tr.Artists, tr.Featured, c.artists, c.featured)
		}
	}
	titles := []struct {
		title string
		djs   []string
	}{
		{"2010-08-01 - Fabio & Grooverider, Blame - Drum'N'Bass Show", []string{"Fabio & Grooverider", "Blame"}},
		{"2016-05-21 - Fred V & Grafix - Essential Mix", []string{"Fred V & Grafix"}},
		{"2008-04-26 - Jaymo & Andy George, Kissy Sell Out @ Moda, Lincoln - Essential Mix", []string{"Jaymo & Andy George", "Kissy Sell Out"}},
	}
	for _, c := range titles {
		if got := ParseTitle(c.title).DJs; !reflect.DeepEqual(got, c.djs) {
			t.Errorf("ParseTitle(%q).DJs = %q, want %q", c.title, got, c.djs)
		}
	}
}

// Rules of artist splitting read on real lines (testdata/real), with the
// doubt each marks.
func TestArtistSplitRules(t *testing.T) {
	cases := []struct {
		line              string
		artists, featured []string
		issue             string // an issue the line must carry, or ""
	}{
		// "w/" in a credit is "with": a guest, or a second record? Marked.
		{"[017] Rhythm & Sound w/ Savage - Smile [Rhythm & Sound - RS-04]", []string{"Rhythm & Sound"}, []string{"Savage"}, IssueSplitUnsure},
		{"13. Mike Keneally w/ Andy Partridge - You Kill Me", []string{"Mike Keneally"}, []string{"Andy Partridge"}, IssueSplitUnsure},
		// "and" between one-word names may be one act's ("Simon and
		// Garfunkel"); next to a name of more words it joins two, and
		// after a list's commas it ends the list. Each a guess.
		{"# [045] Joeski And Omar Alexander - Be There For Me [Maya]", []string{"Joeski", "Omar Alexander"}, nil, IssueSplitUnsure},
		{"THE FUNK HUNTERS,CMC AND SILENTA - TRIBUTE", []string{"THE FUNK HUNTERS", "CMC", "SILENTA"}, nil, IssueSplitUnsure},
		{"Simon and Garfunkel - The Boxer", []string{"Simon and Garfunkel"}, nil, ""},
		// "with" before a word in lower case goes on the name (a blog).
		{"Robots with rayguns feat. Carl Gershon – Need U tonight", []string{"Robots with rayguns"}, []string{"Carl Gershon"}, IssueSplitUnsure},
		{"Bias and Cole - Rampwidem", []string{"Bias and Cole"}, nil, IssueSplitUnsure},
	}
	for _, c := range cases {
		tr := AnalyzeLines([]string{c.line}, nil)[0]
		if !reflect.DeepEqual(tr.Artists, c.artists) || !reflect.DeepEqual(tr.Featured, orEmpty(c.featured)) {
			t.Errorf("%q: artists %q featured %q, want %q %q", c.line, tr.Artists, tr.Featured, c.artists, c.featured)
		}
		if c.issue != "" && !slices.Contains(tr.Issues, c.issue) {
			t.Errorf("%q: issues %q, want %s", c.line, tr.Issues, c.issue)
		}
	}
}

// djs.txt holds DJs known by one word, as its header says: a word of the
// language among them only with more than one line-up's say, no first
// name, nor a name another goes on from.
func TestKnownDJs(t *testing.T) {
	for _, w := range []string{"Function", "function", "Deetron", "Leftfield", "Sneak"} {
		if !knownDJ(w) {
			t.Errorf("knownDJ(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"Eugenio", "Marcel", "UNKLE", "Sunday", "TBA", "Function Mix", ""} {
		if knownDJ(w) {
			t.Errorf("knownDJ(%q) = true, want false", w)
		}
	}
}
