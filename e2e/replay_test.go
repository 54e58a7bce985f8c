package e2e

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// Every replay the operator can ask for leaves PostgreSQL exactly as it
// was: every table of the schema, every column, lineage included
// (docs/delivery.md, "Replay"). The pipeline runs in-process (kfake, the
// real PostgreSQL); its input has re-scrapes, sets posted on two sites,
// and two scrapes of one playlist at the same time (the later raw record
// wins). Then bronze is replayed to the start, for one source, from the
// middle of every raw partition and from a time, silver to the start and from the middle,
// and gold to the start; after each, every table is compared with the
// snapshot taken before the first, row by row. The topics receive the
// records again: bronze and silver under the same keys with the same
// bytes as a record of the first delivery, gold's compacted topic still
// equal to its table.
func TestReplaysLeavePostgreSQLAsItWas(t *testing.T) {
	s := newStack(t, stackOptions{})
	running := s.runPipeline()
	s.feed(250, 90)
	split := time.Now()
	s.feed(100, 91) // a second round, after the time bronze is replayed from
	s.sameTimeScrapes()
	s.drained()

	before := s.snapshot()
	var sizes []string
	for _, tb := range slices.Sorted(maps.Keys(before)) {
		sizes = append(sizes, fmt.Sprintf("%s %d", tb, len(before[tb])))
	}
	t.Logf("rows before the replays: %s", strings.Join(sizes, ", "))
	for _, tb := range []string{"bronze_playlists", "bronze_tracks", "silver_playlists", "silver_playlist_tracks", "gold_playlists", "gold_lines", "gold_transitions"} {
		if len(before[tb]) == 0 {
			t.Fatalf("%s is empty: the test would prove nothing", tb)
		}
	}
	if n := s.count("SELECT count(*) FROM (SELECT playlist_key FROM bronze_playlists GROUP BY 1 HAVING count(*) > 1) v"); n < 20 {
		t.Fatalf("only %d playlists with two versions: the re-scrape case went untested", n)
	}
	// Two scrapes of the same time: the later raw record is current.
	if n := s.count(`SELECT count(*) FROM silver_playlists s WHERE EXISTS (SELECT 1 FROM bronze_playlists b
		WHERE b.playlist_key = s.playlist_key AND b.scraped_at = s.scraped_at AND b.source_offset < s.raw_offset)`); n != 10 {
		t.Fatalf("%d current versions that are the later of two scrapes of one time, want 10", n)
	}
	if s.count("SELECT count(*) FROM gold_playlists WHERE NOT counted") == 0 {
		t.Fatal("no set was seen twice: the cross-source case went untested")
	}
	bronzeFirst := recordSet(testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Bronze()))
	silverFirst := recordSet(testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Silver()))
	goldTable := s.goldTable()
	s.topicMatchesTable(goldTable)

	// The offsets half way through every partition of a topic.
	middle := func(topics ...string) []ops.PartitionOffset {
		adm := s.adminClient()
		ends, err := adm.ListEndOffsets(t.Context(), topics...)
		testenv.Must(t, err, "end offsets")
		var out []ops.PartitionOffset
		ends.Each(func(o kadm.ListedOffset) {
			if o.Offset > 1 {
				out = append(out, ops.PartitionOffset{Topic: o.Topic, Partition: o.Partition, Offset: o.Offset / 2})
			}
		})
		return out
	}
	raws := []string{s.kcfg.Topics.Raw("mixesdb"), s.kcfg.Topics.Raw("1001tracklists"), s.kcfg.Topics.Raw("othersite")}
	replays := []struct {
		name    string
		stage   string
		target  func() ops.ReplayTarget
		sources []string
	}{
		{"bronze to the start", "bronze", func() ops.ReplayTarget { return ops.ReplayTarget{Start: true} }, nil},
		{"bronze to the start for one source", "bronze", func() ops.ReplayTarget { return ops.ReplayTarget{Start: true} }, []string{"othersite"}},
		{"bronze from the middle of every raw partition", "bronze", func() ops.ReplayTarget { return ops.ReplayTarget{Offsets: middle(raws...)} }, nil},
		{"bronze from a time", "bronze", func() ops.ReplayTarget { return ops.ReplayTarget{Time: split} }, nil},
		{"silver to the start", "silver", func() ops.ReplayTarget { return ops.ReplayTarget{Start: true} }, nil},
		{"silver from the middle of every partition", "silver", func() ops.ReplayTarget {
			return ops.ReplayTarget{Offsets: middle(s.kcfg.Topics.Bronze())}
		}, nil},
		{"gold to the start", "gold", func() ops.ReplayTarget { return ops.ReplayTarget{Start: true} }, nil},
	}
	for _, r := range replays {
		running.stop()
		adm := s.adminClient()
		plan, err := ops.ReplayWith(t.Context(), adm, s.kcfg.Topics, ops.ReplayOptions{Stage: r.stage, Target: r.target(), Sources: r.sources})
		testenv.Must(t, err, "replay %s", r.name)
		if !plan.Moved || plan.Reprocess == 0 {
			t.Fatalf("replay %s: moved %v, %d records to reprocess", r.name, plan.Moved, plan.Reprocess)
		}
		running = s.runPipeline()
		s.drained()
		if d := diffSnapshots(before, s.snapshot()); d != "" {
			t.Fatalf("replaying %s changed PostgreSQL:\n%s", r.name, d)
		}
		t.Logf("replayed %s (%d records): every table as it was", r.name, plan.Reprocess)
	}

	// The topics: the records again under the same keys, each the very
	// bytes of a record of the first delivery.
	bronzeAll := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Bronze())
	if again := len(bronzeAll) - len(bronzeFirst); again <= len(bronzeFirst) {
		t.Fatalf("the bronze topic holds %d records after the replays, %d before", len(bronzeAll), len(bronzeFirst))
	}
	for _, set := range []struct {
		name         string
		first, after map[string]int
	}{
		{"bronze", bronzeFirst, recordSet(bronzeAll)},
		{"silver", silverFirst, recordSet(testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Silver()))},
	} {
		for kv, n := range set.after {
			if set.first[kv] == 0 {
				t.Fatalf("the %s topic holds a record (%d times) that the first delivery did not write: key %s",
					set.name, n, kv[:strings.IndexByte(kv, 0)])
			}
		}
	}
	if got := s.goldTable(); !maps.Equal(got, goldTable) {
		t.Fatal("gold_transitions changed") // the snapshot says so first
	}
	s.topicMatchesTable(goldTable)

	// The lineage of silver's rows is the first bronze record's: the
	// bronze topic's earliest record of the raw record silver holds.
	firstBronze := map[string]int64{} // raw coordinates -> first bronze offset
	dec := serde.NewDecoder(s.reg, record.BronzePlaylistSchema)
	for _, r := range bronzeAll {
		var b record.BronzePlaylist
		_, err := dec.Decode(t.Context(), r.Value, &b)
		testenv.Must(t, err, "decode bronze")
		k := fmt.Sprintf("%s/%d/%d/%d", b.Lineage.Topic, b.Lineage.Partition, b.Lineage.Offset, r.Partition)
		if o, ok := firstBronze[k]; !ok || r.Offset < o {
			firstBronze[k] = r.Offset
		}
	}
	rows, err := s.db.Query(t.Context(), `SELECT raw_topic, raw_partition, raw_offset, bronze_partition, bronze_offset FROM silver_playlists`)
	testenv.Must(t, err, "silver lineage")
	for rows.Next() {
		var topic string
		var rp, bp int
		var ro, bo int64
		testenv.Must(t, rows.Scan(&topic, &rp, &ro, &bp, &bo), "scan")
		if want, ok := firstBronze[fmt.Sprintf("%s/%d/%d/%d", topic, rp, ro, bp)]; !ok || want != bo {
			t.Fatalf("silver holds %s/%d/%d from bronze offset %d/%d, its first bronze record is at %d", topic, rp, ro, bp, bo, want)
		}
	}
	testenv.Must(t, rows.Err(), "silver lineage")

	s.resend(before, running)
}

