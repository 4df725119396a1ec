package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
)

// Two requests made at the same instant each show only their own mail:
// the outbox rows are linked to their request, not matched by time.
func TestRequestMailLinkedToItsRequest(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "r.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2024, 2, 26, 10, 0, 0, 0, time.UTC)
	sub := &model.Submission{Organisation: "halland", Year: 2023, Version: 1, State: model.StateCurrent, ReceivedAt: now, CreatedAt: now}
	err = s.InTx(ctx, func(tx *sqlx.Tx) error {
		id, err := CreateMessage(ctx, tx, &model.Message{SHA256: "m1", Format: "rfc5322", Source: "file", ReceivedAt: now, StoredAt: now}, []byte("x"))
		if err != nil {
			return err
		}
		sub.MessageID = id
		sub.ID, err = CreateSubmission(ctx, tx, sub)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	first := &CompletionRequest{Recipients: []string{"a@regionhalland.se", "b@regionhalland.se"}, Subject: "1", Body: "1", Due: "2024-03-11", CreatedBy: "anna"}
	second := &CompletionRequest{Recipients: []string{"c@regionhalland.se"}, Subject: "2", Body: "2", Due: "2024-03-11", CreatedBy: "anna"}
	copied := &CompletionRequest{Recipients: []string{"d@regionhalland.se"}, Subject: "3", Body: "3", Due: "2024-03-11", CreatedBy: "anna"}
	for _, r := range []struct {
		req  *CompletionRequest
		mail []byte
	}{{first, []byte("mail 1")}, {second, []byte("mail 2")}, {copied, nil}} {
		if err := s.RequestCompletion(ctx, sub, r.req, r.mail, now); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		req *CompletionRequest
		to  []string
	}{{first, []string{"a@regionhalland.se", "b@regionhalland.se"}}, {second, []string{"c@regionhalland.se"}}, {copied, nil}} {
		mails, err := s.RequestMail(ctx, tc.req.ID)
		if err != nil {
			t.Fatal(err)
		}
		var to []string
		for _, m := range mails {
			to = append(to, m.To)
			if m.Request != tc.req.ID {
				t.Errorf("outbox row %d: request %d, want %d", m.ID, m.Request, tc.req.ID)
			}
		}
		if len(to) != len(tc.to) || (len(to) > 0 && to[0] != tc.to[0]) {
			t.Errorf("request %q: mail to %q, want %q", tc.req.Subject, to, tc.to)
		}
	}
}
