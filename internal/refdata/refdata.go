// Package refdata loads reference data into PostgreSQL: artist aliases
// (several spellings of one artist) and what is known of tracks (BPM, key,
// genre, label). Silver reads them, through the Redis cache, to enrich
// every track.
package refdata

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/songnodes/pipeline/internal/tracklist"
)

// Alias maps a spelling of an artist to the canonical name.
type Alias struct {
	Alias     string `json:"alias"`
	Canonical string `json:"canonical"`
}

// Track is what is known of a track. TrackID may be left out: it is then
// computed from Artist and Title as silver computes it from a line.
type Track struct {
	TrackID string   `json:"track_id"`
	Artist  string   `json:"artist"`
	Title   string   `json:"title"`
	BPM     *float64 `json:"bpm"`
	Key     string   `json:"key"`
	Genre   string   `json:"genre"`
	Label   string   `json:"label"`
}

// Data is a reference file's content.
type Data struct {
	Aliases []Alias `json:"aliases"`
	Tracks  []Track `json:"tracks"`
}

// Parse reads a reference file: JSON ({"aliases": [...], "tracks": [...]})
// or CSV with a header row, either alias,canonical or
// [track_id,]artist,title,bpm,key,genre,label (columns in any order, the
// optional ones may be missing). Errors name the line and the field.
func Parse(r io.Reader, name string) (Data, error) {
	if strings.HasSuffix(strings.ToLower(name), ".json") {
		var d Data
		dec := json.NewDecoder(r)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			return Data{}, fmt.Errorf("%s: %w", name, err)
		}
		return d, d.check(name)
	}
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return Data{}, fmt.Errorf("%s: read header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	get := func(rec []string, c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	_, isAlias := col["alias"]
	_, hasArtist := col["artist"]
	_, hasID := col["track_id"]
	if !isAlias && !hasArtist && !hasID {
		return Data{}, fmt.Errorf("%s: header %q: want alias,canonical or track_id/artist,title,bpm,key,genre,label", name, strings.Join(head, ","))
	}
	var d Data
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Data{}, fmt.Errorf("%s: %w", name, err)
		}
		if isAlias {
			d.Aliases = append(d.Aliases, Alias{Alias: get(rec, "alias"), Canonical: get(rec, "canonical")})
			continue
		}
		t := Track{TrackID: get(rec, "track_id"), Artist: get(rec, "artist"), Title: get(rec, "title"),
			Key: get(rec, "key"), Genre: get(rec, "genre"), Label: get(rec, "label")}
		if s := get(rec, "bpm"); s != "" {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return Data{}, fmt.Errorf("%s line %d: bpm %q is not a number", name, line, s)
			}
			t.BPM = &f
		}
		d.Tracks = append(d.Tracks, t)
	}
	return d, d.check(name)
}

// check validates the data and fills in computed track IDs.
func (d *Data) check(name string) error {
	for i, a := range d.Aliases {
		if tracklist.ArtistKey(a.Alias) == "" || strings.TrimSpace(a.Canonical) == "" {
			return fmt.Errorf("%s: alias %d: alias and canonical are required", name, i+1)
		}
	}
	for i := range d.Tracks {
		t := &d.Tracks[i]
		if t.TrackID == "" {
			if t.Artist == "" || t.Title == "" {
				return fmt.Errorf("%s: track %d: give track_id, or artist and title", name, i+1)
			}
			t.TrackID = tracklist.ParseLine(t.Artist + " - " + t.Title).ID()
			if t.TrackID == "" {
				return fmt.Errorf("%s: track %d: %q - %q does not identify a track", name, i+1, t.Artist, t.Title)
			}
		}
		if len(t.TrackID) != 16 {
			return fmt.Errorf("%s: track %d: track_id %q is not 16 hex digits", name, i+1, t.TrackID)
		}
		if t.BPM != nil && !tracklist.ValidBPM(*t.BPM) {
			return fmt.Errorf("%s: track %d: bpm %g is out of range", name, i+1, *t.BPM)
		}
		if t.Key != "" {
			if _, ok := tracklist.ParseKey(t.Key); !ok {
				return fmt.Errorf("%s: track %d: key %q is not a key in any notation known", name, i+1, t.Key)
			}
		}
	}
	return nil
}

// Result counts what a load changed.
type Result struct {
	Aliases, Tracks int // rows inserted or changed
	Version         string
}

// Load upserts d in one transaction. Loading the same data again changes
// nothing (not even the version); anything changed gives the data a new
// version, which makes silver's cache entries of the earlier data
// unreachable.
func Load(ctx context.Context, pool *pgxpool.Pool, d Data) (Result, error) {
	if err := d.check("reference data"); err != nil {
		return Result{}, err
	}
	var res Result
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, a := range d.Aliases {
			tag, err := tx.Exec(ctx, `INSERT INTO ref_artist_aliases (alias_key, alias, canonical) VALUES ($1, $2, $3)
				ON CONFLICT (alias_key) DO UPDATE SET alias = excluded.alias, canonical = excluded.canonical
				WHERE (ref_artist_aliases.alias, ref_artist_aliases.canonical) IS DISTINCT FROM (excluded.alias, excluded.canonical)`,
				tracklist.ArtistKey(a.Alias), strings.TrimSpace(a.Alias), strings.TrimSpace(a.Canonical))
			if err != nil {
				return fmt.Errorf("alias %q: %w", a.Alias, err)
			}
			res.Aliases += int(tag.RowsAffected())
		}
		for _, t := range d.Tracks {
			tag, err := tx.Exec(ctx, `INSERT INTO ref_tracks (track_id, artist, title, bpm, key, genre, label)
				VALUES ($1, nullif($2, ''), nullif($3, ''), $4, nullif($5, ''), nullif($6, ''), nullif($7, ''))
				ON CONFLICT (track_id) DO UPDATE SET artist = excluded.artist, title = excluded.title, bpm = excluded.bpm,
					key = excluded.key, genre = excluded.genre, label = excluded.label
				WHERE (ref_tracks.artist, ref_tracks.title, ref_tracks.bpm, ref_tracks.key, ref_tracks.genre, ref_tracks.label)
					IS DISTINCT FROM (excluded.artist, excluded.title, excluded.bpm, excluded.key, excluded.genre, excluded.label)`,
				t.TrackID, t.Artist, t.Title, t.BPM, t.Key, t.Genre, t.Label)
			if err != nil {
				return fmt.Errorf("track %s: %w", t.TrackID, err)
			}
			res.Tracks += int(tag.RowsAffected())
		}
		q := "SELECT version FROM ref_meta WHERE id = 1"
		if res.Aliases+res.Tracks > 0 {
			q = "UPDATE ref_meta SET version = gen_random_uuid()::text WHERE id = 1 RETURNING version"
		}
		return tx.QueryRow(ctx, q).Scan(&res.Version)
	})
	return res, err
}
