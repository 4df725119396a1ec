package ingest

import (
	"context"
	"errors"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/compare"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

func TestVersionsResendsAndDuplicates(t *testing.T) {
	p, _ := newPipeline(t)
	ctx := context.Background()
	full, other := fixture(t, "pydocx-full.docx"), fixture(t, "npmdocx-report.docx")
	from := "Anna Andersson <anna@regionvasterbotten.se>"

	m1 := eml(from, allRecipients, "Återrapportering N2022/02395 Ä 2023-2905", at(20, 14), "m1@vasterbotten", file{"rapport.docx", docxType, full})
	o1, err := p.Ingest(ctx, mailItem(m1, "m1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if s := o1.Submission; s.State != model.StateCurrent || s.Version != 1 || s.Organisation != "vasterbotten" || s.MatchedBy != "domain" {
		t.Fatalf("first report: %+v", s)
	}
	if e, w, _ := o1.Result.Counts(); e != 0 || w != 0 {
		t.Errorf("first report: %d errors %d warnings: %v", e, w, codesOf(o1))
	}

	// the same message again: recognised, nothing stored
	o, err := p.Ingest(ctx, mailItem(m1, "m1-again.eml"))
	if err != nil || !o.Duplicate || o.MessageID != o1.MessageID {
		t.Fatalf("duplicate: %+v, %v", o, err)
	}

	// a new message with the byte-identical docx: a resend, not a version
	m2 := eml(from, allRecipients, "Återrapportering igen", at(20, 16), "m2@vasterbotten", file{"rapport.docx", docxType, full})
	o2, err := p.Ingest(ctx, mailItem(m2, "m2.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if s := o2.Submission; s.State != model.StateResend || s.Version != 0 || s.ResendOf == nil || *s.ResendOf != o1.Submission.ID {
		t.Fatalf("resend: %+v", s)
	}

	// a different docx: version 2, late; version 1 superseded
	m3 := eml(from, allRecipients, "Korrigerad rapport", at(26, 10), "m3@vasterbotten", file{"rapport-v2.docx", docxType, other})
	o3, err := p.Ingest(ctx, mailItem(m3, "m3.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if s := o3.Submission; s.State != model.StateCurrent || s.Version != 2 {
		t.Fatalf("correction: %+v", s)
	}
	if !hasCode(codesOf(o3), "late") {
		t.Errorf("correction on 26 February not late: %v", codesOf(o3))
	}
	hist, err := p.Store.History(ctx, "vasterbotten", 2023)
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, h := range hist {
		states = append(states, h.State)
	}
	if want := []string{"superseded", "resend", "current"}; len(states) != 3 || states[0] != want[0] || states[1] != want[1] || states[2] != want[2] {
		t.Errorf("history states %v, want %v", states, want)
	}

	// the overview shows version 2, late, deficient
	rows, err := p.Store.Overview(ctx, 2023, at(22, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 21 {
		t.Fatalf("%d overview rows, want 21", len(rows))
	}
	for _, r := range rows {
		if r.OrganisationID == "vasterbotten" {
			if r.Version != 2 || !r.Late || r.Status != model.StatusDeficient {
				t.Errorf("Västerbotten row %+v", r)
			}
		} else if r.Status != model.StatusMissing {
			t.Errorf("%s: %s, want missing", r.Organisation, r.Status)
		}
	}

	// diff of the two versions: questions changed
	_, r1, _ := p.Store.LatestResult(ctx, o1.Submission.ID)
	_, r2, _ := p.Store.LatestResult(ctx, o3.Submission.ID)
	changed := 0
	for _, q := range compare.Results(r1, r2) {
		if q.Changed {
			changed++
		}
	}
	if changed < 20 {
		t.Errorf("%d questions changed between two different reports", changed)
	}
}

func TestNoReportAndMailFindings(t *testing.T) {
	p, _ := newPipeline(t)
	ctx := context.Background()
	raw := eml("x@regionhalland.se", "villkorsrapport@tillvaxtverket.se", "Rapporten kommer", at(20, 9), "n1@halland")
	o, err := p.Ingest(ctx, mailItem(raw, "n1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if o.Submission.State != model.StateNotDocx || o.Submission.Organisation != "halland" {
		t.Fatalf("no attachment: %+v", o.Submission)
	}
	codes := codesOf(o)
	for _, c := range []string{"not_docx", "recipients_missing"} {
		if !hasCode(codes, c) {
			t.Errorf("no attachment: findings %v lack %s", codes, c)
		}
	}
	rows, _ := p.Store.Overview(ctx, 2023, at(22, 0))
	for _, r := range rows {
		if r.OrganisationID == "halland" && (r.Status != model.StatusDeficient || r.Version != 0) {
			t.Errorf("Halland row %+v, want deficient with version 0", r)
		}
	}
}

func TestUnassignedThenAssigned(t *testing.T) {
	p, _ := newPipeline(t)
	ctx := context.Background()
	raw := eml("someone@gmail.com", allRecipients, "rapport", at(20, 9), "u1@gmail", file{"rapport.docx", docxType, fixture(t, "pydocx-blank.docx")})
	o, err := p.Ingest(ctx, mailItem(raw, "u1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if o.Submission.State != model.StateUnassigned || o.Submission.Organisation != "" {
		t.Fatalf("gmail sender, no region in the document: %+v", o.Submission)
	}
	if !hasCode(codesOf(o), "unknown_sender") {
		t.Errorf("findings %v lack unknown_sender", codesOf(o))
	}
	un, _ := p.Store.Unassigned(ctx)
	if len(un) != 1 {
		t.Fatalf("%d unassigned, want 1", len(un))
	}
	org, _ := orgs.Default().Lookup("Region Dalarna")
	sub, err := p.Assign(ctx, o.Submission.ID, org)
	if err != nil {
		t.Fatal(err)
	}
	if sub.State != model.StateCurrent || sub.Version != 1 || sub.Organisation != "dalarna" || sub.MatchedBy != "officer" {
		t.Errorf("assigned: %+v", sub)
	}
	if _, err := p.Assign(ctx, o.Submission.ID, org); err == nil {
		t.Error("assigning twice succeeded")
	}
	log, _ := p.Store.AuditLog(ctx)
	actions := map[string]int{}
	for _, e := range log {
		actions[e.Action]++
	}
	if actions["store_message"] != 1 || actions["ingest"] != 1 || actions["assign"] != 1 {
		t.Errorf("audit log actions %v", actions)
	}
}

func TestReprocessKeepsHistory(t *testing.T) {
	p, _ := newPipeline(t)
	ctx := context.Background()
	o, err := p.Ingest(ctx, Item{Raw: fixture(t, "pydocx-limits.docx"), Format: FormatDocx, Source: "file",
		SourceRef: "limits.docx", FileName: "limits.docx", Received: at(19, 12)})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := p.Store.Submission(ctx, o.Submission.ID)
	res, err := p.Reprocess(ctx, o.Submission.ID)
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := p.Store.Runs(ctx, o.Submission.ID)
	if len(runs) != 2 || runs[0].Reason != "ingest" || runs[1].Reason != "reprocess" {
		t.Fatalf("runs %+v", runs)
	}
	_, first, err := p.Store.RunResult(ctx, runs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if e1, _, _ := first.Counts(); e1 == 0 {
		t.Error("the first run's findings are gone")
	}
	var answers, findings, insats, choices int
	db := p.Store.DB()
	db.GetContext(ctx, &answers, `SELECT count(*) FROM answers WHERE run = ?`, runs[0].ID)
	db.GetContext(ctx, &findings, `SELECT count(*) FROM findings WHERE run = ?`, runs[0].ID)
	db.GetContext(ctx, &insats, `SELECT count(*) FROM insats_rows WHERE run = ? AND question = '3.4'`, runs[0].ID)
	db.GetContext(ctx, &choices, `SELECT count(*) FROM choices WHERE run = ?`, runs[0].ID)
	if answers != len(first.Questions) || findings != len(first.Findings) || insats != 6 || choices != 3 {
		t.Errorf("stored rows: %d answers, %d findings, %d insats rows under 3.4, %d choices; want %d, %d, 6, 3",
			answers, findings, insats, choices, len(first.Questions), len(first.Findings))
	}
	e1, w1, i1 := first.Counts()
	e2, w2, i2 := res.Counts()
	if e1 != e2 || w1 != w2 || i1 != i2 {
		t.Errorf("same bytes, same rules, different counts: %d/%d/%d vs %d/%d/%d", e1, w1, i1, e2, w2, i2)
	}
	after, _ := p.Store.Submission(ctx, o.Submission.ID)
	if after.Version != before.Version || after.State != before.State {
		t.Errorf("reprocess changed the submission: %+v → %+v", before, after)
	}
	if _, err := p.Reprocess(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("reprocess of a missing submission: %v", err)
	}
}

func TestBrokenInputIsStoredWithAFinding(t *testing.T) {
	p, _ := newPipeline(t)
	ctx := context.Background()
	// a docx that is not one, and a message that is not a message
	o, err := p.Ingest(ctx, Item{Raw: []byte("inte en docx"), Format: FormatDocx, Source: "file", SourceRef: "x.docx", FileName: "Region Skåne.docx", Received: at(20, 8)})
	if err != nil {
		t.Fatal(err)
	}
	if o.Submission.State != model.StateNotDocx || o.Submission.Organisation != "skane" || !hasCode(codesOf(o), "not_docx") {
		t.Errorf("broken docx: %+v %v", o.Submission, codesOf(o))
	}
	o, err = p.Ingest(ctx, mailItem([]byte("\x00\x01 inte ett meddelande"), "y.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if !hasCode(codesOf(o), "not_docx") {
		t.Errorf("broken message: %v", codesOf(o))
	}
	raw, err := p.Store.MessageRaw(ctx, o.MessageID)
	if err != nil || string(raw) != "\x00\x01 inte ett meddelande" {
		t.Errorf("raw bytes not kept: %q %v", raw, err)
	}
}
