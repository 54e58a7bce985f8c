package silver

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/songnodes/pipeline/internal/cache"
)

// RefTrack is what the reference data knows about a track.
type RefTrack struct {
	BPM   *float64 `json:"bpm,omitempty"`
	Key   string   `json:"key,omitempty"`
	Genre string   `json:"genre,omitempty"`
	Label string   `json:"label,omitempty"`
}

// Reference is the reference data a batch needs.
type Reference struct {
	Aliases map[string]string   // tracklist.ArtistKey of an alias -> canonical name
	Tracks  map[string]RefTrack // track_id -> what is known of it
}

// Enricher reads reference data from PostgreSQL through the Redis cache.
// Cache keys carry the reference data's version (ref_meta, bumped by every
// load), so a load is seen at once and no entry is ever stale; a missing
// entry (negative lookups are cached as "") and any Redis failure fall back
// to PostgreSQL, so the result never depends on Redis.
type Enricher struct {
	db     *pgxpool.Pool
	cache  *cache.Cache
	prefix string // of cache keys: the topic prefix, so pipelines can share a Redis
}

// NewEnricher returns an enricher; db nil means no reference data.
func NewEnricher(db *pgxpool.Pool, c *cache.Cache, prefix string) *Enricher {
	return &Enricher{db: db, cache: c, prefix: prefix}
}

// version reads the reference data's version.
func (e *Enricher) version(ctx context.Context) (string, error) {
	var v string
	if err := e.db.QueryRow(ctx, "SELECT version FROM ref_meta WHERE id = 1").Scan(&v); err != nil {
		return "", fmt.Errorf("read reference data version: %w", err)
	}
	return v, nil
}

func (e *Enricher) key(version, kind, k string) string {
	return e.prefix + ":ref:" + version + ":" + kind + ":" + k
}

// aliases returns the canonical names of the artist keys that have one.
func (e *Enricher) aliases(ctx context.Context, version string, keys []string) (map[string]string, error) {
	out := map[string]string{}
	if e.db == nil || len(keys) == 0 {
		return out, nil
	}
	missing, err := e.cached(ctx, version, "alias", keys, func(k, v string) error {
		out[k] = v
		return nil
	})
	if err != nil || len(missing) == 0 {
		return out, err
	}
	rows, err := e.db.Query(ctx, "SELECT alias_key, canonical FROM ref_artist_aliases WHERE alias_key = ANY($1)", missing)
	if err != nil {
		return nil, fmt.Errorf("read artist aliases: %w", err)
	}
	found := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return nil, err
		}
		found[k] = v
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	e.store(ctx, version, "alias", missing, found)
	return out, nil
}

// tracks returns what the reference data knows of the track IDs it knows.
func (e *Enricher) tracks(ctx context.Context, version string, ids []string) (map[string]RefTrack, error) {
	out := map[string]RefTrack{}
	if e.db == nil || len(ids) == 0 {
		return out, nil
	}
	missing, err := e.cached(ctx, version, "track", ids, func(k, v string) error {
		var t RefTrack
		if err := json.Unmarshal([]byte(v), &t); err != nil {
			return err
		}
		out[k] = t
		return nil
	})
	if err != nil || len(missing) == 0 {
		return out, err
	}
	rows, err := e.db.Query(ctx, `SELECT track_id, bpm, coalesce(key, ''), coalesce(genre, ''), coalesce(label, '')
		FROM ref_tracks WHERE track_id = ANY($1)`, missing)
	if err != nil {
		return nil, fmt.Errorf("read reference tracks: %w", err)
	}
	found := map[string]string{}
	for rows.Next() {
		var id string
		var t RefTrack
		if err := rows.Scan(&id, &t.BPM, &t.Key, &t.Genre, &t.Label); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = t
		b, _ := json.Marshal(t)
		found[id] = string(b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	e.store(ctx, version, "track", missing, found)
	return out, nil
}

// cached hands the cached entries of keys to use (skipping cached
// negatives) and returns the keys the cache did not have.
func (e *Enricher) cached(ctx context.Context, version string, kind string, keys []string, use func(k, v string) error) ([]string, error) {
	ck := make([]string, len(keys))
	for i, k := range keys {
		ck[i] = e.key(version, kind, k)
	}
	hit := e.cache.Get(ctx, ck)
	var missing []string
	for i, k := range keys {
		v, ok := hit[ck[i]]
		switch {
		case !ok:
			missing = append(missing, k)
		case v != "":
			if err := use(k, v); err != nil {
				missing = append(missing, k) // a damaged entry: read it again
			}
		}
	}
	return missing, nil
}

// store caches what was loaded, and "" for what PostgreSQL does not have.
func (e *Enricher) store(ctx context.Context, version string, kind string, asked []string, found map[string]string) {
	kv := make(map[string]string, len(asked))
	for _, k := range asked {
		kv[e.key(version, kind, k)] = found[k]
	}
	e.cache.Set(ctx, kv)
}
