package cli

import (
	"os"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"golang.org/x/crypto/bcrypt"
)

// The commands' tests run with an explicit template set (the 2023 spec
// read from its file) and a fixed clock inside the 2023 intake window, so
// that adding a spec file to configs/templates changes nothing here. Tests
// of other years swap both with withTemplates.
func TestMain(m *testing.M) {
	t, err := spec.ParseFile(spectest.Path(2023))
	if err != nil {
		panic(err)
	}
	set := spec.NewSet(t)
	embeddedTemplates = func() (*spec.Set, error) { return set, nil }
	clock = func() time.Time { return time.Date(2024, 3, 1, 12, 0, 0, 0, spectest.Stockholm) }
	os.Unsetenv(TemplatesEnv)
	store.PasswordCost = bcrypt.MinCost // tests log in many times
	os.Exit(m.Run())
}

// withTemplates runs the rest of a test with these years' specs and clock.
func withTemplates(t *testing.T, now func() time.Time, years ...int) {
	oldSet, oldClock := embeddedTemplates, clock
	embeddedTemplates, clock = spectest.SetFunc(t, years...), now
	t.Cleanup(func() { embeddedTemplates, clock = oldSet, oldClock })
}
