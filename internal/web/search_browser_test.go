package web

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSearchInTheBrowser: a case officer opens Sök from the menu, types a
// phrase and a prefix, submits the form (no JavaScript needed), and reads
// the hits grouped by report with the words marked; every search page
// passes axe-core and fits a 390 px phone.
func TestSearchInTheBrowser(t *testing.T) {
	axe := axeScript(t)
	e := newTestEnv(t)
	addSearchReports(t, e)
	ts := e.serve(t)
	ctx := loggedInTab(t, ts.URL, 1300, 1000, 2*time.Minute)

	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//nav//a[normalize-space()="Sök"]`)),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), `"smart specialisering" innovations*`),
		chromedp.SetValue(chromedp.ID("year"), "2023"),
		chromedp.Submit(chromedp.ID("q")),
		chromedp.WaitVisible(chromedp.CSS("section.search-group")),
	)
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	u, _ := url.Parse(loc)
	if u.Path != "/sok" || u.Query().Get("q") != `"smart specialisering" innovations*` || u.Query().Get("year") != "2023" {
		t.Errorf("the form went to %s", loc)
	}
	status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[role=status]`)))
	groups, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("section.search-group h2 a")].map(a => a.textContent)`))
	marks, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...new Set([...document.querySelectorAll(".snippet mark")].map(m => m.textContent.toLowerCase()))].sort()`))
	current, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('nav a[aria-current="page"]').textContent`))
	if !strings.Contains(status, "innehåller") || len(groups) < 2 || current != "Sök" {
		t.Errorf("status %q, groups %v, current menu entry %q", status, groups, current)
	}
	if len(marks) < 3 || marks[0] != "innovationsprojekt" && !strings.HasPrefix(marks[0], "innovations") || !contains(marks, "smart") || !contains(marks, "specialisering") {
		t.Errorf("marked words %v", marks)
	}
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "sok.png"), shot, 0o644)
		}
	}
	// a hit's question link opens the report at that question
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`section.search-group ol.hits h3 a`)), chromedp.WaitVisible(chromedp.CSS("nav.toc")))
	if err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/inlamning/") || !strings.Contains(loc, "#fraga-5-") {
		t.Errorf("the hit's link went to %s", loc)
	}

	pages := []string{"/sok", "/sok?q=" + url.QueryEscape(`"smart specialisering" innovations*`), "/sok?q=flygtaxi&all=1",
		"/sok?q=flygtaxi", "/sok?q=" + url.QueryEscape(`" - *`), "/sok?q=arbetet&question=5.4&all=1",
		"/sok?q=och", "/sok?q=och&offset=100", "/sok?q=och&offset=5000"}
	for _, page := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		axeCheck(t, ctx, axe, page)
	}
	// at 390 px nothing is wider than the phone
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, page := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		overflowCheck(t, ctx, page, 390)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
