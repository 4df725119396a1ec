// Package compliance checks a submitted report against its template's rules.
//
// Each rule is a small function registered with its finding code and
// severity (rules.go); Check reads the file, extracts the answers and runs
// every rule, in registration order.
package compliance

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tillvaxtverket/villkorsintag/internal/answers"
	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// Input is what the rules look at.
type Input struct {
	Template *spec.Template
	Doc      *document.Document
	Ex       *answers.Extraction
	Received *time.Time // nil: the deadline is not checked
	MailText string     // the e-mail's subject and body, where diarienummer are often stated
	YearNote string     // set when the template year could not be told from the document
	Mail     *Mail      // the e-mail the report came in, if any
}

// Mail is what the envelope tells: who sent the report to whom.
type Mail struct {
	Sender      string
	SenderKnown bool // the sender's domain is a reporting body's
	Recipients  []string
	// Problems are the parts of the e-mail that could not be read (Swedish).
	Problems []string
	// Auth is what the agency's receiving server found about the sender
	// (DKIM, SPF, DMARC); nil when that is not checked.
	Auth *model.SenderAuth
}

func (in *Input) answer(id string) *model.Answer {
	for i := range in.Ex.Questions {
		if in.Ex.Questions[i].ID == id {
			return &in.Ex.Questions[i]
		}
	}
	return &model.Answer{ID: id, Status: model.Unanswered}
}

type adder func(question, format string, args ...any)

type rule struct {
	code     string
	severity model.Severity
	check    func(*Input, adder)
	envelope bool // needs only the envelope: runs also when the file is unreadable
}

var rules []rule

// register adds a rule. Rules run in the order they are registered.
func register(code string, sev model.Severity, check func(*Input, adder)) {
	rules = append(rules, rule{code: code, severity: sev, check: check})
}

// registerEnvelope adds a rule that looks only at the envelope (received
// time, sender, recipients), never at the document.
func registerEnvelope(code string, sev model.Severity, check func(*Input, adder)) {
	rules = append(rules, rule{code: code, severity: sev, check: check, envelope: true})
}

// Codes lists every registered finding code with its severity.
func Codes() map[string]model.Severity {
	m := map[string]model.Severity{CodeNotDocx: model.Error}
	for _, r := range rules {
		m[r.code] = r.severity
	}
	return m
}

// Run applies every rule.
func Run(in *Input) []model.Finding { return run(in, false) }

func run(in *Input, envelopeOnly bool) []model.Finding {
	findings := []model.Finding{}
	for _, r := range rules {
		if envelopeOnly && !r.envelope {
			continue
		}
		r.check(in, func(q, format string, args ...any) {
			findings = append(findings, model.Finding{Code: r.code, Severity: r.severity, Question: q, Message: fmt.Sprintf(format, args...)})
		})
	}
	rank := map[model.Severity]int{model.Error: 0, model.Warning: 1, model.Info: 2}
	sort.SliceStable(findings, func(i, j int) bool { return rank[findings[i].Severity] < rank[findings[j].Severity] })
	return findings
}

// Options are what the caller knows beyond the file.
type Options struct {
	FileName string
	Received *time.Time
	MailText string
	Year     int // the template year; 0 decides it (see DecideYear)
	Mail     *Mail
	// Templates are the specs to choose from; nil: the embedded ones.
	Templates *spec.Set
}

