package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// clock is the tests' time: sleeping advances it at once (or, frozen,
// not at all), so that delays of seconds and cooldowns of minutes cost
// nothing and every wait can be asserted exactly.
type clock struct {
	mu     sync.Mutex
	t      time.Time
	frozen bool
	slept  []time.Duration
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (k *clock) now() time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.t
}

func (k *clock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.slept = append(k.slept, d)
	if !k.frozen {
		k.t = k.t.Add(d)
	}
	return nil
}

func (k *clock) advance(d time.Duration) {
	k.mu.Lock()
	k.t = k.t.Add(d)
	k.mu.Unlock()
}

func (k *clock) sleeps() []time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]time.Duration(nil), k.slept...)
}

// site is a test server that counts the requests it gets by path and
// notes when (on the test clock) and with which headers they came.
type site struct {
	*httptest.Server
	host string
	k    *clock

	mu     sync.Mutex
	hits   map[string]int
	at     []time.Time
	header http.Header // of the last request
}

func newSite(t *testing.T, k *clock, h http.Handler) *site {
	t.Helper()
	s := &site{k: k, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		if k != nil {
			s.at = append(s.at, k.now())
		}
		s.header = r.Header.Clone()
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	s.host = s.Listener.Addr().String()
	return s
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *site) times() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.at...)
}

func (s *site) lastHeader() http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.header
}

// newClient returns a client on k (the real clock when nil) with
// metrics; the delay is 1s unless o says otherwise.
func newClient(k *clock, o Options) (*Client, *Metrics) {
	if o.Delay == 0 {
		o.Delay = time.Second
	}
	o.Metrics = NewMetrics(prometheus.NewRegistry())
	c := New(o)
	if k != nil {
		c.now, c.sleep = k.now, k.sleep
	}
	return c, o.Metrics
}

func waited(m *Metrics, host string) float64 {
	return testutil.ToFloat64(m.waits.WithLabelValues(host))
}

func ok(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }
}

func get(t *testing.T, c *Client, url string) *Response {
	t.Helper()
	r, err := c.Get(context.Background(), Request{URL: url})
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return r
}

func TestBudgetSpacesRequestsToOneHostNotAcrossHosts(t *testing.T) {
	k := newClock()
	a := newSite(t, k, ok("a"))
	b := newSite(t, k, ok("b"))
	c, m := newClient(k, Options{})

	get(t, c, a.URL+"/1")
	get(t, c, a.URL+"/2")
	get(t, c, b.URL+"/1")

	// a: robots.txt, /1, /2, one second apart.
	at := a.times()
	if len(at) != 3 {
		t.Fatalf("a got %d requests, want 3", len(at))
	}
	for i := 1; i < len(at); i++ {
		if d := at[i].Sub(at[i-1]); d != time.Second {
			t.Errorf("a: request %d came %s after the one before, want 1s", i, d)
		}
	}
	// b's first request went at once, in the instant of a's last.
	bt := b.times()
	if len(bt) != 2 || !bt[0].Equal(at[2]) || bt[1].Sub(bt[0]) != time.Second {
		t.Errorf("b's requests came at %v, a's at %v", bt, at)
	}
	if got := waited(m, a.host); got != 2 {
		t.Errorf("politeness wait for a = %vs, want 2", got)
	}
	if got := waited(m, b.host); got != 1 {
		t.Errorf("politeness wait for b = %vs, want 1", got)
	}
}

func TestBudgetIsSharedByGoroutines(t *testing.T) {
	k := newClock()
	k.frozen = true // every slot is then counted from one instant
	s := newSite(t, k, ok("x"))
	c, m := newClient(k, Options{})
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() { get(t, c, s.URL+"/p") })
	}
	wg.Wait()
	if n := s.count("/p"); n != 5 {
		t.Fatalf("server got %d pages, want 5", n)
	}
	if n := s.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", n)
	}
	// Slots 0 (robots.txt), 1s, 2s... 5s: 1+2+3+4+5 seconds waited.
	if got := waited(m, s.host); got != 15 {
		t.Errorf("politeness wait = %vs, want 15", got)
	}
}

