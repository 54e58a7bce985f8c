package gen

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/songnodes/pipeline/internal/record"
)

// meta fills a playlist's page fields: name in MixesDB title form, URL,
// DJs, venue, event and date.
func (g *Generator) meta(st *style, p *record.ScrapedPlaylist) {
	// The date of the set: later years are more likely (more sets are
	// online); some titles only give the month or the year.
	d := g.first.AddDate(0, 0, int(float64(g.daySpan)*math.Sqrt(g.r.Float64())))
	var date string
	switch u := g.r.Float64(); {
	case u < 0.10:
		date = d.Format("2006-01")
	case u < 0.14:
		date = d.Format("2006")
	default:
		date = d.Format(time.DateOnly)
		p.PlayedOn = &d
	}
	p.PlayedOnText = &date

	djText, djs := g.djs()
	p.DjNames = djs
	for _, d := range djs {
		if editorName(d) {
			st.editor = d
			break
		}
	}

	var b strings.Builder
	b.WriteString(date)
	b.WriteString(" - ")
	b.WriteString(djText)
	rest := b.Len()
	switch u := g.r.Float64(); {
	case u < 0.5: // radio show or mix series
		ev := g.event()
		p.Event = &ev
		b.WriteString(" - ")
		b.WriteString(ev)
	case u < 0.85: // club
		vn := g.venue()
		p.Venue = &vn
		b.WriteString(" @ ")
		b.WriteString(vn)
	default: // festival
		vn, ev := g.venue(), g.event()
		p.Venue, p.Event = &vn, &ev
		b.WriteString(" @ ")
		b.WriteString(vn)
		b.WriteString(" - ")
		b.WriteString(ev)
	}
	name := b.String()

	if g.tl {
		id := g.tlID()
		p.SourcePlaylistID = &id
		p.SourceURL = "https://www.1001tracklists.com/tracklist/" + id + "/" +
			slugify(name[len(date)+3:rest]+" "+name[rest:]+" "+date) + ".html"
		p.Name = name
		return
	}
	base := name
	for part := 2; ; part++ {
		u := mixesdbURL(name)
		h := hash64(u)
		if _, dup := g.urls[h]; !dup {
			g.urls[h] = struct{}{}
			p.SourceURL, p.Name = u, name
			return
		}
		name = base + " (Part " + strconv.Itoa(part) + ")"
	}
}

// djs draws one to three DJs (Zipf: some play far more sets) and the way
// the title joins them; "VA" (various artists) has no names.
func (g *Generator) djs() (string, []string) {
	if g.r.Float64() < 0.02 {
		return "VA", []string{}
	}
	k := 1
	switch u := g.r.Float64(); {
	case u < 0.78:
	case u < 0.95:
		k = 2
	default:
		k = 3
	}
	names := make([]string, 0, k)
	for try := 0; len(names) < k && try < 20; try++ {
		d := g.v.djs[g.zDJ.draw(g.r)]
		if !containsString(names, d) {
			names = append(names, d)
		}
	}
	switch len(names) {
	case 1:
		return names[0], names
	case 2:
		sep := " & "
		switch u := g.r.Float64(); {
		case u < 0.4:
			sep = ", "
		case u < 0.5:
			sep = " b2b "
		}
		return names[0] + sep + names[1], names
	default:
		last := ", "
		if g.r.Float64() < 0.5 {
			last = " & "
		}
		return strings.Join(names[:len(names)-1], ", ") + last + names[len(names)-1], names
	}
}

// editorName reports whether "(name Edit)" reads as an edit by one artist
// named name: no "&" or "," (a parser splits those into several remixers),
// and no last word that a parser takes for a version ("Club Edit").
func editorName(name string) bool {
	if strings.ContainsAny(name, "&,") {
		return false
	}
	last := name[strings.LastIndexByte(name, ' ')+1:]
	switch strings.ToLower(last) {
	case "club", "radio", "extended", "original", "dub", "vip", "vocal", "instrumental", "mix", "edit", "remix", "version", "live":
		return false
	}
	return true
}

func containsString(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func (g *Generator) event() string {
	e := g.v.events[g.zEvent.draw(g.r)]
	if e.numbered {
		return e.name + " " + strconv.Itoa(1+g.r.IntN(700))
	}
	return e.name
}

func (g *Generator) venue() string {
	v := g.v.venues[g.r.IntN(len(g.v.venues))]
	if v.city == "" {
		return v.name
	}
	return v.name + ", " + v.city
}

// tlID returns the next 1001Tracklists playlist ID: 8 base-36 digits, a
// bijection of a counter (so never repeated) that looks random.
func (g *Generator) tlID() string {
	x := (g.tlSeq*0x9e3779b97f4a7c15 + g.tlSalt) & (1<<40 - 1)
	g.tlSeq++
	s := strconv.FormatUint(x, 36)
	return strings.Repeat("0", 8-len(s)) + s
}

// mixesdbURL returns the MixesDB page URL of a title the way MediaWiki
// writes it: spaces as '_', letters, digits and -._~;@$!*(),/: kept, the
// rest (&, ', non-ASCII...) percent-encoded.
func mixesdbURL(title string) string {
	const prefix = "https://www.mixesdb.com/w/"
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(prefix)+len(title)+16)
	b = append(b, prefix...)
	for i := 0; i < len(title); i++ {
		c := title[i]
		switch {
		case c == ' ':
			b = append(b, '_')
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~;@$!*(),/:", c) >= 0:
			b = append(b, c)
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

// fold spells accented letters the way 1001Tracklists slugs do.
var fold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ė': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n", 'ł': "l",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss",
}

// slugify lowercases s, folds accents and joins words with '-'.
func slugify(s string) string {
	b := make([]byte, 0, len(s))
	gap := false
	add := func(t string) {
		if gap && len(b) > 0 {
			b = append(b, '-')
		}
		gap = false
		b = append(b, t...)
	}
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			add(string(r))
		case 'A' <= r && r <= 'Z':
			add(string(r + 'a' - 'A'))
		case r >= utf8.RuneSelf:
			lr := []rune(strings.ToLower(string(r)))
			if f, ok := fold[lr[0]]; ok {
				add(f)
			} else {
				gap = true
			}
		default:
			gap = true
		}
	}
	return string(b)
}
