-- Lineage: from a gold transition, a silver track line or a playlist back
-- to the raw record it was read from (topic, partition, offset, schema ID,
-- scrape time, URL, page revision). docs/queries.md shows the queries.

-- The page's revision (ScrapedPlaylist.source_revision), written by bronze
-- from now on. Rows stored before stay NULL: a bronze replay skips rows it
-- has, and the raw record itself still carries it (songnodes topic tail).
ALTER TABLE bronze_playlists ADD COLUMN source_revision text;

-- The raw record of the version gold counted. Silver keeps only the
-- current version and may be ahead of gold for a moment; with these, a
-- transition's lines are read from the very version gold counted
-- (bronze_tracks keeps every version). Raw coordinates, not silver's:
-- they stay the same when silver or bronze is replayed, so a replay
-- leaves gold's tables as they were.
ALTER TABLE gold_playlists ADD COLUMN raw_topic text, ADD COLUMN raw_partition int, ADD COLUMN raw_offset bigint;
-- Rows gold wrote before: the version silver holds now, which is the one
-- gold counted unless silver was ahead at this moment (gold writes the
-- right one the next time it sees the playlist).
UPDATE gold_playlists g SET raw_topic = s.raw_topic, raw_partition = s.raw_partition, raw_offset = s.raw_offset
FROM silver_playlists s WHERE s.playlist_key = g.playlist_key COLLATE "C";

-- One row per current playlist version: the silver playlist, the bronze
-- record silver read, the raw record and what bronze stored of it, and
-- whether gold counts it and has counted this very version.
CREATE VIEW lineage_playlists AS
SELECT s.playlist_key, s.set_id, s.source, s.name,
       s.bronze_topic, s.bronze_partition, s.bronze_offset,
       s.raw_topic, s.raw_partition, s.raw_offset,
       s.writer_schema_id AS raw_schema_id,
       s.scraped_at, s.source_url, b.source_revision, b.ingested_at,
       s.parser_version, s.tracklist_version,
       g.counted AS gold_counted,
       (g.raw_topic = s.raw_topic AND g.raw_partition = s.raw_partition AND g.raw_offset = s.raw_offset) AS gold_in_step
FROM silver_playlists s
LEFT JOIN bronze_playlists b
       ON b.source_topic = s.raw_topic AND b.source_partition = s.raw_partition AND b.source_offset = s.raw_offset
LEFT JOIN gold_playlists g ON g.playlist_key = s.playlist_key COLLATE "C";

-- One row per silver track line, with its playlist's chain.
CREATE VIEW lineage_tracks AS
SELECT t.track_id, t.playlist_key, t.position, t.raw_line, t.status,
       p.set_id, p.source, p.name,
       p.bronze_topic, p.bronze_partition, p.bronze_offset,
       p.raw_topic, p.raw_partition, p.raw_offset, p.raw_schema_id,
       p.scraped_at, p.source_url, p.source_revision, p.ingested_at
FROM silver_playlist_tracks t
JOIN lineage_playlists p USING (playlist_key);

-- One row per line that plays a transition: the line of the first track,
-- the next line (the second track), whether the playlist counts (a set
-- seen on several sites counts one page), and the raw record of the
-- version gold counted, with both lines as scraped.
CREATE VIEW lineage_transitions AS
SELECT l.track_id AS from_track_id, l.next_track_id AS to_track_id,
       l.playlist_key, g.set_id, g.counted,
       l.position AS from_position, f.raw_line AS from_line,
       n.position AS to_position, n.raw_line AS to_line,
       g.raw_topic, g.raw_partition, g.raw_offset,
       b.writer_schema_id AS raw_schema_id,
       b.scraped_at, b.source_url, b.source_revision, b.ingested_at
FROM gold_lines l
JOIN gold_playlists g ON g.playlist_key = l.playlist_key
LEFT JOIN bronze_playlists b
       ON b.source_topic = g.raw_topic AND b.source_partition = g.raw_partition AND b.source_offset = g.raw_offset
LEFT JOIN bronze_tracks f
       ON f.source_topic = g.raw_topic AND f.source_partition = g.raw_partition AND f.source_offset = g.raw_offset
      AND f.position = l.position
LEFT JOIN LATERAL (
    SELECT t.position, t.raw_line FROM bronze_tracks t
    WHERE t.source_topic = g.raw_topic AND t.source_partition = g.raw_partition AND t.source_offset = g.raw_offset
      AND t.position > l.position
    ORDER BY t.position LIMIT 1
) n ON true
WHERE l.next_track_id IS NOT NULL;
