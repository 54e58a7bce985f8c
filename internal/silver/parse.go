package silver

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// draft is a playlist between parsing and output.
type draft struct {
	in     *stage.In[record.BronzePlaylist]
	stale  bool // a newer version of the playlist is current
	stored bool // silver_playlists holds a version of the playlist
	bronze *record.BronzePlaylist
	title  tracklist.Title
	lines  []tracklist.Analysis
	out    record.SilverPlaylist
}

// parse analyses a bronze playlist's title and lines: everything that
// needs no reference data.
func parse(b *record.BronzePlaylist, memo *tracklist.Memo) *draft {
	p := &b.Playlist
	d := &draft{bronze: b, title: tracklist.ParseTitle(p.Name)}
	// The lines are read together: the layout of the tracklist settles
	// what one line alone cannot (is "01" a position?).
	var lineBuf [48]string
	var hintBuf [48]tracklist.Hints
	lines, hints := lineBuf[:0], hintBuf[:0]
	if len(p.Tracks) > len(lineBuf) {
		lines, hints = make([]string, 0, len(p.Tracks)), make([]tracklist.Hints, 0, len(p.Tracks))
	}
	lines, hints = lines[:len(p.Tracks)], hints[:len(p.Tracks)]
	for i := range p.Tracks {
		t := &p.Tracks[i]
		lines[i] = t.RawLine
		if p.HintsFromMarkup {
			lines[i] = markedLine(t)
		}
		hints[i] = tracklist.Hints{Artist: str(t.Artist), Title: str(t.Title), Label: str(t.Label), Catalog: str(t.Catalog),
			Key: str(t.Key), Genre: str(t.Genre)}
		if t.Bpm != nil {
			hints[i].BPM = *t.Bpm
		}
	}
	d.lines = memo.AnalyzeLines(lines, hints)
	return d
}

// markedLine is the line to read a track from when the page marked its
// artist and title apart (ScrapedPlaylist.hints_from_markup): written from
// those, the separator is certain, and the raw line (with the page's
// label and spacing run together) need not be guessed at. A track the
// page did not mark keeps its raw line.
func markedLine(t *record.ScrapedTrack) string {
	artist, title := strings.TrimSpace(str(t.Artist)), strings.TrimSpace(str(t.Title))
	if artist == "" || title == "" {
		return t.RawLine
	}
	line := artist + " - " + title
	if remix := strings.TrimSpace(str(t.Remix)); remix != "" && !strings.Contains(title, remix) {
		line += " (" + remix + ")"
	}
	return line
}

// trackLines counts the lines that are tracks: all but headings, links
// and the like (status not_track).
func (d *draft) trackLines() int {
	n := 0
	for i := range d.lines {
		if d.lines[i].Status != tracklist.StatusNotTrack {
			n++
		}
	}
	return n
}

// artistNames returns every artist name the draft mentions: DJs and the
// artists of every line.
func (d *draft) artistNames() []string {
	names := append([]string(nil), d.djs()...)
	for i := range d.lines {
		t := &d.lines[i].Track
		names = append(names, t.Artists...)
		names = append(names, t.Featured...)
		names = append(names, t.Remixers...)
	}
	return names
}

// djs are the scraper's DJ names when it gave any, else the title's.
func (d *draft) djs() []string {
	var out []string
	var seenBuf [8]string // a playlist has a few DJs: a slice, not a map
	seen := seenBuf[:0]
	src := d.bronze.Playlist.DjNames
	if len(src) == 0 {
		src = d.title.DJs
	}
	for _, n := range src {
		if !spacedOnce(n) {
			n = strings.Join(strings.Fields(n), " ")
		}
		if k := tracklist.ArtistKey(n); k != "" && !slices.Contains(seen, k) {
			seen = append(seen, k)
			out = append(out, n)
		}
	}
	return nonNil(out)
}

// spacedOnce reports whether strings.Join(strings.Fields(s), " ") is s:
// ASCII with single spaces between words only. Any other byte that may
// be or start a space says no, and the caller joins the fields.
func spacedOnce(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80 || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			return false
		case c == ' ' && s[i+1] == ' ':
			return false
		}
	}
	return true
}

// canonical maps names through the aliases. It returns a new slice when a
// name changes and names itself otherwise: a line's slices are shared with
// other lines (tracklist.Memo) and must not be changed in place.
func canonical(names []string, aliases map[string]string) ([]string, bool) {
	if len(aliases) == 0 {
		return names, false
	}
	changed := false
	for i, n := range names {
		if c, ok := aliases[tracklist.ArtistKey(n)]; ok && c != n {
			if !changed {
				names, changed = slices.Clone(names), true
			}
			names[i] = c
		}
	}
	return names, changed
}

// identify names the artists canonically and computes each line's track
// ID from the canonical names, so that aliases of one artist make one node
// of the graph. With no alias involved the ID is the original system's.
func (d *draft) identify(aliases map[string]string) {
	for i := range d.lines {
		a := &d.lines[i]
		var c1, c2, c3 bool
		a.Artists, c1 = canonical(a.Artists, aliases)
		a.Featured, c2 = canonical(a.Featured, aliases)
		a.Remixers, c3 = canonical(a.Remixers, aliases)
		if (c1 || c2 || c3) && a.TrackID != "" {
			a.TrackID = a.Track.ID()
		}
	}
}

