package web

import (
	"html/template"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// The report page is made for long reports: a table of contents with
// status marks, findings grouped per question in template order with
// links both ways, and over-limit groups marked on their questions.

type tocQuestion struct {
	ID, Anchor, Mark, MarkText string
	Findings                   int
}

type tocSection struct {
	Title, Anchor string
	Questions     []tocQuestion
}

type questionInfo struct {
	Findings   int
	OverGroups []string
}

type findingGroup struct {
	Title, Anchor, QuestionAnchor string
	Findings                      []findingView
}

// findingKey is the question a finding belongs to on the page: a limit
// group's first question.
func findingKey(q string) string {
	if i := strings.Index(q, "–"); i >= 0 {
		return q[:i]
	}
	return q
}

// longReport lays out the table of contents, the findings per question
// and what each question's section shows about them.
func longReport(t *spec.Template, res *model.Result, secs []sectionView, findings []findingView) ([]tocSection, map[string]questionInfo, []findingGroup) {
	byQ := map[string][]findingView{}
	for _, f := range findings {
		k := findingKey(f.Question)
		byQ[k] = append(byQ[k], f)
	}
	info := map[string]questionInfo{}
	for i, l := range res.Limits {
		if !l.Exceeded || i >= len(t.Limits) {
			continue
		}
		for _, q := range t.Limits[i].Questions {
			qi := info[anchor(q)]
			qi.OverGroups = append(qi.OverGroups, t.Limits[i].Label())
			info[anchor(q)] = qi
		}
	}
	var groups []findingGroup
	if fs := byQ[""]; len(fs) > 0 {
		groups = append(groups, findingGroup{Title: "Rapporten som helhet", Anchor: "anm-allmant", Findings: fs})
	}
	var toc []tocSection
	si := 0
	for _, sec := range t.Sections {
		if si >= len(secs) {
			break
		}
		ts := tocSection{Title: secs[si].Title, Anchor: "avsnitt-" + anchor(sec.ID)}
		for qi, q := range sec.Questions {
			if qi >= len(secs[si].Questions) {
				break
			}
			qv := secs[si].Questions[qi]
			fs := byQ[q.ID]
			tq := tocQuestion{ID: q.ID, Anchor: qv.Anchor, Findings: len(fs), Mark: "ok", MarkText: "besvarad"}
			if !q.Numbered() {
				tq.ID = "Svaret" // the section's heading names it
			}
			switch {
			case qv.Missing:
				tq.Mark, tq.MarkText = "missing", "obesvarad"
			case len(fs) > 0 || len(info[qv.Anchor].OverGroups) > 0:
				tq.Mark, tq.MarkText = "findings", "har anmärkningar"
			}
			qi := info[qv.Anchor]
			qi.Findings = len(fs)
			info[qv.Anchor] = qi
			ts.Questions = append(ts.Questions, tq)
			if len(fs) > 0 {
				title := q.Label()
				groups = append(groups, findingGroup{Title: title, Anchor: "anm-" + qv.Anchor, QuestionAnchor: qv.Anchor, Findings: fs})
			}
		}
		toc = append(toc, ts)
		si++
	}
	// findings on questions the template does not have (should not happen) last
	known := map[string]bool{"": true}
	for _, q := range t.Questions() {
		known[q.ID] = true
	}
	for _, f := range findings {
		if !known[findingKey(f.Question)] {
			groups = append(groups, findingGroup{Title: "Övrigt", Anchor: "anm-ovrigt-okant", Findings: []findingView{f}})
		}
	}
	return toc, info, groups
}

// paragraphs writes an answer's lines as spaced paragraphs.
func paragraphs(text string) template.HTML {
	var b strings.Builder
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>" + template.HTMLEscapeString(p) + "</p>")
		}
	}
	return template.HTML(b.String())
}
