package demo

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

// The embedded samples must stay equal to the fixtures they were copied from.
func TestSamplesMatchFixtures(t *testing.T) {
	names, _ := Samples.ReadDir("samples")
	if len(names) != 5 {
		t.Fatalf("%d samples, want 5", len(names))
	}
	for _, n := range names {
		a, _ := Samples.ReadFile("samples/" + n.Name())
		b, err := os.ReadFile(filepath.Join("../../testdata/mail", n.Name()))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("samples/%s differs from testdata/mail (copy it again): %v", n.Name(), err)
		}
	}
}

func TestDemoRunsThePoller(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, err := Start(ctx, filepath.Join(t.TempDir(), "demo.db"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	e.Pipeline.Templates = spectest.Set(t, 2023)
	done := make(chan struct{})
	go func() { e.Poller.Run(ctx); close(done) }()
	if err := e.WaitProcessed(ctx, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-done
	rows, err := e.Store.Overview(context.Background(), 2023, time.Date(2024, 2, 22, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, r := range rows {
		status[r.OrganisationID] = r.Status
	}
	for org, want := range map[string]string{"vasterbotten": "deficient", "skane": "deficient", "vastragotaland": "deficient", "halland": "deficient", "blekinge": "missing"} {
		if status[org] != want {
			t.Errorf("%s: %s, want %s", org, status[org], want)
		}
	}
	hist, _ := e.Store.History(context.Background(), "vasterbotten", 2023)
	if len(hist) != 2 || hist[1].Version != 2 {
		t.Errorf("Västerbotten's correction: %+v", hist)
	}
}
