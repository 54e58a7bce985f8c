package silver

import (
	"context"
	"regexp"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/cache"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// Spec declares the silver stage: the bronze topic to the silver topic.
var Spec = stage.Spec{
	Name:         Name,
	Input:        func(t kafka.Topics) string { return "^" + regexp.QuoteMeta(t.Bronze()) + "$" },
	Output:       func(t kafka.Topics) kafka.TopicSpec { return kafka.TopicSpec{Name: t.Silver()} },
	Schema:       record.SilverPlaylistSchema,
	DefaultBatch: stage.DefaultBatch,
	New:          newLoop,
}

// newLoop builds the silver loop. Redis is optional: without it, or while
// it is down, every lookup reads PostgreSQL.
func newLoop(_ context.Context, env stage.Env) (stage.Runner, func(), error) {
	a, s := env.App, env.Settings
	c, err := cache.New(s.RedisURL, s.CacheTTL, Name, a.Metrics, a.Log, cache.WithTimeout(s.RedisTimeout))
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
	dec := serde.NewDecoder(env.Conn.Registry, record.BronzePlaylistSchema)
	proc := NewProcessor(NewEnricher(env.Conn.DB, c, s.Kafka.Topics.Prefix), a.Metrics)
	return stage.New(env.Config, env.Deps(), stage.Decode[record.BronzePlaylist](dec), env.Encoder, proc), c.Close, nil
}
