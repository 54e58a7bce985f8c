package ingest_test

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

const good = `{"source_url":"https://www.mixesdb.com/w/2021-04-03_-_Benny_Benassi_-_Sputnik_Club","name":"2021-04-03 - Benny Benassi - Sputnik Club","dj_names":["Benny Benassi"],"played_on":"2021-04-03","scraped_at":"2026-11-29T04:00:00Z","parser_version":"test/1","tracks":[{"position":1,"raw_line":"[00] Deadmau5 - Strobe","bpm":128},{"position":2,"raw_line":"Eric Prydz - Opus (Four Tet Remix)"}]}`

type env struct {
	t       *testing.T
	url     string
	a       *app.App
	cfg     kafka.Config
	cluster *kfake.Cluster
	regURL  string
}

func start(t *testing.T, mod func(*ingest.Settings)) *env {
	t.Helper()
	return startOn(t, nil, mod)
}

// startOn starts ingest on a cluster made with kopts (SASL, TLS...).
func startOn(t *testing.T, kopts []kfake.Opt, mod func(*ingest.Settings)) *env {
	t.Helper()
	cluster, cfg := testenv.Kafka(t, 1, kopts...)
	_, regURL := testenv.Registry(t)
	s := ingest.Settings{
		Kafka: cfg, RegistryURL: regURL, Tokens: map[string]string{},
		MaxBodyBytes: 1 << 20, MaxRecordBytes: 64 << 10, RateLimit: 1000, RateBurst: 1000,
		ProduceTimeout: 3 * time.Second,
	}
	if mod != nil {
		mod(&s)
	}
	a := app.New("ingest", testenv.Logger(t))
	srv, err := ingest.NewServer(a, s)
	testenv.Must(t, err, "server")
	t.Cleanup(srv.Close)
	srv.Register(a)
	hs := httptest.NewServer(a.Mux)
	t.Cleanup(hs.Close)
	return &env{t: t, url: hs.URL, a: a, cfg: s.Kafka, cluster: cluster, regURL: regURL}
}

func (e *env) post(source, token, body string) (int, ingest.Response, http.Header) {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.url+"/v1/sources/"+source+"/playlists", strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	testenv.Must(e.t, err, "post")
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var r ingest.Response
	if err := json.Unmarshal(b, &r); err != nil {
		e.t.Fatalf("HTTP %d body %q: %v", resp.StatusCode, b, err)
	}
	return resp.StatusCode, r, resp.Header
}

func TestAcceptsOnePrettyPlaylist(t *testing.T) {
	e := start(t, nil)
	var pretty bytes.Buffer
	_ = json.Indent(&pretty, []byte(good), "", "  ")
	code, r, _ := e.post("mixesdb", "", pretty.String())
	if code != http.StatusAccepted || r.Accepted != 1 || r.Items[0].Status != "accepted" {
		t.Fatalf("HTTP %d %+v", code, r)
	}
	key := "mixesdb:https://mixesdb.com/w/2021-04-03_-_Benny_Benassi_-_Sputnik_Club"
	if r.Items[0].PlaylistKey != key {
		t.Fatalf("playlist_key %q, want %q", r.Items[0].PlaylistKey, key)
	}
	// The broker has it, keyed by playlist_key, framed with a schema ID
	// the registry serves.
	recs := testenv.ReadAll(t, e.cfg, e.cfg.Topics.Raw("mixesdb"))
	if len(recs) != 1 || string(recs[0].Key) != key {
		t.Fatalf("raw topic holds %d records", len(recs))
	}
	reg, _ := serde.NewRegistry(e.regURL)
	if _, err := reg.Client().SchemaByID(t.Context(), serde.SchemaID(recs[0].Value)); err != nil {
		t.Fatalf("schema of the record: %v", err)
	}
	if got := testenv.Metric(t, e.a.Metrics, "songnodes_ingest_playlists_total", "source", "mixesdb"); got != 1 {
		t.Fatalf("songnodes_ingest_playlists_total = %v", got)
	}
}

