// Package ingest is the pipeline's front door: an HTTP API that takes
// scraped playlists as JSON or NDJSON, checks them, and writes them as Avro
// to <prefix>.raw.<source>, answering only once the broker has them.
package ingest

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"golang.org/x/net/netutil"
	"golang.org/x/sync/semaphore"
	"golang.org/x/time/rate"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// Settings configure the ingest server.
type Settings struct {
	Kafka          kafka.Config
	RegistryURL    string
	RegistryAuth   serde.RegistryAuth
	Tokens         map[string]string // source (or "*" for any) -> bearer token; one token may serve several sources
	MaxBodyBytes   int64
	MaxRecordBytes int
	RateLimit      float64 // playlists per second per source
	RateBurst      int
	ProduceTimeout time.Duration

	// Bounds against clients that would run ingest out of memory or
	// connections (zero: the default).
	MaxBufferedBytes   int64         // request bodies held at once, across requests
	BufferWait         time.Duration // how long a request waits for room before 503
	BodyTimeout        time.Duration // to read a whole body, from when it has room
	MaxConnections     int           // open connections; more wait to be accepted
	NewSourcesPerHour  float64       // sources one token (or all of loopback) may create
	AuthFailuresPerMin float64       // failed authentications per client address
}

// Defaults of the bounds.
const (
	DefaultMaxBufferedBytes   = 64 << 20
	DefaultBufferWait         = 2 * time.Second
	DefaultBodyTimeout        = time.Minute
	DefaultMaxConnections     = 1024
	DefaultNewSourcesPerHour  = 20
	DefaultAuthFailuresPerMin = 30
	// idleTimeout closes a keep-alive connection no request came on.
	idleTimeout = 2 * time.Minute
)

// withDefaults fills in the bounds left zero, so that Settings built by
// hand (tests, benchmarks, the dev stack) are bounded too.
func (s Settings) withDefaults() Settings {
	if s.MaxBufferedBytes <= 0 {
		s.MaxBufferedBytes = max(DefaultMaxBufferedBytes, s.MaxBodyBytes)
	}
	if s.BufferWait <= 0 {
		s.BufferWait = DefaultBufferWait
	}
	if s.BodyTimeout <= 0 {
		s.BodyTimeout = DefaultBodyTimeout
	}
	if s.MaxConnections <= 0 {
		s.MaxConnections = DefaultMaxConnections
	}
	if s.NewSourcesPerHour <= 0 {
		s.NewSourcesPerHour = DefaultNewSourcesPerHour
	}
	if s.AuthFailuresPerMin <= 0 {
		s.AuthFailuresPerMin = DefaultAuthFailuresPerMin
	}
	return s
}

// DefaultSettings are the ingest settings on the cluster k when the
// environment sets nothing else: no tokens (no authentication).
func DefaultSettings(k kafka.Config) Settings {
	return Settings{
		Kafka:          k,
		RegistryURL:    serde.DefaultRegistryURL,
		MaxBodyBytes:   32 << 20,
		MaxRecordBytes: kafka.DefaultMaxRecordBytes,
		RateLimit:      2000,
		RateBurst:      20000,
		ProduceTimeout: 15 * time.Second,
		Tokens:         map[string]string{},

		MaxBufferedBytes:   DefaultMaxBufferedBytes,
		BufferWait:         DefaultBufferWait,
		BodyTimeout:        DefaultBodyTimeout,
		MaxConnections:     DefaultMaxConnections,
		NewSourcesPerHour:  DefaultNewSourcesPerHour,
		AuthFailuresPerMin: DefaultAuthFailuresPerMin,
	}
}

