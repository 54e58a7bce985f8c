package gold

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
)

// loadChangelog returns the pairs loop's loader: it reads partitions of
// the changelog topic from the start to their last stable offset,
// read_committed, and keeps the contribution of the highest rev of each
// pair and playlist.
func loadChangelog(k kafka.Config, log *slog.Logger, topic string, dec *serde.Decoder) func(context.Context, []int32, interner) (map[int32]pairMap, error) {
	return func(ctx context.Context, partitions []int32, in interner) (map[int32]pairMap, error) {
		adm, err := k.NewAdmin("gold-pairs-restore-admin", log)
		if err != nil {
			return nil, err
		}
		defer adm.Close()
		// The end: the last stable offset, past which nothing is
		// committed. Its transaction markers are read too
		// (KeepControlRecords): a partition whose last record is a marker
		// would otherwise never be seen to end.
		ends, err := adm.ListCommittedOffsets(ctx, topic)
		if err != nil {
			return nil, fmt.Errorf("list the end offsets: %w", err)
		}
		starts := map[int32]kgo.Offset{}
		todo := map[int32]int64{}
		for _, n := range partitions {
			o, ok := ends.Lookup(topic, n)
			if !ok || o.Err != nil {
				return nil, fmt.Errorf("no end offset for partition %d: %v", n, o.Err)
			}
			if o.Offset > 0 {
				starts[n] = kgo.NewOffset().AtStart()
				todo[n] = o.Offset
			}
		}
		out := make(map[int32]pairMap, len(partitions))
		for _, n := range partitions {
			out[n] = pairMap{}
		}
		if len(todo) == 0 {
			return out, nil
		}
		cl, err := k.NewClient("gold-pairs-restore", log,
			kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: starts}),
			kgo.FetchIsolationLevel(kgo.ReadCommitted()),
			kgo.KeepControlRecords(),
			kgo.FetchMaxBytes(16<<20))
		if err != nil {
			return nil, err
		}
		defer cl.Close()
		for len(todo) > 0 {
			fs := cl.PollFetches(ctx)
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			var ferr error
			fs.EachError(func(_ string, p int32, err error) { ferr = fmt.Errorf("partition %d: %w", p, err) })
			if ferr != nil {
				return nil, ferr
			}
			fs.EachPartition(func(fp kgo.FetchTopicPartition) {
				if fp.LogStartOffset >= todo[fp.Partition] {
					delete(todo, fp.Partition) // nothing left before the end
				}
			})
			for _, r := range fs.Records() {
				end, ok := todo[r.Partition]
				if !ok {
					continue
				}
				if r.Offset+1 >= end {
					delete(todo, r.Partition)
				}
				if r.Attrs.IsControl() || r.Offset >= end {
					continue
				}
				var c record.GoldPairContribution
				if _, err := dec.Decode(ctx, r.Value, &c); err != nil {
					return nil, fmt.Errorf("partition %d offset %d: %w", r.Partition, r.Offset, err)
				}
				restore(out[r.Partition], in, &c)
			}
		}
		return out, nil
	}
}

// restore puts a changelog record into a partition's state.
func restore(m pairMap, in interner, c *record.GoldPairContribution) {
	k := keyOf(c.FromTrackID, c.ToTrackID)
	st := m[k]
	st.take(c, in)
	m[k] = st
}
