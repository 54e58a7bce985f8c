package gold

import (
	"context"
	"regexp"

	"golang.org/x/sync/errgroup"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// DefaultBatch is gold's BATCH_MAX_RECORDS default, larger than the other
// stages': gold's cost per playlist falls with the batch (playlists of a
// batch share tracks and DJs, whose rows are written once per batch).
const DefaultBatch = 5000

// PairsName names gold's pairs loop: its metrics' stage label, its
// dead-letter topic, its consumer group's and transactional ID's suffix.
const PairsName = "gold-pairs"

// pairsBatch: contributions per transaction of the pairs loop, for a
// BATCH_MAX_RECORDS of playlists (a playlist contributes to about as many
// pairs as it has lines).
const pairsBatch = 8

// Spec declares the gold stage: the silver topic to the song graph. A
// gold replica runs two loops, as a Kafka Streams application runs two
// sub-topologies: the playlists loop (silver to the playlists' tables,
// tracks, artists, and what each playlist contributes to each pair, keyed
// by pair), and the pairs loop (those contributions to the transitions:
// the gold topic and gold_transitions). docs/decisions.md, "Gold keeps
// transitions by pair".
var Spec = stage.Spec{
	Name:         Name,
	Input:        func(t kafka.Topics) string { return "^" + regexp.QuoteMeta(t.Silver()) + "$" },
	Output:       func(t kafka.Topics) kafka.TopicSpec { return kafka.Compacted(t.Gold()) },
	Schema:       record.GoldTransitionSchema,
	DefaultBatch: DefaultBatch,
	New:          newLoops,
}

func newLoops(ctx context.Context, env stage.Env) (stage.Runner, func(), error) {
	t, log, reg := env.Settings.Kafka.Topics, env.App.Log, env.Conn.Registry
	toPairs, err := env.Conn.Encoder(ctx, log, t.GoldPairs(), record.GoldPairContributionSchema)
	if err != nil {
		return nil, nil, err
	}
	toChangelog, err := env.Conn.Encoder(ctx, log, t.GoldPairsChangelog(), record.GoldPairContributionSchema)
	if err != nil {
		return nil, nil, err
	}

	playlists := env.Config
	playlists.Outputs = []kafka.TopicSpec{{Name: t.GoldPairs()}}

	pairs := env.Config
	pairs.Name = PairsName
	pairs.Topics, pairs.Regex = []string{"^" + regexp.QuoteMeta(t.GoldPairs()) + "$"}, true
	pairs.Group, pairs.TxnID = env.Config.Group+"-pairs", env.Config.TxnID+"-pairs"
	pairs.MaxBatch = env.Config.MaxBatch * pairsBatch
	pairs.Outputs = []kafka.TopicSpec{env.Config.Outputs[0], kafka.Compacted(t.GoldPairsChangelog())}

	contributions := serde.NewDecoder(reg, record.GoldPairContributionSchema)
	state := NewPairs(t.GoldPairsChangelog(), toChangelog, env.Conn.DB, env.App.Metrics,
		loadChangelog(env.Settings.Kafka, log, t.GoldPairsChangelog(), contributions))
	return loops{
		stage.New(playlists, env.Deps(), stage.Decode[record.SilverPlaylist](serde.NewDecoder(reg, record.SilverPlaylistSchema)),
			toPairs, NewProcessor(env.App.Metrics)),
		stage.New(pairs, env.Deps(), stage.Decode[record.GoldPairContribution](contributions), env.Encoder, state),
	}, nil, nil
}

// loops runs loops together; the first to fail stops the others.
type loops []stage.Runner

func (ls loops) Run(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, l := range ls {
		g.Go(func() error { return l.Run(ctx) })
	}
	return g.Wait()
}