func TestItemResults(t *testing.T) {
	e := start(t, nil)
	body := good + "\n\n" +
		`{"source_url":"x","name":"bad url","scraped_at":"2026-11-29T04:00:00Z","parser_version":"1"}` + "\n" +
		`{"source_url":"https://a.b/c","name":"y","scraped_at":"2026-11-29T04:00:00Z","parser_version":"1","tracks":[{"position":1,"raw_line":"a"},{"position":"2","raw_line":"b"}]}` + "\n" +
		`{"source_url":"https://a.b/c","name":"y","scraped_at":"yesterday","parser_version":"1"}` + "\n" +
		`{"source_url":"https://a.b/c","name":"y","scraped_at":"2026-11-29T04:00:00Z","parser_version":"1","colour":"red"}` + "\n" +
		`{"source_url":"https://a.b/c","name":"caf` + "\xe9" + `","scraped_at":"2026-11-29T04:00:00Z","parser_version":"1"}` + "\n" +
		`{"source":"other","source_url":"https://a.b/c","name":"y","scraped_at":"2026-11-29T04:00:00Z","parser_version":"1"}` + "\n" +
		`{"source_url":"https://a.b/c","name":"y","scraped_at":"2026-11-29T04:00:00Z","parser_version":"1","tracks":[{"position":1,"raw_line":"a"},{"position":1,"raw_line":"b"}]}` + "\n" +
		`{"source_url": "https://a.b/c", "name": ` + "\n"
	code, r, _ := e.post("mixesdb", "", body)
	if code != http.StatusMultiStatus || r.Accepted != 1 || r.Rejected != 8 {
		t.Fatalf("HTTP %d accepted %d rejected %d: %+v", code, r.Accepted, r.Rejected, r.Items)
	}
	want := []struct {
		line int
		msg  string
	}{
		{1, ""},
		{3, `line 3: source_url "x": want an absolute http(s) URL`},
		{4, "line 4: field tracks[1].position: want an integer, got string"},
		{5, `line 5: field scraped_at: "yesterday" is not an RFC 3339 time`},
		{6, `line 6: unknown field "colour"`},
		{7, "line 7: not valid UTF-8 at byte"},
		{8, `line 8: field source: "other" does not match the source "mixesdb" in the URL`},
		{9, "line 9: tracks[1].position 1 appears twice"},
		{10, "line 10: malformed JSON"},
	}
	for i, w := range want {
		it := r.Items[i]
		if it.Line != w.line || !strings.HasPrefix(it.Error, w.msg) {
			t.Errorf("item %d: line %d error %q, want line %d error %q", i, it.Line, it.Error, w.line, w.msg)
		}
	}
	if got := testenv.Metric(t, e.a.Metrics, "songnodes_rejects_total", "source", "mixesdb", "stage", "ingest", "reason", "invalid"); got != 8 {
		t.Fatalf("rejects counted %v, want 8", got)
	}
}

func TestAllRejectedIs400(t *testing.T) {
	e := start(t, nil)
	code, r, _ := e.post("mixesdb", "", `{"name": 5}`)
	if code != http.StatusBadRequest || r.Rejected != 1 || !strings.Contains(r.Items[0].Error, "field name: want a string, got number") {
		t.Fatalf("HTTP %d %+v", code, r)
	}
	code, r, _ = e.post("Not A Source", "", good)
	if code != http.StatusNotFound && (code != http.StatusBadRequest || !strings.Contains(r.Error, "source")) {
		t.Fatalf("bad source: HTTP %d %+v", code, r)
	}
	code, r, _ = e.post("mixesdb", "", "  \n")
	if code != http.StatusBadRequest || !strings.Contains(r.Error, "empty body") {
		t.Fatalf("empty: HTTP %d %+v", code, r)
	}
}