// resend writes the raw records of a few current versions to their raw
// topic again, byte for byte, as a scraper's resend or a scraper that
// crashed before saving its crawl state does: a new raw record, not a
// replay. Exactly this changes (docs/delivery.md): bronze stores the new
// records (its tables keep every raw record), silver's current version of
// those playlists is the same but its lineage names the later raw record
// and its bronze record, and so do gold_playlists' raw coordinates;
// nothing else. A bronze replay afterwards changes nothing again.
func (s *stack) resend(before map[string][]string, running stages) {
	t := s.t
	t.Helper()
	const n = 12
	type coords struct {
		topic     string
		partition int32
		offset    int64
	}
	current := map[coords]string{} // raw coordinates -> playlist key
	rows, err := s.db.Query(t.Context(), `SELECT raw_topic, raw_partition, raw_offset, playlist_key FROM silver_playlists
		WHERE source = 'mixesdb' ORDER BY playlist_key LIMIT $1`, n)
	testenv.Must(t, err, "current versions")
	for rows.Next() {
		var c coords
		var k string
		testenv.Must(t, rows.Scan(&c.topic, &c.partition, &c.offset, &k), "scan")
		current[c] = k
	}
	testenv.Must(t, rows.Err(), "current versions")
	if len(current) != n {
		t.Fatalf("%d current mixesdb versions", len(current))
	}
	var tracks int // the lines bronze stores of them
	testenv.Must(t, s.db.QueryRow(t.Context(), `SELECT sum(b.track_count) FROM silver_playlists s
		JOIN bronze_playlists b ON b.source_topic = s.raw_topic AND b.source_partition = s.raw_partition AND b.source_offset = s.raw_offset
		WHERE s.playlist_key = ANY($1)`, slices.Collect(maps.Values(current))).Scan(&tracks), "lines")
	lineage := map[string][]string{
		"silver_playlists": {"bronze_topic", "bronze_partition", "bronze_offset", "raw_topic", "raw_partition", "raw_offset"},
		"gold_playlists":   {"raw_topic", "raw_partition", "raw_offset"},
	}
	proj := map[string]string{}
	for tb, cols := range lineage {
		proj[tb] = s.withoutColumns(tb, cols)
	}
	cl := testenv.Client(t, s.kcfg)
	sent := 0
	for _, r := range testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Raw("mixesdb")) {
		if _, ok := current[coords{r.Topic, r.Partition, r.Offset}]; ok {
			again := &kgo.Record{Topic: r.Topic, Key: r.Key, Value: r.Value, Headers: r.Headers}
			testenv.Must(t, cl.ProduceSync(t.Context(), again).FirstErr(), "resend")
			sent++
		}
	}
	if sent != n {
		t.Fatalf("found %d of the %d raw records to resend", sent, n)
	}
	s.drained()
	after := s.snapshot()

	for tb := range after {
		gone, came := minus(before[tb], after[tb]), minus(after[tb], before[tb])
		want := 0
		switch tb {
		case "bronze_playlists":
			if len(gone) == 0 && len(came) == n {
				continue
			}
		case "bronze_tracks":
			if len(gone) == 0 && len(came) == tracks {
				continue
			}
		case "silver_playlists", "gold_playlists":
			want = n
		}
		if len(gone) != want || len(came) != want {
			t.Fatalf("resending %d raw records changed %s: %d rows gone, %d new\n%s", n, tb, len(gone), len(came),
				diffSnapshots(map[string][]string{tb: before[tb]}, map[string][]string{tb: after[tb]}))
		}
	}
	// Silver's and gold's rows of those playlists differ in their lineage
	// only, and it names the resent records.
	for tb, want := range proj {
		if s.withoutColumns(tb, lineage[tb]) != want {
			t.Fatalf("resending changed %s beyond its lineage columns", tb)
		}
	}
	moved := 0
	for c, k := range current {
		var topic string
		var partition int32
		var offset int64
		testenv.Must(t, s.db.QueryRow(t.Context(), `SELECT s.raw_topic, s.raw_partition, s.raw_offset FROM silver_playlists s
			JOIN bronze_playlists b ON b.source_topic = s.raw_topic AND b.source_partition = s.raw_partition AND b.source_offset = s.raw_offset
			WHERE s.playlist_key = $1`, k).Scan(&topic, &partition, &offset), "lineage of %s", k)
		if topic == c.topic && partition == c.partition && offset > c.offset {
			moved++
		}
	}
	if moved != n {
		t.Fatalf("%d of the %d resent playlists have the resent raw record as their lineage", moved, n)
	}
	if got := s.count("SELECT count(*) FROM lineage_playlists WHERE NOT gold_in_step"); got != 0 {
		t.Fatalf("%d playlists whose gold row names another raw record than silver's", got)
	}

	// Replaying bronze over the resent records changes nothing again.
	running.stop()
	_, err = ops.ReplayWith(t.Context(), s.adminClient(), s.kcfg.Topics, ops.ReplayOptions{Stage: "bronze", Target: ops.ReplayTarget{Start: true}})
	testenv.Must(t, err, "replay bronze after the resend")
	s.runPipeline()
	s.drained()
	if d := diffSnapshots(after, s.snapshot()); d != "" {
		t.Fatalf("replaying bronze after the resend changed PostgreSQL:\n%s", d)
	}
}

