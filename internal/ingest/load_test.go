package ingest_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/testenv"
)

// loadChild is set in the environment of the ingest process
// TestUnderLoad starts: the test binary, run again, serves ingest as the
// binary does (app.Serve, the settings from the environment).
const loadChild = "SONGNODES_INGEST_LOAD_CHILD"

// TestUnderLoad is issue 15's hostile load on a real ingest process of
// its own (so that its RSS is its own): concurrent large POSTs and
// trickling connections at once, while /healthz is asked every 50 ms. It
// shows, and asserts, the process's peak RSS (VmHWM) under 256 MiB, every
// /healthz answered (within a generous 2 s), every large POST stored in
// the end (resent after a 503 as Retry-After says) and every trickler cut
// off. By default a smaller load (8 x 4 MiB, 2 MiB under -race, 100
// tricklers);
// INGEST_LOAD=full runs the (8 x 30 MiB, 500 tricklers; about a
// minute, without -race):
//
//	INGEST_LOAD=full go test -run TestUnderLoad -v ./internal/ingest
func TestUnderLoad(t *testing.T) {
	if os.Getenv(loadChild) != "" {
		serveChild(t)
		return
	}
	posts, postMiB, tricklers := 8, 4, 100
	if raceEnabled {
		postMiB = 2 // the race detector slows the process several times
	}
	if os.Getenv("INGEST_LOAD") == "full" {
		posts, postMiB, tricklers = 8, 30, 500
	}
	_, kcfg := testenv.Kafka(t, 1)
	_, regURL := testenv.Registry(t)
	addr := fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t))
	base := "http://" + addr

	exe, err := os.Executable()
	testenv.Must(t, err, "executable")
	cmd := exec.Command(exe, "-test.run=^TestUnderLoad$", "-test.v") //nolint:gosec // the test binary itself
	cmd.Env = append(os.Environ(), loadChild+"=1",
		"HTTP_ADDR="+addr, "KAFKA_BROKERS="+strings.Join(kcfg.Brokers, ","), "TOPIC_PREFIX="+kcfg.Topics.Prefix,
		"TOPIC_PARTITIONS=4", "TOPIC_REPLICATION=1", "SCHEMA_REGISTRY_URL="+regURL,
		"INGEST_RATE_LIMIT=1000000", "INGEST_RATE_BURST=1000000", "INGEST_BODY_TIMEOUT=5s",
		"INGEST_PRODUCE_TIMEOUT=60s", "LOG_LEVEL=warn")
	var childOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &childOut, &childOut
	testenv.Must(t, cmd.Start(), "start ingest")
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("ingest's output:\n%s", childOut.String())
		}
	})
	testenv.Eventually(t, 30*time.Second, "ingest to answer /readyz", func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	idle := rss(t, cmd.Process.Pid, "VmRSS")

	body := loadBody(postMiB << 20)
	var wg sync.WaitGroup
	stop := make(chan struct{})

	// /healthz every 50 ms, from before the load until after it.
	var lat []time.Duration
	var healthErrs atomic.Int64
	hc := &http.Client{Timeout: 10 * time.Second}
	healthDone := make(chan struct{})
	go func() {
		defer close(healthDone)
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			t0 := time.Now()
			resp, err := hc.Get(base + "/healthz")
			if err != nil {
				healthErrs.Add(1)
				continue
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				healthErrs.Add(1)
			}
			lat = append(lat, time.Since(t0))
		}
	}()

	// Tricklers: each claims a 64 KiB body and sends a byte every 200 ms.
	var cut, trickleOther atomic.Int64
	for range tricklers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if trickle(addr) {
				cut.Add(1)
			} else {
				trickleOther.Add(1)
			}
		}()
	}
	// The large POSTs, each sent again after a 503 or 429 as Retry-After
	// says, until stored.
	var stored, busy atomic.Int64
	start := time.Now()
	for range posts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 60 {
				resp, err := http.Post(base+"/v1/sources/loadtest/playlists", "application/x-ndjson", bytes.NewReader(body))
				if err != nil {
					t.Errorf("post: %v", err)
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch resp.StatusCode {
				case http.StatusAccepted:
					stored.Add(1)
					return
				case http.StatusServiceUnavailable, http.StatusTooManyRequests:
					busy.Add(1)
					secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
					if err != nil {
						t.Errorf("HTTP %d without Retry-After", resp.StatusCode)
						return
					}
					time.Sleep(time.Duration(secs) * time.Second)
				default:
					t.Errorf("post: HTTP %d %.300s", resp.StatusCode, b)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	<-healthDone
	peak := rss(t, cmd.Process.Pid, "VmHWM")

	slices.Sort(lat)
	var p50, p99, worst time.Duration
	if n := len(lat); n > 0 {
		p50, p99, worst = lat[n/2], lat[n*99/100], lat[n-1]
	}
	t.Logf("load: %d POSTs of %d MiB (%d stored, %d answers 503/429 resent), %d tricklers (%d cut off with 408, %d otherwise), %s",
		posts, postMiB, stored.Load(), busy.Load(), tricklers, cut.Load(), trickleOther.Load(), elapsed.Round(time.Millisecond))
	t.Logf("ingest process RSS: %.1f MiB idle, peak (VmHWM) %.1f MiB; race detector: %v", mib(idle), mib(peak), raceEnabled)
	t.Logf("/healthz: %d answered, %d failed, p50 %s, p99 %s, max %s", len(lat), healthErrs.Load(), p50, p99, worst)

	if stored.Load() != int64(posts) {
		t.Errorf("%d of %d large POSTs stored", stored.Load(), posts)
	}
	if cut.Load() != int64(tricklers) {
		t.Errorf("%d of %d tricklers cut off", cut.Load(), tricklers)
	}
	if healthErrs.Load() > 0 || len(lat) == 0 || worst > 2*time.Second {
		t.Errorf("/healthz: %d failed, %d answered, max %s (bound 2s)", healthErrs.Load(), len(lat), worst)
	}
	if !raceEnabled && peak > 256<<20 {
		t.Errorf("peak RSS %.1f MiB, over 256 MiB", mib(peak))
	}
}

// trickle claims a 64 KiB body and sends it a byte every 200 ms, and
// reports whether the server cut it off (any answer but 2xx, or the
// connection closed).
func trickle(addr string) bool {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return false
	}
	defer c.Close()
	if _, err := fmt.Fprintf(c, "POST /v1/sources/loadtest/playlists HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: %d\r\n\r\n", 64<<10); err != nil {
		return true
	}
	answered := make(chan string, 1)
	go func() {
		b := make([]byte, 64)
		n, _ := c.Read(b)
		answered <- string(b[:n])
	}()
	for range 64 << 10 {
		select {
		case a := <-answered:
			return !strings.HasPrefix(a, "HTTP/1.1 2")
		case <-time.After(200 * time.Millisecond):
		}
		if _, err := c.Write([]byte(" ")); err != nil {
			return true
		}
	}
	return false
}

// loadBody is NDJSON of playlists of 40 tracks, n bytes at most.
func loadBody(n int) []byte {
	var b bytes.Buffer
	var tracks strings.Builder
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&tracks, `,{"position":%d,"raw_line":"[%02d] Some Artist feat. Another One - A Long Track Title (Somebody's Extended Remix) [Label]"}`, i, i)
	}
	tr := tracks.String()[1:]
	for i := 0; ; i++ {
		line := fmt.Sprintf(`{"source_url":"https://www.mixesdb.com/w/load-%d","name":"Load %d","dj_names":["DJ Load"],"played_on":"2021-04-03","scraped_at":"2026-11-29T04:00:00Z","parser_version":"load/1","tracks":[%s]}`+"\n", i, i, tr)
		if b.Len()+len(line) > n {
			return b.Bytes()
		}
		b.WriteString(line)
	}
}

// rss reads a memory figure of process pid, in bytes, from /proc.
func rss(t *testing.T, pid int, field string) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	testenv.Must(t, err, "read /proc")
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			testenv.Must(t, err, "parse %s", field)
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// serveChild is the ingest process: what the binary runs, until SIGTERM.
func serveChild(t *testing.T) {
	env := config.FromEnv()
	addr := env.Addr("HTTP_ADDR", "127.0.0.1:0")
	comp, err := ingest.Load(env)
	testenv.Must(t, err, "load")
	testenv.Must(t, env.Err(), "settings")
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	a := app.New("ingest", app.NewLogger(os.Stderr, "warn"))
	testenv.Must(t, app.Serve(ctx, a, addr, comp), "serve")
}
