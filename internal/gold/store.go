package gold

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/songnodes/pipeline/internal/postgres"
)

// member is a playlist's place in its set.
type member struct {
	setID      string
	identified int
	counted    bool
}

// apply writes a batch's playlists (the last version of each, in rows)
// and moves the aggregates by the difference between what was counted
// before and what counts now. It returns every pair whose state a reader
// should be told again.
func apply(ctx context.Context, tx pgx.Tx, batch map[string]rows) ([]pair, error) {
	keys := slices.Sorted(maps.Keys(batch))
	sets := map[string]bool{}
	for _, r := range batch {
		sets[r.setID] = true
	}
	// Two replicas may write playlists of one set (their keys differ, so
	// their partitions may too): one at a time per set, in a fixed order.
	if err := postgres.LockKeys(ctx, tx, "songnodes.gold.set", slices.Collect(maps.Keys(sets))); err != nil {
		return nil, err
	}

	stored, err := members(ctx, tx, slices.Sorted(maps.Keys(sets)), keys)
	if err != nil {
		return nil, err
	}
	next := maps.Clone(stored)
	for k, r := range batch {
		next[k] = member{setID: r.setID, identified: r.identified}
	}
	countedNow := canonical(next)
	for k, m := range next {
		m.counted = countedNow[k]
		next[k] = m
	}

	// The playlists whose contribution may change: the batch's, and
	// members of its sets whose counted flag flips.
	affected := slices.Clone(keys)
	for k, m := range next {
		if _, inBatch := batch[k]; !inBatch && m.counted != stored[k].counted {
			affected = append(affected, k)
		}
	}
	slices.Sort(affected)
	old, err := storedRows(ctx, tx, affected)
	if err != nil {
		return nil, err
	}

	d := newDelta()
	for _, k := range affected {
		o, hadRows := old[k]
		n, inBatch := batch[k]
		if !inBatch {
			n = o
		}
		s := stored[k]
		if hadRows && s.counted == next[k].counted && sameRows(o, n) {
			d.touch(n) // a replay: nothing moves, the state is told again
			continue
		}
		if hadRows {
			d.touch(o)
			if s.counted {
				d.add(o, -1)
			}
		}
		d.touch(n)
		if next[k].counted {
			d.add(n, +1)
		}
	}

	if err := writeRows(ctx, tx, batch, keys, old, next, affected); err != nil {
		return nil, err
	}
	if err := writeMembers(ctx, tx, next, affected); err != nil {
		return nil, err
	}
	if err := d.apply(ctx, tx); err != nil {
		return nil, err
	}
	return slices.SortedFunc(maps.Keys(d.touched), func(a, b pair) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
	}), nil
}

// canonical picks the counted member of every set: the one with the most
// identified tracks, the smallest key on a tie.
func canonical(ms map[string]member) map[string]bool {
	best := map[string]string{}
	for k, m := range ms {
		b, ok := best[m.setID]
		if !ok || m.identified > ms[b].identified || (m.identified == ms[b].identified && k < b) {
			best[m.setID] = k
		}
	}
	out := make(map[string]bool, len(ms))
	for k, m := range ms {
		out[k] = best[m.setID] == k
	}
	return out
}

func members(ctx context.Context, tx pgx.Tx, sets, keys []string) (map[string]member, error) {
	rows, err := tx.Query(ctx, `SELECT playlist_key, set_id, identified_count, counted FROM gold_set_members
		WHERE set_id = ANY($1) OR playlist_key = ANY($2)`, sets, keys)
	if err != nil {
		return nil, fmt.Errorf("read set members: %w", err)
	}
	defer rows.Close()
	out := map[string]member{}
	for rows.Next() {
		var k string
		var m member
		if err := rows.Scan(&k, &m.setID, &m.identified, &m.counted); err != nil {
			return nil, err
		}
		out[k] = m
	}
	return out, rows.Err()
}

// storedRows reads the occurrences and plays stored for keys.
func storedRows(ctx context.Context, tx pgx.Tx, keys []string) (map[string]rows, error) {
	out := map[string]rows{}
	get := func(k, set string) *rows {
		r, ok := out[k]
		if !ok {
			r = rows{key: k, setID: set}
		}
		out[k] = r
		return &r
	}
	q, err := tx.Query(ctx, `SELECT playlist_key, position, set_id, from_track_id, to_track_id, coalesce(played_on::text, ''),
		dj_keys, bpm_delta, camelot_score FROM gold_occurrences WHERE playlist_key = ANY($1) ORDER BY playlist_key, position`, keys)
	if err != nil {
		return nil, fmt.Errorf("read occurrences: %w", err)
	}
	for q.Next() {
		var k, set string
		var o occurrence
		if err := q.Scan(&k, &o.position, &set, &o.from, &o.to, &o.day, &o.djs, &o.bpmDelta, &o.camelotScore); err != nil {
			q.Close()
			return nil, err
		}
		r := get(k, set)
		r.occurrences = append(r.occurrences, o)
		out[k] = *r
	}
	if err := q.Err(); err != nil {
		return nil, err
	}
	q, err = tx.Query(ctx, `SELECT p.playlist_key, p.position, p.set_id, p.track_id, p.artist_key, coalesce(p.played_on::text, ''), p.dj_keys,
		coalesce(t.artist, ''), coalesce(t.title, '')
		FROM gold_plays p LEFT JOIN gold_tracks t USING (track_id)
		WHERE p.playlist_key = ANY($1) ORDER BY p.playlist_key, p.position`, keys)
	if err != nil {
		return nil, fmt.Errorf("read plays: %w", err)
	}
	defer q.Close()
	for q.Next() {
		var k, set string
		var p play
		if err := q.Scan(&k, &p.position, &set, &p.track, &p.artistK, &p.day, &p.djs, &p.artist, &p.title); err != nil {
			return nil, err
		}
		r := get(k, set)
		r.plays = append(r.plays, p)
		r.identified++
		out[k] = *r
	}
	return out, q.Err()
}

