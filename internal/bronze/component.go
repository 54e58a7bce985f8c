package bronze

import (
	"context"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// Spec declares the bronze stage: every raw topic to the bronze topic.
var Spec = stage.Spec{
	Name:         Name,
	Input:        func(t kafka.Topics) string { return t.RawPattern() },
	Output:       func(t kafka.Topics) kafka.TopicSpec { return kafka.TopicSpec{Name: t.Bronze()} },
	Schema:       record.BronzePlaylistSchema,
	DefaultBatch: stage.DefaultBatch,
	New:          newLoop,
}

func newLoop(_ context.Context, env stage.Env) (stage.Runner, func(), error) {
	dec := serde.NewDecoder(env.Conn.Registry, record.ScrapedPlaylistSchema)
	proc := NewProcessor(env.Settings.Kafka.Topics, env.Encoder, dec)
	return stage.New(env.Config, env.Deps(), stage.Decode[record.ScrapedPlaylist](dec), env.Encoder, proc), nil, nil
}