func TestHostDelayOverride(t *testing.T) {
	k := newClock()
	s := newSite(t, k, ok("x"))
	c, m := newClient(k, Options{HostDelay: map[string]time.Duration{"127.0.0.1": 3 * time.Second}})
	get(t, c, s.URL+"/p")
	if got := waited(m, s.host); got != 3 {
		t.Errorf("politeness wait = %vs, want 3 (the host's own delay)", got)
	}
}

const robotsTxt = `# ours, then everyone's
User-agent: songnodes
Disallow: /private
Crawl-delay: 5

User-agent: *
Disallow: /
`

func robotsSite(t *testing.T, k *clock, status int, body string) *site {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
	mux.HandleFunc("/", ok("page"))
	mux.HandleFunc("/go", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/private/x", http.StatusFound)
	})
	return newSite(t, k, mux)
}

func TestRobotsOurGroupAndCrawlDelay(t *testing.T) {
	k := newClock()
	s := robotsSite(t, k, 200, robotsTxt)
	c, m := newClient(k, Options{})

	if r := get(t, c, s.URL+"/public"); string(r.Body) != "page" {
		t.Errorf("body = %q", r.Body)
	}
	for _, p := range []string{"/private/1", "/go"} {
		_, err := c.Get(context.Background(), Request{URL: s.URL + p})
		if !errors.Is(err, ErrDisallowed) {
			t.Errorf("GET %s: err = %v, want ErrDisallowed", p, err)
		}
	}
	if n := s.count("/private/1") + s.count("/private/x"); n != 0 {
		t.Errorf("server got %d disallowed requests", n)
	}
	if n := s.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1 (cached)", n)
	}
	// Crawl-delay 5 is above Delay 1s: /public waited 5s after
	// robots.txt, /go 5s after /public.
	if got := waited(m, s.host); got != 10 {
		t.Errorf("politeness wait = %vs, want 10", got)
	}

	k.advance(25 * time.Hour)
	get(t, c, s.URL+"/public")
	if n := s.count("/robots.txt"); n != 2 {
		t.Errorf("robots.txt fetched %d times after its TTL, want 2", n)
	}
}

func TestRobotsStarGroupForOthers(t *testing.T) {
	k := newClock()
	s := robotsSite(t, k, 200, robotsTxt)
	c, _ := newClient(k, Options{UserAgent: "otherbot/2.0 (+https://example.org)"})
	_, err := c.Get(context.Background(), Request{URL: s.URL + "/public"})
	if !errors.Is(err, ErrDisallowed) {
		t.Fatalf("err = %v, want ErrDisallowed (User-agent: * forbids /)", err)
	}
	if n := s.count("/public"); n != 0 {
		t.Errorf("server got /public %d times", n)
	}
}

func TestRobots404AllowsAll(t *testing.T) {
	k := newClock()
	s := robotsSite(t, k, 404, "no such file")
	c, _ := newClient(k, Options{})
	get(t, c, s.URL+"/private/anything")
	if n := s.count("/private/anything"); n != 1 {
		t.Errorf("server got the page %d times, want 1", n)
	}
}

func TestRobots5xxDisallowsThenRetried(t *testing.T) {
	k := newClock()
	var mu sync.Mutex
	status := 503
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.WriteHeader(status)
	})
	mux.HandleFunc("/", ok("page"))
	s := newSite(t, k, mux)
	c, _ := newClient(k, Options{RobotsErrorTTL: 10 * time.Minute})

	for range 2 {
		_, err := c.Get(context.Background(), Request{URL: s.URL + "/p"})
		if !errors.Is(err, ErrDisallowed) || !strings.Contains(err.Error(), "503") {
			t.Fatalf("err = %v, want ErrDisallowed naming the 503", err)
		}
	}
	if n, r := s.count("/p"), s.count("/robots.txt"); n != 0 || r != 1 {
		t.Fatalf("server got /p %d times, robots.txt %d times; want 0 and 1", n, r)
	}
	mu.Lock()
	status = 200
	mu.Unlock()
	k.advance(11 * time.Minute)
	get(t, c, s.URL+"/p")
	if r := s.count("/robots.txt"); r != 2 {
		t.Errorf("robots.txt fetched %d times, want 2", r)
	}
}

