-- Deadline reminders (påminnelser) to bodies not heard from: sent by a
-- case officer or automatically N days before the deadline, at most once
-- per body, year and configured day. A reminder goes through the outbox,
-- but it answers no message: outbox.message becomes optional (SQLite
-- cannot drop a NOT NULL, so the table is rebuilt) and outbox.reminder
-- links a row to its reminder.

-- +goose Up
CREATE TABLE reminders (
    id           INTEGER PRIMARY KEY,
    organisation TEXT NOT NULL REFERENCES organisations (id),
    year         INTEGER NOT NULL,
    days_before  INTEGER,            -- the configured day of an automatic reminder; NULL: an officer's
    recipients   TEXT NOT NULL,      -- comma-separated; empty: the body has no contact address
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    sent         INTEGER NOT NULL,   -- 1 queued in the outbox, 0 copied by the officer or not sendable
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX reminders_year ON reminders (year, organisation);
CREATE UNIQUE INDEX reminders_once_per_day ON reminders (organisation, year, days_before) WHERE days_before IS NOT NULL;

CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    submission      INTEGER REFERENCES submissions (id),
    message         INTEGER REFERENCES messages (id),
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            BLOB NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'skipped')),
    reason          TEXT NOT NULL DEFAULT '',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    sent_at         TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL DEFAULT 'receipt' CHECK (kind IN ('receipt', 'request', 'reminder')),
    reminder        INTEGER REFERENCES reminders (id),
    CHECK (message IS NOT NULL OR kind = 'reminder')
);
INSERT INTO outbox_new (id, submission, message, to_addr, subject, body, state, reason, attempts, next_attempt_at, last_error, created_at, sent_at, kind)
    SELECT id, submission, message, to_addr, subject, body, state, reason, attempts, next_attempt_at, last_error, created_at, sent_at, kind FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_to ON outbox (to_addr, created_at);
CREATE UNIQUE INDEX outbox_one_receipt_per_message ON outbox (message) WHERE kind = 'receipt';
CREATE INDEX outbox_reminder ON outbox (reminder);

-- +goose Down
DELETE FROM outbox WHERE kind = 'reminder';
CREATE TABLE outbox_old (
    id              INTEGER PRIMARY KEY,
    submission      INTEGER REFERENCES submissions (id),
    message         INTEGER NOT NULL REFERENCES messages (id),
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            BLOB NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'skipped')),
    reason          TEXT NOT NULL DEFAULT '',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    sent_at         TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL DEFAULT 'receipt' CHECK (kind IN ('receipt', 'request', 'reminder'))
);
INSERT INTO outbox_old SELECT id, submission, message, to_addr, subject, body, state, reason, attempts, next_attempt_at, last_error, created_at, sent_at, kind FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_old RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_to ON outbox (to_addr, created_at);
CREATE UNIQUE INDEX outbox_one_receipt_per_message ON outbox (message) WHERE kind = 'receipt';
DROP TABLE reminders;
