// Package mixesdb is the MixesDB site (www.mixesdb.com): a MediaWiki whose
// main-namespace pages are DJ mixes titled "DATE - DJS - EVENT" or "DATE -
// DJS @ VENUE", each with a "== Tracklist ==" section.
//
// Everything goes through the wiki's API (action=query, JSON,
// formatversion=2): discovery reads the recent changes, a category or the
// search, and a fetch is one request for a page's current wikitext and
// categories. Extract reads the playlist off that JSON answer.
package mixesdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/scrape/fetch"
)

// DefaultBaseURL is where MixesDB lives.
const DefaultBaseURL = "https://www.mixesdb.com"

// DefaultAPIPath is the wiki's API under the base URL. MixesDB moved its
// wiki from /db/ to /w/ (page URLs are /w/<Title>); the site's own
// userscripts call https://www.mixesdb.com/w/api.php (mixesdb/userscripts,
// shared/global.js, 2026), and older clients' /db/api.php is the address
// from before the move.
const DefaultAPIPath = "/w/api.php"

// ParserVersion is written to every playlist this package extracts. Bump
// the number when a change to Extract can give a different playlist for
// the same page (another field filled, a line split or skipped
// differently, another cue); a change that only makes Extract faster or
// its errors clearer keeps it.
const ParserVersion = "mixesdb/1"

// Listing page sizes: one API request lists this many pages (the API's
// limit for anonymous clients is 500).
const (
	listLimit   = 100
	searchLimit = 50
)

// ErrMissing is returned by Fetch for a page the wiki does not have (deleted,
// or never created).
var ErrMissing = errors.New("mixesdb: page is missing")

// Site is MixesDB. Its fields may be changed before first use.
type Site struct {
	// BaseURL is the site's address without a trailing slash: page URLs
	// are BaseURL + "/w/" + title.
	BaseURL string
	// APIPath is the API's path under BaseURL.
	APIPath string
	// Category, when set, makes Discover (without a search) list the
	// members of this category ("Essential Mix" or "Category:Essential
	// Mix") instead of the recent changes.
	Category string
}

var _ scrape.Site = (*Site)(nil)

// New returns the site at baseURL ("" for DefaultBaseURL).
func New(baseURL string) *Site {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	return &Site{BaseURL: strings.TrimRight(baseURL, "/"), APIPath: DefaultAPIPath}
}

// Source is "mixesdb".
func (s *Site) Source() string { return "mixesdb" }

// Version returns ParserVersion.
func (s *Site) Version() string { return ParserVersion }

// PageURL is a page's URL as MediaWiki writes it: spaces as "_", the rest
// escaped as wfUrlencode does (PHP's urlencode with ";@$!*(),/~:" left as
// they are), e.g. "/w/1994-03-12_-_DJ_Professor,_RAF,_DJ_Pierre_%26_Clock_-_Essential_Mix".
func (s *Site) PageURL(title string) string {
	return s.BaseURL + "/w/" + wikiEscape(strings.ReplaceAll(strings.TrimSpace(title), " ", "_"))
}

// wikiEscape is MediaWiki's wfUrlencode.
func wikiEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-_.;@$!*(),/~:", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// titleFromURL reads the title back from a page URL ("" if it is not one).
func titleFromURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	rest, ok := strings.CutPrefix(p.Path, "/w/")
	if !ok || rest == "" {
		return ""
	}
	return strings.ReplaceAll(rest, "_", " ")
}

// apiURL is the API's URL for a query; format=json&formatversion=2 are
// always added. url.Values sorts the parameters, so one query always has
// one URL.
func (s *Site) apiURL(params url.Values) string {
	params.Set("action", "query")
	params.Set("format", "json")
	params.Set("formatversion", "2")
	return s.BaseURL + s.APIPath + "?" + params.Encode()
}

// apiError is the API's answer to a request it refuses.
type apiError struct {
	Code string `json:"code"`
	Info string `json:"info"`
}

// get makes one API request and decodes its answer into v. The raw answer
// is returned too (Fetch keeps it as the page body).
func (s *Site) get(ctx context.Context, g scrape.Getter, params url.Values, v any) (*fetch.Response, error) {
	u := s.apiURL(params)
	resp, err := g.Get(ctx, fetch.Request{URL: u})
	if err != nil {
		return nil, fmt.Errorf("mixesdb: %w", err)
	}
	if err := json.Unmarshal(resp.Body, v); err != nil {
		return resp, &notJSONError{url: u, body: resp.Body, err: err}
	}
	return resp, nil
}

// notJSONError is an API answer that is not JSON: a challenge page, an
// error page served with 200.
type notJSONError struct {
	url  string
	body []byte
	err  error
}

func (e *notJSONError) Error() string {
	return fmt.Sprintf("mixesdb: %s: answer is not JSON (%v): %s", e.url, e.err, snippet(e.body))
}

// snippet is the start of a body, quoted, for an error message.
func snippet(b []byte) string {
	const n = 60
	if len(b) > n {
		return fmt.Sprintf("%q...", b[:n])
	}
	return fmt.Sprintf("%q", b)
}
