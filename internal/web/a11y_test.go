package web

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAccessibility runs axe-core (npm, installed by .ci/run into
// internal/web/testdata/axe) in Debian's chromium on every page, with the
// WCAG 2.0/2.1 A and AA rules, and fails on any violation.
func TestAccessibility(t *testing.T) {
	axe := axeScript(t)
	e := newTestEnv(t)
	failed := addFailed(t, e)
	ts := e.serve(t)
	ctx, cancel := newBrowser(t, 1300, 1000, 2*time.Minute)
	defer cancel()

	var vgr int64
	mustGet(t, e.st.DB(), &vgr, `SELECT id FROM submissions WHERE organisation = 'vastragotaland'`)
	check := func(name string) {
		t.Helper()
		axeCheck(t, ctx, axe, name)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/login"), chromedp.WaitVisible(chromedp.ID("username"))); err != nil {
		t.Fatal(err)
	}
	check("login")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("username"), "anna"), chromedp.SendKeys(chromedp.ID("password"), officerPassword),
		chromedp.Submit(chromedp.ID("password")), chromedp.WaitVisible(chromedp.CSS("table tbody tr"))); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"/oversikt", "/oversikt?inkommen=late&innehall=deficient&sort=-errors", "/inlamning/" + itoa(vgr), "/versioner/vasterbotten", "/inlamning/" + itoa(vgr) + "/komplettering", "/inlamning/" + itoa(vgr) + "/utskrift?svar=1", "/paminnelser?year=2023", "/paminnelser/norrbotten?year=2023", "/otilldelade", "/fel", "/inlamning/" + itoa(failed.limitedSub), "/inlamning/999999"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		check(page)
	}
}
