package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/monitor"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// runMonitor runs the monitor in-process on the stack, its state under
// prefix in the Redis at redisURL.
func (s *stack) runMonitor(redisURL, prefix string) (*app.App, func()) {
	t := s.t
	t.Helper()
	a := app.New("monitor", testenv.Logger(t))
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	ms := monitor.DefaultSettings(s.kcfg)
	ms.RegistryURL, ms.RedisURL, ms.RedisPrefix = s.regURL, redisURL, prefix
	ms.FlushInterval, ms.LagInterval, ms.MetadataMaxAge = 200*time.Millisecond, 500*time.Millisecond, time.Second
	go func() { done <- monitor.Run(ctx, a, ms) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("monitor stopped with %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return a, stop
}

// truth is what one accepted playlist must make the monitor count.
type truth struct {
	source              string
	tracks, hints, arts int
	notTracks           int // lines a correct parser finds to name no track
	status              map[string]int
}

// sendSources posts n generated playlists per source over HTTP (some
// malformed: ingest refuses those) and returns the accepted ones' truth
// by playlist key.
func (s *stack) sendSources(sources []string, n int, seed uint64, into map[string]truth) {
	s.t.Helper()
	for i, src := range sources {
		g := gen.New(gen.Config{Source: src, Seed: seed + uint64(i), BadRatio: 0.05, Now: time.Now().Add(-time.Hour)})
		items := make([]gen.Item, n)
		for j := range items {
			items[j] = g.Next()
		}
		for j, r := range s.sendHTTP(items, src, 50, 2) {
			it := items[j]
			if it.Good() != (r.Status == "accepted") {
				s.t.Fatalf("%s item %d (%s): %+v", src, j, it.Bad, r)
			}
			if !it.Good() {
				continue
			}
			tr := truth{source: src, tracks: len(it.Playlist.Tracks), status: map[string]int{}}
			for _, t := range it.Playlist.Tracks {
				if t.Artist != nil && strings.TrimSpace(*t.Artist) != "" {
					tr.hints++
				}
			}
			for _, t := range it.Tracks {
				if t.Artist != "" {
					tr.arts++
				}
				tr.status[t.Expect]++
				if t.Expect == gen.ExpectNotTrack {
					tr.notTracks++
				}
			}
			into[r.PlaylistKey] = tr
		}
	}
}

// badFrames writes raw records of source that do not decode, as a broken
// client writing to Kafka directly would: bronze dead-letters them.
func (s *stack) badFrames(source string, faults map[gen.FrameFault]int) {
	s.t.Helper()
	enc := s.encoder(source)
	g := gen.New(gen.Config{Source: source, Seed: 99})
	var recs []*kgo.Record
	for f, n := range faults {
		for range n {
			good := rawRecord(s.t, s.kcfg, enc, g.Next().Playlist)
			good.Value = gen.BadRecordValue(f, good.Value, 1<<20)
			recs = append(recs, good)
		}
	}
	cl := testenv.Client(s.t, s.kcfg)
	testenv.Must(s.t, cl.ProduceSync(s.t.Context(), recs...).FirstErr(), "produce bad frames")
}

// monitorSettled waits until the monitor has measured, several times in
// a row, that every given group has consumed everything (transaction
// markers, which no consumer reads, do not count as lag: see
// internal/monitor/lag.go), itself included.
func monitorSettled(t *testing.T, mon *app.App, timeout time.Duration, groups ...string) {
	t.Helper()
	calm := 0
	testenv.Eventually(t, timeout, "the groups to catch up, as the monitor measures it", func() bool {
		for _, g := range append(groups, "monitor") {
			if !testenv.HasSeries(t, mon.Metrics, "songnodes_monitor_consumer_lag_records", "stage", g) ||
				metricOf(t, mon, "songnodes_monitor_consumer_lag_records", "stage", g) != 0 {
				calm = 0
				return false
			}
		}
		calm++
		return calm >= 15 // 1.5s: three lag measurements
	})
}

func metricOf(t *testing.T, a *app.App, name string, labels ...string) int {
	t.Helper()
	return int(testenv.Metric(t, a.Metrics, name, labels...))
}

// Three sources post over HTTP through ingest, bronze and silver; a
// client writes undecodable records straight to a raw topic; the monitor
// is restarted while the stages work, and one source stops. The monitor's
// counts at every stage are exactly what the topics hold (raw and bronze:
// what was accepted; silver: what silver wrote, with the generator's
// truth for its artists and statuses), rejects are counted by reason,
// every group's lag reaches zero, and the stopped source's age grows.
func TestMonitorEndToEnd(t *testing.T) {
	s := newStack(t, stackOptions{brokers: 1})
	redisURL := testenv.RedisURL(t)
	t.Cleanup(func() { testenv.DeleteRedisKeys(t, redisURL, s.kcfg.Topics.Prefix+":") })
	prefix := s.kcfg.Topics.Prefix + ":monitor:"
	s.runBronze(1 << 20)
	s.runSilver(redisURL)
	_, stopMon := s.runMonitor(redisURL, prefix)

	sources := []string{"mixesdb", "1001tracklists", "beatport"}
	accepted := map[string]truth{}
	s.sendSources(sources, 120, 7, accepted)
	s.badFrames("beatport", map[gen.FrameFault]int{gen.FrameBadMagic: 3, gen.FrameUnknownSchema: 2})

	// Restart the monitor while the stages still work on the first round.
	stopMon()
	mon, _ := s.runMonitor(redisURL, prefix)
	stoppedAt := time.Now()
	s.sendSources(sources[:2], 60, 70, accepted)

	testenv.Eventually(t, 3*time.Minute, "bronze to take everything", func() bool {
		return metricOf(t, mon, "songnodes_monitor_playlists_total", "stage", "bronze") == len(accepted) &&
			metricOf(t, mon, "songnodes_monitor_rejects_total", "stage", "bronze") == 5
	})
	monitorSettled(t, mon, 3*time.Minute, "bronze", "silver")

	// Raw and bronze: every accepted playlist, once.
	want := map[string]*truth{}
	for _, tr := range accepted {
		w := want[tr.source]
		if w == nil {
			w = &truth{status: map[string]int{}}
			want[tr.source] = w
		}
		w.tracks += tr.tracks
		w.hints += tr.hints
		w.source = tr.source
		w.arts++ // playlists, here
	}
	for _, src := range sources {
		for _, st := range []string{"raw", "bronze"} {
			l := []string{"source", src, "stage", st}
			for name, n := range map[string]int{
				"songnodes_monitor_playlists_total":     want[src].arts,
				"songnodes_monitor_tracks_total":        want[src].tracks,
				"songnodes_monitor_artist_tracks_total": want[src].hints,
			} {
				if got := metricOf(t, mon, name, l...); got != n {
					t.Errorf("%s{%s,%s} = %d, want %d", name, src, st, got, n)
				}
			}
		}
	}
	for reason, n := range map[string]int{"bad_framing": 3, "unknown_schema": 2} {
		if got := metricOf(t, mon, "songnodes_monitor_rejects_total", "source", "beatport", "stage", "bronze", "reason", reason); got != n {
			t.Errorf("beatport's bronze rejects (%s) = %d, want %d", reason, got, n)
		}
		if got := metricOf(t, mon, "songnodes_monitor_unreadable_records_total", "source", "beatport", "stage", "raw", "reason", reason); got != n {
			t.Errorf("beatport's unreadable raw records (%s) = %d, want %d", reason, got, n)
		}
	}

	// Silver: what silver wrote, with the generator's truth for each.
	silverWant := map[string]*truth{}
	dec := serde.NewDecoder(s.reg, record.SilverPlaylistSchema)
	for _, r := range testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Silver()) {
		var sp record.SilverPlaylist
		_, err := dec.Decode(t.Context(), r.Value, &sp)
		testenv.Must(t, err, "decode silver")
		tr, ok := accepted[sp.PlaylistKey]
		if !ok {
			t.Fatalf("silver wrote %s, which was never accepted", sp.PlaylistKey)
		}
		w := silverWant[tr.source]
		if w == nil {
			w = &truth{status: map[string]int{}}
			silverWant[tr.source] = w
		}
		w.hints++ // playlists, here
		// Silver counts tracks, not the lines that name none (headings).
		w.tracks += tr.tracks - tr.notTracks
		w.arts += tr.arts
		for k, n := range tr.status {
			w.status[k] += n
		}
	}
	silverRejects := len(testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.DLQ("silver")))
	for _, src := range sources {
		w := silverWant[src]
		if w == nil || w.hints < len(accepted)/len(sources)/2 {
			t.Fatalf("silver wrote too few playlists of %s: %+v (%d dead-lettered)", src, w, silverRejects)
		}
		l := []string{"source", src, "stage", "silver"}
		for name, n := range map[string]int{
			"songnodes_monitor_playlists_total":     w.hints,
			"songnodes_monitor_tracks_total":        w.tracks,
			"songnodes_monitor_artist_tracks_total": w.arts,
		} {
			if got := metricOf(t, mon, name, l...); got != n {
				t.Errorf("%s{%s,silver} = %d, want %d", name, src, got, n)
			}
		}
		for st, n := range w.status {
			if got := metricOf(t, mon, "songnodes_monitor_tracks_"+st+"_total", l...); got != n {
				t.Errorf("%s %s tracks at silver: %d, want %d", src, st, got, n)
			}
		}
		cov := testenv.Metric(t, mon.Metrics, "songnodes_monitor_artist_coverage_ratio_24h", l...)
		if want := float64(w.arts) / float64(w.tracks); cov != want {
			t.Errorf("%s artist coverage at silver %v, want %v", src, cov, want)
		}
	}
	if got := metricOf(t, mon, "songnodes_monitor_rejects_total", "stage", "silver"); got != silverRejects {
		t.Errorf("silver rejects counted %d, silver's dead-letter topic holds %d", got, silverRejects)
	}

	// beatport stopped before the second round: its last raw record is
	// older than that, and its age grows.
	last := testenv.Metric(t, mon.Metrics, "songnodes_monitor_last_record_timestamp_seconds", "source", "beatport", "stage", "raw")
	if last <= 0 || last > float64(stoppedAt.UnixMilli())/1000 {
		t.Errorf("beatport's last raw record at %v, after it stopped (%v)", last, stoppedAt.Unix())
	}
	a1 := testenv.Metric(t, mon.Metrics, "songnodes_monitor_last_record_age_seconds", "source", "beatport", "stage", "raw")
	time.Sleep(1100 * time.Millisecond)
	if a2 := testenv.Metric(t, mon.Metrics, "songnodes_monitor_last_record_age_seconds", "source", "beatport", "stage", "raw"); a2-a1 < 1 {
		t.Errorf("beatport's age did not grow: %v then %v", a1, a2)
	}
}

