package stage

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/serde"
)

// Settings are what every stage binary reads from the environment.
type Settings struct {
	Kafka       kafka.Config
	RegistryURL string
	DatabaseURL string
	Loop        Config // the stage-independent parts
}

// LoadSettings reads a stage's settings; see docs/operations.md.
func LoadSettings(e *config.Env, name string) Settings {
	s := Settings{
		Kafka:       kafka.ConfigFromEnv(e),
		RegistryURL: e.URL("SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081", "http", "https"),
		DatabaseURL: e.URL("DATABASE_URL", "", "postgres", "postgresql"),
	}
	if s.DatabaseURL == "" {
		e.Fail("DATABASE_URL", "is required (postgres://user:pass@host:5432/db)")
	}
	group := s.Kafka.Topics.Group(name)
	host, _ := os.Hostname()
	s.Loop = Config{
		Name:           name,
		Group:          group,
		TxnID:          e.String("TRANSACTIONAL_ID", TxnID(group, host)),
		InstanceID:     e.String("KAFKA_GROUP_INSTANCE_ID", ""),
		MaxBatch:       e.Int("BATCH_MAX_RECORDS", 2000, 1, 100000),
		MaxRecordBytes: e.Int("MAX_RECORD_BYTES", kafka.DefaultMaxRecordBytes, 1024, kafka.MaxRecordBytes),
		TxnTimeout:     e.Duration("KAFKA_TRANSACTION_TIMEOUT", time.Minute, 5*time.Second, 15*time.Minute),
		DBTimeout:      e.Duration("DATABASE_STATEMENT_TIMEOUT", time.Minute, time.Second, time.Hour),
		StallTimeout:   e.Duration("STALL_TIMEOUT", 2*time.Minute, 10*time.Second, time.Hour),
	}
	return s
}

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
	reg, err := serde.NewRegistry(s.RegistryURL)
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
		if applied, err := postgres.Migrate(ctx, db); err != nil {
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
	a.Health.Add("postgres", func(ctx context.Context) (app.Status, string) {
		if err := c.DB.Ping(ctx); err != nil {
			return app.Unhealthy, err.Error()
		}
		return app.OK, ""
	})
	a.Health.Add("schema_registry", func(ctx context.Context) (app.Status, string) {
		if err := reg.Ping(ctx); err != nil {
			return app.Unhealthy, err.Error()
		}
		return app.OK, ""
	})
	return c, nil
}

// Retry calls fn until it succeeds or ctx ends, backing off between tries.
func Retry(ctx context.Context, log *slog.Logger, what string, fn func() error) error {
	bo := backoff{}
	for {
		err := fn()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		log.Warn(what+" failed; retrying", "err", err)
		bo.sleep(ctx)
	}
}
