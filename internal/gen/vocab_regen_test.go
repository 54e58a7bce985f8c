//go:build regenerate

package gen

// This file documents, and can redo, how the embedded vocabulary in vocab/
// was derived. It is built only with the regenerate tag: normal test runs
// check the committed files and never read the reference data, which a
// clone of the repository does not have.
//
// To regenerate (by hand, with the reference data next to the repository):
//
//	go test -tags regenerate ./internal/gen/ -run TestVocabRegenerate [-fixtures DIR]
//
// go test runs in internal/gen, so a relative -fixtures is relative to it;
// the default, ../../../shared/fixtures/songnodes, is the reference data of
// a checkout that sits next to shared/. The output is deterministic: a
// regeneration from the same data rewrites the same bytes.
//
// Sources (read only, never copied):
//   - target_tracks_master.json (278 tracks) and target_tracks_for_scraping.json
//     (145 tracks with labels and featured artists) -> vocab/tracks.tsv
//   - mixesdb_failed_urls.csv (1,137 MixesDB page URLs; the page title is the
//     path after /w/, '_' -> ' ', percent-decoded) -> vocab/djs.txt,
//     vocab/venues.tsv, vocab/events.tsv
//
// Hand-added, marked as such below: a few real tracks for genres the
// reference lists lack (drum & bass, techno) and names with non-ASCII
// letters (Röyksopp, Âme), and the catalog prefixes of vocab/labels.tsv
// (the reference data has labels but no catalog numbers; the prefixes are
// invented in the usual style, e.g. DC for Drumcode).

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var fixturesDir = flag.String("fixtures", "../../../shared/fixtures/songnodes", "directory of the SongNodes reference data")

