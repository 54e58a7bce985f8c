-- Bronze: every scrape version as it arrived, keyed by the raw record's
-- Kafka coordinates, so that a replay inserts nothing new.

CREATE TABLE bronze_playlists (
    source_topic        text        NOT NULL,
    source_partition    int         NOT NULL,
    source_offset       bigint      NOT NULL,
    playlist_key        text        NOT NULL,
    source              text        NOT NULL,
    source_url          text        NOT NULL,
    source_playlist_id  text,
    name                text        NOT NULL,
    dj_names            text[]      NOT NULL,
    event               text,
    venue               text,
    played_on           date,
    played_on_text      text,
    scraped_at          timestamptz NOT NULL,
    parser_version      text        NOT NULL,
    track_count         int         NOT NULL,
    writer_schema_id    int         NOT NULL,
    ingested_at         timestamptz NOT NULL,
    PRIMARY KEY (source_topic, source_partition, source_offset)
);

-- The versions of one playlist, newest last.
CREATE INDEX bronze_playlists_key ON bronze_playlists (playlist_key, scraped_at);

CREATE TABLE bronze_tracks (
    source_topic      text    NOT NULL,
    source_partition  int     NOT NULL,
    source_offset     bigint  NOT NULL,
    position          int     NOT NULL,
    raw_line          text    NOT NULL,
    artist            text,
    title             text,
    label             text,
    catalog           text,
    bpm               double precision,
    key               text,
    genre             text,
    cue               text,
    PRIMARY KEY (source_topic, source_partition, source_offset, position)
);
-- No foreign key to bronze_playlists: both are written in the same
-- transaction by the same code, and the check would cost a lookup per
-- track line on the hottest write path of the pipeline.
