package ingestclient_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/songnodes/pipeline/ingestclient"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/testenv"
)

func playlist(n int) ingestclient.Playlist {
	return ingestclient.Playlist{
		SourceURL:     fmt.Sprintf("https://www.mixesdb.com/w/2021-04-03_-_Set_%d", n),
		Name:          fmt.Sprintf("2021-04-03 - DJ %d - Sputnik Club", n),
		DJNames:       []string{fmt.Sprintf("DJ %d", n)},
		PlayedOn:      "2021-04-03",
		ScrapedAt:     time.Date(2026, 11, 29, 4, 0, 0, 0, time.UTC),
		ParserVersion: "test/1",
		Tracks: []ingestclient.Track{
			{Position: 1, RawLine: "[00] Deadmau5 - Strobe", BPM: 128, Key: "Am"},
			{Position: 2, RawLine: "Eric Prydz - Opus (Four Tet Remix)", WithPrevious: true},
		},
	}
}

func playlists(n int) []ingestclient.Playlist {
	out := make([]ingestclient.Playlist, n)
	for i := range out {
		out[i] = playlist(i)
	}
	return out
}

// counter counts the requests that reach the server and the playlists
// (lines) in each.
type counter struct {
	mu    sync.Mutex
	lines []int
}

func (c *counter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		c.lines = append(c.lines, bytes.Count(b, []byte{'\n'}))
		c.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(b))
		next.ServeHTTP(w, r)
	})
}

func (c *counter) requests() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.lines)
}

// keysIn returns the keys of the records in source's raw topic.
func keysIn(t *testing.T, s *server, source string) []string {
	t.Helper()
	var keys []string
	for _, r := range testenv.ReadAll(t, s.cfg, s.cfg.Topics.Raw(source)) {
		keys = append(keys, string(r.Key))
	}
	slices.Sort(keys)
	return keys
}

func TestPostAcceptsAndRejectsEach(t *testing.T) {
	s := start(t, nil, nil)
	c, err := ingestclient.New(s.url)
	testenv.Must(t, err, "new")
	bad := playlist(9)
	bad.Name = ""
	dup := playlist(8)
	dup.Tracks[1].Position = 1
	res, err := c.Post(t.Context(), "mixesdb", playlist(1), bad, playlist(2), dup)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	if res.Accepted != 2 || res.Rejected != 2 || res.Failed != 0 || len(res.Items) != 4 {
		t.Fatalf("%+v", res)
	}
	want := []struct {
		status ingestclient.Status
		err    string
	}{
		{ingestclient.Accepted, ""},
		{ingestclient.Rejected, "name is required"},
		{ingestclient.Accepted, ""},
		{ingestclient.Rejected, "tracks[1].position 1 appears twice"},
	}
	for i, w := range want {
		it := res.Items[i]
		if it.Index != i || it.Status != w.status || !strings.HasPrefix(it.Error, w.err) {
			t.Errorf("item %d: %+v, want %s %q", i, it, w.status, w.err)
		}
	}
	// The accepted ones are in the raw topic, under the keys reported.
	got := keysIn(t, s, "mixesdb")
	wantKeys := []string{res.Items[0].PlaylistKey, res.Items[2].PlaylistKey}
	slices.Sort(wantKeys)
	if !slices.Equal(got, wantKeys) || wantKeys[0] != "mixesdb:https://mixesdb.com/w/2021-04-03_-_Set_1" {
		t.Fatalf("raw topic keys %q, want %q", got, wantKeys)
	}
}