// finish builds the silver playlist with the reference data.
func (d *draft) finish(ref Reference) {
	b := d.bronze
	p := &b.Playlist
	// Built in place, as are its tracks: a copy of either is a bulk
	// write barrier while the collector runs.
	out := &d.out
	*out = record.SilverPlaylist{
		PlaylistKey: b.PlaylistKey, SetID: b.PlaylistKey,
		Source: p.Source, SourceURL: p.SourceURL, SourcePlaylistID: p.SourcePlaylistID,
		Name: p.Name, Djs: d.djs(),
		PlayedOn: p.PlayedOn, PlayedOnText: p.PlayedOnText,
		Venue: p.Venue, Event: p.Event,
		ScrapedAt: p.ScrapedAt, ParserVersion: p.ParserVersion, TracklistVersion: tracklist.Version,
		Tracks:     make([]record.SilverTrack, len(d.lines)),
		Lineage:    b.Lineage, // replaced by the bronze record's coordinates
		RawLineage: b.Lineage,
	}
	out.Djs, _ = canonical(out.Djs, ref.Aliases)
	// The title fills what the scraper left out.
	if out.PlayedOn == nil && d.title.Year > 0 && d.title.Month > 0 && d.title.Day > 0 {
		t := time.Date(d.title.Year, time.Month(d.title.Month), d.title.Day, 0, 0, 0, 0, time.UTC)
		out.PlayedOn = &t
	}
	if out.PlayedOnText == nil && d.title.Date != "" {
		out.PlayedOnText = ptr(d.title.Date)
	}
	if out.PlayedOnText == nil && out.PlayedOn != nil {
		out.PlayedOnText = ptr(out.PlayedOn.Format(time.DateOnly))
	}
	if out.Venue == nil && d.title.Venue != "" {
		out.Venue = ptr(d.title.Venue)
	}
	if out.Event == nil && d.title.Event != "" {
		out.Event = ptr(d.title.Event)
	}
	// The optional fields point into d.lines, which lives as long as the
	// output (both are the draft's) and is not changed after this: a
	// playlist has about 150 of them, which were most of silver's
	// allocations when each had one of its own.
	for i := range d.lines {
		a := &d.lines[i]
		t := &out.Tracks[i] // zero: every field not set here stays nil
		t.Position, t.RawLine = p.Tracks[i].Position, p.Tracks[i].RawLine
		t.Cue, t.Artists, t.Featured, t.Remixers = nonEmpty(&a.Cue), nonNil(a.Artists), nonNil(a.Featured), nonNil(a.Remixers)
		t.Title, t.Version, t.Label, t.Catalog = nonEmpty(&a.Title), nonEmpty(&a.Version), nonEmpty(&a.Label), nonEmpty(&a.Catalog)
		t.Key, t.Camelot, t.Genre = nonEmpty(&a.Key), nonEmpty(&a.Camelot), nonEmpty(&a.Genre)
		t.Status, t.Issues = string(a.Status), nonNil(a.Issues)
		t.WithPrevious = a.WithPrevious || p.Tracks[i].WithPrevious != nil && *p.Tracks[i].WithPrevious
		if t.Cue == nil {
			t.Cue = p.Tracks[i].Cue
		}
		if a.BPM > 0 {
			t.Bpm = &a.BPM
		}
		if a.TrackID != "" {
			t.TrackID = &a.TrackID
			// Curated reference data wins over what a scraper guessed.
			if r, ok := ref.Tracks[a.TrackID]; ok {
				if r.BPM != nil && tracklist.ValidBPM(*r.BPM) {
					t.Bpm = r.BPM
				}
				if k, ok := tracklist.ParseKey(r.Key); ok {
					t.Key, t.Camelot = ptr(k.String()), ptr(k.Camelot())
				}
				if r.Genre != "" {
					t.Genre = ptr(r.Genre)
				}
				if r.Label != "" {
					t.Label = ptr(r.Label)
				}
			}
		}
	}
}

// usable counts the lines with a track ID.
func (d *draft) usable() int {
	n := 0
	for i := range d.lines {
		if d.lines[i].TrackID != "" {
			n++
		}
	}
	return n
}

// trackIDs are the identified track IDs in order.
func (d *draft) trackIDs() []string {
	var ids []string
	for _, t := range d.out.Tracks {
		if t.TrackID != nil {
			ids = append(ids, *t.TrackID)
		}
	}
	return nonNil(ids)
}

// lookup reads the reference data for a batch: aliases first, because
// canonical names change track IDs, then the tracks.
func (p *Processor) lookup(ctx context.Context, drafts []*draft) (Reference, error) {
	ref := Reference{Aliases: map[string]string{}, Tracks: map[string]RefTrack{}}
	if p.enr == nil || p.enr.db == nil {
		for _, d := range drafts {
			d.identify(ref.Aliases)
		}
		return ref, nil
	}
	version, err := p.enr.version(ctx)
	if err != nil {
		return ref, err
	}
	keys := map[string]bool{}
	for _, d := range drafts {
		for _, n := range d.artistNames() {
			if k := tracklist.ArtistKey(n); k != "" {
				keys[k] = true
			}
		}
	}
	if ref.Aliases, err = p.enr.aliases(ctx, version, sortedKeys(keys)); err != nil {
		return ref, err
	}
	ids := map[string]bool{}
	for _, d := range drafts {
		d.identify(ref.Aliases)
		for i := range d.lines {
			if id := d.lines[i].TrackID; id != "" {
				ids[id] = true
			}
		}
	}
	ref.Tracks, err = p.enr.tracks(ctx, version, sortedKeys(ids))
	return ref, err
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func ptr[T any](v T) *T { return &v }

// nonEmpty returns s, or nil when *s is "".
func nonEmpty(s *string) *string {
	if *s == "" {
		return nil
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
