package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
)

// TestPasswordHashCost: a stored password is a bcrypt hash at the
// store's cost (the default unless a test lowers it), it keeps that cost
// when the cost changes later, and an unknown user is checked against a
// hash of the same cost (so a login takes as long either way).
func TestPasswordHashCost(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "v.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if PasswordCost != bcrypt.DefaultCost {
		t.Fatalf("PasswordCost %d, want bcrypt's default %d", PasswordCost, bcrypt.DefaultCost)
	}
	hashOf := func(user string) []byte {
		t.Helper()
		var h string
		if err := s.DB().GetContext(ctx, &h, `SELECT password_hash FROM users WHERE username = ?`, user); err != nil {
			t.Fatal(err)
		}
		return []byte(h)
	}
	if _, err := s.CreateUser(ctx, "anna", "Anna", "ett långt lösenord", RoleOfficer); err != nil {
		t.Fatal(err)
	}
	if c, err := bcrypt.Cost(hashOf("anna")); err != nil || c != bcrypt.DefaultCost {
		t.Fatalf("anna's hash has cost %d (%v), want %d", c, err, bcrypt.DefaultCost)
	}
	if c, _ := bcrypt.Cost(absentUserHash()); c != bcrypt.DefaultCost {
		t.Fatalf("the unknown-user hash has cost %d, want %d", c, bcrypt.DefaultCost)
	}

	PasswordCost = bcrypt.MinCost
	defer func() { PasswordCost = bcrypt.DefaultCost }()
	if _, err := s.CreateUser(ctx, "bo", "Bo", "ett annat långt lösenord", RoleReader); err != nil {
		t.Fatal(err)
	}
	if c, _ := bcrypt.Cost(hashOf("bo")); c != bcrypt.MinCost {
		t.Fatalf("bo's hash has cost %d, want %d", c, bcrypt.MinCost)
	}
	if c, _ := bcrypt.Cost(absentUserHash()); c != bcrypt.MinCost {
		t.Fatalf("the unknown-user hash has cost %d, want %d", c, bcrypt.MinCost)
	}
	// both still log in; a wrong password and an unknown user do not
	for _, u := range []struct{ name, password string }{{"anna", "ett långt lösenord"}, {"bo", "ett annat långt lösenord"}} {
		if _, err := s.Authenticate(ctx, u.name, u.password); err != nil {
			t.Errorf("%s: %v", u.name, err)
		}
	}
	if _, err := s.Authenticate(ctx, "anna", "fel lösenord!"); !errors.Is(err, ErrBadLogin) {
		t.Errorf("wrong password: %v, want ErrBadLogin", err)
	}
	if _, err := s.Authenticate(ctx, "cecilia", "ett långt lösenord"); !errors.Is(err, ErrBadLogin) {
		t.Errorf("unknown user: %v, want ErrBadLogin", err)
	}
}
