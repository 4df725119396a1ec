-- Who really sent a message: the DKIM, SPF and DMARC results that the
-- agency's own receiving server wrote into Authentication-Results, as read
-- under the configured mail.authserv_id (JSON, model.SenderAuth). A table
-- of its own so that writing it does not rewrite the message row with its
-- raw bytes; written again whenever the message is checked again.

-- +goose Up
CREATE TABLE message_sender_auth (
    message INTEGER PRIMARY KEY REFERENCES messages (id),
    verdict TEXT NOT NULL
);

-- +goose Down
DROP TABLE message_sender_auth;
