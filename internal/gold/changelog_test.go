package gold

import (
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// The pairs loop's state loads from the changelog on a broker: committed
// transactions count, aborted ones do not, a later rev wins, and loading
// ends at the last stable offset though the partition ends with a
// transaction marker, or holds nothing.
func TestLoadChangelog(t *testing.T) {
	ctx := t.Context()
	_, kcfg := testenv.Kafka(t, 1)
	kcfg.Partitions = 3
	const topic = "test.gold.pairs-changelog"
	adm, err := kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	defer adm.Close()
	_, err = adm.CreateTopic(ctx, 3, 1, nil, topic)
	testenv.Must(t, err, "create topic")
	_, url := testenv.Registry(t)
	reg, err := serde.NewRegistry(url)
	testenv.Must(t, err, "registry")
	enc, err := serde.NewEncoder(ctx, reg, topic+"-value", record.GoldPairContributionSchema)
	testenv.Must(t, err, "encoder")

	cl := testenv.Client(t, kcfg, kgo.TransactionalID("test-changelog"), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	txn := func(commit bool, part int32, cs ...record.GoldPairContribution) {
		t.Helper()
		testenv.Must(t, cl.BeginTransaction(), "begin")
		for _, c := range cs {
			b, err := enc.Encode(&c)
			testenv.Must(t, err, "encode")
			testenv.Must(t, cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Partition: part, Value: b}).FirstErr(), "produce")
		}
		testenv.Must(t, cl.EndTransaction(ctx, kgo.TransactionEndTry(commit)), "end")
	}
	c := func(from, to, playlist string, rev, occ int64) record.GoldPairContribution {
		return record.GoldPairContribution{FromTrackID: from, ToTrackID: to, FromTrack: from, ToTrack: to, PlaylistKey: playlist,
			Rev: rev, Occurrences: occ, Djs: []string{"dj " + playlist}}
	}
	txn(true, 0, c("a", "b", "s:1", 1, 1), c("a", "b", "s:2", 1, 2))
	txn(true, 1, c("c", "d", "s:1", 1, 1))
	txn(false, 0, c("a", "b", "s:1", 5, 9)) // aborted
	txn(true, 0, c("a", "b", "s:2", 2, 0), c("a", "b", "s:1", 1, 1))
	txn(true, 0, c("a", "b", "s:2", 1, 7)) // an earlier rev, after a later one

	load := loadChangelog(kcfg, testenv.Logger(t), topic, serde.NewDecoder(reg, record.GoldPairContributionSchema))
	got, err := load(ctx, []int32{0, 1, 2}, interner{})
	testenv.Must(t, err, "load")
	ab := got[0][keyOf("a", "b")].row(pair{"a", "b"})
	if ab.g == nil || ab.g.Occurrences != 1 || ab.g.Playlists != 1 || ab.g.Djs != 1 {
		t.Errorf("a>b: %+v, want s:1's one occurrence (s:2 withdrew; the aborted rev 5 never was)", ab.g)
	}
	if cd := got[1][keyOf("c", "d")].row(pair{"c", "d"}); cd.g == nil || cd.g.Occurrences != 1 {
		t.Errorf("c>d: %+v", cd.g)
	}
	if len(got[0]) != 1 || len(got[1]) != 1 || len(got[2]) != 0 {
		t.Errorf("pairs by partition: %d, %d, %d; want 1, 1, 0", len(got[0]), len(got[1]), len(got[2]))
	}
}
