package ingest

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/songnodes/pipeline/internal/app"
)

// Client posts playlists to an ingest server.
type Client struct {
	URL   string // e.g. http://127.0.0.1:8080
	Token string // bearer token, or "" on loopback without tokens
	HTTP  *http.Client
}

// Post sends one request body and decodes the answer.
func (c *Client) Post(ctx context.Context, source string, body []byte) (int, *Response, http.Header, error) {
	url := strings.TrimRight(c.URL, "/") + "/v1/sources/" + source + "/playlists"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 2 * time.Minute}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	var r Response
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err := json.Unmarshal(b, &r); err != nil {
		return resp.StatusCode, nil, resp.Header, fmt.Errorf("%s answered %s: %s", url, resp.Status, bytes.TrimSpace(b))
	}
	return resp.StatusCode, &r, resp.Header, nil
}

// Send posts playlists (one JSON document each) in one request and returns
// one result per playlist, in order. Requests refused as a whole for a
// passing reason (429, 503) are retried after the server's Retry-After, up
// to tries times; playlists Kafka did not acknowledge are resent.
func (c *Client) Send(ctx context.Context, source string, playlists [][]byte, tries int) ([]ItemResult, error) {
	results := make([]ItemResult, len(playlists))
	pending := make([]int, len(playlists))
	for i := range pending {
		pending[i] = i
	}
	var lastErr error
	for try := 0; try < tries && len(pending) > 0; try++ {
		var body bytes.Buffer
		for _, i := range pending {
			body.Write(playlists[i])
			body.WriteByte('\n')
		}
		status, resp, hdr, err := c.Post(ctx, source, body.Bytes())
		if err != nil {
			lastErr = err
			if ctx.Err() != nil {
				break
			}
			sleep(ctx, time.Second<<min(try, 5))
			continue
		}
		if len(resp.Items) == 0 { // refused as a whole
			lastErr = fmt.Errorf("HTTP %d: %s", status, resp.Error)
			if status != http.StatusTooManyRequests && status != http.StatusServiceUnavailable {
				return nil, lastErr
			}
			sleep(ctx, retryAfter(hdr, try))
			continue
		}
		var again []int
		for j, it := range resp.Items {
			i := pending[j]
			it.Index = i
			it.Line = i + 1
			results[i] = it
			if it.Status == "failed" {
				again = append(again, i)
			}
		}
		pending = again
		if len(pending) > 0 {
			lastErr = fmt.Errorf("HTTP %d: %s", status, resp.Error)
			sleep(ctx, retryAfter(hdr, try))
		}
	}
	if len(pending) > 0 {
		for _, i := range pending {
			if results[i].Status == "" {
				results[i] = ItemResult{Index: i, Line: i + 1, Status: "failed", Error: fmt.Sprint(lastErr)}
			}
		}
		return results, fmt.Errorf("%d playlists not stored after %d tries: %w", len(pending), tries, lastErr)
	}
	return results, nil
}

func retryAfter(h http.Header, try int) time.Duration {
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return time.Second << min(try, 5)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// SendMain is `ingest send`: it posts NDJSON from a file or stdin, in
// batches, with a progress bar on a terminal, and prints every rejected
// playlist with its line number. Exit code 0 when every playlist was
// accepted, 1 when some were not, 2 on bad usage.
func SendMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingest send", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", "", "source the playlists come from (required), e.g. mixesdb")
	url := fs.String("url", cmp.Or(os.Getenv("INGEST_URL"), "http://127.0.0.1:8080"), "ingest server URL (env INGEST_URL)")
	batch := fs.Int("batch", 500, "playlists per request")
	tries := fs.Int("tries", 6, "attempts per batch when the server is busy or Kafka is down")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ingest send --source S [flags] FILE|-\n\nPosts NDJSON playlists (one per line) to ingest. The bearer token is read from INGEST_TOKEN.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return app.FlagExit(err)
	}
	if *source == "" || fs.NArg() != 1 || *batch < 1 {
		fs.Usage()
		return 2
	}
	in := io.Reader(os.Stdin)
	size := int64(-1)
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name) //nolint:gosec // a file named on the command line
		if err != nil {
			fmt.Fprintf(stderr, "ingest send: %v\n", err)
			return 2
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		in = f
	}
	var bar *progressbar.ProgressBar
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bar = progressbar.DefaultBytes(size, "sending")
		in = io.TeeReader(in, bar)
	}

	cl := &Client{URL: *url, Token: os.Getenv("INGEST_TOKEN")}
	var accepted, rejected, failed, line int
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var chunk [][]byte
	var lines []int
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		res, err := cl.Send(ctx, *source, chunk, *tries)
		for i, r := range res {
			switch r.Status {
			case "accepted":
				accepted++
			case "rejected":
				rejected++
				fmt.Fprintf(stderr, "line %d: rejected: %s\n", lines[i], stripLine(r.Error))
			default:
				failed++
				fmt.Fprintf(stderr, "line %d: not stored: %s\n", lines[i], r.Error)
			}
		}
		chunk, lines = chunk[:0], lines[:0]
		return err
	}
	for sc.Scan() {
		line++
		l := bytes.TrimSpace(sc.Bytes())
		if len(l) == 0 {
			continue
		}
		chunk = append(chunk, bytes.Clone(l))
		lines = append(lines, line)
		if len(chunk) >= *batch {
			if err := flush(); err != nil && ctx.Err() != nil {
				break
			}
		}
	}
	_ = flush()
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(stderr)
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "ingest send: read: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d accepted, %d rejected, %d not stored\n", accepted, rejected, failed)
	if rejected+failed > 0 || ctx.Err() != nil {
		return 1
	}
	return 0
}

// stripLine drops the server's "line N: " prefix: its N counts lines of
// one request, and the caller prints the file's line instead.
func stripLine(msg string) string {
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if _, after, ok := strings.Cut(rest, ": "); ok {
			return after
		}
	}
	return msg
}
