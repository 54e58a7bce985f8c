package e2e

import (
	"os/exec"
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
