package gold

import (
	"context"
	"regexp"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// DefaultBatch is gold's BATCH_MAX_RECORDS default, larger than the other
// stages': gold's cost per playlist falls with the batch (playlists of a
// batch share tracks, pairs and DJs, whose rows are written once per batch).
const DefaultBatch = 5000

// Spec declares the gold stage: the silver topic to the song graph.
var Spec = stage.Spec{
	Name:         Name,
	Input:        func(t kafka.Topics) string { return "^" + regexp.QuoteMeta(t.Silver()) + "$" },
	Output:       func(t kafka.Topics) kafka.TopicSpec { return kafka.Compacted(t.Gold()) },
	Schema:       record.GoldTransitionSchema,
	DefaultBatch: DefaultBatch,
	New:          newLoop,
}

func newLoop(_ context.Context, env stage.Env) (stage.Runner, func(), error) {
	dec := serde.NewDecoder(env.Conn.Registry, record.SilverPlaylistSchema)
	proc := NewProcessor(env.App.Metrics)
	return stage.New(env.Config, env.Deps(), stage.Decode[record.SilverPlaylist](dec), env.Encoder, proc), nil, nil
}
