package silver

import (
	"context"
	"regexp"
	"time"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/cache"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// Settings are the silver stage's settings.
type Settings struct {
	Stage    stage.Settings
	RedisURL string
	CacheTTL time.Duration
}

// LoadSettings reads them from the environment.
func LoadSettings(e *config.Env) Settings {
	return Settings{
		Stage:    stage.LoadSettings(e, Name, stage.DefaultBatch),
		RedisURL: e.URL("REDIS_URL", "", "redis", "rediss"),
		CacheTTL: e.Duration("REDIS_CACHE_TTL", time.Hour, time.Second, 30*24*time.Hour),
	}
}

// Load reads the silver stage's settings.
func Load(e *config.Env) (app.Component, error) {
	s := LoadSettings(e)
	return &stage.Component{Settings: s.Stage, Build: func(ctx context.Context, a *app.App, conn *stage.Conn) (stage.Runner, func(), error) {
		return NewLoop(ctx, a, s, conn)
	}}, nil
}

// NewLoop builds the silver loop on conn. Redis is optional: without it,
// or while it is down, every lookup reads PostgreSQL.
func NewLoop(ctx context.Context, a *app.App, s Settings, conn *stage.Conn) (*stage.Loop[record.BronzePlaylist], func(), error) {
	topics := s.Stage.Kafka.Topics
	c, err := cache.New(s.RedisURL, s.CacheTTL, Name, a.Metrics, a.Log)
	if err != nil {
		return nil, nil, err
	}
	if c.Enabled() {
		a.Health.Add("redis", func(ctx context.Context) (app.Status, string) {
			if err := c.Ping(ctx); err != nil {
				// A cache: the stage works without it, slower.
				return app.Degraded, "Redis unreachable, reading PostgreSQL for every lookup: " + err.Error()
			}
			return app.OK, ""
		})
	}
	enc, err := conn.Encoder(ctx, a.Log, topics.Silver(), record.SilverPlaylistSchema)
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	dec := serde.NewDecoder(conn.Registry, record.BronzePlaylistSchema)
	cfg := s.Stage.Loop
	cfg.Topics = []string{"^" + regexp.QuoteMeta(topics.Bronze()) + "$"}
	cfg.Regex = true // waits for the topic to exist instead of failing
	cfg.Outputs = []kafka.TopicSpec{{Name: topics.Silver()}}
	deps := stage.Deps{Kafka: s.Stage.Kafka, DB: conn.DB, Log: a.Log, Metrics: a.Metrics, Health: a.Health}
	proc := NewProcessor(topics, enc, NewEnricher(conn.DB, c, topics.Prefix), a.Metrics)
	return stage.New(cfg, deps, stage.Decode[record.BronzePlaylist](dec), proc), c.Close, nil
}
