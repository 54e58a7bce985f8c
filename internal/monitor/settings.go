package monitor

import (
	"context"
	"time"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// Name is the monitor's name: its consumer group is <prefix>.monitor.
const Name = "monitor"

// Settings configure the monitor; LoadSettings reads them from the
// environment (see docs/monitoring.md).
type Settings struct {
	Kafka        kafka.Config
	RegistryURL  string
	RegistryAuth serde.RegistryAuth
	// RedisURL is where the state persists; "" runs without persistence
	// (degraded: counts start again at every start).
	RedisURL string
	// DatabaseURL, when set, is the pipeline's database: the status page
	// then shows each scraper's crawl state (table scrape_pages).
	DatabaseURL string
	// RedisPrefix prefixes every key the monitor writes.
	RedisPrefix string
	// Group is the monitor's consumer group.
	Group string
	// FlushInterval is how often the state and offsets are written to
	// Redis, and then committed to the group: what a crash can make the
	// monitor read again (and count once).
	FlushInterval time.Duration
	// LagInterval is how often the stage groups' lag is measured.
	LagInterval time.Duration
	// RedisWait is how long a start waits for Redis to load the state
	// before it starts without it (it merges the state in when Redis
	// answers again).
	RedisWait time.Duration
	// MaxSources bounds the sources tracked (and the metric series):
	// records of further sources are counted under source "unknown".
	MaxSources int
	// Now is the clock of windows and ages; nil is time.Now. Tests set it
	// to move time.
	Now func() time.Time
	// MetadataMaxAge is how soon a new topic is found; 0 is the pipeline's
	// default (15s).
	MetadataMaxAge time.Duration
}

// DefaultSettings are the monitor's settings on the cluster k when the
// environment sets nothing else; its registry and Redis are unset.
func DefaultSettings(k kafka.Config) Settings {
	return Settings{
		Kafka:         k,
		RegistryURL:   serde.DefaultRegistryURL,
		RedisPrefix:   k.Topics.Prefix + ":monitor:",
		Group:         k.Topics.Group(Name),
		FlushInterval: 2 * time.Second,
		LagInterval:   15 * time.Second,
		RedisWait:     30 * time.Second,
		MaxSources:    5000,
		Now:           time.Now,
	}
}

// LoadSettings reads the monitor's settings; problems are recorded in e.
func LoadSettings(e *config.Env) Settings {
	s := DefaultSettings(kafka.ConfigFromEnv(e))
	s.RegistryURL = e.URL("SCHEMA_REGISTRY_URL", s.RegistryURL, "http", "https")
	s.RegistryAuth = serde.RegistryAuthFromEnv(e)
	s.RedisURL = e.URL("REDIS_URL", "", "redis", "rediss", "unix")
	s.DatabaseURL = e.URL("DATABASE_URL", "", "postgres", "postgresql")
	s.RedisPrefix = e.String("MONITOR_REDIS_PREFIX", s.RedisPrefix)
	s.FlushInterval = e.Duration("MONITOR_FLUSH_INTERVAL", s.FlushInterval, 100*time.Millisecond, 5*time.Minute)
	s.LagInterval = e.Duration("MONITOR_LAG_INTERVAL", s.LagInterval, 100*time.Millisecond, 10*time.Minute)
	s.RedisWait = e.Duration("MONITOR_REDIS_WAIT", s.RedisWait, 0, time.Hour)
	s.MaxSources = e.Int("MONITOR_MAX_SOURCES", s.MaxSources, 1, 1_000_000)
	return s
}

// Component runs the monitor as a binary.
type Component struct{ Settings Settings }

// Load reads the monitor's settings for app.Main.
func Load(e *config.Env) (app.Component, error) {
	return &Component{Settings: LoadSettings(e)}, nil
}

// Run implements app.Component.
func (c *Component) Run(ctx context.Context, a *app.App) error {
	if err := stage.CheckKafka(ctx, a, c.Settings.Kafka); err != nil || ctx.Err() != nil {
		return err
	}
	return Run(ctx, a, c.Settings)
}
