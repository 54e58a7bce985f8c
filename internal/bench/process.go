package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/gold"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/postgres"
)

// scratchDB creates a database for one run and returns its URL and a
// function that drops it.
func scratchDB(ctx context.Context, base string) (string, func(), error) {
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", nil, fmt.Errorf("PostgreSQL at %s: %w", postgres.Redact(base), err)
	}
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	name := "songnodes_bench_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close(ctx)
		return "", nil, err
	}
	admin.Close(ctx)
	u, _ := url.Parse(base)
	u.Path = "/" + name
	drop := func() {
		ctx := context.WithoutCancel(ctx) // runs after the run's context ended
		c, err := pgx.Connect(ctx, base)
		if err == nil {
			_, _ = c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			_ = c.Close(ctx)
		}
	}
	return u.String(), drop, nil
}

// scratchPool creates a database for one run, migrated, and returns a pool
// on it and a function that closes the pool and drops the database.
func (e *env) scratchPool(ctx context.Context) (*pgxpool.Pool, func(), error) {
	url, drop, err := scratchDB(ctx, e.o.DatabaseURL)
	if err != nil {
		return nil, nil, err
	}
	pool, err := postgres.Open(ctx, url)
	if err != nil {
		drop()
		return nil, nil, err
	}
	if _, err := postgres.Migrate(ctx, pool); err != nil {
		pool.Close()
		drop()
		return nil, nil, err
	}
	return pool, func() { pool.Close(); drop() }, nil
}

// pgLimits are PostgreSQL's own limits for the stages' writes, in rows
// per second, measured on the backlog's track lines in batches like the
// stages' (one transaction each).
type pgLimits struct {
	copy      float64 // COPY into bronze_tracks, which bronze writes that way
	upsert    float64 // COPY into a staging table, merged into an empty table
	conflicts float64 // the same over the same keys: every row conflicts
}

// trackColumns are bronze_tracks' columns, in the order of trackRows'.
var trackColumns = []string{"source_topic", "source_partition", "source_offset", "position", "raw_line",
	"artist", "title", "label", "catalog", "bpm", "key", "genre", "cue"}

// pgLimitsBatch is about the tracks of one 2000-playlist batch.
const pgLimitsBatch = 40000

// warmRows are the rows each PostgreSQL limit writes, unmeasured, before
// it is measured: enough for the connection, the plans and the server's
// buffers, without doubling the time the limits take.
const warmRows = 5 * pgLimitsBatch

// pgLimits measures the limits in a scratch database, each warmed up first
// on the first rows into throwaway tables.
func (e *env) pgLimits(ctx context.Context) (pgLimits, error) {
	pool, release, err := e.scratchPool(ctx)
	if err != nil {
		return pgLimits{}, err
	}
	defer release()
	rows := e.trackRows()
	for _, t := range []string{"warmup_copy", "warmup_upsert", "upsert_tracks"} {
		if _, err := pool.Exec(ctx, "CREATE TABLE "+t+" (LIKE bronze_tracks INCLUDING ALL)"); err != nil {
			return pgLimits{}, err
		}
	}
	warm := rows[:min(len(rows), warmRows)]
	for _, step := range []func() error{
		func() error { return copyRows(ctx, pool, "warmup_copy", warm) },
		func() error { return upsertRows(ctx, pool, "warmup_upsert", warm) },
		func() error { return upsertRows(ctx, pool, "warmup_upsert", warm) },
	} {
		if err := step(); err != nil {
			return pgLimits{}, fmt.Errorf("warm-up: %w", err)
		}
	}
	var l pgLimits
	for _, m := range []struct {
		rate *float64
		run  func() error
	}{
		{&l.copy, func() error { return copyRows(ctx, pool, "bronze_tracks", rows) }},
		{&l.upsert, func() error { return upsertRows(ctx, pool, "upsert_tracks", rows) }},
		{&l.conflicts, func() error { return upsertRows(ctx, pool, "upsert_tracks", rows) }},
	} {
		start := time.Now()
		if err := m.run(); err != nil {
			return pgLimits{}, err
		}
		*m.rate = float64(len(rows)) / time.Since(start).Seconds()
	}
	return l, nil
}

// trackRows are the backlog's track lines as bronze_tracks rows. They are
// made here and dropped after, rather than kept from the preload: a
// million rows of boxed values would be scanned by every garbage
// collection of every other measurement.
func (e *env) trackRows() [][]any {
	topic := e.kcfg.Topics.Raw("mixesdb")
	rows := make([][]any, 0, e.backlog.tracks)
	g := gen.New(backlogGen)
	for i := range e.backlog.playlists {
		for _, t := range g.Next().Playlist.Tracks {
			rows = append(rows, []any{topic, int32(0), int64(i), int32(t.Position), t.RawLine,
				t.Artist, t.Title, t.Label, t.Catalog, t.Bpm, t.Key, t.Genre, t.Cue})
		}
	}
	return rows
}

