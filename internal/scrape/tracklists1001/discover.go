package tracklists1001

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/scrape/fetch"
)

// maxPages bounds one walk of a listing or of one search term's results,
// in case a page's "Next" never ends.
const maxPages = 500

// Discover lists tracklist pages, newest first.
//
// Without q.Search it walks the site's listing of newest tracklists: a GET
// of the home page, then of each page its pagination's "Next" links to
// (ul.pagination li, its a[href]). With q.Search it POSTs the site's
// search form for each term, as the site's search box does:
//
//	POST /search/result.php
//	main_search=<term>&search_selection=9&orderby=added
//
// (9 selects tracklists, orderby=added newest first), and for further
// pages the same form with page=<n>, the number the results page's "Next"
// asks for (submitForm(this, { form: 'searchForm', page: n })).
//
// Each row (div.bItm.oItm) gives a Ref: the absolute URL of its
// /tracklist/<id>/<slug>.html link, the id, and the title the row shows.
// A tracklist already given is not given again (a row moves to the next
// page when a tracklist is added between two requests). q.Since is read
// against each row's "tracklist date", the one date a row gives exactly
// (its creation and last edit are "3 months ago"): rows dated before it
// are passed over, and the walk stops at a page with no row on or after
// it (the listing is newest first by when tracklists were added, so an
// old set can still appear among new ones). q.Limit stops after that many
// refs in all.
func (s *Site) Discover(ctx context.Context, g scrape.Getter, q scrape.Query, yield func(scrape.Ref) error) error {
	d := &discovery{q: q, yield: yield, seen: map[string]bool{}}
	if !q.Since.IsZero() {
		y, m, dd := q.Since.UTC().Date()
		d.since = time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	}
	var err error
	if len(q.Search) == 0 {
		err = s.walkListing(ctx, g, d)
	} else {
		for _, term := range q.Search {
			if term = strings.TrimSpace(term); term == "" {
				continue
			}
			if err = s.walkSearch(ctx, g, term, d); err != nil {
				break
			}
		}
	}
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

type discovery struct {
	q     scrape.Query
	since time.Time
	yield func(scrape.Ref) error
	seen  map[string]bool // tracklist IDs given
	n     int
}

// page yields the refs of one listing page; more is false when the walk
// should not go on to the next page (every dated row older than Since).
func (d *discovery) page(rows []row) (more bool, err error) {
	fresh := false
	for _, r := range rows {
		if !d.since.IsZero() && !r.date.IsZero() && r.date.Before(d.since) {
			continue
		}
		fresh = true
		if d.seen[r.ref.ID] {
			continue
		}
		d.seen[r.ref.ID] = true
		if err := d.yield(r.ref); err != nil {
			return false, err
		}
		d.n++
		if d.q.Limit > 0 && d.n >= d.q.Limit {
			return false, errStop
		}
	}
	return fresh, nil
}

func (s *Site) walkListing(ctx context.Context, g scrape.Getter, d *discovery) error {
	next := s.abs("/")
	visited := map[string]bool{}
	for i := 0; i < maxPages && next != "" && !visited[next]; i++ {
		visited[next] = true
		resp, err := g.Get(ctx, fetch.Request{URL: next})
		if err != nil {
			return wrap("listing "+next, err)
		}
		l, err := parseListing(resp.Body, cmp.Or(resp.URL, next))
		if err != nil {
			return wrap("listing "+next, err)
		}
		more, err := d.page(l.rows)
		if err != nil || !more || len(l.rows) == 0 {
			return err
		}
		next = l.nextURL
	}
	return nil
}

func (s *Site) walkSearch(ctx context.Context, p scrape.Getter, term string, d *discovery) error {
	endpoint := s.abs("/search/result.php")
	form := url.Values{"main_search": {term}, "search_selection": {"9"}, "orderby": {"added"}}
	for i := 0; i < maxPages; i++ {
		resp, err := p.PostForm(ctx, endpoint, form)
		if err != nil {
			return wrap("search "+strconv.Quote(term), err)
		}
		l, err := parseListing(resp.Body, cmp.Or(resp.URL, endpoint))
		if err != nil {
			return wrap("search "+strconv.Quote(term), err)
		}
		more, err := d.page(l.rows)
		if err != nil || !more || len(l.rows) == 0 || l.nextPage == 0 {
			return err
		}
		cur, _ := strconv.Atoi(form.Get("page"))
		if l.nextPage <= max(cur, 1) {
			return nil
		}
		form.Set("page", strconv.Itoa(l.nextPage))
	}
	return nil
}

// row is one tracklist of a listing.
type row struct {
	ref  scrape.Ref
	date time.Time // the row's "tracklist date"; zero when it shows none
}

// listing is one listing or search results page.
type listing struct {
	rows []row
	// nextURL is the page the pagination's "Next" links to, "" when
	// none; nextPage the page number its "Next" submits the search form
	// with, 0 when none.
	nextURL  string
	nextPage int
}

// parseListing reads a listing page fetched from pageURL: the
// div.bItm.oItm rows, each with its div.bTitle a[href] to the tracklist
// and its div[title="tracklist date"], and the ul.pagination.
func parseListing(body []byte, pageURL string) (listing, error) {
	var l listing
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return l, err
	}
	if find(doc, byID("tlTab")) == nil && challenge(doc) != "" {
		return l, &scrape.UnreadableError{Reason: "challenge_page", Detail: challenge(doc)}
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return l, err
	}
	walk(doc, func(n *html.Node) bool {
		switch {
		case hasClass(n, "oItm"):
			if r, ok := listRow(n, base); ok {
				l.rows = append(l.rows, r)
			}
			return false
		case n.DataAtom == atom.Ul && hasClass(n, "pagination"):
			l.nextURL, l.nextPage = nextLink(n, base)
			return false
		}
		return true
	})
	return l, nil
}