func TestVocabRegenerate(t *testing.T) {
	files := map[string]string{
		"tracks.tsv": deriveTracks(t, *fixturesDir),
		"labels.tsv": deriveLabels(),
	}
	djs, venues, events := deriveTitles(t, *fixturesDir)
	files["djs.txt"], files["venues.tsv"], files["events.tsv"] = djs, venues, events
	for name, body := range files {
		if err := os.WriteFile(filepath.Join("vocab", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote vocab/%s (%d lines)", name, strings.Count(body, "\n"))
	}
}

// ---- tracks ----

type refTrack struct {
	Title           string   `json:"title"`
	Artists         []string `json:"artists"`
	PrimaryArtist   string   `json:"primary_artist"`
	Genre           *string  `json:"genre"`
	Label           *string  `json:"label"`
	FeaturedArtists []string `json:"featured_artists"`
}

// notArtists are names the reference lists file as artists that are not.
var notArtists = map[string]bool{"Phantom Records": true}

// extraTracks are hand-added real tracks: drum & bass and techno, which the
// reference lists barely cover, and names with non-ASCII letters.
// Columns as in tracks.tsv.
var extraTracks = [][6]string{
	{"Röyksopp", "", "Eple", "", "Electronic", "Wall Of Sound"},
	{"Âme", "", "Rej", "", "Deep House", "Sonar Kollektiv"},
	{"Adam Beyer|Bart Skils", "", "Your Mind", "", "Techno", "Drumcode"},
	{"Enrico Sangiuliano", "", "Symbiosis", "", "Techno", "Drumcode"},
	{"Charlotte de Witte", "", "Doppler", "", "Techno", "KNTXT"},
	{"Stephan Bodzin", "", "Singularity", "", "Melodic Techno", "Herzblut"},
	{"Boris Brejcha", "", "Purple Noise", "", "Techno", "Fckng Serious"},
	{"Kölsch", "", "Loreley", "", "Melodic Techno", "Kompakt"},
	{"Pendulum", "", "Tarantula", "", "Drum & Bass", "Breakbeat Kaos"},
	{"Sub Focus", "", "Rock It", "", "Drum & Bass", "RAM Records"},
	{"Netsky", "", "Memory Lane", "", "Drum & Bass", "Hospital Records"},
	{"High Contrast", "", "If We Ever", "", "Drum & Bass", "Hospital Records"},
	{"Andy C", "Fiora", "Heartbeat Loud", "", "Drum & Bass", "RAM Records"},
	{"Chase & Status", "", "Blind Faith", "", "Drum & Bass", ""},
	{"Camo & Krooked", "", "Climax", "", "Drum & Bass", "Hospital Records"},
}

var (
	reFeatParen  = regexp.MustCompile(`^(.*\S)\s+\((?:feat\.|ft\.|featuring|with)\s+([^()]+)\)$`)
	reRemixParen = regexp.MustCompile(`^(.*\S)\s+\(([^()]+?)\s+Remix\)$`)
	reRemixDash  = regexp.MustCompile(`^(.*\S)\s+-\s+(.+?)\s+Remix$`)
	reEditDash   = regexp.MustCompile(`^(.*\S)\s+-\s+Edit$`)
	reFeatBare   = regexp.MustCompile(`^(.*\S)\s+featuring\s+(.+)$`)
)

func splitCredit(s string) []string {
	var out []string
	for _, p := range regexp.MustCompile(`\s*(?:,|&| and )\s*`).Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// titleCase upper-cases the first letter of each word ("billie eilish").
func titleCase(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		r, n := utf8.DecodeRuneInString(w)
		ws[i] = strings.ToUpper(string(r)) + w[n:]
	}
	return strings.Join(ws, " ")
}

func deriveTracks(t *testing.T, dir string) string {
	var master, scraping struct {
		ScraperTargets struct {
			AllTracks      []refTrack `json:"all_tracks"`
			PriorityTracks []refTrack `json:"priority_tracks"`
		} `json:"scraper_targets"`
	}
	readJSON(t, filepath.Join(dir, "target_tracks_master.json"), &master)
	readJSON(t, filepath.Join(dir, "target_tracks_for_scraping.json"), &scraping)
	key := func(a, title string) string { return strings.ToLower(a) + "\x00" + strings.ToLower(title) }
	extra := map[string]refTrack{}
	for _, r := range scraping.ScraperTargets.PriorityTracks {
		extra[key(r.PrimaryArtist, r.Title)] = r
	}
	genreOf := map[string]map[string]int{} // artist -> genre -> count
	for _, r := range master.ScraperTargets.AllTracks {
		if r.Genre != nil {
			if genreOf[r.PrimaryArtist] == nil {
				genreOf[r.PrimaryArtist] = map[string]int{}
			}
			genreOf[r.PrimaryArtist][*r.Genre]++
		}
	}

	var b strings.Builder
	b.WriteString("# artists\tfeatured\ttitle\tremixer\tgenre\tlabel\n")
	b.WriteString("# Derived from target_tracks_master.json and target_tracks_for_scraping.json (see vocab_regen_test.go);\n")
	b.WriteString("# multiple names are separated by '|'. Order = popularity rank for the Zipf draw.\n")
	seen := map[string]bool{}
	skipped := 0
	emit := func(artists, featured []string, title, remixer, genre, label string) {
		k := strings.ToLower(strings.Join(artists, "|") + "\x00" + title + "\x00" + remixer)
		if seen[k] {
			return
		}
		seen[k] = true
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\n", strings.Join(artists, "|"), strings.Join(featured, "|"), title, remixer, genre, label)
	}
	for _, r := range master.ScraperTargets.AllTracks {
		all := strings.Join(append(slices.Clone(r.Artists), r.Title), "\x00")
		if strings.Contains(all, "...") || strings.Contains(all, "…") {
			skipped++ // truncated in the reference data
			continue
		}
		title := r.Title
		var featured []string
		remixer := ""
		for changed := true; changed; {
			changed = false
			if m := reFeatParen.FindStringSubmatch(title); m != nil {
				title, featured, changed = m[1], append(featured, splitCredit(m[2])...), true
			} else if m := reRemixParen.FindStringSubmatch(title); m != nil && remixer == "" {
				title, remixer, changed = m[1], m[2], true
			} else if m := reRemixDash.FindStringSubmatch(title); m != nil && remixer == "" {
				title, remixer, changed = m[1], m[2], true
			} else if m := reEditDash.FindStringSubmatch(title); m != nil {
				title, changed = m[1], true
			} else if m := reFeatBare.FindStringSubmatch(title); m != nil {
				title, featured, changed = m[1], append(featured, titleCase(m[2])), true
			}
		}
		// A title still holding " - " (e.g. "Pool - Gravagerz Version") or a
		// remix without a remixer ("Asereje (Remix)") has no clean reading.
		if strings.Contains(title, " - ") || strings.HasSuffix(title, "(Remix)") {
			skipped++
			continue
		}
		x, hasExtra := extra[key(r.PrimaryArtist, r.Title)]
		isFeat := map[string]bool{}
		for _, f := range featured {
			isFeat[strings.ToLower(f)] = true
		}
		if hasExtra && len(r.Artists) == 2 {
			for _, f := range x.FeaturedArtists {
				isFeat[strings.ToLower(f)] = true
				if !slices.Contains(featured, f) {
					featured = append(featured, f)
				}
			}
		}
		var artists []string
		for _, a := range r.Artists {
			for _, a := range strings.Split(a, " vs ") {
				a = strings.TrimSpace(a)
				if a == "" || notArtists[a] || isFeat[strings.ToLower(a)] || strings.EqualFold(a, remixer) {
					continue
				}
				if !slices.Contains(artists, a) {
					artists = append(artists, a)
				}
			}
		}
		if len(artists) == 0 {
			skipped++
			continue
		}
		genre := ""
		if r.Genre != nil {
			genre = *r.Genre
		} else if hasExtra && x.Genre != nil {
			genre = *x.Genre
		} else {
			best := 0
			for g, n := range genreOf[r.PrimaryArtist] {
				if n > best || (n == best && g < genre) {
					genre, best = g, n
				}
			}
		}
		label := ""
		if hasExtra && x.Label != nil {
			label = *x.Label
		}
		emit(artists, featured, title, remixer, genre, label)
	}
	b.WriteString("# hand-added (vocab_regen_test.go extraTracks)\n")
	for _, x := range extraTracks {
		var feat []string
		if x[1] != "" {
			feat = strings.Split(x[1], "|")
		}
		emit(strings.Split(x[0], "|"), feat, x[2], x[3], x[4], x[5])
	}
	t.Logf("tracks: skipped %d reference tracks with truncated or ambiguous credits", skipped)
	return b.String()
}

// ---- labels ----

// labelPrefixes maps each label to a catalog prefix and the genre family it
// is drawn for when a track has no label. The labels of the first block
// come from target_tracks_for_scraping.json; the second block is
// hand-added. All prefixes are invented in the usual style.
var labelPrefixes = [][3]string{
	{"Virgin Records", "VIR", "edm"},
	{"Spinnin' Records", "SP", "edm"},
	{"OWSLA", "OWS", "bass"},
	{"Afterlife Recordings", "AL", "techno"},
	{"STMPD RCRDS", "STMPD", "edm"},
	{"Black Hole Recordings", "BHR", "edm"},
	{"Ultra Records", "UL", "edm"},
	{"Columbia Records", "COL", "house"},
	{"Atlantic Records", "ATL", "house"},
	{"Ministry of Sound", "MOS", "house"},
	{"Pryda Recordings", "PRY", "edm"},
	{"XL Recordings", "XLS", "house"},
	{"Catch & Release", "CR", "house"},
	{"Black Book Records", "BBR", "house"},
	// hand-added
	{"Drumcode", "DC", "techno"},
	{"KNTXT", "KNTXT", "techno"},
	{"Kompakt", "KOM", "techno"},
	{"Herzblut", "HB", "techno"},
	{"Fckng Serious", "FS", "techno"},
	{"Sonar Kollektiv", "SK", "house"},
	{"Wall Of Sound", "WALL", "house"},
	{"Defected", "DFTD", "house"},
	{"Toolroom", "TOOL", "house"},
	{"Dirtybird", "DB", "house"},
	{"Armada Music", "ARMA", "edm"},
	{"Anjunabeats", "ANJ", "edm"},
	{"Hospital Records", "NHS", "bass"},
	{"RAM Records", "RAMM", "bass"},
	{"Breakbeat Kaos", "BBK", "bass"},
}

func deriveLabels() string {
	var b strings.Builder
	b.WriteString("# label\tcatalog prefix\tgenre family (house, techno, edm, bass)\n")
	b.WriteString("# Labels from target_tracks_for_scraping.json plus hand-added ones; prefixes are invented (see vocab_regen_test.go).\n")
	for _, l := range labelPrefixes {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", l[0], l[1], l[2])
	}
	return b.String()
}

// ---- DJs, venues, events from MixesDB page titles ----

var (
	reTitleDate  = regexp.MustCompile(`^(\d{4})(?:-[\dX]{2}){0,2} - (.+)$`)
	reParens     = regexp.MustCompile(`\s*\([^()]*\)`)
	reEpisode    = regexp.MustCompile(`\s+(?:(?:Episode|Ep\.?|EP|Part|Vol\.?|#)\s*)?\d+$`)
	reRadioN     = regexp.MustCompile(`\bRadio \d+$`)
	reDJSplit    = regexp.MustCompile(`\s*(?:,| b2b | B2B | vs\.? )\s*`)
	reDigitsOnly = regexp.MustCompile(`^[\d\s.-]*$`)
)

// notDJs are placeholders and places that the title grammar takes for DJs.
var notDJs = map[string]bool{"VA": true, "Various Artists": true, "Unknown": true, "Unknown Artist": true, "Ibiza": true}

func deriveTitles(t *testing.T, dir string) (djs, venues, events string) {
	f, err := os.Open(filepath.Join(dir, "mixesdb_failed_urls.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(bufio.NewReader(f)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	djCount := map[string]int{}
	type venue struct{ name, city string }
	venueCount := map[venue]int{}
	type event struct {
		name     string
		numbered bool
	}
	eventCount := map[string]int{}
	eventNumbered := map[string]bool{}
	for _, rec := range recs[1:] {
		raw := rec[0]
		i := strings.Index(raw, "/w/")
		if i < 0 {
			continue
		}
		title, err := url.PathUnescape(raw[i+3:])
		if err != nil {
			continue
		}
		title = strings.ReplaceAll(title, "_", " ")
		m := reTitleDate.FindStringSubmatch(title)
		if m == nil {
			continue
		}
		rest := m[2]
		at := strings.Index(rest, " @ ")
		dash := strings.Index(rest, " - ")
		var djPart string
		switch {
		case at >= 0 && (dash < 0 || at < dash):
			djPart = rest[:at]
			v := reParens.ReplaceAllString(rest[at+3:], "")
			if !strings.Contains(v, " - ") && !strings.Contains(v, "@") {
				parts := strings.Split(v, ", ")
				vn := venue{name: strings.TrimSpace(strings.Join(parts[:max(1, len(parts)-1)], ", "))}
				if len(parts) > 1 {
					vn.city = strings.TrimSpace(parts[len(parts)-1])
				}
				if vn.name != "" {
					venueCount[vn]++
				}
			}
		case dash >= 0:
			djPart = rest[:dash]
			e := strings.TrimSpace(reParens.ReplaceAllString(rest[dash+3:], ""))
			numbered := false
			for !reRadioN.MatchString(e) { // "BBC Radio 1" is a name, not episode 1
				s := reEpisode.ReplaceAllString(e, "")
				if s == e {
					break
				}
				e, numbered = strings.TrimSpace(s), true
			}
			if e != "" && !strings.Contains(e, " - ") && !strings.Contains(e, "@") && !reDigitsOnly.MatchString(e) {
				eventCount[e]++
				eventNumbered[e] = eventNumbered[e] || numbered
			}
		default:
			continue
		}
		for _, d := range reDJSplit.Split(reParens.ReplaceAllString(djPart, ""), -1) {
			d = strings.TrimSpace(d)
			if d == "" || notDJs[d] || strings.Contains(d, " - ") {
				continue
			}
			djCount[d]++
		}
	}
	byCount := func(m map[string]int) []string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int {
			return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b))
		})
		return keys
	}

	var db strings.Builder
	db.WriteString("# DJ names from MixesDB page titles (mixesdb_failed_urls.csv), most sets first; see vocab_regen_test.go\n")
	for _, d := range byCount(djCount) {
		db.WriteString(d + "\n")
	}

	var vb strings.Builder
	vb.WriteString("# venue\tcity, from the '@ Venue, City' part of MixesDB page titles; see vocab_regen_test.go\n")
	vkeys := make([]venue, 0, len(venueCount))
	for v := range venueCount {
		vkeys = append(vkeys, v)
	}
	slices.SortFunc(vkeys, func(a, b venue) int {
		return cmp.Or(cmp.Compare(venueCount[b], venueCount[a]), cmp.Compare(a.name, b.name), cmp.Compare(a.city, b.city))
	})
	for _, v := range vkeys {
		fmt.Fprintf(&vb, "%s\t%s\n", v.name, v.city)
	}

	var eb strings.Builder
	eb.WriteString("# event or show\tnumbered (1: titles carry an episode number), from the ' - Event' part of MixesDB page titles; see vocab_regen_test.go\n")
	for _, e := range byCount(eventCount) {
		n := "0"
		if eventNumbered[e] {
			n = "1"
		}
		fmt.Fprintf(&eb, "%s\t%s\n", e, n)
	}
	return db.String(), vb.String(), eb.String()
}

func readJSON(t *testing.T, path string, v any) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (the reference data is only needed with -regenerate)", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
