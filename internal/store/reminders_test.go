package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
)

// TestRemindersMigrationKeepsTheOutbox: a database at schema 7 with queued
// receipts and requests migrates to the reminders schema with every outbox
// row kept, one receipt per message still enforced, and reminders linked
// to their outbox rows.
func TestRemindersMigrationKeepsTheOutbox(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := sqlx.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	old := &Store{db: db}
	p, err := old.provider()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 7); err != nil {
		t.Fatal(err)
	}
	now := formatTime(time.Now())
	for _, q := range []string{
		`INSERT INTO messages (id, sha256, format, received_at, source, source_ref, size, raw, stored_at) VALUES (1, 'x', 'rfc5322', '` + now + `', 'file', 'a.eml', 1, x'00', '` + now + `')`,
		`INSERT INTO outbox (message, to_addr, subject, body, state, next_attempt_at, created_at) VALUES (1, 'a@x.se', 'Kvittens', x'00', 'sent', '` + now + `', '` + now + `')`,
		`INSERT INTO outbox (message, to_addr, subject, body, state, next_attempt_at, created_at, kind) VALUES (1, 'b@x.se', 'Begäran', x'00', 'pending', '` + now + `', '` + now + `', 'request')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	s, err := Open(ctx, path, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	items, err := s.outbox(ctx, `ORDER BY id`)
	if err != nil || len(items) != 2 || items[0].Kind != "receipt" || items[0].State != OutboxSent || items[1].Kind != "request" || items[1].Message != 1 {
		t.Fatalf("outbox after the migration: %+v, %v", items, err)
	}
	if _, err := s.Enqueue(ctx, &OutboxItem{Message: 1, To: "a@x.se", Subject: "igen", Body: []byte("x"), State: OutboxPending, CreatedAt: time.Now()}); err != ErrDuplicate {
		t.Errorf("a second receipt for message 1: %v, want ErrDuplicate", err)
	}
	// a message-less row is only for a reminder
	if _, err := s.db.ExecContext(ctx, `INSERT INTO outbox (to_addr, subject, body, state, next_attempt_at, created_at, kind) VALUES ('c@x.se', 's', x'00', 'pending', ?, ?, 'request')`, now, now); err == nil {
		t.Error("a request without a message was accepted")
	}
	days := 14
	r := &Reminder{Organisation: "norrbotten", Year: 2023, DaysBefore: &days, Recipients: []string{"a@norrbotten.example", "b@norrbotten.example"}, Subject: "Påminnelse", Body: "Hej!", CreatedBy: "system"}
	if added, err := s.AddReminder(ctx, r, []byte("mail"), time.Now()); err != nil || !added {
		t.Fatalf("reminder: %v, %v", added, err)
	}
	again := *r
	if added, err := s.AddReminder(ctx, &again, []byte("mail"), time.Now()); err != nil || added {
		t.Errorf("the same day's reminder again: added %v, %v", added, err)
	}
	manual := &Reminder{Organisation: "norrbotten", Year: 2023, Recipients: []string{"a@norrbotten.example"}, Subject: "Påminnelse", Body: "Hej!", CreatedBy: "anna"}
	for range 2 {
		if added, err := s.AddReminder(ctx, manual, []byte("mail"), time.Now()); err != nil || !added {
			t.Errorf("an officer's reminder: %v, %v", added, err)
		}
	}
	mail, err := s.ReminderMail(ctx, 2023)
	if err != nil || len(mail[r.ID]) != 2 || mail[r.ID][0].Kind != "reminder" || mail[r.ID][0].Message != 0 || mail[r.ID][1].To != "b@norrbotten.example" {
		t.Errorf("reminder mail %+v, %v", mail, err)
	}
	due, _ := s.DueReceipts(ctx, time.Now().Add(time.Minute), 50)
	if len(due) != 5 { // the request and four reminder rows
		t.Errorf("%d rows due, want 5", len(due))
	}
	rems, _ := s.Reminders(ctx, 2023)
	if len(rems) != 3 || rems[0].DaysBefore == nil || *rems[0].DaysBefore != 14 || rems[1].DaysBefore != nil || !rems[2].Sent {
		t.Errorf("reminders %+v", rems)
	}
}
