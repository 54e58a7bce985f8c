package dev

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/songnodes/pipeline/ingestclient"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/testenv"
)

// syncBuffer is a buffer the stack's goroutines may log to at once.
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

// The dev stack on a PostgreSQL and a Redis whose URLs carry passwords:
// dev.env holds them (that is what it is for; quoted for the shell) and
// is its owner's alone (0600), though an earlier one was world-readable;
// the welcome on stdout and the log, at debug level, until the stack is
// ready and has taken playlists down to silver, show the URLs with the
// password masked, and never the password.
func TestDevKeepsSecrets(t *testing.T) {
	pgSecret, redisSecret := "pg-"+randomHex(t), "redis-"+randomHex(t)
	u, err := url.Parse(testenv.Postgres(t))
	testenv.Must(t, err, "database URL")
	if p, ok := u.User.Password(); ok {
		pgSecret = p // a server that checks passwords: the test's own
	} else {
		u.User = url.UserPassword(u.User.Username(), pgSecret) // a trusting server ignores it
	}
	dbURL := u.String()
	redisURL := redisWithPassword(t, redisSecret)

	dir := t.TempDir()
	envFile := filepath.Join(dir, "dev.env")
	testenv.Must(t, os.WriteFile(envFile, []byte("export OLD=1\n"), 0o644), "old dev.env") //nolint:gosec // as a run of an earlier version left it
	testenv.Must(t, os.Chmod(envFile, 0o644), "chmod")

	o := Options{
		KafkaAddr:    fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t)),
		RegistryAddr: fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t)),
		HTTPAddr:     fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t)),
		DataDir:      dir,
		Partitions:   1,
		PostgresPort: testenv.FreePort(t),
		RedisPort:    testenv.FreePort(t),
		DatabaseURL:  dbURL,
		RedisURL:     redisURL,
	}
	var stdout, logs syncBuffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o, log, &stdout) }()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			testenv.Must(t, <-done, "the dev stack")
		}
	}
	defer stop()
	testenv.Eventually(t, 2*time.Minute, "the dev stack to be ready", func() bool {
		resp, err := http.Get("http://" + o.HTTPAddr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	// Work that goes through both: playlists down to silver, whose
	// cache is the Redis.
	g := gen.New(gen.Config{Source: "mixesdb", Seed: 5, Now: time.Now().Add(-time.Hour)})
	var bodies [][]byte
	for range 20 {
		bodies = append(bodies, g.Next().JSON)
	}
	client, err := ingestclient.New("http://" + o.HTTPAddr)
	testenv.Must(t, err, "ingest client")
	res, err := client.PostRaw(ctx, "mixesdb", bodies)
	testenv.Must(t, err, "post")
	if res.Accepted != len(bodies) {
		t.Fatalf("ingest accepted %d of %d", res.Accepted, len(bodies))
	}
	db := testenv.Pool(t, dbURL)
	testenv.Eventually(t, 2*time.Minute, "the playlists in silver", func() bool {
		var n int
		return db.QueryRow(ctx, "SELECT count(*) FROM silver_playlists").Scan(&n) == nil && n == len(bodies)
	})
	stop()

	fi, err := os.Stat(envFile)
	testenv.Must(t, err, "dev.env")
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("dev.env has mode %v, want 0600", fi.Mode().Perm())
	}
	env, err := os.ReadFile(envFile) //nolint:gosec // the test's
	testenv.Must(t, err, "dev.env")
	for _, line := range []string{"export DATABASE_URL='" + dbURL + "'", "export REDIS_URL='" + redisURL + "'", "export INGEST_URL=http://" + o.HTTPAddr} {
		if !strings.Contains(string(env), line+"\n") {
			t.Errorf("dev.env has no line %q:\n%s", line, env)
		}
	}
	// It is sourced as is by scripts/run.sh: the shell reads back the URLs.
	sh := exec.CommandContext(t.Context(), "sh", "-c", `. "$1" && printf '%s\n%s\n' "$DATABASE_URL" "$REDIS_URL"`, "sh", envFile) //nolint:gosec // the test's file
	got, err := sh.Output()
	testenv.Must(t, err, "source dev.env")
	if string(got) != dbURL+"\n"+redisURL+"\n" {
		t.Errorf("sourcing dev.env gives %q, want %q", got, dbURL+"\n"+redisURL+"\n")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".dev.env-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	out, logged := stdout.String(), logs.String()
	for what, text := range map[string]string{"stdout": out, "the log": logged} {
		for _, secret := range []string{pgSecret, redisSecret} {
			if strings.Contains(text, secret) {
				t.Errorf("%s shows a password (%s):\n%s", what, secret, text)
			}
		}
	}
	for _, shown := range []string{"PostgreSQL     postgres://" + u.User.Username() + ":xxxxx@" + u.Host, "Redis          redis://:xxxxx@"} {
		if !strings.Contains(out, shown) {
			t.Errorf("stdout does not show %q:\n%s", shown, out)
		}
	}
	if strings.Contains(logged, "instead") {
		t.Errorf("the stack did not use the URLs it was given:\n%s", logged)
	}
}

// An address without a host stops the dev stack before it starts
// anything.
func TestDevRefusesEmptyHost(t *testing.T) {
	dir := t.TempDir()
	o := Options{KafkaAddr: "127.0.0.1:1", RegistryAddr: "127.0.0.1:2", HTTPAddr: ":8080", DataDir: dir}
	err := Run(t.Context(), o, slog.New(slog.DiscardHandler), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `--http-addr: ":8080" has no host`) {
		t.Fatalf("Run with --http-addr :8080: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) > 0 {
		t.Errorf("the refused run left %v", ents)
	}
}

func randomHex(t *testing.T) string {
	b := make([]byte, 8)
	_, err := rand.Read(b)
	testenv.Must(t, err, "random")
	return hex.EncodeToString(b)
}

// redisWithPassword starts a redis-server of the test's own that wants
// password, and returns its URL.
func redisWithPassword(t *testing.T, password string) string {
	port := testenv.FreePort(t)
	cmd, _, release, err := redisCommand(t.TempDir(), port, "--requirepass", password)
	testenv.Must(t, err, "redis-server")
	err = cmd.Start()
	release()
	testenv.Must(t, err, "start redis-server")
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	u := fmt.Sprintf("redis://:%s@127.0.0.1:%d/0", password, port)
	testenv.Eventually(t, 10*time.Second, "redis-server to answer", func() bool { return pingRedis(t.Context(), u) == nil })
	return u
}
