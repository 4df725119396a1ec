-- Case state per organisation and report year (the case officers' round),
-- completion requests (begäran om komplettering), and outbox rows that are
-- not receipts.

-- +goose Up
CREATE TABLE cases (
    organisation TEXT NOT NULL REFERENCES organisations (id),
    year         INTEGER NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('new', 'in_review', 'requested', 'corrected', 'approved')),
    submission   INTEGER REFERENCES submissions (id),  -- the version the state is about
    requested_at TEXT NOT NULL DEFAULT '',
    due          TEXT NOT NULL DEFAULT '',              -- YYYY-MM-DD, for a completion request
    approved_by  TEXT NOT NULL DEFAULT '',
    approved_at  TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (organisation, year)
);

CREATE TABLE completion_requests (
    id           INTEGER PRIMARY KEY,
    submission   INTEGER NOT NULL REFERENCES submissions (id),
    recipients   TEXT NOT NULL,           -- comma-separated
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    due          TEXT NOT NULL,           -- YYYY-MM-DD
    sent         INTEGER NOT NULL,        -- 1 sent through the outbox, 0 copied by the officer
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    answered_by  INTEGER REFERENCES submissions (id)  -- the version that came in after it
);
CREATE INDEX completion_requests_submission ON completion_requests (submission);

ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'receipt' CHECK (kind IN ('receipt', 'request', 'reminder'));
DROP INDEX outbox_one_per_message;
CREATE UNIQUE INDEX outbox_one_receipt_per_message ON outbox (message) WHERE kind = 'receipt';

-- +goose Down
DROP INDEX outbox_one_receipt_per_message;
DELETE FROM outbox WHERE kind <> 'receipt';
CREATE UNIQUE INDEX outbox_one_per_message ON outbox (message);
ALTER TABLE outbox DROP COLUMN kind;
DROP TABLE completion_requests;
DROP TABLE cases;
