package gold

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/songnodes/pipeline/internal/tracklist"
)

// Next is a track played after another.
type Next struct {
	Rank         int      `json:"rank"`
	TrackID      string   `json:"track_id"`
	Track        string   `json:"track"`
	Occurrences  int64    `json:"occurrences"`
	Playlists    int64    `json:"playlists"`
	DJs          int64    `json:"djs"`
	CamelotScore *float64 `json:"camelot_score"`
	MeanBPMDelta *float64 `json:"mean_bpm_delta"`
}

// Resolve parses a line ("Artist - Title") as silver would, artist aliases
// included, and returns its track ID.
func Resolve(ctx context.Context, db *pgxpool.Pool, line string) (string, error) {
	t := tracklist.ParseLine(line)
	if t.ID() == "" {
		return "", fmt.Errorf("%q does not identify a track (want \"Artist - Title\")", line)
	}
	rename := func(names []string) error {
		for i, n := range names {
			var c string
			err := db.QueryRow(ctx, "SELECT canonical FROM ref_artist_aliases WHERE alias_key = $1", tracklist.ArtistKey(n)).Scan(&c)
			switch {
			case err == nil:
				names[i] = c
			case !errors.Is(err, pgx.ErrNoRows):
				return err
			}
		}
		return nil
	}
	for _, names := range [][]string{t.Artists, t.Featured, t.Remixers} {
		if err := rename(names); err != nil {
			return "", fmt.Errorf("read artist aliases: %w", err)
		}
	}
	return t.ID(), nil
}

// NextTracks returns the tracks most played after track, strongest first.
func NextTracks(ctx context.Context, db *pgxpool.Pool, track string, limit int) ([]Next, error) {
	rows, err := db.Query(ctx, `SELECT rank, to_track_id, to_track, occurrences, playlists, djs, camelot_score, mean_bpm_delta
		FROM gold_next_tracks WHERE from_track_id = $1 ORDER BY rank, to_track_id LIMIT $2`, track, limit)
	if err != nil {
		return nil, fmt.Errorf("read next tracks: %w", err)
	}
	defer rows.Close()
	var out []Next
	for rows.Next() {
		var n Next
		if err := rows.Scan(&n.Rank, &n.TrackID, &n.Track, &n.Occurrences, &n.Playlists, &n.DJs, &n.CamelotScore, &n.MeanBPMDelta); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
