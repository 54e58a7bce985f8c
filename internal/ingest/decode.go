package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/songnodes/pipeline/internal/record"
)

// playlistJSON is a playlist as scrapers send it: the Avro field names,
// times in RFC 3339, and played_on as the date text as scraped ("2021-04-03",
// or partial: "2009-11", "1998").
type playlistJSON struct {
	record.ScrapedPlaylist
	PlayedOn *string `json:"played_on"`
}

// RefusedError is a playlist that is well-formed JSON of the playlist's
// shape, refused by the check bronze makes too (record.ValidateRaw): the
// API answers 422 when every playlist of a request is one.
type RefusedError struct{ Err error }

func (e *RefusedError) Error() string { return e.Err.Error() }
func (e *RefusedError) Unwrap() error { return e.Err }

// DecodePlaylist decodes one JSON playlist for source, judged as written
// now; see DecodePlaylistAt.
func DecodePlaylist(b []byte, source string) (*record.ScrapedPlaylist, error) {
	return DecodePlaylistAt(b, source, time.Now())
}

// DecodePlaylistAt decodes one JSON playlist for source, to be written to
// Kafka at written. The error names the field at fault; it is a
// *RefusedError when the JSON is fine and the playlist is not. source
// fills in the body's source when the body leaves it out, and must match
// it otherwise. The JSON is read strictly: no unknown field, no field
// twice, no invalid UTF-8, no lone surrogate escape.
func DecodePlaylistAt(b []byte, source string, written time.Time) (*record.ScrapedPlaylist, error) {
	if !utf8.Valid(b) {
		// encoding/json would quietly turn the bad bytes into U+FFFD and
		// store something the scraper never sent.
		return nil, fmt.Errorf("not valid UTF-8 at byte %d", invalidAt(b))
	}
	var pj playlistJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pj); err != nil {
		return nil, jsonError(err, b)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more than one JSON value on the line")
	}
	if err := checkStrict(b); err != nil {
		return nil, err
	}
	p := &pj.ScrapedPlaylist
	switch {
	case p.Source == "":
		p.Source = source
	case p.Source != source:
		return nil, &RefusedError{fmt.Errorf("field source: %q does not match the source %q in the URL", p.Source, source)}
	}
	if pj.PlayedOn != nil {
		text := strings.TrimSpace(*pj.PlayedOn)
		if text != "" {
			p.PlayedOnText = &text
			if d, err := time.Parse(time.DateOnly, text); err == nil {
				p.PlayedOn = &d
			}
		}
	}
	if p.DjNames == nil {
		p.DjNames = []string{}
	}
	if p.Tracks == nil {
		p.Tracks = []record.ScrapedTrack{}
	}
	p.ScrapedAt = p.ScrapedAt.UTC().Truncate(time.Millisecond)
	if err := p.ValidateRaw(source, written); err != nil {
		return nil, &RefusedError{err}
	}
	return p, nil
}

// jsonError rewrites encoding/json's errors to name the field as a scraper
// author knows it, with the track's index when the field is a track's.
func jsonError(err error, b []byte) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var pe *time.ParseError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("malformed JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		field := strings.TrimPrefix(te.Field, "ScrapedPlaylist.")
		if field == "" {
			return fmt.Errorf("want a JSON object, got %s", te.Value)
		}
		if sub, ok := strings.CutPrefix(field, "tracks."); ok {
			field = fmt.Sprintf("tracks[%d].%s", badTrack(b), sub)
		}
		return fmt.Errorf("field %s: want %s, got %s", field, jsonType(te.Type.String()), te.Value)
	case errors.As(err, &pe):
		return fmt.Errorf("field scraped_at: %q is not an RFC 3339 time (e.g. 2024-05-01T22:00:00Z)", pe.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("malformed JSON: unexpected end of input")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Errorf("unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return fmt.Errorf("malformed JSON: %v", err)
}

// badTrack finds the index of the first track that does not decode.
func badTrack(b []byte) int {
	var p struct{ Tracks []json.RawMessage }
	if json.Unmarshal(b, &p) != nil {
		return 0
	}
	for i, t := range p.Tracks {
		var st record.ScrapedTrack
		if json.Unmarshal(t, &st) != nil {
			return i
		}
	}
	return 0
}

func jsonType(goType string) string {
	switch strings.TrimLeft(goType, "*[]") {
	case "int", "int32", "int64":
		return "an integer"
	case "float64", "float32":
		return "a number"
	case "string":
		return "a string"
	case "time.Time":
		return "an RFC 3339 time string"
	}
	if strings.HasPrefix(goType, "[]") {
		return "an array"
	}
	return "an object"
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// Item is one playlist of a request body.
type Item struct {
	Index int    // 0-based, among the body's playlists
	Line  int    // 1-based line of the body where it starts
	Raw   []byte // its JSON
}

// SplitBody splits a request body into playlists: one JSON document (an
// object, possibly spread over many lines), or NDJSON (one object per line,
// blank lines ignored).
func SplitBody(body []byte) []Item {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil
	}
	if bytes.IndexByte(trimmed, '\n') < 0 || json.Valid(trimmed) {
		return []Item{{Index: 0, Line: 1 + bytes.Count(body[:bytes.Index(body, trimmed)], []byte{'\n'}), Raw: trimmed}}
	}
	var items []Item
	line := 0
	for len(body) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			l, body = body[:i], body[i+1:]
		} else {
			l, body = body, nil
		}
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		items = append(items, Item{Index: len(items), Line: line, Raw: l})
	}
	return items
}
