package web

import (
	"os"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/testenv"
	"golang.org/x/crypto/bcrypt"
)

// TestMain prints one line naming the integration tests that skipped. The
// tests log in hundreds of times: their passwords are hashed at bcrypt's
// lowest cost (the store's own tests keep the default). The browser tests
// share one chromium, closed here after the tests.
func TestMain(m *testing.M) {
	store.PasswordCost = bcrypt.MinCost
	code := testenv.Run(m, "internal/web")
	closeChromium()
	os.Exit(code)
}
