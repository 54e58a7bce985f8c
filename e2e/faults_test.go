//go:build faults

// The fault suite (make test-faults; docs/delivery.md holds its figures).
// Built with -tags faults, the stage binaries carry the hooks of
// internal/stage/faults.go, which make a process kill itself with SIGKILL
// at a named point of a batch.

package e2e

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
)

// faultRecords is the number of playlists a scenario feeds:
// FAULTS_RECORDS, or def (what CI runs on two cores).
func faultRecords(t *testing.T, def int) int {
	return faultSetting(t, "FAULTS_RECORDS", def, 1000, "a number of playlists, at least 1000")
}

// faultTracks is the most lines a fed playlist keeps: FAULTS_TRACKS, or 0
// (all, about 20). Fewer lines make room for more records: kfake holds
// every topic in memory.
func faultTracks(t *testing.T) int {
	return faultSetting(t, "FAULTS_TRACKS", 0, 0, "a number of lines (0: all)")
}

// faultKills is the number of kills of each stage: FAULTS_KILLS, or 20.
func faultKills(t *testing.T) int {
	return faultSetting(t, "FAULTS_KILLS", 20, 1, "a positive number")
}

// faultSetting reads a number from the environment variable name: def
// when it is unset; not a number, or below least, fails the test.
func faultSetting(t *testing.T, name string, def, least int, want string) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < least {
		t.Fatalf("%s=%q: want %s", name, v, want)
	}
	return n
}

// Every stage (bronze, silver, gold, as processes) kills itself at least
// 20 times while the records flow, each kill at a different place: one of
// the four points of a batch (before the PostgreSQL write, after its
// commit, after producing into the open Kafka transaction, after sending
// EndTxn), after 1 to 5 batches committed by the restarted process, so that
// each restart is shown to make progress before the next kill. Afterwards
// nothing is lost and nothing is duplicated, read committed, in any topic
// or table; the aborted transactions are visible read_uncommitted.
func TestFaultKills(t *testing.T) {
	records := faultRecords(t, 12000)
	kills := faultKills(t)
	s := newStack(t, stackOptions{})
	s.maxTracks = faultTracks(t)
	start := time.Now()
	s.feed(records/2, 5000)
	t.Logf("fed %d playlists (plus twins) in %s", records, time.Since(start).Round(time.Millisecond))

	// With more records than the kills need (about six batches of 100 per
	// kill), each restart commits more batches first, so that the kills
	// are spread over the run: over half of it, as gold reads fewer
	// records than were fed (silver skips stale versions) and a batch may
	// be short, and its last kill must still find records to read.
	spread := max(0, records/2/100/kills-6)
	s.adminClient() // before the goroutines that share it
	s.analyzeEvery(30 * time.Second)
	var wg sync.WaitGroup
	var mu sync.Mutex
	final := map[string]*exec.Cmd{}
	killed := map[string]int{}
	for _, name := range []string{"bronze", "silver", "gold"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range kills {
				point := stage.FaultPoints[k%len(stage.FaultPoints)]
				after := 1 + (k/len(stage.FaultPoints))%5 + spread
				err := s.runUntilFault(name, point, after)
				if err != nil {
					t.Errorf("%s kill %d (%s after %d batches): %v", name, k+1, point, after, err)
					return
				}
				mu.Lock()
				killed[name]++
				mu.Unlock()
			}
			p := s.startProcess(name, "BATCH_MAX_RECORDS=100")
			mu.Lock()
			final[name] = p
			mu.Unlock()
		}()
	}
	wg.Wait()
	t.Cleanup(func() {
		for _, p := range final {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	})
	if t.Failed() {
		t.FailNow()
	}
	t.Logf("every stage killed itself %d times in %s; settling", kills, time.Since(start).Round(time.Millisecond))

	raw := s.rawRecords()
	want := expectations(t, s, raw)
	s.settleScaled(want)
	s.reportFigures("kills", raw, want, killed)
	if !t.Failed() {
		s.assertScaled(raw, want)
	}
}

