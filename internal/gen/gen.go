package gen

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/songnodes/pipeline/internal/record"
)

// ParserVersion is the parser_version of every generated playlist.
const ParserVersion = "gen/1"

// DefaultNow is the scraped_at base when Config.Now is zero.
var DefaultNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// Config configures a Generator. The zero value (plus a Seed) is usable.
type Config struct {
	// Source is the source the playlists are posted for (the {source} of
	// /v1/sources/{source}/playlists), e.g. "mixesdb"; "" means "mixesdb".
	// It must satisfy record.ValidSource. "1001tracklists" gives
	// 1001Tracklists URLs, playlist IDs and line style; anything else gives
	// MixesDB URLs and line style, with one playlist in ten in the
	// 1001Tracklists line style (MixesDB pages often copy those).
	Source string
	// Seed makes the sequence: the same Config gives the same bytes.
	Seed uint64
	// BadRatio is the share of malformed playlists, 0..1. Each item is
	// malformed with this probability, independently.
	BadRatio float64
	// BadKinds are the kinds malformed items are drawn from, uniformly;
	// nil means all of BadKinds.
	BadKinds []BadKind
	// RescrapeRatio is the share of items, 0..1, that are a re-scrape of a
	// recent good playlist: same source_url and name, one track replaced,
	// a later scraped_at (see Rescrape). Re-scrapes are always good.
	RescrapeRatio float64
	// Now is the scraped_at base: item i is scraped at Now + i seconds
	// (truncated to milliseconds, in UTC). Zero means DefaultNow; set it
	// rather than time.Now() to keep the bytes deterministic.
	Now time.Time
}

// Generator makes playlists like a scraper. It is not safe for concurrent
// use; run one per goroutine (with different seeds) for parallel load.
type Generator struct {
	cfg      Config
	v        *vocabulary
	r        *rand.Rand
	tl       bool // the source is 1001tracklists
	now      time.Time
	first    time.Time // earliest played_on
	daySpan  int       // days from first to the day before now
	badKinds []BadKind
	idx      int

	zAll    *zipf
	zFamily [numFamilies]*zipf
	zDJ     *zipf
	zEvent  *zipf

	urls   map[uint64]struct{} // hashes of the source URLs handed out
	tlSeq  uint64
	tlSalt uint64

	recent  []Item // good items that Next may re-scrape
	recentN int

	// scratch, reused across calls
	buf   []byte
	jbuf  []byte
	plans []trackPlan
	used  []int
}

// Item is one generated playlist.
type Item struct {
	// Index is the item's place in the generator's sequence, from 0.
	Index int
	// Playlist is the playlist exactly as ingest should decode JSON: for a
	// good item, what ingest must accept and store. For a bad item whose
	// fault is one (*record.ScrapedPlaylist).Validate reports (see
	// BadKind.Validates), the decoded but invalid playlist; nil for faults
	// ingest finds while decoding.
	Playlist *record.ScrapedPlaylist
	// JSON is one NDJSON line (no newline) as a scraper would POST it; for
	// a bad item, the bad bytes. It never contains '\n'.
	JSON []byte
	// Bad is the fault of a malformed item, "" for a good one.
	Bad BadKind
	// BadField is a string ingest's error message contains for this item:
	// the field it names ("source_url", "tracks[4].position", the unknown
	// field's name...), or "" when the
	// message names a byte offset instead (json_syntax, invalid_utf8).
	BadField string
	// Tracks says what was injected on each track line, in order (good
	// items only).
	Tracks []TrackTruth
	// RescrapeOf is the Index of the item this one re-scrapes, or -1.
	RescrapeOf int

	st *style // how it was rendered, for Rescrape
}

// Good reports whether the item is a valid playlist.
func (it *Item) Good() bool { return it.Bad == "" }

// What TrackTruth.Expect may say. They are the statuses of
// tracklist.Analyze(raw_line, hints) for the line.
const (
	ExpectValid        = "valid"
	ExpectWarning      = "warning"
	ExpectUnidentified = "unidentified"
	ExpectFailed       = "failed"
	ExpectNotTrack     = "not_track"
)

// TrackTruth is what the generator put on one track line.
type TrackTruth struct {
	Position int
	Line     string // the raw_line
	// Expect is the verdict a correct parser gives the line with its hints:
	// ExpectValid, ExpectWarning, ExpectUnidentified, ExpectFailed or
	// ExpectNotTrack.
	Expect string
	// Issue is the injected problem, an issue code of tracklist.Analyze:
	// "bpm_out_of_range" or "key_unparsed" (warning), "artist_unidentified"
	// or "title_unidentified" (unidentified), "unparseable" (failed); ""
	// for a valid line.
	Issue string
	// Artist and Title are the truth behind the line: the first primary
	// artist and the title without version, remix or featuring suffixes.
	// Both are set for valid and warning lines; an "Artist - ID" line has
	// only Artist; other lines have neither.
	Artist, Title string
	// Remixer is the remixer (or editor) of the recording, "" if none. It
	// is part of the recording's identity; the version ("Extended Mix")
	// is not.
	Remixer string
	// Track is the recording's index in the vocabulary (its popularity
	// rank for the Zipf draw), or -1 when the line names no recording.
	// Two lines with the same Track and Remixer are the same recording.
	Track int
}

