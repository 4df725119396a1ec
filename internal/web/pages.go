package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// yearOf reads ?year=; without it the year whose intake window contains
// today, else the latest year with submissions, else the newest template's.
func (s *Server) yearOf(r *http.Request) (*spec.Template, error) {
	if y := r.URL.Query().Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			return nil, badRequest("Okänt år.")
		}
		t, err := s.Templates.Load(n)
		if err != nil {
			return nil, notFound(fmt.Sprintf("Mallen för %d", n))
		}
		return t, nil
	}
	years, err := s.Store.Years(r.Context())
	if err != nil {
		return nil, err
	}
	return s.Templates.Load(s.Templates.DefaultYear(s.Now(), years))
}

// resultTemplate is the template a result was checked against: its
// questions, sections and limit groups are what the result is shown with.
func (s *Server) resultTemplate(sub *model.Submission, res *model.Result) (*spec.Template, error) {
	if y, err := strconv.Atoi(res.Template); err == nil {
		if t, err := s.Templates.Load(y); err == nil {
			return t, nil
		}
	}
	return s.Templates.Load(sub.Year)
}

func stockholmText(t *time.Time) string { return sv.TimePtr(t) }

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, notFound("Inlämningen")
	}
	return id, nil
}

func anchor(id string) string {
	r := strings.NewReplacer(".", "-", "ö", "o", "–", "-")
	if i := strings.Index(id, "–"); i >= 0 {
		id = id[:i] // a limit group: its first question
	}
	return r.Replace(id)
}

type findingView struct {
	model.Finding
	Index        int
	Anchor       string
	SeverityText string
	Accepted     *store.Decision
}

type questionView struct {
	ID, Text, Anchor, StatusText, Answer string
	Chars                                int
	Missing                              bool
	Table                                *model.InsatsTable
	Choices                              []struct{ Item, Answer string }
	Parts                                []struct {
		Label, StatusText, Text string
		Chars                   int
	}
}

type sectionView struct {
	Title     string
	Questions []questionView
}

type limitView struct {
	Label                              string
	Chars, Limit, Percent, Width, Over int
	Exceeded                           bool
}

var statusText = map[model.Status]string{model.Answered: "Besvarad", model.Unanswered: "Obesvarad",
	model.Placeholder: "Obesvarad (platshållartext kvar)", model.Reference: "Hänvisning till annat svar"}

var severityText = map[model.Severity]string{model.Error: "Fel", model.Warning: "Varning", model.Info: "Tips"}

