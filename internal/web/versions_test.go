package web

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/compare"
	"github.com/tillvaxtverket/villkorsintag/internal/docxtest"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// correction is Region Kalmar län's 2023 report and its correction, both
// late, made from python-docx's full fixture: the first version leaves
// 1.1 empty and both diarienummer wrong; the correction answers 1.1,
// states Tillväxtverket's number, rewords a sentence of 2.1 and leaves
// the other number wrong. So two findings are fixed (1.1 unanswered, Ä
// 2023–2905) and two remain (the lateness, N2022/02395).
type correction struct{ v1, v2 int64 }

var reRunText = regexp.MustCompile(`(<w:t[^>]*>)[^<]*(</w:t>)`)

func addCorrection(t testing.TB, e *testEnv) correction {
	t.Helper()
	ctx := context.Background()
	edit := func(f func(string) string) spectest.File {
		d := spectest.Docx(t, "pydocx-full.docx")
		d.Data = docxtest.EditDocumentXML(t, d.Data, func(s string) string {
			for _, want := range []string{"N2022/02395", "2905", "Arbetet med den regionala utvecklingsstrategin har under 2023", "Den viktigaste analysen under året var"} {
				if !strings.Contains(s, want) {
					t.Fatalf("pydocx-full.docx lacks %q", want)
				}
			}
			return f(strings.ReplaceAll(s, "N2022/02395", "N2022/0"))
		})
		return d
	}
	v1 := edit(func(s string) string {
		s = strings.ReplaceAll(s, "2905", "0")
		i := strings.Index(s, "Arbetet med den regionala utvecklingsstrategin har under 2023")
		j := i + strings.Index(s[i:], "Beskriv hur ni har arbetat med att möta samhällsutmaningarna")
		i = strings.LastIndex(s[:i], "<w:p>")
		j = strings.LastIndex(s[:j], "<w:p>")
		return s[:i] + reRunText.ReplaceAllString(s[i:j], "$1$2") + s[j:]
	})
	v2 := edit(func(s string) string {
		return strings.Replace(s, "Den viktigaste analysen under året var", "Den viktigaste analysen under 2023 var", 1)
	})
	var c correction
	for i, m := range []struct {
		at   time.Time
		file spectest.File
		from string
	}{
		{time.Date(2024, 2, 22, 8, 30, 0, 0, sv.Stockholm), v1, "Karin Kalmar <karin.k@regionkalmar.se>"},
		{time.Date(2024, 3, 4, 15, 5, 0, 0, sv.Stockholm), v2, "Per Rättare <per.r@regionkalmar.se>"},
	} {
		raw := spectest.Mail(m.from, "Återrapportering Region Kalmar län", "Hej, här kommer vår rapport.", m.at, "kalmar-"+string(rune('1'+i))+"@regionkalmar.se", m.file)
		out, err := e.pipe.Ingest(ctx, ingest.Item{Raw: raw, Format: ingest.FormatMail, Source: "file", SourceRef: "kalmar.eml"})
		if err != nil {
			t.Fatal(err)
		}
		if out.Submission == nil || out.Submission.Organisation != "kalmar" || out.Submission.Version != i+1 {
			t.Fatalf("Kalmar version %d: %+v", i+1, out.Submission)
		}
		if i == 0 {
			c.v1 = out.Submission.ID
		} else {
			c.v2 = out.Submission.ID
		}
	}
	return c
}

