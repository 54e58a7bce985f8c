// Package e2e runs the pipeline end to end: kfake for Kafka, srfake for the
// registry, the machine's real PostgreSQL, ingest over HTTP, and the stages
// in-process or as real processes (killed without warning in the crash
// tests).
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/ingestclient"
	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/bronze"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/gold"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/registry"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/silver"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// bins holds the binaries built for the process tests.
var bins string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "songnodes-e2e")
	if err != nil {
		panic(err)
	}
	args := []string{"build", "-o", dir + "/"}
	if stage.FaultsBuilt {
		// The fault suite (go test -tags faults): the binaries get the
		// hooks that let a test make them kill themselves.
		args = append(args, "-tags", "faults")
	}
	cmd := exec.Command("go", append(args, "../cmd/bronze", "../cmd/silver", "../cmd/gold", "../cmd/songnodes")...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build binaries:", err)
		os.Exit(1)
	}
	bins = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// stack is a pipeline under test.
type stack struct {
	t       *testing.T
	cluster *kfake.Cluster
	kcfg    kafka.Config
	regURL  string
	reg     *serde.Registry
	dbURL   string
	db      *pgxpool.Pool

	ingestURL string
	ingestApp *app.App
	apps      map[string]*app.App // the stages running in-process, by name
	admin     *kadm.Client        // made on first use
	// maxTracks, when above 0, cuts fed playlists to that many lines, so
	// that a run holds many records (FAULTS_TRACKS).
	maxTracks int
}

type stackOptions struct {
	brokers        int
	maxRecordBytes int
	// devRegistry runs the dev command's strict registry
	// (internal/registry) instead of srfake, which accepts any version.
	devRegistry bool
	// kafka are options of the kfake cluster.
	kafka []kfake.Opt
}

func newStack(t *testing.T, o stackOptions) *stack {
	t.Helper()
	if o.brokers == 0 {
		o.brokers = 3
	}
	if o.maxRecordBytes == 0 {
		o.maxRecordBytes = 1 << 20
	}
	cluster, kcfg := testenv.Kafka(t, o.brokers, o.kafka...)
	var regURL string
	if o.devRegistry {
		dev, err := registry.New("")
		testenv.Must(t, err, "dev registry")
		srv := httptest.NewServer(dev)
		t.Cleanup(srv.Close)
		regURL = srv.URL
	} else {
		_, regURL = testenv.Registry(t)
	}
	reg, err := serde.NewRegistry(regURL)
	testenv.Must(t, err, "registry")
	dbURL := testenv.Postgres(t)
	s := &stack{t: t, cluster: cluster, kcfg: kcfg, regURL: regURL, reg: reg, dbURL: dbURL, db: testenv.Pool(t, dbURL), apps: map[string]*app.App{}}

	a := app.New("ingest", testenv.Logger(t))
	srv, err := ingest.NewServer(a, ingest.Settings{
		Kafka: kcfg, RegistryURL: regURL, Tokens: map[string]string{},
		MaxBodyBytes: 32 << 20, MaxRecordBytes: o.maxRecordBytes, RateLimit: 1e6, RateBurst: 1e6,
		ProduceTimeout: 10 * time.Second,
	})
	testenv.Must(t, err, "ingest")
	t.Cleanup(srv.Close)
	srv.Register(a)
	hs := httptest.NewServer(a.Mux)
	t.Cleanup(hs.Close)
	s.ingestURL, s.ingestApp = hs.URL, a
	return s
}

func (s *stack) settings(sp stage.Spec, maxRecordBytes int, redisURL string) stage.Settings {
	st := stage.DefaultSettings(s.kcfg, sp.Name, 1000)
	st.RegistryURL, st.DatabaseURL, st.RedisURL = s.regURL, s.dbURL, redisURL
	l := &st.Loop
	l.TxnID, l.MaxRecordBytes = sp.Name+"-test", maxRecordBytes
	l.TxnTimeout, l.DBTimeout, l.StallTimeout = 30*time.Second, 30*time.Second, time.Minute
	return st
}

// runBronze runs the bronze stage in-process until the returned stop is
// called; its App holds its metrics.
func (s *stack) runBronze(maxRecordBytes int) (*app.App, func()) {
	s.t.Helper()
	return s.runStage(bronze.Spec, s.settings(bronze.Spec, maxRecordBytes, ""))
}

// runSilver runs the silver stage in-process, with Redis at redisURL ("":
// none).
func (s *stack) runSilver(redisURL string) (*app.App, func()) {
	s.t.Helper()
	return s.runStage(silver.Spec, s.settings(silver.Spec, 1<<20, redisURL))
}

