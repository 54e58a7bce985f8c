package postgres_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/testenv"
)

// A PostgreSQL that stops answering in the middle of a transaction (at
// BEGIN, inside a COPY, at COMMIT) fails the transaction once its
// client-side deadline passes, with an error that names PostgreSQL and
// DATABASE_TIMEOUT; statement_timeout alone would wait forever, since a
// hung server never says it cancelled anything.
func TestTxDeadlineOnHungServer(t *testing.T) {
	direct := testenv.Postgres(t)
	setup := testenv.Pool(t, direct)
	_, err := setup.Exec(t.Context(), "CREATE TABLE hang_copy (n int)")
	testenv.Must(t, err, "create table")

	cases := []struct {
		name string
		fn   func(hang func()) func(context.Context, pgx.Tx) error
	}{
		{"at BEGIN", nil},
		{"inside COPY", func(hang func()) func(context.Context, pgx.Tx) error {
			return func(ctx context.Context, tx pgx.Tx) error {
				hang()
				_, err := tx.CopyFrom(ctx, pgx.Identifier{"hang_copy"}, []string{"n"}, pgx.CopyFromRows([][]any{{1}, {2}}))
				return err
			}
		}},
		{"at COMMIT", func(hang func()) func(context.Context, pgx.Tx) error {
			return func(ctx context.Context, tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, "INSERT INTO hang_copy VALUES (3)"); err != nil {
					return err
				}
				hang()
				return nil
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Closed after the proxy (cleanups run last first), so
			// that closing it does not wait on the hung connections.
			var pool *pgxpool.Pool
			t.Cleanup(func() { pool.Close() })
			addr, hang := testenv.HangProxy(t, hostPort(t, direct))
			pool, err := postgres.Open(t.Context(), withHost(t, direct, addr))
			testenv.Must(t, err, "open")
			lim := postgres.Limits{Statement: time.Second, Deadline: 2 * time.Second}
			// The proxy passes the pool's connection through first.
			testenv.Must(t, postgres.TxWithin(t.Context(), pool, lim, func(ctx context.Context, tx pgx.Tx) error {
				_, err := tx.Exec(ctx, "SELECT 1")
				return err
			}), "a transaction before the hang")

			fn := func(context.Context, pgx.Tx) error { return nil }
			if tc.fn == nil {
				hang()
			} else {
				fn = tc.fn(hang)
			}
			done := make(chan error, 1)
			go func() { done <- postgres.TxWithin(t.Context(), pool, lim, fn) }()
			select {
			case err = <-done:
			case <-time.After(time.Minute): // far beyond the deadline: it hangs
				t.Fatal("the transaction is still waiting for the hung server a minute later")
			}
			if err == nil {
				t.Fatal("the transaction succeeded against a hung server")
			}
			t.Logf("error: %v", err)
			if !errors.Is(err, postgres.ErrTimeout) || !strings.Contains(err.Error(), "PostgreSQL") || !strings.Contains(err.Error(), "DATABASE_TIMEOUT") {
				t.Errorf("the error does not name PostgreSQL and DATABASE_TIMEOUT: %v", err)
			}
			if postgres.IsDataError(err) {
				t.Errorf("a hung server is taken for bad data (the batch would be split and rejected): %v", err)
			}
		})
	}
	// Nothing of the hung transactions was committed but what the
	// server may have committed before its answer was lost.
	var n int
	testenv.Must(t, setup.QueryRow(t.Context(), "SELECT count(*) FROM hang_copy WHERE n IN (1, 2)").Scan(&n), "count")
	if n != 0 {
		t.Errorf("the COPY cut off by the deadline left %d rows", n)
	}
}

// Opening a pool on a server that accepts the connection and never
// answers fails at its connect timeout, naming the database.
func TestOpenHungServer(t *testing.T) {
	u := withHost(t, "postgres://songnodes:secret-5d1@127.0.0.1:1/songnodes?sslmode=disable&connect_timeout=1", testenv.Hung(t))
	done := make(chan error, 1)
	go func() {
		pool, err := postgres.Open(t.Context(), u)
		if err == nil {
			pool.Close()
		}
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		t.Fatal("Open still waits for the hung server a minute later")
	}
	if err == nil || !strings.Contains(err.Error(), "database") {
		t.Fatalf("Open: %v; want an error naming the database", err)
	}
	if strings.Contains(err.Error(), "secret-5d1") {
		t.Errorf("the error shows the password: %v", err)
	}
}

func hostPort(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	testenv.Must(t, err, "parse URL")
	return u.Host
}

func withHost(t *testing.T, raw, addr string) string {
	u, err := url.Parse(raw)
	testenv.Must(t, err, "parse URL")
	u.Host = addr
	return u.String()
}
