package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/monitor"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// monitorBench measures the monitor: its throughput reading every topic
// it watches as the runs before left them (the raw backlog, the bronze
// and silver outputs, the dead letters), beside the consume limit of the
// same topics on the same broker (a read_committed consumer that decodes
// nothing); and the memory of the monitor binary tracking 1,000 sources.
func (e *env) monitorBench(ctx context.Context, w io.Writer) error {
	var (
		limit Result
		pairs paired
	)
	// Each run starts after a garbage collection, as the stages' (measure).
	consume := func(int) (Result, error) {
		runtime.GC()
		l, err := e.consumeLimit(ctx)
		if limit.Elapsed == 0 || l.Elapsed < limit.Elapsed {
			limit = l
		}
		return l, err
	}
	// A warm-up of each, unmeasured, as for the stages (see warmUp).
	warm, err := e.consumeLimit(ctx)
	if err != nil {
		return fmt.Errorf("consume limit warm-up: %w", err)
	}
	if _, err := e.monitorRun(ctx, warm.Playlists); err != nil {
		return fmt.Errorf("monitor warm-up: %w", err)
	}
	for i := range 3 {
		if err := pairs.add(i, consume, func(int) (Result, error) { runtime.GC(); return e.monitorRun(ctx, limit.Playlists) }); err != nil {
			return fmt.Errorf("monitor: %w", err)
		}
	}
	mon := pairs.fastest()
	// The limit decodes nothing: its tracks are the ones the monitor
	// counted in the same records.
	limit.Tracks = mon.Tracks
	fmt.Fprintf(w, "\nmonitor: %d records, %d track lines, %.0f MB in the raw, bronze, silver and dead-letter topics (after an unmeasured warm-up of the consume limit and the monitor)\n",
		limit.Playlists, mon.Tracks, float64(limit.Bytes)/1e6)
	fmt.Fprintf(w, "%-34s %12s %12s %9s %9s\n", "run", "records/s", "tracks/s", "MB/s", "x limit")
	for _, r := range []struct {
		Result
		ratio float64
	}{{limit, 1}, {mon, pairs.ratio()}} {
		fmt.Fprintf(w, "%-34s %12.0f %12.0f %9.1f %9.2f\n", r.Name, r.perSec(float64(r.Playlists)), r.perSec(float64(r.Tracks)),
			r.perSec(float64(limit.Bytes))/1e6, r.ratio)
	}
	fmt.Fprintf(w, "monitor: %.2f of the consume limit (target >= 0.50; %s)\n", pairs.ratio(), &pairs)

	if e.o.BronzeBin == "" {
		fmt.Fprintln(w, "monitor with 1000 sources: skipped (no monitor binary next to songnodes; make build)")
		return nil
	}
	mem, err := e.monitorSources(ctx, filepath.Join(filepath.Dir(e.o.BronzeBin), "monitor"), 1000, 10)
	if err != nil {
		return fmt.Errorf("monitor with 1000 sources: %w", err)
	}
	fmt.Fprintf(w, "monitor with %d sources: peak RSS %.0f MiB, %.0f MiB after reading %d records; %d series on /metrics (%.1f MB); state in Redis %s\n",
		mem.sources, float64(mem.peakRSS)/(1<<20), float64(mem.rss)/(1<<20), mem.records, mem.series, float64(mem.metricsBytes)/1e6, mem.redis)
	return nil
}

// monitoredClient returns a consumer of every topic the monitor reads,
// with the monitor's fetch settings.
func (e *env) monitoredClient(topics kafka.Topics, opts ...kgo.Opt) (*kgo.Client, error) {
	return e.kcfg.NewClient("bench", e.o.Log, append([]kgo.Opt{
		kgo.ConsumeTopics(monitor.Patterns(topics)...),
		kgo.ConsumeRegex(),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchMaxBytes(16 << 20),
		kgo.FetchMaxPartitionBytes(4 << 20),
		kgo.MaxConcurrentFetches(2),
	}, opts...)...)
}

