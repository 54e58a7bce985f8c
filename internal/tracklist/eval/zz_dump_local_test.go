package eval

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/songnodes/pipeline/internal/tracklist"
)

// Local measuring aid (not committed): DUMP=out FILES=a,b go test -run TestZZDump
func TestZZDump(t *testing.T) {
	out := os.Getenv("DUMP")
	if out == "" {
		t.Skip()
	}
	f, _ := os.Create(out)
	defer f.Close()
	for _, p := range strings.Split(os.Getenv("FILES"), ",") {
		cases, _, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		r := ScoreLines(cases)
		wrong := map[int]bool{}
		for _, m := range r.Mismatches {
			wrong[m.At] = true
		}
		for _, c := range cases {
			// re-run cheaply: verdict from a fresh parse of the context
			_ = c
		}
		rv := ScoreLinesVerdicts(cases)
		for i, c := range cases {
			fmt.Fprintf(f, "%s:%d\t%s\t%v\t%s\n", p, c.At, rv[i], wrong[c.At], c.Line)
		}
	}
}

func ScoreLinesVerdicts(cases []LineCase) []string {
	var out []string
	parsed := map[*string][]tracklist.Analysis{}
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
		out = append(out, string(a.Status)+" "+strings.Join(a.Issues, ","))
	}
	return out
}
