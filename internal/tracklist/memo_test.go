package tracklist

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// memoCorpus is every line of the golden file and the benchmark, behind
// each kind of prefix, with and without hints: the lines a Memo sees
// twice, with different prefixes, and must answer exactly as Analyze.
func memoCorpus(t testing.TB) ([]string, []Hints) {
	c := loadCompat(t)
	bodies := append(benchLines(), "ID", "?", "Artist", "(1. Artist - Title", "(0:00 Artist - Title", "[Label]", "Tiësto - ")
	for _, v := range c.TrackIDFromLine {
		bodies = append(bodies, v.Line)
	}
	for _, v := range c.ParseLine {
		bodies = append(bodies, v.Line)
	}
	var lines []string
	for _, b := range bodies {
		for _, p := range []string{"", "[30] ", "[40:54] ", "[??] ", "01. ", "+ ", "12:30 ", "(3) ", "\xff "} {
			lines = append(lines, p+b)
		}
	}
	hints := []Hints{
		{},
		{Artist: "Deadmau5", Title: "Strobe"},
		{Artist: "Someone Else", Label: "Drumcode", Catalog: "DC190", Key: "8A", BPM: 126, Genre: "Techno"},
		{Title: "Only A Title", Key: "H#", BPM: 900},
	}
	return lines, hints
}

func TestMemoIsAnalyze(t *testing.T) {
	lines, hints := memoCorpus(t)
	m := NewMemo(64) // small: entries move between generations too
	hits := 0
	for round := range 2 {
		for _, h := range hints {
			for _, l := range lines {
				want := Analyze(l, h)
				got := m.Analyze(l, h)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("round %d, %q %+v:\nmemo    %+v\nAnalyze %+v", round, l, h, got, want)
				}
				if round == 1 {
					hits++
				}
			}
		}
	}
	if n := m.len(); n == 0 {
		t.Fatal("the memo remembered nothing")
	}
	t.Logf("%d lines analysed twice", hits)
}

// TestMemoConcurrent: goroutines sharing a Memo (as the stage's workers
// do) get Analyze's results; run with -race it checks the locking.
func TestMemoConcurrent(t *testing.T) {
	lines, hints := memoCorpus(t)
	m := NewMemo(256)
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range lines {
				l, h := lines[(i*7+g*13)%len(lines)], hints[(i+g)%len(hints)]
				if got, want := m.Analyze(l, h), Analyze(l, h); !reflect.DeepEqual(got, want) {
					errs <- fmt.Sprintf("%q %+v:\nmemo    %+v\nAnalyze %+v", l, h, got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestMemoBounded(t *testing.T) {
	m := NewMemo(160)
	for i := range 5000 {
		m.Analyze("Artist - Title "+strings.Repeat("x", i%1000), Hints{})
	}
	if n := m.len(); n > 320 {
		t.Fatalf("%d entries, want at most 320", n)
	}
}

func (m *Memo) len() int {
	n := 0
	for i := range m.shards {
		n += len(m.shards[i].cur) + len(m.shards[i].old)
	}
	return n
}

func FuzzMemo(f *testing.F) {
	lines, _ := memoCorpus(f)
	for i, l := range lines {
		if i%7 == 0 {
			f.Add(l, "", "")
		}
	}
	f.Add("[30] ID - ID", "Deadmau5", "Strobe")
	f.Add("Strobe", "Deadmau5", "")
	f.Fuzz(func(t *testing.T, line, artist, title string) {
		m := NewMemo(4)
		h := Hints{Artist: artist, Title: title}
		want := Analyze(line, h)
		for range 2 {
			if got := m.Analyze(line, h); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q %+v:\nmemo    %+v\nAnalyze %+v", line, h, got, want)
			}
		}
		// The same body behind another prefix.
		if other := "[1:02:03] " + line; !reflect.DeepEqual(m.Analyze(other, h), Analyze(other, h)) {
			t.Fatalf("%q %+v: memo and Analyze differ", other, h)
		}
	})
}

// TestMemoAnalyzeLinesIsAnalyzeLines holds a Memo's AnalyzeLines to
// AnalyzeLines on every real tracklist of the corpus, one Memo shared by
// all, twice: the same bodies come again in other lists and layouts (each
// list is read as it is, with its numbers dropped, and under cues and
// headings), as in the stage, where a body's parse in one layout is
// remembered from another list.
func TestMemoAnalyzeLinesIsAnalyzeLines(t *testing.T) {
	files, err := filepath.Glob("testdata/real/tracklists/*/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no tracklists: %v", err)
	}
	var lists [][]string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var lines, bare, cued []string
		for i, l := range strings.Split(string(b), "\n") {
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			lines = append(lines, l)
			body := strings.TrimLeft(l, "0123456789.) ")
			bare = append(bare, body)
			cued = append(cued, fmt.Sprintf("[%d:%02d] %s", i/60, i%60, body))
		}
		lists = append(lists, lines, bare, cued, append([]string{"Part 1:"}, bare...))
	}
	m := NewMemo(1024) // small: entries move between generations too
	for round := range 2 {
		for i, lines := range lists {
			if got, want := m.AnalyzeLines(lines, nil), AnalyzeLines(lines, nil); !reflect.DeepEqual(got, want) {
				for k := range got {
					if !reflect.DeepEqual(got[k], want[k]) {
						t.Fatalf("round %d, list %d (%s), line %q:\nmemo         %+v\nAnalyzeLines %+v", round, i, files[i/4], lines[k], got[k], want[k])
					}
				}
			}
		}
	}
}
