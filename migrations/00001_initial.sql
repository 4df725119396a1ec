-- The first schema: everything received, kept verbatim and for good, and
-- every check run's results. Times are RFC 3339 in UTC.

-- +goose Up

-- The 21 reporting bodies, kept in step with configs/regions.yaml.
CREATE TABLE organisations (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

-- Every message received, byte for byte. format 'rfc5322' is an e-mail;
-- 'docx' is a Word file ingested on its own (raw is the file).
CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    format      TEXT NOT NULL CHECK (format IN ('rfc5322', 'docx')),
    message_id  TEXT NOT NULL DEFAULT '',
    from_addr   TEXT NOT NULL DEFAULT '',
    to_addrs    TEXT NOT NULL DEFAULT '',  -- comma-separated
    cc_addrs    TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,             -- IMAP INTERNALDATE, newest Received:, Date: or file time
    source      TEXT NOT NULL CHECK (source IN ('imap', 'file')),
    source_ref  TEXT NOT NULL DEFAULT '',  -- file path, or mailbox and UID
    size        INTEGER NOT NULL,
    raw         BLOB NOT NULL,
    stored_at   TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'stored' CHECK (state IN ('stored', 'processed', 'failed')),
    error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX messages_message_id ON messages (message_id);

-- The files a message carried. role: the report, an appendix (another Word
-- file), or anything else.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    message      INTEGER NOT NULL REFERENCES messages (id),
    position     INTEGER NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    kind         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('report', 'appendix', 'other')),
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB NOT NULL,
    UNIQUE (message, position)
);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- A report as submitted. Versions count per organisation and year; one is
-- current, earlier ones are superseded. A byte-identical resend, a message
-- without a readable Word report and an unassigned submission have no version.
CREATE TABLE submissions (
    id           INTEGER PRIMARY KEY,
    message      INTEGER NOT NULL REFERENCES messages (id),
    attachment   INTEGER REFERENCES attachments (id),
    organisation TEXT REFERENCES organisations (id),
    matched_by   TEXT NOT NULL DEFAULT '',  -- domain, text, filename, officer
    year         INTEGER NOT NULL,
    version      INTEGER,
    state        TEXT NOT NULL CHECK (state IN ('current', 'superseded', 'unassigned', 'resend', 'not_docx')),
    resend_of    INTEGER REFERENCES submissions (id),
    docx_sha256  TEXT NOT NULL DEFAULT '',
    received_at  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (organisation, year, version)
);
CREATE UNIQUE INDEX submissions_one_current ON submissions (organisation, year) WHERE state = 'current';
CREATE INDEX submissions_message ON submissions (message);

-- One parse and check of a submission. result is the whole model.Result
-- as JSON; the tables below hold the same, queryable.
CREATE TABLE check_runs (
    id              INTEGER PRIMARY KEY,
    submission      INTEGER NOT NULL REFERENCES submissions (id),
    template        TEXT NOT NULL,
    program_version TEXT NOT NULL,
    run_at          TEXT NOT NULL,
    reason          TEXT NOT NULL,  -- ingest, reprocess, assign
    errors          INTEGER NOT NULL,
    warnings        INTEGER NOT NULL,
    infos           INTEGER NOT NULL,
    result          TEXT NOT NULL
);
CREATE INDEX check_runs_submission ON check_runs (submission, id);

CREATE TABLE answers (
    run      INTEGER NOT NULL REFERENCES check_runs (id),
    question TEXT NOT NULL,
    status   TEXT NOT NULL,
    chars    INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (run, question)
);

CREATE TABLE insats_rows (
    run           INTEGER NOT NULL REFERENCES check_runs (id),
    question      TEXT NOT NULL,
    row           INTEGER NOT NULL,
    cells         TEXT NOT NULL,  -- JSON array of the columns' texts
    empty_columns TEXT NOT NULL,  -- JSON array of 1-based column numbers
    PRIMARY KEY (run, question, row)
);

CREATE TABLE choices (
    run      INTEGER NOT NULL REFERENCES check_runs (id),
    question TEXT NOT NULL,
    item     INTEGER NOT NULL,
    answer   TEXT NOT NULL,
    PRIMARY KEY (run, question, item)
);

CREATE TABLE findings (
    id       INTEGER PRIMARY KEY,
    run      INTEGER NOT NULL REFERENCES check_runs (id),
    code     TEXT NOT NULL,
    severity TEXT NOT NULL,
    question TEXT NOT NULL,
    message  TEXT NOT NULL
);
CREATE INDEX findings_run ON findings (run);

-- Every action: ingest, reprocess, assignment, case officers' decisions.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    message    INTEGER REFERENCES messages (id),
    submission INTEGER REFERENCES submissions (id),
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_submission ON audit_log (submission);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE findings;
DROP TABLE choices;
DROP TABLE insats_rows;
DROP TABLE answers;
DROP TABLE check_runs;
DROP TABLE submissions;
DROP TABLE attachments;
DROP TABLE messages;
DROP TABLE organisations;
