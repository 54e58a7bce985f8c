-- Gold by pair (docs/decisions.md, "Gold keeps transitions by pair"): the
-- transitions are counted by gold's pairs loop, one owner per pair, from
-- what each playlist contributes; gold_transitions is written as its sink.
--
-- rev: grows whenever what a playlist contributes to a pair may change; the
-- pairs loop keeps, per pair and playlist, the contribution of the highest.
ALTER TABLE gold_playlists ADD COLUMN rev bigint NOT NULL DEFAULT 0;

-- Which pairs-loop replica owns each partition of the pairs topic: a
-- replica that loads a partition's state takes the next epoch, and writes
-- only while the epoch is still its own, so a replica the group has moved
-- on from cannot write over its successor (internal/gold/pairs.go).
CREATE TABLE gold_pair_owners (
    partition  int     PRIMARY KEY,
    epoch      bigint  NOT NULL
);

-- The transitions' DJ reference counts (kind 1) are the pairs loop's now.
DELETE FROM gold_dj_refcounts WHERE h IN (
    SELECT DISTINCT encode(substr(sha256(convert_to('1', 'UTF8') || '\x00'::bytea
            || convert_to(l.track_id || '>' || l.next_track_id, 'UTF8') || '\x00'::bytea
            || convert_to(dj, 'UTF8')), 1, 16), 'hex')::uuid
    FROM gold_lines l JOIN gold_playlists p USING (playlist_key), unnest(p.dj_keys) AS dj
    WHERE l.next_track_id IS NOT NULL);
