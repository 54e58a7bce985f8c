-- Gold with half the rows. Gold was the pipeline's bottleneck, and most of
-- its time went into per-line rows and reference counts:
--   * one row per identified line (its track and, when there is a
--     transition, the next track) replaces an occurrence and a play;
--   * what is the same for every line of a playlist (its day, its DJs,
--     whether it counts) is kept once, with the playlist;
--   * reference counts are keyed by a 128-bit hash of (kind, a, b): a
--     16-byte key is half the cost of the text key to look up and upsert.
-- The data carries over: gold needs no replay.

ALTER TABLE gold_set_members RENAME TO gold_playlists;
ALTER INDEX gold_set_members_pkey RENAME TO gold_playlists_pkey;
ALTER INDEX gold_set_members_set RENAME TO gold_playlists_set;
ALTER TABLE gold_playlists ADD COLUMN played_on date, ADD COLUMN dj_keys text[] NOT NULL DEFAULT '{}';
UPDATE gold_playlists g SET played_on = p.played_on, dj_keys = p.dj_keys
FROM (SELECT DISTINCT ON (playlist_key) playlist_key, played_on, dj_keys FROM gold_plays ORDER BY playlist_key, position) p
WHERE p.playlist_key = g.playlist_key;
ALTER TABLE gold_playlists ALTER COLUMN dj_keys DROP DEFAULT;
CREATE INDEX gold_playlists_day ON gold_playlists (played_on) WHERE counted;

-- One row per identified line of every current playlist version.
-- next_track_id is set when the line starts a transition: the next line
-- is identified and a different track.
CREATE TABLE gold_lines (
    playlist_key   text COLLATE "C"  NOT NULL,
    position       int               NOT NULL,
    track_id       text COLLATE "C"  NOT NULL,
    artist_key     text COLLATE "C"  NOT NULL,
    next_track_id  text COLLATE "C",
    bpm_delta      double precision,
    camelot_score  double precision,
    PRIMARY KEY (playlist_key, position)
);
INSERT INTO gold_lines
SELECT p.playlist_key, p.position, p.track_id, p.artist_key, o.to_track_id, o.bpm_delta, o.camelot_score
FROM gold_plays p LEFT JOIN gold_occurrences o USING (playlist_key, position);
-- Serves both a track's lines and a pair's.
CREATE INDEX gold_lines_track ON gold_lines (track_id, next_track_id);
DROP TABLE gold_occurrences;
DROP TABLE gold_plays;

-- In how many counted playlists a DJ plays a transition, a track or an
-- artist, keyed by h = the first 16 bytes of
-- sha256(kind || 0x00 || a || 0x00 || b), kind in decimal:
--   kind 1: a = "from>to", b = DJ    kind 2: a = track, b = DJ
--   kind 4: a = artist key, b = DJ
CREATE TABLE gold_dj_refcounts (
    h  uuid  PRIMARY KEY,
    n  int   NOT NULL
) WITH (fillfactor = 80); -- room for HOT updates: n changes, the key never
INSERT INTO gold_dj_refcounts
SELECT encode(substr(sha256(convert_to(kind::text, 'UTF8') || '\x00'::bytea || convert_to(a, 'UTF8') || '\x00'::bytea
                            || convert_to(b, 'UTF8')), 1, 16), 'hex')::uuid, n
FROM gold_refcounts;
DROP TABLE gold_refcounts;

CREATE OR REPLACE FUNCTION gold_top_transitions(p_from date, p_to date, p_genre text DEFAULT NULL, p_limit int DEFAULT 20)
RETURNS TABLE (from_track text, to_track text, occurrences bigint, djs bigint)
LANGUAGE sql STABLE AS $$
    SELECT f.artist || ' - ' || f.title, n.artist || ' - ' || n.title,
           count(DISTINCT (l.playlist_key, l.position)), count(DISTINCT dj)
    FROM gold_playlists p
    JOIN gold_lines l ON l.playlist_key = p.playlist_key AND l.next_track_id IS NOT NULL
    JOIN gold_tracks f ON f.track_id = l.track_id
    JOIN gold_tracks n ON n.track_id = l.next_track_id
    LEFT JOIN LATERAL unnest(p.dj_keys) AS dj ON true
    WHERE p.counted AND p.played_on BETWEEN p_from AND p_to
      AND (p_genre IS NULL OR f.genre ILIKE p_genre)
    GROUP BY 1, 2
    ORDER BY 3 DESC, 4 DESC, 1, 2
    LIMIT p_limit
$$;
