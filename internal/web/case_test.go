package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

func overviewByOrg(t *testing.T, c *client) map[string]model.OverviewRow {
	t.Helper()
	_, body := c.get("/api/overview")
	var rows []model.OverviewRow
	if err := json.Unmarshal([]byte(body), &rows); err != nil {
		t.Fatalf("api overview: %v", err)
	}
	out := map[string]model.OverviewRow{}
	for _, r := range rows {
		out[r.OrganisationID] = r
	}
	return out
}

// TestStandingInThreeParts: timeliness, content and case state are
// independent; accepting errors empties the content, reviewing and
// approving move the case, and the overview filters on each part.
func TestStandingInThreeParts(t *testing.T) {
	e := newTestEnv(t)
	c := e.clientAs(t, "anna")

	rows := overviewByOrg(t, c)
	sk, bl := rows["skane"], rows["blekinge"]
	if sk.Timeliness != model.TimelinessLate || sk.DaysLate < 1 || sk.Content != model.ContentDeficient || sk.CaseState != model.CaseNew {
		t.Errorf("Skåne: %s %d %s %s, want late, deficient, new", sk.Timeliness, sk.DaysLate, sk.Content, sk.CaseState)
	}
	if bl.Timeliness != model.TimelinessMissing || bl.Content != model.ContentNone || bl.CaseState != model.CaseMissing {
		t.Errorf("Blekinge: %s %s %s, want missing everywhere", bl.Timeliness, bl.Content, bl.CaseState)
	}
	// late and deficient at once: the content filter finds Skåne too
	_, body := c.get("/oversikt?innehall=deficient")
	if !strings.Contains(body, "Region Skåne") {
		t.Error("filter innehall=deficient misses the late report with errors")
	}
	_, body = c.get("/oversikt?inkommen=missing")
	if n := strings.Count(body, `<th scope="row">`); n != countOf(rows, func(r model.OverviewRow) bool { return r.Timeliness == model.TimelinessMissing }) {
		t.Errorf("filter inkommen=missing: %d rows", n)
	}
	if !strings.Contains(body, "<td class=\"num\">–</td>") || strings.Contains(body, `<td class="num">0</td>`) {
		t.Error("a body not heard from shows 0 rather than –")
	}
	_, body = c.get("/oversikt")
	if !regexp.MustCompile(`<a href="/oversikt\?inkommen=late&amp;year=\d+" class="k-late">sen: 2</a>`).MatchString(body) {
		t.Error("the count of late reports is not a link to the filter")
	}
	if !strings.Contains(body, `class="badge">1<`) {
		t.Error("no badge with the one unassigned submission in the menu")
	}

	// accept every error of Skåne's report: its content is no longer deficient
	var skane int64
	mustGet(t, e.st.DB(), &skane, `SELECT id FROM submissions WHERE organisation = 'skane' AND state = 'current'`)
	_, res, err := e.st.LatestResult(context.Background(), skane)
	if err != nil {
		t.Fatal(err)
	}
	token := c.csrf("/inlamning/" + itoa(skane))
	for _, f := range res.Findings {
		if f.Severity == model.Error {
			if resp, _ := c.post("/inlamning/"+itoa(skane)+"/godta", url.Values{"csrf": {token}, "code": {f.Code}, "question": {f.Question}, "comment": {"Godtas."}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("accept: %d", resp.StatusCode)
			}
		}
	}
	sk = overviewByOrg(t, c)["skane"]
	if sk.Content == model.ContentDeficient || sk.OpenErrors != 0 || sk.Errors == 0 || sk.CaseState != model.CaseInReview || sk.Timeliness != model.TimelinessLate {
		t.Errorf("after accepting: content %s, open errors %d of %d, case %s, %s", sk.Content, sk.OpenErrors, sk.Errors, sk.CaseState, sk.Timeliness)
	}
	if resp, _ := c.post("/inlamning/"+itoa(skane)+"/godkann", url.Values{"csrf": {token}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", resp.StatusCode)
	}
	sk = overviewByOrg(t, c)["skane"]
	if sk.CaseState != model.CaseApproved || sk.ApprovedBy != "anna" || sk.ApprovedAt == nil {
		t.Errorf("after approving: %s by %q at %v", sk.CaseState, sk.ApprovedBy, sk.ApprovedAt)
	}
	_, body = c.get("/inlamning/" + itoa(skane))
	if !strings.Contains(body, "godkänd av anna") || strings.Contains(body, `action="/inlamning/`+itoa(skane)+`/godkann"`) {
		t.Error("the report page does not show the approval, or still offers Godkänn")
	}
	_, body = c.get("/oversikt?arende=approved")
	if n := strings.Count(body, `<th scope="row">`); n != 1 {
		t.Errorf("filter arende=approved: %d rows, want 1", n)
	}

	// a superseded version: a banner to the current one, no actions
	var old, cur int64
	mustGet(t, e.st.DB(), &old, `SELECT id FROM submissions WHERE organisation = 'vasterbotten' AND state = 'superseded'`)
	mustGet(t, e.st.DB(), &cur, `SELECT id FROM submissions WHERE organisation = 'vasterbotten' AND state = 'current'`)
	_, body = c.get("/inlamning/" + itoa(old))
	if !strings.Contains(body, `<a href="/inlamning/`+itoa(cur)+`">Gå till den aktuella versionen</a>`) || strings.Contains(body, "Markera som granskad") || strings.Contains(body, "/godta\"") {
		t.Error("a superseded version lacks the banner or still offers review actions")
	}
	if resp, _ := c.post("/inlamning/"+itoa(old)+"/godkann", url.Values{"csrf": {token}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("approving a superseded version: %d, want 400", resp.StatusCode)
	}
}

func countOf(rows map[string]model.OverviewRow, f func(model.OverviewRow) bool) int {
	n := 0
	for _, r := range rows {
		if f(r) {
			n++
		}
	}
	return n
}

// TestCorrectionMovesTheCase: a new version arriving after a completion
// was asked for makes the case komplettering inkommen, with an audit entry.
func TestCorrectionMovesTheCase(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pipe := ingest.New(st, orgs.Default(), "poller")
	ingestMail := func(name string) {
		raw, err := os.ReadFile(filepath.Join("../../testdata/mail", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pipe.Ingest(ctx, ingest.Item{Raw: raw, Format: ingest.FormatMail, Source: "imap", SourceRef: "INBOX/1"}); err != nil {
			t.Fatal(err)
		}
	}
	ingestMail("vasterbotten-ontime.eml")
	c, _ := st.CaseOf(ctx, "vasterbotten", 2023)
	if c.State != model.CaseNew {
		t.Fatalf("first version: case %s, want new", c.State)
	}
	if _, err := st.DB().Exec(`UPDATE cases SET state = 'requested', due = '2024-03-15' WHERE organisation = 'vasterbotten'`); err != nil {
		t.Fatal(err)
	}
	ingestMail("vasterbotten-correction.eml")
	c, _ = st.CaseOf(ctx, "vasterbotten", 2023)
	var cur int64
	mustGet(t, st.DB(), &cur, `SELECT id FROM submissions WHERE organisation = 'vasterbotten' AND state = 'current'`)
	if c.State != model.CaseCorrected || c.Submission == nil || *c.Submission != cur {
		t.Errorf("after the correction: case %s about %v, want corrected about %d", c.State, c.Submission, cur)
	}
	var n int
	mustGet(t, st.DB(), &n, `SELECT count(*) FROM audit_log WHERE action = 'case_state' AND detail = 'komplettering inkommen' AND submission = ?`, cur)
	if n != 1 {
		t.Errorf("%d audit entries for the correction, want 1", n)
	}
}

// TestAssignFromTheSubmissionPage: no body is preselected, the bodies are
// in Swedish alphabetical order, and the submission's own page assigns.
func TestAssignFromTheSubmissionPage(t *testing.T) {
	e := newTestEnv(t)
	c := e.clientAs(t, "anna")
	var id int64
	mustGet(t, e.st.DB(), &id, `SELECT id FROM submissions WHERE state = 'unassigned'`)
	for _, page := range []string{"/otilldelade", "/inlamning/" + itoa(id)} {
		_, body := c.get(page)
		sel := regexp.MustCompile(`(?s)name="organisation" required>(.*?)</select>`).FindStringSubmatch(body)
		if sel == nil {
			t.Fatalf("%s: no organisation choice", page)
		}
		names := regexp.MustCompile(`<option value="([^"]*)">([^<]*)</option>`).FindAllStringSubmatch(sel[1], -1)
		if len(names) != 22 || names[0][1] != "" || names[0][2] != "Välj organisation…" || strings.Contains(sel[1], "selected") {
			t.Fatalf("%s: %d options, first %q", page, len(names), names[0])
		}
		if i, j := strings.Index(sel[1], "Region Östergötland"), strings.Index(sel[1], "Region Örebro län"); i < 0 || j < 0 || i < j {
			t.Errorf("%s: Örebro does not come before Östergötland", page)
		}
	}
	token := c.csrf("/inlamning/" + itoa(id))
	if resp, _ := c.post("/inlamning/"+itoa(id)+"/tilldela", url.Values{"csrf": {token}, "organisation": {""}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("assigning without choosing: %d, want 400", resp.StatusCode)
	}
	resp, _ := c.post("/inlamning/"+itoa(id)+"/tilldela", url.Values{"csrf": {token}, "organisation": {"gotland"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d", resp.StatusCode)
	}
	if _, body := c.get(resp.Header.Get("Location")); !strings.Contains(body, "Region Gotland") {
		t.Error("the assigned report does not show its body")
	}
}