// LoadSettings reads the ingest settings; see docs/operations.md.
func LoadSettings(e *config.Env) Settings {
	s := DefaultSettings(kafka.ConfigFromEnv(e))
	s.RegistryURL = e.URL("SCHEMA_REGISTRY_URL", s.RegistryURL, "http", "https")
	s.RegistryAuth = serde.RegistryAuthFromEnv(e)
	s.MaxBodyBytes = int64(e.Int("INGEST_MAX_BODY_BYTES", int(s.MaxBodyBytes), 1024, 1<<30))
	s.MaxRecordBytes = e.Int("MAX_RECORD_BYTES", s.MaxRecordBytes, 1024, kafka.MaxRecordBytes)
	s.RateLimit = e.Float("INGEST_RATE_LIMIT", s.RateLimit, 0.001, 1e9)
	s.RateBurst = e.Int("INGEST_RATE_BURST", s.RateBurst, 1, 1e9)
	s.ProduceTimeout = e.Duration("INGEST_PRODUCE_TIMEOUT", s.ProduceTimeout, time.Second, 10*time.Minute)
	s.MaxBufferedBytes = int64(e.Int("INGEST_MAX_BUFFERED_BYTES", int(s.MaxBufferedBytes), 1<<20, 1<<40))
	if s.MaxBufferedBytes < s.MaxBodyBytes {
		e.Fail("INGEST_MAX_BUFFERED_BYTES", "%d is less than INGEST_MAX_BODY_BYTES (%d): a request of the largest size allowed could never be taken", s.MaxBufferedBytes, s.MaxBodyBytes)
	}
	s.BufferWait = e.Duration("INGEST_BUFFER_WAIT", s.BufferWait, time.Millisecond, time.Minute)
	s.BodyTimeout = e.Duration("INGEST_BODY_TIMEOUT", s.BodyTimeout, time.Second, time.Hour)
	s.MaxConnections = e.Int("INGEST_MAX_CONNECTIONS", s.MaxConnections, 1, 1<<20)
	s.NewSourcesPerHour = e.Float("INGEST_NEW_SOURCES_PER_HOUR", s.NewSourcesPerHour, 0.01, 1e6)
	s.AuthFailuresPerMin = e.Float("INGEST_AUTH_FAILURES_PER_MINUTE", s.AuthFailuresPerMin, 0.01, 1e6)
	// source=token, *=token (every source) or a+b=token (a token limited
	// to sources a and b).
	for _, kv := range e.List("INGEST_TOKENS", nil) {
		srcs, tok, ok := strings.Cut(kv, "=")
		srcs, tok = strings.TrimSpace(srcs), strings.TrimSpace(tok)
		if !ok || tok == "" || srcs == "" {
			e.Fail("INGEST_TOKENS", "item %q: want source=token, source+source=token or *=token", redactToken(kv))
			continue
		}
		if len(tok) < 16 {
			e.Fail("INGEST_TOKENS", "the token for %q is shorter than 16 characters", srcs)
			continue
		}
		for _, src := range strings.Split(srcs, "+") {
			src = strings.TrimSpace(src)
			switch {
			case src != "*" && !record.ValidSource(src):
				e.Fail("INGEST_TOKENS", "item for %q: %q is not a valid source name", srcs, src)
			case s.Tokens[src] != "":
				e.Fail("INGEST_TOKENS", "source %q has two tokens: give each source one", src)
			default:
				s.Tokens[src] = tok
			}
		}
	}
	return s
}

func redactToken(kv string) string {
	src, _, _ := strings.Cut(kv, "=")
	return src + "=..."
}

// Component runs the ingest server as a binary.
type Component struct{ Settings Settings }

// Load reads the ingest settings.
func Load(e *config.Env) (app.Component, error) { return &Component{Settings: LoadSettings(e)}, nil }

// TuneServer implements app.ServerTuner: at most MaxConnections open
// connections (more wait in the kernel's backlog until one closes), and
// keep-alive connections closed when idle. The body deadline is set per
// request (see readBody).
func (c *Component) TuneServer(srv *http.Server, ln net.Listener) net.Listener {
	s := c.Settings.withDefaults()
	srv.IdleTimeout = idleTimeout
	return netutil.LimitListener(ln, s.MaxConnections)
}

// Run implements app.Component.
func (c *Component) Run(ctx context.Context, a *app.App) error {
	srv, err := NewServer(a, c.Settings)
	if err != nil {
		return err
	}
	defer srv.Close()
	if soft := gcBudget(c.Settings.withDefaults()); soft > 0 {
		a.Log.Info("no memory limit from GOMEMLIMIT or a cgroup: the GC aims below ingest's own budget", "gomemlimit_bytes", soft)
	}
	// The API answers while the brokers are awaited (a request then fails
	// with 503 and Retry-After, as whenever Kafka is away); a broker that
	// refuses our credentials stops the binary.
	srv.Register(a)
	if err := stage.CheckKafka(ctx, a, c.Settings.Kafka); err != nil || ctx.Err() != nil {
		return err
	}
	<-ctx.Done()
	return nil
}

