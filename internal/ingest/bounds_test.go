package ingest_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/testenv"
)

// rawPost opens a connection to e and sends the head of a POST claiming a
// body of length bytes, and the first part of it; the caller sends the
// rest (or not) and reads the answer.
func rawPost(t *testing.T, e *env, length int, part string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(e.url, "http://"))
	testenv.Must(t, err, "dial")
	t.Cleanup(func() { _ = c.Close() })
	_, err = fmt.Fprintf(c, "POST /v1/sources/mixesdb/playlists HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: %d\r\n\r\n%s", length, part)
	testenv.Must(t, err, "write")
	return c
}

// answer is what readAnswer read.
type answer struct {
	StatusCode int
	Close      bool // the server closes the connection after it
}

func readAnswer(t *testing.T, c net.Conn) (answer, string) {
	t.Helper()
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	testenv.Must(t, err, "read the answer")
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{StatusCode: resp.StatusCode, Close: resp.Close}, string(b)
}

// TestBufferedBytesBounded: bodies held at once are bounded across
// requests. While one request holds all the room, another waits
// INGEST_BUFFER_WAIT and gets 503 with Retry-After; once the first is
// done, the second goes through.
func TestBufferedBytesBounded(t *testing.T) {
	e := start(t, func(s *ingest.Settings) {
		s.MaxBodyBytes, s.MaxBufferedBytes, s.BufferWait = 64<<10, 64<<10, 100*time.Millisecond
	})
	// All the room, as valid NDJSON (blank lines are ignored), of which
	// only the first line is sent for now.
	full := good + "\n" + strings.Repeat(" ", 64<<10-len(good)-2) + "\n"
	c := rawPost(t, e, len(full), good+"\n")
	testenv.Eventually(t, 10*time.Second, "the first request to hold its room", func() bool {
		return testenv.Metric(t, e.a.Metrics, "songnodes_ingest_buffered_bytes") == float64(len(full))
	})

	code, r, h := e.post("mixesdb", "", good)
	if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || !strings.Contains(r.Error, "INGEST_MAX_BUFFERED_BYTES") {
		t.Fatalf("while the room is held: HTTP %d Retry-After %q %+v", code, h.Get("Retry-After"), r)
	}
	if n := testenv.Metric(t, e.a.Metrics, "songnodes_ingest_refused_requests_total", "source", "mixesdb", "reason", "busy"); n != 1 {
		t.Fatalf("refused{reason=busy} = %v, want 1", n)
	}
	_, err := io.WriteString(c, full[len(good)+1:])
	testenv.Must(t, err, "write the rest")
	if resp, body := readAnswer(t, c); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("the first: HTTP %d %s", resp.StatusCode, body)
	}
	if code, r, _ := e.post("mixesdb", "", good); code != http.StatusAccepted {
		t.Fatalf("after the first is done: HTTP %d %+v", code, r)
	}
	if n := testenv.Metric(t, e.a.Metrics, "songnodes_ingest_buffered_bytes"); n != 0 {
		t.Fatalf("songnodes_ingest_buffered_bytes = %v once every request is answered", n)
	}
	// A body claiming more than INGEST_MAX_BODY_BYTES is refused before
	// any room is taken or a byte read.
	c = rawPost(t, e, 1<<30, "")
	if resp, body := readAnswer(t, c); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("Content-Length over the limit: HTTP %d %s", resp.StatusCode, body)
	}
}

// TestBodyDeadline: a client trickling its body is cut off at
// INGEST_BODY_TIMEOUT with 408, its connection closed and its room given
// back.
func TestBodyDeadline(t *testing.T) {
	e := start(t, func(s *ingest.Settings) {
		s.MaxBodyBytes, s.MaxBufferedBytes, s.BodyTimeout = 64<<10, 64<<10, 300*time.Millisecond
	})
	c := rawPost(t, e, 60<<10, `{"source_url":`)
	resp, body := readAnswer(t, c)
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(body, "INGEST_BODY_TIMEOUT") {
		t.Fatalf("trickled body: HTTP %d %s", resp.StatusCode, body)
	}
	if !resp.Close {
		t.Fatalf("408 without Connection: close")
	}
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Fatalf("the connection is still open after 408")
	}
	if code, r, _ := e.post("mixesdb", "", good+"\n"+strings.Repeat(" ", 60<<10)); code != http.StatusAccepted {
		t.Fatalf("the room was not given back: HTTP %d %+v", code, r)
	}
	if n := testenv.Metric(t, e.a.Metrics, "songnodes_ingest_refused_requests_total", "source", "mixesdb", "reason", "body_timeout"); n != 1 {
		t.Fatalf("refused{reason=body_timeout} = %v, want 1", n)
	}
}

