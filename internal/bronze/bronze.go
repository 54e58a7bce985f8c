// Package bronze is the first stage: it takes raw playlists from every
// <prefix>.raw.<source> topic, checks them against the schema and the data
// model, and keeps every scrape version as it arrived, with its lineage, in
// the bronze tables and the <prefix>.bronze.playlists topic.
package bronze

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// Name of the stage.
const Name = "bronze"

// Processor turns raw playlists into bronze playlists.
type Processor struct {
	topics kafka.Topics
	enc    *serde.Encoder
	dec    *serde.Decoder
}

// NewProcessor returns the bronze processor; enc encodes BronzePlaylist,
// dec is the decoder of the raw records.
func NewProcessor(topics kafka.Topics, enc *serde.Encoder, dec *serde.Decoder) *Processor {
	return &Processor{topics: topics, enc: enc, dec: dec}
}

var _ stage.Processor[record.ScrapedPlaylist, record.BronzePlaylist] = (*Processor)(nil)

// Process implements stage.Processor.
func (p *Processor) Process(ctx context.Context, tx pgx.Tx, batch []stage.In[record.ScrapedPlaylist]) (stage.Result[record.BronzePlaylist], error) {
	// Checking each playlist (and passing on its bytes) is the stage's
	// CPU work: spread it over the cores, then keep the batch's order.
	type out struct {
		b       *record.BronzePlaylist
		val     []byte
		invalid error
		err     error
	}
	outs := make([]out, len(batch))
	stage.Parallel(len(batch), func(i int) {
		in := &batch[i]
		pl := &in.Value
		if err := p.validate(in.Record, pl); err != nil {
			outs[i].invalid = err
			return
		}
		b := &record.BronzePlaylist{
			PlaylistKey: tracklist.PlaylistKey(pl.Source, record.Deref(pl.SourcePlaylistID), pl.SourceURL),
			Playlist:    *pl,
			Lineage: record.Lineage{
				Topic:          in.Record.Topic,
				Partition:      int(in.Record.Partition),
				Offset:         in.Record.Offset,
				WriterSchemaID: in.SchemaID,
				IngestedAt:     in.Record.Timestamp.UTC().Truncate(time.Millisecond),
			},
		}
		outs[i].b = b
		if p.dec.Exact(ctx, in.SchemaID) {
			// The playlist, just decoded and checked, is in the very
			// encoding the bronze record holds it in: it goes as it came.
			outs[i].val, outs[i].err = p.enc.EncodeFields(b.PlaylistKey, serde.Payload(in.Record.Value), &b.Lineage)
		}
	})
	var res stage.Result[record.BronzePlaylist]
	kept := make([]*record.BronzePlaylist, 0, len(batch))
	for i, o := range outs {
		in := &batch[i]
		switch {
		case o.invalid != nil:
			res.Rejects = append(res.Rejects, stage.Reject{Record: in.Record, SchemaID: in.SchemaID, Reason: dlq.Invalid, Err: o.invalid})
			continue
		case o.err != nil:
			return stage.Result[record.BronzePlaylist]{}, o.err
		}
		res.Outputs = append(res.Outputs, stage.Out[record.BronzePlaylist]{Key: o.b.PlaylistKey, Value: o.b, Source: in.Value.Source, Encoded: o.val})
		kept = append(kept, o.b)
	}
	if stage.Stored(tx) && len(kept) > 0 {
		if err := write(ctx, tx, kept); err != nil {
			return stage.Result[record.BronzePlaylist]{}, err
		}
	}
	return res, nil
}

// validate checks the playlist as ingest did before it (see
// ScrapedPlaylist.ValidateRaw), against the record that carried it.
func (p *Processor) validate(r *kgo.Record, pl *record.ScrapedPlaylist) error {
	return pl.ValidateRaw(p.topics.SourceOfRaw(r.Topic), r.Timestamp)
}