// Server serves the ingest API.
type Server struct {
	s   Settings
	log *slog.Logger
	cl  *kgo.Client
	adm *kadm.Client
	reg *serde.Registry

	buffered *semaphore.Weighted // bytes of bodies held, across requests
	held     prometheus.Gauge

	mu        sync.Mutex
	sources   map[string]*sourceState
	creators  map[string]*rate.Limiter // new sources, by token
	authFails map[string]*rate.Limiter // failed authentications, by client address
	accepted  *prometheus.CounterVec
	tracks    *prometheus.CounterVec
	rejects   *prometheus.CounterVec
	refused   *prometheus.CounterVec
	latency   prometheus.Observer
}

type sourceState struct {
	ready   bool // topic created and schema registered
	enc     *serde.Encoder
	limiter *rate.Limiter
}

// NewServer connects to Kafka and the registry.
func NewServer(a *app.App, s Settings) (*Server, error) {
	s = s.withDefaults()
	opts, err := s.Kafka.Opts("ingest", a.Log)
	if err != nil {
		return nil, err
	}
	opts = append(opts,
		// acks=all and idempotence are franz-go's defaults; say so anyway:
		// a 202 means every replica in sync has the records.
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.RecordDeliveryTimeout(s.ProduceTimeout),
		// A scraper must get its 503 in bounded time when the brokers are
		// gone, so records in flight may be failed. The price is that a
		// resent playlist can land twice in its raw topic, which costs
		// nothing downstream: a playlist's versions are keyed by
		// playlist_key and the newest scrape wins.
		kgo.AllowIdempotentProduceCancellation(),
		// Records awaiting the brokers, across requests, are bounded too:
		// a request's Produce waits for room (see servePlaylists).
		kgo.MaxBufferedBytes(producerBuffer(s)),
	)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("kafka client: %w", err)
	}
	reg, err := serde.NewRegistry(s.RegistryURL, s.RegistryAuth)
	if err != nil {
		cl.Close()
		return nil, err
	}
	f := promauto.With(a.Metrics)
	srv := &Server{
		s: s, log: a.Log, cl: cl, adm: kadm.NewClient(cl), reg: reg,
		sources: map[string]*sourceState{}, creators: map[string]*rate.Limiter{}, authFails: map[string]*rate.Limiter{},
		buffered: semaphore.NewWeighted(s.MaxBufferedBytes),
		held: f.NewGauge(prometheus.GaugeOpts{
			Name: "songnodes_ingest_buffered_bytes",
			Help: "Bytes of request bodies ingest holds room for now, across requests (at most INGEST_MAX_BUFFERED_BYTES).",
		}),
		accepted: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_ingest_playlists_total",
			Help: "Playlists ingest accepted and the broker acknowledged, by source.",
		}, []string{"source"}),
		tracks: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_ingest_tracks_total",
			Help: "Track lines in the playlists ingest accepted, by source.",
		}, []string{"source"}),
		rejects: stage.NewRejectsCounter(a.Metrics).MustCurryWith(prometheus.Labels{"stage": "ingest"}),
		refused: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_ingest_refused_requests_total",
			Help: "Whole requests ingest refused, by source and reason (unauthorized, forbidden, auth_limited, rate_limited, new_source_limited, too_large, body_timeout, busy, bad_request, unavailable).",
		}, []string{"source", "reason"}),
		latency: f.NewHistogram(prometheus.HistogramOpts{
			Name:    "songnodes_ingest_request_duration_seconds",
			Help:    "Time to answer an ingest request, broker acknowledgement included.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 15),
		}),
	}
	if len(s.Tokens) == 0 {
		a.Log.Warn("no INGEST_TOKENS configured: accepting requests from loopback addresses without a token, refusing all others")
	}
	a.Health.Add("kafka", app.Ping(cl.Ping))
	a.Health.Add("schema_registry", app.Ping(reg.Ping))
	return srv, nil
}

