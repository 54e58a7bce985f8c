package silver

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/record"

	"github.com/songnodes/pipeline/internal/tracklist"
)

// current is what silver_playlists holds of a playlist's current version.
type current struct {
	stored    bool // in silver_playlists (not only earlier in the batch)
	setID     string
	scrapedAt time.Time
	bronze    record.Lineage // topic, partition and offset of the bronze record
	raw       record.Lineage // topic, partition and offset of the raw record
}

// replacedBy reports whether version d replaces c: a later scrape, or the
// same scrape read again (a replay) or later in the topic.
func (c current) replacedBy(d *draft) bool {
	s := d.out.ScrapedAt
	switch {
	case s.After(c.scrapedAt):
		return true
	case s.Before(c.scrapedAt):
		return false
	}
	// The same scrape time: the later raw record wins. Versions of one
	// key share a raw partition, so their offsets compare; the bronze
	// offsets would not after a replay of bronze, which writes every
	// record again at new offsets.
	if r := d.out.RawLineage; r.Topic == c.raw.Topic && r.Partition == c.raw.Partition {
		return r.Offset >= c.raw.Offset
	}
	l := d.out.Lineage
	return l.Partition != c.bronze.Partition || l.Offset >= c.bronze.Offset
}

// sameRecord reports whether d is the raw record c was made from, read
// again: bronze was replayed, or silver.
func (c current) sameRecord(d *draft) bool {
	r := d.out.RawLineage
	return r.Topic == c.raw.Topic && r.Partition == c.raw.Partition && r.Offset == c.raw.Offset
}

// candidate is a stored playlist a new one may be the same set as.
type candidate struct {
	key, setID string
	djKeys     []string
	trackIDs   []string
}

// resolve decides, in batch order, which drafts replace the current
// version of their playlist (the others are stale) and gives every kept
// draft its set ID. It returns the kept drafts.
func resolve(ctx context.Context, tx pgx.Tx, drafts []*draft) ([]*draft, error) {
	keys := make([]string, 0, len(drafts))
	for _, d := range drafts {
		keys = append(keys, d.out.PlaylistKey)
	}
	// Linking sets reads other playlists of the same day: take the day's
	// lock first, so that two replicas linking the two halves of one set
	// cannot each miss the other. Sorted, so that locks never cross.
	var days []string
	for _, d := range drafts {
		if d.out.PlayedOn != nil {
			days = append(days, d.out.PlayedOn.Format(time.DateOnly))
		}
	}
	slices.Sort(days)
	days = slices.Compact(days)
	if err := postgres.LockKeys(ctx, tx, "songnodes.silver.set", days); err != nil {
		return nil, err
	}

	cur := map[string]current{}
	rows, err := tx.Query(ctx, `SELECT playlist_key, set_id, scraped_at, bronze_topic, bronze_partition, bronze_offset,
		raw_topic, raw_partition, raw_offset
		FROM silver_playlists WHERE playlist_key = ANY($1)`, keys)
	if err != nil {
		return nil, fmt.Errorf("read current versions: %w", err)
	}
	for rows.Next() {
		var k string
		var c current
		if err := rows.Scan(&k, &c.setID, &c.scrapedAt, &c.bronze.Topic, &c.bronze.Partition, &c.bronze.Offset,
			&c.raw.Topic, &c.raw.Partition, &c.raw.Offset); err != nil {
			rows.Close()
			return nil, err
		}
		c.stored = true
		cur[k] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}

	byDay, err := candidates(ctx, tx, days)
	if err != nil {
		return nil, err
	}
	var kept []*draft
	for _, d := range drafts {
		key := d.out.PlaylistKey
		c, exists := cur[key]
		if exists && !c.replacedBy(d) {
			d.stale = true
			continue
		}
		if exists {
			d.out.SetID = c.setID // a set's identity never moves
			d.stored = c.stored
			if c.sameRecord(d) {
				// The same raw record through a replayed bronze: its
				// lineage stays the first bronze record's, so that the
				// row is written again identically.
				d.out.Lineage.Topic, d.out.Lineage.Partition, d.out.Lineage.Offset = c.bronze.Topic, c.bronze.Partition, c.bronze.Offset
			}
		} else if d.out.PlayedOn != nil {
			day := d.out.PlayedOn.Format(time.DateOnly)
			d.out.SetID = match(d, byDay[day])
			byDay[day] = append(byDay[day], candidate{key: key, setID: d.out.SetID, djKeys: djKeys(d.out.Djs), trackIDs: d.trackIDs()})
		}
		cur[key] = current{stored: d.stored, setID: d.out.SetID, scrapedAt: d.out.ScrapedAt, bronze: d.out.Lineage, raw: d.out.RawLineage}
		kept = append(kept, d)
	}
	return kept, nil
}

