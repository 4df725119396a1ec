package poller

import (
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/testenv"
)

// TestMain prints one line naming the integration tests that skipped.
func TestMain(m *testing.M) { testenv.Main(m, "internal/poller") }