// capitalized is the text with its first letter in upper case.
func capitalized(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// submissionOf reads the submission named in the path, and its message.
func (s *Server) submissionOf(r *http.Request) (*model.Submission, *model.Message, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	sub, err := s.Store.Submission(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	msg, err := s.Store.Message(r.Context(), sub.MessageID)
	if err != nil {
		return nil, nil, err
	}
	return sub, msg, nil
}

func (s *Server) submission(w http.ResponseWriter, r *http.Request) error {
	data, err := s.submissionData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "submission", data, fmt.Sprintf("%s – inlämning %d", data["OrgName"], data["Sub"].(*model.Submission).ID))
}

// submissionData gathers a report's page: the submission, its message,
// the latest check run, decisions, review and audit log.
func (s *Server) submissionData(r *http.Request) (map[string]any, error) {
	ctx := r.Context()
	sub, msg, err := s.submissionOf(r)
	if err != nil {
		return nil, err
	}
	atts, err := s.Store.Attachments(ctx, sub.MessageID)
	if err != nil {
		return nil, err
	}
	run, res, err := s.Store.LatestResult(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	decisions, err := s.Store.Decisions(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	review, err := s.Store.Reviewed(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	audit, err := s.Store.AuditOf(ctx, sub.ID, sub.MessageID)
	if err != nil {
		return nil, err
	}
	orgName := "Okänd organisation"
	if o, err := s.Orgs.ByID(sub.Organisation); err == nil {
		orgName = o.Name
	}
	t, err := s.resultTemplate(sub, res)
	if err != nil {
		return nil, err
	}
	accepted := map[string]*store.Decision{}
	for i := range decisions {
		accepted[decisions[i].Code+"|"+decisions[i].Question] = &decisions[i]
	}
	var findings []findingView
	for i, f := range res.Findings {
		fv := findingView{Finding: f, Index: i, SeverityText: severityText[f.Severity], Accepted: accepted[f.Code+"|"+f.Question]}
		if f.Question != "" {
			fv.Anchor = anchor(f.Question)
		}
		findings = append(findings, fv)
	}
	var limits []limitView
	for _, l := range res.Limits {
		lv := limitView{Label: spec.Limit{Questions: l.Questions}.Label(), Chars: l.Chars, Limit: l.Limit, Exceeded: l.Exceeded}
		lv.Percent = 100 * l.Chars / max(l.Limit, 1)
		lv.Width = min(lv.Percent, 100)
		lv.Over = l.Chars - l.Limit
		limits = append(limits, lv)
	}
	var audits []map[string]string
	for _, a := range audit {
		audits = append(audits, map[string]string{"When": stockholmText(ptr(a.When())), "Actor": sv.Actor(a.Actor), "What": auditText(a)})
	}
	hist, _ := s.Store.History(ctx, sub.Organisation, sub.Year)
	receipts, err := s.Store.ReceiptsOf(ctx, sub.MessageID)
	if err != nil {
		return nil, err
	}
	var receiptTexts []string
	for _, it := range receipts {
		receiptTexts = append(receiptTexts, receiptText(it))
	}
	var currentID int64
	for _, h := range hist {
		if h.State == model.StateCurrent {
			currentID = h.ID
		}
	}
	secs := sections(t, res)
	toc, qinfo, fgroups := longReport(t, res, secs, findings)
	cs, err := s.caseView(r, sub)
	if err != nil {
		return nil, err
	}
	reqs, err := s.requestViews(r, sub)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Receipts": receiptTexts, "Case": cs, "Requests": reqs, "Orgs": s.sortedOrgs(), "Current": sub.State == model.StateCurrent, "CurrentID": currentID,
		"Sub": sub, "Msg": msg, "Attachments": atts, "Run": run, "Result": res, "OrgName": orgName, "StateText": capitalized(sub.StateText()),
		"Late": !sub.ReceivedAt.Before(t.LateAfter()), "LateText": sv.Late(sv.DaysLate(sub.ReceivedAt, t.LateAfter())), "Findings": findings, "Limits": limits, "Sections": secs, "TOC": toc, "QInfo": qinfo, "FindingGroups": fgroups,
		"Columns": t.InsatsColumns, "Review": review, "Audit": audits, "Other": len(hist) > 1,
	}, nil
}

func ptr[T any](v T) *T { return &v }

func auditText(a store.AuditEntry) string {
	what := map[string]string{"store_message": "Meddelandet sparades", "ingest": "Kontrollerades och sparades", "assign": "Tilldelades",
		"reprocess": "Kontrollerades igen", "move_year": "Flyttades till ett annat år", "quarantine": "Lades åt sidan i felmappen", "accept_finding": "Anmärkning godtogs", "review": "Markerades som granskad",
		"case_state": "Ärendet", "completion_request": "Komplettering begärdes"}[a.Action]
	if what == "" {
		what = a.Action
	}
	if a.Detail != "" {
		what += ": " + detailText(a.Detail)
	}
	return what
}

var (
	oldRunDetail = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^check run (\d+): (\d+) fel, (\d+) varningar, (\d+) tips$`)
	})
	oldSourceDetail = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(imap|file) `) })
)

// detailText is an audit entry's detail as shown: entries written before
// the details were Swedish get their English words replaced.
func detailText(d string) string {
	d = withoutServerPath(d)
	if m := oldRunDetail().FindStringSubmatch(d); m != nil {
		n := make([]int, 4)
		for i := range n {
			n[i], _ = strconv.Atoi(m[i+1])
		}
		return fmt.Sprintf("kontroll %d: %s", n[0], sv.Counts(n[1], n[2], n[3]))
	}
	if m := oldSourceDetail().FindStringSubmatch(d); m != nil {
		return sv.Source(m[1]) + d[len(m[1]):]
	}
	return d
}

