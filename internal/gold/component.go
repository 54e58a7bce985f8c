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
// dead-letter topic's suffix, and (Topics.Group) its consumer group.
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
	Inner:        []stage.Inner{{Name: PairsName, Input: pairsInput}},
	New:          newLoops,
}

// Gold's internal topics are named after its consumer group, as Kafka
// Streams names an application's: the pairs topic (what each playlist
// contributes to each pair, keyed by pair) and the pairs state's
// changelog (compacted, partitioned as the pairs topic). The pairs loop's
// group is the group's name with "-pairs".
func pairsTopic(group string) string     { return group + ".pairs" }
func changelogTopic(group string) string { return group + ".pairs-changelog" }

func pairsInput(t kafka.Topics) string {
	return "^" + regexp.QuoteMeta(pairsTopic(t.Group(Name))) + "$"
}

func newLoops(ctx context.Context, env stage.Env) (stage.Runner, func(), error) {
	log, reg, group := env.App.Log, env.Conn.Registry, env.Config.Group
	toPairs, err := env.Conn.Encoder(ctx, log, pairsTopic(group), record.GoldPairContributionSchema)
	if err != nil {
		return nil, nil, err
	}
	toChangelog, err := env.Conn.Encoder(ctx, log, changelogTopic(group), record.GoldPairContributionSchema)
	if err != nil {
		return nil, nil, err
	}

	playlists := env.Config
	playlists.Outputs = []kafka.TopicSpec{{Name: pairsTopic(group)}}

	pairs := env.Config
	pairs.Name = PairsName
	pairs.Topics, pairs.Regex = []string{"^" + regexp.QuoteMeta(pairsTopic(group)) + "$"}, true
	pairs.Group, pairs.TxnID = group+"-pairs", env.Config.TxnID+"-pairs"
	pairs.MaxBatch = env.Config.MaxBatch * pairsBatch
	pairs.Outputs = []kafka.TopicSpec{env.Config.Outputs[0], kafka.Compacted(changelogTopic(group))}

	if env.Conn.DB != nil {
		warnUntold(ctx, env)
	}
	contributions := serde.NewDecoder(reg, record.GoldPairContributionSchema)
	state := NewPairs(changelogTopic(group), toChangelog, env.Conn.DB, env.App.Metrics,
		loadChangelog(env.Settings.Kafka, log, changelogTopic(group), contributions))
	return loops{
		stage.New(playlists, env.Deps(), stage.Decode[record.SilverPlaylist](serde.NewDecoder(reg, record.SilverPlaylistSchema)),
			toPairs, NewProcessor(env.App.Metrics)),
		stage.New(pairs, env.Deps(), stage.Decode[record.GoldPairContribution](contributions), env.Encoder, state),
	}, nil, nil
}

// warnUntold warns when gold_playlists holds playlists stored before
// migration 0011 that gold has not told the pairs loop about yet: until
// gold reads them again (a replay to the start), the pairs they play are
// counted without them (docs/deploy.md, "Upgrades").
func warnUntold(ctx context.Context, env stage.Env) {
	var n int64
	err := env.Conn.DB.QueryRow(ctx, "SELECT count(*) FROM gold_playlists WHERE rev = 0").Scan(&n)
	switch {
	case err != nil:
		env.App.Log.Warn("gold: cannot count the playlists the pairs loop has not heard of", "err", err)
	case n > 0:
		env.App.Log.Warn("gold_playlists holds playlists stored before migration 0011 that the pairs loop has not heard of: "+
			"replay gold to the start once (songnodes replay --stage gold --to-start), or their pairs are counted without them",
			"playlists", n)
	}
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
