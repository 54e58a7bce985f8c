package dev

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/testenv"
)

// TestPostgresTLS runs a private PostgreSQL with ssl=on and a certificate
// from a test CA, and connects as the stages do (postgres.Open) with
// sslmode=verify-full: with the CA it works over TLS; with another CA, or
// a CA file that is not there, it fails saying why.
func TestPostgresTLS(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	port := testenv.FreePort(t)

	pg, _, err := startPostgres(ctx, dir, port, log)
	if err != nil {
		t.Fatal(err)
	}
	pg.stop(t.Context())

	ca := testenv.NewCA(t, "pg-ca")
	other := testenv.NewCA(t, "other-ca")
	server := ca.Server(t, "pg") // for localhost and 127.0.0.1
	enableSSL(t, pg.dir, server)

	pg, _, err = startPostgres(ctx, dir, port, log)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.stop(context.WithoutCancel(ctx))

	url := func(host, rootCert string) string {
		return fmt.Sprintf("postgres://songnodes@%s:%d/songnodes?sslmode=verify-full&sslrootcert=%s", host, port, rootCert)
	}
	pool, err := postgres.Open(ctx, url("localhost", ca.File))
	if err != nil {
		t.Fatalf("verify-full with the CA: %v", err)
	}
	var ssl bool
	err = pool.QueryRow(ctx, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&ssl)
	pool.Close()
	if err != nil || !ssl {
		t.Fatalf("the connection is not over TLS: ssl=%v, %v", ssl, err)
	}

	for _, c := range []struct{ name, url, want string }{
		{"another CA", url("localhost", other.File), "certificate signed by unknown authority"},
		{"a CA file that does not exist", url("localhost", filepath.Join(t.TempDir(), "none.pem")), "sslrootcert"},
	} {
		p, err := postgres.Open(ctx, c.url)
		if err == nil {
			p.Close()
			t.Fatalf("%s: connected; want a refusal", c.name)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v; want it to say %q", c.name, err, c.want)
		}
	}
}

// enableSSL puts the server's certificate and key in the cluster's data
// directory, owned as PG_VERSION is (the key must be the server user's,
// mode 0600), and turns ssl on.
func enableSSL(t *testing.T, dataDir string, pair testenv.Pair) {
	t.Helper()
	fi, err := os.Stat(filepath.Join(dataDir, "PG_VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	for src, dst := range map[string]string{pair.CertFile: "server.crt", pair.KeyFile: "server.key"} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dataDir, dst)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(p, int(st.Uid), int(st.Gid)); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.OpenFile(filepath.Join(dataDir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"); err != nil {
		t.Fatal(err)
	}
}
