package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tillvaxtverket/villkorsintag/internal/testenv"
)

const axePath = "testdata/axe/node_modules/axe-core/axe.min.js"

// TestAccessibility runs axe-core (npm, installed by .ci/run into
// internal/web/testdata/axe) in Debian's chromium on every page, with the
// WCAG 2.0/2.1 A and AA rules, and fails on any violation.
func TestAccessibility(t *testing.T) {
	bin := chromium(t)
	axe, err := os.ReadFile(axePath)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core missing (npm ci --prefix internal/web/testdata/axe): %v", err)
		}
		testenv.Skip(t, "axe-core not installed: npm ci --prefix internal/web/testdata/axe")
	}
	e := newTestEnv(t)
	failed := addFailed(t, e)
	ts := httptest.NewServer(e.srv.Handler())
	defer ts.Close()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1300, 1000))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 120*time.Second)
	defer cancel()

	var vgr int64
	e.st.DB().Get(&vgr, `SELECT id FROM submissions WHERE organisation = 'vastragotaland'`)
	check := func(name string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(axe))); err != nil {
			t.Fatalf("%s: load axe: %v", name, err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
			.then(r => JSON.stringify({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))}))`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: axe: %v", name, err)
		}
		var out struct {
			Passes     int
			Violations []map[string]any
		}
		if err := json.Unmarshal([]byte(res), &out); err != nil || out.Passes < 5 {
			t.Fatalf("%s: axe did not run properly (%d rules passed): %v %.200s", name, out.Passes, err, res)
		}
		t.Logf("%s: %d axe rules passed, %d violated", name, out.Passes, len(out.Violations))
		for _, v := range out.Violations {
			t.Errorf("%s: %v (%v): %v %v", name, v["id"], v["impact"], v["help"], v["nodes"])
		}
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
