package ingestclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// validSource is the server's rule for a source name; checked here so
// that a typo fails before any request.
var validSource = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// Post sends playlists scraped from source (lowercase letters, digits, '_'
// and '-', e.g. "mixesdb") and returns what became of each, in order.
//
// The error is nil when every playlist got a final answer, accepted or
// rejected: a rejected playlist is a result, not an error. It is not nil
// when some could not be stored (those are Failed; the error says why) or
// the server refused the requests as such (a *StatusError: a bad token,
// say). A playlist sent again after a failure may be stored twice, which
// the pipeline absorbs (it keys playlists by their playlist key).
func (c *Client) Post(ctx context.Context, source string, playlists ...Playlist) (Results, error) {
	raw := make([][]byte, len(playlists))
	for i := range playlists {
		b, err := json.Marshal(&playlists[i])
		if err != nil {
			return Results{}, fmt.Errorf("ingestclient: playlist %d: %w", i, err)
		}
		raw[i] = b
	}
	return c.PostRaw(ctx, source, raw)
}

// PostRaw is Post for playlists already encoded as JSON, one document
// each (JSON spread over several lines is compacted onto one). The server
// checks them as they are: a malformed one comes back Rejected with the
// field at fault. An empty one is Rejected without being sent.
func (c *Client) PostRaw(ctx context.Context, source string, playlists [][]byte) (Results, error) {
	if !validSource.MatchString(source) {
		return Results{}, fmt.Errorf("ingestclient: source %q: want lowercase letters, digits, '_' or '-' (at most 64)", source)
	}
	items := make([]Result, len(playlists))
	lines := make([][]byte, len(playlists))
	var todo []int
	for i, p := range playlists {
		items[i] = Result{Index: i}
		if lines[i] = oneLine(p); len(lines[i]) == 0 {
			items[i].Status, items[i].Error = Rejected, "empty: not a JSON playlist (not sent)"
			continue
		}
		todo = append(todo, i)
	}
	var err error
	batches := c.batches(lines, todo)
	for n, b := range batches {
		if err = c.send(ctx, source, lines, b, items); err != nil {
			for _, rest := range batches[n+1:] {
				markFailed(items, rest, "not sent: "+err.Error())
			}
			break
		}
	}
	res := Results{Items: items}
	for _, it := range items {
		switch it.Status {
		case Accepted:
			res.Accepted++
		case Rejected:
			res.Rejected++
		default:
			res.Failed++
		}
	}
	if err != nil {
		return res, fmt.Errorf("ingestclient: %d of %d playlists not stored: %w", res.Failed, len(items), err)
	}
	return res, nil
}

// oneLine puts a JSON document on one line, as NDJSON needs.
func oneLine(p []byte) []byte {
	p = bytes.TrimSpace(p)
	if !bytes.ContainsAny(p, "\r\n") {
		return p
	}
	var b bytes.Buffer
	if json.Compact(&b, p) == nil {
		return b.Bytes()
	}
	// Not valid JSON: outside strings a line break is whitespace, inside
	// one it is invalid anyway; the server names the fault either way.
	return bytes.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, p)
}

