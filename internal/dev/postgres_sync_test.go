package dev

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The private PostgreSQL runs with synchronous_commit on, which the
// stages' start-up check wants; one left running with it off (by an
// earlier songnodes) is restarted with it on, its data kept.
func TestPrivatePostgresSynchronousCommit(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	const port = 15497

	pg, url, err := startPostgres(ctx, dir, port, log)
	if err != nil {
		t.Fatal(err)
	}
	if v := show(t, ctx, url); v != "on" {
		t.Errorf("synchronous_commit = %s, want on", v)
	}
	execSQL(t, ctx, url, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)")
	pg.stop(t.Context())

	// As an older songnodes started it.
	old := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off", port)
	if err := pg.run(ctx, "pg_ctl", "-D", pg.dir, "-l", filepath.Join(pg.dir, "server.log"), "-o", old, "-w", "-t", "60", "start"); err != nil {
		t.Fatal(err)
	}
	if v := show(t, ctx, url); v != "off" {
		t.Fatalf("the old options: synchronous_commit = %s", v)
	}
	pg, url, err = startPostgres(ctx, dir, port, log)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.stop(t.Context())
	if v := show(t, ctx, url); v != "on" {
		t.Errorf("after startPostgres on a cluster running with it off: synchronous_commit = %s, want on", v)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v int
	if err := conn.QueryRow(ctx, "SELECT v FROM kept").Scan(&v); err != nil || v != 7 {
		t.Errorf("the data after the restart: %d, %v", v, err)
	}
}

func show(t *testing.T, ctx context.Context, url string) string {
	t.Helper()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, "SHOW synchronous_commit").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
