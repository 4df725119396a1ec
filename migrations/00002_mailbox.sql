-- The mailbox poller's state: where it is in each mailbox, who may work it,
-- and the messages it could not take.

-- +goose Up

-- Per mailbox: its UIDVALIDITY and the last UID fully processed (stored,
-- then moved or flagged). A new UIDVALIDITY resets last_uid; duplicates are
-- then caught by the raw bytes' sha256.
CREATE TABLE mailbox_state (
    mailbox        TEXT PRIMARY KEY,
    uid_validity   INTEGER NOT NULL,
    last_uid       INTEGER NOT NULL,
    last_poll_at   TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL
);

-- Only one poller may work a mailbox: it holds the lease until expires_at
-- and renews it while it runs.
CREATE TABLE poller_leases (
    mailbox    TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Messages the poller moved to the error folder without storing them (too
-- large to load), with the reason.
CREATE TABLE mailbox_errors (
    id            INTEGER PRIMARY KEY,
    mailbox       TEXT NOT NULL,
    uid_validity  INTEGER NOT NULL,
    uid           INTEGER NOT NULL,
    internal_date TEXT NOT NULL,
    size          INTEGER NOT NULL,
    reason        TEXT NOT NULL,
    folder        TEXT NOT NULL,
    at            TEXT NOT NULL,
    UNIQUE (mailbox, uid_validity, uid)
);

-- +goose Down
DROP TABLE mailbox_errors;
DROP TABLE poller_leases;
DROP TABLE mailbox_state;