// runGold runs the gold stage in-process.
func (s *stack) runGold() (*app.App, func()) {
	s.t.Helper()
	return s.runStage(gold.Spec, s.settings(gold.Spec, 1<<20, ""))
}

// runStage runs a stage in-process until the returned stop is called.
func (s *stack) runStage(sp stage.Spec, settings stage.Settings) (*app.App, func()) {
	t := s.t
	t.Helper()
	a := app.New(sp.Name, testenv.Logger(t))
	s.apps[sp.Name] = a
	ctx, cancel := context.WithCancel(t.Context())
	conn := &stage.Conn{DB: s.db, Registry: s.reg}
	loop, release, err := sp.Build(ctx, a, settings, conn)
	testenv.Must(t, err, "%s loop", sp.Name)
	if release != nil {
		t.Cleanup(release)
	}
	done := make(chan error, 1)
	go func() { done <- loop.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("%s stopped with %v", sp.Name, err)
			}
		})
	}
	t.Cleanup(stop)
	return a, stop
}

// startBronzeProcess starts the bronze binary.
func (s *stack) startBronzeProcess(extraEnv ...string) *exec.Cmd {
	return s.startProcess("bronze", extraEnv...)
}

// startProcess starts a stage's binary, with a transactional ID and static
// membership that survive its restarts.
func (s *stack) startProcess(name string, extraEnv ...string) *exec.Cmd {
	s.t.Helper()
	cmd := s.processCommand(name, extraEnv...)
	testenv.Must(s.t, cmd.Start(), "start %s", name)
	return cmd
}

// processCommand is the command startProcess starts; extraEnv overrides
// its settings (the last of two values of a variable wins).
func (s *stack) processCommand(name string, extraEnv ...string) *exec.Cmd {
	t := s.t
	t.Helper()
	cmd := exec.Command(filepath.Join(bins, name))
	cmd.Env = append(os.Environ(),
		"KAFKA_BROKERS="+s.kcfg.Brokers[0],
		"TOPIC_PREFIX="+s.kcfg.Topics.Prefix,
		"TOPIC_PARTITIONS=4", "TOPIC_REPLICATION=1",
		"SCHEMA_REGISTRY_URL="+s.regURL,
		"DATABASE_URL="+s.dbURL,
		fmt.Sprintf("HTTP_ADDR=127.0.0.1:%d", testenv.FreePort(t)),
		"TRANSACTIONAL_ID="+name+"-crash-test",
		"KAFKA_GROUP_INSTANCE_ID="+name+"-crash-test",
		"BATCH_MAX_RECORDS=1000",
		"LOG_LEVEL=warn",
	)
	cmd.Env = append(cmd.Env, extraEnv...)
	if testing.Verbose() {
		cmd.Stderr = os.Stderr
	}
	return cmd
}

// encoder registers the raw schema for source and returns an encoder.
func (s *stack) encoder(source string) *serde.Encoder {
	s.t.Helper()
	topic := s.kcfg.Topics.Raw(source)
	adm, err := s.kcfg.NewAdmin("test", testenv.Logger(s.t))
	testenv.Must(s.t, err, "admin")
	defer adm.Close()
	testenv.Must(s.t, s.kcfg.EnsureTopics(s.t.Context(), adm, kafka.TopicSpec{Name: topic}), "create %s", topic)
	enc, err := serde.NewEncoder(s.t.Context(), s.reg, topic+"-value", record.ScrapedPlaylistSchema)
	testenv.Must(s.t, err, "encoder")
	return enc
}

