package gen

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/songnodes/pipeline/internal/record"
)

// BadKind is the fault of a malformed playlist. Ingest must refuse every
// one, per item (the item is "rejected"; a request of only bad items gets
// HTTP 400, or 422 when each is well-formed JSON that Validate refuses). What ingest's message names (Item.BadField holds it):
//
//	kind                detected by                 message names
//	json_syntax         encoding/json               a byte offset / "unexpected end of input" / "more than one JSON value"
//	wrong_type          encoding/json               the field: tracks[i].position, tracks[i].bpm, dj_names, tracks, played_on, scraped_at
//	unknown_field       DisallowUnknownFields       the field: unknown field "played_at"
//	invalid_utf8        utf8.Valid on the raw line  a byte offset (encoding/json would silently store U+FFFD)
//	source_mismatch     ingest                      source (the body's source differs from the URL's)
//	missing_field       Validate                    source_url, name, scraped_at, parser_version or tracks[i].raw_line
//	duplicate_position  Validate                    tracks[i].position (appears twice)
//	bad_position        Validate                    tracks[i].position (0 or negative)
//	bad_source_url      Validate                    source_url (not an absolute http(s) URL)
//	nul_byte            Validate                    tracks[i].raw_line (contains a NUL byte)
type BadKind string

// The kinds of malformed playlists.
const (
	BadJSONSyntax        BadKind = "json_syntax"
	BadWrongType         BadKind = "wrong_type"
	BadUnknownField      BadKind = "unknown_field"
	BadInvalidUTF8       BadKind = "invalid_utf8"
	BadSourceMismatch    BadKind = "source_mismatch"
	BadMissingField      BadKind = "missing_field"
	BadDuplicatePosition BadKind = "duplicate_position"
	BadPosition          BadKind = "bad_position"
	BadSourceURL         BadKind = "bad_source_url"
	BadNULByte           BadKind = "nul_byte"
)

// BadKinds lists every kind, in a stable order.
var BadKinds = []BadKind{
	BadJSONSyntax, BadWrongType, BadUnknownField, BadInvalidUTF8, BadSourceMismatch,
	BadMissingField, BadDuplicatePosition, BadPosition, BadSourceURL, BadNULByte,
}

