package eval

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/songnodes/pipeline/internal/tracklist"
)

// Targets are the figures a parser must reach on a labelled corpus.
type Targets struct {
	Lines      float64 // share of labelled lines with every field exact
	Titles     float64 // share of labelled titles with every field exact
	ValidWrong float64 // most of the lines marked valid that may be wrong
}

// DefaultTargets are the project's (docs/parsing.md).
var DefaultTargets = Targets{Lines: 0.97, Titles: 0.97, ValidWrong: 0.01}

// Mismatch is a line or title the parser did not read as labelled.
type Mismatch struct {
	Exact  bool // only reported fields differ
	At     int  // line of the labelled file
	Input  string
	Fields []FieldDiff
	Status string   // the parser's verdict on a line
	Issues []string // and its issue codes
}

// FieldDiff is one field read differently.
type FieldDiff struct {
	Field     string
	Got, Want any
}

// Report is the score of one kind of case (lines or titles).
type Report struct {
	Kind   string // "lines" or "titles"
	Cases  int
	Exact  int
	Fields []string // every field of them must be right for a case to be exact
	// Reported are fields scored and printed but not part of exactness:
	// a title's venue and event, where people reading the same title
	// disagree (is "Boiler Room London" a show or a place?).
	Reported []string
	Scored   map[string]int // field -> cases where it was labelled
	Correct  map[string]int // field -> cases where it was right
	// Lines only: the parser's verdicts, and how many of each were wrong.
	Verdicts       map[string]int
	WrongByVerdict map[string]int
	Mismatches     []Mismatch
}

// Accuracy is the share of cases with every labelled field exact.
func (r *Report) Accuracy() float64 {
	if r.Cases == 0 {
		return 0
	}
	return float64(r.Exact) / float64(r.Cases)
}

// ValidWrong is the share of the lines the parser marked valid that are
// wrong.
func (r *Report) ValidWrong() float64 {
	if r.Verdicts[string(tracklist.StatusValid)] == 0 {
		return 0
	}
	return float64(r.WrongByVerdict[string(tracklist.StatusValid)]) / float64(r.Verdicts[string(tracklist.StatusValid)])
}

func newReport(kind string, fields []string) *Report {
	return &Report{Kind: kind, Fields: fields, Scored: map[string]int{}, Correct: map[string]int{},
		Verdicts: map[string]int{}, WrongByVerdict: map[string]int{}}
}

// ScoreLines parses every case, each in its tracklist when it has one, and
// compares the result with its labels.
func ScoreLines(cases []LineCase) *Report {
	r := newReport("lines", lineFields)
	parsed := map[*string][]tracklist.Analysis{} // by the first element of a context
	for _, c := range cases {
		var a tracklist.Analysis
		if len(c.Context) > 0 {
			key := &c.Context[0]
			all, ok := parsed[key]
			if !ok {
				all = tracklist.AnalyzeLines(c.Context, nil)
				parsed[key] = all
			}
			a = all[c.N-1]
		} else {
			a = tracklist.AnalyzeLines([]string{c.Line}, nil)[0]
		}
		got := LineFields(a)
		diffs := r.compare(c.Want, got)
		verdict := string(a.Status)
		r.Verdicts[verdict]++
		if len(diffs) > 0 {
			r.WrongByVerdict[verdict]++
			r.Mismatches = append(r.Mismatches, Mismatch{At: c.At, Input: c.Line, Fields: diffs, Status: verdict, Issues: a.Issues})
		}
	}
	return r
}

// LineFields is what the parser read, by label field.
func LineFields(a tracklist.Analysis) map[string]any {
	status := string(a.Status)
	switch a.Status {
	case tracklist.StatusValid, tracklist.StatusWarning:
		status = "track"
	}
	return map[string]any{
		"status": status, "artists": nonNil(a.Artists), "featured": nonNil(a.Featured), "remixers": nonNil(a.Remixers),
		"title": a.Title, "version": a.Version, "label": a.Label, "catalog": a.Catalog, "cue": a.Cue,
		"with_previous": a.WithPrevious,
	}
}

// ScoreTitles parses every title and compares the result with its labels.
func ScoreTitles(cases []TitleCase) *Report {
	r := newReport("titles", titleExact)
	r.Reported = titleReported
	for _, c := range cases {
		t := tracklist.ParseTitle(c.Title)
		got := map[string]any{"date": t.Date, "djs": nonNil(t.DJs), "venue": t.Venue, "event": t.Event, "various": t.VariousArtists}
		if diffs := r.compare(c.Want, got); len(diffs) > 0 {
			r.Mismatches = append(r.Mismatches, Mismatch{At: c.At, Input: c.Title, Fields: diffs, Exact: !slices.ContainsFunc(diffs, isGated)})
		}
	}
	return r
}