// rawRecord is a good playlist as a raw record, as ingest would write it.
func rawRecord(t testing.TB, kcfg kafka.Config, enc *serde.Encoder, p *record.ScrapedPlaylist) *kgo.Record {
	v, err := enc.Encode(p)
	testenv.Must(t, err, "encode")
	key := tracklist.PlaylistKey(p.Source, deref(p.SourcePlaylistID), p.SourceURL)
	return stage.SetSource(&kgo.Record{Topic: kcfg.Topics.Raw(p.Source), Key: []byte(key), Value: v}, p.Source)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// sendHTTP posts the generator's items to ingest in batches and returns
// the result of each.
func (s *stack) sendHTTP(items []gen.Item, source string, batch, workers int) []ingestclient.Result {
	s.t.Helper()
	cl, err := ingestclient.New(s.ingestURL, ingestclient.WithBatch(batch, ingestclient.DefaultMaxBatchBytes), ingestclient.WithRetries(5, time.Second, 30*time.Second))
	testenv.Must(s.t, err, "ingest client")
	out := make([]ingestclient.Result, len(items))
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for i := 0; i < len(items); i += batch {
		j := min(i+batch, len(items))
		bodies := make([][]byte, 0, j-i)
		for _, it := range items[i:j] {
			bodies = append(bodies, it.JSON)
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			res, err := cl.PostRaw(s.t.Context(), source, bodies)
			if err != nil {
				s.t.Errorf("send batch at %d: %v", i, err)
				return
			}
			copy(out[i:j], res.Items)
		}()
	}
	wg.Wait()
	return out
}

// count runs a counting query.
func (s *stack) count(q string, args ...any) int {
	s.t.Helper()
	var n int
	testenv.Must(s.t, s.db.QueryRow(s.t.Context(), q, args...).Scan(&n), "%s", q)
	return n
}

// checksum hashes a table's rows in a stable order.
func (s *stack) checksum(table, order string) string {
	s.t.Helper()
	var sum string
	q := fmt.Sprintf("SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY %s)), '') FROM %s t", order, table)
	testenv.Must(s.t, s.db.QueryRow(s.t.Context(), q).Scan(&sum), "checksum %s", table)
	return sum
}

// decodeBronze decodes a bronze topic record.
func (s *stack) decodeBronze(r *kgo.Record) record.BronzePlaylist {
	s.t.Helper()
	var b record.BronzePlaylist
	_, err := serde.NewDecoder(s.reg, record.BronzePlaylistSchema).Decode(s.t.Context(), r.Value, &b)
	testenv.Must(s.t, err, "decode bronze record")
	return b
}

// decodeRaw decodes a raw topic record.
func decodeRaw(t testing.TB, s *stack, r *kgo.Record) record.ScrapedPlaylist {
	var p record.ScrapedPlaylist
	_, err := serde.NewDecoder(s.reg, record.ScrapedPlaylistSchema).Decode(t.Context(), r.Value, &p)
	testenv.Must(t, err, "decode raw record")
	return p
}

// mustJSON renders a playlist as ingest takes it (played_on as text).
func mustJSON(t testing.TB, p *record.ScrapedPlaylist) []byte {
	t.Helper()
	type alias record.ScrapedPlaylist
	v := struct {
		*alias
		PlayedOn *string `json:"played_on"`
	}{alias: (*alias)(p)}
	if p.PlayedOnText != nil {
		v.PlayedOn = p.PlayedOnText
	}
	b, err := json.Marshal(v)
	testenv.Must(t, err, "json")
	return b
}

// settled waits until every stage running in-process has taken all that
// its upstream produced: bronze every playlist ingest accepted, silver
// every record bronze committed, gold every record silver committed and
// its pairs loop every contribution gold told, the counts steady for a
// second.
func (s *stack) settled(timeout time.Duration) {
	s.t.Helper()
	metric := func(a *app.App, name string, loop string) float64 {
		if a == nil {
			return -1
		}
		return testenv.Metric(s.t, a.Metrics, name, "stage", loop)
	}
	calm, last := 0, ""
	testenv.Eventually(s.t, timeout, "the pipeline to catch up", func() bool {
		upstream := -1.0
		if s.ingestApp != nil {
			upstream = testenv.Metric(s.t, s.ingestApp.Metrics, "songnodes_ingest_playlists_total")
		}
		state := ""
		for _, st := range [][2]string{{"bronze", "bronze"}, {"silver", "silver"}, {"gold", "gold"}, {"gold", gold.PairsName}} {
			a := s.apps[st[0]]
			if a == nil {
				break
			}
			in := metric(a, "songnodes_stage_records_total", st[1])
			if in != upstream {
				calm = 0
				return false
			}
			upstream = metric(a, "songnodes_stage_output_records_total", st[1])
			state += fmt.Sprint(in, "/", upstream, " ")
		}
		if state != last {
			calm, last = 0, state
			return false
		}
		calm++
		return calm >= 10
	})
}

// processMetric reads a counter or gauge from a stage process's /metrics,
// summed over its series.
func processMetric(t *testing.T, p *exec.Cmd, name string) float64 {
	t.Helper()
	var addr string
	for _, e := range p.Env {
		if v, ok := strings.CutPrefix(e, "HTTP_ADDR="); ok {
			addr = v // the last one is the one the process took
		}
	}
	resp, err := http.Get("http://" + addr + "/metrics")
	testenv.Must(t, err, "GET %s/metrics", addr)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	testenv.Must(t, err, "read %s/metrics", addr)
	var sum float64
	found := false
	for line := range strings.Lines(string(body)) {
		f := strings.Fields(line)
		if len(f) < 2 || (f[0] != name && !strings.HasPrefix(f[0], name+"{")) {
			continue
		}
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		testenv.Must(t, err, "metric line %q", line)
		sum, found = sum+v, true
	}
	if !found {
		t.Fatalf("%s has no %s", addr, name)
	}
	return sum
}