// consumeLimit reads every monitored topic to its end and counts the
// records; Playlists holds the records, Elapsed the time to the last one.
func (e *env) consumeLimit(ctx context.Context) (Result, error) {
	cl, err := e.monitoredClient(e.kcfg.Topics)
	if err != nil {
		return Result{}, err
	}
	defer cl.Close()
	r := Result{Name: "consume limit (read, no decoding)"}
	start := time.Now()
	var last time.Time
	for {
		pctx, cancel := context.WithTimeout(ctx, time.Second)
		fs := cl.PollRecords(pctx, 10000)
		cancel()
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		n := 0
		fs.EachRecord(func(rec *kgo.Record) {
			n++
			r.Bytes += int64(len(rec.Value))
		})
		if n > 0 {
			r.Playlists += n
			last = time.Now()
			continue
		}
		// Done after two seconds with nothing new (the first records
		// may take a moment: the topics are found by pattern).
		if !last.IsZero() && time.Since(last) > 2*time.Second {
			r.Elapsed = last.Sub(start)
			return r, nil
		}
		if time.Since(start) > 15*time.Minute {
			return Result{}, errors.New("not done after 15 minutes")
		}
	}
}

// monitorRun runs the monitor in-process (its own group and Redis keys)
// until it has read want records.
func (e *env) monitorRun(ctx context.Context, want int) (Result, error) {
	a := app.New("bench", e.o.Log)
	prefix := "bench:monitor-" + randomHex() + ":"
	defer e.deleteRedisKeys(ctx, prefix)
	s := monitor.DefaultSettings(e.kcfg)
	s.RegistryURL, s.RedisURL, s.RedisPrefix, s.Group = e.regURL, e.o.RedisURL, prefix, "bench.monitor-"+randomHex()
	// Timed from when the monitor holds its partitions, like the stages:
	// connecting to Redis and joining its group are not reading.
	var n, tracks float64
	d, err := runUntil(ctx, "monitor", 20*time.Millisecond, func(ctx context.Context) error { return monitor.Run(ctx, a, s) },
		func() bool { return metric(a, "", "songnodes_monitor_assigned_partitions") > 0 },
		func() bool {
			n = metric(a, "", "songnodes_monitor_playlists_total", "songnodes_monitor_rejects_total", "songnodes_monitor_unreadable_records_total")
			tracks = metric(a, "", "songnodes_monitor_tracks_total")
			return n >= float64(want)
		})
	if err != nil {
		return Result{}, err
	}
	return Result{Name: "monitor", Elapsed: d, Playlists: int(n), Tracks: int(tracks)}, nil
}

type sourcesResult struct {
	sources, records, series int
	peakRSS, rss             int64
	metricsBytes             int
	redis                    string
}