// New returns a generator for cfg. It panics if cfg.Source is not a valid
// source name (check with record.ValidSource), BadRatio or RescrapeRatio
// is outside 0..1, or BadKinds names an unknown kind.
func New(cfg Config) *Generator {
	cfg.Source = cmp.Or(cfg.Source, "mixesdb")
	if !record.ValidSource(cfg.Source) {
		panic(fmt.Sprintf("gen: source %q: want lowercase letters, digits, '_' or '-'", cfg.Source))
	}
	if !(cfg.BadRatio >= 0 && cfg.BadRatio <= 1) || !(cfg.RescrapeRatio >= 0 && cfg.RescrapeRatio <= 1) {
		panic(fmt.Sprintf("gen: BadRatio %v and RescrapeRatio %v must be within 0..1", cfg.BadRatio, cfg.RescrapeRatio))
	}
	kinds := cfg.BadKinds
	if len(kinds) == 0 {
		kinds = BadKinds
	}
	for _, k := range kinds {
		if !k.known() {
			panic(fmt.Sprintf("gen: unknown BadKind %q", k))
		}
	}
	now := cfg.Now
	if now.IsZero() {
		now = DefaultNow
	}
	now = now.UTC().Truncate(time.Millisecond)
	v := loadVocab()
	g := &Generator{
		cfg:      cfg,
		v:        v,
		r:        rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5eed_50c0_de5a_11ad)),
		tl:       cfg.Source == "1001tracklists",
		now:      now,
		first:    time.Date(1998, 1, 1, 0, 0, 0, 0, time.UTC),
		badKinds: kinds,
		zAll:     newZipf(len(v.tracks), zipfS),
		zDJ:      newZipf(len(v.djs), 0.8),
		zEvent:   newZipf(len(v.events), 0.8),
		urls:     make(map[uint64]struct{}),
		tlSalt:   hash64(fmt.Sprint(cfg.Seed), "1001"),
		recent:   make([]Item, 0, recentSize),
	}
	for f := range numFamilies {
		g.zFamily[f] = newZipf(len(v.byFamily[f]), zipfS)
	}
	g.daySpan = int(now.Sub(g.first).Hours()/24) - 1
	if g.daySpan < 365 {
		g.daySpan = 365
	}
	return g
}

const (
	// zipfS is the Zipf exponent of track popularity.
	zipfS = 1.1
	// recentSize bounds the good items Next may re-scrape.
	recentSize = 256
)

// Next returns the next item of the sequence.
func (g *Generator) Next() Item {
	idx := g.idx
	g.idx++
	if g.cfg.RescrapeRatio > 0 && g.recentN > 0 && g.r.Float64() < g.cfg.RescrapeRatio {
		j := g.r.IntN(len(g.recent))
		it := g.rescrape(idx, g.recent[j])
		g.recent[j] = it
		return it
	}
	bad := g.cfg.BadRatio > 0 && g.r.Float64() < g.cfg.BadRatio
	it := g.playlist(idx)
	if bad {
		return g.corrupt(it)
	}
	if len(g.recent) < recentSize {
		g.recent = append(g.recent, it)
	} else {
		g.recent[g.recentN%recentSize] = it
	}
	g.recentN++
	return it
}

// Rescrape returns a newer scrape of prev, a good item of this generator:
// the same source_url, source_playlist_id, name and metadata, one track
// line replaced by another recording, and a later scraped_at. It takes the
// next index of the sequence. It panics if prev is not a good item made by
// a Generator.
func (g *Generator) Rescrape(prev Item) Item {
	if prev.Bad != "" || prev.Playlist == nil || prev.st == nil {
		panic("gen: Rescrape needs a good Item made by a Generator")
	}
	idx := g.idx
	g.idx++
	return g.rescrape(idx, prev)
}

func (g *Generator) scrapedAt(idx int) time.Time {
	return g.now.Add(time.Duration(idx) * time.Second)
}

func (g *Generator) playlist(idx int) Item {
	st := g.newStyle()
	p := &record.ScrapedPlaylist{
		Source:        g.cfg.Source,
		ScrapedAt:     g.scrapedAt(idx),
		ParserVersion: ParserVersion,
	}
	g.meta(st, p)
	n := 10 + g.r.IntN(21)
	var truth []TrackTruth
	p.Tracks, truth = g.tracks(st, n)
	it := Item{Index: idx, Playlist: p, Tracks: truth, RescrapeOf: -1, st: st}
	it.JSON = g.encode(p, &st.enc)
	return it
}

func (g *Generator) rescrape(idx int, prev Item) Item {
	st := prev.st
	p := *prev.Playlist
	p.ScrapedAt = g.scrapedAt(idx)
	if !p.ScrapedAt.After(prev.Playlist.ScrapedAt) {
		p.ScrapedAt = prev.Playlist.ScrapedAt.Add(time.Second)
	}
	p.Tracks = append([]record.ScrapedTrack(nil), prev.Playlist.Tracks...)
	truth := append([]TrackTruth(nil), prev.Tracks...)
	k := g.r.IntN(len(p.Tracks))
	used := g.used[:0]
	for _, t := range truth {
		if t.Track >= 0 {
			used = append(used, t.Track)
		}
	}
	g.used = used
	cue := ""
	if c := p.Tracks[k].Cue; c != nil {
		cue = *c
	}
	prevTrack := -1
	if k > 0 {
		prevTrack = truth[k-1].Track
	}
	g.buf = g.buf[:0]
	g.plans = g.plans[:0]
	t := g.pickTrack(st, prevTrack, used)
	for try := 0; t == truth[k].Track && try < 100; try++ {
		t = g.zAll.draw(g.r)
	}
	g.plans = append(g.plans, trackPlan{})
	g.identified(&g.plans[0], st, k+1, cue, 0, t, false)
	s := string(g.buf)
	p.Tracks[k], truth[k] = record.ScrapedTrack{}, TrackTruth{}
	g.materialize(&g.plans[0], st, s, k+1, newSlab(g.plans), &p.Tracks[k], &truth[k])
	it := Item{Index: idx, Playlist: &p, Tracks: truth, RescrapeOf: prev.Index, st: st}
	it.JSON = g.encode(&p, &st.enc)
	return it
}
