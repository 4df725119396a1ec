package web

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tillvaxtverket/villkorsintag/internal/testenv"
)

// axePath is axe-core as npm ci --prefix internal/web/testdata/axe installs it.
const axePath = "testdata/axe/node_modules/axe-core/axe.min.js"

// axeScript returns axe-core's script for axeCheck, after chromium(t):
// the test skips without chromium or axe-core, and fails under CI.
func axeScript(t *testing.T) []byte {
	t.Helper()
	chromium(t)
	axe, err := os.ReadFile(axePath)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core missing (npm ci --prefix internal/web/testdata/axe): %v", err)
		}
		testenv.Skip(t, "axe-core not installed: npm ci --prefix internal/web/testdata/axe")
	}
	return axe
}

// axeCheck runs axe-core's WCAG 2.0/2.1 A and AA rules on the page open
// in ctx and reports every violation.
func axeCheck(t *testing.T, ctx context.Context, axe []byte, name string) {
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

// overflowCheck: at the viewport's width the page is no wider than it.
func overflowCheck(t *testing.T, ctx context.Context, name string, width int) {
	t.Helper()
	w, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil || len(w) != 2 {
		t.Fatalf("%s: %v", name, err)
	}
	if w[1] != width || w[0] > w[1] {
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".scroll")).slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right))`))
		t.Errorf("%s: %d px wide at a %d px viewport; too wide: %v", name, w[0], w[1], wide)
	}
}
