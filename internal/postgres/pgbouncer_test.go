package postgres_test

import (
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/testenv"
)

// Migrations and COPY work through PgBouncer in transaction pooling, with
// replicas migrating at once.
func TestThroughPgBouncer(t *testing.T) {
	direct := testenv.EmptyPostgres(t)
	through := testenv.PgBouncer(t, direct, 3)
	ctx := t.Context()

	var wg sync.WaitGroup
	applied := make([][]int, 4)
	errs := make([]error, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pool, err := postgres.Open(ctx, through)
			if err != nil {
				errs[i] = err
				return
			}
			defer pool.Close()
			applied[i], errs[i] = postgres.Migrate(ctx, pool)
		}()
	}
	wg.Wait()
	migs, _ := postgres.Migrations()
	total := 0
	for i := range 4 {
		if errs[i] != nil {
			t.Fatalf("replica %d: %v", i, errs[i])
		}
		total += len(applied[i])
	}
	if total != len(migs) {
		t.Fatalf("%d migrations applied in all, want each of the %d once", total, len(migs))
	}

	pool := testenv.Pool(t, through)
	// A statement timeout per transaction, a COPY, and parameters, many
	// times over the few server connections the pooler shares.
	for i := range 20 {
		err := postgres.Tx(ctx, pool, 5*time.Second, func(tx pgx.Tx) error {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"bronze_tracks"},
				[]string{"source_topic", "source_partition", "source_offset", "position", "raw_line"},
				pgx.CopyFromRows([][]any{{"t", int32(0), int64(i), int32(1), "'; DROP TABLE x; --"}})); err != nil {
				return err
			}
			var n int
			return tx.QueryRow(ctx, "SELECT count(*) FROM bronze_tracks WHERE source_offset <= $1", int64(i)).Scan(&n)
		})
		if err != nil {
			t.Fatalf("transaction %d through pgbouncer: %v", i, err)
		}
	}
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM bronze_tracks WHERE raw_line = $1", "'; DROP TABLE x; --").Scan(&n); err != nil || n != 20 {
		t.Fatalf("rows: %d, %v", n, err)
	}
}