func TestPostRawReportsTheFieldAtFault(t *testing.T) {
	s := start(t, nil, nil)
	c, err := ingestclient.New(s.url + "/")
	testenv.Must(t, err, "new")
	pretty := "{\n  \"source_url\": \"https://a.example/1\",\n  \"name\": \"n\",\n  \"scraped_at\": \"2026-11-29T04:00:00Z\",\n  \"parser_version\": \"1\"\n}"
	res, err := c.PostRaw(t.Context(), "othersite", [][]byte{
		[]byte(pretty),
		[]byte(`{"source_url":"https://a.example/2","name":5}`),
		[]byte("  "),
		[]byte(`{"source_url": "https://a.example/3",` + "\n" + `"name": `),
	})
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	for i, w := range []string{"", "field name: want a string, got number", "empty", "malformed JSON"} {
		it := res.Items[i]
		if (w == "") != (it.Status == ingestclient.Accepted) || !strings.HasPrefix(it.Error, w) {
			t.Errorf("item %d: %+v, want error %q", i, it, w)
		}
	}
	if n := len(keysIn(t, s, "othersite")); n != 1 {
		t.Fatalf("%d records stored, want 1", n)
	}
}

func TestBatchesByCountAndSize(t *testing.T) {
	var cnt counter
	s := start(t, nil, cnt.wrap)
	c, err := ingestclient.New(s.url, ingestclient.WithBatch(2, 1<<20))
	testenv.Must(t, err, "new")
	res, err := c.Post(t.Context(), "mixesdb", playlists(5)...)
	if err != nil || res.Accepted != 5 {
		t.Fatalf("%+v %v", res, err)
	}
	if got := cnt.requests(); !slices.Equal(got, []int{2, 2, 1}) {
		t.Fatalf("requests of %v playlists, want [2 2 1]", got)
	}
	// A size cap smaller than two playlists: one per request.
	c, err = ingestclient.New(s.url, ingestclient.WithBatch(100, 500))
	testenv.Must(t, err, "new")
	if res, err := c.Post(t.Context(), "mixesdb", playlists(3)...); err != nil || res.Accepted != 3 {
		t.Fatalf("%+v %v", res, err)
	}
	if got := cnt.requests()[3:]; !slices.Equal(got, []int{1, 1, 1}) {
		t.Fatalf("requests of %v playlists, want [1 1 1]", got)
	}
	if n := len(keysIn(t, s, "mixesdb")); n != 8 {
		t.Fatalf("%d records stored, want 8", n)
	}
}

// busyFirst answers the first n requests 503 with retryAfter as the
// ingest server does when the source is not ready, then lets the real
// handler answer.
func busyFirst(n int, retryAfter string, cnt *counter) func(http.Handler) http.Handler {
	var mu sync.Mutex
	return func(next http.Handler) http.Handler {
		return cnt.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			busy := n > 0
			n--
			mu.Unlock()
			if busy {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Retry-After", retryAfter)
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = io.WriteString(w, `{"accepted":0,"rejected":0,"failed":0,"error":"cannot reach Kafka","items":[]}`)
				return
			}
			next.ServeHTTP(w, r)
		}))
	}
}

func TestRetries503ThenAccepted(t *testing.T) {
	var cnt counter
	s := start(t, nil, busyFirst(1, "1", &cnt))
	c, err := ingestclient.New(s.url, ingestclient.WithRetries(3, 10*time.Millisecond, 50*time.Millisecond))
	testenv.Must(t, err, "new")
	began := time.Now()
	res, err := c.Post(t.Context(), "mixesdb", playlists(3)...)
	if err != nil || res.Accepted != 3 {
		t.Fatalf("%+v %v", res, err)
	}
	if took := time.Since(began); took < time.Second {
		t.Fatalf("retried after %s: Retry-After said 1s", took)
	}
	if got := cnt.requests(); !slices.Equal(got, []int{3, 3}) {
		t.Fatalf("requests %v, want [3 3]", got)
	}
	if n := len(keysIn(t, s, "mixesdb")); n != 3 {
		t.Fatalf("%d records stored, want 3", n)
	}
}

