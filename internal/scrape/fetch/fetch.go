// Package fetch is the one HTTP client every scraper uses: it asks each
// host politely, retries what is worth retrying, makes conditional
// requests, and stops asking a host that refuses us.
//
// A Client promises, for every host (a URL's host:port) and across all
// the goroutines that share it:
//
//   - at most one request per delay (Options.Delay, Options.HostDelay,
//     raised by the host's robots.txt Crawl-delay), retries and
//     robots.txt fetches included; a wait ends early when ctx does;
//   - no request robots.txt forbids us (the group for our User-Agent's
//     product token, else "*"); the file is fetched once per
//     Options.RobotsTTL, and while it cannot be had (5xx, unreachable)
//     nothing is fetched from the host;
//   - a User-Agent naming the project and a contact URL;
//   - a bounded time (Options.Timeout) and size (Options.MaxBody) for
//     every answer, a larger one being an error, never a truncated page;
//   - retries of 429, 500, 502, 503, 504 and transport errors only,
//     with jittered exponential backoff or the host's Retry-After;
//   - after Options.BreakerThreshold refusals in a row (403 or a
//     bot-check page), no request at all for Options.BreakerCooldown,
//     then one trial request before the host is asked again as usual.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Request is one GET, or one POST of a form.
type Request struct {
	URL string
	// Validators from the last fetch of URL, sent as If-None-Match and
	// If-Modified-Since; a 304 answer then costs the site almost nothing.
	ETag         string
	LastModified string
	// Form, when set, is POSTed (application/x-www-form-urlencoded):
	// for a site whose search is a form. Only forms that read, never
	// ones that change anything, since a failed POST is retried.
	Form url.Values
}

func (r *Request) method() string {
	if r.Form != nil {
		return http.MethodPost
	}
	return http.MethodGet
}

// Response is a complete answer: 2xx or 304 (NotModified).
type Response struct {
	// URL is the final URL, after redirects.
	URL    string
	Status int
	Header http.Header
	Body   []byte
	// ETag and LastModified are the validators to send next time.
	ETag         string
	LastModified string
}

// NotModified reports a 304: the page is as it was, Body is empty.
func (r *Response) NotModified() bool { return r.Status == http.StatusNotModified }

// StatusError is an answer that is not a page after the retries: a 4xx,
// or a 5xx or 429 that outlasted them.
type StatusError struct {
	URL    string
	Status int
}

func (e *StatusError) Error() string { return fmt.Sprintf("GET %s: HTTP %d", e.URL, e.Status) }

// ErrDisallowed is returned for a URL the host's robots.txt forbids us.
var ErrDisallowed = errors.New("disallowed by robots.txt")

// ErrBreakerOpen is returned, without asking the host, while the host's
// breaker is open: it refused us too often (403s or bot-check pages).
var ErrBreakerOpen = errors.New("breaker open")

// ErrChallenge is returned, together with a *StatusError, for a
// bot-check page (see challenge); such an answer is never retried.
var ErrChallenge = errors.New("challenge page")

// ErrBodyTooLarge is returned for an answer larger than Options.MaxBody.
var ErrBodyTooLarge = errors.New("answer too large")

// DefaultUserAgent names the project and where to reach its people.
const DefaultUserAgent = "songnodes-scraper/1.0 (+https://github.com/songnodes/pipeline)"

// Options configure a Client. A zero field takes the default it names.
type Options struct {
	// UserAgent names the project and a contact URL (DefaultUserAgent).
	// Its product token (up to the first '/' or space) picks our group
	// in robots.txt.
	UserAgent string
	// Timeout bounds one request, body included (30s).
	Timeout time.Duration
	// MaxBody bounds the bytes read of one answer (8 MiB).
	MaxBody int64

	// Delay is the least time between two requests to one host (2s).
	Delay time.Duration
	// HostDelay overrides Delay for a host, keyed by host:port or host
	// name ("www.mixesdb.com"); 0 is no delay. A robots.txt Crawl-delay
	// above either wins.
	HostDelay map[string]time.Duration

	// Tries bounds the requests made for one Get (4).
	Tries int
	// Backoff is the wait before the first retry, doubled (with jitter)
	// before each next one (1s).
	Backoff time.Duration
	// MaxRetryAfter bounds every wait between tries (2m): a backoff is
	// cut to it, a Retry-After above it ends the retries.
	MaxRetryAfter time.Duration

	// RobotsTTL is how long a host's robots.txt is kept (24h).
	RobotsTTL time.Duration
	// RobotsErrorTTL is how soon a robots.txt that could not be had (5xx,
	// unreachable, unreadable) is asked again (10m).
	RobotsErrorTTL time.Duration

	// BreakerThreshold is the number of refusals in a row (403 or a
	// challenge page) that opens a host's breaker (5).
	BreakerThreshold int
	// BreakerCooldown is how long an open breaker refuses before it lets
	// one trial request through (30m).
	BreakerCooldown time.Duration

	// Metrics, when set, counts what the client does (NewMetrics).
	Metrics *Metrics
	// Logger, when set, hears of breakers opening and closing and of
	// robots.txt files that cannot be had.
	Logger *slog.Logger
}