// monitorSources runs the monitor binary on topics of its own (another
// topic prefix) where n sources each have per playlists at raw, bronze
// and silver, and a dead letter, spread over the last day so that every
// window holds data; and reads its memory from the kernel.
func (e *env) monitorSources(ctx context.Context, bin string, n, per int) (sourcesResult, error) {
	if _, err := os.Stat(bin); err != nil {
		return sourcesResult{}, fmt.Errorf("monitor binary: %w", err)
	}
	kcfg := e.kcfg
	kcfg.Topics.Prefix = "bench1k"
	t := kcfg.Topics
	adm, err := kcfg.NewAdmin("bench", e.o.Log)
	if err != nil {
		return sourcesResult{}, err
	}
	defer adm.Close()
	// One partition per raw topic: a thousand sources are a thousand
	// topics; shared topics keep the configured partitions.
	raw := make([]string, n)
	for i := range raw {
		raw[i] = t.Raw(fmt.Sprintf("src-%04d", i))
	}
	if _, err := adm.CreateTopics(ctx, 1, 1, nil, raw...); err != nil {
		return sourcesResult{}, fmt.Errorf("create raw topics: %w", err)
	}
	if err := kcfg.EnsureTopics(ctx, adm, kafka.TopicSpec{Name: t.Bronze()}, kafka.TopicSpec{Name: t.Silver()}, kafka.TopicSpec{Name: t.DLQ("bronze")}); err != nil {
		return sourcesResult{}, err
	}
	// The monitor decodes by schema ID: one registration per schema does.
	encs := map[string]*serde.Encoder{}
	if encs["raw"], err = serde.NewEncoder(ctx, e.reg, raw[0]+"-value", record.ScrapedPlaylistSchema); err != nil {
		return sourcesResult{}, err
	}
	if encs["bronze"], err = serde.NewEncoder(ctx, e.reg, t.Bronze()+"-value", record.BronzePlaylistSchema); err != nil {
		return sourcesResult{}, err
	}
	if encs["silver"], err = serde.NewEncoder(ctx, e.reg, t.Silver()+"-value", record.SilverPlaylistSchema); err != nil {
		return sourcesResult{}, err
	}
	cl, err := e.kcfg.NewClient("bench", e.o.Log)
	if err != nil {
		return sourcesResult{}, err
	}
	defer cl.Close()
	g := gen.New(gen.Config{Source: "mixesdb", Seed: 3})
	now := time.Now()
	records := 0
	var perr error
	produce := func(r *kgo.Record) {
		records++
		cl.Produce(ctx, r, func(_ *kgo.Record, err error) {
			if err != nil {
				perr = err
			}
		})
	}
	for i := range n {
		source := fmt.Sprintf("src-%04d", i)
		for j := range per {
			it := g.Next()
			p := *it.Playlist
			p.Source = source
			ts := now.Add(-time.Duration((i*per+j)%(24*60)) * time.Minute)
			lin := record.Lineage{Topic: raw[i], IngestedAt: ts}
			silver := record.SilverPlaylist{PlaylistKey: source + ":" + p.SourceURL, SetID: source, Source: source, SourceURL: p.SourceURL,
				Name: p.Name, ScrapedAt: p.ScrapedAt, ParserVersion: p.ParserVersion, Lineage: lin, RawLineage: lin}
			for k, tr := range it.Tracks {
				st := record.SilverTrack{Position: k + 1, RawLine: tr.Line, Status: tr.Expect}
				if tr.Artist != "" {
					st.Artists = []string{tr.Artist}
				}
				silver.Tracks = append(silver.Tracks, st)
			}
			for _, x := range []struct {
				topic, enc string
				v          any
			}{
				{raw[i], "raw", &p},
				{t.Bronze(), "bronze", &record.BronzePlaylist{PlaylistKey: silver.PlaylistKey, Playlist: p, Lineage: lin}},
				{t.Silver(), "silver", &silver},
			} {
				v, err := encs[x.enc].Encode(x.v)
				if err != nil {
					return sourcesResult{}, err
				}
				produce(stage.SetSource(&kgo.Record{Topic: x.topic, Key: []byte(silver.PlaylistKey), Value: v, Timestamp: ts}, source))
			}
		}
		orig := stage.SetSource(&kgo.Record{Topic: raw[i], Value: []byte("x")}, source)
		produce(dlq.NewRecord(t.DLQ("bronze"), dlq.Rejected{Record: orig, Stage: "bronze", Reason: dlq.DecodeError, Message: "bench", Time: now}))
	}
	if err := cl.Flush(ctx); err != nil {
		return sourcesResult{}, err
	}
	if perr != nil {
		return sourcesResult{}, perr
	}

	prefix := "bench:monitor1k-" + randomHex() + ":"
	defer e.deleteRedisKeys(ctx, prefix)
	addr := freeAddr()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(),
		"KAFKA_BROKERS="+kcfg.Brokers[0], "TOPIC_PREFIX=bench1k", "TOPIC_PARTITIONS=6", "TOPIC_REPLICATION=1",
		"SCHEMA_REGISTRY_URL="+e.regURL, "REDIS_URL="+e.o.RedisURL, "MONITOR_REDIS_PREFIX="+prefix,
		"HTTP_ADDR="+addr, "LOG_LEVEL=error",
	)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return sourcesResult{}, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	want := float64(records)
	start := time.Now()
	for {
		// Once a second, as a scrape of 100,000 series costs the
		// monitor memory of its own.
		time.Sleep(time.Second)
		got, _ := scrapeCounters("http://"+addr+"/metrics", "songnodes_monitor_playlists_total", "songnodes_monitor_rejects_total")
		if got >= want {
			break
		}
		if time.Since(start) > 10*time.Minute {
			return sourcesResult{}, fmt.Errorf("read %v of %v records in 10 minutes", got, want)
		}
	}
	time.Sleep(5 * time.Second) // a flush of every source to Redis, and a lag measurement
	res := sourcesResult{sources: n, records: records, redis: "not configured"}
	if res.peakRSS, err = procStatus(cmd.Process.Pid, "VmHWM"); err != nil {
		return sourcesResult{}, err
	}
	res.rss, _ = procStatus(cmd.Process.Pid, "VmRSS")
	if resp, err := http.Get("http://" + addr + "/metrics"); err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		res.metricsBytes = len(b)
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				res.series++
			}
		}
	}
	if e.o.RedisURL != "" {
		if opts, err := redis.ParseURL(e.o.RedisURL); err == nil {
			rdb := redis.NewClient(opts)
			if b, err := rdb.MemoryUsage(ctx, prefix+"sources").Result(); err == nil {
				res.redis = fmt.Sprintf("%.1f MB", float64(b)/1e6)
			}
			rdb.Close()
		}
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	return res, nil
}

