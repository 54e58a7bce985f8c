package mixesdb

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/songnodes/pipeline/internal/scrape"
)

// pageAnswer is the API's answer to a page query (formatversion=2).
type pageAnswer struct {
	Error *apiError `json:"error"`
	Query struct {
		Pages []apiPage `json:"pages"`
	} `json:"query"`
}

type apiPage struct {
	PageID     int64         `json:"pageid"`
	NS         int           `json:"ns"`
	Title      string        `json:"title"`
	Missing    bool          `json:"missing"`
	Invalid    bool          `json:"invalid"`
	Revisions  []apiRevision `json:"revisions"`
	Categories []struct {
		NS    int    `json:"ns"`
		Title string `json:"title"`
	} `json:"categories"`
}

type apiRevision struct {
	RevID     int64  `json:"revid"`
	Timestamp string `json:"timestamp"`
	Slots     struct {
		Main struct {
			ContentModel string  `json:"contentmodel"`
			Content      *string `json:"content"`
		} `json:"main"`
	} `json:"slots"`
	// Content is where an API without slots (MediaWiki before 1.32, or
	// a request without rvslots) puts the text.
	Content *string `json:"content"`
}

// content is the revision's wikitext, if the answer has it.
func (r *apiRevision) content() (string, bool) {
	if c := r.Slots.Main.Content; c != nil {
		return *c, true
	}
	if r.Content != nil {
		return *r.Content, true
	}
	return "", false
}

// Fetch gets a page's current revision: its wikitext and its categories in
// one API request (prop=revisions|categories, rvprop=ids|timestamp|content,
// rvslots=main, cllimit=max, redirects=1), by page ID when the ref has
// one, else by title (the ref's, or read off its URL). A ref whose
// revision is the one fetched last time costs no request; an answer whose
// revision is, is NotModified. Page.Body is the API's JSON answer as it
// came, Page.Revision the revision ID. A page the wiki does not have is
// ErrMissing. An answer that is not JSON is returned as the body, for
// Extract to report.
func (s *Site) Fetch(ctx context.Context, g scrape.Getter, ref scrape.Ref, prev scrape.Validators) (scrape.Page, error) {
	if ref.Revision != "" && ref.Revision == prev.Revision {
		return scrape.Page{Ref: ref, Revision: ref.Revision, NotModified: true}, nil
	}
	p := url.Values{
		"prop":      {"revisions|categories"},
		"rvprop":    {"ids|timestamp|content"},
		"rvslots":   {"main"},
		"cllimit":   {"max"},
		"redirects": {"1"},
	}
	name := ref.ID
	switch {
	case ref.ID != "":
		p.Set("pageids", ref.ID)
	case ref.Title != "":
		p.Set("titles", ref.Title)
		name = ref.Title
	case titleFromURL(ref.URL) != "":
		name = titleFromURL(ref.URL)
		p.Set("titles", name)
	default:
		return scrape.Page{}, fmt.Errorf("mixesdb: fetch: the ref names no page: %+v", ref)
	}
	var a pageAnswer
	resp, err := s.get(ctx, g, p, &a)
	var nj *notJSONError
	if errors.As(err, &nj) {
		return scrape.Page{Ref: ref, Body: resp.Body}, nil
	}
	if err != nil {
		return scrape.Page{}, err
	}
	if a.Error != nil {
		return scrape.Page{}, fmt.Errorf("mixesdb: fetch %s: API error %s: %s", name, a.Error.Code, a.Error.Info)
	}
	page := scrape.Page{Ref: ref, Body: resp.Body, ETag: resp.ETag, LastModified: resp.LastModified}
	if len(a.Query.Pages) == 0 {
		return page, nil // Extract says no_content
	}
	ap := &a.Query.Pages[0]
	if ap.Missing || ap.Invalid {
		return scrape.Page{}, fmt.Errorf("%w: %s", ErrMissing, name)
	}
	if page.ID == "" && ap.PageID > 0 {
		page.ID = strconv.FormatInt(ap.PageID, 10)
	}
	if page.Title == "" {
		page.Title = ap.Title
	}
	if page.URL == "" && ap.Title != "" {
		page.URL = s.PageURL(ap.Title)
	}
	if len(ap.Revisions) > 0 && ap.Revisions[0].RevID > 0 {
		page.Revision = strconv.FormatInt(ap.Revisions[0].RevID, 10)
		if page.Revision == prev.Revision {
			return scrape.Page{Ref: page.Ref, Revision: page.Revision, NotModified: true}, nil
		}
	}
	return page, nil
}
