package gold

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// apply moves the aggregates by the delta. Every statement visits its rows
// in key order, so that concurrent batches lock them in the same order.
func (d *delta) apply(ctx context.Context, tx pgx.Tx) error {
	if err := d.applyRefs(ctx, tx); err != nil {
		return err
	}
	if err := d.applyTracks(ctx, tx); err != nil {
		return err
	}
	return d.applyArtists(ctx, tx)
}

// applyRefs moves the reference counts, and turns every count that went
// from zero to positive, or back, into a distinct-count change of its
// parent.
func (d *delta) applyRefs(ctx context.Context, tx pgx.Tx) error {
	byHash := make(map[[16]byte]refKey, len(d.refs))
	var hs []pgtype.UUID
	for k, n := range d.refs {
		if n != 0 {
			h := k.hash()
			byHash[h] = k
			hs = append(hs, pgtype.UUID{Bytes: h, Valid: true})
		}
	}
	if len(hs) == 0 {
		return nil
	}
	// In the index's order: concurrent batches lock rows in the same order.
	slices.SortFunc(hs, func(a, b pgtype.UUID) int { return bytes.Compare(a.Bytes[:], b.Bytes[:]) })
	ns := make([]int32, len(hs))
	for i, h := range hs {
		ns[i] = int32(d.refs[byHash[h.Bytes]])
	}
	rows, err := tx.Query(ctx, `INSERT INTO gold_dj_refcounts AS r (h, n)
		SELECT * FROM unnest($1::uuid[], $2::int[])
		ON CONFLICT (h) DO UPDATE SET n = r.n + excluded.n
		RETURNING h, n`, hs, ns)
	if err != nil {
		return fmt.Errorf("move reference counts: %w", err)
	}
	var gone []pgtype.UUID
	for rows.Next() {
		var h pgtype.UUID
		var n int
		if err := rows.Scan(&h, &n); err != nil {
			rows.Close()
			return err
		}
		k := byHash[h.Bytes]
		before := n - d.refs[k]
		switch {
		case before <= 0 && n > 0:
			d.parentOf(k, 1)
		case before > 0 && n <= 0:
			d.parentOf(k, -1)
		}
		if n <= 0 {
			gone = append(gone, h)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(gone) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM gold_dj_refcounts WHERE h = ANY($1) AND n <= 0`, gone); err != nil {
		return fmt.Errorf("drop spent reference counts: %w", err)
	}
	return nil
}

// parentOf applies a distinct-count step to the aggregate k belongs to.
func (d *delta) parentOf(k refKey, step int64) {
	switch k.kind {
	case refTrackDJ:
		entry(d.tracks, k.a).djs += step
	case refArtistDJ:
		entry(d.artists, k.a).djs += step
	}
}

// day passes a YYYY-MM-DD day, or NULL for "", to a date column.
func nullDay(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (d *delta) applyTracks(ctx context.Context, tx pgx.Tx) error {
	ids := slices.Sorted(maps.Keys(d.tracks))
	if len(ids) == 0 {
		return nil
	}
	n := len(ids)
	artist, title, akey, genre, key := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	first, last := make([]*string, n), make([]*string, n)
	plays, sets, djs := make([]int64, n), make([]int64, n), make([]int64, n)
	var redo []string
	for i, id := range ids {
		v := d.tracks[id]
		artist[i], title[i], akey[i], genre[i], key[i] = v.artist, v.title, v.artistK, v.genre, v.key
		first[i], last[i] = nullDay(v.first), nullDay(v.last)
		plays[i], sets[i], djs[i] = v.plays, v.playlists, v.djs
		if v.withdrewDay {
			redo = append(redo, id)
		}
	}
	// A track row appears with its first play and goes with its last: the
	// artist's distinct tracks move with it.
	rows, err := tx.Query(ctx, `INSERT INTO gold_tracks AS k (track_id, artist, title, artist_key, genre, key, plays, playlists, djs, first_played, last_played)
		SELECT id, a, t, ak, nullif(g, ''), nullif(ky, ''), p, s, d, f, l
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[],
			$10::date[], $11::date[]) AS x(id, a, t, ak, g, ky, p, s, d, f, l)
		ON CONFLICT (track_id) DO UPDATE SET
			plays = k.plays + excluded.plays, playlists = k.playlists + excluded.playlists, djs = k.djs + excluded.djs,
			first_played = least(k.first_played, excluded.first_played), last_played = greatest(k.last_played, excluded.last_played),
			genre = coalesce(k.genre, excluded.genre), key = coalesce(k.key, excluded.key)
		RETURNING artist_key, xmax = 0`,
		ids, artist, title, akey, genre, key, plays, sets, djs, first, last)
	if err != nil {
		return fmt.Errorf("move tracks: %w", err)
	}
	for rows.Next() {
		var ak string
		var inserted bool
		if err := rows.Scan(&ak, &inserted); err != nil {
			rows.Close()
			return err
		}
		if inserted && ak != "" {
			entry(d.artists, ak).tracks++
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("move tracks: %w", err)
	}
	if len(redo) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE gold_tracks k SET first_played = m.lo, last_played = m.hi
			FROM (SELECT q.id, min(p.played_on) AS lo, max(p.played_on) AS hi
			      FROM unnest($1::text[]) AS q(id)
			      LEFT JOIN gold_lines l ON l.track_id = q.id
			      LEFT JOIN gold_playlists p ON p.playlist_key = l.playlist_key AND p.counted
			      GROUP BY q.id) m
			WHERE k.track_id = m.id`, redo); err != nil {
			return fmt.Errorf("date ranges of tracks: %w", err)
		}
	}
	gone, err := tx.Query(ctx, "DELETE FROM gold_tracks WHERE track_id = ANY($1) AND plays <= 0 RETURNING artist_key", ids)
	if err != nil {
		return fmt.Errorf("drop tracks no set plays: %w", err)
	}
	defer gone.Close()
	for gone.Next() {
		var ak string
		if err := gone.Scan(&ak); err != nil {
			return err
		}
		if ak != "" {
			entry(d.artists, ak).tracks--
		}
	}
	return gone.Err()
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
