package e2e

import (
	"cmp"
	"fmt"
	"maps"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"

	"github.com/songnodes/pipeline/internal/pipeline"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// More than one of everything: three brokers, two replicas of bronze,
// silver and gold each (processes with their own clients and
// transactional IDs). While playlists flow, one replica of each stage is
// killed without warning (SIGKILL: no leave, its transaction left open)
// and the partitions' leadership and the coordinators move between
// brokers again and again. Afterwards every raw record is in bronze's
// topic and tables exactly once, silver's topic holds every current
// version once and nothing twice, its tables the latest version of every
// playlist, gold equals a recount from silver and its compacted topic
// agrees, and nothing was dead-lettered (docs/delivery.md).
func TestScaleOut(t *testing.T) {
	const (
		rounds   = 4   // feeds, a second apart
		perRound = 250 // playlists per source per feed (plus 25 twins)
	)
	s := newStack(t, stackOptions{brokers: 3, kafka: []kfake.Opt{kfake.MaxVersions(noEpochValidation())}})
	replicas := map[string][2]*exec.Cmd{}
	for _, name := range []string{"bronze", "silver", "gold"} {
		replicas[name] = [2]*exec.Cmd{s.startReplica(name, 0), s.startReplica(name, 1)}
	}
	t.Cleanup(func() {
		for _, rs := range replicas {
			for _, p := range rs {
				_ = p.Process.Kill()
				_ = p.Wait()
			}
		}
	})

	fed := make(chan struct{})
	go func() {
		defer close(fed)
		for r := range rounds {
			s.feed(perRound, uint64(1000+10*r))
			time.Sleep(time.Second)
		}
	}()

	// Move every partition's leadership to another broker every 1.5s
	// while data flows (and at least six times); early on, kill replica 0
	// of every stage; now and then move the group and transaction
	// coordinators too.
	feeding := func() bool {
		select {
		case <-fed:
			return false
		default:
			return true
		}
	}
	for move := 1; move <= 6 || feeding(); move++ {
		time.Sleep(1500 * time.Millisecond)
		s.moveLeaders(move)
		switch move {
		case 2:
			s.cluster.RehashCoordinators()
		case 3:
			for _, name := range []string{"bronze", "silver", "gold"} {
				p := replicas[name][0]
				// Killed while it holds partitions, which must move.
				testenv.Eventually(t, 30*time.Second, name+" replica 0 to hold partitions", func() bool {
					return processMetric(t, p, "songnodes_stage_assigned_partitions") > 0
				})
				t.Logf("killing %s replica 0: %v partitions, %v transactions committed", name,
					processMetric(t, p, "songnodes_stage_assigned_partitions"), processMetric(t, p, "songnodes_stage_transactions_total"))
				testenv.Must(t, p.Process.Signal(syscall.SIGKILL), "kill %s replica 0", name)
				_ = p.Wait()
			}
			t.Log("killed replica 0 of bronze, silver and gold")
		case 5:
			s.cluster.ShufflePartitionLeaders()
			s.cluster.RehashCoordinators()
		}
	}
	t.Log("fed; leadership moved, waiting for the pipeline to settle")

	raw := s.rawRecords()
	want := expectations(t, s, raw)
	s.settleScaled(want)
	s.assertScaled(raw, want)
	// The survivors took over every partition: bronze the raw topics'
	// twelve, silver and gold their input's four, and gold's pairs loop
	// the pairs topic's four.
	for name, parts := range map[string]float64{"bronze": 12, "silver": 4, "gold": 8} {
		if n := processMetric(t, replicas[name][1], "songnodes_stage_assigned_partitions"); n != parts {
			t.Errorf("%s replica 1 holds %v partitions, want all %v", name, n, parts)
		}
		t.Logf("%s replica 1: %v transactions committed, %v aborted", name,
			processMetric(t, replicas[name][1], "songnodes_stage_transactions_total"),
			processMetric(t, replicas[name][1], "songnodes_stage_transaction_aborts_total"))
	}
}

// noEpochValidation is the API of kfake without OffsetForLeaderEpoch v2,
// below which franz-go does not validate its position after a leader
// change (KIP-320). kfake answers that request from the epochs of the
// batches it holds, not from an epoch cache: asked about the epoch a
// consumer read at after a leader change with no write since, it answers
// "unknown epoch", as after an unclean election, and the consumer resets
// to the start of the partition (ConsumeResetOffset), reading it all again.
// A real broker records where each of its leader epochs starts and answers
// correctly. Moving leaders in kfake loses nothing, so there is nothing
// for the validation to find.
func noEpochValidation() *kversion.Versions {
	v := kversion.Stable()
	v.SetMaxKeyVersion(int16(kmsg.OffsetForLeaderEpoch), 1)
	return v
}

// startReplica starts replica i of a stage's binary: a transactional ID of
// its own, dynamic group membership (a killed replica's partitions move to
// the other one when its session times out), every broker as a seed, and
// a short transaction timeout so that the transaction a killed replica
// left open is aborted soon.
func (s *stack) startReplica(name string, i int, extraEnv ...string) *exec.Cmd {
	t := s.t
	t.Helper()
	cmd := s.processCommand(name, append([]string{
		"KAFKA_BROKERS=" + strings.Join(s.kcfg.Brokers, ","),
		fmt.Sprintf("TRANSACTIONAL_ID=%s-scale-%d", name, i),
		"KAFKA_GROUP_INSTANCE_ID=",
		"KAFKA_TRANSACTION_TIMEOUT=10s",
		"BATCH_MAX_RECORDS=200",
	}, extraEnv...)...)
	testenv.Must(t, cmd.Start(), "start %s replica %d", name, i)
	return cmd
}

// moveLeaders gives each partition of the test's topics a new leader:
// partition p goes to broker (p+move) mod 3.
func (s *stack) moveLeaders(move int) {
	t := s.t
	t.Helper()
	if s.admin == nil {
		s.admin = kadm.NewClient(testenv.Client(t, s.kcfg))
	}
	topics, err := s.admin.ListTopics(t.Context())
	testenv.Must(t, err, "list topics")
	moved := 0
	for _, td := range topics {
		if !strings.HasPrefix(td.Topic, s.kcfg.Topics.Prefix+".") {
			continue
		}
		for p := range td.Partitions {
			node := (p + int32(move)) % int32(len(s.kcfg.Brokers))
			testenv.Must(t, s.cluster.MoveTopicPartition(td.Topic, p, node), "move %s/%d", td.Topic, p)
			moved++
		}
	}
	t.Logf("move %d: %d partitions got a new leader", move, moved)
}

// rawRecords reads every record ingest wrote, from all raw topics.
func (s *stack) rawRecords() []*kgo.Record {
	var out []*kgo.Record
	for _, src := range []string{"mixesdb", "1001tracklists", "othersite"} {
		out = append(out, testenv.ReadAll(s.t, s.kcfg, s.kcfg.Topics.Raw(src))...)
	}
	return out
}

func coords[P, O int | int32 | int64](topic string, partition P, offset O) string {
	return fmt.Sprintf("%s/%d/%d", topic, partition, offset)
}

// scaleWant is what the tables and topics must hold, derived from the raw
// records alone.
type scaleWant struct {
	records int               // raw records: bronze rows and bronze topic records
	fresh   map[string]string // raw records not older than a version before them -> playlist key
	tracks  int               // their track lines: bronze_tracks rows
	latest  map[string]string // playlist key -> coordinates of its current raw record
	lines   int               // track lines of the current versions: silver_playlist_tracks rows
}

// expectations derives the counts from the raw records: the current
// version of a playlist is its latest scrape, the later raw record on a
// tie (as silver decides). Silver sees a playlist's versions in raw offset
// order (one key, one partition all the way) and skips, with no output, a
// version older than one it already has.
func expectations(t *testing.T, s *stack, raw []*kgo.Record) scaleWant {
	t.Helper()
	type version struct {
		at    time.Time
		r     *kgo.Record
		lines int
	}
	w := scaleWant{records: len(raw), latest: map[string]string{}, fresh: map[string]string{}}
	cur := map[string]version{}
	raw = slices.SortedFunc(slices.Values(raw), func(a, b *kgo.Record) int {
		return cmp.Or(cmp.Compare(a.Topic, b.Topic), cmp.Compare(a.Partition, b.Partition), cmp.Compare(a.Offset, b.Offset))
	})
	for _, r := range raw {
		p := decodeRaw(t, s, r)
		w.tracks += len(p.Tracks)
		v := version{p.ScrapedAt, r, len(p.Tracks)}
		k := string(r.Key)
		c, ok := cur[k]
		if ok && v.at.Before(c.at) {
			continue // stale
		}
		w.fresh[coords(r.Topic, r.Partition, r.Offset)] = k
		cur[k] = v
	}
	for k, v := range cur {
		w.latest[k] = coords(v.r.Topic, v.r.Partition, v.r.Offset)
		w.lines += v.lines
	}
	return w
}

// currentVersions reads silver's current raw record per playlist.
func (s *stack) currentVersions() map[string]string {
	s.t.Helper()
	rows, err := s.db.Query(s.t.Context(), "SELECT playlist_key, raw_topic, raw_partition, raw_offset FROM silver_playlists")
	testenv.Must(s.t, err, "read silver_playlists")
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, topic string
		var p int32
		var o int64
		testenv.Must(s.t, rows.Scan(&k, &topic, &p, &o), "scan")
		out[k] = coords(topic, p, o)
	}
	return out
}