// inBatches calls write on each batch of rows in a transaction of its own.
func inBatches(ctx context.Context, pool *pgxpool.Pool, rows [][]any, write func(pgx.Tx, [][]any) error) error {
	for i := 0; i < len(rows); i += pgLimitsBatch {
		j := min(i+pgLimitsBatch, len(rows))
		if err := postgres.Tx(ctx, pool, time.Minute, func(tx pgx.Tx) error { return write(tx, rows[i:j]) }); err != nil {
			return err
		}
	}
	return nil
}

// copyRows writes rows into table with COPY.
func copyRows(ctx context.Context, pool *pgxpool.Pool, table string, rows [][]any) error {
	return inBatches(ctx, pool, rows, func(tx pgx.Tx, b [][]any) error {
		_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, trackColumns, pgx.CopyFromRows(b))
		return err
	})
}

// upsertRows writes rows into table the way a stage upserts many rows at
// once: COPY into a temporary table without indexes, then one INSERT ...
// SELECT ... ON CONFLICT DO UPDATE of every column but the key.
func upsertRows(ctx context.Context, pool *pgxpool.Pool, table string, rows [][]any) error {
	key := trackColumns[:4] // bronze_tracks' primary key
	var set []string
	for _, c := range trackColumns[len(key):] {
		set = append(set, c+" = EXCLUDED."+c)
	}
	cols := strings.Join(trackColumns, ", ")
	merge := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM staging ON CONFLICT (%s) DO UPDATE SET %s",
		table, cols, cols, strings.Join(key, ", "), strings.Join(set, ", "))
	return inBatches(ctx, pool, rows, func(tx pgx.Tx, b [][]any) error {
		if _, err := tx.Exec(ctx, "CREATE TEMPORARY TABLE staging (LIKE bronze_tracks) ON COMMIT DROP"); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"staging"}, trackColumns, pgx.CopyFromRows(b)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, merge)
		return err
	})
}

type processResult struct {
	peakRSS      int64
	tracksPerSec float64
}

// bronzeProcess runs the bronze binary on the backlog (its group moved back
// to the start) and reads its peak resident memory from the kernel.
func (e *env) bronzeProcess(ctx context.Context) (processResult, error) {
	adm, err := e.kcfg.NewAdmin("bench", e.o.Log)
	if err != nil {
		return processResult{}, err
	}
	defer adm.Close()
	if err := ops.Replay(ctx, adm, e.kcfg.Topics, "bronze", ops.ReplayTarget{Start: true}, false, io.Discard); err != nil {
		return processResult{}, err
	}
	return e.stageProcess(ctx, e.o.BronzeBin, func(m string) bool {
		return sumStage(m, "songnodes_stage_records_total", "bronze") >= float64(e.backlog.playlists)
	})
}

// goldProcess runs the gold binary on the silver topic (the backlog's
// playlists, once each), in its default group, new, until its pairs loop
// has taken everything its playlists loop told it, and reads its peak
// resident memory: both loops and the pairs loop's state.
func (e *env) goldProcess(ctx context.Context, bin string) (processResult, error) {
	return e.stageProcess(ctx, bin, func(m string) bool {
		return sumStage(m, "songnodes_stage_records_total", "gold") >= float64(e.backlog.playlists) &&
			sumStage(m, "songnodes_stage_records_total", gold.PairsName) >= sumStage(m, "songnodes_stage_output_records_total", "gold")
	})
}

// stageProcess runs a stage binary on the bench's cluster and a database
// of its own until done says its /metrics show it through, and reads its
// peak resident memory from the kernel.
func (e *env) stageProcess(ctx context.Context, bin string, done func(metrics string) bool) (processResult, error) {
	dbURL, drop, err := scratchDB(ctx, e.o.DatabaseURL)
	if err != nil {
		return processResult{}, err
	}
	defer drop()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return processResult{}, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(),
		"KAFKA_BROKERS="+e.kcfg.Brokers[0],
		"TOPIC_PREFIX="+e.kcfg.Topics.Prefix,
		"TOPIC_PARTITIONS=6", "TOPIC_REPLICATION=1",
		"SCHEMA_REGISTRY_URL="+e.regURL,
		"DATABASE_URL="+dbURL,
		"HTTP_ADDR="+addr,
		"TRANSACTIONAL_ID=bench-process",
		"LOG_LEVEL=warn",
	)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return processResult{}, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	for {
		if m, err := scrape("http://" + addr + "/metrics"); err == nil && done(m) {
			break
		}
		if time.Since(start) > 15*time.Minute {
			return processResult{}, fmt.Errorf("not done after 15 minutes")
		}
		time.Sleep(50 * time.Millisecond)
	}
	elapsed := time.Since(start)
	peak, err := procStatus(cmd.Process.Pid, "VmHWM")
	if err != nil {
		return processResult{}, err
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	return processResult{peakRSS: peak, tracksPerSec: float64(e.backlog.tracks) / elapsed.Seconds()}, nil
}
