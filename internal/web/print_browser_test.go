package web

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
)

// ingestLong takes in the longest fixture (every answer over its limit,
// 14 insatser per table) as a file from a server folder, as `ingest` on
// the command line would (the document names Region Västerbotten).
func ingestLong(t *testing.T, e *testEnv) (id int64, dir string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "inkorg")
	os.MkdirAll(dir, 0o755)
	raw, err := os.ReadFile("../../testdata/docx/pydocx-long.docx")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "norrbotten-2023.docx")
	out, err := e.pipe.Ingest(context.Background(), ingest.Item{Raw: raw, Format: ingest.FormatDocx, Source: "file", SourceRef: path,
		FileName: filepath.Base(path), Received: time.Date(2024, 2, 20, 15, 42, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	id = out.Submission.ID
	if out.Org == nil || out.Org.ID != "vasterbotten" {
		t.Fatalf("the long fixture is filed under %v", out.Org)
	}
	return id, dir
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// printPages prints the page shown to an A4 PDF as Chrome's print dialog
// does by default (no background graphics) and counts its pages.
func printPages(t *testing.T, ctx context.Context) int {
	t.Helper()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4),
		func(p *page.PrintToPDFParams) { p.PreferCSSPageSize, p.PrintBackground = ptr(true), ptr(false) }))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("not a PDF: %.20q", pdf)
	}
	return len(pdfPage.FindAll(pdf, -1))
}

// TestPrintSummary: the longest fixture prints as a summary of at most two
// A4 pages, from its report page (Ctrl+P) and from the print page; the
// limit bars are drawn without background graphics; no server path is on
// the page; the print page with the full answers asked for prints more.
func TestPrintSummary(t *testing.T) {
	e := newTestEnv(t)
	id, dir := ingestLong(t, e)
	ts := e.serve(t)
	ctx := loggedInTab(t, ts.URL, 1300, 1000, 2*time.Minute)

	var nFindings int
	for _, c := range []struct {
		path     string
		maxPages int
	}{{"/inlamning/" + itoa(id), 2}, {"/inlamning/" + itoa(id) + "/utskrift", 2}} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+c.path), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatal(err)
		}
		html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
		if strings.Contains(html, dir) || strings.Contains(html, "/tmp/") || strings.Contains(html, os.TempDir()+"/") {
			t.Errorf("%s: a server path is on the page", c.path)
		}
		if !strings.Contains(html, "norrbotten-2023.docx") {
			t.Errorf("%s: the file's name is not shown", c.path)
		}
		n := printPages(t, ctx)
		t.Logf("%s: %d A4 pages", c.path, n)
		if n < 1 || n > c.maxPages {
			t.Errorf("%s prints on %d A4 pages, want 1–%d", c.path, n, c.maxPages)
		}
		// what print shows: media print, as the PDF was made
		if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		})); err != nil {
			t.Fatal(err)
		}
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if dir := os.Getenv("PRINT_DEBUG"); dir != "" { // a folder to look at the page as printed
			if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
				os.WriteFile(filepath.Join(dir, strings.ReplaceAll(strings.Trim(c.path, "/"), "/", "-")+".png"), shot, 0o644)
			}
		}
		// 1.1–1.3: 6 203 of 4 500 characters is 137 %
		for _, want := range []string{"Region Västerbotten", "Tecken per frågegrupp", "Anmärkningar", "Inkom", "Tabellen under fråga 9.2 har 14 insatser", "137 %"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s in print: %q missing", c.path, want)
			}
		}
		for _, not := range []string{"Svar per fråga", "Händelser", "Innehåll\n", "Godta", "Ladda ned"} {
			if strings.Contains(text, not) {
				t.Errorf("%s in print shows %q", c.path, not)
			}
		}
		if !strings.Contains(text, "Ärende") || !strings.Contains(text, "Ny") && !strings.Contains(text, "ny") {
			t.Errorf("%s in print: no case state", c.path)
		}
		// the bars: drawn by a border, which printing without background graphics keeps
		bars, _ := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[...document.querySelectorAll(".bar span")].map(s => { const c = getComputedStyle(s); return parseFloat(c.borderTopWidth) * (c.borderTopStyle === "solid" ? 1 : 0) * (c.borderTopColor === "rgba(0, 0, 0, 0)" ? 0 : 1) * s.getBoundingClientRect().width; })`))
		if len(bars) != 10 {
			t.Errorf("%s: %d limit bars, want 10", c.path, len(bars))
		}
		for i, b := range bars {
			if b <= 0 {
				t.Errorf("%s: limit bar %d has no visible border in print", c.path, i+1)
			}
		}
		if strings.HasSuffix(c.path, "/utskrift") {
			nFindings, _ = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.findings tbody tr").length`))
		}
		chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
			return err
		}))
	}
	_, res, err := e.st.LatestResult(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if nFindings != len(res.Findings) || nFindings < 17 {
		t.Errorf("the summary lists %d findings, the report has %d", nFindings, len(res.Findings))
	}

	// the full answers asked for, with the page's checkbox
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/inlamning/"+itoa(id)+"/utskrift"), chromedp.WaitVisible(chromedp.CSS(`input[name=svar]`)),
		chromedp.Click(chromedp.CSS(`input[name=svar]`)), chromedp.Submit(chromedp.CSS(`input[name=svar]`)), chromedp.WaitVisible(chromedp.ID("svar"))); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	n := printPages(t, ctx)
	t.Logf("%s: %d A4 pages", loc, n)
	if !strings.Contains(loc, "svar=1") || n <= 4 {
		t.Errorf("with the answers (%s): %d pages, want more than the summary's", loc, n)
	}
	html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if strings.Contains(html, dir) {
		t.Error("a server path is on the page with the answers")
	}
}

func TestWithoutServerPath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"fil /var/spool/intag/norrbotten.eml Message-ID abc@x", "fil norrbotten.eml Message-ID abc@x"},
		{"file testdata/mail/skane-late.eml", "file skane-late.eml"},
		{"fil blank.docx", "fil blank.docx"},
		{"e-post (IMAP) INBOX/1/7 Message-ID a/b@c", "e-post (IMAP) INBOX/1/7 Message-ID a/b@c"},
		{"Västerbotten: current (dnr N2022/02395)", "Västerbotten: current (dnr N2022/02395)"},
		{"läst från /tmp/x/y.docx", "läst från y.docx"},
	} {
		if got := withoutServerPath(c.in); got != c.want {
			t.Errorf("withoutServerPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