func (k BadKind) known() bool {
	for _, x := range BadKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Validates reports whether the fault is one (*record.ScrapedPlaylist).
// Validate reports: the JSON decodes, and Item.Playlist holds the invalid
// playlist. For the other kinds ingest refuses the JSON itself and
// Item.Playlist is nil.
func (k BadKind) Validates() bool {
	switch k {
	case BadMissingField, BadDuplicatePosition, BadPosition, BadSourceURL, BadNULByte:
		return true
	}
	return false
}

var (
	unknownTop   = []string{"played_at", "tracklist", "dj", "url", "scraper"}
	unknownTrack = []string{"artist_name", "time", "bpm_hint", "track_id"}
	missingTop   = []string{"source_url", "name", "scraped_at", "parser_version", "raw_line"}
)

// corrupt turns a good item into a bad one of a kind drawn from the
// configured kinds.
func (g *Generator) corrupt(good Item) Item {
	kind := g.badKinds[g.r.IntN(len(g.badKinds))]
	p := good.Playlist
	o := good.st.enc
	it := Item{Index: good.Index, Bad: kind, RescrapeOf: -1}
	n := len(p.Tracks)
	k := 1 + g.r.IntN(n-1) // a track that is not the first
	field := func(f string) string { return "tracks[" + strconv.Itoa(k) + "]." + f }
	// clone copies the playlist and its tracks, to be changed.
	clone := func() *record.ScrapedPlaylist {
		c := *p
		c.Tracks = append([]record.ScrapedTrack(nil), p.Tracks...)
		return &c
	}

	var c *record.ScrapedPlaylist // the changed copy, when there is one
	switch kind {
	case BadJSONSyntax:
		j := good.JSON
		switch g.r.IntN(4) {
		case 0: // cut off, as by a dropped connection
			cut := len(j)/3 + g.r.IntN(len(j)*2/3-1)
			for cut > 1 && !utf8.RuneStart(j[cut]) {
				cut--
			}
			it.JSON = append([]byte(nil), j[:cut]...)
		case 1: // trailing comma
			it.JSON = append(append([]byte(nil), j[:len(j)-1]...), ",}"...)
		case 2: // two objects on one line
			it.JSON = append(append([]byte(nil), j...), `{"source_url":"`...)
			it.JSON = append(it.JSON, p.SourceURL...)
			it.JSON = append(it.JSON, `"}`...)
		default: // single-quoted key
			it.JSON = append([]byte(nil), j...)
			it.JSON[1] = '\''
		}
	case BadWrongType:
		o.wrong = wrongType(1 + g.r.IntN(int(numWrongTypes)-1))
		o.wrongTrack = k
		it.BadField = strings.ReplaceAll(wrongField[o.wrong], "%d", strconv.Itoa(k))
		it.JSON = g.encode(p, &o)
	case BadUnknownField:
		if g.r.IntN(2) == 0 {
			o.unknown, o.unknownTrack = unknownTop[g.r.IntN(len(unknownTop))], -1
		} else {
			o.unknown, o.unknownTrack = unknownTrack[g.r.IntN(len(unknownTrack))], k
		}
		it.BadField = o.unknown
		it.JSON = g.encode(p, &o)
	case BadInvalidUTF8:
		c = clone()
		if g.r.IntN(2) == 0 {
			c.Name = breakUTF8(c.Name)
		} else {
			c.Tracks[k].RawLine = breakUTF8(c.Tracks[k].RawLine)
		}
		it.JSON = g.encode(c, &o)
	case BadSourceMismatch:
		o.source = "1001tracklists"
		if p.Source == o.source {
			o.source = "mixesdb"
		}
		it.BadField = "source"
		it.JSON = g.encode(p, &o)
	case BadMissingField:
		c = clone()
		o.skip = missingTop[g.r.IntN(len(missingTop))]
		it.BadField = o.skip
		switch o.skip {
		case "source_url":
			c.SourceURL = ""
		case "name":
			c.Name = ""
		case "scraped_at":
			c.ScrapedAt = time.Time{}
		case "parser_version":
			c.ParserVersion = ""
		case "raw_line":
			o.skipTrack = k
			c.Tracks[k].RawLine = ""
			it.BadField = field("raw_line")
		}
	case BadDuplicatePosition:
		c = clone()
		c.Tracks[k].Position = c.Tracks[k-1].Position
		it.BadField = field("position")
	case BadPosition:
		c = clone()
		c.Tracks[k].Position = -g.r.IntN(2) // 0 or -1
		it.BadField = field("position")
	case BadSourceURL:
		c = clone()
		u := c.SourceURL
		switch g.r.IntN(3) {
		case 0: // no scheme
			c.SourceURL = u[len("https://"):]
		case 1: // not http(s)
			c.SourceURL = "ftp" + u[len("https"):]
		default: // a path only
			rest := u[len("https://"):]
			c.SourceURL = rest[strings.IndexByte(rest, '/'):]
		}
		it.BadField = "source_url"
	case BadNULByte:
		c = clone()
		l := c.Tracks[k].RawLine
		mid := len(l) / 2
		for mid > 0 && !utf8.RuneStart(l[mid]) {
			mid--
		}
		c.Tracks[k].RawLine = l[:mid] + "\x00" + l[mid:]
		it.BadField = field("raw_line")
	}
	if kind.Validates() { // the JSON decodes: the invalid playlist goes with it
		it.Playlist = c
		it.JSON = g.encode(c, &o)
	}
	return it
}

// breakUTF8 makes s invalid UTF-8 the way broken scrapers do: Latin-1
// bytes for accented letters ("Tiësto" -> "Ti\xebsto"), else a stray byte.
func breakUTF8(s string) string {
	b := make([]byte, 0, len(s)+1)
	latin := false
	for _, r := range s {
		if r >= 0x80 && r < 0x100 {
			b = append(b, byte(r))
			latin = true
		} else {
			b = utf8.AppendRune(b, r)
		}
	}
	if !latin {
		mid := len(s) / 2
		for mid > 0 && !utf8.RuneStart(s[mid]) {
			mid--
		}
		b = append(append(append(b[:0], s[:mid]...), 0xff), s[mid:]...)
	}
	return string(b)
}
