// Package tracklists1001 is the 1001Tracklists site (scrape.Site):
// discovery through the site's listing of newest tracklists or its
// search, conditional fetches of tracklist pages, and the extraction of
// the playlist each page marks up.
package tracklists1001

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/scrape/fetch"
)

// Source is the source name: the raw topic's suffix.
const Source = "1001tracklists"

// ParserVersion is the extractor's version, written to every playlist.
// Bump it (1001tracklists/2, ...) whenever Extract would read the same
// page differently: another field filled, a raw line written otherwise,
// rows kept or dropped differently. Discovery changes need no bump.
const ParserVersion = "1001tracklists/1"

// DefaultBaseURL is the site.
const DefaultBaseURL = "https://www.1001tracklists.com"

// Site is 1001Tracklists.
type Site struct {
	base *url.URL
}

var _ scrape.Site = (*Site)(nil)

// New returns the site at baseURL ("" for DefaultBaseURL; tests give an
// httptest server's URL).
func New(baseURL string) *Site {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		u, _ = url.Parse(DefaultBaseURL)
	}
	return &Site{base: u}
}

// Source returns "1001tracklists".
func (s *Site) Source() string { return Source }

// Version returns ParserVersion.
func (s *Site) Version() string { return ParserVersion }

// Fetch gets a tracklist page, conditionally when prev has validators.
// The page carries no revision of its own: Page.Revision stays empty and
// the runner hashes the body.
func (s *Site) Fetch(ctx context.Context, g scrape.Getter, ref scrape.Ref, prev scrape.Validators) (scrape.Page, error) {
	resp, err := g.Get(ctx, fetch.Request{URL: ref.URL, ETag: prev.ETag, LastModified: prev.LastModified})
	if err != nil {
		return scrape.Page{}, err
	}
	if ref.ID == "" {
		ref.ID = tracklistID(ref.URL)
	}
	p := scrape.Page{Ref: ref, ETag: resp.ETag, LastModified: resp.LastModified}
	if resp.NotModified() {
		p.NotModified = true
		if p.ETag == "" {
			p.ETag = prev.ETag
		}
		if p.LastModified == "" {
			p.LastModified = prev.LastModified
		}
		return p, nil
	}
	p.Body = resp.Body
	return p, nil
}

var tracklistPath = regexp.MustCompile(`^/tracklist/([0-9a-z]+)/[^/]+\.html$`)

// tracklistID is the site's ID in a tracklist URL
// (/tracklist/2svhppk9/slug.html -> 2svhppk9), "" for any other URL.
func tracklistID(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if m := tracklistPath.FindStringSubmatch(u.Path); m != nil {
		return m[1]
	}
	return ""
}

func (s *Site) abs(path string) string {
	u := *s.base
	u.Path = strings.TrimRight(u.Path, "/") + path
	return u.String()
}

// errStop ends a walk early without an error.
var errStop = errors.New("stop")

func wrap(what string, err error) error {
	return fmt.Errorf("tracklists1001: %s: %w", what, err)
}
