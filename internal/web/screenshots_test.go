package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tillvaxtverket/villkorsintag/internal/demo"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// TestScreenshots takes the README's screenshots in chromium over the demo
// data (the demo's mail server, samples and poller): the overview and Västra
// Götalandsregionen's report page. They go to a temporary folder; with
// SCREENSHOT_DIR set they are written there, so
//
//	SCREENSHOT_DIR=$PWD/testdata/screenshots go test -run TestScreenshots ./internal/web/
//
// makes testdata/screenshots/demo-oversikt.png and demo-inlamning.png again.
func TestScreenshots(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	env, err := demo.Start(ctx, filepath.Join(t.TempDir(), "demo.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	env.Pipeline.Templates = spectest.Set(t, 2023)
	env.Pipeline.Now = spectest.Clock(2024, 3, 1, 9) // the times shown stay the same from run to run
	pctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { env.Poller.Run(pctx); close(done) }()
	err = env.WaitProcessed(ctx, 2*time.Minute)
	stop()
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.CreateUser(ctx, "anna", "Anna Handläggare", officerPassword, store.RoleOfficer); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Options{Store: env.Store, Pipeline: env.Pipeline, Templates: env.Pipeline.Templates, Now: spectest.Clock(2024, 3, 1, 12), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	bctx, cancel := newBrowser(t, 1280, 900, 2*time.Minute)
	defer cancel()
	browserLogin(t, bctx, ts.URL)

	dir := t.TempDir()
	if d := os.Getenv("SCREENSHOT_DIR"); d != "" {
		dir = d
	}
	save := func(name string, shot []byte) {
		t.Helper()
		if len(shot) < 1000 || string(shot[1:4]) != "PNG" {
			t.Fatalf("%s: not a PNG (%d bytes)", name, len(shot))
		}
		if err := os.WriteFile(filepath.Join(dir, name), shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", filepath.Join(dir, name))
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL+"/oversikt?year=2023"), chromedp.WaitVisible(chromedp.CSS("table tbody tr"))); err != nil {
		t.Fatal(err)
	}
	rows, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("table.overview tbody tr").length`))
	if rows != 21 {
		t.Fatalf("the demo's overview has %d rows, want 21", rows)
	}
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	save("demo-oversikt.png", shot)

	var vgr int64
	mustGet(t, env.Store.DB(), &vgr, `SELECT id FROM submissions WHERE organisation = 'vastragotaland' AND state = 'current'`)
	if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL+"/inlamning/"+itoa(vgr)), chromedp.WaitVisible(chromedp.CSS("nav.toc"))); err != nil {
		t.Fatal(err)
	}
	shot, err = chromedp.Run(bctx, chromedp.CaptureScreenshot()) // the top of the page: a whole report is many screens long
	if err != nil {
		t.Fatal(err)
	}
	save("demo-inlamning.png", shot)
}
