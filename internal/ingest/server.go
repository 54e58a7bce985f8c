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
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
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

// Run implements app.Component.
func (c *Component) Run(ctx context.Context, a *app.App) error {
	srv, err := NewServer(a, c.Settings)
	if err != nil {
		return err
	}
	defer srv.Close()
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

	mu       sync.Mutex
	sources  map[string]*sourceState
	accepted *prometheus.CounterVec
	tracks   *prometheus.CounterVec
	rejects  *prometheus.CounterVec
	refused  *prometheus.CounterVec
	latency  prometheus.Observer
}

type sourceState struct {
	ready   bool // topic created and schema registered
	enc     *serde.Encoder
	limiter *rate.Limiter
}

// NewServer connects to Kafka and the registry.
func NewServer(a *app.App, s Settings) (*Server, error) {
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
		sources: map[string]*sourceState{},
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
			Help: "Whole requests ingest refused, by source and reason (unauthorized, forbidden, rate_limited, too_large, bad_request, unavailable).",
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
	if status, msg := s.authorize(r, source); msg != "" {
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
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.s.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.refuse(w, http.StatusRequestEntityTooLarge, source, "too_large",
				fmt.Sprintf("body is larger than %d bytes (INGEST_MAX_BODY_BYTES); send fewer playlists per request", mbe.Limit))
			return
		}
		s.refuse(w, http.StatusBadRequest, source, "bad_request", "read body: "+err.Error())
		return
	}
	items := SplitBody(body)
	if len(items) == 0 {
		s.refuse(w, http.StatusBadRequest, source, "bad_request", "empty body: send one JSON playlist or NDJSON, one playlist per line")
		return
	}

	st, err := s.source(r.Context(), source)
	if err != nil {
		s.log.Warn("source not ready", "source", source, "err", err)
		w.Header().Set("Retry-After", "5")
		s.refuse(w, http.StatusServiceUnavailable, source, "unavailable", "cannot reach Kafka or the schema registry: "+err.Error())
		return
	}
	now := time.Now()
	if res := st.limiter.ReserveN(now, len(items)); !res.OK() || res.DelayFrom(now) > 0 {
		retry := math.Inf(1)
		if res.OK() {
			retry = res.DelayFrom(now).Seconds()
			res.CancelAt(now)
		}
		msg := fmt.Sprintf("source %s is over its rate limit of %g playlists/s (INGEST_RATE_LIMIT)", source, s.s.RateLimit)
		if math.IsInf(retry, 1) {
			msg = fmt.Sprintf("%d playlists in one request is more than the burst of %d (INGEST_RATE_BURST); split it", len(items), s.s.RateBurst)
		} else {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(retry))))
		}
		s.refuse(w, http.StatusTooManyRequests, source, "rate_limited", msg)
		return
	}

	resp := Response{Items: make([]ItemResult, len(items))}
	recs := make([]*kgo.Record, 0, len(items))
	idx := make([]int, 0, len(items)) // item index of each record
	ntracks := make([]int, 0, len(items))
	for i, it := range items {
		res := &resp.Items[i]
		*res = ItemResult{Index: it.Index, Line: it.Line}
		p, err := DecodePlaylist(it.Raw, source)
		if err != nil {
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
		recs = append(recs, stage.SetSource(&kgo.Record{
			Topic: s.s.Kafka.Topics.Raw(source), Key: []byte(res.PlaylistKey), Value: val,
		}, source))
		idx = append(idx, i)
		ntracks = append(ntracks, len(p.Tracks))
	}

	if len(recs) > 0 {
		// The delivery timeout alone does not fail records that never
		// leave the buffer because no broker answers; the context does.
		pctx, cancel := context.WithTimeout(r.Context(), s.s.ProduceTimeout)
		results := s.cl.ProduceSync(pctx, recs...)
		cancel()
		for j, pr := range results {
			res := &resp.Items[idx[j]]
			if pr.Err != nil {
				res.Status, res.Error = "failed", "not stored: "+pr.Err.Error()
				resp.Failed++
				continue
			}
			res.Status = "accepted"
			resp.Accepted++
			s.accepted.WithLabelValues(source).Inc()
			s.tracks.WithLabelValues(source).Add(float64(ntracks[j]))
		}
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
		w.Header().Set("Retry-After", "5")
		s.refused.WithLabelValues(source, "unavailable").Inc()
	case resp.Accepted == 0:
		status = http.StatusBadRequest
		resp.Error = "no playlist was accepted; see items"
	case resp.Rejected > 0:
		status = http.StatusMultiStatus
		resp.Error = "some playlists were rejected; see items"
	}
	writeJSON(w, status, resp)
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
// may both do that; both get the same schema ID.
func (s *Server) source(ctx context.Context, source string) (sourceState, error) {
	s.mu.Lock()
	st, ok := s.sources[source]
	if !ok {
		st = &sourceState{limiter: rate.NewLimiter(rate.Limit(s.s.RateLimit), s.s.RateBurst)}
		s.sources[source] = st
	}
	snap := *st
	s.mu.Unlock()
	if snap.ready {
		return snap, nil
	}
	topic := s.s.Kafka.Topics.Raw(source)
	if err := s.s.Kafka.EnsureTopics(ctx, s.adm, kafka.TopicSpec{Name: topic}); err != nil {
		return sourceState{}, err
	}
	enc, err := serde.NewEncoder(ctx, s.reg, topic+"-value", record.ScrapedPlaylistSchema)
	if err != nil {
		return sourceState{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !st.ready {
		st.enc, st.ready = enc, true
	}
	return *st, nil
}