// candidates reads the stored playlists of the given days.
func candidates(ctx context.Context, tx pgx.Tx, days []string) (map[string][]candidate, error) {
	out := map[string][]candidate{}
	if len(days) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, `SELECT played_on::text, playlist_key, set_id, dj_keys, track_ids
		FROM silver_playlists WHERE played_on = ANY($1::date[]) ORDER BY playlist_key`, days)
	if err != nil {
		return nil, fmt.Errorf("read playlists of the same days: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day string
		var c candidate
		if err := rows.Scan(&day, &c.key, &c.setID, &c.djKeys, &c.trackIDs); err != nil {
			return nil, err
		}
		out[day] = append(out[day], c)
	}
	return out, rows.Err()
}

// match returns the set ID of the first candidate that is the same DJ set
// (a DJ in common and the same tracks in the same order), or the draft's
// own key.
func match(d *draft, cands []candidate) string {
	dj := djKeys(d.out.Djs)
	ids := d.trackIDs()
	for _, c := range cands {
		if c.key == d.out.PlaylistKey || !overlap(dj, c.djKeys) {
			continue
		}
		if tracklist.SameSet(ids, c.trackIDs) {
			return c.setID
		}
	}
	return d.out.PlaylistKey
}

func djKeys(djs []string) []string {
	out := make([]string, 0, len(djs))
	for _, n := range djs {
		out = append(out, tracklist.ArtistKey(n))
	}
	return out
}

