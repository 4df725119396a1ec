package web

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var compilationBrowserPages = []string{"/sammanstallning?year=2023&question=9.1", "/sammanstallning?year=2023&question=3.4",
	"/sammanstallning?year=2023&question=10.3", "/sammanstallning?year=2023&question=10.4", "/sammanstallning?year=2024&question=övrigt",
	"/insatser?year=2023", "/insatser?year=2023&question=5.4&q=kommun&sort=-c2", "/val?year=2023", "/val?year=2024", "/oversikt?year=2023"}

// compilationAxePages are the pages axe-core checks: the same, but the
// whole /insatser table (every insats of 21 bodies, some 4 600 elements,
// 15 s of axe's colour-contrast rule alone) with one body's rows: the same
// table, filters and counts. The whole table is still checked at 390 px.
var compilationAxePages = func() []string {
	var out []string
	for _, p := range compilationBrowserPages {
		if p == "/insatser?year=2023" {
			p += "&organisation=stockholm"
		}
		out = append(out, p)
	}
	return out
}()

// TestCompilationPagesInTheBrowser: every page of the compilation, over 21
// bodies × 2 years, in chromium: axe-core finds no WCAG A/AA violation, and
// at 390 px no page is wider than the viewport.
func TestCompilationPagesInTheBrowser(t *testing.T) {
	axe := axeScript(t)
	c := newCompEnv(t, 2023, 2024)
	ts := httptest.NewServer(c.h)
	defer ts.Close()
	ctx := loggedInTab(t, ts.URL, 1300, 1000, 10*time.Minute) // axe on 21 bodies' pages, on a busy machine
	shots := os.Getenv("SCREENSHOT_DIR")
	for _, page := range compilationAxePages {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if strings.Contains(page, "organisation=") { // one body's rows, not none
			rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main table tbody tr").length`))
			if err != nil || rows < 2 {
				t.Fatalf("%s: %d table rows (%v), want one body's insatser", page, rows, err)
			}
		}
		axeCheck(t, ctx, axe, page)
		if shots != "" { // SCREENSHOT_DIR keeps the first screen of each page
			if shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
				name := strings.NewReplacer("/", "", "?", "-", "&", "-", "=", "").Replace(page)
				os.WriteFile(filepath.Join(shots, name+".png"), shot, 0o644)
			}
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, page := range compilationBrowserPages {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		overflowCheck(t, ctx, page, 390)
	}
}
