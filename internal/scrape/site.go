// Package scrape runs the scrapers: for each site it discovers pages,
// fetches them politely (package fetch), extracts the playlist, and
// produces it to <prefix>.raw.<source> exactly as ingest would, keeping
// in PostgreSQL what it fetched so that an unchanged page is never
// produced twice. A site is three small functions (Site); everything
// else is shared.
package scrape

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/scrape/fetch"
)

// Getter is what a site fetches with: *fetch.Client, which keeps to
// the site's request budget and robots.txt.
type Getter interface {
	Get(ctx context.Context, req fetch.Request) (*fetch.Response, error)
	// PostForm submits a form that only reads (a site's search).
	PostForm(ctx context.Context, rawURL string, form url.Values) (*fetch.Response, error)
}

// Site is one tracklist site.
type Site interface {
	// Source is the source name: the raw topic's suffix and the
	// playlist's source field, e.g. "mixesdb".
	Source() string
	// Version is the extractor's version (the playlists' parser_version):
	// a page it could not read is read again once it changes.
	Version() string
	// Discover lists the pages worth fetching, newest first, calling
	// yield for each; it stops when yield returns an error (and returns
	// that error), at q.Limit pages, or where q.Since says.
	Discover(ctx context.Context, g Getter, q Query, yield func(Ref) error) error
	// Fetch gets one page. prev holds what the crawl state knows of it
	// (empty for a page never fetched): a site that can tell the page is
	// unchanged (a 304, the same revision) returns a Page with
	// NotModified set and no body.
	Fetch(ctx context.Context, g Getter, ref Ref, prev Validators) (Page, error)
	// Extract reads the playlist off a fetched page. It returns an
	// *UnreadableError when the page is not laid out as the extractor
	// expects (the site changed its layout); a page that is laid out
	// right but lists no tracks gives a playlist with no tracks.
	// ScrapedAt is left to the caller.
	Extract(p Page) (record.ScrapedPlaylist, error)
}

// Query bounds a discovery.
type Query struct {
	// Since, when set, stops at pages that last changed before it.
	Since time.Time
	// Limit, when positive, stops after that many pages.
	Limit int
	// Search, when set, discovers through the site's search instead of
	// its listings: the pages found for each term (an "Artist - Title"
	// of the wanted tracks, say).
	Search []string
}

// Ref names one page as discovery found it.
type Ref struct {
	// URL is the page's URL, the playlist's source_url.
	URL string
	// Title is the page's title when the listing gives it.
	Title string
	// ID is the site's own ID for the playlist when the listing gives
	// it (source_playlist_id).
	ID string
	// Revision is the page's revision as the listing gives it ("" when
	// it does not): equal to the one in the crawl state, the page need
	// not be fetched at all.
	Revision string
}

// Validators are what the crawl state kept of a page's last fetch.
type Validators struct {
	Revision     string
	ETag         string
	LastModified string
}

// Page is one fetched page.
type Page struct {
	Ref
	// Body is the page as fetched: HTML, wikitext or an API's JSON,
	// whatever the site's Extract reads.
	Body []byte
	// Revision is the site's revision ID of Body when it has one; the
	// runner uses a hash of Body when it is empty.
	Revision     string
	ETag         string
	LastModified string
	// NotModified: the page is unchanged since prev; Body is empty.
	NotModified bool
}

// UnreadableError is a page the extractor cannot read. Reason is a short
// code for metrics and the dead-letter header (no_tracklist,
// no_title, challenge_page...), Detail says more.
type UnreadableError struct {
	Reason string
	Detail string
}

func (e *UnreadableError) Error() string {
	if e.Detail == "" {
		return "unreadable page: " + e.Reason
	}
	return fmt.Sprintf("unreadable page: %s: %s", e.Reason, e.Detail)
}