// settleScaled waits until the surviving replicas have taken everything:
// bronze every raw record, silver the current version of every playlist,
// gold a recount of silver; and that it stays so.
func (s *stack) settleScaled(want scaleWant) {
	t := s.t
	t.Helper()
	done := func() bool {
		return s.count("SELECT count(*) FROM bronze_playlists") == want.records &&
			maps.Equal(s.currentVersions(), want.latest) &&
			maps.Equal(s.goldTable(), s.recount())
	}
	// However many records, what fails is 3 minutes in which no stage
	// committed anything.
	last, idle := int64(-1), time.Now()
	for !done() {
		if n := s.committed(withInner("bronze", "silver", "gold")...); n >= 0 && n != last {
			last, idle = n, time.Now()
		} else if time.Since(idle) > 3*time.Minute {
			t.Fatalf("bronze, silver and gold committed nothing for 3 minutes before taking every record")
		}
		time.Sleep(time.Second)
	}
	time.Sleep(2 * time.Second)
	if !done() {
		t.Fatal("the tables changed after they had settled")
	}
}

// withInner lists the stages with their inner loops (gold's pairs loop),
// each a consumer group.
func withInner(stages ...string) []string {
	var out []string
	for _, name := range stages {
		out = append(out, name)
		if sp, err := pipeline.Lookup(name); err == nil {
			for _, in := range sp.Inner {
				out = append(out, in.Name)
			}
		}
	}
	return out
}

