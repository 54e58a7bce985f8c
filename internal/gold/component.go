package gold

import (
	"context"
	"regexp"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// DefaultBatch is gold's BATCH_MAX_RECORDS default, larger than the other
// stages': gold's cost per playlist falls with the batch (playlists of a
// batch share tracks, pairs and DJs, whose rows are written once per batch).
const DefaultBatch = 5000

// LoadSettings reads the gold stage's settings.
func LoadSettings(e *config.Env) stage.Settings { return stage.LoadSettings(e, Name, DefaultBatch) }

// Load reads the gold stage's settings.
func Load(e *config.Env) (app.Component, error) {
	s := LoadSettings(e)
	return &stage.Component{Settings: s, Build: func(ctx context.Context, a *app.App, conn *stage.Conn) (stage.Runner, func(), error) {
		l, err := NewLoop(ctx, a, s, conn)
		return l, nil, err
	}}, nil
}

// NewLoop builds the gold loop on conn.
func NewLoop(ctx context.Context, a *app.App, s stage.Settings, conn *stage.Conn) (*stage.Loop[record.SilverPlaylist], error) {
	topics := s.Kafka.Topics
	enc, err := conn.Encoder(ctx, a.Log, topics.Gold(), record.GoldTransitionSchema)
	if err != nil {
		return nil, err
	}
	cfg := s.Loop
	cfg.Topics = []string{"^" + regexp.QuoteMeta(topics.Silver()) + "$"}
	cfg.Regex = true // waits for the topic to exist instead of failing
	cfg.Outputs = []kafka.TopicSpec{kafka.Compacted(topics.Gold())}
	deps := stage.Deps{Kafka: s.Kafka, DB: conn.DB, Log: a.Log, Metrics: a.Metrics, Health: a.Health}
	dec := serde.NewDecoder(conn.Registry, record.SilverPlaylistSchema)
	return stage.New(cfg, deps, stage.Decode[record.SilverPlaylist](dec), NewProcessor(topics, enc)), nil
}
