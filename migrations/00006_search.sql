-- Full-text search over the answers (SQLite FTS4: FTS5 is not compiled
-- into mattn/go-sqlite3 without the sqlite_fts5 build tag). One row per
-- answer with text of the newest check run of each submission. The
-- unicode61 tokenizer folds case (Å = å) and, with remove_diacritics=0,
-- keeps å, ä, ö and é as letters of their own. answer_search_docs says
-- which answer each row is (run, question) and its length in characters
-- (for ranking), so that a search never reads the indexed text back.
-- Kept in step by store.CreateRun in the check run's own transaction,
-- with the same statements as below; this migration fills it from the
-- answers already stored.

-- +goose Up
CREATE VIRTUAL TABLE answer_search USING fts4(text, tokenize=unicode61 "remove_diacritics=0");
CREATE TABLE answer_search_docs (
    docid    INTEGER PRIMARY KEY,
    run      INTEGER NOT NULL REFERENCES check_runs (id),
    question TEXT NOT NULL,
    chars    INTEGER NOT NULL,
    UNIQUE (run, question)
);
INSERT INTO answer_search_docs (run, question, chars)
    SELECT a.run, a.question, length(a.text) FROM answers a
    WHERE a.text <> '' AND a.run IN (SELECT max(id) FROM check_runs GROUP BY submission)
    ORDER BY a.run, a.rowid;
INSERT INTO answer_search (docid, text)
    SELECT d.docid, a.text FROM answer_search_docs d JOIN answers a ON a.run = d.run AND a.question = d.question;

-- +goose Down
DROP TABLE answer_search_docs;
DROP TABLE answer_search;
