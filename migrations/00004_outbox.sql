-- Receipts (kvittenser) to senders go through an outbox: sending never
-- blocks or fails an ingest, and failures stay visible.

-- +goose Up
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    submission      INTEGER REFERENCES submissions (id),
    message         INTEGER NOT NULL REFERENCES messages (id),
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            BLOB NOT NULL,      -- the whole RFC 5322 message to send
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'skipped')),
    reason          TEXT NOT NULL DEFAULT '',  -- why skipped
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    sent_at         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_to ON outbox (to_addr, created_at);
CREATE UNIQUE INDEX outbox_one_per_message ON outbox (message);

-- +goose Down
DROP TABLE outbox;