// sequence answers each request to a page with the next of its
// handlers, the last one for good.
func sequence(hs ...http.HandlerFunc) http.Handler {
	var mu sync.Mutex
	i := 0
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		h := hs[min(i, len(hs)-1)]
		i++
		mu.Unlock()
		h(w, r)
	})
	mux.HandleFunc("/robots.txt", http.NotFound)
	return mux
}

func status(code int, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
	}
}

func TestRetryAfterSecondsAndDate(t *testing.T) {
	k := newClock()
	s := newSite(t, k, sequence(
		status(429, "Retry-After", "7"),
		func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", k.now().Add(30*time.Second).Format(http.TimeFormat))
			w.WriteHeader(503)
		},
		ok("done"),
	))
	c, m := newClient(k, Options{})
	if r := get(t, c, s.URL+"/p"); string(r.Body) != "done" {
		t.Errorf("body = %q", r.Body)
	}
	if n := s.count("/p"); n != 3 {
		t.Errorf("server got %d requests, want 3", n)
	}
	sl := k.sleeps()
	if !contains(sl, 7*time.Second) || !contains(sl, 30*time.Second) {
		t.Errorf("slept %v, want 7s and 30s among them", sl)
	}
	if got := testutil.ToFloat64(m.retries.WithLabelValues(s.host)); got != 2 {
		t.Errorf("retries = %v, want 2", got)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues(s.host, "429")); got != 1 {
		t.Errorf("requests{code=429} = %v, want 1", got)
	}
}

func contains(ds []time.Duration, d time.Duration) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

func TestRetryAfterAboveMaximumEndsRetries(t *testing.T) {
	k := newClock()
	s := newSite(t, k, sequence(status(429, "Retry-After", "3600"), ok("never")))
	c, _ := newClient(k, Options{MaxRetryAfter: time.Minute})
	_, err := c.Get(context.Background(), Request{URL: s.URL + "/p"})
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 429 || !strings.Contains(err.Error(), "Retry-After") {
		t.Fatalf("err = %v, want a StatusError 429 naming the Retry-After", err)
	}
	if n := s.count("/p"); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

func Test5xxRetriedThenSuccess(t *testing.T) {
	k := newClock()
	s := newSite(t, k, sequence(status(500), status(502), ok("done")))
	c, m := newClient(k, Options{Delay: time.Millisecond, Backoff: time.Second})
	if r := get(t, c, s.URL+"/p"); string(r.Body) != "done" || r.Status != 200 {
		t.Errorf("got %d %q", r.Status, r.Body)
	}
	if n := s.count("/p"); n != 3 {
		t.Errorf("server got %d requests, want 3", n)
	}
	if got := testutil.ToFloat64(m.retries.WithLabelValues(s.host)); got != 2 {
		t.Errorf("retries = %v, want 2", got)
	}
	// Backoffs of 1s then 2s, each half jittered.
	var backoffs []time.Duration
	for _, d := range k.sleeps() {
		if d > time.Millisecond { // not a politeness wait
			backoffs = append(backoffs, d)
		}
	}
	if len(backoffs) != 2 || backoffs[0] < 500*time.Millisecond || backoffs[0] > time.Second ||
		backoffs[1] < time.Second || backoffs[1] > 2*time.Second {
		t.Errorf("backoffs %v, want one in [0.5s, 1s] then one in [1s, 2s]", backoffs)
	}
}

func Test5xxUntilTriesRunOut(t *testing.T) {
	k := newClock()
	s := newSite(t, k, sequence(status(503)))
	c, m := newClient(k, Options{Tries: 3})
	_, err := c.Get(context.Background(), Request{URL: s.URL + "/p"})
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 503 {
		t.Fatalf("err = %v, want StatusError 503", err)
	}
	if n := s.count("/p"); n != 3 {
		t.Errorf("server got %d requests, want 3", n)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues(s.host, "503")); got != 3 {
		t.Errorf("requests{code=503} = %v, want 3", got)
	}
}

func Test404NotRetried(t *testing.T) {
	k := newClock()
	s := newSite(t, k, sequence(status(404), ok("never")))
	c, m := newClient(k, Options{})
	_, err := c.Get(context.Background(), Request{URL: s.URL + "/p"})
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 404 {
		t.Fatalf("err = %v, want StatusError 404", err)
	}
	if n := s.count("/p"); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
	if got := testutil.ToFloat64(m.retries.WithLabelValues(s.host)); got != 0 {
		t.Errorf("retries = %v, want 0", got)
	}
}

func TestTransportErrorRetried(t *testing.T) {
	k := newClock()
	hijack := func(answer string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_, _ = conn.Write([]byte(answer))
				_ = conn.Close()
			}
		}
	}
	s := newSite(t, k, sequence(
		hijack(""), // no answer at all
		hijack("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\ncut short"),
		ok("done"),
	))
	// On a connection used before, the transport itself tries a lost
	// request again; fresh connections leave the retry to us.
	s.Config.SetKeepAlivesEnabled(false)
	c, m := newClient(k, Options{})
	if r := get(t, c, s.URL+"/p"); string(r.Body) != "done" {
		t.Errorf("body = %q", r.Body)
	}
	if n := s.count("/p"); n != 3 {
		t.Errorf("server got %d requests, want 3", n)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues(s.host, "error")); got != 2 {
		t.Errorf("requests{code=error} = %v, want 2", got)
	}
	if got := testutil.ToFloat64(m.retries.WithLabelValues(s.host)); got != 2 {
		t.Errorf("retries = %v, want 2", got)
	}
}

