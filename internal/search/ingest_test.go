package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/docxtest"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// TestIndexFollowsTheIntake: the full report made by python-docx is
// searchable once ingested; a reprocess (omkontroll) leaves one set of
// its answers in the index; a new version is what a search finds, the
// old one only with all versions.
func TestIndexFollowsTheIntake(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	pipe := ingest.New(st, orgs.Default(), "test")
	pipe.Templates = spectest.Set(t, 2023)
	full, err := os.ReadFile(filepath.Join(spectest.Root(), "testdata", "docx", "pydocx-full.docx"))
	if err != nil {
		t.Fatal(err)
	}
	in := func(doc []byte, name string, day int) int64 {
		t.Helper()
		out, err := pipe.Ingest(ctx, ingest.Item{Raw: doc, Format: ingest.FormatDocx, Source: "file", SourceRef: name, FileName: name,
			Received: time.Date(2024, 2, day, 10, 0, 0, 0, time.UTC)})
		if err != nil || out.Submission == nil || out.Submission.Organisation != "vasterbotten" {
			t.Fatalf("ingest %s: %+v %v", name, out, err)
		}
		return out.Submission.ID
	}
	// the index holds exactly the newest run's answers with text
	inStep := func(sub int64) {
		t.Helper()
		var runs []int64
		st.DB().Select(&runs, `SELECT DISTINCT d.run FROM answer_search_docs d JOIN check_runs r ON r.id = d.run WHERE r.submission = ?`, sub)
		var newest int64
		st.DB().Get(&newest, `SELECT max(id) FROM check_runs WHERE submission = ?`, sub)
		var indexed, answers int
		st.DB().Get(&indexed, `SELECT count(*) FROM answer_search_docs d JOIN answer_search f ON f.docid = d.docid WHERE d.run = ?`, newest)
		var docs, fts int
		st.DB().Get(&docs, `SELECT count(*) FROM answer_search_docs`)
		st.DB().Get(&fts, `SELECT count(*) FROM answer_search`)
		if docs != fts {
			t.Fatalf("%d rows in answer_search_docs, %d in answer_search", docs, fts)
		}
		st.DB().Get(&answers, `SELECT count(*) FROM answers WHERE run = ? AND text <> ''`, newest)
		if len(runs) != 1 || runs[0] != newest || indexed != answers || answers < 30 {
			t.Fatalf("submission %d: index holds runs %v (newest %d), %d rows for %d answers", sub, runs, newest, indexed, answers)
		}
	}
	v1 := in(full, "vasterbotten.docx", 10)
	inStep(v1)
	res := search(t, st, `"smart specialisering"`, store.SearchFilter{})
	if got := where(res); fmt.Sprint(got) != "[vasterbotten 2023 v1 5.1 vasterbotten 2023 v1 5.4]" {
		t.Fatalf("after ingest: %v", got)
	}
	if m := marked(res.Groups[0].Hits[0]); len(m) < 2 || !strings.EqualFold(m[0], "smart") {
		t.Errorf("marked %q", m)
	}

	if _, err := pipe.Reprocess(ctx, v1); err != nil {
		t.Fatal(err)
	}
	inStep(v1)
	if got := where(search(t, st, `"smart specialisering"`, store.SearchFilter{})); fmt.Sprint(got) != "[vasterbotten 2023 v1 5.1 vasterbotten 2023 v1 5.4]" {
		t.Fatalf("after reprocess: %v", got)
	}

	v2doc := docxtest.EditDocumentXML(t, full, func(s string) string {
		return regexp.MustCompile(`(?i)smart specialisering`).ReplaceAllString(s, "vätgasdalen")
	})
	v2 := in(v2doc, "vasterbotten-v2.docx", 12)
	inStep(v2)
	inStep(v1)
	if got := where(search(t, st, `"smart specialisering"`, store.SearchFilter{})); len(got) != 0 {
		t.Errorf("the superseded version is found by default: %v", got)
	}
	all := search(t, st, `"smart specialisering"`, store.SearchFilter{AllVersions: true})
	if got := where(all); fmt.Sprint(got) != "[vasterbotten 2023 v1 5.1 vasterbotten 2023 v1 5.4]" || all.Groups[0].State != "superseded" {
		t.Errorf("all versions: %v %+v", got, all.Groups)
	}
	if got := where(search(t, st, "vätgasdalen", store.SearchFilter{})); fmt.Sprint(got) != "[vasterbotten 2023 v2 5.1 vasterbotten 2023 v2 5.4]" {
		t.Errorf("the new version's word: %v", got)
	}
	// a word in both versions: the current one by default, both with all
	if got := where(search(t, st, "kompetensplattform", store.SearchFilter{})); len(got) == 0 || !strings.HasPrefix(got[0], "vasterbotten 2023 v2") {
		t.Errorf("kompetensplattform: %v", got)
	}
	if res := search(t, st, "kompetensplattform", store.SearchFilter{AllVersions: true}); len(res.Groups) != 2 {
		t.Errorf("kompetensplattform in all versions: %v", where(res))
	}
}
