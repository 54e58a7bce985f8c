// Package testenv starts what tests run against: an in-process Kafka
// (kfake), a schema registry (srfake), and a fresh database on the real
// PostgreSQL named by TEST_DATABASE_URL. Tests that need PostgreSQL fail,
// never skip, when it does not answer: CI has it.
package testenv

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/redis/go-redis/v9"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr/srfake"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/postgres"
)

// DefaultDatabaseURL is used when TEST_DATABASE_URL is unset.
const DefaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Logger returns a logger that writes to the test log only when -v is on.
func Logger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

// Kafka starts an in-process cluster of brokers brokers and returns it
// with a kafka.Config for it under a fresh topic prefix.
func Kafka(t testing.TB, brokers int, opts ...kfake.Opt) (*kfake.Cluster, kafka.Config) {
	t.Helper()
	c, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(brokers), kfake.DefaultNumPartitions(4)}, opts...)...)
	if err != nil {
		t.Fatalf("start kfake: %v", err)
	}
	t.Cleanup(c.Close)
	cfg := kafka.DefaultConfig()
	cfg.Brokers, cfg.Topics.Prefix = c.ListenAddrs(), "t"+randHex(4)
	cfg.Partitions, cfg.Replication = 4, 1
	return c, cfg
}

// Registry starts an in-memory schema registry and returns its URL.
func Registry(t testing.TB) (*srfake.Registry, string) {
	t.Helper()
	reg := srfake.NewRegistry()
	srv := httptest.NewServer(reg.Handler())
	t.Cleanup(srv.Close)
	return reg, srv.URL
}

// Postgres creates a fresh, migrated database on the server named by
// TEST_DATABASE_URL, drops it when the test ends, and returns its URL.
func Postgres(t testing.TB) string {
	t.Helper()
	dbURL := createDatabase(t)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	pool, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := postgres.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	return dbURL
}

// BaseDatabaseURL is the server tests create their databases on.
func BaseDatabaseURL() string {
	return cmp.Or(os.Getenv("TEST_DATABASE_URL"), DefaultDatabaseURL)
}

// PostgresServer is the server tests may create databases on, for a test
// that makes its own (songnodes bench): TEST_DATABASE_URL's.
func PostgresServer(t testing.TB) string {
	t.Helper()
	skipShort(t, "PostgreSQL")
	return BaseDatabaseURL()
}

func createDatabase(t testing.TB) string {
	t.Helper()
	skipShort(t, "PostgreSQL")
	base := BaseDatabaseURL()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("PostgreSQL at %s does not answer (set TEST_DATABASE_URL): %v", postgres.Redact(base), err)
	}
	defer admin.Close(ctx)
	name := "songnodes_test_" + randHex(6)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		// t.Context() is done by now: the drop gets a context of its own.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, base); err == nil {
			_, _ = c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			_ = c.Close(ctx)
		}
	})
	u, _ := url.Parse(base)
	u.Path = "/" + name
	return u.String()
}

// Pool opens a pool on url, closed when the test ends.
func Pool(t testing.TB, url string) *pgxpool.Pool {
	t.Helper()
	pool, err := postgres.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// Client returns a plain Kafka client for cfg's cluster.
func Client(t testing.TB, cfg kafka.Config, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := cfg.NewClient("test", Logger(t), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// ReadAll reads every committed record of topic, from the start to the end
// offsets of the moment it is called.
func ReadAll(t testing.TB, cfg kafka.Config, topic string) []*kgo.Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cl := Client(t, cfg)
	adm := kadm.NewClient(cl)
	// A new client's first look at a topic just written may show it
	// without partitions, or at offsets 0: ask again, for a second at
	// most (an empty topic costs that second).
	var ends kadm.ListedOffsets
	for try := 0; ; try++ {
		var err error
		ends, err = adm.ListEndOffsets(ctx, topic)
		if err != nil || ends.Error() != nil {
			t.Fatalf("list end offsets of %s: %v %v", topic, err, ends.Error())
		}
		written := false
		ends.Each(func(o kadm.ListedOffset) { written = written || o.Offset > 0 })
		if written || try == 10 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	want := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Offset > 0 {
			want[o.Partition] = o.Offset
		}
	})
	rd := Client(t, cfg,
		kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
	)
	var out []*kgo.Record
	next := map[int32]int64{} // offset after the last record seen
	for empty := 0; ; {
		pctx, pcancel := context.WithTimeout(ctx, 500*time.Millisecond)
		fs := rd.PollFetches(pctx)
		pcancel()
		if ctx.Err() != nil {
			t.Fatalf("reading %s: timed out at %v of %v", topic, next, want)
		}
		n := 0
		fs.EachRecord(func(r *kgo.Record) { out = append(out, r); next[r.Partition] = r.Offset + 1; n++ })
		if n > 0 {
			empty = 0
			continue
		}
		empty++
		// A partition is read through when the next offset is its end,
		// or the end minus the marker of the transaction that wrote its
		// last records. Aborted records at the end are never delivered,
		// so after a while of nothing the read ends anyway.
		done, started := true, true
		for p, end := range want {
			if next[p] < end-1 {
				done = false
			}
			if next[p] == 0 {
				started = false
			}
		}
		// A partition with records of which none came yet may be one
		// whose every record was aborted, or a consumer slow to start on
		// a busy machine: it gets longer (15 s) than a read that stopped
		// short of its end (4 s).
		if (done && empty >= 2) || (started && empty >= 8) || empty >= 30 {
			return out
		}
	}
}

// ReadAtLeast reads topic like ReadAll, again for up to 10 s while it
// holds fewer than n records: for a record a test knows was acknowledged,
// where a new client's first look at a small topic found it empty (seen
// in CI on a dead-letter topic with one record and, over SASL and TLS, on
// a raw topic with one; the cause is not proven).
func ReadAtLeast(t testing.TB, cfg kafka.Config, topic string, n int) []*kgo.Record {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out := ReadAll(t, cfg, topic)
		if len(out) >= n || time.Now().After(deadline) {
			return out
		}
		t.Logf("read %d records of %s, want at least %d: reading again", len(out), topic, n)
	}
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Eventually polls cond every 100ms until it is true or timeout passes.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Must fails the test on err.
func Must(t testing.TB, err error, what string, args ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", fmt.Sprintf(what, args...), err)
	}
}

