package mixesdb

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// Extract reads the playlist off a fetched page (the API's JSON answer):
//
//   - Name is the page title, SourceURL its URL, SourcePlaylistID its page
//     ID (stable when the page is renamed);
//   - the event, the venue and the DJs are tracklist.ParseTitle's reading
//     of the title, the DJs checked against the page's categories (djNames);
//   - PlayedOnText is the date the title starts with, as written ("2009-11",
//     "200X", "2012-06-2X"), PlayedOn that date when it is a whole one;
//   - the tracks are the lines of the "== Tracklist ==" section
//     (tracklistLines).
//
// An answer that is not JSON is unreadable with reason not_json; one with
// no page text, no_content; wikitext without a tracklist section (a
// "{{Repeat}}" page pointing at the first broadcast), no_tracklist. A
// section with no track lines in it (MixesDB's "<list>\n\n</list>" of a
// page filed under "Tracklist: none") gives a playlist with no tracks.
func (s *Site) Extract(p scrape.Page) (record.ScrapedPlaylist, error) {
	if !json.Valid(p.Body) {
		return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "not_json", Detail: snippet(p.Body)}
	}
	var a pageAnswer
	if err := json.Unmarshal(p.Body, &a); err != nil {
		return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "no_content", Detail: "unexpected answer: " + err.Error()}
	}
	if a.Error != nil {
		return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "no_content", Detail: "API error " + a.Error.Code + ": " + a.Error.Info}
	}
	if len(a.Query.Pages) == 0 {
		return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "no_content", Detail: "the answer holds no page"}
	}
	ap := &a.Query.Pages[0]
	if ap.Missing || ap.Invalid {
		return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "no_content", Detail: "the page is missing"}
	}
	if len(ap.Revisions) == 0 {
		return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "no_content", Detail: "the answer holds no revision"}
	}
	text, ok := ap.Revisions[0].content()
	if !ok {
		return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "no_content", Detail: "the revision has no content"}
	}
	tracks, found := tracklistLines(text)
	if !found {
		return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "no_tracklist", Detail: "no \"== Tracklist ==\" section"}
	}

	title := ap.Title
	if title == "" {
		title = p.Title
	}
	out := record.ScrapedPlaylist{
		Source:        s.Source(),
		SourceURL:     p.URL,
		Name:          title,
		ParserVersion: ParserVersion,
		Tracks:        tracks,
	}
	if title != "" {
		out.SourceURL = s.PageURL(title)
	}
	switch {
	case ap.PageID > 0:
		out.SourcePlaylistID = ptr(strconv.FormatInt(ap.PageID, 10))
	case p.ID != "":
		out.SourcePlaylistID = ptr(p.ID)
	}

	t := tracklist.ParseTitle(title)
	cats := make([]string, 0, len(ap.Categories))
	for _, c := range ap.Categories {
		if _, name, ok := strings.Cut(c.Title, ":"); ok && c.NS == 14 {
			cats = append(cats, name)
		}
	}
	out.DjNames = djNames(title, t, cats)
	if t.Event != "" {
		out.Event = ptr(t.Event)
	}
	if t.Venue != "" && !venueInDJ(title, t.Venue, out.DjNames) {
		out.Venue = ptr(t.Venue)
	}
	// The date as the title writes it: MixesDB's own "200X" or "2012-06-2X"
	// are read by no date parser, and ParseTitle writes "2012-06-2X" as
	// "2012-06". A title without one (not a mix title) falls back on
	// ParseTitle's date found elsewhere in it.
	date, ok := leadingDate(title)
	if !ok {
		date = t.Date
	}
	if date != "" {
		out.PlayedOnText = ptr(date)
		if d, err := time.Parse(time.DateOnly, date); err == nil {
			out.PlayedOn = &d
		}
	}
	return out, nil
}

func ptr[T any](v T) *T { return &v }

// venueInDJ: a title without "@" whose venue ParseTitle read after an
// " At " is part of a DJ's name the categories gave ("Masters At Work":
// the venue "Work").
func venueInDJ(title, venue string, djs []string) bool {
	if strings.Contains(title, " @ ") {
		return false
	}
	for _, dj := range djs {
		if i := strings.Index(dj, venue); i >= 0 && wordBounded(dj, i, i+len(venue)) {
			return true
		}
	}
	return false
}