// runUntilFault runs a stage's binary until its hook kills it at point,
// after it has committed the given number of batches, and checks that it
// died of that SIGKILL.
func (s *stack) runUntilFault(name string, point stage.FaultPoint, after int) error {
	cmd := s.processCommand(name, "BATCH_MAX_RECORDS=100", fmt.Sprintf("SONGNODES_FAULT=%s:%d", point, after))
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait() // how it ended is read from ProcessState below
		close(done)
	}()
	// A stage may wait on the one before it (gold on silver): what fails
	// the kill is 3 minutes without a batch committed, not a long run.
	last, idle := s.committed(withInner(name)...), time.Now()
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
wait:
	for {
		select {
		case <-done:
			break wait
		case <-tick.C:
			if n := s.committed(withInner(name)...); n >= 0 && n != last {
				last, idle = n, time.Now()
			} else if time.Since(idle) > 3*time.Minute {
				_ = cmd.Process.Kill()
				<-done
				return fmt.Errorf("committed nothing for 3 minutes before its fault point: too few records for the kills asked (FAULTS_RECORDS)")
			}
		}
	}
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		return fmt.Errorf("exited with %v, not by its injected SIGKILL", cmd.ProcessState)
	}
	return nil
}

// analyzeEvery runs ANALYZE on the stack's database every d until the
// test ends, standing in for autovacuum, which CI's PostgreSQL runs
// without: in a long run, statistics of the first minute make the
// planner scan whole tables for lookups by key.
func (s *stack) analyzeEvery(d time.Duration) {
	ctx, cancel := context.WithCancel(s.t.Context())
	done := make(chan struct{})
	s.t.Cleanup(func() { cancel(); <-done })
	go func() {
		defer close(done)
		tick := time.NewTicker(d)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				_, _ = s.db.Exec(ctx, "ANALYZE") // best effort: a failure only leaves the statistics older
			}
		}
	}()
}

// figures is one line of the fault suite's table (docs/delivery.md).
type figures struct {
	inputs, outputs, dlq, duplicates, lost, kills, aborted int
	stale                                                  int // keys of a compacted topic that disagree with the table
}

func (f figures) String() string {
	return fmt.Sprintf("inputs=%d outputs=%d dlq=%d duplicates=%d lost=%d kills=%d aborted_uncommitted=%d topic_stale=%d",
		f.inputs, f.outputs, f.dlq, f.duplicates, f.lost, f.kills, f.aborted, f.stale)
}

// reportFigures counts, for each stage, its inputs, outputs and dead
// letters (read committed), the duplicated and the lost, and the records
// of aborted transactions its output topic holds (read_uncommitted sees
// them, read committed does not); it logs a figures line per stage and
// fails the test on any duplicate or loss.
func (s *stack) reportFigures(scenario string, raw []*kgo.Record, want scaleWant, kills map[string]int) {
	t := s.t
	t.Helper()
	rawSet := map[string]bool{}
	for _, r := range raw {
		rawSet[coords(r.Topic, r.Partition, r.Offset)] = true
	}

	// Bronze: one output per raw record.
	bronze := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Bronze())
	fb := figures{inputs: len(raw), outputs: len(bronze), kills: kills["bronze"]}
	seen := map[string]bool{}
	for _, r := range bronze {
		b := s.decodeBronze(r)
		l := coords(b.Lineage.Topic, b.Lineage.Partition, b.Lineage.Offset)
		if seen[l] {
			fb.duplicates++
		}
		seen[l] = true
	}
	for c := range rawSet {
		if !seen[c] {
			fb.lost++
		}
	}

	// Silver: at most one output per bronze record, one for the current
	// version of every playlist.
	silver := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Silver())
	fs := figures{inputs: len(bronze), outputs: len(silver), kills: kills["silver"]}
	dec := serde.NewDecoder(s.reg, record.SilverPlaylistSchema)
	clear(seen)
	emitted := map[string]bool{}
	for _, r := range silver {
		var sp record.SilverPlaylist
		_, err := dec.Decode(t.Context(), r.Value, &sp)
		testenv.Must(t, err, "decode silver")
		l := coords(sp.Lineage.Topic, sp.Lineage.Partition, sp.Lineage.Offset)
		if seen[l] {
			fs.duplicates++
		}
		seen[l] = true
		emitted[coords(sp.RawLineage.Topic, sp.RawLineage.Partition, sp.RawLineage.Offset)] = true
	}
	for _, c := range want.latest {
		if !emitted[c] {
			fs.lost++
		}
	}

	// Gold: its counts against a recount from silver's table; a count
	// above is a duplicate, below a loss.
	fg := figures{inputs: len(silver), outputs: len(testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Gold())), kills: kills["gold"]}
	table, recount := s.goldTable(), s.recount()
	for k, a := range recount {
		d := table[k].occurrences - a.occurrences
		if d > 0 {
			fg.duplicates += int(d)
		} else {
			fg.lost += int(-d)
		}
	}
	for k, a := range table {
		if _, ok := recount[k]; !ok {
			fg.duplicates += int(a.occurrences)
		}
	}
	// The compacted topic's last word on each transition must be the
	// table's row (a tombstone for a row gone); give it a few seconds.
	for try := range 10 {
		if fg.stale = s.staleKeys(table, try == 9); fg.stale == 0 {
			break
		}
		time.Sleep(time.Second)
	}

	for _, st := range []struct {
		name string
		f    *figures
		out  string
	}{{"bronze", &fb, s.kcfg.Topics.Bronze()}, {"silver", &fs, s.kcfg.Topics.Silver()}, {"gold", &fg, s.kcfg.Topics.Gold()}} {
		st.f.dlq = len(testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.DLQ(st.name)))
		st.f.aborted = s.uncommitted(st.out) - st.f.outputs
		t.Logf("figures: scenario=%s stage=%s %v", scenario, st.name, *st.f)
		if st.f.duplicates != 0 || st.f.lost != 0 || st.f.stale != 0 {
			t.Errorf("%s: %d duplicated, %d lost, %d keys of its compacted topic disagree with its table", st.name, st.f.duplicates, st.f.lost, st.f.stale)
		}
	}
}