// The rules and dashboards in deploy/ against a real Prometheus and the
// real binaries: every rule loads with its runbook, every query parses as
// PromQL, every songnodes_* metric they use is one the components emit
// (after traffic that gives every vector a series), and promtool accepts
// every component's /metrics.
func TestObservability(t *testing.T) {
	prom := startPrometheus(t)

	// Rules: loaded, and each alert carries its runbook.
	var rules struct {
		Data struct {
			Groups []struct {
				Rules []struct {
					Name        string
					Query       string
					Type        string
					Health      string
					Labels      map[string]string
					Annotations map[string]string
				}
			}
		}
	}
	promGet(t, prom, "/api/v1/rules", &rules)
	var exprs []string
	alerts := 0
	for _, g := range rules.Data.Groups {
		for _, r := range g.Rules {
			exprs = append(exprs, r.Query)
			if r.Type != "alerting" {
				continue
			}
			alerts++
			if r.Labels["severity"] != "critical" && r.Labels["severity"] != "warning" {
				t.Errorf("alert %s: severity %q", r.Name, r.Labels["severity"])
			}
			for _, a := range []string{"summary", "description", "runbook"} {
				if strings.TrimSpace(r.Annotations[a]) == "" {
					t.Errorf("alert %s has no %s", r.Name, a)
				}
			}
		}
	}
	if alerts < 8 {
		t.Fatalf("Prometheus loaded %d alerts from deploy/prometheus/rules", alerts)
	}

	// Dashboards: every panel's query and every variable's.
	dashExprs := dashboardExprs(t)
	exprs = append(exprs, dashExprs...)
	// The check can fail: Prometheus refuses a query that does not parse.
	var bad struct{ Status, ErrorType string }
	if code := promQuery(t, prom, "sum(rate(songnodes_monitor_tracks_total[5m])", &bad); code != http.StatusBadRequest || bad.ErrorType != "bad_data" {
		t.Fatalf("Prometheus answered %d %s to a query that does not parse", code, bad.ErrorType)
	}
	vars := strings.NewReplacer("$__rate_interval", "5m", "$__interval", "1m", "$__range", "1h", "${source}", "mixesdb", "$source", "mixesdb")
	for _, e := range exprs {
		q := vars.Replace(e)
		if strings.Contains(q, "$") {
			t.Errorf("query with an unknown variable: %s", e)
			continue
		}
		var res struct{ Status, ErrorType, Error string }
		code := promQuery(t, prom, q, &res)
		if code != http.StatusOK || res.Status != "success" {
			t.Errorf("Prometheus refuses %s: %d %s %s", e, code, res.ErrorType, res.Error)
		}
	}

	// What the components emit, after traffic through all of them.
	s := newStack(t, stackOptions{brokers: 1})
	redisURL := testenv.RedisURL(t)
	t.Cleanup(func() { testenv.DeleteRedisKeys(t, redisURL, s.kcfg.Topics.Prefix+":") })
	apps := map[string]*app.App{"ingest": s.ingestApp}
	apps["bronze"], _ = s.runBronze(1 << 20)
	apps["silver"], _ = s.runSilver(redisURL)
	apps["gold"], _ = s.runGold()
	apps["monitor"], _ = s.runMonitor(redisURL, s.kcfg.Topics.Prefix+":monitor:")
	apps["scrape"] = s.runScraper("mixesdb") // its sample has an unreadable page
	accepted := map[string]truth{}
	s.sendSources([]string{"mixesdb", "1001tracklists"}, 60, 3, accepted)
	s.badFrames("mixesdb", map[gen.FrameFault]int{gen.FrameTruncated: 2})
	resp, err := http.Post(s.ingestURL+"/v1/sources/mixesdb/playlists", "application/x-ndjson", strings.NewReader(""))
	testenv.Must(t, err, "post an empty body")
	resp.Body.Close()
	testenv.Eventually(t, 3*time.Minute, "silver to write and the monitor to store its state", func() bool {
		m := apps["monitor"]
		return metricOf(t, m, "songnodes_monitor_playlists_total", "stage", "silver") > 0 &&
			testenv.Metric(t, m.Metrics, "songnodes_monitor_state_persisted_timestamp_seconds") > 0
	})
	monitorSettled(t, apps["monitor"], 3*time.Minute, "bronze", "silver", "gold")

	emitted := map[string]bool{}
	for name, a := range apps {
		mfs, err := a.Metrics.Gather()
		testenv.Must(t, err, "gather %s", name)
		for _, mf := range mfs {
			n := mf.GetName()
			emitted[n] = true
			if mf.GetType().String() == "HISTOGRAM" {
				emitted[n+"_bucket"], emitted[n+"_sum"], emitted[n+"_count"] = true, true, true
			}
		}
		t.Run("promtool check metrics "+name, func(t *testing.T) { promtoolCheckMetrics(t, a) })
	}
	nameRe := regexp.MustCompile(`songnodes_[a-z0-9_]+`)
	wildcard := regexp.MustCompile(`songnodes_[a-z0-9_]*\*`) // a family named in prose: songnodes_monitor_*
	used := map[string]bool{}
	for _, e := range exprs {
		for _, n := range nameRe.FindAllString(e, -1) {
			used[n] = true
		}
	}
	for _, f := range ruleFiles(t) {
		b, err := os.ReadFile(f)
		testenv.Must(t, err, "read %s", f)
		for _, n := range nameRe.FindAllString(wildcard.ReplaceAllString(string(b), ""), -1) {
			used[n] = true // annotations and runbooks name metrics too
		}
	}
	var missing []string
	for n := range used {
		if !emitted[n] {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("dashboards or rules use metrics no component emits: %v", missing)
	}
	if len(used) < 30 {
		t.Errorf("only %d songnodes_* metrics used: the check proves little", len(used))
	}
	t.Logf("%d queries parse; %d songnodes_* metrics used, all emitted", len(exprs), len(used))
}

func ruleFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../deploy/prometheus/rules/*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no rule files: %v", err)
	}
	return files
}

// dashboardExprs returns the queries of every panel and variable of the
// dashboards in deploy/grafana/dashboards; a variable's label_values(sel,
// label) gives its selector.
func dashboardExprs(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../deploy/grafana/dashboards/*.json")
	if err != nil || len(files) < 3 {
		t.Fatalf("dashboards: %v %v", files, err)
	}
	labelValues := regexp.MustCompile(`^label_values\((.*),\s*[a-zA-Z_]+\)$`)
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		testenv.Must(t, err, "read %s", f)
		var d struct {
			Panels []struct {
				Title   string
				Targets []struct{ Expr string }
			}
			Templating struct {
				List []struct {
					Type       string
					Definition string
				}
			}
		}
		testenv.Must(t, json.Unmarshal(b, &d), "parse %s", f)
		n := 0
		for _, p := range d.Panels {
			for _, tg := range p.Targets {
				out = append(out, tg.Expr)
				n++
			}
		}
		for _, v := range d.Templating.List {
			if v.Type != "query" {
				continue
			}
			m := labelValues.FindStringSubmatch(v.Definition)
			if m == nil {
				t.Fatalf("%s: variable query %q is not label_values(selector, label)", f, v.Definition)
			}
			out = append(out, m[1])
		}
		if n < 10 {
			t.Fatalf("%s: only %d queries", f, n)
		}
	}
	return out
}

// startPrometheus runs Debian's prometheus with the rules of
// deploy/prometheus/rules and returns its address.
func startPrometheus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		t.Fatalf("prometheus is not installed (scripts/deps.sh; Debian package prometheus): %v", err)
	}
	dir := t.TempDir()
	rules, err := filepath.Abs("../deploy/prometheus/rules")
	testenv.Must(t, err, "rules")
	cfg := filepath.Join(dir, "prometheus.yml")
	testenv.Must(t, os.WriteFile(cfg, []byte("global:\n  evaluation_interval: 1m\nrule_files:\n  - "+rules+"/*.yml\n"), 0o644), "config")
	addr := "127.0.0.1:" + strconv.Itoa(testenv.FreePort(t))
	cmd := exec.Command(bin, "--config.file="+cfg, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	if testing.Verbose() {
		cmd.Stderr = os.Stderr
	}
	testenv.Must(t, cmd.Start(), "start prometheus")
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	testenv.Eventually(t, 30*time.Second, "Prometheus to be ready", func() bool {
		resp, err := http.Get("http://" + addr + "/-/ready")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return "http://" + addr
}

func promGet(t *testing.T, base, path string, v any) {
	t.Helper()
	resp, err := http.Get(base + path)
	testenv.Must(t, err, "GET %s", path)
	defer resp.Body.Close()
	testenv.Must(t, json.NewDecoder(resp.Body).Decode(v), "decode %s", path)
}

func promQuery(t *testing.T, base, q string, v any) int {
	t.Helper()
	resp, err := http.PostForm(base+"/api/v1/query", url.Values{"query": {q}})
	testenv.Must(t, err, "query")
	defer resp.Body.Close()
	testenv.Must(t, json.NewDecoder(resp.Body).Decode(v), "decode the answer to %s", q)
	return resp.StatusCode
}

// promtoolCheckMetrics pipes a component's /metrics to promtool check
// metrics, which fails on any lint problem (names, units, help, types).
func promtoolCheckMetrics(t *testing.T, a *app.App) {
	t.Helper()
	bin, err := exec.LookPath("promtool")
	if err != nil {
		t.Fatalf("promtool is not installed (scripts/deps.sh): %v", err)
	}
	srv := httptest.NewServer(a.Mux)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	testenv.Must(t, err, "GET /metrics")
	defer resp.Body.Close()
	text, err := io.ReadAll(resp.Body)
	testenv.Must(t, err, "read /metrics")
	if !strings.Contains(string(text), "songnodes_") {
		t.Fatalf("%s serves no songnodes_ metric", a.Name)
	}
	cmd := exec.Command(bin, "check", "metrics")
	cmd.Stdin = strings.NewReader(string(text))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics on %s: %v\n%s", a.Name, err, out)
	}
}
