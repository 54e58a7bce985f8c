package e2e

import (
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/songnodes/pipeline/internal/testenv"
)

// Silver and gold, the stages with the most SQL (advisory locks, COPY,
// statement timeouts, many statements per batch), run as processes whose
// DATABASE_URL is a PgBouncer in transaction pooling with two server
// connections for all of them (two gold replicas and a silver one) and no
// prepared statements kept: a statement prepared on one server connection,
// a session setting or a session lock would meet another client's
// transaction. Their tables are what they are without it: silver holds the
// current version of every playlist, gold equals a recount from silver,
// the topics hold every record once, nothing is dead-lettered.
func TestStagesThroughPgBouncer(t *testing.T) {
	s := newStack(t, stackOptions{})
	bouncer := "DATABASE_URL=" + testenv.PgBouncer(t, s.dbURL, 2)
	s.runBronze(1 << 20) // bronze straight to PostgreSQL
	procs := []*exec.Cmd{
		s.startReplica("silver", 0, bouncer),
		s.startReplica("gold", 0, bouncer),
		s.startReplica("gold", 1, bouncer),
	}
	t.Cleanup(func() {
		for _, p := range procs {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	})
	s.feed(500, 300)

	raw := s.rawRecords()
	want := expectations(t, s, raw)
	s.settleScaled(want)
	s.assertScaled(raw, want)
	// Every replica wrote through the pooler, and no batch failed: a
	// stage that failed through it and succeeded on a retry (the
	// pooler happened to give back the same server connection) would
	// still reach the right tables, only later.
	for i, p := range procs {
		if n := processMetric(t, p, "songnodes_stage_transactions_total"); n == 0 {
			t.Errorf("process %d (%s) committed no transaction", i, p.Path)
		}
		if n := processMetric(t, p, "songnodes_stage_retries_total"); n != 0 {
			t.Errorf("process %d (%s) retried %v failed batches", i, p.Path, n)
		}
	}
}

// processMetric reads a counter or gauge from a stage process's /metrics,
// summed over its series.
func processMetric(t *testing.T, p *exec.Cmd, name string) float64 {
	t.Helper()
	var addr string
	for _, e := range p.Env {
		if v, ok := strings.CutPrefix(e, "HTTP_ADDR="); ok {
			addr = v // the last one is the one the process took
		}
	}
	resp, err := http.Get("http://" + addr + "/metrics")
	testenv.Must(t, err, "GET %s/metrics", addr)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	testenv.Must(t, err, "read %s/metrics", addr)
	var sum float64
	found := false
	for line := range strings.Lines(string(body)) {
		f := strings.Fields(line)
		if len(f) < 2 || (f[0] != name && !strings.HasPrefix(f[0], name+"{")) {
			continue
		}
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		testenv.Must(t, err, "metric line %q", line)
		sum, found = sum+v, true
	}
	if !found {
		t.Fatalf("%s has no %s", addr, name)
	}
	return sum
}