// djNames are the title's DJs as ParseTitle reads them, checked against
// the page's categories. MixesDB files every mix under a category per
// artist, spelled as the wiki names the artist, next to categories of the
// year, the show, the venue, the styles and the tracklist's state, with
// nothing in a page's own categories to tell which is which (that takes
// a request per category). So the categories only correct what the title
// already credits, in three ways seen on real pages:
//
//   - a category written in the title's credit over a DJ ParseTitle cut
//     short or in two replaces them: "Masters At Work" (read "Masters",
//     the " At " taken for a venue), "Tuff & Jam" (read "Tuff", "Jam"),
//     "Man With No Name" ("Man", "No Name");
//   - a DJ that is two categories joined is both: "Calyx & Teebee" is
//     filed under Category:Calyx and Category:Teebee;
//   - a DJ that is a category but for letter case takes the category's
//     spelling: "Claude Vonstroke" is Category:Claude VonStroke.
//
// Categories never add a DJ the title does not credit: a "VA @ Cream"
// page's categories name its DJs, but also "Cream", "Privilege (Ibiza)",
// "Ibiza 2012" and "Progressive House", and nothing on the page says
// which are artists. For the same reason the venue and the event are the
// title's alone.
func djNames(title string, t tracklist.Title, cats []string) []string {
	names := make([]string, 0, len(t.DJs))
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	// Only the credit: the part of the title before the venue ("@") or the
	// event (" - "), so that a venue's category ("Solomun +1" in "Solomun @
	// Solomun +1, Pacha") never stands for a DJ.
	credit := title
	if d, ok := leadingDate(title); ok {
		credit = title[len(d)+len(" - "):]
	}
	for _, sep := range [...]string{" @ ", " - "} {
		if i := strings.Index(credit, sep); i >= 0 {
			credit = credit[:i]
		}
	}
	for _, dj := range t.DJs {
		if k, ok := covering(credit, dj, cats); ok {
			add(k)
			continue
		}
		if parts := joinedCategories(dj, cats); parts != nil {
			for _, p := range parts {
				add(p)
			}
			continue
		}
		if k, ok := sameButCase(dj, cats); ok {
			add(k)
			continue
		}
		add(dj)
	}
	return names
}

// covering is the longest category, longer than dj, written in credit (on
// word boundaries) over dj's first place in it.
func covering(credit, dj string, cats []string) (string, bool) {
	at := strings.Index(credit, dj)
	if at < 0 {
		return "", false
	}
	best := ""
	for _, k := range cats {
		if len(k) <= len(dj) || len(k) <= len(best) {
			continue
		}
		for from := 0; ; {
			i := strings.Index(credit[from:], k)
			if i < 0 {
				break
			}
			i += from
			if i <= at && at+len(dj) <= i+len(k) && wordBounded(credit, i, i+len(k)) {
				best = k
				break
			}
			from = i + 1
		}
	}
	return best, best != ""
}

func wordBounded(s string, i, j int) bool {
	return (i == 0 || !isWordByte(s[i-1])) && (j == len(s) || !isWordByte(s[j]))
}

func isWordByte(c byte) bool {
	return c >= 0x80 || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// joinedCategories splits dj on the joins of a credit when every part is a
// category ("Calyx & Teebee"); nil otherwise.
func joinedCategories(dj string, cats []string) []string {
	parts := []string{dj}
	for _, sep := range [...]string{" & ", ", ", " and ", " b2b ", " B2B ", " vs ", " vs. ", " x "} {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	if len(parts) < 2 {
		return nil
	}
	for i, p := range parts {
		k, ok := sameButCase(strings.TrimSpace(p), cats)
		if !ok {
			return nil
		}
		parts[i] = k
	}
	return parts
}

// sameButCase is the category that is name but for letter case.
func sameButCase(name string, cats []string) (string, bool) {
	for _, k := range cats {
		if k == name {
			return k, true
		}
	}
	for _, k := range cats {
		if strings.EqualFold(k, name) {
			return k, true
		}
	}
	return "", false
}