// committed sums the committed offsets of the loops' groups; -1 when
// they cannot be read (no progress seen: the caller asks again).
func (s *stack) committed(stages ...string) int64 {
	var n int64
	for _, stage := range stages {
		offs, err := s.adminClient().FetchOffsets(s.t.Context(), s.kcfg.Topics.Group(stage))
		if err != nil {
			return -1
		}
		offs.Each(func(o kadm.OffsetResponse) { n += o.At })
	}
	return n
}

func (s *stack) assertScaled(raw []*kgo.Record, want scaleWant) {
	t := s.t
	t.Helper()
	accepted := int(testenv.Metric(t, s.ingestApp.Metrics, "songnodes_ingest_playlists_total"))
	if want.records != accepted {
		t.Fatalf("raw topics: %d records, ingest accepted %d playlists", want.records, accepted)
	}
	rawSet := map[string]bool{}
	for _, r := range raw {
		rawSet[coords(r.Topic, r.Partition, r.Offset)] = true
	}

	// Bronze: every raw record once in the topic and the tables.
	if n := s.count("SELECT count(*) FROM bronze_playlists"); n != want.records {
		t.Fatalf("bronze_playlists: %d rows, want %d", n, want.records)
	}
	if n := s.count("SELECT count(DISTINCT (source_topic, source_partition, source_offset)) FROM bronze_playlists"); n != want.records {
		t.Fatalf("bronze_playlists: %d distinct raw records, want %d", n, want.records)
	}
	if n := s.count("SELECT count(*) FROM bronze_tracks"); n != want.tracks {
		t.Fatalf("bronze_tracks: %d rows, want %d", n, want.tracks)
	}
	var bronze []*kgo.Record
	testenv.Eventually(t, time.Minute, "the bronze topic to hold every raw record", func() bool {
		bronze = testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Bronze())
		return len(bronze) >= want.records
	})
	seen := map[string]bool{}
	bronzeSet := map[string]bool{}
	for _, r := range bronze {
		b := s.decodeBronze(r)
		l := coords(b.Lineage.Topic, b.Lineage.Partition, b.Lineage.Offset)
		if seen[l] {
			t.Fatalf("raw record %s is in the bronze topic twice", l)
		}
		if !rawSet[l] {
			t.Fatalf("bronze record %s/%d names raw record %s, which does not exist", r.Topic, r.Partition, l)
		}
		seen[l] = true
		bronzeSet[coords(r.Topic, r.Partition, r.Offset)] = true
	}
	if len(bronze) != want.records {
		t.Fatalf("bronze topic: %d records, want %d", len(bronze), want.records)
	}

	// Silver: at most one record per bronze record, none for a stale
	// version, one for the current version of every playlist. A version
	// superseded by a later one in the same batch may have none: when a
	// replica dies after its PostgreSQL commit and before its Kafka
	// commit, the batch is processed again against tables that already
	// hold the later version, and the earlier one is then stale (see
	// docs/delivery.md).
	dec := serde.NewDecoder(s.reg, record.SilverPlaylistSchema)
	var silver []*kgo.Record
	emitted := map[string]bool{} // raw coordinates of the silver records
	readSilver := func() bool {
		silver = testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Silver())
		clear(emitted)
		for _, r := range silver {
			var sp record.SilverPlaylist
			_, err := dec.Decode(t.Context(), r.Value, &sp)
			testenv.Must(t, err, "decode silver")
			emitted[coords(sp.RawLineage.Topic, sp.RawLineage.Partition, sp.RawLineage.Offset)] = true
		}
		for _, c := range want.latest {
			if !emitted[c] {
				return false
			}
		}
		return true
	}
	testenv.Eventually(t, time.Minute, "the silver topic to hold the current version of every playlist", readSilver)
	clear(seen)
	for _, r := range silver {
		var sp record.SilverPlaylist
		_, err := dec.Decode(t.Context(), r.Value, &sp)
		testenv.Must(t, err, "decode silver")
		l := coords(sp.Lineage.Topic, sp.Lineage.Partition, sp.Lineage.Offset)
		if seen[l] {
			t.Fatalf("bronze record %s made two silver records", l)
		}
		if !bronzeSet[l] {
			t.Fatalf("silver record names bronze record %s, which is not in the bronze topic", l)
		}
		seen[l] = true
		if rl := coords(sp.RawLineage.Topic, sp.RawLineage.Partition, sp.RawLineage.Offset); want.fresh[rl] == "" {
			t.Fatalf("silver record of raw record %s, a stale version of %s", rl, sp.PlaylistKey)
		}
	}
	skipped := 0
	for c, k := range want.fresh {
		if !emitted[c] {
			skipped++
			t.Logf("no silver record for raw record %s, superseded by %s of %s", c, want.latest[k], k)
		}
	}
	if n := s.count("SELECT count(*) FROM silver_playlists"); n != len(want.latest) {
		t.Fatalf("silver_playlists: %d rows, want %d playlists", n, len(want.latest))
	}
	if n := s.count("SELECT count(*) FROM silver_playlist_tracks"); n != want.lines {
		t.Fatalf("silver_playlist_tracks: %d rows, the current versions have %d lines", n, want.lines)
	}

	// Gold: equal to a recount (checked by settleScaled), a row per
	// current playlist, and the compacted topic agrees with the table.
	table := s.goldTable()
	if len(table) < 500 {
		t.Fatalf("only %d transitions: too little data to show anything", len(table))
	}
	if n := s.count("SELECT count(*) FROM gold_playlists"); n != len(want.latest) {
		t.Fatalf("gold_playlists: %d rows, want %d playlists", n, len(want.latest))
	}
	var sumGold, sumRecount int64
	for _, a := range table {
		sumGold += a.occurrences
	}
	for _, a := range s.recount() {
		sumRecount += a.occurrences
	}
	if sumGold != sumRecount {
		t.Fatalf("gold counts %d transitions in all, the recount %d", sumGold, sumRecount)
	}
	last := ""
	testenv.Eventually(t, time.Minute, "the compacted topic to agree with the table", func() bool {
		err := s.topicDiff(table)
		if err != nil && err.Error() != last {
			last = err.Error()
			t.Logf("the compacted topic does not agree yet: %v", err) // what a timeout leaves to read
		}
		return err == nil
	})

	// Nothing was dead-lettered.
	for _, st := range []string{"bronze", "silver", "gold"} {
		if n := len(testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.DLQ(st))); n != 0 {
			t.Fatalf("%d dead letters from %s", n, st)
		}
	}
	t.Logf("%d raw records (%d playlists, %d tracks, %d stale versions), %d silver records (%d superseded versions skipped on a replay), %d transitions summing to %d",
		want.records, len(want.latest), want.tracks, want.records-len(want.fresh), len(silver), skipped, len(table), sumGold)
}
