-- A completion request's mail is linked to the request it carries
-- (outbox.request), so that its delivery state is shown on the right
-- request; before, rows were matched to requests by their creation time.
-- Existing rows are linked by that time once, here.

-- +goose Up
ALTER TABLE outbox ADD COLUMN request INTEGER REFERENCES completion_requests (id);
UPDATE outbox SET request = (SELECT c.id FROM completion_requests c
    WHERE c.submission = outbox.submission AND c.created_at = outbox.created_at ORDER BY c.id LIMIT 1)
    WHERE kind = 'request';
CREATE INDEX outbox_request ON outbox (request);

-- +goose Down
DROP INDEX outbox_request;
ALTER TABLE outbox DROP COLUMN request;
