package tracklists1001

import (
	"bytes"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// Extract reads the playlist off a tracklist page.
//
// The page (its 2020–2026 layouts) keeps the tracklist in
// div#tlTab[itemtype=MusicPlaylist], whose own meta itemprop=datePublished
// is the set's date (YYYY-MM-DD) and meta itemprop=author the DJs. The
// name is the h1 (#pageTitle) as the page shows it, else that div's
// meta itemprop=name, else the document title; the DJs are the h1's /dj/
// (or /artist/…/tracklists.html) links, else the author metas, else what
// tracklist.ParseTitle reads off the name, which also gives event and
// venue (the page links them but does not say which is which). Each
// played track is a div.tlpItem.tlpTog row, in page order:
//
//	span#tlpN_tracknumber_value   "01", or "w/" (played with the one before)
//	div.cue                       "40:54", empty when the page has none
//	span.trackValue               artist spans, the " - " span, the title
//	                              span, then "(Remixer<span.remixValue> Edit)"
//	span.trackEditData            "(Acappella)", the version the DJ played
//	span.trackStatus              "(ID Remix)", an unreleased remix
//	span.trackLabel               one per label
//
// The raw line is the row's text as the page shows it, the way the
// corpus files made from these pages were written (see
// internal/tracklist/testdata/real/tracklists/1001tracklists): "w/ " for a
// row played with the one before, the trackValue text, the edit or status
// note, and the labels in square brackets joined by " / ":
//
//	w/ Mesto vs. Fallon - Caramelle vs. Diet Coke (Bassjackers TECH BOUNCE Edit) [EXPERTS ONLY / STMPD]
//
// The number and cue are not part of it (they are Position and Cue). A
// heading between rows ("Second Set:", span#tlpN_headtext_column) is a
// line of its own with no hints. div.tlpItem.tlpSubTog rows, the parts of
// a mashup (hidden until the mashup row is opened), are not tracks of
// their own and are left out, as is a row's "[Unreleased]" note.
func (s *Site) Extract(p scrape.Page) (record.ScrapedPlaylist, error) {
	doc, err := html.Parse(bytes.NewReader(p.Body))
	if err != nil {
		return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "no_tracklist", Detail: err.Error()}
	}
	tab := find(doc, byID("tlTab"))
	if tab == nil {
		if why := challenge(doc); why != "" {
			return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "challenge_page", Detail: why}
		}
		return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "no_tracklist", Detail: "no div#tlTab"}
	}
	name, h1 := pageTitle(doc, tab)
	if name == "" {
		return record.ScrapedPlaylist{}, &scrape.UnreadableError{Reason: "no_title", Detail: "no h1, name or title"}
	}
	t := tracklist.ParseTitle(name)
	pl := record.ScrapedPlaylist{
		Source:        Source,
		SourceURL:     p.URL,
		Name:          name,
		DjNames:       djNames(h1, tab, t),
		ParserVersion: ParserVersion,
		Tracks:        tracks(tab),
		// Artist, title, remix and label are the page's own elements:
		// silver reads them rather than guessing at the joined line.
		HintsFromMarkup: true,
	}
	if id := p.ID; id != "" {
		pl.SourcePlaylistID = &id
	} else if id := tracklistID(p.URL); id != "" {
		pl.SourcePlaylistID = &id
	} else if id := attr(tab, "data-id"); id != "" {
		pl.SourcePlaylistID = &id
	}
	date := setDate(tab)
	if date == "" {
		date = t.Date
	}
	if date != "" {
		pl.PlayedOnText = &date
		if d, err := time.Parse(time.DateOnly, date); err == nil {
			pl.PlayedOn = &d
		}
	}
	if t.Event != "" {
		pl.Event = &t.Event
	}
	if t.Venue != "" {
		pl.Venue = &t.Venue
	}
	return pl, nil
}

// challenge names what makes doc a bot check rather than a page: the
// "Please wait, you will be forwarded" form that posts captcha=1 back,
// the captcha form of an IP the site has limited, or a Cloudflare
// Turnstile shell. It is asked only of a page without a tracklist: a
// real tracklist page may carry Turnstile markup too.
func challenge(doc *html.Node) string {
	switch {
	case find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Input && attr(n, "name") == "captcha" }) != nil:
		return "captcha form"
	case find(doc, func(n *html.Node) bool {
		return n.DataAtom == atom.Form && strings.Contains(attr(n, "action"), "/info/unblock_ip")
	}) != nil:
		return "IP limited"
	case find(doc, func(n *html.Node) bool {
		return attr(n, "id") == "turnstile-container" || hasClass(n, "cf-turnstile")
	}) != nil:
		return "turnstile"
	}
	return ""
}

// pageTitle is the tracklist's title as the page shows it, and the h1
// it is read from (nil when it is not).
func pageTitle(doc, tab *html.Node) (string, *html.Node) {
	h1 := find(doc, byID("pageTitle"))
	if h1 != nil && h1.DataAtom != atom.H1 {
		h1 = find(h1, byAtom(atom.H1))
	}
	if h1 == nil {
		h1 = find(doc, byAtom(atom.H1))
	}
	if h1 != nil {
		if s := text(h1); s != "" {
			return s, h1
		}
	}
	if m := ownMeta(tab, "name"); m != "" {
		return m, nil
	}
	if t := find(doc, byAtom(atom.Title)); t != nil {
		return text(t), nil
	}
	return "", nil
}