func TestBodyCap(t *testing.T) {
	k := newClock()
	big := strings.Repeat("x", 101)
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/fits", ok(big[:100]))
	mux.HandleFunc("/sized", ok(big))
	mux.HandleFunc("/streamed", func(w http.ResponseWriter, _ *http.Request) {
		for i := range big {
			_, _ = w.Write([]byte{big[i]})
			w.(http.Flusher).Flush() // no Content-Length: the cap is met while reading
		}
	})
	s := newSite(t, k, mux)
	c, m := newClient(k, Options{MaxBody: 100})
	if r := get(t, c, s.URL+"/fits"); len(r.Body) != 100 {
		t.Errorf("/fits: %d bytes, want 100", len(r.Body))
	}
	for _, p := range []string{"/sized", "/streamed"} {
		_, err := c.Get(context.Background(), Request{URL: s.URL + p})
		if !errors.Is(err, ErrBodyTooLarge) || !strings.Contains(err.Error(), "100 bytes") {
			t.Errorf("%s: err = %v, want ErrBodyTooLarge naming the cap", p, err)
		}
		if n := s.count(p); n != 1 {
			t.Errorf("%s asked %d times, want 1", p, n)
		}
	}
	if got := testutil.ToFloat64(m.bytes.WithLabelValues(s.host)); got < 200 {
		t.Errorf("bytes read = %v, want at least 200", got)
	}
}

func TestTimeoutCoversTheBody(t *testing.T) {
	k := newClock()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("the start, then nothing"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	s := newSite(t, k, mux)
	c, m := newClient(k, Options{Timeout: 50 * time.Millisecond, Tries: 2})
	_, err := c.Get(context.Background(), Request{URL: s.URL + "/slow"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the request's deadline", err)
	}
	if n := s.count("/slow"); n != 2 {
		t.Errorf("server got %d requests, want 2 (a timeout is retried)", n)
	}
	if got := testutil.ToFloat64(m.retries.WithLabelValues(s.host)); got != 1 {
		t.Errorf("retries = %v, want 1", got)
	}
}

func TestConditionalRequest304(t *testing.T) {
	k := newClock()
	const etag, lm = `"v1"`, "Sun, 01 Mar 2026 10:00:00 GMT"
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/p", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.Header().Set("ETag", etag)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = w.Write([]byte("page"))
	})
	s := newSite(t, k, mux)
	c, _ := newClient(k, Options{})
	r, err := c.Get(context.Background(), Request{URL: s.URL + "/p", ETag: etag, LastModified: lm})
	if err != nil {
		t.Fatal(err)
	}
	if !r.NotModified() || len(r.Body) != 0 || r.ETag != etag {
		t.Errorf("got status %d, body %q, ETag %q; want a 304 with the ETag", r.Status, r.Body, r.ETag)
	}
	h := s.lastHeader()
	if h.Get("If-None-Match") != etag || h.Get("If-Modified-Since") != lm {
		t.Errorf("server saw If-None-Match %q, If-Modified-Since %q", h.Get("If-None-Match"), h.Get("If-Modified-Since"))
	}
	if ua := h.Get("User-Agent"); ua != DefaultUserAgent {
		t.Errorf("server saw User-Agent %q", ua)
	}
}