// sections lays the result out in the template's order.
func sections(t *spec.Template, res *model.Result) []sectionView {
	tables := map[string]*model.InsatsTable{}
	for i := range res.Insatser {
		tables[res.Insatser[i].Question] = &res.Insatser[i]
	}
	var out []sectionView
	for _, sec := range t.Sections {
		sv := sectionView{Title: sec.Heading()}
		for _, q := range sec.Questions {
			// a question without a number is named by its section's heading
			qv := questionView{ID: q.ID, Text: strings.TrimSpace(q.Text), Anchor: anchor(q.ID)}
			if !q.Numbered() {
				qv.ID = ""
			}
			a := res.Answer(q.ID)
			if a == nil {
				a = &model.Answer{Status: model.Unanswered}
			}
			qv.StatusText, qv.Chars, qv.Answer = statusText[a.Status], a.Chars, a.Text
			if !a.Found && len(res.Questions) > 0 {
				qv.StatusText, qv.Missing = "Frågan hittades inte i dokumentet", true
			}
			qv.Missing = qv.Missing || (!q.Optional && (a.Status == model.Unanswered || a.Status == model.Placeholder))
			switch q.Kind {
			case spec.KindInsatser:
				qv.Table = tables[q.ID]
			case spec.KindChoices:
				for _, c := range res.Choices {
					if c.Question == q.ID {
						ans := map[string]string{"ja": "Ja", "nej": "Nej"}[c.Answer]
						if ans == "" {
							ans = "inget entydigt val (" + strings.Join(c.Checked, " och ") + ")"
							if len(c.Checked) == 0 {
								ans = "inget val"
							}
						}
						qv.Choices = append(qv.Choices, struct{ Item, Answer string }{strings.TrimRight(q.Items[c.Item-1], "?"), ans})
					}
				}
			case spec.KindExplanations:
				for _, p := range a.Parts {
					label := q.PartLabel(p.Item)
					qv.Parts = append(qv.Parts, struct {
						Label, StatusText, Text string
						Chars                   int
					}{label, statusText[p.Status], p.Text, p.Chars})
				}
			}
			sv.Questions = append(sv.Questions, qv)
		}
		out = append(out, sv)
	}
	return out
}

func (s *Server) original(w http.ResponseWriter, r *http.Request) error {
	sub, msg, err := s.submissionOf(r)
	if err != nil {
		return err
	}
	raw, err := s.Store.MessageRaw(r.Context(), sub.MessageID)
	if err != nil {
		return err
	}
	name, ctype := fmt.Sprintf("meddelande-%d.eml", msg.ID), "message/rfc822"
	if msg.Format == "docx" {
		name, ctype = fmt.Sprintf("inlamning-%d.docx", sub.ID), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	download(w, name, ctype, raw)
	return nil
}

func (s *Server) attachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	data, a, err := s.Store.AttachmentData(r.Context(), id)
	if err != nil {
		return err
	}
	name := a.Filename
	if name == "" {
		name = fmt.Sprintf("bilaga-%d", a.ID)
	}
	download(w, name, a.ContentType, data)
	return nil
}

