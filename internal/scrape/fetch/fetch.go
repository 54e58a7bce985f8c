// Package fetch is the one HTTP client every scraper uses: it asks each
// host politely (a request budget per host, robots.txt, a User-Agent
// that names the project), retries what is worth retrying, makes
// conditional requests, and stops asking a host that refuses us.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Request is one GET.
type Request struct {
	URL string
	// Validators from the last fetch of URL, sent as If-None-Match and
	// If-Modified-Since; a 304 answer then costs the site almost nothing.
	ETag         string
	LastModified string
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

// Options configure a Client.
type Options struct {
	// UserAgent names the project and a contact URL.
	UserAgent string
	// Timeout bounds one request, body included.
	Timeout time.Duration
	// MaxBody bounds the bytes read of one answer.
	MaxBody int64
}

// Client fetches pages.
type Client struct {
	opts Options
	http *http.Client
}

// New returns a Client.
func New(o Options) *Client {
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 8 << 20
	}
	return &Client{opts: o, http: &http.Client{Timeout: o.Timeout}}
}

// Get fetches req.URL.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return nil, err
	}
	if c.opts.UserAgent != "" {
		hr.Header.Set("User-Agent", c.opts.UserAgent)
	}
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBody))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", req.URL, err)
	}
	if resp.StatusCode != http.StatusNotModified && (resp.StatusCode < 200 || resp.StatusCode > 299) {
		return nil, &StatusError{URL: req.URL, Status: resp.StatusCode}
	}
	return &Response{URL: resp.Request.URL.String(), Status: resp.StatusCode, Header: resp.Header, Body: body,
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}, nil
}
