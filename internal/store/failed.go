package store

import (
	"context"
	"time"
)

// FailedMessage is a message in the error folder: stored but unusable or
// set aside after repeated attempts, or not stored at all (too large).
type FailedMessage struct {
	MessageID  int64  `json:"message_id,omitempty"` // 0: not stored (too large to load)
	Submission *int64 `json:"submission,omitempty"` // its submission, when one was made
	From       string `json:"from"`
	Subject    string `json:"subject"`
	Source     string `json:"source"`
	Size       int64  `json:"size"`
	Reason     string `json:"reason"`
	Attempts   int    `json:"attempts"`
	// At is when it was set aside: the last attempt, or when it was stored.
	At       time.Time `json:"at"`
	Received time.Time `json:"received_at"`
}

// FailedMessages lists the messages that went to the error folder, the
// newest first.
func (s *Store) FailedMessages(ctx context.Context) ([]FailedMessage, error) {
	rows, err := s.db.QueryxContext(ctx, `SELECT m.id, (SELECT max(id) FROM submissions WHERE message = m.id), m.from_addr, m.subject,
			m.source || ' ' || m.source_ref, m.size, m.error, coalesce(a.attempts, 0), coalesce(a.last_attempt_at, m.stored_at), m.received_at
		FROM messages m LEFT JOIN message_attempts a ON a.message = m.id WHERE m.state = 'failed'
		UNION ALL
		SELECT 0, NULL, '', '', 'imap ' || e.mailbox || '/' || e.uid_validity || '/' || e.uid, e.size, e.reason, 0, e.at, e.internal_date
		FROM mailbox_errors e
		ORDER BY 9 DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []FailedMessage{}
	for rows.Next() {
		var f FailedMessage
		var at, recv string
		if err := rows.Scan(&f.MessageID, &f.Submission, &f.From, &f.Subject, &f.Source, &f.Size, &f.Reason, &f.Attempts, &at, &recv); err != nil {
			return nil, err
		}
		f.At, f.Received = parseTime(at), parseTime(recv)
		out = append(out, f)
	}
	return out, rows.Err()
}
