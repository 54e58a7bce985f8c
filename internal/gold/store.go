package gold

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/songnodes/pipeline/internal/postgres"
)

// member is a playlist's row in gold_playlists: its place in its set, and
// what all its lines share.
type member struct {
	setID      string
	identified int
	counted    bool
	day        string
	djs        []string
	raw        *rawRecord // nil when not known (a row from before migration 0008)
	scrapedAt  *time.Time // nil when not known (a row from before migration 0010)
	// rev grows whenever what the playlist contributes to a pair may
	// change (its lines, its day, its DJs, its counted flag): the pairs
	// loop keeps the contribution of the highest rev (migration 0011).
	rev int64
	// withdrawn: the pairs its last change took lines away from
	// (migration 0009), told again when that change is read again.
	withdrawn []pair
}

// rawRecord is the raw record of the playlist version gold counted: its
// lineage (gold_playlists.raw_*). It moves no count.
type rawRecord struct {
	topic     string
	partition int32
	offset    int64
}

// supersedes reports whether m, the stored version of a playlist, is
// later than r in silver's order of versions: the later scrape, then the
// later raw record of one scrape time (versions of one key share a raw
// partition). Silver only ever sends a later version than the one it
// holds, so r is earlier only when gold reads the silver topic again (a
// replay of gold): skipping it keeps the tables, and the states told,
// from going back to an old version and forth again.
func (m member) supersedes(r rows) bool {
	switch {
	case m.scrapedAt == nil:
		return false
	case m.scrapedAt.After(r.scrapedAt):
		return true
	case m.scrapedAt.Before(r.scrapedAt):
		return false
	}
	return m.raw != nil && r.raw != nil && m.raw.topic == r.raw.topic && m.raw.partition == r.raw.partition &&
		m.raw.offset > r.raw.offset
}

// apply writes a batch's playlists (the last version of each, in rows)
// and moves the tracks' and artists' aggregates by the difference between
// what was counted before and what counts now. It takes out of batch, and
// returns, the keys of versions older than the stored ones (stale), and
// returns what every playlist whose contribution to a pair may have
// changed contributes now, for the pairs loop.
func apply(ctx context.Context, tx pgx.Tx, batch map[string]rows) (told []contribution, stale []string, err error) {
	keys := slices.Sorted(maps.Keys(batch))
	sets := map[string]bool{}
	for _, r := range batch {
		sets[r.setID] = true
	}
	// Two replicas may write playlists of one set (their keys differ, so
	// their partitions may too): one at a time per set, in a fixed order.
	if err := postgres.LockKeys(ctx, tx, "songnodes.gold.set", slices.Collect(maps.Keys(sets))); err != nil {
		return nil, nil, err
	}

	stored, err := members(ctx, tx, slices.Sorted(maps.Keys(sets)), keys)
	if err != nil {
		return nil, nil, err
	}
	keys = slices.DeleteFunc(keys, func(k string) bool {
		if stored[k].supersedes(batch[k]) {
			stale = append(stale, k)
			delete(batch, k)
			return true
		}
		return false
	})
	next := maps.Clone(stored)
	for k, r := range batch {
		m := member{setID: r.setID, identified: r.identified, day: r.day, djs: r.djs, raw: r.raw,
			withdrawn: stored[k].withdrawn, rev: stored[k].rev}
		if !r.scrapedAt.IsZero() {
			m.scrapedAt = &r.scrapedAt
		}
		next[k] = m
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
		return nil, nil, err
	}

	d := newDelta()
	now := map[string]rows{} // what each told playlist plays now
	var replayedSets []string
	for _, k := range affected {
		o, hadRows := old[k]
		n, inBatch := batch[k]
		if !inBatch {
			n = o
		}
		now[k] = n
		s := stored[k]
		if hadRows && s.counted == next[k].counted && sameRows(o, n) {
			// A replay: nothing moves, but what the playlist contributes
			// to every pair the change moved is told again, as the first
			// attempt's Kafka transaction may have been lost (gold died
			// between its PostgreSQL commit and its Kafka commit): the
			// pairs of its lines, those its last change withdrew, and
			// those of the set's other members, whose counted flag it may
			// have flipped. The rev is the first attempt's, so the pairs
			// loop takes it once.
			d.tell(k, n)
			for _, p := range s.withdrawn {
				d.tellPair(k, p)
			}
			replayedSets = append(replayedSets, s.setID)
			if s.rev == 0 { // stored before migration 0011: never told, now it is
				m := next[k]
				m.rev = 1
				next[k] = m
			}
			continue
		}
		m := next[k]
		m.rev++
		if hadRows {
			d.tell(k, o)
			if s.counted {
				d.add(o, -1)
			}
			if inBatch {
				m.withdrawn = withdrawnPairs(o, n)
			}
		} else {
			// No lines stored: perhaps the change being read again is the
			// one that took them all away.
			for _, p := range s.withdrawn {
				d.tellPair(k, p)
			}
		}
		next[k] = m
		d.tell(k, n)
		if m.counted {
			d.add(n, +1)
		}
	}

	if len(replayedSets) > 0 {
		if err := touchSets(ctx, tx, d, now, replayedSets, next); err != nil {
			return nil, nil, err
		}
	}
	if err := writeLines(ctx, tx, batch, keys, old); err != nil {
		return nil, nil, err
	}
	if err := writePlaylists(ctx, tx, next, affected); err != nil {
		return nil, nil, err
	}
	if err := d.apply(ctx, tx); err != nil {
		return nil, nil, err
	}
	return contributions(d.told, now, next), stale, nil
}

