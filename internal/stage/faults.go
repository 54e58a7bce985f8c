//go:build faults

// Fault injection for the fault suite (make test-faults): a binary built
// with -tags faults kills itself with SIGKILL at the point of a batch that
// SONGNODES_FAULT names, once the process has committed a given number of
// batches (so that a restarted stage is shown to make progress between
// kills). Production builds have no tag: nofaults.go makes every hook a
// no-op and the variable is never read.
package stage

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// FaultsBuilt says whether this binary has the fault hooks.
const FaultsBuilt = true

// faultEnv is "<point>:<commits>[:stop]": kill the process at <point> of
// the first batch that reaches it after <commits> committed batches; with
// ":stop", stop it there instead (SIGSTOP, once: a zombie for the test to
// resume with SIGCONT after its partitions moved).
const faultEnv = "SONGNODES_FAULT"

var faultPlan = func() (p struct {
	point   FaultPoint
	commits int64
	stop    bool
}) {
	v := os.Getenv(faultEnv)
	if v == "" {
		return p
	}
	name, n, ok := strings.Cut(v, ":")
	n, action, _ := strings.Cut(n, ":")
	c, err := strconv.ParseInt(n, 10, 64)
	if !ok || err != nil || c < 0 || !validFaultPoint(FaultPoint(name)) || (action != "" && action != "stop") {
		fmt.Fprintf(os.Stderr, "%s=%q: want <point>:<committed batches>[:stop], the point one of %v\n", faultEnv, v, FaultPoints)
		os.Exit(2)
	}
	p.point, p.commits, p.stop = FaultPoint(name), c, action == "stop"
	return p
}()

var (
	faultCommits atomic.Int64
	faultStopped atomic.Bool
)

func validFaultPoint(p FaultPoint) bool {
	for _, q := range FaultPoints {
		if p == q {
			return true
		}
	}
	return false
}

// fault is called at each point of a batch; FaultCommitted counts.
func fault(p FaultPoint) {
	if p == FaultCommitted {
		faultCommits.Add(1)
		return
	}
	if faultPlan.point != p || faultCommits.Load() < faultPlan.commits {
		return
	}
	if faultPlan.stop {
		if faultStopped.CompareAndSwap(false, true) {
			fmt.Fprintf(os.Stderr, "fault injected: SIGSTOP at %s after %d committed batches\n", p, faultCommits.Load())
			_ = syscall.Kill(os.Getpid(), syscall.SIGSTOP) // returns once resumed
		}
		return
	}
	fmt.Fprintf(os.Stderr, "fault injected: SIGKILL at %s after %d committed batches\n", p, faultCommits.Load())
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	time.Sleep(time.Hour) // the signal is on its way
}

// faultOpts hooks the Kafka client: FaultInEndTxn fires once the EndTxn
// request has been written to the broker, before its answer is read.
func faultOpts() []kgo.Opt {
	if faultPlan.point != FaultInEndTxn {
		return nil
	}
	return []kgo.Opt{kgo.WithHooks(endTxnHook{})}
}

type endTxnHook struct{}

func (endTxnHook) OnBrokerWrite(_ kgo.BrokerMetadata, key int16, _ int, _, _ time.Duration, err error) {
	if key == int16(kmsg.EndTxn) && err == nil {
		fault(FaultInEndTxn)
	}
}
