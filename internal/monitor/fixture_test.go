package monitor_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/monitor"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// clock is the monitor's clock in tests: time moves when the test says.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// want is what the records written for one source at one stage must make
// the monitor count.
type want struct {
	playlists, tracks, artists int
	status                     map[string]int
	last                       time.Time
	pipelineSeconds            float64 // sum of the pipeline latencies
}

type key struct{ source, stage string }

// fixture writes raw, bronze, silver and dead-letter records the way the
// stages write them (real encoders, Confluent framing, the source header)
// with timestamps of the test's choosing, and keeps what they must count.
type fixture struct {
	t      *testing.T
	kcfg   kafka.Config
	regURL string
	reg    *serde.Registry
	redis  string
	prefix string
	clock  *clock
	prod   *kgo.Client
	enc    map[string]*serde.Encoder
	gens   map[string]*gen.Generator

	want       map[key]*want
	rejects    map[[3]string]int // source, stage, reason
	unreadable int
}

func newFixture(t *testing.T, sources ...string) *fixture {
	t.Helper()
	_, kcfg := testenv.Kafka(t, 1)
	_, regURL := testenv.Registry(t)
	reg, err := serde.NewRegistry(regURL)
	testenv.Must(t, err, "registry")
	redisURL := testenv.RedisURL(t)
	prefix := fmt.Sprintf("songnodes_test_monitor_%d:", time.Now().UnixNano())
	t.Cleanup(func() { testenv.DeleteRedisKeys(t, redisURL, prefix) })
	f := &fixture{
		t: t, kcfg: kcfg, regURL: regURL, reg: reg, redis: redisURL, prefix: prefix,
		clock: &clock{t: time.Now().Add(-2 * time.Hour).Truncate(time.Minute)},
		prod:  testenv.Client(t, kcfg, kgo.DefaultProduceTopic("unused")),
		enc:   map[string]*serde.Encoder{}, gens: map[string]*gen.Generator{},
		want: map[key]*want{}, rejects: map[[3]string]int{},
	}
	t0 := kcfg.Topics
	specs := []kafka.TopicSpec{{Name: t0.Bronze()}, {Name: t0.Silver()}, {Name: t0.DLQ("bronze")}, {Name: t0.DLQ("silver")}}
	for _, s := range sources {
		specs = append(specs, kafka.TopicSpec{Name: t0.Raw(s)})
	}
	adm, err := kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	defer adm.Close()
	testenv.Must(t, kcfg.EnsureTopics(t.Context(), adm, specs...), "create topics")
	for i, s := range sources {
		f.encoder(t0.Raw(s), record.ScrapedPlaylistSchema)
		f.gens[s] = gen.New(gen.Config{Source: s, Seed: uint64(i + 1), Now: f.clock.Now().Add(-time.Hour)})
	}
	f.encoder(t0.Bronze(), record.BronzePlaylistSchema)
	f.encoder(t0.Silver(), record.SilverPlaylistSchema)
	return f
}

func (f *fixture) encoder(topic string, sch avro.Schema) {
	f.t.Helper()
	enc, err := serde.NewEncoder(f.t.Context(), f.reg, topic+"-value", sch)
	testenv.Must(f.t, err, "encoder for %s", topic)
	f.enc[topic] = enc
}

func (f *fixture) w(source, stage string) *want {
	k := key{source, stage}
	if f.want[k] == nil {
		f.want[k] = &want{status: map[string]int{}}
	}
	return f.want[k]
}