// gcBudget gives the Go runtime a soft memory limit of twice
// INGEST_MAX_BUFFERED_BYTES plus 64 MiB when nothing else set one
// (GOMEMLIMIT, or app's 90% of a cgroup limit): the bodies held and their
// garbage are then collected before the heap doubles, as it would by
// GOGC alone. It returns the limit set, or 0.
func gcBudget(s Settings) int64 {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return 0
	}
	soft := 2*s.MaxBufferedBytes + 64<<20
	debug.SetMemoryLimit(soft)
	return soft
}

// producerBuffer is how many bytes of records the producer holds at most:
// a quarter of INGEST_MAX_BUFFERED_BYTES, and room for two of the largest
// records.
func producerBuffer(s Settings) int {
	return int(max(s.MaxBufferedBytes/4, 2*int64(s.MaxRecordBytes)))
}

// Close flushes nothing (every request waited for its records) and closes
// the Kafka client.
func (s *Server) Close() { s.cl.Close() }

// Register adds the API's routes to a's mux, beside its /metrics,
// /healthz and /readyz; openapi.json describes them all.
func (s *Server) Register(a *app.App) {
	a.Handle("POST /v1/sources/{source}/playlists", http.HandlerFunc(s.servePlaylists))
	a.Handle("GET /openapi.json", http.HandlerFunc(serveOpenAPI))
}

// ItemResult is the outcome of one playlist of a request.
type ItemResult struct {
	Index       int    `json:"index"`
	Line        int    `json:"line"`
	Status      string `json:"status"` // accepted | rejected | failed
	PlaylistKey string `json:"playlist_key,omitempty"`
	Error       string `json:"error,omitempty"`
}