func TestRetriesAConnectionThatFailed(t *testing.T) {
	var mu sync.Mutex
	first := true
	s := start(t, nil, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			drop := first
			first = false
			mu.Unlock()
			if drop {
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	c, err := ingestclient.New(s.url, ingestclient.WithRetries(2, 10*time.Millisecond, 20*time.Millisecond))
	testenv.Must(t, err, "new")
	if res, err := c.Post(t.Context(), "mixesdb", playlist(1)); err != nil || res.Accepted != 1 {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestRateLimitIsWaitedOut(t *testing.T) {
	var cnt counter
	s := start(t, func(s *ingest.Settings) { s.RateLimit, s.RateBurst = 2, 2 }, cnt.wrap)
	c, err := ingestclient.New(s.url, ingestclient.WithRetries(3, 10*time.Millisecond, 50*time.Millisecond))
	testenv.Must(t, err, "new")
	if res, err := c.Post(t.Context(), "mixesdb", playlists(2)...); err != nil || res.Accepted != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	// The burst is spent: the server answers 429 with Retry-After, and
	// the client waits it out.
	if res, err := c.Post(t.Context(), "mixesdb", playlist(3)); err != nil || res.Accepted != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if got := cnt.requests(); !slices.Equal(got, []int{2, 1, 1}) {
		t.Fatalf("requests %v, want [2 1 1]", got)
	}
}

func TestSplitsWhatTheServerFindsTooBig(t *testing.T) {
	var cnt counter
	// More playlists than the burst: 413, as for a body too large.
	s := start(t, func(s *ingest.Settings) { s.RateLimit, s.RateBurst = 1e6, 2 }, cnt.wrap)
	c, err := ingestclient.New(s.url)
	testenv.Must(t, err, "new")
	if res, err := c.Post(t.Context(), "mixesdb", playlists(5)...); err != nil || res.Accepted != 5 {
		t.Fatalf("%+v %v", res, err)
	}
	if got := cnt.requests(); !slices.Equal(got, []int{5, 2, 3, 1, 2}) {
		t.Fatalf("requests %v, want [5 2 3 1 2]", got)
	}
	if n := len(keysIn(t, s, "mixesdb")); n != 5 {
		t.Fatalf("%d records stored, want 5", n)
	}

	// A body over INGEST_MAX_BODY_BYTES: 413, halved until it fits; a
	// playlist too big alone is rejected with the server's reason.
	s = start(t, func(s *ingest.Settings) { s.MaxBodyBytes = 1200 }, nil)
	c, err = ingestclient.New(s.url)
	testenv.Must(t, err, "new")
	big := playlist(99)
	big.Name = strings.Repeat("x", 2000)
	res, err := c.Post(t.Context(), "mixesdb", append(playlists(4), big)...)
	if err != nil || res.Accepted != 4 || res.Items[4].Status != ingestclient.Rejected || !strings.Contains(res.Items[4].Error, "INGEST_MAX_BODY_BYTES") {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestUnauthorizedIsNotRetried(t *testing.T) {
	var cnt counter
	s := start(t, func(s *ingest.Settings) { s.Tokens = map[string]string{"mixesdb": "mixesdb-secret-0123456789"} }, cnt.wrap)
	c, err := ingestclient.New(s.url, ingestclient.WithToken("wrong-token-0123456789"))
	testenv.Must(t, err, "new")
	res, err := c.Post(t.Context(), "mixesdb", playlists(3)...)
	var se *ingestclient.StatusError
	if !errors.As(err, &se) || se.StatusCode != http.StatusUnauthorized || !strings.Contains(se.Message, "not valid") {
		t.Fatalf("err %v", err)
	}
	if res.Failed != 3 || len(cnt.requests()) != 1 {
		t.Fatalf("%+v after %d requests", res, len(cnt.requests()))
	}
	c, err = ingestclient.New(s.url, ingestclient.WithToken("mixesdb-secret-0123456789"))
	testenv.Must(t, err, "new")
	if res, err := c.Post(t.Context(), "mixesdb", playlist(1)); err != nil || res.Accepted != 1 {
		t.Fatalf("with the token: %+v %v", res, err)
	}
}

func TestKafkaDownIsFailed(t *testing.T) {
	s := start(t, func(s *ingest.Settings) { s.ProduceTimeout = time.Second }, nil)
	c, err := ingestclient.New(s.url, ingestclient.WithRetries(1, time.Millisecond, time.Millisecond))
	testenv.Must(t, err, "new")
	if res, err := c.Post(t.Context(), "mixesdb", playlist(1)); err != nil || res.Accepted != 1 {
		t.Fatalf("before: %+v %v", res, err)
	}
	s.cluster.Close()
	res, err := c.Post(t.Context(), "mixesdb", playlists(2)...)
	var se *ingestclient.StatusError
	if !errors.As(err, &se) || se.StatusCode != http.StatusServiceUnavailable || se.RetryAfter != 5*time.Second {
		t.Fatalf("err %v", err)
	}
	if res.Failed != 2 || res.Items[0].Status != ingestclient.Failed || !strings.Contains(res.Items[0].Error, "after 1 attempts") {
		t.Fatalf("%+v", res)
	}
}

func TestGivesUpWhenRetryAfterIsPastTheDeadline(t *testing.T) {
	var cnt counter
	s := start(t, nil, busyFirst(1, "30", &cnt))
	c, err := ingestclient.New(s.url)
	testenv.Must(t, err, "new")
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	began := time.Now()
	res, err := c.Post(ctx, "mixesdb", playlists(2)...)
	if err == nil || res.Failed != 2 || !strings.Contains(res.Items[0].Error, "context ends before the next attempt") {
		t.Fatalf("%+v %v", res, err)
	}
	if took := time.Since(began); took > 2*time.Second || len(cnt.requests()) != 1 {
		t.Fatalf("gave up after %s and %d requests", took, len(cnt.requests()))
	}
}

func TestCancelStopsTheRetries(t *testing.T) {
	s := start(t, nil, busyFirst(1000, "1", &counter{}))
	c, err := ingestclient.New(s.url)
	testenv.Must(t, err, "new")
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(300*time.Millisecond, cancel)
	began := time.Now()
	res, err := c.Post(ctx, "mixesdb", playlist(1))
	if !errors.Is(err, context.Canceled) || res.Failed != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if took := time.Since(began); took > 900*time.Millisecond {
		t.Fatalf("returned %s after the start, cancelled at 300ms", took)
	}
}

func TestBadArguments(t *testing.T) {
	for _, u := range []string{"", "127.0.0.1:8080", "ftp://x", "http://", "http://x/?a=b"} {
		if _, err := ingestclient.New(u); err == nil {
			t.Errorf("New(%q): no error", u)
		}
	}
	for _, o := range []ingestclient.Option{ingestclient.WithBatch(0, 1), ingestclient.WithRetries(0, time.Second, time.Second),
		ingestclient.WithRetries(3, time.Second, time.Millisecond), ingestclient.WithHTTPClient(nil)} {
		if _, err := ingestclient.New("http://127.0.0.1:1", o); err == nil {
			t.Errorf("an option with bad values: no error")
		}
	}
	c, _ := ingestclient.New("http://127.0.0.1:1")
	if _, err := c.Post(t.Context(), "Not A Source", playlist(1)); err == nil || !strings.Contains(err.Error(), "source") {
		t.Errorf("bad source: %v", err)
	}
}

// Other modules import the package: it must not depend on the module's
// internal packages (nor on anything outside the standard library).
func TestNoInternalDependencies(t *testing.T) {
	// The tests run under the go command, so it is there: a failure to
	// run it is a failure of the test, not a reason to pass it by.
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	if deps := strings.Fields(string(out)); !slices.Equal(deps, []string{"github.com/songnodes/pipeline/ingestclient"}) {
		t.Fatalf("depends on %v", deps)
	}
}

// One client serves many goroutines (scrapers post from several).
func TestConcurrentPosts(t *testing.T) {
	s := start(t, nil, nil)
	c, err := ingestclient.New(s.url, ingestclient.WithBatch(3, 1<<20))
	testenv.Must(t, err, "new")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ps := make([]ingestclient.Playlist, 5)
			for i := range ps {
				ps[i] = playlist(g*10 + i)
			}
			if res, err := c.Post(t.Context(), "mixesdb", ps...); err != nil || res.Accepted != 5 {
				t.Errorf("goroutine %d: %+v %v", g, res, err)
			}
		}()
	}
	wg.Wait()
	if n := len(keysIn(t, s, "mixesdb")); n != 20 {
		t.Fatalf("%d records stored, want 20", n)
	}
}
