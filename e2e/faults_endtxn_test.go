//go:build faults

package e2e

import (
	"errors"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/songnodes/pipeline/internal/testenv"
)

// Commits whose EndTxn the broker answers with a timeout. Every seventh
// EndTxn commit of the stages is taken by kfake's control hook, six in
// all, in turn: answered REQUEST_TIMED_OUT without being applied (the
// client cannot tell it from a commit whose answer was lost), or applied
// (the test sends the same request on a connection of its own) and its
// connection then dropped, so that the client never hears that it
// committed: an ambiguous commit, the one that happened. The stages end
// with nothing lost or duplicated.
func TestFaultEndTxnTimeout(t *testing.T) {
	records := faultRecords(t, 12000) / 6 // each of its timeouts costs the stage seconds
	s := newStack(t, stackOptions{})
	var (
		mu                sync.Mutex
		commits           int
		refused, heldLate int
	)
	const injections = 6
	proxy := testenv.Client(t, s.kcfg)
	var proxying atomic.Bool
	s.cluster.ControlKey(int16(kmsg.EndTxn), func(req kmsg.Request) (kmsg.Response, error, bool) {
		s.cluster.KeepControl()
		r := req.(*kmsg.EndTxnRequest)
		if !r.Commit || proxying.Load() {
			return nil, nil, false // the test's own copy goes through
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
			var err error
			var code int16
			s.cluster.SleepControl(func() {
				proxying.Store(true)
				defer proxying.Store(false)
				var resp kmsg.Response
				resp, err = proxy.Request(t.Context(), r)
				if err == nil {
					code = resp.(*kmsg.EndTxnResponse).ErrorCode
				}
			})
			t.Logf("EndTxn commit of %s applied behind its back: %v, error code %d; dropping its connection", r.TransactionalID, err, code)
			return nil, errors.New("the answer is lost"), true
		}
		resp := r.ResponseKind().(*kmsg.EndTxnResponse)
		resp.ErrorCode = kerr.RequestTimedOut.Code
		return resp, nil, true
	})
	// A stage whose EndTxn failed starts a new session, whose
	// InitProducerID kfake answers only once the transaction left open
	// has timed out: a 10 s timeout, not the default minute, keeps each
	// refused commit from stalling the stage for a minute.
	env := []string{"BATCH_MAX_RECORDS=100", "KAFKA_TRANSACTION_TIMEOUT=10s"}
	procs := []*exec.Cmd{s.startProcess("bronze", env...), s.startProcess("silver", env...), s.startProcess("gold", env...)}
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
	t.Logf("%d EndTxn commits: %d answered REQUEST_TIMED_OUT unapplied, %d applied with the answer lost", commits, refused, heldLate)
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