// Client fetches pages. It is safe for concurrent use; share one per
// process so that every host's budget is kept across scrapers.
type Client struct {
	opts   Options
	agent  string // robots.txt product token, lower case
	http   *http.Client
	robots *http.Client
	log    *slog.Logger
	m      *Metrics

	// now and sleep are the clock; tests replace them so that waits of
	// seconds (Retry-After, cooldowns) cost nothing.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	hosts   map[string]*host
	robotsc map[string]*robotsEntry // by scheme://host:port
}

// host is what the client keeps of one host: its budget and breaker.
type host struct {
	name string

	mu         sync.Mutex
	last       time.Time     // start of the latest request slot given
	crawlDelay time.Duration // from robots.txt
	br         breaker
}

// New returns a Client.
func New(o Options) *Client {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	def(&o.Timeout, 30*time.Second)
	if o.MaxBody <= 0 {
		o.MaxBody = 8 << 20
	}
	def(&o.Delay, 2*time.Second)
	if o.Tries <= 0 {
		o.Tries = 4
	}
	def(&o.Backoff, time.Second)
	def(&o.MaxRetryAfter, 2*time.Minute)
	def(&o.RobotsTTL, 24*time.Hour)
	def(&o.RobotsErrorTTL, 10*time.Minute)
	if o.BreakerThreshold <= 0 {
		o.BreakerThreshold = 5
	}
	def(&o.BreakerCooldown, 30*time.Minute)
	o.HostDelay = maps.Clone(o.HostDelay) // read without a lock: ours alone
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Client{
		opts: o, agent: productToken(o.UserAgent), log: log, m: o.Metrics,
		now: time.Now, sleep: sleepCtx,
		hosts: map[string]*host{}, robotsc: map[string]*robotsEntry{},
	}
	tr := http.DefaultTransport
	// A redirect is one more request: to another host it must keep that
	// host's budget and robots.txt too.
	c.http = &http.Client{Transport: tr, CheckRedirect: func(r *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if err := c.robotsAllow(r.Context(), r.URL); err != nil {
			return err
		}
		return c.wait(r.Context(), c.host(r.URL.Host))
	}}
	// RFC 9309 asks for at least five redirects of robots.txt followed.
	c.robots = &http.Client{Transport: tr, CheckRedirect: func(_ *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("stopped after 5 redirects")
		}
		return nil
	}}
	return c
}

