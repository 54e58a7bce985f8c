-- The parser on real tracklists: lines that name no track (headings,
-- links) have their own status; "w/" lines are marked; every silver
-- playlist records the version of the parser that read it and its lines
-- (which are written and replaced with it, in one transaction), so that
-- history read by an older parser can be found and re-read (replay silver).

ALTER TABLE silver_playlist_tracks DROP CONSTRAINT silver_playlist_tracks_status_check;
ALTER TABLE silver_playlist_tracks ADD CONSTRAINT silver_playlist_tracks_status_check
    CHECK (status IN ('valid', 'warning', 'unidentified', 'failed', 'not_track'));
ALTER TABLE silver_playlist_tracks ADD COLUMN with_previous boolean NOT NULL DEFAULT false;
ALTER TABLE silver_playlists ADD COLUMN tracklist_version text NOT NULL DEFAULT '';
