-- Crash-proof processing: every attempt to process a message is counted
-- before it starts, so that a message that keeps killing the process (or
-- keeps failing) is set aside after a few attempts instead of blocking the
-- ones behind it. problems are what the MIME walk could not read.

-- +goose Up
ALTER TABLE messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN last_attempt_at TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN problems TEXT NOT NULL DEFAULT '';  -- JSON array of Swedish texts
CREATE INDEX messages_state ON messages (state);

-- +goose Down
DROP INDEX messages_state;
ALTER TABLE messages DROP COLUMN problems;
ALTER TABLE messages DROP COLUMN last_attempt_at;
ALTER TABLE messages DROP COLUMN attempts;
