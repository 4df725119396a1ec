-- Case officers: users, their sessions, and their decisions on reports.

-- +goose Up

-- role: 'läsare' reads; 'handläggare' also acts (assign, accept, review, reprocess).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,  -- bcrypt
    role          TEXT NOT NULL CHECK (role IN ('läsare', 'handläggare')),
    created_at    TEXT NOT NULL
);

-- Sessions: only the token's sha256 is stored.
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    user         INTEGER NOT NULL REFERENCES users (id),
    csrf         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);

-- A finding a case officer has accepted, with a comment. Keyed by the
-- finding's code and question, so it holds across check runs.
CREATE TABLE finding_decisions (
    id         INTEGER PRIMARY KEY,
    submission INTEGER NOT NULL REFERENCES submissions (id),
    code       TEXT NOT NULL,
    question   TEXT NOT NULL,
    comment    TEXT NOT NULL,
    user       INTEGER NOT NULL REFERENCES users (id),
    at         TEXT NOT NULL,
    UNIQUE (submission, code, question)
);

-- A report marked as reviewed (granskad).
CREATE TABLE reviews (
    id         INTEGER PRIMARY KEY,
    submission INTEGER NOT NULL REFERENCES submissions (id),
    comment    TEXT NOT NULL DEFAULT '',
    user       INTEGER NOT NULL REFERENCES users (id),
    at         TEXT NOT NULL
);
CREATE INDEX reviews_submission ON reviews (submission);

-- +goose Down
DROP TABLE reviews;
DROP TABLE finding_decisions;
DROP TABLE sessions;
DROP TABLE users;