func download(w http.ResponseWriter, name, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// historyOf reads the year, the organisation named in the path, and its
// submissions that year.
func (s *Server) historyOf(r *http.Request) (*spec.Template, *orgs.Organisation, []model.Submission, error) {
	t, err := s.yearOf(r)
	if err != nil {
		return nil, nil, nil, err
	}
	org, err := s.Orgs.ByID(r.PathValue("org"))
	if err != nil {
		return nil, nil, nil, notFound("Organisationen")
	}
	subs, err := s.Store.History(r.Context(), org.ID, t.Year)
	return t, org, subs, err
}

func (s *Server) unassigned(w http.ResponseWriter, r *http.Request) error {
	subs, err := s.Store.Unassigned(r.Context())
	if err != nil {
		return err
	}
	var items []map[string]any
	for i := range subs {
		msg, err := s.Store.Message(r.Context(), subs[i].MessageID)
		if err != nil {
			return err
		}
		items = append(items, map[string]any{"ID": subs[i].ID, "Received": stockholmText(&subs[i].ReceivedAt), "From": msg.From, "Subject": msg.Subject})
	}
	return s.render(w, r, "unassigned", map[string]any{"Nav": "otilldelade", "Items": items, "Orgs": s.sortedOrgs()}, "Otilldelade")
}

func backTo(w http.ResponseWriter, r *http.Request, path, msg string) error {
	flash(w, msg)
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

// reviewable reads a submission that findings may be accepted on or that
// may be marked reviewed: not a version a newer one has replaced.
func (s *Server) reviewable(r *http.Request, id int64) (*model.Submission, error) {
	sub, err := s.Store.Submission(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if sub.State == model.StateSuperseded {
		return nil, badRequest("Det här är en ersatt version av rapporten; granska den aktuella versionen i stället.")
	}
	return sub, nil
}

func (s *Server) accept(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	code, question, comment := r.PostFormValue("code"), r.PostFormValue("question"), strings.TrimSpace(r.PostFormValue("comment"))
	if code == "" || comment == "" {
		return badRequest("Skriv en kommentar till beslutet.")
	}
	sub, err := s.reviewable(r, id)
	if err != nil {
		return err
	}
	if err := s.Store.AcceptFinding(r.Context(), id, code, question, comment, userOf(r)); err != nil {
		return err
	}
	if err := s.caseInReview(r, sub); err != nil {
		return err
	}
	return backTo(w, r, fmt.Sprintf("/inlamning/%d#anmarkningar", id), "Anmärkningen är godtagen.")
}

func (s *Server) review(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sub, err := s.reviewable(r, id)
	if err != nil {
		return err
	}
	if err := s.Store.MarkReviewed(r.Context(), id, strings.TrimSpace(r.PostFormValue("comment")), userOf(r)); err != nil {
		return err
	}
	if err := s.caseInReview(r, sub); err != nil {
		return err
	}
	return backTo(w, r, fmt.Sprintf("/inlamning/%d", id), "Rapporten är markerad som granskad.")
}

func (s *Server) reprocess(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := *s.Pipeline
	p.Actor = userOf(r).Username
	res, err := p.Reprocess(r.Context(), id)
	if err != nil {
		return err
	}
	e, wn, i := res.Counts()
	return backTo(w, r, fmt.Sprintf("/inlamning/%d", id), "Rapporten är kontrollerad igen: "+sv.Counts(e, wn, i)+".")
}

func (s *Server) assign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	org, err := s.Orgs.ByID(r.PostFormValue("organisation"))
	if err != nil {
		return badRequest("Välj en organisation.")
	}
	p := *s.Pipeline
	p.Actor = userOf(r).Username
	sub, err := p.Assign(r.Context(), id, org)
	if err != nil {
		return badRequest("Inlämningen kunde inte tilldelas: den är redan tilldelad.")
	}
	return backTo(w, r, fmt.Sprintf("/inlamning/%d", sub.ID), "Inlämningen är tilldelad "+org.Name+".")
}

func receiptText(it store.OutboxItem) string {
	switch it.State {
	case store.OutboxSent:
		return fmt.Sprintf("skickad till %s %s", it.To, sv.Time(it.SentAt))
	case store.OutboxSkipped:
		return "skickas inte: " + it.Reason
	case store.OutboxFailed:
		return fmt.Sprintf("kunde inte skickas till %s efter %d försök: %s", it.To, it.Attempts, it.LastError)
	}
	if it.Attempts > 0 {
		return fmt.Sprintf("väntar (försök %d misslyckades: %s)", it.Attempts, it.LastError)
	}
	return "väntar på att skickas till " + it.To
}
