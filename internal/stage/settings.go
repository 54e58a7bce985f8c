package stage

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/cache"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/serde"
)

// Settings are what every stage binary reads from the environment.
type Settings struct {
	Kafka        kafka.Config
	RegistryURL  string
	RegistryAuth serde.RegistryAuth
	DatabaseURL  string
	// DatabaseThrowaway (DATABASE_THROWAWAY) lets a stage start on a
	// PostgreSQL whose synchronous_commit is off: a database whose loss
	// does not matter (a benchmark, a demo).
	DatabaseThrowaway bool
	Loop              Config // the stage-independent parts
	// RedisURL and CacheTTL configure the cache of reference data of the
	// stages that read it (silver); "": no cache.
	RedisURL     string
	CacheTTL     time.Duration
	RedisTimeout time.Duration // bounds each Redis command (REDIS_TIMEOUT)
}

// DefaultBatch is the records per transaction of a stage that names no
// other default.
const DefaultBatch = 2000

// DefaultSettings are a stage's settings on the cluster k when the
// environment sets nothing else; batch is its BATCH_MAX_RECORDS. Its
// PostgreSQL is unset: a stage needs one named.
func DefaultSettings(k kafka.Config, name string, batch int) Settings {
	group := k.Topics.Group(name)
	host, _ := os.Hostname()
	return Settings{
		Kafka:        k,
		RegistryURL:  serde.DefaultRegistryURL,
		CacheTTL:     time.Hour,
		RedisTimeout: cache.DefaultTimeout,
		Loop:         Config{Name: name, Group: group, TxnID: TxnID(group, host), MaxBatch: batch}.withDefaults(),
	}
}

// withDefaults fills in what c leaves zero: the loop's defaults, written
// here only.
func (c Config) withDefaults() Config {
	c.MaxBatch = cmp.Or(c.MaxBatch, DefaultBatch)
	c.MaxRecordBytes = cmp.Or(c.MaxRecordBytes, kafka.DefaultMaxRecordBytes)
	c.TxnTimeout = cmp.Or(c.TxnTimeout, time.Minute)
	c.DBTimeout = cmp.Or(c.DBTimeout, time.Minute)
	c.DBDeadline = cmp.Or(c.DBDeadline, postgres.DefaultDeadline(c.DBTimeout))
	c.StallTimeout = cmp.Or(c.StallTimeout, 2*time.Minute)
	return c
}

// LoadSettings reads a stage's settings; see docs/operations.md. batch is
// the stage's default for BATCH_MAX_RECORDS.
func LoadSettings(e *config.Env, name string, batch int) Settings {
	s := DefaultSettings(kafka.ConfigFromEnv(e), name, batch)
	s.RegistryURL = e.URL("SCHEMA_REGISTRY_URL", s.RegistryURL, "http", "https")
	s.RegistryAuth = serde.RegistryAuthFromEnv(e)
	s.DatabaseURL = e.URL("DATABASE_URL", "", "postgres", "postgresql")
	if s.DatabaseURL == "" {
		e.Fail("DATABASE_URL", "is required (postgres://user:pass@host:5432/db)")
	}
	s.RedisURL = e.URL("REDIS_URL", "", "redis", "rediss")
	s.CacheTTL = e.Duration("REDIS_CACHE_TTL", s.CacheTTL, time.Second, 30*24*time.Hour)
	s.RedisTimeout = e.Duration("REDIS_TIMEOUT", s.RedisTimeout, 10*time.Millisecond, time.Minute)
	l := &s.Loop
	l.TxnID = e.String("TRANSACTIONAL_ID", l.TxnID)
	l.InstanceID = e.String("KAFKA_GROUP_INSTANCE_ID", "")
	l.MaxBatch = e.Int("BATCH_MAX_RECORDS", l.MaxBatch, 1, 100000)
	l.MaxRecordBytes = e.Int("MAX_RECORD_BYTES", l.MaxRecordBytes, 1024, kafka.MaxRecordBytes)
	l.TxnTimeout = e.Duration("KAFKA_TRANSACTION_TIMEOUT", l.TxnTimeout, 5*time.Second, 15*time.Minute)
	l.DBTimeout = e.Duration("DATABASE_STATEMENT_TIMEOUT", l.DBTimeout, time.Second, time.Hour)
	l.DBDeadline = e.Duration("DATABASE_TIMEOUT", postgres.DefaultDeadline(l.DBTimeout), time.Second, 2*time.Hour)
	if l.DBDeadline < l.DBTimeout {
		e.Fail("DATABASE_TIMEOUT", "%s is shorter than DATABASE_STATEMENT_TIMEOUT (%s): the client would cut off statements the server still allows", l.DBDeadline, l.DBTimeout)
	}
	s.DatabaseThrowaway = e.Bool("DATABASE_THROWAWAY", false)
	l.StallTimeout = e.Duration("STALL_TIMEOUT", l.StallTimeout, 10*time.Second, time.Hour)
	return s
}

// migrateDeadline bounds the migrations a stage applies at start.
const migrateDeadline = 15 * time.Minute

// Conn holds a stage's connections.
type Conn struct {
	DB       *pgxpool.Pool
	Registry *serde.Registry
}

// Close closes the connections.
func (c *Conn) Close() {
	if c.DB != nil {
		c.DB.Close()
	}
}

