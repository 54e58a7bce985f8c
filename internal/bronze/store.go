package bronze

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/songnodes/pipeline/internal/record"
)

type partitionKey struct {
	topic     string
	partition int
}

// write stores the batch's playlists and track lines. Rows are keyed by
// the raw record's Kafka coordinates; those already stored (a replay) are
// skipped, and the rest are copied in with COPY, the fastest way into
// PostgreSQL. Two replicas racing on one partition (a zombie) collide on
// the primary key; the loser's transaction fails and its retry skips the
// rows the winner wrote.
func write(ctx context.Context, tx pgx.Tx, batch []*record.BronzePlaylist) error {
	stored, err := storedOffsets(ctx, tx, batch)
	if err != nil {
		return err
	}
	fresh := batch[:0:0]
	for _, b := range batch {
		if !stored[lineageKey(b.Lineage)] {
			fresh = append(fresh, b)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"bronze_playlists"}, playlistColumns, &playlistRows{rows: fresh, i: -1}); err != nil {
		return fmt.Errorf("copy bronze_playlists: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"bronze_tracks"}, trackColumns, &trackRows{rows: fresh, i: 0, j: -1}); err != nil {
		return fmt.Errorf("copy bronze_tracks: %w", err)
	}
	return nil
}

type offsetKey struct {
	topic     string
	partition int
	offset    int64
}

func lineageKey(l record.Lineage) offsetKey { return offsetKey{l.Topic, l.Partition, l.Offset} }

// storedOffsets returns which of the batch's records are stored already,
// with one index range scan per partition.
func storedOffsets(ctx context.Context, tx pgx.Tx, batch []*record.BronzePlaylist) (map[offsetKey]bool, error) {
	type span struct{ lo, hi int64 }
	spans := map[partitionKey]span{}
	for _, b := range batch {
		k := partitionKey{b.Lineage.Topic, b.Lineage.Partition}
		s, ok := spans[k]
		if !ok {
			s = span{b.Lineage.Offset, b.Lineage.Offset}
		}
		s.lo, s.hi = min(s.lo, b.Lineage.Offset), max(s.hi, b.Lineage.Offset)
		spans[k] = s
	}
	stored := map[offsetKey]bool{}
	for k, s := range spans {
		rows, err := tx.Query(ctx, `SELECT source_offset FROM bronze_playlists
			WHERE source_topic = $1 AND source_partition = $2 AND source_offset BETWEEN $3 AND $4`,
			k.topic, k.partition, s.lo, s.hi)
		if err != nil {
			return nil, fmt.Errorf("find stored offsets: %w", err)
		}
		for rows.Next() {
			var off int64
			if err := rows.Scan(&off); err != nil {
				rows.Close()
				return nil, err
			}
			stored[offsetKey{k.topic, k.partition, off}] = true
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return stored, nil
}

var playlistColumns = []string{
	"source_topic", "source_partition", "source_offset", "playlist_key", "source", "source_url",
	"source_playlist_id", "name", "dj_names", "event", "venue", "played_on", "played_on_text",
	"scraped_at", "parser_version", "track_count", "writer_schema_id", "ingested_at", "source_revision",
}

// playlistRows feeds COPY without building a [][]any of the whole batch.
type playlistRows struct {
	rows []*record.BronzePlaylist
	i    int
	vals [19]any
}

func (r *playlistRows) Next() bool { r.i++; return r.i < len(r.rows) }
func (r *playlistRows) Err() error { return nil }
func (r *playlistRows) Values() ([]any, error) {
	b := r.rows[r.i]
	p := &b.Playlist
	djs := p.DjNames
	if djs == nil {
		djs = []string{}
	}
	r.vals = [19]any{
		b.Lineage.Topic, int32(b.Lineage.Partition), b.Lineage.Offset, b.PlaylistKey, p.Source, p.SourceURL,
		p.SourcePlaylistID, p.Name, djs, p.Event, p.Venue, p.PlayedOn, p.PlayedOnText,
		p.ScrapedAt, p.ParserVersion, int32(len(p.Tracks)), int32(b.Lineage.WriterSchemaID), b.Lineage.IngestedAt, p.SourceRevision,
	}
	return r.vals[:], nil
}

var trackColumns = []string{
	"source_topic", "source_partition", "source_offset", "position", "raw_line",
	"artist", "title", "label", "catalog", "bpm", "key", "genre", "cue",
}

type trackRows struct {
	rows []*record.BronzePlaylist
	i, j int
	vals [13]any
}

func (r *trackRows) Next() bool {
	r.j++
	for r.i < len(r.rows) && r.j >= len(r.rows[r.i].Playlist.Tracks) {
		r.i++
		r.j = 0
	}
	return r.i < len(r.rows)
}
func (r *trackRows) Err() error { return nil }
func (r *trackRows) Values() ([]any, error) {
	b := r.rows[r.i]
	t := &b.Playlist.Tracks[r.j]
	r.vals = [13]any{
		b.Lineage.Topic, int32(b.Lineage.Partition), b.Lineage.Offset, int32(t.Position), t.RawLine,
		t.Artist, t.Title, t.Label, t.Catalog, t.Bpm, t.Key, t.Genre, t.Cue,
	}
	return r.vals[:], nil
}
