package ops

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNotFound means the playlist, track or transition asked about is not
// in the tables.
var ErrNotFound = errors.New("not found")

// Coordinates locate one Kafka record.
type Coordinates struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

// String is how the commands print a record's place: topic [partition] @ offset.
func (c Coordinates) String() string {
	return fmt.Sprintf("%s [%d] @ %d", c.Topic, c.Partition, c.Offset)
}

// RawRecord is the raw record a playlist version was read from, as bronze
// stored it. Every field is read from the database: bronze keeps the raw
// record's schema ID (writer_schema_id) beside its coordinates, so the
// lineage needs no broker and works after the topic's retention dropped
// the record.
type RawRecord struct {
	Coordinates
	SchemaID       int32      `json:"schema_id"`
	ScrapedAt      time.Time  `json:"scraped_at"`
	SourceURL      string     `json:"source_url"`
	SourceRevision *string    `json:"source_revision"` // null for rows bronze stored before migration 0008
	IngestedAt     *time.Time `json:"ingested_at"`     // when the raw record was appended; null when bronze has no row
}

// PlaylistLineage is the chain of a playlist's current version: silver's
// row, the bronze record silver read, the raw record, and gold's view of it.
type PlaylistLineage struct {
	PlaylistKey      string      `json:"playlist_key"`
	SetID            string      `json:"set_id"`
	Source           string      `json:"source"`
	Name             string      `json:"name"`
	ParserVersion    string      `json:"parser_version"`
	TracklistVersion string      `json:"tracklist_version"`
	Bronze           Coordinates `json:"bronze"`
	Raw              RawRecord   `json:"raw"`
	// GoldCounted is whether gold counts this playlist's lines (one page
	// of a set counts); nil when gold has not seen it.
	GoldCounted *bool `json:"gold_counted"`
	// GoldInStep is whether gold counted this very version (false for a
	// moment after a re-scrape, until gold reads silver's new version).
	GoldInStep *bool `json:"gold_in_step"`
}

// TrackLine is one silver line of a track, with its playlist's chain.
type TrackLine struct {
	TrackID     string      `json:"track_id"`
	PlaylistKey string      `json:"playlist_key"`
	Position    int32       `json:"position"`
	RawLine     string      `json:"raw_line"`
	Status      string      `json:"status"`
	SetID       string      `json:"set_id"`
	Name        string      `json:"name"`
	Bronze      Coordinates `json:"bronze"`
	Raw         RawRecord   `json:"raw"`
}

// TransitionLine is one line that plays a transition: the first track's
// line and the next one, in the version of the playlist gold counted.
type TransitionLine struct {
	FromTrackID  string    `json:"from_track_id"`
	ToTrackID    string    `json:"to_track_id"`
	PlaylistKey  string    `json:"playlist_key"`
	SetID        string    `json:"set_id"`
	Counted      bool      `json:"counted"`
	FromPosition int32     `json:"from_position"`
	FromLine     *string   `json:"from_line"`
	ToPosition   *int32    `json:"to_position"`
	ToLine       *string   `json:"to_line"`
	Raw          RawRecord `json:"raw"`
}

// Transition is a gold transition with the lines behind it.
type Transition struct {
	FromTrackID string `json:"from_track_id"`
	ToTrackID   string `json:"to_track_id"`
	FromTrack   string `json:"from_track"`
	ToTrack     string `json:"to_track"`
	// Occurrences, Playlists and DJs are gold_transitions' counts (0 when
	// only pages that do not count play it).
	Occurrences int64            `json:"occurrences"`
	Playlists   int64            `json:"playlists"`
	DJs         int64            `json:"djs"`
	Total       int              `json:"total_lines"` // lines, counted or not; Lines holds up to the limit
	Lines       []TransitionLine `json:"lines"`
}

const rawColumns = `raw_topic, raw_partition, raw_offset, raw_schema_id, scraped_at, source_url, source_revision, ingested_at`

func rawDest(r *RawRecord) []any {
	return []any{&r.Topic, &r.Partition, &r.Offset, &r.SchemaID, &r.ScrapedAt, &r.SourceURL, &r.SourceRevision, &r.IngestedAt}
}

// PlaylistChain returns the lineage of the current version of playlist key.
func PlaylistChain(ctx context.Context, db *pgxpool.Pool, key string) (PlaylistLineage, error) {
	var p PlaylistLineage
	dest := append([]any{&p.PlaylistKey, &p.SetID, &p.Source, &p.Name, &p.ParserVersion, &p.TracklistVersion,
		&p.Bronze.Topic, &p.Bronze.Partition, &p.Bronze.Offset}, rawDest(&p.Raw)...)
	dest = append(dest, &p.GoldCounted, &p.GoldInStep)
	err := db.QueryRow(ctx, `SELECT playlist_key, set_id, source, name, parser_version, tracklist_version,
			bronze_topic, bronze_partition, bronze_offset, `+rawColumns+`, gold_counted, gold_in_step
		FROM lineage_playlists WHERE playlist_key = $1`, key).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, fmt.Errorf("no playlist with key %q in silver: %w", key, ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("read lineage_playlists: %w", err)
	}
	return p, nil
}

