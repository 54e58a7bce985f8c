package monitor

import (
	"context"
	"time"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
)

// Name is the monitor's name: its consumer group is <prefix>.monitor.
const Name = "monitor"

// Settings configure the monitor; LoadSettings reads them from the
// environment (see docs/monitoring.md).
type Settings struct {
	Kafka       kafka.Config
	RegistryURL string
	// RedisURL is where the state persists; "" runs without persistence
	// (degraded: counts start again at every start).
	RedisURL string
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

// LoadSettings reads the monitor's settings; problems are recorded in e.
func LoadSettings(e *config.Env) Settings {
	k := kafka.ConfigFromEnv(e)
	return Settings{
		Kafka:         k,
		RegistryURL:   e.URL("SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081", "http", "https"),
		RedisURL:      e.URL("REDIS_URL", "", "redis", "rediss", "unix"),
		RedisPrefix:   e.String("MONITOR_REDIS_PREFIX", k.Topics.Prefix+":monitor:"),
		Group:         k.Topics.Group(Name),
		FlushInterval: e.Duration("MONITOR_FLUSH_INTERVAL", 2*time.Second, 100*time.Millisecond, 5*time.Minute),
		LagInterval:   e.Duration("MONITOR_LAG_INTERVAL", 15*time.Second, 100*time.Millisecond, 10*time.Minute),
		RedisWait:     e.Duration("MONITOR_REDIS_WAIT", 30*time.Second, 0, time.Hour),
		MaxSources:    e.Int("MONITOR_MAX_SOURCES", 5000, 1, 1_000_000),
	}
}

// Component runs the monitor as a binary.
type Component struct{ Settings Settings }

// Load reads the monitor's settings for app.Main.
func Load(e *config.Env) (app.Component, error) {
	return &Component{Settings: LoadSettings(e)}, nil
}

// Run implements app.Component.
func (c *Component) Run(ctx context.Context, a *app.App) error { return Run(ctx, a, c.Settings) }

func (s *Settings) defaults() {
	if s.Group == "" {
		s.Group = s.Kafka.Topics.Group(Name)
	}
	if s.RedisPrefix == "" {
		s.RedisPrefix = s.Kafka.Topics.Prefix + ":monitor:"
	}
	if s.FlushInterval <= 0 {
		s.FlushInterval = 2 * time.Second
	}
	if s.LagInterval <= 0 {
		s.LagInterval = 15 * time.Second
	}
	if s.MaxSources <= 0 {
		s.MaxSources = 5000
	}
	if s.Now == nil {
		s.Now = time.Now
	}
}