// TestVersionsCorrection: the versions page after a correction says which
// findings it fixed, which remain and which are new, with the counts at
// the top, the senders and dates, and a word diff of the changed
// questions only, all of them on ?alla=1; the API carries the same.
func TestVersionsCorrection(t *testing.T) {
	e := newTestEnv(t)
	addCorrection(t, e)
	cl := e.clientAs(t, "anna")

	resp, body := cl.get("/versioner/kalmar?year=2023")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	for _, want := range []string{
		"Version 1 och version 2",
		"Version 1 och version 2: 2 frågor ändrade",
		"2 av 4 anmärkningar åtgärdade</strong> · 2 kvarstår · 0 nya i version 2",
		"från karin.k@regionkalmar.se, inkom 2024-02-22 kl. 08.30",
		"från per.r@regionkalmar.se, inkom 2024-03-04 kl. 15.05",
		`<h3 id="anm-kvarstar">Kvarstår (2)</h3>`, `<h3 id="anm-atgardade">Åtgärdade (2)</h3>`,
		// the lateness remains though its message changed
		`<td class="fstatus fstatus-remaining">Kvarstår</td><td class="sev-error">Fel</td><td>Rapporten som helhet</td><td title="Kod: late">Rapporten kom in 4 mars 2024`,
		`<td title="Kod: diarienummer_missing">Landsbygds- och infrastrukturdepartementets diarienummer N2022/02395 anges inte`,
		`<td class="fstatus fstatus-fixed">Åtgärdad</td><td class="sev-error">Fel</td><td>Fråga 1.1</td><td title="Kod: unanswered">`,
		`<td class="fstatus fstatus-fixed">Åtgärdad</td><td class="sev-error">Fel</td><td>Rapporten som helhet</td><td title="Kod: diarienummer_missing">Tillväxtverkets diarienummer Ä 2023–2905`,
		// a word changed in 2.1, the rest of it kept
		`Den viktigaste analysen under <del><span class="visually-hidden">[borttaget: </span>året<span class="visually-hidden">]</span></del><ins><span class="visually-hidden">[tillagt: </span>2023<span class="visually-hidden">]</span></ins> var den regionala`,
		`id="andring-1-1"`, `id="andring-2-1"`,
		`<span class="visually-hidden">[tillagt: </span>`, `<span class="visually-hidden">[borttaget: </span>`,
		"Bara de ändrade frågorna visas.",
		`<a href="/organisation/kalmar/ar">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("versions page lacks %q", want)
		}
	}
	if strings.Contains(body, "Oförändrad (") {
		t.Error("unchanged questions shown by default")
	}
	if strings.Count(body, `class="fstatus fstatus-fixed"`) != 2 || strings.Count(body, `class="fstatus fstatus-remaining"`) != 2 {
		t.Errorf("fixed/remaining rows: %d/%d", strings.Count(body, `class="fstatus fstatus-fixed"`), strings.Count(body, `class="fstatus fstatus-remaining"`))
	}
	changed := strings.Count(body, `<section class="question"`)
	_, all := cl.get("/versioner/kalmar?year=2023&a=1&b=2&alla=1")
	if n := strings.Count(all, `<section class="question"`); n <= changed || n != len(spectest.Template(t, 2023).Questions()) || !strings.Contains(all, "Oförändrad (") {
		t.Errorf("?alla=1 shows %d questions, the default %d", n, changed)
	}
	if !strings.Contains(all, "Visa bara de ändrade") {
		t.Error("no way back to the changed questions")
	}

	// the API: each version with its sender and what changed since the one before
	_, js := cl.get("/api/organisations/kalmar/versions?year=2023")
	var vs []struct {
		ID      int64  `json:"id"`
		Version int    `json:"version"`
		From    string `json:"from"`
		Changes *struct {
			FromVersion int                  `json:"from_version"`
			ToVersion   int                  `json:"to_version"`
			Findings    compare.FindingsDiff `json:"findings"`
			Questions   []compare.Question   `json:"questions"`
			Changed     int                  `json:"changed_questions"`
		} `json:"changes_from_previous"`
	}
	if err := json.Unmarshal([]byte(js), &vs); err != nil || len(vs) != 2 {
		t.Fatalf("api: %v %.300s", err, js)
	}
	if vs[0].Changes != nil || vs[1].Changes == nil || vs[1].From != "per.r@regionkalmar.se" {
		t.Fatalf("api versions: %+v", vs)
	}
	ch := vs[1].Changes
	if ch.FromVersion != 1 || ch.ToVersion != 2 || ch.Findings.Fixed != 2 || ch.Findings.Remaining != 2 || ch.Findings.New != 0 || ch.Changed != 2 {
		t.Errorf("api pair: %d→%d, %d fixed, %d remaining, %d new, %d changed", ch.FromVersion, ch.ToVersion, ch.Findings.Fixed, ch.Findings.Remaining, ch.Findings.New, ch.Changed)
	}
	ops := 0
	for _, q := range ch.Questions {
		if q.Changed && (q.Words == nil || len(q.Words.Segments) == 0) {
			t.Errorf("api: changed %s without word diff", q.ID)
		}
		if q.Words != nil {
			for _, s := range q.Words.Segments {
				if s.Op == compare.Insert || s.Op == compare.Delete {
					ops++
				}
			}
		}
	}
	if ops == 0 || !strings.Contains(js, `"op":"insert"`) {
		t.Error("api: no word diff ops")
	}
}

// TestSupersededOffersNoReview: a superseded version carries the banner to
// the current one and offers no review actions; the current one does.
func TestSupersededOffersNoReview(t *testing.T) {
	e := newTestEnv(t)
	c := addCorrection(t, e)
	cl := e.clientAs(t, "anna")
	_, old := cl.get("/inlamning/" + itoa(c.v1))
	if !strings.Contains(old, `class="banner"`) || !strings.Contains(old, `href="/inlamning/`+itoa(c.v2)+`"`) {
		t.Error("superseded version without a banner to the current one")
	}
	for _, action := range []string{"/granska", "/godta", "/godkann", "/komplettering", "/omkontroll", "Markera som granskad"} {
		if strings.Contains(old, action+`"`) || strings.Contains(old, ">"+action) {
			t.Errorf("superseded version offers %s", action)
		}
	}
	_, cur := cl.get("/inlamning/" + itoa(c.v2))
	if !strings.Contains(cur, "Markera som granskad") || !strings.Contains(cur, "/godta") {
		t.Error("the current version lacks its review actions (the check above would not see them)")
	}
}