// TestConnectionsBounded: with INGEST_MAX_CONNECTIONS=2, a third
// connection is served only once one of the two closes.
func TestConnectionsBounded(t *testing.T) {
	comp := &ingest.Component{Settings: ingest.Settings{MaxConnections: 2}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	testenv.Must(t, err, "listen")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }), ReadHeaderTimeout: 10 * time.Second}
	ln = comp.TuneServer(srv, ln)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	if srv.IdleTimeout <= 0 {
		t.Fatalf("no idle timeout: keep-alive connections would be held forever")
	}
	get := func(c net.Conn) error {
		if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			return err
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	var open []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", ln.Addr().String())
		testenv.Must(t, err, "dial")
		defer c.Close()
		testenv.Must(t, get(c), "a connection within the cap")
		open = append(open, c)
	}
	third, err := net.Dial("tcp", ln.Addr().String()) // the kernel accepts it; the server does not yet
	testenv.Must(t, err, "dial")
	defer third.Close()
	answered := make(chan error, 1)
	go func() { answered <- get(third) }()
	select {
	case err := <-answered:
		t.Fatalf("a third connection was served while two were open (%v)", err)
	case <-time.After(200 * time.Millisecond): // only shows it waits; the pass below does not depend on it
	}
	_ = open[0].Close()
	testenv.Must(t, <-answered, "the third, once one closed")
}

// TestNewSourcesPerToken: a token creates at most
// INGEST_NEW_SOURCES_PER_HOUR sources; past that, a new source gets 429
// with Retry-After, and the sources it has keep working.
func TestNewSourcesPerToken(t *testing.T) {
	const admin, other = "admin-secret-0123456789", "other-secret-0123456789"
	e := start(t, func(s *ingest.Settings) {
		s.Tokens = map[string]string{"*": admin, "c": other}
		s.NewSourcesPerHour = 2
	})
	for _, src := range []string{"a", "b"} {
		if code, r, _ := e.post(src, admin, good); code != http.StatusAccepted {
			t.Fatalf("source %s: HTTP %d %+v", src, code, r)
		}
	}
	code, r, h := e.post("c", admin, good)
	if code != http.StatusTooManyRequests || h.Get("Retry-After") == "" || !strings.Contains(r.Error, "INGEST_NEW_SOURCES_PER_HOUR") {
		t.Fatalf("a third new source: HTTP %d Retry-After %q %+v", code, h.Get("Retry-After"), r)
	}
	if code, r, _ := e.post("a", admin, good); code != http.StatusAccepted {
		t.Fatalf("a known source after the limit: HTTP %d %+v", code, r)
	}
	if code, r, _ := e.post("c", other, good); code != http.StatusAccepted { // another token's allowance
		t.Fatalf("source c with its own token: HTTP %d %+v", code, r)
	}
	topics := 0
	for _, src := range []string{"a", "b", "c"} {
		if len(testenv.ReadAll(t, e.cfg, e.cfg.Topics.Raw(src))) > 0 {
			topics++
		}
	}
	if topics != 3 {
		t.Fatalf("%d raw topics hold records, want 3", topics)
	}
}

// TestFailedAuthenticationsLimited: past INGEST_AUTH_FAILURES_PER_MINUTE
// failures from one address, its requests get 429 with Retry-After, even
// with the right token; other addresses are not affected.
func TestFailedAuthenticationsLimited(t *testing.T) {
	const tok = "mixesdb-secret-0123456789"
	e := start(t, func(s *ingest.Settings) {
		s.Tokens = map[string]string{"mixesdb": tok}
		s.AuthFailuresPerMin = 3
	})
	for i := range 3 {
		if code, r, _ := e.post("mixesdb", fmt.Sprintf("guess-%d-0123456789abcdef", i), good); code != http.StatusUnauthorized {
			t.Fatalf("guess %d: HTTP %d %+v", i, code, r)
		}
	}
	code, r, h := e.post("mixesdb", tok, good)
	if code != http.StatusTooManyRequests || h.Get("Retry-After") == "" || !strings.Contains(r.Error, "INGEST_AUTH_FAILURES_PER_MINUTE") {
		t.Fatalf("after 3 failures: HTTP %d Retry-After %q %+v", code, h.Get("Retry-After"), r)
	}
	req := httptest.NewRequest("POST", "/v1/sources/mixesdb/playlists", strings.NewReader(good))
	req.RemoteAddr = "192.0.2.10:5555"
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	e.a.Mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("another address: HTTP %d %s", rec.Code, rec.Body)
	}
	if n := testenv.Metric(t, e.a.Metrics, "songnodes_ingest_refused_requests_total", "source", "unknown", "reason", "auth_limited"); n != 1 {
		t.Fatalf("refused{reason=auth_limited} = %v, want 1", n)
	}
}

