-- The queries people run on the song graph (docs/queries.md).

-- Transitions with names, means and a rank among the tracks played after
-- the same track (1: the most played next).
CREATE VIEW gold_next_tracks AS
SELECT t.from_track_id,
       f.artist || ' - ' || f.title AS from_track,
       t.to_track_id,
       n.artist || ' - ' || n.title AS to_track,
       t.occurrences, t.playlists, t.djs, t.first_seen, t.last_seen,
       t.bpm_delta_milli_sum / 1000.0 / nullif(t.bpm_delta_n, 0) AS mean_bpm_delta,
       t.camelot_tenths_sum / 10.0 / nullif(t.camelot_n, 0) AS camelot_score,
       rank() OVER (PARTITION BY t.from_track_id ORDER BY t.occurrences DESC, t.djs DESC) AS rank
FROM gold_transitions t
JOIN gold_tracks f ON f.track_id = t.from_track_id
JOIN gold_tracks n ON n.track_id = t.to_track_id;

-- Tracks with their most common next and previous tracks.
CREATE VIEW gold_track_summary AS
SELECT k.track_id, k.artist, k.title, k.genre, k.key, k.plays, k.playlists, k.djs, k.first_played, k.last_played,
       (SELECT t.to_track_id FROM gold_transitions t WHERE t.from_track_id = k.track_id
         ORDER BY t.occurrences DESC, t.to_track_id LIMIT 1) AS most_common_next,
       (SELECT t.from_track_id FROM gold_transitions t WHERE t.to_track_id = k.track_id
         ORDER BY t.occurrences DESC, t.from_track_id LIMIT 1) AS most_common_previous
FROM gold_tracks k;

-- The most played transitions between two dates (sets without a full date
-- are left out), optionally where the first track is of a genre.
CREATE FUNCTION gold_top_transitions(p_from date, p_to date, p_genre text DEFAULT NULL, p_limit int DEFAULT 20)
RETURNS TABLE (from_track text, to_track text, occurrences bigint, djs bigint)
LANGUAGE sql STABLE AS $$
    SELECT f.artist || ' - ' || f.title, n.artist || ' - ' || n.title,
           count(*), count(DISTINCT dj)
    FROM gold_occurrences o
    JOIN gold_tracks f ON f.track_id = o.from_track_id
    JOIN gold_tracks n ON n.track_id = o.to_track_id
    LEFT JOIN LATERAL unnest(o.dj_keys) AS dj ON true
    WHERE o.counted AND o.played_on BETWEEN p_from AND p_to
      AND (p_genre IS NULL OR f.genre ILIKE p_genre)
    GROUP BY 1, 2
    ORDER BY 3 DESC, 4 DESC, 1, 2
    LIMIT p_limit
$$;

-- A track's neighbourhood: the transitions from and to it (hop 1), and from
-- and to each of those tracks (hop 2), the strongest p_per_track of each.
CREATE FUNCTION gold_neighbourhood(p_track_id text, p_per_track int DEFAULT 10)
RETURNS TABLE (hop int, from_track_id text, to_track_id text, occurrences bigint)
LANGUAGE sql STABLE AS $$
    WITH hop1 AS (
        (SELECT 1 AS hop, from_track_id, to_track_id, occurrences FROM gold_transitions
          WHERE from_track_id = p_track_id ORDER BY occurrences DESC LIMIT p_per_track)
        UNION ALL
        (SELECT 1, from_track_id, to_track_id, occurrences FROM gold_transitions
          WHERE to_track_id = p_track_id ORDER BY occurrences DESC LIMIT p_per_track)
    ), near AS (
        SELECT DISTINCT CASE WHEN from_track_id = p_track_id THEN to_track_id ELSE from_track_id END AS track_id FROM hop1
    ), hop2 AS (
        SELECT 2 AS hop, x.from_track_id, x.to_track_id, x.occurrences
        FROM near
        CROSS JOIN LATERAL (
            (SELECT from_track_id, to_track_id, occurrences FROM gold_transitions
              WHERE from_track_id = near.track_id AND to_track_id <> p_track_id ORDER BY occurrences DESC LIMIT p_per_track)
            UNION ALL
            (SELECT from_track_id, to_track_id, occurrences FROM gold_transitions
              WHERE to_track_id = near.track_id AND from_track_id <> p_track_id ORDER BY occurrences DESC LIMIT p_per_track)
        ) x
    )
    SELECT * FROM hop1
    UNION
    SELECT * FROM hop2 WHERE (from_track_id, to_track_id) NOT IN (SELECT from_track_id, to_track_id FROM hop1)
    ORDER BY 1, 4 DESC, 2, 3
$$;