func overlap(a, b []string) bool {
	for _, x := range a {
		if x != "" && slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// write stores the kept drafts: the last version of each playlist replaces
// the stored one, its track lines replace the stored ones (lines that
// moved or vanished go), and tracks and artists seen for the first time
// are added. Every statement is keyed by natural keys, so writing the same
// batch again changes nothing.
func write(ctx context.Context, tx pgx.Tx, kept []*draft) error {
	last := map[string]*draft{}
	var order []string
	for _, d := range kept {
		if _, ok := last[d.out.PlaylistKey]; !ok {
			order = append(order, d.out.PlaylistKey)
		}
		last[d.out.PlaylistKey] = d
	}
	final := make([]*draft, 0, len(order))
	for _, k := range order {
		final = append(final, last[k])
	}

	// A version replaces the stored one, row and lines, and a new
	// playlist is copied in: no upsert, and nothing to delete for the
	// many playlists seen for the first time.
	var replaced []string
	for _, d := range final {
		if d.stored {
			replaced = append(replaced, d.out.PlaylistKey)
		}
	}
	if len(replaced) > 0 {
		if _, err := tx.Exec(ctx, "DELETE FROM silver_playlists WHERE playlist_key = ANY($1)", replaced); err != nil {
			return fmt.Errorf("delete replaced playlists: %w", err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM silver_playlist_tracks WHERE playlist_key = ANY($1)", replaced); err != nil {
			return fmt.Errorf("delete replaced track lines: %w", err)
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"silver_playlists"}, playlistColumns, pgx.CopyFromSlice(len(final), func(i int) ([]any, error) {
		return playlistRow(final[i]), nil
	})); err != nil {
		return fmt.Errorf("copy silver playlists: %w", err)
	}
	var rows [][]any
	tracks := map[string][]any{}
	artists := map[string]string{}
	addArtist := func(n string) {
		if k := tracklist.ArtistKey(n); k != "" {
			if _, ok := artists[k]; !ok {
				artists[k] = n
			}
		}
	}
	for _, d := range final {
		for _, dj := range d.out.Djs {
			addArtist(dj)
		}
		for _, t := range d.out.Tracks {
			rows = append(rows, []any{d.out.PlaylistKey, int32(t.Position), t.TrackID, t.RawLine, t.Cue, t.Artists, t.Featured, t.Remixers,
				t.Title, t.Version, t.Label, t.Catalog, t.Key, t.Camelot, t.Bpm, t.Genre, t.Status, t.Issues,
				t.WithPrevious})
			if t.TrackID == nil {
				continue
			}
			for _, n := range slices.Concat(t.Artists, t.Featured, t.Remixers) {
				addArtist(n)
			}
			if _, ok := tracks[*t.TrackID]; !ok {
				tracks[*t.TrackID] = []any{*t.TrackID, t.Artists[0], *t.Title, t.Artists, t.Featured, t.Remixers}
			}
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"silver_playlist_tracks"}, trackLineColumns, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy silver track lines: %w", err)
	}
	if err := insertNew(ctx, tx, "silver_tracks", []string{"track_id", "artist", "title", "artists", "featured", "remixers"}, sortedRows(tracks)); err != nil {
		return err
	}
	artistRows := map[string][]any{}
	for k, n := range artists {
		artistRows[k] = []any{k, n}
	}
	return insertNew(ctx, tx, "silver_artists", []string{"artist_key", "name"}, sortedRows(artistRows))
}

// insertNew inserts the rows whose key (first column) is not stored yet:
// the first sighting of a track or an artist names it. Most batches find
// every key stored and write nothing. Two replicas inserting one new key
// at once collide on it; the loser's batch is retried and finds it.
func insertNew(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r[0].(string)
	}
	q, err := tx.Query(ctx, fmt.Sprintf("SELECT %s FROM %s WHERE %s = ANY($1)", cols[0], table, cols[0]), keys)
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	known, err := pgx.CollectRows(q, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	have := make(map[string]bool, len(known))
	for _, k := range known {
		have[k] = true
	}
	fresh := rows[:0:0]
	for _, r := range rows {
		if !have[r[0].(string)] {
			fresh = append(fresh, r)
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(fresh)); err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

// sortedRows orders rows by key, so that concurrent batches insert in the
// same order and never deadlock.
func sortedRows(m map[string][]any) [][]any {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([][]any, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

var playlistColumns = []string{
	"playlist_key", "set_id", "source", "source_url", "source_playlist_id", "name", "djs", "dj_keys",
	"played_on", "played_on_text", "venue", "event", "scraped_at", "parser_version", "track_count",
	"identified_count", "track_ids", "bronze_topic", "bronze_partition", "bronze_offset",
	"raw_topic", "raw_partition", "raw_offset", "writer_schema_id", "tracklist_version",
}

func playlistRow(d *draft) []any {
	o := &d.out
	ids := d.trackIDs()
	return []any{
		o.PlaylistKey, o.SetID, o.Source, o.SourceURL, o.SourcePlaylistID, o.Name, o.Djs, djKeys(o.Djs),
		o.PlayedOn, o.PlayedOnText, o.Venue, o.Event, o.ScrapedAt, o.ParserVersion, int32(d.trackLines()),
		int32(len(ids)), ids, o.Lineage.Topic, int32(o.Lineage.Partition), o.Lineage.Offset,
		o.RawLineage.Topic, int32(o.RawLineage.Partition), o.RawLineage.Offset, int32(o.RawLineage.WriterSchemaID),
		o.TracklistVersion,
	}
}

var trackLineColumns = []string{
	"playlist_key", "position", "track_id", "raw_line", "cue", "artists", "featured", "remixers",
	"title", "version", "label", "catalog", "key", "camelot", "bpm", "genre", "status", "issues",
	"with_previous",
}
