package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestComparePagesInTheBrowser: in chromium, the versions page after a
// correction shows the fixed and the remaining findings and the word diff
// (struck through and underlined, not only coloured, with the words
// "tillagt"/"borttaget" for screen readers); the year-over-year page
// shows the renumbered question with its counterpart and opens the word
// diff; both pass axe-core and are no wider than a 390 px phone.
func TestComparePagesInTheBrowser(t *testing.T) {
	axe := axeScript(t)
	e := newTestEnv(t)
	addCorrection(t, e)
	versionsSrv := e.serve(t)
	yearsSrv := newTwoYearEnv(t)

	ctx := loggedInTab(t, versionsSrv.URL, 1300, 1000, 2*time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate(versionsSrv.URL+"/versioner/kalmar?year=2023"), chromedp.WaitVisible(chromedp.ID("anm-kvarstar"))); err != nil {
		t.Fatal(err)
	}
	summary, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".summary-counts")))
	remaining, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#anm-kvarstar + .scroll table`)))
	fixed, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#anm-atgardade + .scroll table`)))
	if !strings.Contains(summary, "2 av 4 anmärkningar åtgärdade") || !strings.Contains(remaining, "Kvarstår") || !strings.Contains(remaining, "N2022/02395") ||
		!strings.Contains(fixed, "Åtgärdad") || !strings.Contains(fixed, "Fråga 1.1 är inte besvarad") {
		t.Errorf("versions page: summary %q, remaining %q, fixed %q", summary, remaining, fixed)
	}
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const d = document.querySelector(".wd del"), i = document.querySelector(".wd ins"), h = document.querySelector(".wd ins .visually-hidden");
		return [getComputedStyle(d).textDecorationLine, getComputedStyle(i).textDecorationLine, String(h.getBoundingClientRect().width <= 1), h.textContent];
	})()`))
	if err != nil || len(marks) != 4 || marks[0] != "line-through" || marks[1] != "underline" || marks[2] != "true" || marks[3] != "[tillagt: " {
		t.Errorf("diff marks: %v %v", marks, err)
	}
	axeCheck(t, ctx, axe, "/versioner/kalmar")
	if err := chromedp.Do(ctx, chromedp.Navigate(versionsSrv.URL+"/versioner/kalmar?year=2023&alla=1"), chromedp.WaitVisible(chromedp.ID("fragor"))); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, ctx, axe, "/versioner/kalmar?alla=1")

	browserLogin(t, ctx, yearsSrv.URL)
	if err := chromedp.Do(ctx, chromedp.Navigate(yearsSrv.URL+"/organisation/vasterbotten/ar?fran=2023&till=2024"), chromedp.WaitVisible(chromedp.ID("fraga-10-4"))); err != nil {
		t.Fatal(err)
	}
	head, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#fraga-10-4 h2")))
	how, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#fraga-10-4 .match-how")))
	gone, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#fraga-9-1-2023 .match-how")))
	if head != "Fråga 10.2 (2023) → Fråga 10.4 (2024)" || !strings.Contains(how, "likhet 100 %") || !strings.Contains(gone, "finns inte i mallen för 2024") {
		t.Errorf("year page: %q, %q, %q", head, how, gone)
	}
	before, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#fraga-1-1 details .wd").checkVisibility()`))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#fraga-1-1 details summary"))); err != nil {
		t.Fatal(err)
	}
	after, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#fraga-1-1 details .wd").checkVisibility()`))
	if before || !after {
		t.Errorf("word diff shown before opening %v, after %v", before, after)
	}
	axeCheck(t, ctx, axe, "/organisation/vasterbotten/ar")

	// a phone: nothing wider than the screen
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ base, path string }{
		{yearsSrv.URL, "/organisation/vasterbotten/ar?fran=2023&till=2024"},
		{versionsSrv.URL, "/versioner/kalmar?year=2023"},
		{versionsSrv.URL, "/versioner/kalmar?year=2023&alla=1"},
	} {
		if p.base == versionsSrv.URL {
			browserLogin(t, ctx, versionsSrv.URL)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(p.base+p.path), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatal(err)
		}
		if p.path[1] == 'o' {
			chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#fraga-1-1 details summary")))
		}
		overflowCheck(t, ctx, p.path, 390)
	}
}