// compare scores one case and returns its differences: those of the
// fields that make a case exact, then those of the reported ones.
func (r *Report) compare(want, got map[string]any) []FieldDiff {
	r.Cases++
	diffs := r.score(nil, r.Fields, "", want, got)
	if len(diffs) == 0 {
		r.Exact++
	}
	return r.score(diffs, r.Reported, " (reported)", want, got)
}

// score counts the labelled fields among fields and appends the wrong ones.
func (r *Report) score(diffs []FieldDiff, fields []string, suffix string, want, got map[string]any) []FieldDiff {
	for _, f := range fields {
		w, ok := want[f]
		if !ok {
			continue
		}
		r.Scored[f]++
		if equal(f, got[f], w) {
			r.Correct[f]++
		} else {
			diffs = append(diffs, FieldDiff{Field: f + suffix, Got: got[f], Want: w})
		}
	}
	return diffs
}

func equal(field string, got, want any) bool {
	g, gl := got.([]string)
	w, wl := want.([]string)
	if !gl || !wl {
		return got == want
	}
	if field == "featured" || field == "remixers" {
		g, w = slices.Sorted(slices.Values(g)), slices.Sorted(slices.Values(w))
	}
	return slices.Equal(g, w)
}

// Check returns an error naming every target the report misses.
func (r *Report) Check(t Targets) error {
	var miss []string
	target := t.Lines
	if r.Kind == "titles" {
		target = t.Titles
	}
	if r.Accuracy() < target {
		miss = append(miss, fmt.Sprintf("%s exact %.1f%% < %.1f%%", r.Kind, 100*r.Accuracy(), 100*target))
	}
	if r.Kind == "lines" {
		if r.ValidWrong() > t.ValidWrong {
			miss = append(miss, fmt.Sprintf("valid lines wrong %.1f%% > %.1f%%", 100*r.ValidWrong(), 100*t.ValidWrong))
		}
	}
	if len(miss) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(miss, "; "))
}

// Print writes the figures and, when mismatches is set, every case read
// differently from its label.
func (r *Report) Print(w io.Writer, mismatches bool) {
	fmt.Fprintf(w, "%s: %d labelled, %d exact (%.1f%%)\n", r.Kind, r.Cases, r.Exact, 100*r.Accuracy())
	for _, f := range r.Fields {
		if n := r.Scored[f]; n > 0 {
			fmt.Fprintf(w, "  %-14s %5.1f%%  (%d of %d)\n", f, 100*float64(r.Correct[f])/float64(n), r.Correct[f], n)
		}
	}
	for _, f := range r.Reported {
		if n := r.Scored[f]; n > 0 {
			fmt.Fprintf(w, "  %-14s %5.1f%%  (%d of %d; reported, not part of exact)\n", f, 100*float64(r.Correct[f])/float64(n), r.Correct[f], n)
		}
	}
	if r.Kind == "lines" {
		verdicts := make([]string, 0, len(r.Verdicts))
		for v := range r.Verdicts {
			verdicts = append(verdicts, v)
		}
		sort.Strings(verdicts)
		fmt.Fprintf(w, "  verdicts:")
		for _, v := range verdicts {
			fmt.Fprintf(w, " %s %d (%d wrong)", v, r.Verdicts[v], r.WrongByVerdict[v])
		}
		// A line that is not valid always carries an issue code, so the
		// wrong lines without one are the wrong valid lines.
		fmt.Fprintf(w, "\n  valid lines wrong: %.2f%% (every other wrong line carries an issue code)\n", 100*r.ValidWrong())
	}
	if !mismatches {
		return
	}
	for _, m := range r.Mismatches {
		fmt.Fprintf(w, "\n:%d %s", m.At, m.Input)
		if m.Status != "" {
			fmt.Fprintf(w, "   [%s %s]", m.Status, strings.Join(m.Issues, ","))
		}
		fmt.Fprintln(w)
		for _, d := range m.Fields {
			fmt.Fprintf(w, "    %-10s got %s, want %s\n", d.Field, show(d.Got), show(d.Want))
		}
	}
}

func isGated(d FieldDiff) bool { return !strings.HasSuffix(d.Field, " (reported)") }

func show(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprint(v)
}