// Metric returns the value of the counter or gauge name whose labels
// include labels (pairs of name, value), summed over the series that match
// (a histogram counts its observations); 0 when none does.
func Metric(t testing.TB, g prometheus.Gatherer, name string, labels ...string) float64 {
	t.Helper()
	sum := 0.0
	eachSeries(t, g, name, labels, func(m *dto.Metric) {
		switch {
		case m.GetCounter() != nil:
			sum += m.GetCounter().GetValue()
		case m.GetGauge() != nil:
			sum += m.GetGauge().GetValue()
		case m.GetHistogram() != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		}
	})
	return sum
}

// HistogramSum returns the sum of the observations of the histogram name
// in the series whose labels include labels.
func HistogramSum(t testing.TB, g prometheus.Gatherer, name string, labels ...string) float64 {
	t.Helper()
	sum := 0.0
	eachSeries(t, g, name, labels, func(m *dto.Metric) { sum += m.GetHistogram().GetSampleSum() })
	return sum
}

// HasSeries reports whether a series of name has labels among its labels.
func HasSeries(t testing.TB, g prometheus.Gatherer, name string, labels ...string) bool {
	t.Helper()
	found := false
	eachSeries(t, g, name, labels, func(*dto.Metric) { found = true })
	return found
}

// eachSeries calls fn with every series of name whose labels include
// labels (pairs of name, value).
func eachSeries(t testing.TB, g prometheus.Gatherer, name string, labels []string, fn func(*dto.Metric)) {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatalf("gather metrics: %v", err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	series:
		for _, m := range mf.GetMetric() {
			have := map[string]string{}
			for _, lp := range m.GetLabel() {
				have[lp.GetName()] = lp.GetValue()
			}
			for i := 0; i+1 < len(labels); i += 2 {
				if have[labels[i]] != labels[i+1] {
					continue series
				}
			}
			fn(m)
		}
	}
}

// skipShort skips a test that needs a server when the fast tier runs
// (`make test-fast`, go test -short); `make test` runs every test.
func skipShort(t testing.TB, server string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("needs %s: the fast tier (-short) leaves it to make test", server)
	}
}

// EmptyPostgres is Postgres without the migrations.
func EmptyPostgres(t testing.TB) string {
	t.Helper()
	return createDatabase(t)
}

// FreePort returns a port below 32768 that is free now: servers bind
// below the ephemeral range, where a client socket cannot take it first.
func FreePort(t testing.TB) int {
	t.Helper()
	for range 100 {
		p := 20000 + int(randUint16()%12000)
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err == nil {
			ln.Close()
			return p
		}
	}
	t.Fatal("no free port below 32768")
	return 0
}

func randUint16() uint16 {
	var b [2]byte
	_, _ = rand.Read(b[:])
	return uint16(b[0])<<8 | uint16(b[1])
}

// DefaultRedisURL is used when TEST_REDIS_URL is unset.
const DefaultRedisURL = "redis://127.0.0.1:6379/0"

// RedisURL returns the Redis tests use, failing the test when it does not
// answer. Tests share it: they keep to keys under a prefix of their own and
// never flush the whole database.
func RedisURL(t testing.TB) string {
	t.Helper()
	skipShort(t, "Redis")
	u := cmp.Or(os.Getenv("TEST_REDIS_URL"), DefaultRedisURL)
	opts, err := redis.ParseURL(u)
	if err != nil {
		t.Fatalf("TEST_REDIS_URL: %v", err)
	}
	cl := redis.NewClient(opts)
	defer cl.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := cl.Ping(ctx).Err(); err != nil {
		t.Fatalf("Redis at %s does not answer (set TEST_REDIS_URL): %v", u, err)
	}
	return u
}

// DeleteRedisKeys deletes the keys under prefix, as a flush of this test's
// part of Redis. Tests call it from t.Cleanup too, where t.Context() is
// already done: it runs on a context of its own.
func DeleteRedisKeys(t testing.TB, url, prefix string) int {
	t.Helper()
	opts, _ := redis.ParseURL(url)
	cl := redis.NewClient(opts)
	defer cl.Close()
	ctx := context.Background()
	n := 0
	it := cl.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for it.Next(ctx) {
		if err := cl.Del(ctx, it.Val()).Err(); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}