// batches groups the indexes in todo into requests within the caps.
func (c *Client) batches(lines [][]byte, todo []int) [][]int {
	var out [][]int
	var cur []int
	size := 0
	for _, i := range todo {
		n := len(lines[i]) + 1
		if len(cur) > 0 && (len(cur) >= c.maxBatch || size+n > c.maxBatchBytes) {
			out = append(out, cur)
			cur, size = nil, 0
		}
		cur = append(cur, i)
		size += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// group is a request's playlists and how often it was sent.
type group struct {
	idx      []int
	attempts int
}

// send posts one batch until each of its playlists has a final answer,
// retrying and splitting as the server asks, and fills in items.
func (c *Client) send(ctx context.Context, source string, lines [][]byte, batch []int, items []Result) error {
	queue := []group{{idx: batch}}
	for len(queue) > 0 {
		g := &queue[0]
		g.attempts++
		a, err := c.post(ctx, source, lines, g.idx)
		var cause error
		switch {
		case err != nil:
			if ctx.Err() != nil {
				failAll(items, queue, err)
				return err
			}
			cause = err
		case len(a.body.Items) > 0:
			if len(a.body.Items) != len(g.idx) {
				err := fmt.Errorf("ingest answered %d results to %d playlists", len(a.body.Items), len(g.idx))
				failAll(items, queue, err)
				return err
			}
			var again []int
			for j, it := range a.body.Items {
				i := g.idx[j]
				items[i] = Result{Index: i, Status: Status(it.Status), PlaylistKey: it.PlaylistKey, Error: stripLine(it.Error)}
				if items[i].Status != Accepted && items[i].Status != Rejected {
					items[i].Status = Failed
					again = append(again, i)
				}
			}
			if len(again) == 0 {
				queue = queue[1:]
				continue
			}
			g.idx = again
			cause = a.statusError()
		case split(a) && len(g.idx) > 1:
			// Too many or too large for the server: halve the request.
			h := len(g.idx) / 2
			queue = append([]group{{idx: g.idx[:h]}, {idx: g.idx[h:]}}, queue[1:]...)
			continue
		case a.code == http.StatusRequestEntityTooLarge:
			// One playlist alone is over the server's body limit: sending
			// it again cannot help.
			i := g.idx[0]
			items[i] = Result{Index: i, Status: Rejected, Error: a.message()}
			queue = queue[1:]
			continue
		case retryable(a.code):
			cause = a.statusError()
		default:
			err := a.statusError()
			failAll(items, queue, err)
			return err
		}
		if g.attempts >= c.attempts {
			err := fmt.Errorf("after %d attempts: %w", g.attempts, cause)
			failAll(items, queue, err)
			return err
		}
		wait := c.backoff(g.attempts)
		if a != nil && a.retryAfter > wait {
			// Never sooner than the server said; a little later, so
			// that clients told the same do not come back together.
			wait = a.retryAfter + rand.N(a.retryAfter/10+1)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			err := fmt.Errorf("the context ends before the next attempt is due in %s: %w", wait.Round(time.Millisecond), cause)
			failAll(items, queue, err)
			return err
		}
		if err := sleep(ctx, wait); err != nil {
			failAll(items, queue, fmt.Errorf("%w (waiting to retry: %w)", err, cause))
			return err
		}
	}
	return nil
}

// backoff is the wait before the attempt after attempt n: from
// minBackoff doubling up to maxBackoff, of which a random half (so that
// clients failing together do not retry together).
func (c *Client) backoff(n int) time.Duration {
	d := c.minBackoff
	for i := 1; i < n && d < c.maxBackoff; i++ {
		d *= 2
	}
	d = min(d, c.maxBackoff)
	return d/2 + rand.N(d/2+1)
}

func retryable(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// split reports whether the server refused a request for its size: 413,
// over the body limit or more playlists than the rate limit's burst (or,
// from servers before issue 15, a 429 without Retry-After).
func split(a *answer) bool {
	return a.code == http.StatusRequestEntityTooLarge || (a.code == http.StatusTooManyRequests && a.retryAfter == 0)
}

func failAll(items []Result, queue []group, err error) {
	for _, g := range queue {
		markFailed(items, g.idx, err.Error())
	}
}

func markFailed(items []Result, idx []int, msg string) {
	for _, i := range idx {
		items[i] = Result{Index: i, Status: Failed, PlaylistKey: items[i].PlaylistKey, Error: msg}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// wireResponse is the body of every answer of the API.
type wireResponse struct {
	Accepted int    `json:"accepted"`
	Rejected int    `json:"rejected"`
	Failed   int    `json:"failed"`
	Error    string `json:"error"`
	Items    []struct {
		Index       int    `json:"index"`
		Line        int    `json:"line"`
		Status      string `json:"status"`
		PlaylistKey string `json:"playlist_key"`
		Error       string `json:"error"`
	} `json:"items"`
}

// answer is one HTTP answer.
type answer struct {
	code       int
	body       wireResponse
	raw        []byte // the body, when it is not the API's JSON
	retryAfter time.Duration
}

func (a *answer) message() string {
	if a.raw != nil {
		msg := strings.TrimSpace(string(a.raw))
		if len(msg) > 200 {
			msg = msg[:200] + "..."
		}
		return "(not the API's JSON) " + msg
	}
	return a.body.Error
}

func (a *answer) statusError() *StatusError {
	return &StatusError{StatusCode: a.code, Message: a.message(), RetryAfter: a.retryAfter}
}

// post sends one request with the playlists idx.
func (c *Client) post(ctx context.Context, source string, lines [][]byte, idx []int) (*answer, error) {
	var body bytes.Buffer
	for _, i := range idx {
		body.Write(lines[i])
		body.WriteByte('\n')
	}
	u := c.base + "/v1/sources/" + url.PathEscape(source) + "/playlists"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, &body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("read the answer (HTTP %d): %w", resp.StatusCode, err)
	}
	a := &answer{code: resp.StatusCode, retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	if err := json.Unmarshal(b, &a.body); err != nil {
		a.raw = b
		if resp.StatusCode < 300 {
			return nil, errors.New("ingest answered HTTP " + strconv.Itoa(resp.StatusCode) + " but not with the API's JSON: " + a.message())
		}
	}
	return a, nil
}

// parseRetryAfter reads Retry-After: seconds, or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return max(0, time.Duration(s)*time.Second)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now))
	}
	return 0
}

// stripLine drops the server's "line N: " prefix from an item's error:
// N counts lines of one request, which the caller never saw; Index says
// which playlist it is.
func stripLine(msg string) string {
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if _, err := strconv.Atoi(n); err == nil {
				return after
			}
		}
	}
	return msg
}