// Response is the body of every answer to a POST.
type Response struct {
	Accepted int          `json:"accepted"`
	Rejected int          `json:"rejected"`
	Failed   int          `json:"failed"`
	Error    string       `json:"error,omitempty"`
	Items    []ItemResult `json:"items"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) refuse(w http.ResponseWriter, status int, source, reason, msg string) {
	s.refused.WithLabelValues(source, reason).Inc()
	writeJSON(w, status, Response{Error: msg, Items: []ItemResult{}})
}

func (s *Server) servePlaylists(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	defer func() { s.latency.Observe(time.Since(start).Seconds()) }()

	source := r.PathValue("source")
	if !record.ValidSource(source) {
		s.refuse(w, http.StatusBadRequest, "unknown", "bad_request",
			fmt.Sprintf("source %q in the URL: want lowercase letters, digits, '_' or '-' (at most 64)", source))
		return
	}
	// The body's deadline runs from here: whatever is answered, the server
	// reads (and discards) the rest of a small unread body before the next
	// request, and a trickling client must not hold it there.
	// (Ingest serves HTTP/1.1, where connections support deadlines.)
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(s.s.BodyTimeout))
	client := clientAddr(r)
	if wait := s.authLimited(client); wait > 0 {
		// Nothing of the request is looked at: a client guessing tokens
		// learns nothing more until it has waited.
		retryAfter(w, wait)
		s.refuse(w, http.StatusTooManyRequests, "unknown", "auth_limited",
			fmt.Sprintf("too many failed authentications from %s (INGEST_AUTH_FAILURES_PER_MINUTE is %g)", client, s.s.AuthFailuresPerMin))
		return
	}
	if status, msg := s.authorize(r, source); msg != "" {
		s.authFailed(client)
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="songnodes-ingest"`)
		}
		// The source label is only trusted once the caller is: otherwise
		// anyone could mint label values.
		reason := "unauthorized"
		if status == http.StatusForbidden {
			reason = "forbidden"
		}
		s.refuse(w, status, "unknown", reason, msg)
		return
	}
	if r.ContentLength > s.s.MaxBodyBytes {
		s.tooLarge(w, source)
		return
	}
	// Room for the body, across requests, before a byte of it is read: a
	// body of unknown length is given room for the largest allowed, and
	// gives back what it did not use once read.
	held := r.ContentLength
	if held < 0 {
		held = s.s.MaxBodyBytes
	}
	held = max(held, 1)
	wctx, cancel := context.WithTimeout(r.Context(), s.s.BufferWait)
	err := s.buffered.Acquire(wctx, held)
	cancel()
	if err != nil {
		retryAfter(w, s.s.BufferWait)
		s.refuse(w, http.StatusServiceUnavailable, source, "busy",
			fmt.Sprintf("ingest is holding as many request bodies as it may (INGEST_MAX_BUFFERED_BYTES, %d bytes); send again after Retry-After", s.s.MaxBufferedBytes))
		return
	}
	s.held.Add(float64(held))
	defer func() { s.buffered.Release(held); s.held.Sub(float64(held)) }()

	body, err := s.readBody(w, r, rc)
	if err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			s.tooLarge(w, source)
		case errors.Is(err, os.ErrDeadlineExceeded):
			// The connection cannot carry another request: the rest of
			// this body is still on it.
			w.Header().Set("Connection", "close")
			s.refuse(w, http.StatusRequestTimeout, source, "body_timeout",
				fmt.Sprintf("the body did not arrive within %s (INGEST_BODY_TIMEOUT)", s.s.BodyTimeout))
		default:
			s.refuse(w, http.StatusBadRequest, source, "bad_request", "read body: "+err.Error())
		}
		return
	}
	if int64(cap(body)) < held {
		s.buffered.Release(held - int64(cap(body)))
		s.held.Sub(float64(held - int64(cap(body))))
		held = int64(cap(body))
	}
	items := SplitBody(body)
	if len(items) == 0 {
		s.refuse(w, http.StatusBadRequest, source, "bad_request", "empty body: send one JSON playlist or NDJSON, one playlist per line")
		return
	}

	creator := bearer(r)
	if len(s.s.Tokens) == 0 {
		creator = "" // loopback clients share one allowance, whatever they send
	}
	st, wait, err := s.source(r.Context(), source, creator)
	switch {
	case wait > 0:
		retryAfter(w, wait)
		s.refuse(w, http.StatusTooManyRequests, source, "new_source_limited",
			fmt.Sprintf("source %s is new, and this token has created as many sources as it may (INGEST_NEW_SOURCES_PER_HOUR is %g)", source, s.s.NewSourcesPerHour))
		return
	case err != nil:
		s.log.Warn("source not ready", "source", source, "err", err)
		retryAfter(w, 5*time.Second)
		s.refuse(w, http.StatusServiceUnavailable, source, "unavailable", "cannot reach Kafka or the schema registry: "+err.Error())
		return
	}
	now := time.Now()
	if len(items) > s.s.RateBurst {
		// It would never fit: a 429 would only bring it back unchanged.
		s.refuse(w, http.StatusRequestEntityTooLarge, source, "too_large",
			fmt.Sprintf("%d playlists in one request is more than the burst of %d (INGEST_RATE_BURST); split it", len(items), s.s.RateBurst))
		return
	}
	if res := st.limiter.ReserveN(now, len(items)); !res.OK() || res.DelayFrom(now) > 0 {
		retryAfter(w, res.DelayFrom(now))
		res.CancelAt(now)
		s.refuse(w, http.StatusTooManyRequests, source, "rate_limited",
			fmt.Sprintf("source %s is over its rate limit of %g playlists/s (INGEST_RATE_LIMIT)", source, s.s.RateLimit))
		return
	}

	resp := Response{Items: make([]ItemResult, len(items))}
	produced := make([]bool, len(items))
	perr := make([]error, len(items)) // each written by its record's callback alone
	ntracks := make([]int, len(items))
	malformed := false // some item is not JSON of a playlist's shape
	// Each playlist goes to the producer as soon as it is encoded, so that
	// the encoded records of a request are never all in memory at once:
	// the producer holds at most its own buffer (see NewServer) and Produce
	// waits for room. The delivery timeout alone does not fail records
	// that never leave the buffer because no broker answers; the context
	// does.
	pctx, cancel := context.WithTimeout(r.Context(), s.s.ProduceTimeout)
	defer cancel()
	var wg sync.WaitGroup
	for i, it := range items {
		res := &resp.Items[i]
		*res = ItemResult{Index: it.Index, Line: it.Line}
		// The record carries now as its timestamp, so that bronze judges
		// scraped_at against the same moment ingest did.
		p, err := DecodePlaylistAt(it.Raw, source, now)
		if err != nil {
			var re *RefusedError
			malformed = malformed || !errors.As(err, &re)
			s.reject(res, source, dlq.Invalid, fmt.Sprintf("line %d: %v", it.Line, err))
			continue
		}
		val, err := st.enc.Encode(p)
		if err != nil {
			s.reject(res, source, dlq.Invalid, fmt.Sprintf("line %d: %v", it.Line, err))
			continue
		}
		if len(val) > s.s.MaxRecordBytes {
			s.reject(res, source, dlq.Oversize, fmt.Sprintf("line %d: the playlist is %d bytes encoded, more than %d (MAX_RECORD_BYTES)", it.Line, len(val), s.s.MaxRecordBytes))
			continue
		}
		res.PlaylistKey = tracklist.PlaylistKey(p.Source, record.Deref(p.SourcePlaylistID), p.SourceURL)
		produced[i], ntracks[i] = true, len(p.Tracks)
		wg.Add(1)
		s.cl.Produce(pctx, stage.SetSource(&kgo.Record{
			Topic: s.s.Kafka.Topics.Raw(source), Key: []byte(res.PlaylistKey), Value: val, Timestamp: now,
		}, source), func(_ *kgo.Record, err error) {
			perr[i] = err
			wg.Done()
		})
	}
	wg.Wait()
	for i := range resp.Items {
		if !produced[i] {
			continue
		}
		res := &resp.Items[i]
		if perr[i] != nil {
			res.Status, res.Error = "failed", "not stored: "+perr[i].Error()
			resp.Failed++
			continue
		}
		res.Status = "accepted"
		resp.Accepted++
		s.accepted.WithLabelValues(source).Inc()
		s.tracks.WithLabelValues(source).Add(float64(ntracks[i]))
	}
	for i := range resp.Items {
		if resp.Items[i].Status == "rejected" {
			resp.Rejected++
		}
	}

	status := http.StatusAccepted
	switch {
	case resp.Failed > 0:
		status = http.StatusServiceUnavailable
		resp.Error = "Kafka did not acknowledge every playlist; resend the failed ones"
		retryAfter(w, 5*time.Second)
		s.refused.WithLabelValues(source, "unavailable").Inc()
	case resp.Accepted == 0 && !malformed:
		// Every playlist parsed, and every one was refused by the check
		// bronze makes (or is too large to store).
		status = http.StatusUnprocessableEntity
		resp.Error = "no playlist was accepted: each is refused as it stands; see items"
	case resp.Accepted == 0:
		status = http.StatusBadRequest
		resp.Error = "no playlist was accepted; see items"
	case resp.Rejected > 0:
		status = http.StatusMultiStatus
		resp.Error = "some playlists were rejected; see items"
	}
	writeJSON(w, status, resp)
}