// staleKeys counts the transitions whose last record in gold's compacted
// topic (read committed) disagrees with gold_transitions: another value,
// a value for a row that is gone, or no value for a row; logThem logs the
// first ten.
func (s *stack) staleKeys(table map[string]agg, logThem bool) int {
	latest := map[string][]byte{}
	for _, r := range testenv.ReadAll(s.t, s.kcfg, s.kcfg.Topics.Gold()) {
		latest[string(r.Key)] = r.Value
	}
	dec := serde.NewDecoder(s.reg, record.GoldTransitionSchema)
	stale := 0
	for k, v := range latest {
		want, inTable := table[k]
		if v == nil {
			if inTable {
				stale++
			}
			continue
		}
		var g record.GoldTransition
		_, err := dec.Decode(s.t.Context(), v, &g)
		testenv.Must(s.t, err, "decode gold")
		if got := (agg{g.Occurrences, g.Playlists, g.Djs, date(g.FirstSeen), date(g.LastSeen)}); got != want {
			if logThem && stale < 10 {
				s.t.Logf("gold topic: %s says %+v, the table %+v", k, got, want)
			}
			stale++
		}
	}
	for k := range table {
		if _, ok := latest[k]; !ok {
			stale++
		}
	}
	return stale
}

// uncommitted counts the records of topic read_uncommitted: those of
// committed transactions and those of aborted ones (control records
// aside), up to the end offsets of the moment.
func (s *stack) uncommitted(topic string) int {
	t := s.t
	t.Helper()
	ends, err := s.adminClient().ListEndOffsets(t.Context(), topic)
	testenv.Must(t, cmp.Or(err, ends.Error()), "end offsets of %s", topic)
	want := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Offset > 0 {
			want[o.Partition] = o.Offset
		}
	})
	cl := testenv.Client(t, s.kcfg, kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchIsolationLevel(kgo.ReadUncommitted()))
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	n := 0
	next := map[int32]int64{}
	// A partition ends with a transaction marker, which is no record:
	// read up to the one before the end, or until nothing more comes.
	for empty := 0; empty < 6 && !maps.EqualFunc(want, next, func(w, g int64) bool { return g >= w-1 }); {
		pctx, pcancel := context.WithTimeout(ctx, 500*time.Millisecond)
		fs := cl.PollFetches(pctx)
		pcancel()
		if ctx.Err() != nil {
			t.Fatalf("reading %s read_uncommitted: timed out at %v of %v", topic, next, want)
		}
		before := n
		fs.EachRecord(func(r *kgo.Record) { n++; next[r.Partition] = r.Offset + 1 })
		if n == before {
			empty++
		} else {
			empty = 0
		}
	}
	return n
}