func listRow(n *html.Node, base *url.URL) (row, bool) {
	var r row
	scope := find(n, byClass("bTitle"))
	if scope == nil {
		scope = n
	}
	a := find(scope, func(c *html.Node) bool {
		return c.DataAtom == atom.A && strings.Contains(attr(c, "href"), "/tracklist/")
	})
	if a == nil {
		return r, false
	}
	u, err := base.Parse(attr(a, "href"))
	if err != nil {
		return r, false
	}
	u.RawQuery, u.Fragment = "", ""
	id := tracklistID(u.String())
	if id == "" {
		return r, false
	}
	r.ref = scrape.Ref{URL: u.String(), ID: id, Title: text(a)}
	if dn := find(n, func(c *html.Node) bool { return attr(c, "title") == "tracklist date" }); dn != nil {
		if t, err := time.Parse(time.DateOnly, text(dn)); err == nil {
			r.date = t
		}
	}
	return r, true
}

var pageArg = regexp.MustCompile(`\bpage\s*:\s*(\d+)`)

// nextLink reads the pagination's "Next" item: its href when it links
// to a page, else the page number its onclick submits.
func nextLink(ul *html.Node, base *url.URL) (string, int) {
	var li *html.Node
	walk(ul, func(n *html.Node) bool {
		if n.DataAtom == atom.Li && li == nil && !hasClass(n, "disabled") &&
			strings.EqualFold(text(n), "Next") {
			li = n
		}
		return li == nil
	})
	if li == nil {
		return "", 0
	}
	if a := find(li, byAtom(atom.A)); a != nil {
		href := strings.TrimSpace(attr(a, "href"))
		if href != "" && !strings.HasPrefix(href, "#") && !strings.HasPrefix(strings.ToLower(href), "javascript:") {
			if u, err := base.Parse(href); err == nil {
				return u.String(), 0
			}
		}
	}
	if m := pageArg.FindStringSubmatch(attr(li, "onclick")); m != nil {
		n, _ := strconv.Atoi(m[1])
		return "", n
	}
	return "", 0
}
