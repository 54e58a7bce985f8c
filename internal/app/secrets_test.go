package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/sr/srfake"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/bronze"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/testenv"
)

const playlist = `{"source_url":"https://www.mixesdb.com/w/2021-04-03_-_X_-_Y","name":"2021-04-03 - X - Y","dj_names":["X"],"played_on":"2021-04-03","scraped_at":"2026-11-29T04:00:00Z","parser_version":"test/1","tracks":[{"position":1,"raw_line":"Deadmau5 - Strobe"}]}`

// syncBuffer collects a component's log lines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestNoSecretInOutput runs ingest and bronze in-process with secrets that
// are unique random strings (a SASL password, a PostgreSQL password, a
// registry token, ingest tokens), logging at debug level (franz-go's
// logs too). They work, then fail: a wrong SASL password, an unreachable
// database, a registry refusing the token, requests with wrong tokens.
// Every log line, every error, every /metrics and /readyz body is then
// searched for the secrets: none may appear.
func TestNoSecretInOutput(t *testing.T) {
	secret := func(what string) string {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		return what + hex.EncodeToString(b)
	}
	saslPass, dbPass, regToken := secret("saslpw"), secret("dbpw"), secret("regtok")
	ingestToken, otherToken, wrongToken := secret("ingesttok"), secret("othertok"), secret("wrongtok")
	wrongSASL := secret("wrongsasl")
	secrets := []string{saslPass, dbPass, regToken, ingestToken, otherToken, wrongToken, wrongSASL}

	_, kcfg := testenv.Kafka(t, 1, kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-512", "songnodes", saslPass))
	fake := srfake.NewRegistry()
	regSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+regToken {
			http.Error(w, `{"error_code":401,"message":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		fake.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(regSrv.Close)
	dbURL, err := url.Parse(testenv.Postgres(t))
	testenv.Must(t, err, "database URL")
	dbURL.User = url.UserPassword(dbURL.User.Username(), dbPass) // the test server trusts: any password works
	deadDB := *dbURL
	deadDB.Host = fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t))

	base := map[string]string{
		"KAFKA_BROKERS":                kcfg.Brokers[0],
		"TOPIC_PREFIX":                 kcfg.Topics.Prefix,
		"TOPIC_PARTITIONS":             "1",
		"TOPIC_REPLICATION":            "1",
		"KAFKA_SASL_MECHANISM":         "SCRAM-SHA-512",
		"KAFKA_SASL_USERNAME":          "songnodes",
		"KAFKA_SASL_PASSWORD":          saslPass,
		"KAFKA_LOG_LEVEL":              "debug",
		"SCHEMA_REGISTRY_URL":          regSrv.URL,
		"SCHEMA_REGISTRY_BEARER_TOKEN": regToken,
		"DATABASE_URL":                 dbURL.String(),
		"INGEST_TOKENS":                "mixesdb=" + ingestToken + ",setlistfm+beatport=" + otherToken,
		"TRANSACTIONAL_ID":             "secrets-test-bronze",
	}
	with := func(over map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range over {
			m[k] = v
		}
		return m
	}

	var logs syncBuffer
	var outputs []string // errors, HTTP bodies
	log := app.NewLogger(&logs, "debug")
	get := func(a *app.App, method, path, token, body string) (int, string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.RemoteAddr = "192.0.2.1:4000" // not loopback
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		a.Mux.ServeHTTP(rec, req)
		outputs = append(outputs, rec.Body.String(), fmt.Sprint(rec.Result().Header))
		return rec.Code, rec.Body.String()
	}
	// run starts the component load reads from env and returns its App
	// and a stop function that returns what Serve returned.
	run := func(name string, load app.LoadFunc, env map[string]string) (*app.App, func() error) {
		e := config.FromMap(env)
		comp, err := load(e)
		testenv.Must(t, err, "load %s", name)
		testenv.Must(t, e.Err(), "settings of %s", name)
		a := app.New(name, log.With("component", name))
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- app.Serve(ctx, a, "127.0.0.1:0", comp) }()
		return a, func() error {
			cancel()
			select {
			case err := <-done:
				return err
			case <-time.After(30 * time.Second):
				t.Fatalf("%s did not stop", name)
				return nil
			}
		}
	}

	// Working: ingest takes a playlist, bronze stores it.
	ing, stopIngest := run("ingest", ingest.Load, base)
	testenv.Eventually(t, 30*time.Second, "ingest accepts a playlist", func() bool {
		code, _ := get(ing, "POST", "/v1/sources/mixesdb/playlists", ingestToken, playlist)
		return code == http.StatusAccepted
	})
	if code, _ := get(ing, "POST", "/v1/sources/mixesdb/playlists", wrongToken, playlist); code != http.StatusUnauthorized {
		t.Errorf("a wrong token: HTTP %d, want 401", code)
	}
	if code, body := get(ing, "POST", "/v1/sources/mixesdb/playlists", otherToken, playlist); code != http.StatusForbidden {
		t.Errorf("another source's token: HTTP %d %s, want 403", code, body)
	}
	br, stopBronze := run("bronze", bronze.Spec.Load, base)
	pool := testenv.Pool(t, strings.Replace(dbURL.String(), dbPass, "x", 1))
	testenv.Eventually(t, 60*time.Second, "bronze stores the playlist", func() bool {
		var n int
		_ = pool.QueryRow(t.Context(), "SELECT count(*) FROM bronze_playlists").Scan(&n)
		return n > 0
	})
	for _, a := range []*app.App{ing, br} {
		get(a, "GET", "/metrics", "", "")
		get(a, "GET", "/readyz", "", "")
	}
	outputs = append(outputs, fmt.Sprint(stopBronze()), fmt.Sprint(stopIngest()))

	// Failing: a wrong SASL password stops ingest at start, promptly, with
	// an error naming the settings.
	e := config.FromMap(with(map[string]string{"KAFKA_SASL_PASSWORD": wrongSASL}))
	comp, err := ingest.Load(e)
	testenv.Must(t, err, "load ingest")
	ing = app.New("ingest", log.With("component", "ingest"))
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	start := time.Now()
	ingErr := app.Serve(ctx, ing, "127.0.0.1:0", comp)
	cancel()
	if took := time.Since(start); ingErr == nil || took > 20*time.Second || !strings.Contains(ingErr.Error(), "KAFKA_SASL_PASSWORD") {
		t.Errorf("ingest with a wrong SASL password: %v after %v; want an error naming KAFKA_SASL_PASSWORD at once", ingErr, took)
	}
	// Failing: bronze with an unreachable database and a registry that
	// refuses its token retries, logging why, unready.
	br, stopBronze = run("bronze", bronze.Spec.Load, with(map[string]string{
		"DATABASE_URL": deadDB.String(), "SCHEMA_REGISTRY_BEARER_TOKEN": wrongToken, "TRANSACTIONAL_ID": "secrets-test-bronze-2",
	}))
	testenv.Eventually(t, 30*time.Second, "bronze logs a failed connection", func() bool {
		return strings.Contains(logs.String(), "connect to PostgreSQL failed")
	})
	for _, a := range []*app.App{ing, br} {
		get(a, "GET", "/metrics", "", "")
		get(a, "GET", "/readyz", "", "")
	}
	outputs = append(outputs, fmt.Sprint(ingErr), fmt.Sprint(stopBronze()))

	all := logs.String() + "\n" + strings.Join(outputs, "\n")
	if !strings.Contains(all, `"level":"DEBUG"`) {
		t.Errorf("no debug line was logged: the test would not see a secret logged at debug level")
	}
	for _, s := range secrets {
		if i := strings.Index(all, s); i >= 0 {
			t.Errorf("secret %s appears in the output: ...%s...", s[:6], all[max(0, i-200):min(len(all), i+len(s)+50)])
		}
	}
}