func productToken(ua string) string {
	tok, _, _ := strings.Cut(ua, "/")
	tok, _, _ = strings.Cut(tok, " ")
	return strings.ToLower(strings.TrimSpace(tok))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// host returns the state kept for a URL's host; names differing only in
// case are one host.
func (c *Client) host(name string) *host {
	name = strings.ToLower(name)
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hosts[name]
	if h == nil {
		h = &host{name: name}
		c.hosts[name] = h
		c.m.newHost(name)
	}
	return h
}

// delay is the host's least time between requests; h.mu is held.
func (c *Client) delay(h *host) time.Duration {
	d, ok := c.opts.HostDelay[h.name]
	if !ok {
		if name, _, err := net.SplitHostPort(h.name); err == nil {
			d, ok = c.opts.HostDelay[name]
		}
	}
	if !ok {
		d = c.opts.Delay
	}
	return max(d, h.crawlDelay)
}

// wait takes the host's next request slot and waits for it. Slots are
// given out under the host's lock, so goroutines queue one delay apart;
// a wait given up (ctx) hands its slot back when no one queued behind it.
func (c *Client) wait(ctx context.Context, h *host) error {
	h.mu.Lock()
	now := c.now()
	prev := h.last
	start := now
	if !prev.IsZero() {
		start = later(now, prev.Add(c.delay(h)))
	}
	h.last = start
	h.mu.Unlock()
	d := start.Sub(now)
	if d <= 0 {
		return nil
	}
	if err := c.sleep(ctx, d); err != nil {
		h.mu.Lock()
		if h.last.Equal(start) {
			h.last = prev
		}
		h.mu.Unlock()
		c.m.waited(h.name, min(max(c.now().Sub(now), 0), d))
		return err
	}
	c.m.waited(h.name, d)
	return nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// Get fetches req.URL. It returns a Response for a 2xx or 304, else an
// error: a *StatusError (ErrChallenge with it for a bot-check page),
// ErrDisallowed, ErrBreakerOpen, ErrBodyTooLarge, ctx's error, or the
// last transport error once the tries are spent.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.method(), req.URL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s %s: not an absolute http(s) URL", req.method(), req.URL)
	}
	h := c.host(u.Host)
	for try := 1; ; try++ {
		trial, err := c.admit(h)
		if err != nil {
			return nil, err
		}
		a, err := c.attempt(ctx, h, u, req)
		if err != nil {
			if !retryable(ctx, err) {
				c.record(h, trial, noAnswer, "")
				return nil, err
			}
			c.record(h, trial, failed, "transport error")
			if trial || try >= c.opts.Tries {
				return nil, err
			}
			if err := c.backoff(ctx, h, try, 0); err != nil {
				return nil, err
			}
			continue
		}
		if why := challenge(a.status, a.header, a.body); why != "" {
			c.record(h, trial, refused, "challenge page: "+why)
			return nil, fmt.Errorf("%w (%s): %w", ErrChallenge, why, &StatusError{URL: req.URL, Status: a.status})
		}
		se := &StatusError{URL: req.URL, Status: a.status}
		switch s := a.status; {
		case s >= 200 && s <= 299 || s == http.StatusNotModified:
			c.record(h, trial, page, "")
			if a.tooBig {
				return nil, fmt.Errorf("%s %s: %w: more than the cap of %d bytes", req.method(), req.URL, ErrBodyTooLarge, c.opts.MaxBody)
			}
			return &Response{URL: a.url, Status: s, Header: a.header, Body: a.body,
				ETag: a.header.Get("ETag"), LastModified: a.header.Get("Last-Modified")}, nil
		case s == http.StatusForbidden:
			c.record(h, trial, refused, "HTTP 403")
			return nil, se
		case s == http.StatusTooManyRequests || s == http.StatusInternalServerError || s == http.StatusBadGateway ||
			s == http.StatusServiceUnavailable || s == http.StatusGatewayTimeout:
			c.record(h, trial, failed, se.Error())
			if trial || try >= c.opts.Tries {
				return nil, se
			}
			ra, ok := retryAfter(a.header, c.now())
			if ok && ra > c.opts.MaxRetryAfter {
				return nil, fmt.Errorf("%w (Retry-After %s is above the maximum %s)", se, ra, c.opts.MaxRetryAfter)
			}
			if err := c.backoff(ctx, h, try, ra); err != nil {
				return nil, err
			}
		default:
			c.record(h, trial, failed, se.Error())
			return nil, se
		}
	}
}

// backoff waits before try+1: Retry-After when the host gave one, else
// Backoff·2^(try-1) with half of it jittered, so that clients that
// failed together do not come back together.
func (c *Client) backoff(ctx context.Context, h *host, try int, retryAfter time.Duration) error {
	c.m.retried(h.name)
	d := retryAfter
	if d <= 0 {
		d = c.opts.Backoff
		for i := 1; i < try && d < c.opts.MaxRetryAfter; i++ {
			d *= 2
		}
		d = min(d, c.opts.MaxRetryAfter)
		d = d/2 + rand.N(d/2+1)
	}
	return c.sleep(ctx, d)
}

// retryAfter reads a Retry-After of seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil && s >= 0 {
		return time.Duration(min(s, 1<<30)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// retryable tells a transport failure worth another try (refused or
// reset connections, a body cut short, timeouts) from one that would
// fail the same way again (robots.txt, a redirect loop, a bad
// certificate) or that the caller asked for (ctx).
func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	// *url.Error is itself a net.Error: look at what it wraps.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED)
}

// answer is one request's outcome as read off the wire.
type answer struct {
	status int
	header http.Header
	body   []byte
	url    string
	tooBig bool
}