func (s *Server) tooLarge(w http.ResponseWriter, source string) {
	w.Header().Set("Connection", "close")
	s.refuse(w, http.StatusRequestEntityTooLarge, source, "too_large",
		fmt.Sprintf("body is larger than %d bytes (INGEST_MAX_BODY_BYTES); send fewer playlists per request", s.s.MaxBodyBytes))
}

// readBody reads r's whole body before the deadline set on rc (a client
// trickling it gets os.ErrDeadlineExceeded) and at most MaxBodyBytes. A
// body of known length is read into a buffer of exactly its size.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, rc *http.ResponseController) ([]byte, error) {
	body := http.MaxBytesReader(w, r.Body, s.s.MaxBodyBytes)
	var b []byte
	var err error
	if r.ContentLength >= 0 {
		b = make([]byte, r.ContentLength)
		_, err = io.ReadFull(body, b)
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("the body ended before its Content-Length (%d bytes)", r.ContentLength)
		}
	} else {
		b, err = io.ReadAll(body)
	}
	if err != nil {
		return nil, err
	}
	// The next request on the connection has the server's own deadlines.
	_ = rc.SetReadDeadline(time.Time{})
	return b, nil
}

// retryAfter sets Retry-After to d in whole seconds, at least 1.
func retryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(d.Seconds())))))
}

// clientAddr is the client's IP address as the connection shows it (a
// proxy in front makes every client one: see docs/ingest-api.md).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func bearer(r *http.Request) string {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return tok
}

