package web

import (
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/testenv"
	"golang.org/x/crypto/bcrypt"
)

// TestMain prints one line naming the integration tests that skipped. The
// tests log in hundreds of times: their passwords are hashed at bcrypt's
// lowest cost (the store's own tests keep the default).
func TestMain(m *testing.M) {
	store.PasswordCost = bcrypt.MinCost
	testenv.Main(m, "internal/web")
}
