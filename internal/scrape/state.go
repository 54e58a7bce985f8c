package scrape

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/songnodes/pipeline/internal/record"
)

// Outcomes of one page, in the crawl state and the pages metric.
const (
	// OutcomeProduced: the playlist went to the raw topic.
	OutcomeProduced = "produced"
	// OutcomeUnchanged: the page is as it was when last produced (same
	// revision or content, or a 304); nothing produced.
	OutcomeUnchanged = "unchanged"
	// OutcomeEmpty: the page is laid out as expected but lists no track.
	OutcomeEmpty = "empty"
	// OutcomeUnreadable: the extractor could not read the page; it went
	// to <prefix>.dlq.scrape.
	OutcomeUnreadable = "unreadable"
	// OutcomeFailed: the page could not be fetched (an HTTP error after
	// the retries, robots.txt, the breaker).
	OutcomeFailed = "failed"
)

// Outcomes lists the outcomes in a stable order.
var Outcomes = []string{OutcomeProduced, OutcomeUnchanged, OutcomeEmpty, OutcomeUnreadable, OutcomeFailed}

// Entry is the crawl state of one page.
type Entry struct {
	Source       string
	URL          string
	PageID       string
	Revision     string
	ETag         string
	LastModified string
	FirstSeenAt  time.Time
	FetchedAt    time.Time
	ChangedAt    time.Time
	ProducedAt   time.Time
	Outcome      string
	Extractor    string
	Detail       string
	Tracks       int
}

// validators are what the next fetch of the page can be conditional on.
func (e *Entry) validators() Validators {
	return Validators{Revision: e.Revision, ETag: e.ETag, LastModified: e.LastModified}
}

// State is the crawl state in PostgreSQL (table scrape_pages).
type State struct{ pool *pgxpool.Pool }

// NewState returns the crawl state kept in pool's database (migrated).
func NewState(pool *pgxpool.Pool) *State { return &State{pool: pool} }

// Get returns the entry of a page, and false when it was never fetched.
func (s *State) Get(ctx context.Context, source, url string) (Entry, bool, error) {
	e := Entry{Source: source, URL: url}
	var pageID, rev, etag, lastMod *string
	var changed, produced *time.Time
	err := s.pool.QueryRow(ctx, `
		SELECT page_id, revision, etag, last_modified, first_seen_at, fetched_at, changed_at, produced_at, outcome, extractor, detail, tracks
		FROM scrape_pages WHERE source = $1 AND url = $2`, source, url).
		Scan(&pageID, &rev, &etag, &lastMod, &e.FirstSeenAt, &e.FetchedAt, &changed, &produced, &e.Outcome, &e.Extractor, &e.Detail, &e.Tracks)
	if errors.Is(err, pgx.ErrNoRows) {
		return e, false, nil
	}
	if err != nil {
		return e, false, err
	}
	e.PageID, e.Revision, e.ETag, e.LastModified = record.Deref(pageID), record.Deref(rev), record.Deref(etag), record.Deref(lastMod)
	if changed != nil {
		e.ChangedAt = *changed
	}
	if produced != nil {
		e.ProducedAt = *produced
	}
	return e, true, nil
}

// Put writes the entry of a page.
func (s *State) Put(ctx context.Context, e Entry) error {
	_, err := s.pool.Exec(ctx, `
		INSERT INTO scrape_pages (source, url, page_id, revision, etag, last_modified,
			first_seen_at, fetched_at, changed_at, produced_at, outcome, extractor, detail, tracks)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		ON CONFLICT (source, url) DO UPDATE SET
			page_id = EXCLUDED.page_id, revision = EXCLUDED.revision, etag = EXCLUDED.etag,
			last_modified = EXCLUDED.last_modified, fetched_at = EXCLUDED.fetched_at,
			changed_at = EXCLUDED.changed_at, produced_at = EXCLUDED.produced_at,
			outcome = EXCLUDED.outcome, extractor = EXCLUDED.extractor, detail = EXCLUDED.detail, tracks = EXCLUDED.tracks`,
		e.Source, e.URL, nullable(e.PageID), nullable(e.Revision), nullable(e.ETag), nullable(e.LastModified),
		e.FirstSeenAt, e.FetchedAt, nullTime(e.ChangedAt), nullTime(e.ProducedAt), e.Outcome, e.Extractor, e.Detail, e.Tracks)
	return err
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