// attempt makes one request: robots.txt, the budget, then the GET.
func (c *Client) attempt(ctx context.Context, h *host, u *url.URL, req Request) (*answer, error) {
	if err := c.robotsAllow(ctx, u); err != nil {
		return nil, err
	}
	if err := c.wait(ctx, h); err != nil {
		return nil, fmt.Errorf("%s %s: waiting for the host's budget: %w", req.method(), req.URL, err)
	}
	actx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	var body io.Reader
	if req.Form != nil {
		body = strings.NewReader(req.Form.Encode())
	}
	hr, err := http.NewRequestWithContext(actx, req.method(), req.URL, body)
	if err != nil {
		return nil, err
	}
	if req.Form != nil {
		hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	hr.Header.Set("User-Agent", c.opts.UserAgent)
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		c.m.request(h.name, "error")
		return nil, err
	}
	defer resp.Body.Close()
	a := &answer{status: resp.StatusCode, header: resp.Header, url: resp.Request.URL.String()}
	if resp.ContentLength > c.opts.MaxBody {
		a.tooBig = true
	} else {
		a.body, err = io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBody+1))
		c.m.read(h.name, len(a.body))
		if err != nil {
			c.m.request(h.name, "error")
			return nil, fmt.Errorf("%s %s: reading the body: %w", req.method(), req.URL, err)
		}
		if int64(len(a.body)) > c.opts.MaxBody {
			a.tooBig, a.body = true, a.body[:c.opts.MaxBody]
		}
	}
	c.m.request(h.name, strconv.Itoa(resp.StatusCode))
	return a, nil
}

// PostForm POSTs form to rawURL, under the same budget, robots.txt,
// retries and breaker as Get.
func (c *Client) PostForm(ctx context.Context, rawURL string, form url.Values) (*Response, error) {
	if form == nil {
		form = url.Values{}
	}
	return c.Get(ctx, Request{URL: rawURL, Form: form})
}

// BreakerState is one host's breaker, as /readyz shows it.
type BreakerState struct {
	Host string
	// Open is true while requests to Host fail fast (ErrBreakerOpen),
	// the trial request after the cooldown included.
	Open bool
	// Reason is why it opened: the refusals and the last of them.
	Reason string
	// Since is when it opened.
	Since time.Time
}

// Breakers returns the breaker of every host asked so far, by host.
func (c *Client) Breakers() []BreakerState {
	c.mu.Lock()
	hs := make([]*host, 0, len(c.hosts))
	for _, h := range c.hosts {
		hs = append(hs, h)
	}
	c.mu.Unlock()
	out := make([]BreakerState, 0, len(hs))
	for _, h := range hs {
		h.mu.Lock()
		out = append(out, BreakerState{Host: h.name, Open: h.br.open, Reason: h.br.reason, Since: h.br.since})
		h.mu.Unlock()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Host < out[j].Host })
	return out
}

// Metrics count what clients do, by host. A nil *Metrics counts nothing.
type Metrics struct {
	requests    *prometheus.CounterVec
	retries     *prometheus.CounterVec
	waits       *prometheus.CounterVec
	bytes       *prometheus.CounterVec
	breakerOpen *prometheus.GaugeVec
}

// NewMetrics registers the client's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	return &Metrics{
		requests: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_scrape_http_requests_total",
			Help: "HTTP requests made by the scrapers (robots.txt included), by host and status code (code=\"error\" for a transport failure).",
		}, []string{"host", "code"}),
		retries: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_scrape_http_retries_total",
			Help: "Requests tried again after a 429, 5xx or transport failure, by host.",
		}, []string{"host"}),
		waits: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_scrape_http_politeness_wait_seconds_total",
			Help: "Time spent waiting for a host's request budget, by host.",
		}, []string{"host"}),
		bytes: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_scrape_http_read_bytes_total",
			Help: "Body bytes read from answers, by host.",
		}, []string{"host"}),
		breakerOpen: f.NewGaugeVec(prometheus.GaugeOpts{
			Name: "songnodes_scrape_http_breaker_open",
			Help: "1 while a host's breaker is open (it refused us too often and is not asked), else 0.",
		}, []string{"host"}),
	}
}

// newHost creates a host's series at zero, so that rates and the
// breaker alert have them before the first retry, wait or refusal.
func (m *Metrics) newHost(host string) {
	if m != nil {
		m.retries.WithLabelValues(host)
		m.waits.WithLabelValues(host)
		m.bytes.WithLabelValues(host)
		m.breakerOpen.WithLabelValues(host).Set(0)
	}
}

func (m *Metrics) request(host, code string) {
	if m != nil {
		m.requests.WithLabelValues(host, code).Inc()
	}
}

func (m *Metrics) retried(host string) {
	if m != nil {
		m.retries.WithLabelValues(host).Inc()
	}
}

func (m *Metrics) waited(host string, d time.Duration) {
	if m != nil && d > 0 {
		m.waits.WithLabelValues(host).Add(d.Seconds())
	}
}

func (m *Metrics) read(host string, n int) {
	if m != nil && n > 0 {
		m.bytes.WithLabelValues(host).Add(float64(n))
	}
}

func (m *Metrics) breaker(host string, open bool) {
	if m != nil {
		v := 0.0
		if open {
			v = 1
		}
		m.breakerOpen.WithLabelValues(host).Set(v)
	}
}