// switchable answers pages with whatever handler it holds now.
type switchable struct {
	mu sync.Mutex
	h  http.HandlerFunc
}

func (s *switchable) set(h http.HandlerFunc) { s.mu.Lock(); s.h = h; s.mu.Unlock() }

func (s *switchable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/robots.txt" {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	h := s.h
	s.mu.Unlock()
	h(w, r)
}

func breakerOf(c *Client, host string) BreakerState {
	for _, b := range c.Breakers() {
		if b.Host == host {
			return b
		}
	}
	return BreakerState{}
}

func TestBreakerOpensFailsFastHalfOpensAndCloses(t *testing.T) {
	k := newClock()
	sw := &switchable{h: status(403)}
	s := newSite(t, k, sw)
	c, m := newClient(k, Options{BreakerThreshold: 3, BreakerCooldown: 30 * time.Minute})
	gauge := func() float64 { return testutil.ToFloat64(m.breakerOpen.WithLabelValues(s.host)) }
	try := func() error {
		_, err := c.Get(context.Background(), Request{URL: s.URL + "/p"})
		return err
	}

	// A page between refusals starts the count again.
	for _, h := range []http.HandlerFunc{status(403), status(403), ok("page"), status(403), status(403)} {
		sw.set(h)
		_ = try()
	}
	if b := breakerOf(c, s.host); b.Open {
		t.Fatalf("breaker opened after 2 refusals in a row: %+v", b)
	}
	sw.set(status(403))
	var se *StatusError
	if err := try(); !errors.As(err, &se) || se.Status != 403 {
		t.Fatalf("third 403: err = %v", err)
	}
	b := breakerOf(c, s.host)
	if !b.Open || !strings.Contains(b.Reason, "3 refusals") || !b.Since.Equal(k.now()) || gauge() != 1 {
		t.Fatalf("breaker = %+v, gauge %v; want open for 3 refusals", b, gauge())
	}
	hits := s.count("/p")
	err := try()
	if !errors.Is(err, ErrBreakerOpen) || !strings.Contains(err.Error(), s.host) || !strings.Contains(err.Error(), "403") {
		t.Fatalf("err = %v, want ErrBreakerOpen naming the host and why", err)
	}
	if s.count("/p") != hits {
		t.Fatal("an open breaker let a request through")
	}

	// After the cooldown, one trial: refused, it opens the breaker again.
	k.advance(31 * time.Minute)
	if err := try(); !errors.As(err, &se) || se.Status != 403 {
		t.Fatalf("trial: err = %v, want the 403", err)
	}
	if err := try(); !errors.Is(err, ErrBreakerOpen) {
		t.Fatalf("after a failed trial: err = %v, want ErrBreakerOpen", err)
	}
	if s.count("/p") != hits+1 {
		t.Fatalf("server got %d requests after opening, want 1 (the trial)", s.count("/p")-hits)
	}

	// The next trial gets a page: closed.
	k.advance(31 * time.Minute)
	sw.set(ok("page"))
	if r := get(t, c, s.URL+"/p"); string(r.Body) != "page" {
		t.Errorf("body = %q", r.Body)
	}
	if b := breakerOf(c, s.host); b.Open || gauge() != 0 {
		t.Errorf("breaker = %+v, gauge %v; want closed", b, gauge())
	}
	get(t, c, s.URL+"/p")
}

