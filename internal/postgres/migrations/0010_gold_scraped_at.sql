-- The scrape time of the version gold counted. With raw_* it orders a
-- playlist's versions as silver does (the later scrape, then the later raw
-- record of one scrape time), so gold skips a version older than the one it
-- holds: reading the silver topic again from the start (a replay of gold)
-- then moves nothing, not even for a moment, and leaves withdrawn_* as the
-- first delivery wrote them. Rows stored before stay NULL and take any
-- version, as gold did before.
ALTER TABLE gold_playlists ADD COLUMN scraped_at timestamptz;