// TrackChains returns up to limit silver lines of track (ordered by
// playlist and position) with their chains, and how many lines it has.
func TrackChains(ctx context.Context, db *pgxpool.Pool, track string, limit int) ([]TrackLine, int, error) {
	var total int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM silver_playlist_tracks WHERE track_id = $1`, track).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count lines: %w", err)
	}
	if total == 0 {
		return nil, 0, fmt.Errorf("no silver line has track %s: %w", track, ErrNotFound)
	}
	rows, err := db.Query(ctx, `SELECT track_id, playlist_key, position, raw_line, status, set_id, name,
			bronze_topic, bronze_partition, bronze_offset, `+rawColumns+`
		FROM lineage_tracks WHERE track_id = $1 ORDER BY playlist_key, position LIMIT $2`, track, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("read lineage_tracks: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (TrackLine, error) {
		var l TrackLine
		dest := append([]any{&l.TrackID, &l.PlaylistKey, &l.Position, &l.RawLine, &l.Status, &l.SetID, &l.Name,
			&l.Bronze.Topic, &l.Bronze.Partition, &l.Bronze.Offset}, rawDest(&l.Raw)...)
		return l, r.Scan(dest...)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("read lineage_tracks: %w", err)
	}
	return out, total, nil
}

// TransitionChains returns the transition from>to with up to limit of the
// lines that play it, the counted ones first.
func TransitionChains(ctx context.Context, db *pgxpool.Pool, from, to string, limit int) (Transition, error) {
	t := Transition{FromTrackID: from, ToTrackID: to}
	err := db.QueryRow(ctx, `SELECT
			coalesce((SELECT artist || ' - ' || title FROM silver_tracks WHERE track_id = $1), ''),
			coalesce((SELECT artist || ' - ' || title FROM silver_tracks WHERE track_id = $2), ''),
			coalesce(g.occurrences, 0), coalesce(g.playlists, 0), coalesce(g.djs, 0),
			(SELECT count(*) FROM gold_lines WHERE track_id = $1 AND next_track_id = $2)
		FROM (SELECT 1) one LEFT JOIN gold_transitions g ON g.from_track_id = $1 AND g.to_track_id = $2`,
		from, to).Scan(&t.FromTrack, &t.ToTrack, &t.Occurrences, &t.Playlists, &t.DJs, &t.Total)
	if err != nil {
		return t, fmt.Errorf("read gold_transitions: %w", err)
	}
	if t.Total == 0 {
		return t, fmt.Errorf("no playlist plays track %s then %s: %w", from, to, ErrNotFound)
	}
	rows, err := db.Query(ctx, `SELECT from_track_id, to_track_id, playlist_key, set_id, counted,
			from_position, from_line, to_position, to_line, `+rawColumns+`
		FROM lineage_transitions WHERE from_track_id = $1 AND to_track_id = $2
		ORDER BY counted DESC, playlist_key, from_position LIMIT $3`, from, to, limit)
	if err != nil {
		return t, fmt.Errorf("read lineage_transitions: %w", err)
	}
	t.Lines, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (TransitionLine, error) {
		var l TransitionLine
		// The raw columns are NULL when gold's row has no raw record (gold
		// wrote it before migration 0008 and silver had moved on) or bronze
		// has no row for it.
		var topic, url *string
		var part, schema *int32
		var off *int64
		var scraped *time.Time
		dest := []any{&l.FromTrackID, &l.ToTrackID, &l.PlaylistKey, &l.SetID, &l.Counted,
			&l.FromPosition, &l.FromLine, &l.ToPosition, &l.ToLine,
			&topic, &part, &off, &schema, &scraped, &url, &l.Raw.SourceRevision, &l.Raw.IngestedAt}
		if err := r.Scan(dest...); err != nil {
			return l, err
		}
		if topic != nil && part != nil && off != nil {
			l.Raw.Coordinates = Coordinates{*topic, *part, *off}
		}
		if schema != nil && scraped != nil && url != nil {
			l.Raw.SchemaID, l.Raw.ScrapedAt, l.Raw.SourceURL = *schema, *scraped, *url
		}
		return l, nil
	})
	if err != nil {
		return t, fmt.Errorf("read lineage_transitions: %w", err)
	}
	return t, nil
}