// djNames are the DJ links of the title, else the playlist's author
// metas, else the DJs tracklist.ParseTitle reads off the title.
func djNames(h1, tab *html.Node, t tracklist.Title) []string {
	var djs []string
	if h1 != nil {
		walk(h1, func(n *html.Node) bool {
			if n.DataAtom == atom.A && isDJLink(attr(n, "href")) {
				if s := text(n); s != "" {
					djs = appendNew(djs, s)
				}
				return false
			}
			return true
		})
	}
	if len(djs) == 0 {
		for _, m := range metas(tab, "author") {
			djs = appendNew(djs, m)
		}
	}
	if len(djs) == 0 {
		djs = append(djs, t.DJs...)
	}
	if djs == nil {
		djs = []string{}
	}
	return djs
}

func isDJLink(href string) bool {
	return strings.HasPrefix(href, "/dj/") ||
		strings.HasPrefix(href, "/artist/") && strings.HasSuffix(href, "/tracklists.html")
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// setDate is the set's date from the playlist's datePublished meta
// (YYYY-MM-DD; the page's own datePublished, a timestamp, is the posting
// time and not looked at).
func setDate(tab *html.Node) string {
	for _, d := range metas(tab, "datePublished") {
		if isoDate.MatchString(d) {
			return d
		}
	}
	return ""
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// metas are the contents of the itemprop=prop metas of the itemscope n
// itself, not of the items nested in it (the tracks' own name metas).
func metas(n *html.Node, prop string) []string {
	var out []string
	walk(n, func(c *html.Node) bool {
		if c != n && hasAttr(c, "itemscope") {
			return false
		}
		if c.DataAtom == atom.Meta && attr(c, "itemprop") == prop {
			if v := collapse(attr(c, "content")); v != "" {
				out = append(out, v)
			}
		}
		return true
	})
	return out
}

func ownMeta(n *html.Node, prop string) string {
	if m := metas(n, prop); len(m) > 0 {
		return m[0]
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// tracks reads the lines of the tracklist in page order: the track rows
// and the headings the page puts between them ("First Set:", a
// span#tlpN_headtext_column), which are kept as lines of their own with
// no hints, as the page shows them.
func tracks(tab *html.Node) []record.ScrapedTrack {
	out := []record.ScrapedTrack{}
	add := func(t record.ScrapedTrack) {
		t.Position = len(out) + 1
		out = append(out, t)
	}
	walk(tab, func(n *html.Node) bool {
		switch {
		case strings.HasSuffix(attr(n, "id"), "_headtext_column"):
			if h := text(n); h != "" {
				add(record.ScrapedTrack{RawLine: h})
			}
			return false
		case !hasClass(n, "tlpItem"):
			return true
		case hasClass(n, "tlpSubTog"): // a part of the mashup above
			return false
		}
		if t, ok := track(n); ok {
			add(t)
		}
		return false
	})
	return out
}

// track reads one row; ok is false for a row that names nothing.
func track(row *html.Node) (t record.ScrapedTrack, ok bool) {
	value := find(row, byClass("trackValue"))
	if value == nil {
		return t, false
	}
	line := text(value)
	if line == "" {
		return t, false
	}
	if num := find(row, func(n *html.Node) bool {
		return strings.HasSuffix(attr(n, "id"), "_tracknumber_value")
	}); num != nil && text(num) == "w/" {
		with := true
		t.WithPrevious = &with
		line = "w/ " + line
	}
	if cue := find(row, byClass("cue")); cue != nil {
		if c := text(cue); c != "" {
			t.Cue = &c
		}
	}
	var labels []string
	var edit string
	walk(row, func(n *html.Node) bool {
		switch {
		case hasClass(n, "trackLabel"):
			if l := text(n); l != "" {
				labels = append(labels, l)
			}
			return false
		case hasClass(n, "trackEditData") || hasClass(n, "trackStatus"):
			if e := text(n); e != "" {
				line += " " + e
				if edit == "" {
					edit = e
				}
			}
			return false
		}
		return true
	})
	if len(labels) > 0 {
		l := strings.Join(labels, " / ")
		t.Label = &l
		line += " [" + l + "]"
	}
	t.RawLine = line
	t.Artist, t.Title, t.Remix = credit(value)
	if t.Remix == nil && edit != "" {
		// The edit the DJ played, which the page writes after the track
		// (span.trackEditData "(Intro Edit)"), or the unreleased remix it
		// knows of (span.trackStatus "(ID Remix)").
		if r := unbracket(edit); r != "" {
			t.Remix = &r
		}
	}
	return t, true
}

func unbracket(s string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, "("), ")"))
}

// credit splits span.trackValue at its " - " span: the spans before it
// are the artist (with the "ft." guests the page writes there), the span
// after it the title, and a "(…)" span holding a span.remixValue the
// remix, without its brackets.
func credit(value *html.Node) (artist, title, remix *string) {
	var parts []*html.Node
	for c := value.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !hasClass(c, "tgHid") {
			parts = append(parts, c)
		}
	}
	sep := -1
	for i, c := range parts {
		if text(c) == "-" {
			sep = i
			break
		}
	}
	if sep <= 0 || sep == len(parts)-1 {
		return nil, nil, nil
	}
	if a := text(parts[:sep]...); a != "" {
		artist = &a
	}
	if ti := textOmitting(parts[sep+1], "italic"); ti != "" { // not "(Co-Prod. by …)"
		title = &ti
	}
	for _, c := range parts[sep+2:] {
		if find(c, byClass("remixValue")) == nil {
			continue
		}
		if r := unbracket(text(c)); r != "" {
			remix = &r
		}
		break
	}
	return artist, title, remix
}
