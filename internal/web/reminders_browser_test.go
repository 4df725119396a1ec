package web

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tillvaxtverket/villkorsintag/configs"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
)

// TestRemindersInTheBrowser: the page lists the bodies not heard from; a
// body without a contact address says so and offers no sending; for one
// with addresses the officer edits the draft and sends it, go-smtp
// receives it, and the page shows it with its delivery.
func TestRemindersInTheBrowser(t *testing.T) {
	e := newTestEnv(t)
	list, err := orgs.Parse(bytes.Replace(configs.Regions, []byte("{id: norrbotten, "), []byte("{id: norrbotten, contacts: [villkor@norrbotten.example], "), 1))
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Orgs = list
	sink, mailer, cfg := e.mailToSink(t)
	ts := e.serve(t)
	ctx := loggedInTab(t, ts.URL, 1300, 1000, 2*time.Minute)

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.Search(`//nav//a[normalize-space()="Påminnelser"]`)), chromedp.WaitVisible(chromedp.CSS("table tbody tr"))); err != nil {
		t.Fatal(err)
	}
	rows, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("table tbody th")].map(th => th.textContent.trim())`))
	// heard from in the fixtures: Västerbotten, Skåne, Västra Götaland (forwarded), and the bodies of noattachment and blank
	if len(rows) < 15 || len(rows) > 18 || strings.Contains(strings.Join(rows, ","), "Region Skåne") || strings.Contains(strings.Join(rows, ","), "Region Västerbotten") {
		t.Errorf("bodies not heard from: %d %v", len(rows), rows)
	}
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, "21 februari 2024") || !strings.Contains(text, "ingen kontaktadress") || !strings.Contains(text, "villkor@norrbotten.example") {
		t.Errorf("the page:\n%.1500s", text)
	}

	// a body without an address: the message, no send button
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/paminnelser/kalmar?year=2023"), chromedp.WaitVisible(chromedp.ID("body"))); err != nil {
		t.Fatal(err)
	}
	note, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".error-box")))
	sends, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('button[value=send]').length`))
	if !strings.Contains(note, "Ingen kontaktadress") || sends != 0 {
		t.Errorf("Kalmar: note %q, %d send buttons", note, sends)
	}

	// Norrbotten: edit and send
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/paminnelser?year=2023"),
		chromedp.Click(chromedp.CSS(`#org-norrbotten a[href^="/paminnelser/norrbotten"]`)), chromedp.WaitVisible(chromedp.ID("body"))); err != nil {
		t.Fatal(err)
	}
	draft, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("body")))
	subject, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("subject")))
	for _, want := range []string{"senast den 21 februari 2024", "li.registrator@regeringskansliet.se, tillvaxtverket@tillvaxtverket.se och villkorsrapport@tillvaxtverket.se", "N2022/02395", "Ä 2023–2905", "Anna Handläggare"} {
		if !strings.Contains(draft, want) {
			t.Errorf("draft lacks %q:\n%s", want, draft)
		}
	}
	if !strings.Contains(subject, "Påminnelse") || !strings.Contains(subject, "Region Norrbotten") || !strings.Contains(subject, "N2022/02395") {
		t.Errorf("subject %q", subject)
	}
	edited := strings.Replace(draft, "Hej!", "Hej Norrbotten!", 1)
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("body"), edited),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Skicka"]`)), chromedp.WaitVisible(chromedp.CSS(".notice"))); err != nil {
		t.Fatal(err)
	}
	mailer.SendDue(context.Background())
	got := sink.received()
	if len(got) != 1 || len(got[0].to) != 1 || got[0].to[0] != "villkor@norrbotten.example" || got[0].from != cfg.From {
		t.Fatalf("smtp got %+v", got)
	}
	m, err := mail.ReadMessage(bytes.NewReader(got[0].data))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(m.Body)
	subj, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if subj != subject || !strings.Contains(decodeQP(string(body)), "Hej Norrbotten!") || m.Header.Get("In-Reply-To") != "" {
		t.Errorf("sent: subject %q, In-Reply-To %q, body %q", subj, m.Header.Get("In-Reply-To"), body)
	}
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("org-norrbotten"))); err != nil {
		t.Fatal(err)
	}
	row, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("org-norrbotten")))
	if !strings.Contains(row, "skriven av anna: skickad till villkor@norrbotten.example") || !strings.Contains(row, "Utskick: skickad till villkor@norrbotten.example") {
		t.Errorf("Norrbotten's row: %q", row)
	}
	var audited int
	mustGet(t, e.st.DB(), &audited, `SELECT count(*) FROM audit_log WHERE action = 'reminder' AND actor = 'anna'`)
	if audited != 1 {
		t.Errorf("%d audit entries for the reminder", audited)
	}
	// a body that has reported gets no reminder
	c := e.clientAs(t, "anna")
	if resp, _ := c.get("/paminnelser/skane?year=2023"); resp.StatusCode != 400 {
		t.Errorf("a reminder to Skåne: %d, want 400", resp.StatusCode)
	}
}
