package web

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/tillvaxtverket/villkorsintag/internal/testenv"
	"github.com/xuri/excelize/v2"
)

// chromium returns Debian's chromium, or skips (fails under CI). With
// VILLKORSINTAG_SKIP_BROWSER=1 the browser tests skip, saying so: CI's
// rerun with a second year's spec sets it, since every browser test
// builds its server on an explicit template set (spectest, compilationtest)
// that the embedded specs cannot change.
func chromium(t *testing.T) string {
	if os.Getenv("VILLKORSINTAG_SKIP_BROWSER") == "1" {
		testenv.Skip(t, "browser tests turned off (VILLKORSINTAG_SKIP_BROWSER=1)")
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI must run the browser tests (.ci/run installs it)")
	}
	testenv.Skip(t, "chromium not installed: apt-get install chromium")
	return ""
}

// theChromium is the test binary's one chromium, started by the first
// browser test and closed by TestMain. Its profile is a temporary folder
// of chromedp's own, removed when it closes.
var theChromium struct {
	once   sync.Once
	ctx    context.Context // the browser's first tab: cancelling it closes chromium
	cancel func()
	err    error
}

// newBrowser opens a tab in a browser context of its own (cookies,
// storage and downloads of its own) in the test binary's chromium, with a
// width × height viewport; its actions must end within limit. The test
// closes it with the returned function.
func newBrowser(t *testing.T, width, height int64, limit time.Duration) (context.Context, func()) {
	t.Helper()
	bin := chromium(t)
	theChromium.once.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
			chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true))
		actx, cancel1 := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel2 := chromedp.NewContext(actx)
		theChromium.ctx, theChromium.cancel = ctx, func() { cancel2(); cancel1() }
		theChromium.err = chromedp.Do(ctx) // starts chromium
	})
	if theChromium.err != nil {
		t.Fatalf("chromium did not start: %v", theChromium.err)
	}
	ctx, cancel1 := chromedp.NewContext(theChromium.ctx, chromedp.WithNewBrowserContext())
	ctx, cancel2 := context.WithTimeout(ctx, limit)
	closeTab := func() { cancel2(); cancel1() }
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		closeTab()
		t.Fatal(err)
	}
	return ctx, closeTab
}

// closeChromium closes the chromium that newBrowser started, if it did.
func closeChromium() {
	if theChromium.cancel != nil {
		theChromium.cancel()
	}
}

// TestBrowser drives Debian's chromium through the pages as a case officer
// would: log in, overview, a report, accept a finding, download the XLSX
// export; and checks that an anonymous visitor is sent to the login page.
func TestBrowser(t *testing.T) {
	e := newTestEnv(t)
	ts := e.serve(t)

	downloads := t.TempDir()
	ctx, cancel := newBrowser(t, 1400, 1000, 90*time.Second)
	defer cancel()

	// anonymous: the overview sends us to the login page
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/oversikt"), chromedp.WaitVisible(chromedp.ID("username"))); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "/login") {
		t.Fatalf("anonymous visitor at %s (%v), want the login page", loc, err)
	}

	// log in and read the overview
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("username"), "anna"),
		chromedp.SendKeys(chromedp.ID("password"), officerPassword),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("table tbody tr")),
	)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("table tbody tr").length`))
	if err != nil {
		t.Fatal(err)
	}
	lang, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	title, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if rows != 21 || lang != "sv" || !strings.Contains(title, "översikt") {
		t.Fatalf("overview: %d rows, lang %q, title %q", rows, lang, title)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "oversikt.png") // SCREENSHOT_DIR keeps it
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		out = filepath.Join(dir, "oversikt.png")
	}
	os.WriteFile(out, shot, 0o644)
	t.Logf("screenshot of the overview: %s", out)

	// open Skåne's report and accept its lateness
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Region Skåne"]`)),
		chromedp.WaitVisible(chromedp.ID("anmarkningar")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "inlamning.png"), shot, 0o644)
		}
	}
	findingsBefore, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("form[action$='/godta']").length`))
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`form[action$='/godta'] input[name=comment]`), "Sen på grund av sjukdom; godtas."),
		chromedp.Submit(chromedp.CSS(`form[action$='/godta'] input[name=comment]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice")),
	)
	if err != nil {
		t.Fatal(err)
	}
	accepted, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("td .accepted").length`))
	if findingsBefore == 0 || accepted != 1 {
		t.Fatalf("accept: %d findings to accept before, %d accepted after", findingsBefore, accepted)
	}
	auditText, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#logg + .scroll table`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(auditText, "anna") || !strings.Contains(auditText, "godtogs") {
		t.Errorf("the acceptance is not in the report's events: %q", auditText)
	}

	// download the findings export into this test's folder and read it with excelize
	dctx, stop := context.WithTimeout(ctx, 20*time.Second)
	defer stop()
	progress := chromedp.BrowserEvents(dctx, browser.DownloadProgress)
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/oversikt"),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads, EventsEnabled: ptr(true),
				BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
			return err
		}),
		chromedp.WaitVisible(chromedp.CSS(`a[href^="/export/anmarkningar.xlsx"]`)),
		chromedp.Click(chromedp.CSS(`a[href^="/export/anmarkningar.xlsx"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("the XLSX download did not arrive: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the XLSX download was cancelled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
	}
	matches, _ := filepath.Glob(filepath.Join(downloads, "*.xlsx"))
	if len(matches) != 1 {
		t.Fatalf("the download folder has %v, want one XLSX file", matches)
	}
	file := matches[0]
	data, _ := os.ReadFile(file)
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rowsX, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(rowsX) < 2 || rowsX[0][0] != "Organisation" {
		t.Fatalf("xlsx rows %v", rowsX)
	}
	found := false
	for _, r := range rowsX[1:] {
		if r[0] == "Region Skåne" && r[4] == "late" && len(r) > 8 && r[7] == "ja" && strings.Contains(r[8], "sjukdom") {
			found = true
		}
	}
	if !found {
		t.Errorf("the accepted late finding of Region Skåne is not in the export: %v", rowsX)
	}
}
