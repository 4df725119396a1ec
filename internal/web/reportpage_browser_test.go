package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLongReportPage: the table of contents stays in view while the page
// scrolls, a jump moves focus to its target, findings link to their
// question and back, and every comment field has its own label.
func TestLongReportPage(t *testing.T) {
	e := newTestEnv(t)
	ts := e.serve(t)
	ctx := loggedInTab(t, ts.URL, 1300, 900, 2*time.Minute)
	var vgr int64
	mustGet(t, e.st.DB(), &vgr, `SELECT id FROM submissions WHERE organisation = 'vastragotaland'`)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/inlamning/"+itoa(vgr)), chromedp.WaitVisible(chromedp.CSS("nav.toc"))); err != nil {
		t.Fatal(err)
	}
	pos, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("nav.toc")).position`))
	if pos != "sticky" {
		t.Errorf("table of contents position %q, want sticky", pos)
	}
	top, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.scrollTo(0, document.body.scrollHeight); document.querySelector("nav.toc").getBoundingClientRect().top`))
	if top < 0 || top > 50 {
		t.Errorf("scrolled to the bottom, the table of contents is at %.0f px", top)
	}
	// jump from the table of contents to 7.2: focus follows
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`nav.toc a[href="#fraga-7-2"]`))); err != nil {
		t.Fatal(err)
	}
	focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if focused != "fraga-7-2" {
		t.Errorf("after the jump focus is on %q, want fraga-7-2", focused)
	}
	// from the question to its findings and back
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#fraga-7-2 a[href="#anm-7-2"]`))); err != nil {
		t.Fatal(err)
	}
	focused, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	back, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#anm-7-2 h3 a[href="#fraga-7-2"]').length`))
	if focused != "anm-7-2" || back != 1 {
		t.Errorf("findings of 7.2: focus %q, %d links back", focused, back)
	}
	// the findings are in template order, the report as a whole first
	order, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("section.finding-group")].map(s => s.id)`))
	if len(order) < 3 || order[0] != "anm-allmant" && !strings.HasPrefix(order[0], "anm-1") {
		t.Errorf("finding groups %v", order)
	}
	for i := 1; i < len(order); i++ {
		if order[i] == "anm-allmant" {
			t.Errorf("the report-wide findings are not first: %v", order)
		}
	}
	labels, _ := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(() => { const ls = [...document.querySelectorAll('form[action$="/godta"] label')].map(l => l.textContent); return [ls.length, new Set(ls).size]; })()`))
	if len(labels) != 2 || labels[0] < 5 || labels[0] != labels[1] {
		t.Errorf("comment labels: %v (count, distinct)", labels)
	}
	over, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#fraga-1-2`)))
	if !strings.Contains(over, "Ingår i frågegruppen 1.1–1.3, som är över teckengränsen") {
		t.Errorf("1.2 is not marked as part of the over-limit group: %q", over)
	}
	skip, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href="#svar"]').length`))
	if skip < 2 {
		t.Error("no link to skip the findings")
	}
}

// TestNoHorizontalOverflowOnAPhone: at 390 px no page is wider than the
// viewport; wide tables scroll in their own container.
func TestNoHorizontalOverflowOnAPhone(t *testing.T) {
	e := newTestEnv(t)
	ts := e.serve(t)
	ctx, cancel := newBrowser(t, 1000, 900, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	var vgr, skane, unassigned int64
	mustGet(t, e.st.DB(), &vgr, `SELECT id FROM submissions WHERE organisation = 'vastragotaland'`)
	mustGet(t, e.st.DB(), &skane, `SELECT id FROM submissions WHERE organisation = 'skane'`)
	mustGet(t, e.st.DB(), &unassigned, `SELECT id FROM submissions WHERE state = 'unassigned'`)
	check := func(page string) {
		t.Helper()
		overflowCheck(t, ctx, page, 390)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/login"), chromedp.WaitVisible(chromedp.ID("username"))); err != nil {
		t.Fatal(err)
	}
	check("/login")
	browserLogin(t, ctx, ts.URL)
	for _, page := range []string{"/oversikt", "/oversikt?inkommen=late", "/inlamning/" + itoa(vgr), "/inlamning/" + itoa(skane), "/inlamning/" + itoa(unassigned),
		"/inlamning/" + itoa(vgr) + "/komplettering", "/inlamning/" + itoa(vgr) + "/utskrift?svar=1", "/paminnelser", "/paminnelser/norrbotten?year=2023", "/versioner/vasterbotten", "/otilldelade", "/fel", "/inlamning/999999"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		check(page)
	}
}
