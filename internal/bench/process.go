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
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/songnodes/pipeline/internal/gen"
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

// copyBaseline is PostgreSQL's own limit for bronze's heaviest write: COPY
// of the backlog's track lines into bronze_tracks, in batches like the
// stage's, in tracks (rows) per second.
func (e *env) copyBaseline(ctx context.Context) (float64, error) {
	pool, release, err := e.scratchPool(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
	cols := []string{"source_topic", "source_partition", "source_offset", "position", "raw_line",
		"artist", "title", "label", "catalog", "bpm", "key", "genre", "cue"}
	// The rows are made here and dropped after, rather than kept from
	// the preload: a million rows of boxed values would be scanned by
	// every garbage collection of every other measurement.
	topic := e.kcfg.Topics.Raw("mixesdb")
	rows := make([][]any, 0, e.backlog.tracks)
	g := gen.New(backlogGen)
	for i := range e.backlog.playlists {
		for _, t := range g.Next().Playlist.Tracks {
			rows = append(rows, []any{topic, int32(0), int64(i), int32(t.Position), t.RawLine,
				t.Artist, t.Title, t.Label, t.Catalog, t.Bpm, t.Key, t.Genre, t.Cue})
		}
	}
	start := time.Now()
	const batch = 40000 // about the tracks of one 2000-playlist batch
	for i := 0; i < len(rows); i += batch {
		j := min(i+batch, len(rows))
		err := postgres.Tx(ctx, pool, time.Minute, func(tx pgx.Tx) error {
			_, err := tx.CopyFrom(ctx, pgx.Identifier{"bronze_tracks"}, cols, pgx.CopyFromRows(rows[i:j]))
			return err
		})
		if err != nil {
			return 0, err
		}
	}
	return float64(len(rows)) / time.Since(start).Seconds(), nil
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
	cmd := exec.CommandContext(ctx, e.o.BronzeBin)
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
		if n, _ := scrapeCounters("http://"+addr+"/metrics", "songnodes_stage_records_total"); n >= float64(e.backlog.playlists) {
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
