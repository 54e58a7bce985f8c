package eval

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const corpus = "../testdata/real"

// floor is what the parser reaches on the labelled corpus today: a change
// that reads real tracklists worse fails here. The project's targets
// (DefaultTargets, which `songnodes parse --eval` checks) are above it; the
// gap is logged, and docs/parsing.md says where it comes from.
// Rounds 20j to 20o (harder lists than the corpus's average) took it
// from 93.5% of lines, 94% of titles and 0.5% of valid lines wrong to
// these.
var floor = Targets{Lines: 0.915, Titles: 0.925, ValidWrong: 0.007}

func TestRealCorpus(t *testing.T) {
	lines, _, err := Load(filepath.Join(corpus, "lines.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	_, titles, err := Load(filepath.Join(corpus, "titles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) < 400 || len(titles) < 120 {
		t.Fatalf("%d labelled lines and %d titles: the corpus lost labels", len(lines), len(titles))
	}
	for _, r := range []*Report{ScoreLines(lines), ScoreTitles(titles)} {
		var b strings.Builder
		r.Print(&b, false)
		t.Log("\n" + b.String())
		if err := r.Check(floor); err != nil {
			t.Errorf("below the floor: %v (songnodes parse --eval %s --mismatches lists the lines)", err, corpus)
		}
		if err := r.Check(DefaultTargets); err != nil {
			t.Logf("project targets not met yet: %v", err)
		}
	}
}

// The corpus is what docs/parsing.md says it is: real tracklists, each with
// its provenance, of many kinds of source.
func TestCorpusShape(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpus, "tracklists", "*", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	lines := 0
	for _, f := range files {
		tl, err := ReadTracklist(f)
		if err != nil {
			t.Fatal(err)
		}
		kind := filepath.Base(filepath.Dir(f))
		if tl.Headers["source"] != kind {
			t.Errorf("%s: source %q, but it is filed under %s", f, tl.Headers["source"], kind)
		}
		if tl.Headers["from"] == "" || tl.Headers["via"] == "" {
			t.Errorf("%s: no provenance (# from: and # via: headers)", f)
		}
		kinds[kind] = true
		lines += len(tl.Lines)
	}
	if len(files) < 60 || lines < 1500 || len(kinds) < 5 {
		t.Errorf("%d tracklists, %d lines, %d kinds of source: want at least 60, 1500 and 5", len(files), lines, len(kinds))
	}
	titles := 0
	f, err := os.Open(filepath.Join(corpus, "titles.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			if len(strings.Split(l, "\t")) != 3 {
				t.Errorf("titles.tsv: %q: want title, kind, provenance", l)
			}
			titles++
		}
	}
	if titles < 300 {
		t.Errorf("%d titles, want at least 300", titles)
	}
}
