//go:build faults

package e2e

import (
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/songnodes/pipeline/internal/testenv"
)

// feedRounds feeds records playlists in rounds a second apart, in the
// background; the channel closes when all are in.
func (s *stack) feedRounds(records, rounds int, seed uint64) chan struct{} {
	fed := make(chan struct{})
	go func() {
		defer close(fed)
		for r := range rounds {
			s.feed(records/2/rounds, seed+uint64(10*r))
			time.Sleep(time.Second)
		}
	}()
	return fed
}

func closed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// A rebalance storm: besides one replica of each stage that stays, a
// second replica of each joins, and leaves (SIGTERM: it finishes or aborts
// its batch and leaves the group) every 2.5 seconds while the records flow,
// and one in four leaves by SIGKILL instead. Every join and leave moves
// partitions in the middle of transactions.
func TestFaultRebalanceStorm(t *testing.T) {
	records := faultRecords(t, 20000) / 2
	s := newStack(t, stackOptions{brokers: 3, kafka: []kfake.Opt{kfake.MaxVersions(noEpochValidation())}})
	names := []string{"bronze", "silver", "gold"}
	var procs []*exec.Cmd
	t.Cleanup(func() {
		for _, p := range procs {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	})
	base := map[string]*exec.Cmd{}
	for _, name := range names {
		base[name] = s.startReplica(name, 0)
		procs = append(procs, base[name])
	}
	fed := s.feedRounds(records, 8, 15000)
	joins, leaves, kills := 0, 0, 0
	extra := map[string]*exec.Cmd{}
	for step := 1; step <= 12 || !closed(fed); step++ {
		time.Sleep(2500 * time.Millisecond)
		for _, name := range names {
			if p := extra[name]; p != nil {
				sig := syscall.SIGTERM
				if step%4 == 0 {
					sig, kills = syscall.SIGKILL, kills+1
				} else {
					leaves++
				}
				testenv.Must(t, p.Process.Signal(sig), "stop %s", name)
				_ = p.Wait()
				extra[name] = nil
				continue
			}
			p := s.startReplica(name, step)
			procs = append(procs, p)
			extra[name] = p
			joins++
		}
	}
	t.Logf("storm: %d joins, %d leaves (SIGTERM), %d kills (SIGKILL)", joins, leaves, kills)

	raw := s.rawRecords()
	want := expectations(t, s, raw)
	s.settleScaled(want)
	for _, name := range names {
		t.Logf("%s replica 0: %v transactions committed, %v aborted", name,
			processMetric(t, base[name], "songnodes_stage_transactions_total"), processMetric(t, base[name], "songnodes_stage_transaction_aborts_total"))
	}
	s.reportFigures("rebalance-storm", raw, want, map[string]int{"bronze": kills / 3, "silver": kills / 3, "gold": kills / 3})
	if !t.Failed() {
		s.assertScaled(raw, want)
	}
}

// Broker restarts and coordinator moves while the stages' transactions
// are open. kfake cannot stop a broker and keep its state apart: a
// "restart" here removes the broker (its listener closes; the leaders and
// coordinators it held move to the others, which is what clients see of a
// broker going down) and adds it again on its port a second later. Ten
// restarts, each broker in turn, with the group and transaction
// coordinators rehashed after every other one, while the records flow and
// batches run back to back.
func TestFaultBrokerRestarts(t *testing.T) {
	records := faultRecords(t, 20000) / 2
	s := newStack(t, stackOptions{brokers: 3, kafka: []kfake.Opt{kfake.MaxVersions(noEpochValidation())}})
	// Fed before the restarts: ingest answers 503 while its broker is
	// away, which is not what this test is about. The stages then work
	// through the backlog, batch after batch, through the restarts.
	s.feed(records/2, 17000)
	var procs []*exec.Cmd
	for _, name := range []string{"bronze", "silver", "gold"} {
		procs = append(procs, s.startReplica(name, 0))
	}
	t.Cleanup(func() {
		for _, p := range procs {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	})
	ports := map[int32]int{}
	for i, a := range s.kcfg.Brokers {
		_, p, err := net.SplitHostPort(a)
		testenv.Must(t, err, "broker address %s", a)
		ports[int32(i)], _ = strconv.Atoi(p)
	}
	restarts, moves := 0, 0
	for r := range 10 {
		time.Sleep(1500 * time.Millisecond)
		node := int32(r % 3)
		testenv.Must(t, s.cluster.RemoveNode(node), "remove broker %d", node)
		time.Sleep(time.Second)
		_, _, err := s.cluster.AddNode(node, ports[node])
		testenv.Must(t, err, "add broker %d again on port %d", node, ports[node])
		restarts++
		if r%2 == 1 {
			s.cluster.RehashCoordinators()
			moves++
		}
	}
	t.Logf("%d broker restarts, %d coordinator moves", restarts, moves)

	raw := s.rawRecords()
	want := expectations(t, s, raw)
	s.settleScaled(want)
	for i, name := range []string{"bronze", "silver", "gold"} {
		t.Logf("%s: %v transactions committed, %v aborted, %v retries", name, processMetric(t, procs[i], "songnodes_stage_transactions_total"),
			processMetric(t, procs[i], "songnodes_stage_transaction_aborts_total"), processMetric(t, procs[i], "songnodes_stage_retries_total"))
	}
	s.reportFigures(fmt.Sprintf("broker-restarts-%d", restarts), raw, want, map[string]int{})
	if !t.Failed() {
		s.assertScaled(raw, want)
	}
}
