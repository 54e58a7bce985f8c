package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/pprof/profile"

	"github.com/songnodes/pipeline/internal/testenv"
)

// songnodes bench --profile writes a CPU profile of every measured loop
// run, each a real CPU profile, and prints the warm-up, the upsert limit
// and where each stage's CPU went.
func TestBenchProfile(t *testing.T) {
	t.Setenv("TEST_DATABASE_URL", testenv.PostgresServer(t))
	dir := filepath.Join(t.TempDir(), "profiles")
	var out, errs bytes.Buffer
	if code := Main([]string{"bench", "--playlists", "100", "--pipeline", "0", "--profile", dir}, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errs.String(), out.String())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		p, err := profile.Parse(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if !slices.ContainsFunc(p.SampleType, func(v *profile.ValueType) bool { return v.Type == "cpu" }) {
			t.Errorf("%s: not a CPU profile: %v", e.Name(), p.SampleType)
		}
	}
	// Every pair's two runs and each run with PostgreSQL; not the warm-up.
	for _, want := range []string{"passthrough-0.pprof", "bronze-nopg-0.pprof", "silver-nopg-1.pprof", "bronze-pg.pprof", "silver-pg.pprof", "gold-pg.pprof", "gold-pg-2.pprof"} {
		if !slices.Contains(names, want) {
			t.Errorf("no %s in %v", want, names)
		}
	}
	if len(names) != 16 || slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "warmup") }) {
		t.Errorf("profiles %v: want 6 pass-through, 3 bronze and 3 silver runs without PostgreSQL, 3 with, and gold's with two replicas", names)
	}
	for _, want := range []string{"warm-up (unmeasured)", "PostgreSQL upsert, new (limit)", "PostgreSQL upsert, updates (limit)",
		"over the upsert limit's rows/s", "gold, two replicas:", "CPU per playlist in µs", "decode    process     encode PostgreSQL      Kafka     broker      other"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