// feed writes n good playlists of source through every stage's topic: the
// raw record at `at` (then 100ms apart), bronze's a second later, silver's
// two seconds later. Silver's tracks carry the generator's truth: an
// artist when the line has one, the status the line must get.
func (f *fixture) feed(source string, n int, at time.Time) {
	f.t.Helper()
	t := f.kcfg.Topics
	var recs []*kgo.Record
	for i := range n {
		it := f.gens[source].Next()
		p := it.Playlist
		rawTS := at.Add(time.Duration(i) * 100 * time.Millisecond)
		key := tracklist.PlaylistKey(p.Source, deref(p.SourcePlaylistID), p.SourceURL)
		hints := 0
		for _, tr := range p.Tracks {
			if tr.Artist != nil && strings.TrimSpace(*tr.Artist) != "" {
				hints++
			}
		}
		lin := record.Lineage{Topic: t.Raw(source), WriterSchemaID: f.enc[t.Raw(source)].ID(), IngestedAt: rawTS}
		b := record.BronzePlaylist{PlaylistKey: key, Playlist: *p, Lineage: lin}
		s := record.SilverPlaylist{
			PlaylistKey: key, SetID: key, Source: p.Source, SourceURL: p.SourceURL, Name: p.Name,
			ScrapedAt: p.ScrapedAt, ParserVersion: p.ParserVersion, RawLineage: lin,
			Lineage: record.Lineage{Topic: t.Bronze(), IngestedAt: rawTS.Add(time.Second)},
		}
		artists, headings := 0, 0
		for _, tr := range it.Tracks {
			if tr.Expect == gen.ExpectNotTrack {
				headings++ // silver's lines that name no track: not counted as tracks
			}
			st := record.SilverTrack{Position: tr.Position, RawLine: tr.Line, Status: tr.Expect}
			if tr.Artist != "" {
				st.Artists = []string{tr.Artist}
				artists++
			}
			s.Tracks = append(s.Tracks, st)
			f.w(source, "silver").status[tr.Expect]++
		}
		for _, x := range []struct {
			stage   string
			topic   string
			v       any
			ts      time.Time
			artists int
			lat     float64
			tracks  int
		}{
			{"raw", t.Raw(source), p, rawTS, hints, 0, len(p.Tracks)},
			{"bronze", t.Bronze(), &b, rawTS.Add(time.Second), hints, 1, len(p.Tracks)},
			{"silver", t.Silver(), &s, rawTS.Add(2 * time.Second), artists, 2, len(p.Tracks) - headings},
		} {
			v, err := f.enc[x.topic].Encode(x.v)
			testenv.Must(f.t, err, "encode %s", x.stage)
			recs = append(recs, stage.SetSource(&kgo.Record{Topic: x.topic, Key: []byte(key), Value: v, Timestamp: x.ts}, source))
			w := f.w(source, x.stage)
			w.playlists++
			w.tracks += x.tracks
			w.artists += x.artists
			w.pipelineSeconds += x.lat
			if x.ts.After(w.last) {
				w.last = x.ts
			}
		}
	}
	f.produce(recs...)
}

// reject writes n dead letters of source, as bronze writes them.
func (f *fixture) reject(source string, reason dlq.Reason, n int, at time.Time) {
	f.t.Helper()
	var recs []*kgo.Record
	for i := range n {
		orig := stage.SetSource(&kgo.Record{Topic: f.kcfg.Topics.Raw(source), Key: []byte("k"), Value: []byte("not avro"),
			Partition: 0, Offset: int64(i)}, source)
		r := dlq.NewRecord(f.kcfg.Topics.DLQ("bronze"), dlq.Rejected{Record: orig, Stage: "bronze", Reason: reason, Message: "test", Time: at})
		r.Timestamp = at
		recs = append(recs, r)
	}
	f.rejects[[3]string{source, "bronze", string(reason)}] += n
	f.produce(recs...)
}

// badRaw writes n raw records of source with a fault in their framing or
// Avro, as a broken scraper client would.
func (f *fixture) badRaw(source string, fault gen.FrameFault, n int, at time.Time) {
	f.t.Helper()
	topic := f.kcfg.Topics.Raw(source)
	var recs []*kgo.Record
	for range n {
		good, err := f.enc[topic].Encode(f.gens[source].Next().Playlist)
		testenv.Must(f.t, err, "encode")
		v := gen.BadRecordValue(fault, good, 1<<20)
		recs = append(recs, stage.SetSource(&kgo.Record{Topic: topic, Key: []byte("bad"), Value: v, Timestamp: at}, source))
	}
	f.unreadable += n
	f.produce(recs...)
}

func (f *fixture) produce(recs ...*kgo.Record) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.t.Context(), time.Minute)
	defer cancel()
	testenv.Must(f.t, f.prod.ProduceSync(ctx, recs...).FirstErr(), "produce")
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (f *fixture) settings() monitor.Settings {
	s := monitor.DefaultSettings(f.kcfg)
	s.RegistryURL, s.RedisURL, s.RedisPrefix = f.regURL, f.redis, f.prefix
	s.FlushInterval, s.LagInterval, s.RedisWait = 100*time.Millisecond, 300*time.Millisecond, 5*time.Second
	s.MaxSources, s.Now, s.MetadataMaxAge = 100, f.clock.Now, 500*time.Millisecond
	return s
}

// running is a monitor running in the test.
type running struct {
	a    *app.App
	m    *monitor.Monitor
	url  string // its HTTP endpoints
	stop func()
}