// authLimited returns how long client must wait before its token is
// looked at again, or 0.
func (s *Server) authLimited(client string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.authFails[client]
	if l == nil {
		return 0
	}
	now := time.Now()
	if l.TokensAt(now) >= 1 {
		return 0
	}
	return time.Duration((1 - l.TokensAt(now)) / float64(l.Limit()) * float64(time.Second))
}

// authFailed counts a failed authentication of client.
func (s *Server) authFailed(client string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.authFails[client]
	if l == nil {
		forget(s.authFails)
		perMin := s.s.AuthFailuresPerMin
		l = rate.NewLimiter(rate.Limit(perMin/60), max(1, int(perMin)))
		s.authFails[client] = l
	}
	l.Allow()
}

// forget drops the limiters that are full again (they would allow as much
// as new ones) once m is large, so that many clients cannot grow it
// without bound.
func forget(m map[string]*rate.Limiter) {
	if len(m) < 10000 {
		return
	}
	now := time.Now()
	for k, l := range m {
		if l.TokensAt(now) >= float64(l.Burst()) {
			delete(m, k)
		}
	}
}

func (s *Server) reject(res *ItemResult, source string, reason dlq.Reason, msg string) {
	res.Status, res.Error = "rejected", msg
	s.rejects.WithLabelValues(source, string(reason)).Inc()
}

// authorize returns why r may not post for source, with the status to
// answer (401: no valid token; 403: a valid token limited to other
// sources), or "".
func (s *Server) authorize(r *http.Request, source string) (int, string) {
	if len(s.s.Tokens) == 0 {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
			return 0, ""
		}
		return http.StatusUnauthorized, "no tokens are configured (INGEST_TOKENS), so only loopback clients are accepted"
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return http.StatusUnauthorized, "missing bearer token: send Authorization: Bearer <token>"
	}
	for _, want := range []string{s.s.Tokens[source], s.s.Tokens["*"]} {
		if want != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(want)) == 1 {
			return 0, ""
		}
	}
	known := 0
	for _, want := range s.s.Tokens {
		known |= subtle.ConstantTimeCompare([]byte(tok), []byte(want))
	}
	if known == 1 {
		return http.StatusForbidden, "the token is not allowed to post for source " + source + " (INGEST_TOKENS limits it to other sources)"
	}
	return http.StatusUnauthorized, "the token is not valid"
}

// source returns a copy of a source's state, creating its topic and
// registering its schema the first time. Requests racing on a new source
// may both do that; both get the same schema ID. A source new to this
// replica counts against token's INGEST_NEW_SOURCES_PER_HOUR (all
// loopback clients share one allowance when there are no tokens); over
// it, wait says when the next may be created.
func (s *Server) source(ctx context.Context, source, token string) (st sourceState, wait time.Duration, err error) {
	s.mu.Lock()
	cur, ok := s.sources[source]
	if !ok {
		lim := s.creators[token]
		if lim == nil {
			forget(s.creators)
			perHour := s.s.NewSourcesPerHour
			lim = rate.NewLimiter(rate.Limit(perHour/3600), max(1, int(perHour)))
			s.creators[token] = lim
		}
		now := time.Now()
		if res := lim.ReserveN(now, 1); res.DelayFrom(now) > 0 {
			wait = res.DelayFrom(now)
			res.CancelAt(now)
			s.mu.Unlock()
			return sourceState{}, wait, nil
		}
		cur = &sourceState{limiter: rate.NewLimiter(rate.Limit(s.s.RateLimit), s.s.RateBurst)}
		s.sources[source] = cur
	}
	snap := *cur
	s.mu.Unlock()
	if snap.ready {
		return snap, 0, nil
	}
	topic := s.s.Kafka.Topics.Raw(source)
	if err := s.s.Kafka.EnsureTopics(ctx, s.adm, kafka.TopicSpec{Name: topic}); err != nil {
		return sourceState{}, 0, err
	}
	enc, err := serde.NewEncoder(ctx, s.reg, topic+"-value", record.ScrapedPlaylistSchema)
	if err != nil {
		return sourceState{}, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !cur.ready {
		cur.enc, cur.ready = enc, true
	}
	return *cur, 0, nil
}
