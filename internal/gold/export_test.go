package gold

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// MemoryChangelog is a pairs changelog kept in memory: the tests' stand-in
// for the topic (loadChangelog itself is tested on a broker).
type MemoryChangelog struct {
	Dec  *serde.Decoder
	Recs map[int32][][]byte
}

// NewTestPairs returns a pairs processor whose state loads from cl.
func NewTestPairs(cl *MemoryChangelog, enc stage.Encoder, db *pgxpool.Pool, reg prometheus.Registerer) *Pairs {
	return NewPairs("changelog", enc, db, reg, func(ctx context.Context, parts []int32, in interner) (map[int32]pairMap, error) {
		out := map[int32]pairMap{}
		for _, n := range parts {
			out[n] = pairMap{}
			for _, b := range cl.Recs[n] {
				var c record.GoldPairContribution
				if _, err := cl.Dec.Decode(ctx, b, &c); err != nil {
					return nil, err
				}
				restore(out[n], in, &c)
			}
		}
		return out, nil
	})
}