// Redis is flushed (this test's keys deleted, as FLUSHDB would) again and
// again while silver, a process using it as its cache, works through the
// records. Redis is only a cache: the tables and topics end up exactly as
// the raw records imply (the same checks as without Redis), with nothing
// lost or duplicated.
func TestFaultRedisFlush(t *testing.T) {
	records := faultRecords(t, 12000) / 2
	redisURL := testenv.RedisURL(t)
	s := newStack(t, stackOptions{})
	prefix := s.kcfg.Topics.Prefix + ":"
	t.Cleanup(func() { testenv.DeleteRedisKeys(t, redisURL, prefix) })
	procs := []*exec.Cmd{s.startProcess("bronze"), s.startProcess("silver", "REDIS_URL="+redisURL), s.startProcess("gold")}
	t.Cleanup(func() {
		for _, p := range procs {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	})

	const rounds = 5
	flushes, deleted := 0, 0
	for r := range rounds {
		s.feed(records/2/rounds, uint64(7000+10*r))
		// Silver at work, its cache filling: flushed as soon as it holds
		// keys (on a loaded machine silver may start late).
		testenv.Eventually(t, time.Minute, "silver to fill its cache", func() bool {
			n := testenv.DeleteRedisKeys(t, redisURL, prefix)
			deleted += n
			return n > 0
		})
		flushes++
	}
	t.Logf("Redis flushed %d times mid-run (%d keys deleted)", flushes, deleted)
	if deleted == 0 {
		t.Fatal("the flushes deleted nothing: silver did not use Redis")
	}

	raw := s.rawRecords()
	want := expectations(t, s, raw)
	s.settleScaled(want)
	t.Logf("silver's cache: %v hits, %v misses, %v errors", processMetric(t, procs[1], "songnodes_cache_hits_total"),
		processMetric(t, procs[1], "songnodes_cache_misses_total"), processMetric(t, procs[1], "songnodes_cache_errors_total"))
	s.reportFigures("redis-flush", raw, want, map[string]int{})
	if !t.Failed() {
		s.assertScaled(raw, want)
	}
}

// A bronze replica stops (SIGSTOP, by its hook) in the middle of a batch,
// its outputs produced into its open transaction, after two committed
// batches. Its session times out, its partitions move to the other
// replica, the broker aborts its transaction when it times out, and the
// pipeline takes every record. Then the zombie is resumed (SIGCONT): it
// commits nothing (its transaction count stays at two, the batch it held
// ends aborted), and nothing is lost or duplicated.
func TestFaultZombie(t *testing.T) {
	records := faultRecords(t, 12000) / 4
	s := newStack(t, stackOptions{})
	s.feed(records/2, 11000)
	zombie := s.startReplica("bronze", 0, "SONGNODES_FAULT=after-produce:2:stop")
	procs := []*exec.Cmd{zombie}
	t.Cleanup(func() {
		_ = zombie.Process.Signal(syscall.SIGCONT)
		for _, p := range procs {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	})
	testenv.Eventually(t, 2*time.Minute, "bronze replica 0 to stop itself in a batch", func() bool {
		return processState(zombie.Process.Pid) == "T"
	})
	t.Log("bronze replica 0 stopped inside its third transaction; starting replica 1, silver and gold")
	procs = append(procs, s.startReplica("bronze", 1), s.startProcess("silver"), s.startProcess("gold"))

	raw := s.rawRecords()
	want := expectations(t, s, raw)
	s.settleScaled(want)
	if n := processMetric(t, procs[1], "songnodes_stage_assigned_partitions"); n != 12 {
		t.Fatalf("bronze replica 1 holds %v partitions, want all 12", n)
	}

	testenv.Must(t, zombie.Process.Signal(syscall.SIGCONT), "resume the zombie")
	testenv.Eventually(t, 2*time.Minute, "the zombie's transaction to end aborted", func() bool {
		return processMetric(t, zombie, "songnodes_stage_transaction_aborts_total") >= 1
	})
	committed := processMetric(t, zombie, "songnodes_stage_transactions_total")
	t.Logf("zombie resumed: %v transactions committed, %v aborted", committed, processMetric(t, zombie, "songnodes_stage_transaction_aborts_total"))
	if committed != 2 {
		t.Fatalf("the zombie committed %v transactions, want the 2 before it stopped", committed)
	}
	s.settleScaled(want)
	s.reportFigures("zombie", raw, want, map[string]int{})
	if !t.Failed() {
		s.assertScaled(raw, want)
	}
}

// processState is the state letter of a process (/proc/<pid>/stat): "T"
// when stopped.
func processState(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2 : i+3]
	}
	return ""
}
