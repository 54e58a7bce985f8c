package bronze

import (
	"context"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// Load reads the bronze stage's settings.
func Load(e *config.Env) (app.Component, error) {
	s := stage.LoadSettings(e, Name, stage.DefaultBatch)
	return &stage.Component{Settings: s, Build: func(ctx context.Context, a *app.App, conn *stage.Conn) (stage.Runner, func(), error) {
		l, err := NewLoop(ctx, a, s, conn)
		return l, nil, err
	}}, nil
}

// NewLoop builds the bronze loop: it registers the output schema (waiting
// for the registry if need be) and subscribes to every raw topic.
func NewLoop(ctx context.Context, a *app.App, s stage.Settings, conn *stage.Conn) (*stage.Loop[record.ScrapedPlaylist], error) {
	topics := s.Kafka.Topics
	enc, err := conn.Encoder(ctx, a.Log, topics.Bronze(), record.BronzePlaylistSchema)
	if err != nil {
		return nil, err
	}
	cfg := s.Loop
	cfg.Topics = []string{topics.RawPattern()}
	cfg.Regex = true
	cfg.Outputs = []kafka.TopicSpec{{Name: topics.Bronze()}}
	deps := stage.Deps{Kafka: s.Kafka, DB: conn.DB, Log: a.Log, Metrics: a.Metrics, Health: a.Health}
	dec := serde.NewDecoder(conn.Registry, record.ScrapedPlaylistSchema)
	return stage.New(cfg, deps, stage.Decode[record.ScrapedPlaylist](dec), NewProcessor(topics, enc, dec)), nil
}
