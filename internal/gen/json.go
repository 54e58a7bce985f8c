package gen

import (
	"strconv"
	"time"

	"github.com/songnodes/pipeline/internal/record"
)

// encOpts says how a playlist is written as JSON: a scraper's habits, and
// for bad items the fault to write.
type encOpts struct {
	omitSource bool // leave "source" out (ingest takes it from the URL)
	nulls      bool // write absent optional fields as null (else omit them)

	// Faults.
	source       string    // written as "source" instead of p.Source
	skip         string    // a top-level field to leave out, or "raw_line"
	skipTrack    int       // the track whose raw_line is left out
	wrong        wrongType // a field written with the wrong JSON type
	wrongTrack   int
	unknown      string // an extra field no schema has
	unknownTrack int    // its track, or -1 for the playlist
}

type wrongType uint8

const (
	wrongNone           wrongType = iota
	wrongPositionString           // "position":"3"
	wrongPositionFloat            // "position":3.5
	wrongBPMString                // "bpm":"124"
	wrongDJNamesString            // "dj_names":"A & B"
	wrongTracksObject             // "tracks":{}
	wrongPlayedOnNumber           // "played_on":20210403
	wrongScrapedAtText            // "scraped_at":"03/04/2021 22:00"
	numWrongTypes
)

// wrongField is the field the decoding error names for each wrong type;
// "%d" stands for the track's index.
var wrongField = [numWrongTypes]string{
	wrongPositionString: "tracks[%d].position",
	wrongPositionFloat:  "tracks[%d].position",
	wrongBPMString:      "tracks[%d].bpm",
	wrongDJNamesString:  "dj_names",
	wrongTracksObject:   "tracks",
	wrongPlayedOnNumber: "played_on",
	wrongScrapedAtText:  "scraped_at",
}

// encode returns p as one JSON line, in a new slice of exactly its size.
func (g *Generator) encode(p *record.ScrapedPlaylist, o *encOpts) []byte {
	g.jbuf = appendPlaylist(g.jbuf[:0], p, o)
	return append([]byte(nil), g.jbuf...)
}

// jsonWriter writes one object's fields, with commas.
type jsonWriter struct {
	b     []byte
	first bool
}

func (w *jsonWriter) key(k string) {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

func (w *jsonWriter) str(k, v string) {
	w.key(k)
	w.b = appendString(w.b, v)
}

func (w *jsonWriter) optStr(k string, v *string, nulls bool) {
	switch {
	case v != nil:
		w.str(k, *v)
	case nulls:
		w.key(k)
		w.b = append(w.b, "null"...)
	}
}

func appendPlaylist(b []byte, p *record.ScrapedPlaylist, o *encOpts) []byte {
	w := jsonWriter{b: append(b, '{'), first: true}
	switch {
	case o.source != "":
		w.str("source", o.source)
	case !o.omitSource:
		w.str("source", p.Source)
	}
	if o.skip != "source_url" {
		w.str("source_url", p.SourceURL)
	}
	w.optStr("source_playlist_id", p.SourcePlaylistID, o.nulls)
	if o.skip != "name" {
		w.str("name", p.Name)
	}
	w.key("dj_names")
	if o.wrong == wrongDJNamesString {
		w.b = appendString(w.b, joinAmp(p.DjNames))
	} else {
		w.b = append(w.b, '[')
		for i, d := range p.DjNames {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = appendString(w.b, d)
		}
		w.b = append(w.b, ']')
	}
	w.optStr("event", p.Event, o.nulls)
	w.optStr("venue", p.Venue, o.nulls)
	if o.wrong == wrongPlayedOnNumber {
		w.key("played_on")
		w.b = append(w.b, "20210403"...)
	} else {
		w.optStr("played_on", p.PlayedOnText, o.nulls)
	}
	switch {
	case o.skip == "scraped_at":
	case o.wrong == wrongScrapedAtText:
		w.str("scraped_at", p.ScrapedAt.Format("01/02/2006 15:04"))
	default:
		w.key("scraped_at")
		w.b = append(w.b, '"')
		w.b = p.ScrapedAt.AppendFormat(w.b, time.RFC3339Nano)
		w.b = append(w.b, '"')
	}
	if o.skip != "parser_version" {
		w.str("parser_version", p.ParserVersion)
	}
	w.key("tracks")
	if o.wrong == wrongTracksObject {
		w.b = append(w.b, "{}"...)
	} else {
		w.b = append(w.b, '[')
		for i := range p.Tracks {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = appendTrack(w.b, &p.Tracks[i], i, o)
		}
		w.b = append(w.b, ']')
	}
	if o.unknown != "" && o.unknownTrack < 0 {
		w.str(o.unknown, p.Name)
	}
	return append(w.b, '}')
}

func joinAmp(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " & "
		}
		out += x
	}
	return out
}

func appendTrack(b []byte, t *record.ScrapedTrack, i int, o *encOpts) []byte {
	w := jsonWriter{b: append(b, '{'), first: true}
	w.key("position")
	switch {
	case o.wrong == wrongPositionString && o.wrongTrack == i:
		w.b = append(w.b, '"')
		w.b = strconv.AppendInt(w.b, int64(t.Position), 10)
		w.b = append(w.b, '"')
	case o.wrong == wrongPositionFloat && o.wrongTrack == i:
		w.b = strconv.AppendInt(w.b, int64(t.Position), 10)
		w.b = append(w.b, ".5"...)
	default:
		w.b = strconv.AppendInt(w.b, int64(t.Position), 10)
	}
	if !(o.skip == "raw_line" && o.skipTrack == i) {
		w.str("raw_line", t.RawLine)
	}
	w.optStr("artist", t.Artist, o.nulls)
	w.optStr("title", t.Title, o.nulls)
	w.optStr("label", t.Label, o.nulls)
	w.optStr("catalog", t.Catalog, o.nulls)
	switch {
	case o.wrong == wrongBPMString && o.wrongTrack == i:
		w.key("bpm")
		bpm := 124.0
		if t.Bpm != nil {
			bpm = *t.Bpm
		}
		w.b = append(w.b, '"')
		w.b = strconv.AppendFloat(w.b, bpm, 'f', -1, 64)
		w.b = append(w.b, '"')
	case t.Bpm != nil:
		w.key("bpm")
		w.b = strconv.AppendFloat(w.b, *t.Bpm, 'f', -1, 64)
	case o.nulls:
		w.key("bpm")
		w.b = append(w.b, "null"...)
	}
	w.optStr("key", t.Key, o.nulls)
	w.optStr("genre", t.Genre, o.nulls)
	w.optStr("cue", t.Cue, o.nulls)
	if o.unknown != "" && o.unknownTrack == i {
		w.str(o.unknown, t.RawLine)
	}
	return append(w.b, '}')
}

// appendString writes s as a JSON string. Only '"', '\\' and control
// characters are escaped: other bytes, UTF-8 or not, are copied, so that
// a bad item can carry invalid UTF-8 as a broken scraper would.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
