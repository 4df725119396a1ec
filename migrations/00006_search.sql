-- Full-text search over the answers (SQLite FTS4: FTS5 is not compiled
-- into mattn/go-sqlite3 without the sqlite_fts5 build tag). One row per
-- answer with text of the newest check run of each submission; run and
-- question are stored, not indexed. The unicode61 tokenizer folds case
-- (Å = å) and, with remove_diacritics=0, keeps å, ä, ö and é as letters of
-- their own. Kept in step by store.CreateRun in the check run's own
-- transaction; this migration fills it from the answers already stored.

-- +goose Up
CREATE VIRTUAL TABLE answer_search USING fts4(text, run, question, notindexed=run, notindexed=question, tokenize=unicode61 "remove_diacritics=0");
INSERT INTO answer_search (text, run, question)
    SELECT a.text, a.run, a.question FROM answers a
    WHERE a.text <> '' AND a.run IN (SELECT max(id) FROM check_runs GROUP BY submission)
    ORDER BY a.run, a.rowid;

-- +goose Down
DROP TABLE answer_search;
