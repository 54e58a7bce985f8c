// Package ingestclient posts scraped playlists to a SongNodes ingest
// server (POST /v1/sources/{source}/playlists, docs/ingest-api.md): in
// batches capped by count and size, retrying with backoff and jitter what
// the server could not take yet (429, 502, 503, 504, a connection that
// failed), honouring Retry-After, and returning what became of each
// playlist: accepted, rejected (with the server's reason) or failed.
//
// It depends on the standard library only, so scrapers in other modules
// can import it.
package ingestclient

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults of a Client; see the options.
const (
	DefaultMaxBatch      = 500
	DefaultMaxBatchBytes = 8 << 20
	DefaultAttempts      = 6
	DefaultMinBackoff    = 500 * time.Millisecond
	DefaultMaxBackoff    = 30 * time.Second
)

// Client posts playlists to one ingest server. It is safe for concurrent
// use.
type Client struct {
	base          string // scheme://host[:port][/path], no trailing slash
	token         string
	hc            *http.Client
	userAgent     string
	maxBatch      int
	maxBatchBytes int
	attempts      int
	minBackoff    time.Duration
	maxBackoff    time.Duration
}

// Option configures a Client.
type Option func(*Client) error

// WithToken sets the bearer token sent with every request (the server's
// INGEST_TOKENS). Without one, only a server with no tokens configured,
// reached over loopback, accepts the requests.
func WithToken(token string) Option {
	return func(c *Client) error { c.token = token; return nil }
}

// WithHTTPClient sets the HTTP client (its transport, its timeout). The
// default has a timeout of 2 minutes per request.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil client")
		}
		c.hc = hc
		return nil
	}
}

// WithUserAgent sets the User-Agent of every request.
func WithUserAgent(ua string) Option {
	return func(c *Client) error { c.userAgent = ua; return nil }
}

// WithBatch caps each request at count playlists and size bytes of body
// (a single playlist larger than size is sent alone). Keep size under the
// server's INGEST_MAX_BODY_BYTES and count under its INGEST_RATE_BURST;
// a request refused for either is split in halves and sent again anyway.
func WithBatch(count, size int) Option {
	return func(c *Client) error {
		if count < 1 || size < 1 {
			return fmt.Errorf("WithBatch(%d, %d): want at least 1 playlist and 1 byte", count, size)
		}
		c.maxBatch, c.maxBatchBytes = count, size
		return nil
	}
}

// WithRetries sets how many times a request is sent at most (1: never
// retried) and the backoff between attempts: from min, doubling each
// time up to max, with jitter. A Retry-After from the server overrides
// the backoff when it is longer.
func WithRetries(attempts int, min, max time.Duration) Option {
	return func(c *Client) error {
		if attempts < 1 || min <= 0 || max < min {
			return fmt.Errorf("WithRetries(%d, %s, %s): want at least 1 attempt and 0 < min <= max", attempts, min, max)
		}
		c.attempts, c.minBackoff, c.maxBackoff = attempts, min, max
		return nil
	}
}

// New returns a client of the ingest server at baseURL, e.g.
// "http://127.0.0.1:8080".
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("ingestclient: base URL %q: want http(s)://host[:port][/path]", baseURL)
	}
	c := &Client{
		base:          strings.TrimRight(u.String(), "/"),
		hc:            &http.Client{Timeout: 2 * time.Minute},
		userAgent:     "songnodes-ingestclient/1",
		maxBatch:      DefaultMaxBatch,
		maxBatchBytes: DefaultMaxBatchBytes,
		attempts:      DefaultAttempts,
		minBackoff:    DefaultMinBackoff,
		maxBackoff:    DefaultMaxBackoff,
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, fmt.Errorf("ingestclient: %w", err)
		}
	}
	return c, nil
}

// Status is what became of one playlist.
type Status string

// The statuses of a playlist.
const (
	// Accepted: stored in the pipeline's raw topic.
	Accepted Status = "accepted"
	// Rejected: the server refused it for what it is (Result.Error says
	// why); sending it again changes nothing.
	Rejected Status = "rejected"
	// Failed: not stored, for a passing reason (Kafka unreachable, every
	// attempt used up, the context ended); it may be sent again.
	Failed Status = "failed"
)

// Result is what became of one playlist.
type Result struct {
	// Index is the playlist's index among those given to Post or PostRaw.
	Index  int    `json:"index"`
	Status Status `json:"status"`
	// PlaylistKey is the pipeline's key of the playlist (source and ID,
	// or source and canonical URL), when the server read it.
	PlaylistKey string `json:"playlist_key,omitempty"`
	// Error says why it was rejected or failed, naming the field at
	// fault.
	Error string `json:"error,omitempty"`
}

// Results are the results of one Post or PostRaw, one per playlist and in
// the same order, with their counts.
type Results struct {
	Items    []Result
	Accepted int
	Rejected int
	Failed   int
}

// StatusError is an answer of the server that refused a whole request,
// for a reason that sending it again will not change (401 unauthorized,
// 400 bad source name...), or a passing one that outlasted every attempt
// (429, 503).
type StatusError struct {
	StatusCode int
	// Message is the server's error, or the start of its body when it is
	// not the API's JSON (a proxy's page, say).
	Message string
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("ingest answered HTTP %d %s: %s", e.StatusCode, http.StatusText(e.StatusCode), e.Message)
}
