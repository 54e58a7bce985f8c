package mixesdb

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/songnodes/pipeline/internal/scrape"
)

// Discover lists mix pages, newest first:
//
//   - with q.Search, the wiki's search (list=search) for each term in turn,
//     in the search's order, each page once;
//   - else with Site.Category, the category's members (list=categorymembers)
//     by the time they were added to it, newest first;
//   - else the recent changes (list=recentchanges): pages of the main
//     namespace created or edited, newest first, each at its latest
//     revision.
//
// Pages that are not mixes (IsMixTitle) are skipped, and a title listed
// twice is yielded once. Each listing follows the API's continuation
// until q.Limit refs were yielded. The recent changes and the category
// stop at the first page changed before q.Since (they are in time order);
// the search, ordered by relevance, skips such pages and goes on.
func (s *Site) Discover(ctx context.Context, g scrape.Getter, q scrape.Query, yield func(scrape.Ref) error) error {
	w := &walker{site: s, q: q, yield: yield, seen: map[string]bool{}}
	if len(q.Search) > 0 {
		for _, term := range q.Search {
			term = strings.TrimSpace(term)
			if term == "" {
				continue
			}
			p := url.Values{
				"list":        {"search"},
				"srsearch":    {term},
				"srnamespace": {"0"},
				"srprop":      {"timestamp"},
				"srlimit":     {strconv.Itoa(searchLimit)},
			}
			if done, err := s.walk(ctx, g, p, "search", w, false); err != nil || done {
				return err
			}
		}
		return nil
	}
	if s.Category != "" {
		cat := s.Category
		if !strings.HasPrefix(cat, "Category:") {
			cat = "Category:" + cat
		}
		// cmsort=timestamp orders by when a page was filed in the category
		// (cl_timestamp), which an edit that re-saves the categories moves
		// forward: newest first, it is the order q.Since can stop in.
		// (cmsort=sortkey would be the mixes' dates, as the titles start
		// with them, but no Since can cut that order.)
		p := url.Values{
			"list":        {"categorymembers"},
			"cmtitle":     {cat},
			"cmnamespace": {"0"},
			"cmprop":      {"ids|title|timestamp"},
			"cmsort":      {"timestamp"},
			"cmdir":       {"desc"},
			"cmlimit":     {strconv.Itoa(listLimit)},
		}
		if !q.Since.IsZero() {
			p.Set("cmend", q.Since.UTC().Format(time.RFC3339))
		}
		_, err := s.walk(ctx, g, p, "categorymembers", w, true)
		return err
	}
	// rctoponly: only a page's latest change, so revid is its current
	// revision (Ref.Revision) and a page edited five times is listed once.
	p := url.Values{
		"list":        {"recentchanges"},
		"rcnamespace": {"0"},
		"rctype":      {"new|edit"},
		"rcprop":      {"title|ids|timestamp"},
		"rctoponly":   {"1"},
		"rclimit":     {strconv.Itoa(listLimit)},
	}
	if !q.Since.IsZero() {
		p.Set("rcend", q.Since.UTC().Format(time.RFC3339))
	}
	_, err := s.walk(ctx, g, p, "recentchanges", w, true)
	return err
}

// listItem is one page of a listing; the three listings share these
// fields (revid only in the recent changes).
type listItem struct {
	NS        int    `json:"ns"`
	Title     string `json:"title"`
	PageID    int64  `json:"pageid"`
	RevID     int64  `json:"revid"`
	Timestamp string `json:"timestamp"`
}

type listAnswer struct {
	Error    *apiError                  `json:"error"`
	Continue map[string]json.RawMessage `json:"continue"`
	Query    map[string]json.RawMessage `json:"query"`
}

// walk follows one listing's continuation, offering each item to w. It
// returns done when w wants no more.
func (s *Site) walk(ctx context.Context, g scrape.Getter, params url.Values, module string, w *walker, ordered bool) (done bool, err error) {
	for {
		var a listAnswer
		if _, err := s.get(ctx, g, cloneValues(params), &a); err != nil {
			return true, err
		}
		if a.Error != nil {
			return true, fmt.Errorf("mixesdb: %s: API error %s: %s", module, a.Error.Code, a.Error.Info)
		}
		var items []listItem
		if raw, ok := a.Query[module]; ok {
			if err := json.Unmarshal(raw, &items); err != nil {
				return true, fmt.Errorf("mixesdb: %s: %w", module, err)
			}
		}
		for _, it := range items {
			if done, err := w.offer(it, ordered); err != nil || done {
				return true, err
			}
		}
		if len(a.Continue) == 0 {
			return false, nil
		}
		// MediaWiki's continuation: send back every value of "continue"
		// as it came (a string, or sroffset as a number).
		for k, raw := range a.Continue {
			var v string
			if err := json.Unmarshal(raw, &v); err != nil {
				v = string(raw)
			}
			params.Set(k, v)
		}
	}
}

func cloneValues(v url.Values) url.Values {
	c := make(url.Values, len(v)+3)
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

// walker decides which listed pages are yielded.
type walker struct {
	site  *Site
	q     scrape.Query
	yield func(scrape.Ref) error
	seen  map[string]bool
	n     int
}

func (w *walker) offer(it listItem, ordered bool) (done bool, err error) {
	if !w.q.Since.IsZero() {
		if ts, err := time.Parse(time.RFC3339, it.Timestamp); err == nil && ts.Before(w.q.Since) {
			return ordered, nil
		}
	}
	if it.NS != 0 || !IsMixTitle(it.Title) || w.seen[it.Title] {
		return false, nil
	}
	w.seen[it.Title] = true
	ref := scrape.Ref{URL: w.site.PageURL(it.Title), Title: it.Title}
	if it.PageID > 0 {
		ref.ID = strconv.FormatInt(it.PageID, 10)
	}
	if it.RevID > 0 {
		ref.Revision = strconv.FormatInt(it.RevID, 10)
	}
	if err := w.yield(ref); err != nil {
		return true, err
	}
	w.n++
	return w.q.Limit > 0 && w.n >= w.q.Limit, nil
}

// IsMixTitle reports whether a page title is a mix's: MixesDB titles
// every mix "DATE - ...", DATE being YYYY, YYYY-MM or YYYY-MM-DD with
// unknown digits written X ("200X", "2011-XX", "2012-06-2X"). Other pages
// of the main namespace ("Main Page") are not mixes.
func IsMixTitle(title string) bool {
	_, ok := leadingDate(title)
	return ok
}

// leadingDate is the date a mix title starts with, as written, when " - "
// follows it.
func leadingDate(title string) (string, bool) {
	n := 0
	isDigitX := func(c byte) bool { return '0' <= c && c <= '9' || c == 'X' || c == 'x' }
	// YYYY: two digits, then digits or X ("19XX", "200X").
	if len(title) < 4 || title[0] < '1' || title[0] > '2' || title[1] < '0' || title[1] > '9' ||
		!isDigitX(title[2]) || !isDigitX(title[3]) {
		return "", false
	}
	n = 4
	for part := 0; part < 2; part++ {
		if len(title) >= n+3 && title[n] == '-' && isDigitX(title[n+1]) && isDigitX(title[n+2]) {
			n += 3
		} else {
			break
		}
	}
	if !strings.HasPrefix(title[n:], " - ") {
		return "", false
	}
	return title[:n], true
}
