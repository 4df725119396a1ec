package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3"
	"golang.org/x/crypto/bcrypt"
)

// Roles.
const (
	RoleReader  = "läsare"
	RoleOfficer = "handläggare"
)

// User is a case officer.
type User struct {
	ID       int64  `db:"id" json:"id"`
	Username string `db:"username" json:"username"`
	Name     string `db:"name" json:"name"`
	Role     string `db:"role" json:"role"`
}

// CanAct tells whether the user may change anything.
func (u *User) CanAct() bool { return u != nil && u.Role == RoleOfficer }

// ErrBadLogin is returned for a wrong username or password.
var ErrBadLogin = errors.New("wrong username or password")

// ErrUserExists is returned by CreateUser for a username already taken.
var ErrUserExists = errors.New("the user exists")

// PasswordCost is the bcrypt cost of the hashes CreateUser and
// ResetPassword make: bcrypt.DefaultCost, about 60 ms a hash on one core.
// The tests of the packages that log in many times lower it to
// bcrypt.MinCost; a hash keeps the cost it was made with, so a password
// set at one cost is checked at that cost.
var PasswordCost = bcrypt.DefaultCost

// absentHash is compared against when the username is unknown, so that a
// login takes as long whether the user exists or not: a hash of a random
// password at PasswordCost (made once per cost).
var absentHash = struct {
	sync.Mutex
	byCost map[int][]byte
}{byCost: map[int][]byte{}}

func absentUserHash() []byte {
	absentHash.Lock()
	defer absentHash.Unlock()
	h, ok := absentHash.byCost[PasswordCost]
	if !ok {
		var err error
		if h, err = bcrypt.GenerateFromPassword([]byte(time.Now().String()), PasswordCost); err != nil {
			panic(err) // only for a cost outside bcrypt's range
		}
		absentHash.byCost[PasswordCost] = h
	}
	return h
}

// CreateUser adds a user with a bcrypt-hashed password.
func (s *Store) CreateUser(ctx context.Context, username, name, password, role string) (*User, error) {
	if role != RoleReader && role != RoleOfficer {
		return nil, fmt.Errorf("role %q: %s or %s", role, RoleReader, RoleOfficer)
	}
	if len(password) < 10 {
		return nil, errors.New("the password must be at least 10 characters")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), PasswordCost)
	if err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO users (username, name, password_hash, role, created_at) VALUES (?,?,?,?,?)`,
		username, name, string(hash), role, formatTime(time.Now()))
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return nil, fmt.Errorf("store: user %s: %w", username, ErrUserExists)
	}
	if err != nil {
		return nil, fmt.Errorf("store: user %s: %w", username, err)
	}
	id, _ := res.LastInsertId()
	return &User{ID: id, Username: username, Name: name, Role: role}, nil
}

// ResetPassword gives an existing user a new password and role, and ends
// the user's sessions.
func (s *Store) ResetPassword(ctx context.Context, username, password, role string) error {
	if role != RoleReader && role != RoleOfficer {
		return fmt.Errorf("role %q: %s or %s", role, RoleReader, RoleOfficer)
	}
	if len(password) < 10 {
		return errors.New("the password must be at least 10 characters")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), PasswordCost)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.GetContext(ctx, &id, `UPDATE users SET password_hash = ?, role = ? WHERE username = ? RETURNING id`,
		string(hash), role, username); errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: user %s: %w", username, ErrNotFound)
	} else if err != nil {
		return fmt.Errorf("store: user %s: %w", username, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user = ?`, id); err != nil {
		return fmt.Errorf("store: user %s: %w", username, err)
	}
	return tx.Commit()
}