// sameRows reports whether two versions contribute exactly the same.
func sameRows(a, b rows) bool {
	if a.setID != b.setID || len(a.occurrences) != len(b.occurrences) || len(a.plays) != len(b.plays) {
		return false
	}
	for i, o := range a.occurrences {
		p := b.occurrences[i]
		if o.position != p.position || o.from != p.from || o.to != p.to || o.day != p.day ||
			!slices.Equal(o.djs, p.djs) || !eqf(o.bpmDelta, p.bpmDelta) || !eqf(o.camelotScore, p.camelotScore) {
			return false
		}
	}
	for i, o := range a.plays {
		p := b.plays[i]
		if o.position != p.position || o.track != p.track || o.artistK != p.artistK || o.day != p.day || !slices.Equal(o.djs, p.djs) {
			return false
		}
	}
	return true
}

func eqf(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// writeRows replaces the stored rows of the batch's playlists and sets
// the counted flag of the other affected ones.
func writeRows(ctx context.Context, tx pgx.Tx, batch map[string]rows, keys []string, old map[string]rows, next map[string]member, affected []string) error {
	var replaced []string // playlists seen before: their rows go first
	for _, k := range keys {
		if _, ok := old[k]; ok {
			replaced = append(replaced, k)
		}
	}
	if len(replaced) > 0 {
		if _, err := tx.Exec(ctx, "DELETE FROM gold_occurrences WHERE playlist_key = ANY($1)", replaced); err != nil {
			return fmt.Errorf("delete occurrences: %w", err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM gold_plays WHERE playlist_key = ANY($1)", replaced); err != nil {
			return fmt.Errorf("delete plays: %w", err)
		}
	}
	var occ, plays [][]any
	for _, k := range keys {
		r := batch[k]
		counted := next[k].counted
		for _, o := range r.occurrences {
			occ = append(occ, []any{k, int32(o.position), r.setID, o.from, o.to, day(o.day), o.djs, o.bpmDelta, o.camelotScore, counted})
		}
		for _, p := range r.plays {
			plays = append(plays, []any{k, int32(p.position), r.setID, p.track, p.artistK, day(p.day), p.djs, counted})
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"gold_occurrences"}, []string{"playlist_key", "position", "set_id", "from_track_id",
		"to_track_id", "played_on", "dj_keys", "bpm_delta", "camelot_score", "counted"}, pgx.CopyFromRows(occ)); err != nil {
		return fmt.Errorf("copy occurrences: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"gold_plays"}, []string{"playlist_key", "position", "set_id", "track_id",
		"artist_key", "played_on", "dj_keys", "counted"}, pgx.CopyFromRows(plays)); err != nil {
		return fmt.Errorf("copy plays: %w", err)
	}
	var flipped []string
	var flags []bool
	for _, k := range affected {
		if _, ok := batch[k]; !ok {
			flipped = append(flipped, k)
			flags = append(flags, next[k].counted)
		}
	}
	if len(flipped) == 0 {
		return nil
	}
	for _, table := range []string{"gold_occurrences", "gold_plays"} {
		if _, err := tx.Exec(ctx, `UPDATE `+table+` t SET counted = f.counted
			FROM unnest($1::text[], $2::bool[]) AS f(playlist_key, counted) WHERE t.playlist_key = f.playlist_key`, flipped, flags); err != nil {
			return fmt.Errorf("flip %s: %w", table, err)
		}
	}
	return nil
}

func writeMembers(ctx context.Context, tx pgx.Tx, next map[string]member, affected []string) error {
	var keys, sets []string
	var ids []int32
	var counted []bool
	for _, k := range affected {
		m := next[k]
		keys, sets, ids, counted = append(keys, k), append(sets, m.setID), append(ids, int32(m.identified)), append(counted, m.counted)
	}
	_, err := tx.Exec(ctx, `INSERT INTO gold_set_members (playlist_key, set_id, identified_count, counted)
		SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bool[])
		ON CONFLICT (playlist_key) DO UPDATE SET set_id = excluded.set_id, identified_count = excluded.identified_count, counted = excluded.counted`,
		keys, sets, ids, counted)
	if err != nil {
		return fmt.Errorf("write set members: %w", err)
	}
	return nil
}

// day passes a YYYY-MM-DD day, or NULL, to a date column.
func day(s string) any {
	if s == "" {
		return nil
	}
	t, _ := time.Parse(time.DateOnly, s)
	return t
}