// Check reads one submitted file and checks it. A file that is not a
// readable Word document gives a result with a not_docx finding and an
// error that errors.Is(err, document.ErrNotDocx).
func Check(data []byte, opt Options) (*model.Result, error) {
	sum := sha256.Sum256(data)
	res := &model.Result{File: opt.FileName, SHA256: hex.EncodeToString(sum[:]), Received: opt.Received,
		Questions: []model.Answer{}, Limits: []model.LimitUse{}, Insatser: []model.InsatsTable{}, Choices: []model.Choice{}}
	doc, err := document.ParseBytes(data)
	if err != nil {
		var fe *document.FormatError
		if !errors.As(err, &fe) {
			return nil, fmt.Errorf("check %s: %w", opt.FileName, err)
		}
		env, eerr := Envelope(opt, "Filen kan inte läsas som ett Word-dokument: "+fe.Reason+".")
		if eerr != nil {
			return nil, eerr
		}
		env.SHA256 = res.SHA256
		res = env
		return res, fmt.Errorf("check %s: %w", opt.FileName, err)
	}
	set, err := opt.templates()
	if err != nil {
		return nil, err
	}
	d, err := decideForDocument(set, doc, opt)
	if err != nil {
		return nil, err
	}
	t, ex, note := d.t, d.ex, d.note
	if ex == nil {
		ex = answers.Extract(t, doc)
	}
	res.Template, res.TemplateFrom = strconv.Itoa(t.Year), d.from
	res.Questions, res.Limits, res.Insatser, res.Choices = ex.Questions, ex.Limits, ex.Insatser, ex.Choices
	if named := orgs.Default().ByName(head(ex.Preamble, orgTextBytes) + "\n" + head(doc.HeaderText, orgTextBytes)); len(named) > 0 {
		res.Region = &named[0].Name
	}
	res.Matched = ex.Found
	res.Findings = Run(&Input{Template: t, Doc: doc, Ex: ex, Received: opt.Received, MailText: opt.MailText, YearNote: note, Mail: opt.Mail})
	return res, nil
}

// orgTextBytes is how much of the text before the first question, and of
// the headers and footers, is searched for the organisation's name: a body
// names itself on the title page. The name search costs some microseconds
// per byte, so a document of nothing but a preamble must not feed it all.
const orgTextBytes = 16 << 10

// head returns at most n bytes of s, cut at a character boundary.
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// NotDocx is the finding for a submission without a readable Word report.
func NotDocx(message string) model.Finding {
	return model.Finding{Code: CodeNotDocx, Severity: model.Error, Message: message}
}

// Envelope returns a result for a submission without any Word file to
// check: the not_docx finding and what the envelope alone tells.
func Envelope(opt Options, reason string) (*model.Result, error) {
	set, err := opt.templates()
	if err != nil {
		return nil, err
	}
	t, from, err := decideForEnvelope(set, opt)
	if err != nil {
		return nil, err
	}
	res := &model.Result{Template: strconv.Itoa(t.Year), TemplateFrom: from, File: opt.FileName, Received: opt.Received,
		Questions: []model.Answer{}, Limits: []model.LimitUse{}, Insatser: []model.InsatsTable{}, Choices: []model.Choice{},
		Findings: []model.Finding{NotDocx(reason)}}
	res.Findings = append(res.Findings, run(&Input{Template: t, Received: opt.Received, Mail: opt.Mail}, true)...)
	return res, nil
}

var reYear = regexp.MustCompile(`(?i)villkorsbeslut(?:\s+för)?\s+(\d{4})`)

// DetectYear reads the template year from the document's title: its first
// paragraphs or its document properties. 0 when not found.
func DetectYear(doc *document.Document) int {
	texts := []string{doc.Title}
	for i, b := range doc.Blocks {
		if i >= 10 {
			break
		}
		if b.Para != nil {
			texts = append(texts, b.Para.Text)
		}
	}
	for _, s := range texts {
		if m := reYear.FindStringSubmatch(s); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y
		}
	}
	return 0
}

// --- Swedish formatting

var months = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}

func stockholm(t time.Time) string {
	t = t.In(sv.Stockholm)
	return fmt.Sprintf("%d %s %d kl. %s", t.Day(), months[t.Month()-1], t.Year(), t.Format("15.04"))
}

func swedishDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// num writes a number as Swedish text does: 12 500.
func num(n int) string { return sv.Int(n) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// joinList writes "a, b och c".
func joinList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " och " + items[len(items)-1]
}
