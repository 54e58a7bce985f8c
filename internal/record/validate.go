package record

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

var validSource = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ValidSource reports whether s can name a source: lowercase letters,
// digits, '_' and '-', at most 64 characters, as it becomes part of a topic
// name and a metric label.
func ValidSource(s string) bool { return validSource.MatchString(s) }

// MaxTracks bounds a playlist: the longest real sets have a few hundred.
const MaxTracks = 2000

// Validate checks what the schema cannot say about a scraped playlist.
// Ingest refuses, and bronze dead-letters, a playlist that fails it:
// everything it checks would break an identity downstream or could not be
// stored. The error names the field.
func (p *ScrapedPlaylist) Validate() error {
	if !ValidSource(p.Source) {
		return fmt.Errorf("source %q: want lowercase letters, digits, '_' or '-' (at most 64)", p.Source)
	}
	if p.SourceURL == "" {
		return errors.New("source_url is required")
	}
	if u, err := url.Parse(p.SourceURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("source_url %q: want an absolute http(s) URL", p.SourceURL)
	}
	if strings.TrimSpace(p.Name) == "" {
		return errors.New("name is required (the page title as scraped)")
	}
	if p.ScrapedAt.IsZero() {
		return errors.New("scraped_at is required")
	}
	if p.ScrapedAt.Year() < 1990 {
		return fmt.Errorf("scraped_at %s is not a plausible time", p.ScrapedAt.UTC().Format("2006-01-02T15:04:05Z"))
	}
	if strings.TrimSpace(p.ParserVersion) == "" {
		return errors.New("parser_version is required")
	}
	if len(p.Tracks) > MaxTracks {
		return fmt.Errorf("tracks: %d lines; at most %d are accepted", len(p.Tracks), MaxTracks)
	}
	var seen positions
	for i, t := range p.Tracks {
		if t.Position < 1 {
			return fmt.Errorf("tracks[%d].position %d: positions start at 1", i, t.Position)
		}
		if !seen.add(t.Position) {
			return fmt.Errorf("tracks[%d].position %d appears twice: a track line is identified by its position", i, t.Position)
		}
		if t.RawLine == "" {
			return fmt.Errorf("tracks[%d].raw_line is required (the line as scraped)", i)
		}
	}
	if f := p.nulField(); f != "" {
		return fmt.Errorf("%s contains a NUL byte, which PostgreSQL text cannot store", f)
	}
	return nil
}

// ScrapedAtAhead is how far past the moment its record was written a
// playlist's scraped_at may be: room for a scraper's clock running ahead
// of the brokers', not for a date in the future.
const ScrapedAtAhead = time.Hour

// ValidateRaw is the one check of a playlist as it enters the pipeline,
// shared by ingest (which answers 422 for what it refuses) and bronze
// (which dead-letters it), so that ingest never accepts what bronze would
// refuse. It is Validate, plus the source the record was sent for (the
// raw topic's or the URL's; "" checks nothing) and scraped_at no later
// than ScrapedAtAhead past written, the record's timestamp (zero checks
// nothing). Bronze compares with the record's timestamp, not its own
// clock, so that a replay judges a record the same way.
func (p *ScrapedPlaylist) ValidateRaw(source string, written time.Time) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if source != "" && source != p.Source {
		return fmt.Errorf("source %q does not match topic source %q", p.Source, source)
	}
	if !written.IsZero() && p.ScrapedAt.After(written.Add(ScrapedAtAhead)) {
		return fmt.Errorf("scraped_at %s is in the future: more than %s after the record was written (%s)",
			p.ScrapedAt.UTC().Format(time.RFC3339), ScrapedAtAhead, written.UTC().Format(time.RFC3339))
	}
	return nil
}

// positions is a set of track positions: a bitset for the usual ones, a
// map for the rest (every record is checked; few have lines past 256).
type positions struct {
	low  [4]uint64
	high map[int]bool
}

// add adds p and reports whether it was new.
func (s *positions) add(p int) bool {
	if p < 256 {
		bit := uint64(1) << (p % 64)
		if s.low[p/64]&bit != 0 {
			return false
		}
		s.low[p/64] |= bit
		return true
	}
	if s.high[p] {
		return false
	}
	if s.high == nil {
		s.high = map[int]bool{}
	}
	s.high[p] = true
	return true
}

// nulField names the first string field holding a NUL byte, or "".
func (p *ScrapedPlaylist) nulField() string {
	for _, f := range [...]struct {
		name string
		v    *string
	}{
		{"source", &p.Source}, {"source_url", &p.SourceURL}, {"source_playlist_id", p.SourcePlaylistID},
		{"name", &p.Name}, {"event", p.Event}, {"venue", p.Venue}, {"played_on_text", p.PlayedOnText},
		{"parser_version", &p.ParserVersion},
	} {
		if hasNUL(f.v) {
			return f.name
		}
	}
	for i := range p.DjNames {
		if hasNUL(&p.DjNames[i]) {
			return fmt.Sprintf("dj_names[%d]", i)
		}
	}
	for i := range p.Tracks {
		t := &p.Tracks[i]
		for _, f := range [...]struct {
			name string
			v    *string
		}{
			{"raw_line", &t.RawLine}, {"artist", t.Artist}, {"title", t.Title}, {"label", t.Label},
			{"catalog", t.Catalog}, {"key", t.Key}, {"genre", t.Genre}, {"cue", t.Cue},
		} {
			if hasNUL(f.v) {
				return fmt.Sprintf("tracks[%d].%s", i, f.name)
			}
		}
	}
	return ""
}

func hasNUL(s *string) bool { return s != nil && strings.IndexByte(*s, 0) >= 0 }
