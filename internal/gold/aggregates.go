package gold

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"
)

// apply moves the aggregates by the delta. Every statement visits its rows
// in key order, so that concurrent batches lock them in the same order.
func (d *delta) apply(ctx context.Context, tx pgx.Tx) error {
	if err := d.applyRefs(ctx, tx); err != nil {
		return err
	}
	if err := d.applyPairs(ctx, tx); err != nil {
		return err
	}
	if err := d.applyTracks(ctx, tx); err != nil {
		return err
	}
	return d.applyArtists(ctx, tx)
}

func compareRef(a, b refKey) int {
	return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.a, b.a), cmp.Compare(a.b, b.b), cmp.Compare(a.c, b.c))
}

// applyRefs moves the reference counts, and turns every count that went
// from zero to positive, or back, into a distinct-count change of its
// parent (and a date range to recompute, for days).
func (d *delta) applyRefs(ctx context.Context, tx pgx.Tx) error {
	var ks []refKey
	for k, n := range d.refs {
		if n != 0 {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return nil
	}
	slices.SortFunc(ks, compareRef)
	kinds, as, bs, cs, ns := make([]string, len(ks)), make([]string, len(ks)), make([]string, len(ks)), make([]string, len(ks)), make([]int32, len(ks))
	for i, k := range ks {
		kinds[i], as[i], bs[i], cs[i], ns[i] = k.kind, k.a, k.b, k.c, int32(d.refs[k])
	}
	rows, err := tx.Query(ctx, `INSERT INTO gold_refcounts AS r (kind, a, b, c, n)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
		ON CONFLICT (kind, a, b, c) DO UPDATE SET n = r.n + excluded.n
		RETURNING kind, a, b, c, n`, kinds, as, bs, cs, ns)
	if err != nil {
		return fmt.Errorf("move reference counts: %w", err)
	}
	var gone []refKey
	for rows.Next() {
		var k refKey
		var n int
		if err := rows.Scan(&k.kind, &k.a, &k.b, &k.c, &n); err != nil {
			rows.Close()
			return err
		}
		before := n - d.refs[k]
		var step int64
		switch {
		case before <= 0 && n > 0:
			step = 1
		case before > 0 && n <= 0:
			step = -1
		}
		if n <= 0 {
			gone = append(gone, k)
		}
		if step != 0 {
			d.parentOf(k, step)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(gone) == 0 {
		return nil
	}
	slices.SortFunc(gone, compareRef)
	kinds, as, bs, cs = kinds[:0], as[:0], bs[:0], cs[:0]
	for _, k := range gone {
		kinds, as, bs, cs = append(kinds, k.kind), append(as, k.a), append(bs, k.b), append(cs, k.c)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM gold_refcounts r USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS g(kind, a, b, c)
		WHERE r.kind = g.kind AND r.a = g.a AND r.b = g.b AND r.c = g.c AND r.n <= 0`, kinds, as, bs, cs); err != nil {
		return fmt.Errorf("drop spent reference counts: %w", err)
	}
	return nil
}

// parentOf applies a distinct-count step to the aggregate k belongs to.
func (d *delta) parentOf(k refKey, step int64) {
	pd := func() *pairDelta {
		p := pair{k.a, k.b}
		if d.pairs[p] == nil {
			d.pairs[p] = &pairDelta{}
		}
		return d.pairs[p]
	}
	td := func() *trackDelta {
		if d.tracks[k.a] == nil {
			d.tracks[k.a] = &trackDelta{}
		}
		return d.tracks[k.a]
	}
	ad := func() *artistDelta {
		if d.artists[k.a] == nil {
			d.artists[k.a] = &artistDelta{}
		}
		return d.artists[k.a]
	}
	switch k.kind {
	case "pair_set":
		pd().playlists += step
	case "pair_dj":
		pd().djs += step
	case "pair_day":
		pd().daysChanged = true
	case "track_set":
		td().playlists += step
	case "track_dj":
		td().djs += step
	case "track_day":
		td().daysChanged = true
	case "artist_track":
		ad().tracks += step
	case "artist_dj":
		ad().djs += step
	}
}

func (d *delta) applyPairs(ctx context.Context, tx pgx.Tx) error {
	ps := slices.SortedFunc(maps.Keys(d.pairs), func(a, b pair) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
	})
	if len(ps) == 0 {
		return nil
	}
	n := len(ps)
	from, to := make([]string, n), make([]string, n)
	occ, sets, djs, bpm, bpmN, cam, camN := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	var dayFrom, dayTo []string
	for i, p := range ps {
		v := d.pairs[p]
		from[i], to[i] = p.from, p.to
		occ[i], sets[i], djs[i], bpm[i], bpmN[i], cam[i], camN[i] = v.occurrences, v.playlists, v.djs, v.bpmMilli, v.bpmN, v.camelotTen, v.camelotN
		if v.daysChanged {
			dayFrom, dayTo = append(dayFrom, p.from), append(dayTo, p.to)
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO gold_transitions AS t (from_track_id, to_track_id, occurrences, playlists, djs,
			bpm_delta_milli_sum, bpm_delta_n, camelot_tenths_sum, camelot_n)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[])
		ON CONFLICT (from_track_id, to_track_id) DO UPDATE SET
			occurrences = t.occurrences + excluded.occurrences, playlists = t.playlists + excluded.playlists, djs = t.djs + excluded.djs,
			bpm_delta_milli_sum = t.bpm_delta_milli_sum + excluded.bpm_delta_milli_sum, bpm_delta_n = t.bpm_delta_n + excluded.bpm_delta_n,
			camelot_tenths_sum = t.camelot_tenths_sum + excluded.camelot_tenths_sum, camelot_n = t.camelot_n + excluded.camelot_n`,
		from, to, occ, sets, djs, bpm, bpmN, cam, camN); err != nil {
		return fmt.Errorf("move transitions: %w", err)
	}
	if len(dayFrom) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE gold_transitions t SET
				first_seen = (SELECT min(c)::date FROM gold_refcounts WHERE kind = 'pair_day' AND a = p.f AND b = p.t),
				last_seen = (SELECT max(c)::date FROM gold_refcounts WHERE kind = 'pair_day' AND a = p.f AND b = p.t)
			FROM unnest($1::text[], $2::text[]) AS p(f, t) WHERE t.from_track_id = p.f AND t.to_track_id = p.t`, dayFrom, dayTo); err != nil {
			return fmt.Errorf("date ranges of transitions: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM gold_transitions t USING unnest($1::text[], $2::text[]) AS p(f, t)
		WHERE t.from_track_id = p.f AND t.to_track_id = p.t AND t.occurrences <= 0`, from, to); err != nil {
		return fmt.Errorf("drop transitions no set plays: %w", err)
	}
	return nil
}

func (d *delta) applyTracks(ctx context.Context, tx pgx.Tx) error {
	ids := slices.Sorted(maps.Keys(d.tracks))
	if len(ids) == 0 {
		return nil
	}
	n := len(ids)
	artist, title, akey, genre, key := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	plays, sets, djs := make([]int64, n), make([]int64, n), make([]int64, n)
	var dayIDs []string
	for i, id := range ids {
		v := d.tracks[id]
		artist[i], title[i], akey[i], genre[i], key[i] = v.artist, v.title, v.artistK, v.genre, v.key
		plays[i], sets[i], djs[i] = v.plays, v.playlists, v.djs
		if v.daysChanged {
			dayIDs = append(dayIDs, id)
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO gold_tracks AS k (track_id, artist, title, artist_key, genre, key, plays, playlists, djs)
		SELECT id, a, t, ak, nullif(g, ''), nullif(ky, ''), p, s, d
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[])
			AS x(id, a, t, ak, g, ky, p, s, d)
		ON CONFLICT (track_id) DO UPDATE SET
			plays = k.plays + excluded.plays, playlists = k.playlists + excluded.playlists, djs = k.djs + excluded.djs,
			genre = coalesce(k.genre, excluded.genre), key = coalesce(k.key, excluded.key)`,
		ids, artist, title, akey, genre, key, plays, sets, djs); err != nil {
		return fmt.Errorf("move tracks: %w", err)
	}
	if len(dayIDs) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE gold_tracks k SET
				first_played = (SELECT min(b)::date FROM gold_refcounts WHERE kind = 'track_day' AND a = k.track_id),
				last_played = (SELECT max(b)::date FROM gold_refcounts WHERE kind = 'track_day' AND a = k.track_id)
			WHERE k.track_id = ANY($1)`, dayIDs); err != nil {
			return fmt.Errorf("date ranges of tracks: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, "DELETE FROM gold_tracks WHERE track_id = ANY($1) AND plays <= 0", ids); err != nil {
		return fmt.Errorf("drop tracks no set plays: %w", err)
	}
	return nil
}

func (d *delta) applyArtists(ctx context.Context, tx pgx.Tx) error {
	keys := slices.Sorted(maps.Keys(d.artists))
	if len(keys) == 0 {
		return nil
	}
	n := len(keys)
	names := make([]string, n)
	plays, tracks, djs := make([]int64, n), make([]int64, n), make([]int64, n)
	for i, k := range keys {
		v := d.artists[k]
		names[i], plays[i], tracks[i], djs[i] = v.name, v.plays, v.tracks, v.djs
	}
	if _, err := tx.Exec(ctx, `INSERT INTO gold_artists AS r (artist_key, name, tracks, plays, djs)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[])
		ON CONFLICT (artist_key) DO UPDATE SET
			tracks = r.tracks + excluded.tracks, plays = r.plays + excluded.plays, djs = r.djs + excluded.djs`,
		keys, names, tracks, plays, djs); err != nil {
		return fmt.Errorf("move artists: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM gold_artists WHERE artist_key = ANY($1) AND plays <= 0", keys); err != nil {
		return fmt.Errorf("drop artists no set plays: %w", err)
	}
	return nil
}