// TestRefusedAsBronzeWould: a playlist bronze would dead-letter
// (scraped_at in 2030) gets 422 naming the field, and nothing is
// written; with a malformed one beside it, 400.
func TestRefusedAsBronzeWould(t *testing.T) {
	e := start(t, nil)
	future := strings.Replace(good, "2026-11-29T04:00:00Z", "2030-01-01T00:00:00Z", 1)
	code, r, _ := e.post("mixesdb", "", future)
	if code != http.StatusUnprocessableEntity || r.Rejected != 1 || !strings.Contains(r.Items[0].Error, "scraped_at 2030-01-01T00:00:00Z is in the future") {
		t.Fatalf("HTTP %d %+v", code, r)
	}
	code, r, _ = e.post("mixesdb", "", future+"\n"+`{"name": 5}`)
	if code != http.StatusBadRequest || r.Rejected != 2 {
		t.Fatalf("with a malformed one: HTTP %d %+v", code, r)
	}
	// Within the allowance for clocks (ScrapedAtAhead), it is taken.
	soon := strings.Replace(good, "2026-11-29T04:00:00Z", time.Now().Add(50*time.Minute).UTC().Format(time.RFC3339), 1)
	if code, r, _ := e.post("mixesdb", "", soon); code != http.StatusAccepted {
		t.Fatalf("scraped_at 50 minutes ahead: HTTP %d %+v", code, r)
	}
	if n := len(testenv.ReadAll(t, e.cfg, e.cfg.Topics.Raw("mixesdb"))); n != 1 {
		t.Fatalf("%d records in the raw topic, want 1", n)
	}
}

// TestStrictJSON: a field given twice and a lone surrogate escape are
// refused (400), naming the field; a surrogate pair is a character.
func TestStrictJSON(t *testing.T) {
	e := start(t, nil)
	body := strings.Replace(good, `"name":`, `"name":"first","name":`, 1) + "\n" +
		strings.Replace(good, `"name":"2021`, `"name":"\ud800 2021`, 1) + "\n" +
		strings.Replace(good, `"raw_line":"[00]`, `"Raw_Line":"x","raw_line":"[00]`, 1) + "\n" +
		strings.Replace(good, `"Benny Benassi"]`, `"Benny Benassi","\udfff"]`, 1) + "\n" +
		strings.Replace(good, `"name":"2021`, `"name":"\ud83c\udfb5 2021`, 1) + "\n"
	code, r, _ := e.post("mixesdb", "", body)
	if code != http.StatusMultiStatus || r.Accepted != 1 || r.Rejected != 4 {
		t.Fatalf("HTTP %d %+v", code, r)
	}
	for i, want := range []string{
		"line 1: field name appears twice",
		`line 2: field name: \ud800 is a lone UTF-16 surrogate escape`,
		`line 3: field tracks[0].raw_line appears twice (as "Raw_Line" and "raw_line"`,
		`line 4: field dj_names[1]: \udfff is a lone UTF-16 surrogate escape`,
	} {
		if !strings.HasPrefix(r.Items[i].Error, want) {
			t.Errorf("item %d: %q, want %q", i, r.Items[i].Error, want)
		}
	}
	code, r, _ = e.post("mixesdb", "", strings.Replace(good, `"name":`, `"name":"first","name":`, 1))
	if code != http.StatusBadRequest {
		t.Fatalf("only a field twice: HTTP %d %+v", code, r)
	}
}

// TestBoundSettings: the bounds are read from the environment, and a bad
// value stops the binary naming the setting.
func TestBoundSettings(t *testing.T) {
	env := config.FromMap(map[string]string{
		"INGEST_MAX_BUFFERED_BYTES": "134217728", "INGEST_BUFFER_WAIT": "500ms", "INGEST_BODY_TIMEOUT": "30s",
		"INGEST_MAX_CONNECTIONS": "300", "INGEST_NEW_SOURCES_PER_HOUR": "5", "INGEST_AUTH_FAILURES_PER_MINUTE": "12",
	})
	s := ingest.LoadSettings(env)
	testenv.Must(t, env.Err(), "settings")
	if s.MaxBufferedBytes != 128<<20 || s.BufferWait != 500*time.Millisecond || s.BodyTimeout != 30*time.Second ||
		s.MaxConnections != 300 || s.NewSourcesPerHour != 5 || s.AuthFailuresPerMin != 12 {
		t.Fatalf("settings %+v", s)
	}
	d := ingest.LoadSettings(config.FromMap(nil))
	if d.MaxBufferedBytes != 64<<20 || d.BodyTimeout != time.Minute || d.MaxConnections != 1024 {
		t.Fatalf("defaults %+v", d)
	}
	for _, c := range []struct{ name, value string }{
		{"INGEST_MAX_BUFFERED_BYTES", "1048576"}, // less than INGEST_MAX_BODY_BYTES (32 MiB)
		{"INGEST_MAX_BUFFERED_BYTES", "lots"},
		{"INGEST_BUFFER_WAIT", "0s"},
		{"INGEST_BODY_TIMEOUT", "0s"},
		{"INGEST_MAX_CONNECTIONS", "0"},
		{"INGEST_NEW_SOURCES_PER_HOUR", "-1"},
		{"INGEST_AUTH_FAILURES_PER_MINUTE", "none"},
	} {
		env := config.FromMap(map[string]string{c.name: c.value})
		ingest.LoadSettings(env)
		if err := env.Err(); err == nil || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s=%s: %v, want an error naming it", c.name, c.value, err)
		}
	}
}