func TestBreakerOpensOnChallengePages(t *testing.T) {
	k := newClock()
	s := newSite(t, k, sequence(
		status(503, "Cf-Mitigated", "challenge"),
		func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>"))
		},
		func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(403)
			_, _ = w.Write([]byte(`<html><body><script src="/cdn-cgi/challenge-platform/x.js"></script></body></html>`))
		},
		ok("never"),
	))
	c, _ := newClient(k, Options{BreakerThreshold: 3})
	for i := range 3 {
		_, err := c.Get(context.Background(), Request{URL: s.URL + "/p"})
		var se *StatusError
		if !errors.Is(err, ErrChallenge) || !errors.As(err, &se) {
			t.Fatalf("answer %d: err = %v, want ErrChallenge and a StatusError", i, err)
		}
	}
	if n := s.count("/p"); n != 3 {
		t.Errorf("server got %d requests, want 3 (a challenge is not retried)", n)
	}
	_, err := c.Get(context.Background(), Request{URL: s.URL + "/p"})
	if !errors.Is(err, ErrBreakerOpen) || !strings.Contains(err.Error(), "challenge") {
		t.Fatalf("err = %v, want ErrBreakerOpen for challenge pages", err)
	}
	if n := s.count("/p"); n != 3 {
		t.Errorf("server got %d requests, want 3", n)
	}
}

func TestChallengeDetection(t *testing.T) {
	html := http.Header{"Content-Type": {"text/html"}}
	for _, tc := range []struct {
		name   string
		status int
		header http.Header
		body   string
		want   bool
	}{
		{"cf header", 403, http.Header{"Cf-Mitigated": {"challenge"}}, "", true},
		{"title on a 200", 200, html, "<html><head><title>Attention Required! | Cloudflare</title>", true},
		{"captcha in a 429", 429, html, "<html>please solve the CAPTCHA</html>", true},
		{"captcha in a page", 200, html, "<html>comments need a captcha</html>", false},
		{"plain 403", 403, http.Header{"Content-Type": {"text/plain"}}, "forbidden", false},
		{"tracklist", 200, html, "<html><head><title>2024-01-01 - Someone @ Somewhere</title>", false},
	} {
		if got := challenge(tc.status, tc.header, []byte(tc.body)) != ""; got != tc.want {
			t.Errorf("%s: challenge = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCancelDuringPolitenessWait(t *testing.T) {
	s := newSite(t, nil, sequence(ok("page")))
	c, m := newClient(nil, Options{Delay: time.Hour}) // the real clock
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	// robots.txt takes the first slot; the page's is an hour later.
	_, err := c.Get(ctx, Request{URL: s.URL + "/p"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's deadline", err)
	}
	if n, r := s.count("/p"), s.count("/robots.txt"); n != 0 || r != 1 {
		t.Errorf("server got /p %d times, robots.txt %d; want 0 and 1", n, r)
	}
	if got := waited(m, s.host); got <= 0 || got >= 3600 {
		t.Errorf("politeness wait = %vs, want the part waited before the cancel", got)
	}
}

// A site's search form is POSTed under the same budget, and a 503 is
// retried like a GET's (the form only reads).
func TestPostForm(t *testing.T) {
	k := newClock()
	var forms []string
	var mu sync.Mutex
	s := newSite(t, k, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			t.Errorf("%s with Content-Type %q", r.Method, r.Header.Get("Content-Type"))
		}
		_ = r.ParseForm()
		mu.Lock()
		forms = append(forms, r.PostForm.Encode())
		n := len(forms)
		mu.Unlock()
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("results"))
	}))
	c, m := newClient(k, Options{})
	resp, err := c.PostForm(context.Background(), s.URL+"/search", url.Values{"q": {"Gorgon City"}, "page": {"2"}})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "results" || len(forms) != 2 || forms[1] != "page=2&q=Gorgon+City" {
		t.Errorf("body %q, forms %q", resp.Body, forms)
	}
	if got := testutil.ToFloat64(m.retries.WithLabelValues(s.host)); got != 1 {
		t.Errorf("retries = %v, want 1", got)
	}
}
