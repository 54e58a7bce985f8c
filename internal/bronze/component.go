package bronze

import (
	"context"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// Component runs the bronze stage.
type Component struct {
	Settings stage.Settings
}

// Load reads the bronze stage's settings.
func Load(e *config.Env) (app.Component, error) {
	return &Component{Settings: stage.LoadSettings(e, Name)}, nil
}

// Run implements app.Component.
func (c *Component) Run(ctx context.Context, a *app.App) error {
	conn, err := stage.Connect(ctx, a, c.Settings)
	if err != nil {
		return err
	}
	defer conn.Close()
	loop, err := NewLoop(ctx, a, c.Settings, conn)
	if err != nil {
		return err
	}
	return loop.Run(ctx)
}

// NewLoop builds the bronze loop: it registers the output schema (waiting
// for the registry if need be) and subscribes to every raw topic.
func NewLoop(ctx context.Context, a *app.App, s stage.Settings, conn *stage.Conn) (*stage.Loop[record.ScrapedPlaylist], error) {
	topics := s.Kafka.Topics
	var enc *serde.Encoder
	err := stage.Retry(ctx, a.Log, "register "+topics.Bronze()+" schema", func() error {
		var err error
		enc, err = serde.NewEncoder(ctx, conn.Registry, topics.Bronze()+"-value", record.BronzePlaylistSchema)
		return err
	})
	if err != nil {
		return nil, err
	}
	dec := serde.NewDecoder(conn.Registry, record.ScrapedPlaylistSchema)
	cfg := s.Loop
	cfg.Topics = []string{topics.RawPattern()}
	cfg.Regex = true
	cfg.Outputs = []kafka.TopicSpec{{Name: topics.Bronze()}}
	deps := stage.Deps{Kafka: s.Kafka, DB: conn.DB, Log: a.Log, Metrics: a.Metrics, Health: a.Health}
	return stage.New(cfg, deps, Decode(dec), NewProcessor(topics, enc)), nil
}

// Decode decodes raw records with dec.
func Decode(dec *serde.Decoder) stage.DecodeFunc[record.ScrapedPlaylist] {
	return func(ctx context.Context, r *kgo.Record) (record.ScrapedPlaylist, int, error) {
		var p record.ScrapedPlaylist
		id, err := dec.Decode(ctx, r.Value, &p)
		return p, id, err
	}
}
