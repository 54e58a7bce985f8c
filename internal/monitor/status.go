package monitor

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"sort"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Status is what /api/status answers: per source and stage what the
// metrics say, for people and scripts without Prometheus.
type Status struct {
	Time        time.Time      `json:"time"`
	Persistence Persistence    `json:"persistence"`
	Lag         map[string]Lag `json:"lag"` // by stage group: bronze, silver, gold, monitor
	LagError    string         `json:"lag_error,omitempty"`
	Sources     []SourceStatus `json:"sources"`
	// ScrapersError says why the scrapers' crawl state could not be read.
	ScrapersError string `json:"scrapers_error,omitempty"`
}

// ScraperStatus is what a source's scraper's crawl state says
// (docs/scrapers.md): its pages by their last outcome, when it last
// fetched a page and last produced a playlist.
type ScraperStatus struct {
	Pages        map[string]int64 `json:"pages"`
	LastFetched  *time.Time       `json:"last_fetched,omitempty"`
	LastProduced *time.Time       `json:"last_produced,omitempty"`
}

// Persistence says whether the monitor's state survives a restart.
type Persistence struct {
	Redis       string     `json:"redis"` // ok, down or off
	Detail      string     `json:"detail,omitempty"`
	PersistedAt *time.Time `json:"persisted_at,omitempty"`
}

// SourceStatus is one source.
type SourceStatus struct {
	Source string        `json:"source"`
	Stages []StageStatus `json:"stages"`
	Lag    *Lag          `json:"lag,omitempty"` // bronze's, on the source's raw topic
	// Scraper is set for a source one of our scrapers crawls, when the
	// monitor reads the database (DATABASE_URL).
	Scraper *ScraperStatus `json:"scraper,omitempty"`
}

// StageStatus is one source at one stage. Rates and coverage are keyed by
// window (5m, 1h, 24h); a coverage is missing while its window has no
// tracks.
type StageStatus struct {
	Stage              string             `json:"stage"`
	LastSeen           *time.Time         `json:"last_seen,omitempty"`
	AgeSeconds         *float64           `json:"age_seconds,omitempty"`
	Playlists          uint64             `json:"playlists"`
	Tracks             uint64             `json:"tracks"`
	ArtistTracks       uint64             `json:"artist_tracks"`
	PlaylistsPerSecond map[string]float64 `json:"playlists_per_second,omitempty"`
	TracksPerSecond    map[string]float64 `json:"tracks_per_second,omitempty"`
	ArtistCoverage     map[string]float64 `json:"artist_coverage,omitempty"`
	TrackStatuses      map[string]uint64  `json:"track_statuses,omitempty"`
	TrackIssues        map[string]uint64  `json:"track_issues,omitempty"`   // silver: lines by issue code
	DoubtfulShare      map[string]float64 `json:"doubtful_share,omitempty"` // silver: share of tracks parsed with a guess, by window
	Rejects            map[string]uint64  `json:"rejects,omitempty"`        // by reason
	RejectsPerSecond   map[string]float64 `json:"rejects_per_second,omitempty"`
	Unreadable         map[string]uint64  `json:"unreadable,omitempty"` // by reason
}

// Status returns the monitor's view now.
func (m *Monitor) Status(ctx context.Context) Status {
	now := m.s.Now()
	out := Status{Time: now.UTC(), Lag: map[string]Lag{}}
	switch {
	case m.store == nil:
		out.Persistence = Persistence{Redis: "off", Detail: "REDIS_URL is not set: counts and last-seen times do not survive a restart"}
	case m.redisUp.Load():
		out.Persistence = Persistence{Redis: "ok"}
	default:
		out.Persistence = Persistence{Redis: "down", Detail: "serving the state in memory, not persisting it"}
		if e := m.redisErr.Load(); e != nil {
			out.Persistence.Detail += ": " + *e
		}
	}
	if p := m.persisted.Load(); p > 0 {
		t := time.UnixMilli(p).UTC()
		out.Persistence.PersistedAt = &t
	}
	lag := m.lagNow()
	out.LagError = lag.err
	maps.Copy(out.Lag, lag.stages)

	st := m.state
	st.mu.Lock()
	for name, src := range st.sources {
		ss := SourceStatus{Source: name}
		if l, ok := lag.sources[name]; ok {
			ss.Lag = &l
		}
		for i, s := range src {
			if s != nil {
				ss.Stages = append(ss.Stages, s.status(stageNames[i], i <= stSilver, now))
			}
		}
		out.Sources = append(out.Sources, ss)
	}
	st.mu.Unlock()
	if db := m.db.Load(); db != nil {
		scrapers, err := scrapers(ctx, db)
		if err != nil {
			out.ScrapersError = err.Error()
		}
		for i := range out.Sources {
			if sc, ok := scrapers[out.Sources[i].Source]; ok {
				out.Sources[i].Scraper = sc
				delete(scrapers, out.Sources[i].Source)
			}
		}
		for name, sc := range scrapers { // crawled, nothing in the topics yet
			out.Sources = append(out.Sources, SourceStatus{Source: name, Stages: []StageStatus{}, Scraper: sc})
		}
	}
	sort.Slice(out.Sources, func(i, j int) bool { return out.Sources[i].Source < out.Sources[j].Source })
	return out
}