// withdrawnPairs: the pairs of o's lines that n has none of.
func withdrawnPairs(o, n rows) []pair {
	kept := map[pair]bool{}
	for _, x := range n.occurrences {
		kept[pair{x.from, x.to}] = true
	}
	var out []pair
	for _, x := range o.occurrences {
		if p := (pair{x.from, x.to}); !kept[p] {
			kept[p] = true // once each
			out = append(out, p)
		}
	}
	return out
}

// touchSets tells the pairs of every member of sets not in now (read
// already), and adds what they play to now.
func touchSets(ctx context.Context, tx pgx.Tx, d *delta, now map[string]rows, sets []string, next map[string]member) error {
	in := map[string]bool{}
	for _, s := range sets {
		in[s] = true
	}
	var keys []string
	for k, m := range next {
		if _, read := now[k]; in[m.setID] && !read {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	others, err := storedRows(ctx, tx, keys)
	if err != nil {
		return err
	}
	for k, r := range others {
		now[k] = r
		d.tell(k, r)
	}
	return nil
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
	rows, err := tx.Query(ctx, `SELECT playlist_key, set_id, identified_count, counted, coalesce(played_on::text, ''), dj_keys,
			raw_topic, raw_partition, raw_offset, withdrawn_from, withdrawn_to, scraped_at, rev
		FROM gold_playlists WHERE set_id = ANY($1) OR playlist_key = ANY($2)`, sets, keys)
	if err != nil {
		return nil, fmt.Errorf("read playlists: %w", err)
	}
	defer rows.Close()
	out := map[string]member{}
	for rows.Next() {
		var k string
		var m member
		var topic *string
		var partition *int32
		var offset *int64
		var wFrom, wTo []string
		if err := rows.Scan(&k, &m.setID, &m.identified, &m.counted, &m.day, &m.djs, &topic, &partition, &offset, &wFrom, &wTo, &m.scrapedAt, &m.rev); err != nil {
			return nil, err
		}
		for i := range min(len(wFrom), len(wTo)) {
			m.withdrawn = append(m.withdrawn, pair{wFrom[i], wTo[i]})
		}
		if topic != nil && partition != nil && offset != nil {
			m.raw = &rawRecord{*topic, *partition, *offset}
		}
		out[k] = m
	}
	return out, rows.Err()
}

// storedRows reads what the playlists keys contribute now: their lines,
// with the names of their tracks (which a withdrawal needs).
func storedRows(ctx context.Context, tx pgx.Tx, keys []string) (map[string]rows, error) {
	q, err := tx.Query(ctx, `SELECT l.playlist_key, g.set_id, coalesce(g.played_on::text, ''), g.dj_keys,
			l.position, l.track_id, l.artist_key, l.next_track_id, l.bpm_delta, l.camelot_score,
			coalesce(t.artist, ''), coalesce(t.title, '')
		FROM gold_lines l JOIN gold_playlists g USING (playlist_key) LEFT JOIN gold_tracks t USING (track_id)
		WHERE l.playlist_key = ANY($1) ORDER BY l.playlist_key, l.position`, keys)
	if err != nil {
		return nil, fmt.Errorf("read lines: %w", err)
	}
	defer q.Close()
	out := map[string]rows{}
	var r rows // the playlist being read; rows come ordered by playlist
	for q.Next() {
		var k, set, day string
		var djs []string
		var p play
		var next *string
		var bpm, cam *float64
		if err := q.Scan(&k, &set, &day, &djs, &p.position, &p.track, &p.artistK, &next, &bpm, &cam, &p.artist, &p.title); err != nil {
			return nil, err
		}
		if k != r.key {
			if r.key != "" {
				out[r.key] = r
			}
			r = rows{key: k, setID: set, day: day, djs: djs}
		}
		r.plays = append(r.plays, p)
		r.identified++
		if next != nil {
			r.occurrences = append(r.occurrences, occurrence{position: p.position, from: p.track, to: *next, bpmDelta: bpm, camelotScore: cam})
		}
	}
	if r.key != "" {
		out[r.key] = r
	}
	return out, q.Err()
}

// sameRows reports whether two versions contribute exactly the same.
func sameRows(a, b rows) bool {
	if a.setID != b.setID || a.day != b.day || !slices.Equal(a.djs, b.djs) ||
		len(a.occurrences) != len(b.occurrences) || len(a.plays) != len(b.plays) {
		return false
	}
	for i, o := range a.occurrences {
		p := b.occurrences[i]
		if o.position != p.position || o.from != p.from || o.to != p.to ||
			!eqf(o.bpmDelta, p.bpmDelta) || !eqf(o.camelotScore, p.camelotScore) {
			return false
		}
	}
	for i, o := range a.plays {
		p := b.plays[i]
		if o.position != p.position || o.track != p.track || o.artistK != p.artistK {
			return false
		}
	}
	return true
}

func eqf(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// writeLines replaces the stored lines of the batch's playlists.
func writeLines(ctx context.Context, tx pgx.Tx, batch map[string]rows, keys []string, old map[string]rows) error {
	var replaced []string // playlists seen before: their lines go first
	for _, k := range keys {
		if _, ok := old[k]; ok {
			replaced = append(replaced, k)
		}
	}
	if len(replaced) > 0 {
		if _, err := tx.Exec(ctx, "DELETE FROM gold_lines WHERE playlist_key = ANY($1)", replaced); err != nil {
			return fmt.Errorf("delete lines: %w", err)
		}
	}
	var lines [][]any
	for _, k := range keys {
		r := batch[k]
		occ := r.occurrences
		for _, p := range r.plays {
			line := []any{k, int32(p.position), p.track, p.artistK, nil, nil, nil}
			if len(occ) > 0 && occ[0].position == p.position {
				line[4], line[5], line[6] = occ[0].to, occ[0].bpmDelta, occ[0].camelotScore
				occ = occ[1:]
			}
			lines = append(lines, line)
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"gold_lines"}, []string{"playlist_key", "position", "track_id", "artist_key",
		"next_track_id", "bpm_delta", "camelot_score"}, pgx.CopyFromRows(lines)); err != nil {
		return fmt.Errorf("copy lines: %w", err)
	}
	return nil
}

// writePlaylists writes the affected playlists' rows: the batch's, and
// those whose counted flag flipped.
func writePlaylists(ctx context.Context, tx pgx.Tx, next map[string]member, affected []string) error {
	n := len(affected)
	sets, ids, counted, days := make([]string, n), make([]int32, n), make([]bool, n), make([]*string, n)
	rawTopics, rawParts, rawOffs := make([]*string, n), make([]*int32, n), make([]*int64, n)
	scraped, revs := make([]*time.Time, n), make([]int64, n)
	// Every playlist's DJs as a slice [lo:hi] of one flat array: a
	// parameter cannot be an array of arrays of different lengths.
	var djs, wFrom, wTo []string
	lo, hi := make([]int32, n), make([]int32, n)
	wLo, wHi := make([]int32, n), make([]int32, n)
	for i, k := range affected {
		m := next[k]
		sets[i], ids[i], counted[i], days[i] = m.setID, int32(m.identified), m.counted, nullDay(m.day)
		if m.raw != nil {
			rawTopics[i], rawParts[i], rawOffs[i] = &m.raw.topic, &m.raw.partition, &m.raw.offset
		}
		scraped[i], revs[i] = m.scrapedAt, m.rev
		lo[i] = int32(len(djs) + 1)
		djs = append(djs, m.djs...)
		hi[i] = int32(len(djs))
		wLo[i] = int32(len(wFrom) + 1)
		for _, p := range m.withdrawn {
			wFrom, wTo = append(wFrom, p.from), append(wTo, p.to)
		}
		wHi[i] = int32(len(wFrom))
	}
	_, err := tx.Exec(ctx, `INSERT INTO gold_playlists (playlist_key, set_id, identified_count, counted, played_on, dj_keys,
			raw_topic, raw_partition, raw_offset, withdrawn_from, withdrawn_to, scraped_at, rev)
		SELECT k, s, i, c, d, coalesce(($7::text[])[lo:hi], '{}'), rt, rp, ro,
			coalesce(($12::text[])[wlo:whi], '{}'), coalesce(($13::text[])[wlo:whi], '{}'), sa, rv
		FROM unnest($1::text[], $2::text[], $3::int[], $4::bool[], $5::date[], $6::int[], $8::int[],
			$9::text[], $10::int[], $11::bigint[], $14::int[], $15::int[], $16::timestamptz[], $17::bigint[])
			AS u(k, s, i, c, d, lo, hi, rt, rp, ro, wlo, whi, sa, rv)
		ON CONFLICT (playlist_key) DO UPDATE SET set_id = excluded.set_id, identified_count = excluded.identified_count,
			counted = excluded.counted, played_on = excluded.played_on, dj_keys = excluded.dj_keys,
			raw_topic = excluded.raw_topic, raw_partition = excluded.raw_partition, raw_offset = excluded.raw_offset,
			withdrawn_from = excluded.withdrawn_from, withdrawn_to = excluded.withdrawn_to, scraped_at = excluded.scraped_at, rev = excluded.rev`,
		affected, sets, ids, counted, days, lo, djs, hi, rawTopics, rawParts, rawOffs, wFrom, wTo, wLo, wHi, scraped, revs)
	if err != nil {
		return fmt.Errorf("write playlists: %w", err)
	}
	return nil
}