// stages are the three stages running in-process.
type stages struct{ stops []func() }

func (p stages) stop() {
	for _, stop := range p.stops {
		stop()
	}
}

func (s *stack) runPipeline() stages {
	_, b := s.runBronze(1 << 20)
	_, sv := s.runSilver("")
	_, g := s.runGold()
	return stages{[]func(){b, sv, g}}
}

func (s *stack) adminClient() *kadm.Client {
	if s.admin == nil {
		adm, err := s.kcfg.NewAdmin("test", testenv.Logger(s.t))
		testenv.Must(s.t, err, "admin")
		s.t.Cleanup(adm.Close)
		s.admin = adm
	}
	return s.admin
}

// sameTimeScrapes posts two scrapes of each of a few playlists with the
// same scrape time and different lines: the later raw record is the
// current version, and must stay so through every replay.
func (s *stack) sameTimeScrapes() {
	s.t.Helper()
	g := gen.New(gen.Config{Source: "mixesdb", Seed: 92, Now: time.Now().Add(-time.Hour)})
	var first, second []gen.Item
	for len(first) < 10 {
		it := g.Next()
		if it.Playlist == nil || len(it.Playlist.Tracks) < 3 {
			continue
		}
		p := *it.Playlist
		p.Tracks = slices.Clone(p.Tracks[:len(p.Tracks)-1]) // the same scrape time, a line fewer
		first = append(first, it)
		second = append(second, gen.Item{Playlist: &p, JSON: mustJSON(s.t, &p)})
	}
	for _, items := range [][]gen.Item{first, second} {
		for i, r := range s.sendHTTP(items, "mixesdb", len(items), 1) {
			if r.Status != "accepted" {
				s.t.Fatalf("same-time scrape %d: %+v", i, r)
			}
		}
	}
}