func (e *env) deleteRedisKeys(ctx context.Context, prefix string) {
	if e.o.RedisURL == "" {
		return
	}
	opts, err := redis.ParseURL(e.o.RedisURL)
	if err != nil {
		return
	}
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	ctx = context.WithoutCancel(ctx) // runs after the run's context ended
	it := rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for it.Next(ctx) {
		rdb.Del(ctx, it.Val())
	}
}

// scrapeCounters sums the series of several counters on a /metrics page.
func scrapeCounters(url string, names ...string) (float64, error) {
	m, err := scrape(url)
	if err != nil {
		return 0, err
	}
	sum := 0.0
	for _, line := range strings.Split(m, "\n") {
		for _, name := range names {
			if strings.HasPrefix(line, name+"{") || strings.HasPrefix(line, name+" ") {
				sum += lastValue(line)
			}
		}
	}
	return sum, nil
}

// sumStage sums the series of name with the label stage="loop" in
// metrics, a /metrics page.
func sumStage(metrics, name, loop string) float64 {
	sum := 0.0
	for _, line := range strings.Split(metrics, "\n") {
		if strings.HasPrefix(line, name+"{") && strings.Contains(line, `stage="`+loop+`"`) {
			sum += lastValue(line)
		}
	}
	return sum
}

func lastValue(line string) float64 {
	f := strings.Fields(line)
	v, _ := strconv.ParseFloat(f[len(f)-1], 64)
	return v
}

// scrape reads a /metrics page.
func scrape(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// procStatus reads a size field (kB) of /proc/<pid>/status in bytes:
// VmHWM is the peak resident set size, VmRSS the current one.
func procStatus(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// freeAddr returns a loopback address with a port below 32768 that is free
// now: a server in the ephemeral range can find its port taken.
func freeAddr() string {
	for range 100 {
		var b [2]byte
		_, _ = rand.Read(b[:])
		addr := "127.0.0.1:" + strconv.Itoa(20000+(int(b[0])<<8|int(b[1]))%12000)
		if ln, err := net.Listen("tcp", addr); err == nil {
			ln.Close()
			return addr
		}
	}
	return "127.0.0.1:28094"
}

func randomHex() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
