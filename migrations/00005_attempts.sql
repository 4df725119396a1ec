-- Crash-proof processing: every attempt to process a message is counted
-- before it starts, so that a message that keeps killing the process (or
-- keeps failing) is set aside after a few attempts instead of blocking the
-- ones behind it. The count is a table of its own: updating a column of
-- messages would rewrite the row with its raw bytes. problems are what the
-- MIME walk could not read, written with the message's final state.

-- +goose Up
CREATE TABLE message_attempts (
    message         INTEGER PRIMARY KEY REFERENCES messages (id),
    attempts        INTEGER NOT NULL,
    last_attempt_at TEXT NOT NULL
);
ALTER TABLE messages ADD COLUMN problems TEXT NOT NULL DEFAULT '';  -- JSON array of Swedish texts
CREATE INDEX messages_state ON messages (state);

-- +goose Down
DROP INDEX messages_state;
ALTER TABLE messages DROP COLUMN problems;
DROP TABLE message_attempts;
