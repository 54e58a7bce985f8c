-- The transitions a playlist's last change took its lines away from
-- (those of the version before that the new one does not have). Gold
-- commits PostgreSQL before its Kafka transaction; when it dies between
-- the two, the batch is read again and finds its lines stored, so nothing
-- moves, and it must still tell the compacted topic the state of every
-- transition the first attempt moved: those it reads from the stored
-- lines, and these.
ALTER TABLE gold_playlists ADD COLUMN withdrawn_from text[] NOT NULL DEFAULT '{}',
	ADD COLUMN withdrawn_to text[] NOT NULL DEFAULT '{}';
