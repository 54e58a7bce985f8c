-- Silver: the current version of every playlist, parsed; its track lines;
-- the tracks and artists seen; and the reference data enrichment reads.

CREATE TABLE silver_playlists (
    playlist_key        text        PRIMARY KEY,
    -- The DJ set: the same set scraped from several sources shares one.
    set_id              text        NOT NULL,
    source              text        NOT NULL,
    source_url          text        NOT NULL,
    source_playlist_id  text,
    name                text        NOT NULL,
    djs                 text[]      NOT NULL,
    -- tracklist.ArtistKey of each DJ, to match sets across sources.
    dj_keys             text[]      NOT NULL,
    played_on           date,
    played_on_text      text,
    venue               text,
    event               text,
    scraped_at          timestamptz NOT NULL,
    parser_version      text        NOT NULL,
    track_count         int         NOT NULL,
    identified_count    int         NOT NULL,
    -- The identified track IDs in order, to match sets across sources.
    track_ids           text[]      NOT NULL,
    bronze_topic        text        NOT NULL,
    bronze_partition    int         NOT NULL,
    bronze_offset       bigint      NOT NULL,
    raw_topic           text        NOT NULL,
    raw_partition       int         NOT NULL,
    raw_offset          bigint      NOT NULL,
    writer_schema_id    int         NOT NULL
);
CREATE INDEX silver_playlists_played_on ON silver_playlists (played_on);
CREATE INDEX silver_playlists_set ON silver_playlists (set_id);

CREATE TABLE silver_playlist_tracks (
    playlist_key  text    NOT NULL,
    position      int     NOT NULL,
    track_id      text,
    raw_line      text    NOT NULL,
    cue           text,
    artists       text[]  NOT NULL,
    featured      text[]  NOT NULL,
    remixers      text[]  NOT NULL,
    title         text,
    version       text,
    label         text,
    catalog       text,
    key           text,
    camelot       text,
    bpm           double precision,
    genre         text,
    status        text    NOT NULL CHECK (status IN ('valid', 'warning', 'unidentified', 'failed')),
    issues        text[]  NOT NULL,
    PRIMARY KEY (playlist_key, position)
);
CREATE INDEX silver_playlist_tracks_track ON silver_playlist_tracks (track_id);

-- One row per track ID, as first seen.
CREATE TABLE silver_tracks (
    track_id  text    PRIMARY KEY,
    artist    text    NOT NULL,
    title     text    NOT NULL,
    artists   text[]  NOT NULL,
    featured  text[]  NOT NULL,
    remixers  text[]  NOT NULL
);

-- One row per artist (canonical name) seen in a track or as a DJ.
CREATE TABLE silver_artists (
    artist_key  text  PRIMARY KEY,
    name        text  NOT NULL
);

-- Reference data, loaded with `songnodes refdata load`.
CREATE TABLE ref_artist_aliases (
    alias_key  text  PRIMARY KEY,  -- tracklist.ArtistKey of the alias
    alias      text  NOT NULL,
    canonical  text  NOT NULL
);
CREATE TABLE ref_tracks (
    track_id  text  PRIMARY KEY,
    artist    text,
    title     text,
    bpm       double precision,
    key       text,
    genre     text,
    label     text
);
-- Replaced by every load that changes something: cache keys carry it, so a
-- load is seen at once. Random rather than a counter, so that two databases
-- sharing one Redis never share a version.
CREATE TABLE ref_meta (
    id       int   PRIMARY KEY CHECK (id = 1),
    version  text  NOT NULL
);
INSERT INTO ref_meta VALUES (1, gen_random_uuid()::text);
