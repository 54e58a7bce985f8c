//go:build faults

package e2e

import (
	"errors"
	"os/exec"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

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
	records := faultRecords(t, 12000) / 2
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
// are open. kfake cannot stop a broker and keep its state apart (removing
// a node and adding it again leaves the clients' open connections served
// by the removed broker, which answers NOT_COORDINATOR for ever: nothing
// a real restart does). So a restart here is the broker's failure as its
// clients see it: for a second every request that reaches it closes its
// connection, and the partitions' leaders and the group and transaction
// coordinators move (leaders elected anew, epochs bumped). Ten restarts,
// each broker in turn, while the stages work through a backlog batch
// after batch, their transactions open most of the time.
func TestFaultBrokerRestarts(t *testing.T) {
	records := faultRecords(t, 12000) / 2
	s := newStack(t, stackOptions{brokers: 3, kafka: []kfake.Opt{kfake.MaxVersions(noEpochValidation())}})
	// Fed before the restarts: ingest answers 503 while its broker is
	// away, which is not what this test is about. The stages then work
	// through the backlog, batch after batch, through the restarts.
	s.feed(records/2, 17000)
	var down atomic.Int32
	down.Store(-1)
	var refused atomic.Int64
	s.cluster.Control(func(kmsg.Request) (kmsg.Response, error, bool) {
		s.cluster.KeepControl()
		if n := down.Load(); n >= 0 && s.cluster.CurrentNode() == n {
			refused.Add(1)
			return nil, errors.New("broker down"), true // the connection closes
		}
		return nil, nil, false
	})
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
	testenv.Eventually(t, time.Minute, "the stages to start committing", func() bool {
		return s.count("SELECT count(*) FROM bronze_playlists") > 0
	})
	restarts := 0
	for r := range 10 {
		node := int32(r % 3)
		down.Store(node)
		s.cluster.ShufflePartitionLeaders()
		s.cluster.RehashCoordinators()
		time.Sleep(time.Second)
		down.Store(-1)
		restarts++
		time.Sleep(1500 * time.Millisecond)
	}
	t.Logf("%d broker restarts (%d requests refused), each moving the leaders and coordinators; %d of %d playlists in bronze by then",
		restarts, refused.Load(), s.count("SELECT count(*) FROM bronze_playlists"), records)

	raw := s.rawRecords()
	want := expectations(t, s, raw)
	s.settleScaled(want)
	for i, name := range []string{"bronze", "silver", "gold"} {
		t.Logf("%s: %v transactions committed, %v aborted, %v retries", name, processMetric(t, procs[i], "songnodes_stage_transactions_total"),
			processMetric(t, procs[i], "songnodes_stage_transaction_aborts_total"), processMetric(t, procs[i], "songnodes_stage_retries_total"))
	}
	s.reportFigures("broker-restarts", raw, want, map[string]int{})
	if !t.Failed() {
		s.assertScaled(raw, want)
	}
}