// Authenticate checks a password.
func (s *Store) Authenticate(ctx context.Context, username, password string) (*User, error) {
	var r struct {
		User
		Hash string `db:"password_hash"`
	}
	err := s.db.GetContext(ctx, &r, `SELECT id, username, name, role, password_hash FROM users WHERE username = ?`, username)
	if errors.Is(err, sql.ErrNoRows) {
		bcrypt.CompareHashAndPassword(absentUserHash(), []byte(password)) // same time either way
		return nil, ErrBadLogin
	}
	if err != nil {
		return nil, err
	}
	if bcrypt.CompareHashAndPassword([]byte(r.Hash), []byte(password)) != nil {
		return nil, ErrBadLogin
	}
	return &r.User, nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession stores a session for a token; only its hash is kept.
// Expired sessions are removed on the way.
func (s *Store) CreateSession(ctx context.Context, token, csrf string, user int64, ttl time.Duration) error {
	now := time.Now()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, formatTime(now)); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_sha256, user, csrf, created_at, expires_at) VALUES (?,?,?,?,?)`,
		tokenHash(token), user, csrf, formatTime(now), formatTime(now.Add(ttl)))
	return err
}

// Session returns the user and CSRF token of a live session.
func (s *Store) Session(ctx context.Context, token string) (*User, string, error) {
	var r struct {
		User
		CSRF    string `db:"csrf"`
		Expires string `db:"expires_at"`
	}
	err := s.db.GetContext(ctx, &r, `SELECT u.id, u.username, u.name, u.role, s.csrf, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user WHERE s.token_sha256 = ?`, tokenHash(token))
	if err != nil {
		return nil, "", notFound(err, "session")
	}
	if parseTime(r.Expires).Before(time.Now()) {
		return nil, "", fmt.Errorf("session expired: %w", ErrNotFound)
	}
	return &r.User, r.CSRF, nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_sha256 = ?`, tokenHash(token))
	return err
}

// Decision is a case officer's acceptance of a finding.
type Decision struct {
	Code     string    `json:"code"`
	Question string    `json:"question"`
	Comment  string    `json:"comment"`
	User     string    `json:"user"`
	At       time.Time `json:"at"`
}

// AcceptFinding records that a finding is accepted, with a comment, and audits it.
func (s *Store) AcceptFinding(ctx context.Context, submission int64, code, question, comment string, u *User) error {
	now := time.Now()
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO finding_decisions (submission, code, question, comment, user, at) VALUES (?,?,?,?,?,?)
			ON CONFLICT (submission, code, question) DO UPDATE SET comment = excluded.comment, user = excluded.user, at = excluded.at`,
			submission, code, question, comment, u.ID, formatTime(now))
		if err != nil {
			return err
		}
		return Audit(ctx, tx, now, u.Username, "accept_finding", nil, &submission, fmt.Sprintf("%s %s: %s", code, question, comment))
	})
}

// Decisions lists a submission's accepted findings.
func (s *Store) Decisions(ctx context.Context, submission int64) ([]Decision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT d.code, d.question, d.comment, u.username, d.at FROM finding_decisions d
		JOIN users u ON u.id = d.user WHERE d.submission = ? ORDER BY d.id`, submission)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		var at string
		if err := rows.Scan(&d.Code, &d.Question, &d.Comment, &d.User, &at); err != nil {
			return nil, err
		}
		d.At = parseTime(at)
		out = append(out, d)
	}
	return out, rows.Err()
}

// MarkReviewed records that a report was reviewed (granskad), and audits it.
func (s *Store) MarkReviewed(ctx context.Context, submission int64, comment string, u *User) error {
	now := time.Now()
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reviews (submission, comment, user, at) VALUES (?,?,?,?)`,
			submission, comment, u.ID, formatTime(now)); err != nil {
			return err
		}
		return Audit(ctx, tx, now, u.Username, "review", nil, &submission, comment)
	})
}

// Reviewed returns the latest review of a submission, or nil.
func (s *Store) Reviewed(ctx context.Context, submission int64) (*Decision, error) {
	var d Decision
	var at string
	err := s.db.QueryRowContext(ctx, `SELECT r.comment, u.username, r.at FROM reviews r JOIN users u ON u.id = r.user
		WHERE r.submission = ? ORDER BY r.id DESC LIMIT 1`, submission).Scan(&d.Comment, &d.User, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	d.At = parseTime(at)
	return &d, err
}

// AuditOf lists the audit entries of a submission and its message.
func (s *Store) AuditOf(ctx context.Context, submission, message int64) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.db.SelectContext(ctx, &out, `SELECT id, at, actor, action, message, submission, detail FROM audit_log
		WHERE submission = ? OR (message = ? AND submission IS NULL) ORDER BY id`, submission, message)
	return out, err
}