// Connect opens PostgreSQL (applying migrations) and the registry client,
// retrying while they are unreachable: a stage that starts before its
// dependencies waits for them, unready, instead of crash-looping.
func Connect(ctx context.Context, a *app.App, s Settings) (*Conn, error) {
	reg, err := serde.NewRegistry(s.RegistryURL, s.RegistryAuth)
	if err != nil {
		return nil, err
	}
	c := &Conn{Registry: reg}
	var waiting atomic.Value
	waiting.Store("connecting to PostgreSQL")
	a.Health.Add("postgres", func(context.Context) (app.Status, string) { return app.Unhealthy, waiting.Load().(string) })
	err = Retry(ctx, a.Log, "connect to PostgreSQL", func() error {
		db, err := postgres.Open(ctx, s.DatabaseURL)
		if err != nil {
			waiting.Store(err.Error())
			return err
		}
		// A server that hangs half way through the migrations is
		// retried, not waited on forever; the bound is generous, since
		// a migration may build an index on a large table, and waits
		// for another replica migrating at the same time.
		mctx, cancel := context.WithTimeoutCause(ctx, migrateDeadline, postgres.ErrTimeout)
		applied, err := postgres.Migrate(mctx, db)
		cancel()
		if err != nil {
			db.Close()
			waiting.Store(err.Error())
			return err
		} else if len(applied) > 0 {
			a.Log.Info("applied migrations", "versions", applied)
		}
		c.DB = db
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := checkDurable(ctx, a, c.DB, s.DatabaseThrowaway); err != nil {
		c.DB.Close()
		return nil, err
	}
	warnAutovacuum(ctx, a, c.DB)
	a.Health.Add("postgres", app.Ping(c.DB.Ping))
	a.Health.Add("schema_registry", app.Ping(reg.Ping))
	return c, nil
}

// checkDurable refuses a PostgreSQL whose synchronous_commit is off
// (postgres.CheckSynchronousCommit), unless the database is declared a
// throwaway. The refusal is final: a setting does not change by waiting.
func checkDurable(ctx context.Context, a *app.App, db *pgxpool.Pool, throwaway bool) error {
	err := postgres.CheckSynchronousCommit(ctx, db)
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, postgres.ErrNotDurable):
		return err
	case throwaway:
		a.Log.Warn("PostgreSQL's synchronous_commit is off: a crash of the server can lose the last batches; accepted because DATABASE_THROWAWAY=true")
		return nil
	}
	return fmt.Errorf("PostgreSQL: %w: a crash of the server would lose batches whose Kafka offsets are already committed; "+
		"set synchronous_commit = on (ALTER DATABASE ... SET synchronous_commit = on, or in postgresql.conf), "+
		"or set DATABASE_THROWAWAY=true if this database may be lost", err)
}

// warnAutovacuum warns when PostgreSQL's autovacuum is off: the planner's
// statistics of the stage's tables then stay those of when they were
// small, and lookups by key turn into scans of whole tables as they grow
// (seen: gold's batches of 100 taking seconds at 300,000 lines). A warning,
// not a refusal: an operator may ANALYZE on a schedule instead.
func warnAutovacuum(ctx context.Context, a *app.App, db *pgxpool.Pool) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var v string
	if err := db.QueryRow(ctx, "SHOW autovacuum").Scan(&v); err == nil && strings.EqualFold(v, "off") {
		a.Log.Warn("PostgreSQL's autovacuum is off: without ANALYZE the stage's queries slow down as its tables grow; turn autovacuum on, or run ANALYZE regularly")
	}
}

// Retry calls fn until it succeeds or ctx ends, backing off between tries.
func Retry(ctx context.Context, log *slog.Logger, what string, fn func() error) error {
	bo := Backoff{}
	for {
		err := fn()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		log.Warn(what+" failed; retrying", "err", err)
		bo.Sleep(ctx)
	}
}

// Encoder registers schema as the value schema of topic, waiting for the
// registry if need be, and returns an encoder for it.
func (c *Conn) Encoder(ctx context.Context, log *slog.Logger, topic string, schema avro.Schema) (*serde.Encoder, error) {
	var enc *serde.Encoder
	err := Retry(ctx, log, "register "+topic+" schema", func() error {
		var err error
		enc, err = serde.NewEncoder(ctx, c.Registry, topic+"-value", schema)
		return err
	})
	return enc, err
}

// Decode returns a DecodeFunc that decodes values with dec into T.
func Decode[T any](dec *serde.Decoder) DecodeFunc[T] {
	return func(ctx context.Context, r *kgo.Record) (T, int, error) {
		var v T
		id, err := dec.Decode(ctx, r.Value, &v)
		return v, id, err
	}
}

// Runner is a built stage loop.
type Runner interface {
	Run(ctx context.Context) error
}

// component runs a stage as a binary: it connects to PostgreSQL and the
// registry (waiting for them), builds the loop and runs it.
type component struct {
	spec     Spec
	settings Settings
}

// Run implements app.Component.
func (c component) Run(ctx context.Context, a *app.App) error {
	if err := CheckKafka(ctx, a, c.settings.Kafka); err != nil || ctx.Err() != nil {
		return err
	}
	conn, err := Connect(ctx, a, c.settings)
	if err != nil {
		return err
	}
	defer conn.Close()
	loop, release, err := c.spec.Build(ctx, a, c.settings, conn)
	if err != nil {
		return err
	}
	if release != nil {
		defer release()
	}
	return loop.Run(ctx)
}