// scrapers reads the crawl state of every source, by source.
func scrapers(ctx context.Context, db *pgxpool.Pool) (map[string]*ScraperStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	rows, err := db.Query(ctx, `SELECT source, outcome, count(*), max(fetched_at), max(produced_at)
		FROM scrape_pages GROUP BY source, outcome`)
	if err != nil {
		return nil, fmt.Errorf("crawl state: %w", err)
	}
	defer rows.Close()
	out := map[string]*ScraperStatus{}
	for rows.Next() {
		var source, outcome string
		var n int64
		var fetched, produced *time.Time
		if err := rows.Scan(&source, &outcome, &n, &fetched, &produced); err != nil {
			return out, fmt.Errorf("crawl state: %w", err)
		}
		sc := out[source]
		if sc == nil {
			sc = &ScraperStatus{Pages: map[string]int64{}}
			out[source] = sc
		}
		sc.Pages[outcome] = n
		sc.LastFetched = latest(sc.LastFetched, fetched)
		sc.LastProduced = latest(sc.LastProduced, produced)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("crawl state: %w", err)
	}
	return out, nil
}

func latest(a, b *time.Time) *time.Time {
	if a == nil || b != nil && b.After(*a) {
		return b
	}
	return a
}

func (s *stageState) status(stage string, layer bool, now time.Time) StageStatus {
	out := StageStatus{Stage: stage, Playlists: s.Playlists, Tracks: s.Tracks, ArtistTracks: s.Artists}
	if s.Last > 0 {
		t := time.UnixMilli(s.Last).UTC()
		age := max(0, now.Sub(t).Seconds())
		out.LastSeen, out.AgeSeconds = &t, &age
	}
	if stage == stageNames[stSilver] {
		out.TrackStatuses = map[string]uint64{}
		for i, n := range statusNames {
			out.TrackStatuses[n] = s.Status[i]
		}
		out.TrackIssues = maps.Clone(s.Issues)
		out.DoubtfulShare = map[string]float64{}
	}
	if len(s.Rejects) > 0 {
		out.Rejects = maps.Clone(s.Rejects) // encoded after the lock is released
		out.RejectsPerSecond = map[string]float64{}
	}
	if len(s.Unreadable) > 0 {
		out.Unreadable = maps.Clone(s.Unreadable)
	}
	if layer {
		out.PlaylistsPerSecond = map[string]float64{}
		out.TracksPerSecond = map[string]float64{}
		out.ArtistCoverage = map[string]float64{}
	}
	for i, w := range Windows {
		sum, span := s.win[i].sum(now.Unix())
		if layer {
			out.PlaylistsPerSecond[w.Name] = float64(sum[qPlaylists]) / span
			out.TracksPerSecond[w.Name] = float64(sum[qTracks]) / span
			if sum[qTracks] > 0 {
				out.ArtistCoverage[w.Name] = float64(sum[qArtists]) / float64(sum[qTracks])
				if out.DoubtfulShare != nil {
					out.DoubtfulShare[w.Name] = float64(sum[qDoubtful]) / float64(sum[qTracks])
				}
			}
		}
		if out.RejectsPerSecond != nil {
			out.RejectsPerSecond[w.Name] = float64(sum[qRejects]) / span
		}
	}
	return out
}

func (m *Monitor) serveStatus(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(m.Status(r.Context()))
}

//go:embed status.html
var statusPage []byte

// serveStatusPage serves the page; it fetches /api/status itself and
// refreshes every few seconds, with no build step and nothing to install.
func serveStatusPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(statusPage)
}
