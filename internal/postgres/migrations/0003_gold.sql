-- Gold: the song graph. Occurrences and plays hold one row per track line
-- of every current playlist version; aggregates are maintained from them
-- by differences, with reference counts for everything distinct.

-- Which playlists make up a DJ set, and the one whose lines count (the
-- most identified tracks; the smallest key on a tie): a set seen on
-- several sites counts once.
CREATE TABLE gold_set_members (
    playlist_key      text     PRIMARY KEY,
    set_id            text     NOT NULL,
    identified_count  int      NOT NULL,
    counted           boolean  NOT NULL
);
CREATE INDEX gold_set_members_set ON gold_set_members (set_id);

-- One row per (playlist_key, position): the transition from the track at
-- that position to the next, when both are identified and differ.
CREATE TABLE gold_occurrences (
    playlist_key   text              NOT NULL,
    position       int               NOT NULL,
    set_id         text              NOT NULL,
    from_track_id  text              NOT NULL,
    to_track_id    text              NOT NULL,
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
    playlist_key  text     NOT NULL,
    position      int      NOT NULL,
    set_id        text     NOT NULL,
    track_id      text     NOT NULL,
    artist_key    text     NOT NULL,
    played_on     date,
    dj_keys       text[]   NOT NULL,
    counted       boolean  NOT NULL,
    PRIMARY KEY (playlist_key, position)
);

-- Reference counts behind the distinct counts and date ranges: how many
-- counted rows contribute each (kind, a, b, c). A count going from zero to
-- one, or back, moves the distinct count of its parent by one.
--   pair_set (from, to, set)    pair_dj (from, to, dj)    pair_day (from, to, day)
--   track_set (track, set)      track_dj (track, dj)      track_day (track, day)
--   artist_track (artist, track)                          artist_dj (artist, dj)
CREATE TABLE gold_refcounts (
    kind  text  NOT NULL,
    a     text  NOT NULL,
    b     text  NOT NULL,
    c     text  NOT NULL DEFAULT '',
    n     int   NOT NULL,
    PRIMARY KEY (kind, a, b, c)
);

CREATE TABLE gold_transitions (
    from_track_id  text              NOT NULL,
    to_track_id    text              NOT NULL,
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
);
CREATE INDEX gold_transitions_to ON gold_transitions (to_track_id);

CREATE TABLE gold_tracks (
    track_id      text    PRIMARY KEY,
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
);

CREATE TABLE gold_artists (
    artist_key  text    PRIMARY KEY,
    name        text    NOT NULL,
    tracks      bigint  NOT NULL,
    plays       bigint  NOT NULL,
    djs         bigint  NOT NULL
);