// drained waits until bronze, silver and gold have each committed every
// record of their inputs. The groups are read in pipeline order, so that
// a stage's lag is read after the one before it committed its output (and
// so closed its transaction: the last offset of every partition it wrote
// is then a commit marker).
func (s *stack) drained() {
	s.t.Helper()
	adm := s.adminClient()
	calm, state := 0, ""
	deadline := time.Now().Add(3 * time.Minute)
	for calm < 5 {
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for every stage to take all its input: %s", state)
		}
		time.Sleep(100 * time.Millisecond)
		calm++
		state = ""
		for _, st := range []string{"bronze", "silver", "gold"} {
			g := s.kcfg.Topics.Group(st)
			lags, err := adm.Lag(s.t.Context(), g)
			if err != nil {
				calm, state = 0, fmt.Sprintf("%s: %v", g, err)
				break
			}
			l, ok := lags[g]
			behind := int64(0)
			for _, ps := range l.Lag {
				for _, p := range ps {
					// A topic written in transactions (silver's and
					// gold's input) ends with a commit marker the
					// group's offset stays before.
					if lag := p.Lag; st == "bronze" || lag > 1 {
						behind += lag
					}
				}
			}
			if !ok || l.Error() != nil || behind != 0 || len(l.Lag) == 0 {
				calm = 0
				state += fmt.Sprintf("%s: listed %v, error %v, %d records behind over %d topics; ", st, ok, l.Error(), behind, len(l.Lag))
				break
			}
		}
	}
}