func (f *fixture) start(s monitor.Settings) *running {
	f.t.Helper()
	a := app.New("monitor", testenv.Logger(f.t))
	m, err := monitor.New(a, s)
	testenv.Must(f.t, err, "monitor")
	srv := httptest.NewServer(a.Mux)
	ctx, cancel := context.WithCancel(f.t.Context())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				f.t.Errorf("monitor stopped with %v", err)
			}
			srv.Close()
		})
	}
	f.t.Cleanup(stop)
	return &running{a: a, m: m, url: srv.URL, stop: stop}
}

// metric reads one series of a counter or gauge (a histogram's count).
func metric(t *testing.T, g prometheus.Gatherer, name string, labels ...string) float64 {
	t.Helper()
	return testenv.Metric(t, g, name, labels...)
}

// waitCounted waits until the monitor has counted every record written.
func (f *fixture) waitCounted(r *running) {
	f.t.Helper()
	total := 0
	for _, w := range f.want {
		total += w.playlists
	}
	rejects := 0
	for _, n := range f.rejects {
		rejects += n
	}
	testenv.Eventually(f.t, time.Minute, "the monitor to count every record", func() bool {
		return int(metric(f.t, r.a.Metrics, "songnodes_monitor_playlists_total")) == total &&
			int(metric(f.t, r.a.Metrics, "songnodes_monitor_rejects_total")) == rejects &&
			int(metric(f.t, r.a.Metrics, "songnodes_monitor_unreadable_records_total")) == f.unreadable
	})
}

// checkCounts asserts every counter against what was written: exact.
func (f *fixture) checkCounts(r *running) {
	f.t.Helper()
	g := r.a.Metrics
	for k, w := range f.want {
		l := []string{"source", k.source, "stage", k.stage}
		for _, c := range []struct {
			name string
			want int
		}{
			{"songnodes_monitor_playlists_total", w.playlists},
			{"songnodes_monitor_tracks_total", w.tracks},
			{"songnodes_monitor_artist_tracks_total", w.artists},
			{"songnodes_monitor_stage_latency_seconds", w.playlists}, // the histogram's count
		} {
			if got := metric(f.t, g, c.name, l...); int(got) != c.want {
				f.t.Errorf("%s{%s,%s} = %v, want %d", c.name, k.source, k.stage, got, c.want)
			}
		}
		if got := metric(f.t, g, "songnodes_monitor_last_record_timestamp_seconds", l...); got != float64(w.last.UnixMilli())/1000 {
			f.t.Errorf("last record of %s at %s: %v, want %v", k.source, k.stage, got, w.last.Unix())
		}
		if k.stage != "raw" {
			if got := testenv.HistogramSum(f.t, g, "songnodes_monitor_pipeline_latency_seconds", l...); got != w.pipelineSeconds {
				f.t.Errorf("pipeline latency of %s at %s sums %v, want %v", k.source, k.stage, got, w.pipelineSeconds)
			}
		}
		if k.stage == "silver" {
			for status, n := range w.status {
				if got := metric(f.t, g, "songnodes_monitor_tracks_"+status+"_total", l...); int(got) != n {
					f.t.Errorf("%s tracks of %s: %v, want %d", status, k.source, got, n)
				}
			}
		}
	}
	for k, n := range f.rejects {
		if got := metric(f.t, g, "songnodes_monitor_rejects_total", "source", k[0], "stage", k[1], "reason", k[2]); int(got) != n {
			f.t.Errorf("rejects %v = %v, want %d", k, got, n)
		}
	}
}

// status reads /api/status.
func (r *running) status(t *testing.T) monitor.Status {
	t.Helper()
	resp, err := http.Get(r.url + "/api/status")
	testenv.Must(t, err, "GET /api/status")
	defer resp.Body.Close()
	var st monitor.Status
	testenv.Must(t, json.NewDecoder(resp.Body).Decode(&st), "decode /api/status")
	return st
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	testenv.Must(t, err, "GET %s", url)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// proxy forwards TCP connections to a server, and can be taken down and
// up again: Redis going away and coming back.
type proxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
	wg     sync.WaitGroup
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(testenv.FreePort(t))), target: target}
	t.Cleanup(p.down)
	return p
}

func (p *proxy) up() {
	ln, err := net.Listen("tcp", p.addr)
	testenv.Must(p.t, err, "proxy listen")
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(s, c); s.Close() }()
			go func() { _, _ = io.Copy(c, s); c.Close() }()
		}
	}()
}

func (p *proxy) down() {
	p.mu.Lock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.mu.Unlock()
	p.wg.Wait()
}
