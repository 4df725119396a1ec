package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// TestIngestHonoursAttempts: a file whose processing began three times
// without finishing (an ingest killed on it, as the database shows) is set
// aside by the next ingest, which goes on with the next file.
func TestIngestHonoursAttempts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "a.db")
	deadly, _ := os.ReadFile("../../testdata/mail/skane-late.eml")
	good, _ := os.ReadFile("../../testdata/mail/vasterbotten-ontime.eml")
	os.WriteFile(filepath.Join(dir, "a-dodlig.eml"), deadly, 0o644)
	os.WriteFile(filepath.Join(dir, "b-bra.eml"), good, 0o644)
	ctx := context.Background()
	s, err := store.Open(ctx, db, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(deadly)
	err = s.InTx(ctx, func(tx *sqlx.Tx) error {
		id, err := store.CreateMessage(ctx, tx, &model.Message{SHA256: hex.EncodeToString(sum[:]), Format: "rfc5322", Source: "file",
			SourceRef: "a-dodlig.eml", From: "x@skane.se", ReceivedAt: time.Now(), StoredAt: time.Now()}, deadly)
		for i := 0; i < 3 && err == nil; i++ {
			_, err = store.BeginAttempt(ctx, tx, id, time.Now())
		}
		return err
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "ingest", "--db", db, dir)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var set, stored int
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		switch {
		case strings.Contains(l, "a-dodlig.eml: lagt åt sidan") && strings.Contains(l, "behandlingen avbröts upprepade gånger (3 försök)"):
			set++
		case strings.Contains(l, "b-bra.eml: inlämning") && strings.Contains(l, "version 1 för Region Västerbotten"):
			stored++
		}
	}
	if set != 1 || stored != 1 {
		t.Errorf("output:\n%s", out)
	}
}