func TestTokens(t *testing.T) {
	e := start(t, func(s *ingest.Settings) {
		s.Tokens = map[string]string{"mixesdb": "mixesdb-secret-0123456789", "*": "admin-secret-0123456789"}
	})
	for _, c := range []struct {
		source, token string
		code          int
	}{
		{"mixesdb", "", 401},
		{"mixesdb", "wrong-token-0123456789", 401},
		{"1001tracklists", "mixesdb-secret-0123456789", 403}, // another source's token
		{"mixesdb", "mixesdb-secret-0123456789", 202},
		{"1001tracklists", "admin-secret-0123456789", 202}, // the token for every source
	} {
		code, r, h := e.post(c.source, c.token, good)
		if code != c.code {
			t.Fatalf("%s with %q: HTTP %d %+v, want %d", c.source, c.token, code, r, c.code)
		}
		if code == 401 && h.Get("WWW-Authenticate") == "" {
			t.Fatalf("401 without WWW-Authenticate")
		}
		if code == 403 && !strings.Contains(r.Error, "source "+c.source) {
			t.Fatalf("403 does not name the source: %q", r.Error)
		}
	}
}

// TestScopedTokens: INGEST_TOKENS a+b=token limits a token to sources a
// and b; it posts for them and gets 403 naming any other source.
func TestScopedTokens(t *testing.T) {
	env := config.FromMap(map[string]string{
		"INGEST_TOKENS": "mixesdb+setlistfm=scraper-secret-0123456789, *=admin-secret-0123456789",
	})
	s := ingest.LoadSettings(env)
	testenv.Must(t, env.Err(), "settings")
	e := start(t, func(st *ingest.Settings) { st.Tokens = s.Tokens })
	for _, c := range []struct {
		source, token string
		code          int
	}{
		{"mixesdb", "scraper-secret-0123456789", 202},
		{"setlistfm", "scraper-secret-0123456789", 202},
		{"1001tracklists", "scraper-secret-0123456789", 403},
		{"1001tracklists", "admin-secret-0123456789", 202},
		{"1001tracklists", "unknown-secret-0123456789", 401},
	} {
		code, r, _ := e.post(c.source, c.token, good)
		if code != c.code {
			t.Fatalf("%s: HTTP %d %+v, want %d", c.source, code, r, c.code)
		}
		if code == 403 && !strings.Contains(r.Error, "source 1001tracklists") {
			t.Fatalf("403 does not name the source: %q", r.Error)
		}
	}
	n := testenv.Metric(t, e.a.Metrics, "songnodes_ingest_refused_requests_total", "source", "unknown", "reason", "forbidden")
	if n != 1 {
		t.Fatalf("refused{reason=forbidden} = %v, want 1", n)
	}
}

func TestTokenSettingErrors(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{"mixesdb+Bad Name=scraper-secret-0123456789", `"Bad Name" is not a valid source name`},
		{"mixesdb=scraper-secret-0123456789,mixesdb=other-secret-0123456789", "two tokens"},
		{"mixesdb+setlistfm=short", "shorter than 16"},
		{"=scraper-secret-0123456789", "want source=token"},
	} {
		env := config.FromMap(map[string]string{"INGEST_TOKENS": c.value})
		ingest.LoadSettings(env)
		err := env.Err()
		if err == nil || !strings.Contains(err.Error(), "INGEST_TOKENS") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("INGEST_TOKENS=%s: %v, want an error with %q", c.value, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret-0123456789") {
			t.Errorf("the error shows a token: %v", err)
		}
	}
}

func TestLoopbackOnlyWithoutTokens(t *testing.T) {
	e := start(t, nil)
	req := httptest.NewRequest("POST", "/v1/sources/mixesdb/playlists", strings.NewReader(good))
	req.RemoteAddr = "192.0.2.10:5555"
	rec := httptest.NewRecorder()
	e.a.Mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("non-loopback without tokens: HTTP %d", rec.Code)
	}
}

