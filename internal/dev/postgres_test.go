package dev

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The private cluster starts, keeps its data across a restart, and works
// where a user clones: t.TempDir is mode 0700, as root's home is, and the
// path has a space in it.
func TestPrivatePostgres(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	dir := filepath.Join(t.TempDir(), "a clone", "data")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	const port = 15499

	pg, url, err := startPostgres(ctx, dir, port, log)
	if err != nil {
		t.Fatal(err)
	}
	execSQL(t, ctx, url, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)")
	pg.stop(t.Context())

	pg, url, err = startPostgres(ctx, dir, port, log)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.stop(t.Context())
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v int
	if err := conn.QueryRow(ctx, "SELECT v FROM kept").Scan(&v); err != nil || v != 42 {
		t.Fatalf("after a restart: v = %d, %v; want 42", v, err)
	}
	// Files of root's cluster stay root's: make clean, or rm, removes them.
	fi, err := os.Stat(filepath.Join(dir, "postgres", "PG_VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	if uid := fi.Sys().(*syscall.Stat_t).Uid; uid != uint32(os.Geteuid()) && userNamespaces() {
		t.Errorf("PG_VERSION belongs to uid %d, want %d", uid, os.Geteuid())
	}
}

func execSQL(t *testing.T, ctx context.Context, url, sql string) {
	t.Helper()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
}
