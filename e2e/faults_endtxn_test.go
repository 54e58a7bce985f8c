//go:build faults

package e2e

import (
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Commits whose EndTxn the broker answers with a timeout. Every seventh
// EndTxn commit of the stages is taken by kfake's control hook, six in
// all, in turn: answered REQUEST_TIMED_OUT without being applied (the
// client cannot tell it from a commit whose answer was lost), or held
// longer than the client waits for an answer and then applied (the
// client saw a timeout, the commit happened: an ambiguous commit). The
// stages end with nothing lost or duplicated.
func TestFaultEndTxnTimeout(t *testing.T) {
	records := faultRecords(t, 20000) / 4
	s := newStack(t, stackOptions{})
	var (
		mu                sync.Mutex
		commits           int
		refused, heldLate int
	)
	const injections = 6
	s.cluster.ControlKey(int16(kmsg.EndTxn), func(req kmsg.Request) (kmsg.Response, error, bool) {
		s.cluster.KeepControl()
		r := req.(*kmsg.EndTxnRequest)
		if !r.Commit {
			return nil, nil, false
		}
		mu.Lock()
		commits++
		inject := commits%7 == 0 && refused+heldLate < injections
		late := inject && (refused+heldLate)%2 == 1
		switch {
		case !inject:
		case late:
			heldLate++
		default:
			refused++
		}
		mu.Unlock()
		if !inject {
			return nil, nil, false
		}
		t.Logf("EndTxn commit %d of %s: injecting a timeout (applied late: %v)", commits, r.TransactionalID, late)
		if late {
			// franz-go waits 10s (RequestTimeoutOverhead) for an answer.
			s.cluster.SleepControl(func() { time.Sleep(15 * time.Second) })
			return nil, nil, false // now applied, to a client that gave up
		}
		resp := r.ResponseKind().(*kmsg.EndTxnResponse)
		resp.ErrorCode = kerr.RequestTimedOut.Code
		return resp, nil, true
	})
	procs := []*exec.Cmd{s.startProcess("bronze", "BATCH_MAX_RECORDS=100"), s.startProcess("silver", "BATCH_MAX_RECORDS=100"), s.startProcess("gold", "BATCH_MAX_RECORDS=100")}
	t.Cleanup(func() {
		for _, p := range procs {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	})
	s.feed(records/2, 13000)

	raw := s.rawRecords()
	want := expectations(t, s, raw)
	s.settleScaled(want)
	mu.Lock()
	t.Logf("%d EndTxn commits: %d answered REQUEST_TIMED_OUT unapplied, %d applied after the client's timeout", commits, refused, heldLate)
	if refused+heldLate < injections {
		mu.Unlock()
		t.Fatalf("only %d EndTxn timeouts injected, want %d: too few records", refused+heldLate, injections)
	}
	mu.Unlock()
	for i, name := range []string{"bronze", "silver", "gold"} {
		t.Logf("%s: %v transactions committed, %v aborted, %v retries", name, processMetric(t, procs[i], "songnodes_stage_transactions_total"),
			processMetric(t, procs[i], "songnodes_stage_transaction_aborts_total"), processMetric(t, procs[i], "songnodes_stage_retries_total"))
	}
	s.reportFigures("endtxn-timeout", raw, want, map[string]int{})
	if !t.Failed() {
		s.assertScaled(raw, want)
	}
}
