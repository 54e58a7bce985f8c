-- Gold: the song graph. Occurrences and plays hold one row per track line
-- of every current playlist version; aggregates are maintained from them
-- by differences, with reference counts for distinct DJs and tracks.
-- Keys compare bytewise (COLLATE "C"): they are IDs, and the graph's
-- upserts are its hottest path.

-- Which playlists make up a DJ set, and the one whose lines count (the
-- most identified tracks; the smallest key on a tie): a set seen on
-- several sites counts once.
CREATE TABLE gold_set_members (
    playlist_key      text COLLATE "C"  PRIMARY KEY,
    set_id            text COLLATE "C"  NOT NULL,
    identified_count  int      NOT NULL,
    counted           boolean  NOT NULL
);
CREATE INDEX gold_set_members_set ON gold_set_members (set_id);

-- One row per (playlist_key, position): the transition from the track at
-- that position to the next, when both are identified and differ.
CREATE TABLE gold_occurrences (
    playlist_key   text COLLATE "C"  NOT NULL,
    position       int               NOT NULL,
    set_id         text COLLATE "C"  NOT NULL,
    from_track_id  text COLLATE "C"  NOT NULL,
    to_track_id    text COLLATE "C"  NOT NULL,
    played_on      date,
    dj_keys        text[]            NOT NULL,
    bpm_delta      double precision,
    camelot_score  double precision,
    counted        boolean           NOT NULL,
    PRIMARY KEY (playlist_key, position)
);
CREATE INDEX gold_occurrences_pair ON gold_occurrences (from_track_id, to_track_id) WHERE counted;
CREATE INDEX gold_occurrences_day ON gold_occurrences (played_on) WHERE counted;

-- One row per identified track line.
CREATE TABLE gold_plays (
    playlist_key  text COLLATE "C"  NOT NULL,
    position      int               NOT NULL,
    set_id        text COLLATE "C"  NOT NULL,
    track_id      text COLLATE "C"  NOT NULL,
    artist_key    text COLLATE "C"  NOT NULL,
    played_on     date,
    dj_keys       text[]   NOT NULL,
    counted       boolean  NOT NULL,
    PRIMARY KEY (playlist_key, position)
);
CREATE INDEX gold_plays_track ON gold_plays (track_id) WHERE counted;

-- Reference counts behind the distinct counts of DJs: in how many counted
-- playlists each (kind, a, b) appears. A count going from zero to one, or
-- back, moves the distinct count of its parent by one.
--   kind 1: a transition (from>to) and a DJ     kind 2: a track and a DJ
--   kind 4: an artist and a DJ
-- (Distinct sets need none: one playlist per set counts. An artist's
-- distinct tracks are its rows in gold_tracks.)
CREATE TABLE gold_refcounts (
    kind  smallint          NOT NULL,
    a     text COLLATE "C"  NOT NULL,
    b     text COLLATE "C"  NOT NULL,
    n     int               NOT NULL,
    PRIMARY KEY (kind, a, b)
) WITH (fillfactor = 80); -- room for HOT updates: n changes, the key never

CREATE TABLE gold_transitions (
    from_track_id  text COLLATE "C"  NOT NULL,
    to_track_id    text COLLATE "C"  NOT NULL,
    occurrences    bigint            NOT NULL,
    playlists      bigint            NOT NULL,
    djs            bigint            NOT NULL,
    first_seen     date,
    last_seen      date,
    -- Sums in integers (milli-BPM, tenths of a score), so that adding and
    -- withdrawing occurrences in any order ends at exactly the same value.
    bpm_delta_milli_sum   bigint  NOT NULL,
    bpm_delta_n           bigint  NOT NULL,
    camelot_tenths_sum    bigint  NOT NULL,
    camelot_n             bigint  NOT NULL,
    PRIMARY KEY (from_track_id, to_track_id)
) WITH (fillfactor = 80);
CREATE INDEX gold_transitions_to ON gold_transitions (to_track_id);

CREATE TABLE gold_tracks (
    track_id      text COLLATE "C"  PRIMARY KEY,
    artist        text    NOT NULL,
    title         text    NOT NULL,
    artist_key    text    NOT NULL,
    genre         text,
    key           text,
    plays         bigint  NOT NULL,
    playlists     bigint  NOT NULL,
    djs           bigint  NOT NULL,
    first_played  date,
    last_played   date
) WITH (fillfactor = 80);

CREATE TABLE gold_artists (
    artist_key  text COLLATE "C"  PRIMARY KEY,
    name        text    NOT NULL,
    tracks      bigint  NOT NULL,
    plays       bigint  NOT NULL,
    djs         bigint  NOT NULL
) WITH (fillfactor = 80);
