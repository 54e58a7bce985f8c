// Package eval scores the tracklist parser against track lines and
// playlist titles labelled by hand: how many it reads exactly as a person
// would, field by field, and whether the ones it gets wrong say so.
//
// A labelled file holds one JSON object per line (docs/parsing.md has the
// format). An object with a "line" is a track line, one with a "title" and
// no "line" a playlist title:
//
//	{"from":"tracklists/blog/audite.txt","n":9,"line":"09: T.R.A.C. ft. Calibre – Blue (V Recordings)","status":"track","artists":["T.R.A.C."],"featured":["Calibre"],"title":"Blue","label":"V Recordings"}
//	{"title":"Solomun - Essential Mix 2016-03-05","date":"2016-03-05","djs":["Solomun"],"event":"Essential Mix"}
//
// A field left out means "none" (an empty string or list); a field set to
// null is not scored, for the rare case where a person cannot decide
// either. Labels are compared in Unicode NFC, the form the parser writes. A line with "from" and "n" is read in its tracklist (the n-th
// line of the file named, relative to the labelled file), as silver reads
// it in its playlist: the layout of the other lines is context.
package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// LineCase is a labelled track line.
type LineCase struct {
	From string // tracklist file, relative to the labelled file; "" for a line read alone
	N    int    // 1-based index of the line among the tracklist's lines
	Line string
	// Context is the whole tracklist when From is set.
	Context []string
	Want    map[string]any // field -> expected value (string, bool or []string); absent: not scored
	Needs   string         // "act", "knowledge": what a person needed beyond the line
	At      int            // line number in the labelled file
}

// TitleCase is a labelled playlist title.
type TitleCase struct {
	Title string
	Want  map[string]any
	At    int
}

// Line fields and how they compare. Lists of featured artists and
// remixers compare as sets (the track ID sorts them); primary artists in
// order (the first one makes the ID).
var (
	lineStrings = []string{"status", "title", "version", "label", "catalog", "cue"}
	lineLists   = []string{"artists", "featured", "remixers"}
	lineBools   = []string{"with_previous"}
	lineFields  = slices.Concat(lineStrings[:1], lineLists[:1], lineStrings[1:2], lineLists[1:], lineStrings[2:], lineBools)

	titleStrings  = []string{"date", "venue", "event"}
	titleLists    = []string{"djs"}
	titleBools    = []string{"various"}
	titleExact    = []string{"date", "djs", "various"}
	titleReported = []string{"event", "venue"}
)

// Statuses a label may give a line: what the line is, not a verdict.
var labelStatuses = map[string]bool{"track": true, "unidentified": true, "not_track": true}

// Load reads a labelled file.
func Load(path string) ([]LineCase, []TitleCase, error) {
	b, err := os.ReadFile(path) //nolint:gosec // the path is the caller's: a file given on the command line

	if err != nil {
		return nil, nil, err
	}
	dir := filepath.Dir(path)
	var lines []LineCase
	var titles []TitleCase
	contexts := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	at := 0
	for sc.Scan() {
		at++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "//") {
			continue
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(text), &raw); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", path, at, err)
		}
		if _, ok := raw["line"]; ok {
			c, err := lineCase(raw, dir, contexts)
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %w", path, at, err)
			}
			c.At = at
			lines = append(lines, c)
			continue
		}
		c := TitleCase{At: at}
		if err := str(raw, "title", &c.Title); err != nil || c.Title == "" {
			return nil, nil, fmt.Errorf("%s:%d: want a \"line\" or a \"title\"", path, at)
		}
		want, err := wants(raw, titleStrings, titleLists, titleBools)
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", path, at, err)
		}
		c.Want = want
		titles = append(titles, c)
	}
	return lines, titles, sc.Err()
}

func lineCase(raw map[string]json.RawMessage, dir string, contexts map[string][]string) (LineCase, error) {
	var c LineCase
	if err := str(raw, "line", &c.Line); err != nil {
		return c, err
	}
	if err := str(raw, "from", &c.From); err != nil {
		return c, err
	}
	if err := str(raw, "needs", &c.Needs); err != nil {
		return c, err
	}
	if n, ok := raw["n"]; ok {
		if err := json.Unmarshal(n, &c.N); err != nil {
			return c, fmt.Errorf("n: %w", err)
		}
	}
	if c.From != "" {
		ctx, ok := contexts[c.From]
		if !ok {
			tl, err := ReadTracklist(filepath.Join(dir, c.From))
			if err != nil {
				return c, err
			}
			ctx = tl.Lines
			contexts[c.From] = ctx
		}
		if c.N < 1 || c.N > len(ctx) {
			return c, fmt.Errorf("n = %d: %s has %d lines", c.N, c.From, len(ctx))
		}
		if ctx[c.N-1] != c.Line {
			return c, fmt.Errorf("line %d of %s is %q, not %q", c.N, c.From, ctx[c.N-1], c.Line)
		}
		c.Context = ctx
	}
	want, err := wants(raw, lineStrings, lineLists, lineBools)
	if err != nil {
		return c, err
	}
	if s, ok := want["status"].(string); !ok || !labelStatuses[s] {
		return c, errors.New(`"status" must be "track", "unidentified" or "not_track"`)
	}
	c.Want = want
	return c, nil
}

// wants collects the expected values: every field named, absent ones as
// "none", null ones left out.
func wants(raw map[string]json.RawMessage, strs, lists, bools []string) (map[string]any, error) {
	want := map[string]any{}
	for _, f := range strs {
		v, ok := raw[f]
		switch {
		case !ok:
			want[f] = ""
		case string(v) != "null":
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			want[f] = norm.NFC.String(s)
		}
	}
	for _, f := range lists {
		v, ok := raw[f]
		switch {
		case !ok:
			want[f] = []string{}
		case string(v) != "null":
			var l []string
			if err := json.Unmarshal(v, &l); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			for i := range l {
				l[i] = norm.NFC.String(l[i])
			}
			want[f] = nonNil(l)
		}
	}
	for _, f := range bools {
		v, ok := raw[f]
		switch {
		case !ok:
			want[f] = false
		case string(v) != "null":
			var b bool
			if err := json.Unmarshal(v, &b); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			want[f] = b
		}
	}
	return want, nil
}

func str(raw map[string]json.RawMessage, f string, dst *string) error {
	v, ok := raw[f]
	if !ok || string(v) == "null" {
		return nil
	}
	if err := json.Unmarshal(v, dst); err != nil {
		return fmt.Errorf("%s: %w", f, err)
	}
	return nil
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// Tracklist is a tracklist file of the corpus: "# key: value" headers
// (title, source, from, via, note), then one line per track line as
// published. Only those keys make a header, so a MixesDB line such as
// "# Artist: Title" is a line.
type Tracklist struct {
	Headers map[string]string
	Lines   []string
}

var headerKeys = map[string]bool{"title": true, "source": true, "from": true, "via": true, "note": true}

// ReadTracklist reads a tracklist file.
func ReadTracklist(path string) (Tracklist, error) {
	b, err := os.ReadFile(path) //nolint:gosec // a file of the caller's corpus
	if err != nil {
		return Tracklist{}, err
	}
	tl := Tracklist{Headers: map[string]string{}}
	body := false
	for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if !body && strings.HasPrefix(l, "# ") {
			if k, v, ok := strings.Cut(l[2:], ":"); ok && headerKeys[k] {
				tl.Headers[k] = strings.TrimSpace(v)
				continue
			}
		}
		body = true
		tl.Lines = append(tl.Lines, l)
	}
	return tl, nil
}