// snapshot reads every row of every table of the schema, as text (every
// column), sorted; all but gold_pair_owners, whose epochs are leases, not
// data: they move whenever a replica loads a partition (docs/delivery.md).
func (s *stack) snapshot() map[string][]string {
	s.t.Helper()
	ctx := s.t.Context()
	rows, err := s.db.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'gold_pair_owners' ORDER BY 1`)
	testenv.Must(s.t, err, "list tables")
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	testenv.Must(s.t, err, "list tables")
	out := map[string][]string{}
	for _, tb := range tables {
		rows, err := s.db.Query(ctx, fmt.Sprintf("SELECT t::text FROM %s t", pgx.Identifier{tb}.Sanitize()))
		testenv.Must(s.t, err, "read %s", tb)
		out[tb], err = pgx.CollectRows(rows, pgx.RowTo[string])
		testenv.Must(s.t, err, "read %s", tb)
		slices.Sort(out[tb])
	}
	return out
}

// withoutColumns hashes a table's rows without the columns named.
func (s *stack) withoutColumns(table string, cols []string) string {
	s.t.Helper()
	var sum string
	q := fmt.Sprintf("SELECT md5(string_agg((to_jsonb(t) - $1::text[])::text, '|' ORDER BY (to_jsonb(t) - $1::text[])::text)) FROM %s t",
		pgx.Identifier{table}.Sanitize())
	testenv.Must(s.t, s.db.QueryRow(s.t.Context(), q, cols).Scan(&sum), "hash %s", table)
	return sum
}

// diffSnapshots says which rows of which tables differ, a few of each.
func diffSnapshots(a, b map[string][]string) string {
	var out strings.Builder
	tables := slices.Concat(slices.Collect(maps.Keys(a)), slices.Collect(maps.Keys(b)))
	slices.Sort(tables)
	for _, tb := range slices.Compact(tables) {
		gone, came := minus(a[tb], b[tb]), minus(b[tb], a[tb])
		if len(gone) == 0 && len(came) == 0 {
			continue
		}
		fmt.Fprintf(&out, "%s: %d rows gone, %d rows new (of %d, now %d)\n", tb, len(gone), len(came), len(a[tb]), len(b[tb]))
		for i := range min(3, max(len(gone), len(came))) {
			if i < len(gone) {
				fmt.Fprintf(&out, "  - %.300s\n", gone[i])
			}
			if i < len(came) {
				fmt.Fprintf(&out, "  + %.300s\n", came[i])
			}
		}
	}
	return out.String()
}

// minus is the rows of a not in b, as multisets.
func minus(a, b []string) []string {
	n := map[string]int{}
	for _, r := range b {
		n[r]++
	}
	var out []string
	for _, r := range a {
		if n[r] > 0 {
			n[r]--
			continue
		}
		out = append(out, r)
	}
	return out
}

// recordSet counts records by key and value.
func recordSet(rs []*kgo.Record) map[string]int {
	out := map[string]int{}
	for _, r := range rs {
		out[string(r.Key)+"\x00"+string(r.Value)]++
	}
	return out
}