func TestTooLarge(t *testing.T) {
	e := start(t, func(s *ingest.Settings) { s.MaxBodyBytes = 2048 })
	code, r, _ := e.post("mixesdb", "", strings.Repeat(good+"\n", 10))
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(r.Error, "INGEST_MAX_BODY_BYTES") {
		t.Fatalf("HTTP %d %+v", code, r)
	}
	// One playlist larger than a record may be, in a body that is not.
	e = start(t, func(s *ingest.Settings) { s.MaxRecordBytes = 1024 })
	big := strings.Replace(good, `"name":"2021`, `"name":"`+strings.Repeat("x", 2000)+`2021`, 1)
	code, r, _ = e.post("mixesdb", "", big+"\n"+good)
	if code != http.StatusMultiStatus || !strings.Contains(r.Items[0].Error, "MAX_RECORD_BYTES") || r.Items[1].Status != "accepted" {
		t.Fatalf("HTTP %d %+v", code, r)
	}
}

func TestRateLimit(t *testing.T) {
	e := start(t, func(s *ingest.Settings) { s.RateLimit = 0.01; s.RateBurst = 3 })
	for _, body := range []string{good, good + "\n" + good} {
		if code, r, _ := e.post("mixesdb", "", body); code != http.StatusAccepted {
			t.Fatalf("within the burst: HTTP %d %+v", code, r)
		}
	}
	code, r, h := e.post("mixesdb", "", good)
	if code != http.StatusTooManyRequests || h.Get("Retry-After") == "" || !strings.Contains(r.Error, "rate limit") {
		t.Fatalf("second: HTTP %d %+v", code, r)
	}
	// More than the burst could never pass: 413, so that a client splits
	// it rather than waits.
	code, r, _ = e.post("mixesdb", "", strings.Repeat(good+"\n", 5))
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(r.Error, "burst") {
		t.Fatalf("over the burst: HTTP %d %+v", code, r)
	}
}

func TestKafkaDown(t *testing.T) {
	e := start(t, nil)
	if code, _, _ := e.post("mixesdb", "", good); code != http.StatusAccepted {
		t.Fatalf("HTTP %d before the broker stopped", code)
	}
	e.cluster.Close()
	code, r, h := e.post("mixesdb", "", good)
	if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || r.Accepted != 0 {
		t.Fatalf("HTTP %d %+v, want 503", code, r)
	}
}

// Ingest's producer on a cluster that wants SCRAM-SHA-512 over TLS with
// client certificates (a private CA): the playlist is stored, and a
// consumer with the same settings reads it back.
func TestProducesOverSASLAndTLS(t *testing.T) {
	ca := testenv.NewCA(t, "ingest-ca")
	server, client := ca.Server(t, "broker"), ca.Client(t, "ingest")
	tc := &tls.Config{Certificates: []tls.Certificate{server.TLS}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: ca.Pool, MinVersion: tls.VersionTLS12}
	e := startOn(t, []kfake.Opt{kfake.TLS(tc), kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-512", "ingest", "ingest-pass-3e8f")}, func(s *ingest.Settings) {
		k := &s.Kafka
		k.SASLMechanism, k.SASLUser, k.SASLPassword = "SCRAM-SHA-512", "ingest", "ingest-pass-3e8f"
		k.TLS, k.TLSCAFile, k.TLSCertFile, k.TLSKeyFile = true, ca.File, client.CertFile, client.KeyFile
	})
	code, r, _ := e.post("mixesdb", "", good)
	if code != http.StatusAccepted {
		t.Fatalf("HTTP %d %+v", code, r)
	}
	recs := testenv.ReadAtLeast(t, e.cfg, e.cfg.Topics.Raw("mixesdb"), 1)
	if len(recs) != 1 || string(recs[0].Key) != r.Items[0].PlaylistKey {
		t.Fatalf("raw topic holds %d records, want the playlist", len(recs))
	}
}
