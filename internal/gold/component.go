package gold

import (
	"context"
	"regexp"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// Component runs the gold stage.
type Component struct{ Settings stage.Settings }

// Load reads the gold stage's settings.
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

// NewLoop builds the gold loop on conn.
func NewLoop(ctx context.Context, a *app.App, s stage.Settings, conn *stage.Conn) (*stage.Loop[record.SilverPlaylist], error) {
	topics := s.Kafka.Topics
	var enc *serde.Encoder
	err := stage.Retry(ctx, a.Log, "register "+topics.Gold()+" schema", func() error {
		var err error
		enc, err = serde.NewEncoder(ctx, conn.Registry, topics.Gold()+"-value", record.GoldTransitionSchema)
		return err
	})
	if err != nil {
		return nil, err
	}
	dec := serde.NewDecoder(conn.Registry, record.SilverPlaylistSchema)
	cfg := s.Loop
	cfg.Topics = []string{"^" + regexp.QuoteMeta(topics.Silver()) + "$"}
	cfg.Regex = true
	cfg.Outputs = []kafka.TopicSpec{kafka.Compacted(topics.Gold())}
	deps := stage.Deps{Kafka: s.Kafka, DB: conn.DB, Log: a.Log, Metrics: a.Metrics, Health: a.Health}
	return stage.New(cfg, deps, decode(dec), NewProcessor(topics, enc)), nil
}

func decode(dec *serde.Decoder) stage.DecodeFunc[record.SilverPlaylist] {
	return func(ctx context.Context, r *kgo.Record) (record.SilverPlaylist, int, error) {
		var s record.SilverPlaylist
		id, err := dec.Decode(ctx, r.Value, &s)
		return s, id, err
	}
}
