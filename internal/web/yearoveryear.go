package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/compare"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// A body's answers of two report years side by side
// (/organisation/ORG/ar?fran=&till=, /api/organisations/ORG/years): the
// current version of each year's report, the two templates' questions
// matched (internal/compare), and a word diff of each matched pair.

// yearSide is one year of the comparison: its template and current report.
type yearSide struct {
	Year       int               `json:"year"`
	Submission *int64            `json:"submission"` // nil: nothing received
	Version    int               `json:"version,omitempty"`
	Received   string            `json:"-"`
	From       string            `json:"from,omitempty"`
	Template   *spec.Template    `json:"-"`
	Result     *model.Result     `json:"-"`
	Sub        *model.Submission `json:"-"`
}

// yearAnswer is a question of one year and what the body answered to it.
type yearAnswer struct {
	ID         string `json:"id"`
	Label      string `json:"label"`
	Text       string `json:"text"`
	Status     string `json:"status"`
	StatusText string `json:"-"`
	Chars      int    `json:"chars"`
	Answer     string `json:"answer"`
	Anchor     string `json:"-"`
}

// yearMatch is a question matched across the two years.
type yearMatch struct {
	How         string            `json:"how"` // same_number, renumbered, gone, added
	HowText     string            `json:"-"`
	Confidence  float64           `json:"confidence"`
	Percent     int               `json:"-"`
	From        *yearAnswer       `json:"from"`
	To          *yearAnswer       `json:"to"`
	Changed     bool              `json:"changed"`
	Words       *compare.WordDiff `json:"words,omitempty"`
	Anchor      string            `json:"-"`
	TextsDiffer bool              `json:"-"`
}

// yearComparison is the whole view.
type yearComparison struct {
	Organisation string      `json:"organisation"`
	From         yearSide    `json:"from"`
	To           yearSide    `json:"to"`
	Questions    []yearMatch `json:"questions"`
	Counts       struct {
		SameNumber int `json:"same_number"`
		Renumbered int `json:"renumbered"`
		Gone       int `json:"gone"`
		Added      int `json:"added"`
		Changed    int `json:"changed"`
	} `json:"counts"`
	Years []int `json:"-"`
}

// yearsParam reads a year from the first of the query's names that is set.
func yearsParam(r *http.Request, names ...string) (int, bool, error) {
	for _, n := range names {
		if v := r.URL.Query().Get(n); v != "" {
			y, err := strconv.Atoi(v)
			if err != nil {
				return 0, false, badRequest("Okänt år: " + v + ".")
			}
			return y, true, nil
		}
	}
	return 0, false, nil
}

// currentOf returns a body's current report of a year, or nil.
func (s *Server) currentOf(ctx context.Context, org string, year int) (*model.Submission, error) {
	subs, err := s.Store.History(ctx, org, year)
	if err != nil {
		return nil, err
	}
	for i := range subs {
		if subs[i].State == model.StateCurrent {
			return &subs[i], nil
		}
	}
	return nil, nil
}

func (s *Server) yearComparison(r *http.Request) (*yearComparison, error) {
	org, err := s.Orgs.ByID(r.PathValue("org"))
	if err != nil {
		return nil, notFound("Organisationen")
	}
	years := s.Templates.Years()
	slices.Sort(years)
	if len(years) < 2 {
		return nil, notFound("En andra årsmall")
	}
	from, hasFrom, err := yearsParam(r, "fran", "from")
	if err != nil {
		return nil, err
	}
	to, hasTo, err := yearsParam(r, "till", "to")
	if err != nil {
		return nil, err
	}
	if !hasTo {
		// the latest year the body reported for, else the newest template
		to = years[len(years)-1]
		for i := len(years) - 1; i >= 0; i-- {
			if sub, err := s.currentOf(r.Context(), org.ID, years[i]); err != nil {
				return nil, err
			} else if sub != nil && (!hasFrom || years[i] != from) {
				to = years[i]
				break
			}
		}
	}
	if !hasFrom {
		from = years[0]
		for _, y := range years {
			if y < to {
				from = y // the year before
			}
		}
	}
	if from == to {
		return nil, badRequest("Välj två olika år att jämföra.")
	}
	c := &yearComparison{Organisation: org.ID, Years: years}
	for _, side := range []struct {
		year int
		dst  *yearSide
	}{{from, &c.From}, {to, &c.To}} {
		if err := s.loadYearSide(r.Context(), org, side.year, side.dst); err != nil {
			return nil, err
		}
	}
	for _, m := range compare.Questions(c.From.Template, c.To.Template) {
		ym := yearMatch{How: m.How, Confidence: m.Confidence, Percent: int(math.Round(m.Confidence * 100))}
		var before, now string
		if m.From != nil {
			ym.From = answerOf(c.From, m.From)
			before = ym.From.Answer
		}
		if m.To != nil {
			ym.To = answerOf(c.To, m.To)
			now = ym.To.Answer
		}
		switch m.How {
		case compare.SameNumber:
			c.Counts.SameNumber++
			ym.HowText = "samma nummer"
		case compare.Renumbered:
			c.Counts.Renumbered++
			ym.HowText = fmt.Sprintf("omnumrerad: %s %d heter %s %d", m.From.ID, from, m.To.ID, to)
		case compare.Gone:
			c.Counts.Gone++
			ym.HowText = fmt.Sprintf("finns inte i mallen för %d", to)
		case compare.Added:
			c.Counts.Added++
			ym.HowText = fmt.Sprintf("ny fråga i mallen för %d", to)
		}
		if ym.From != nil && ym.To != nil {
			ym.TextsDiffer = ym.From.Text != ym.To.Text
		}
		w := compare.Words(before, now)
		ym.Words, ym.Changed = &w, w.Changed()
		if ym.Changed {
			c.Counts.Changed++
		}
		id := ""
		if m.To != nil {
			id = m.To.ID
		} else {
			id = m.From.ID + "-" + strconv.Itoa(from)
		}
		ym.Anchor = "fraga-" + anchor(id)
		c.Questions = append(c.Questions, ym)
	}
	return c, nil
}

func (s *Server) loadYearSide(ctx context.Context, org *orgs.Organisation, year int, dst *yearSide) error {
	t, err := s.Templates.Load(year)
	if err != nil {
		return notFound(fmt.Sprintf("Mallen för %d", year))
	}
	*dst = yearSide{Year: year, Template: t}
	sub, err := s.currentOf(ctx, org.ID, year)
	if err != nil || sub == nil {
		return err
	}
	_, res, err := s.Store.LatestResult(ctx, sub.ID)
	if err != nil {
		return err
	}
	msg, err := s.Store.Message(ctx, sub.MessageID)
	if err != nil {
		return err
	}
	id := sub.ID
	dst.Submission, dst.Version, dst.Sub, dst.Result = &id, sub.Version, sub, res
	dst.Received, dst.From = sv.Time(sub.ReceivedAt), msg.From
	return nil
}

// answerOf is a question of one year with the body's answer as text: the
// insats rows one a line, the Ja/Nej choices, the parts of an answer in
// parts under their labels.
func answerOf(side yearSide, q *spec.Question) *yearAnswer {
	a := &yearAnswer{ID: q.ID, Label: q.Label(), Text: strings.TrimSpace(q.Text), Status: string(model.Unanswered), StatusText: "Ingen rapport"}
	res := side.Result
	if res == nil {
		return a
	}
	ans := res.Answer(q.ID)
	if ans == nil {
		ans = &model.Answer{Status: model.Unanswered}
	}
	a.Status, a.StatusText, a.Chars = string(ans.Status), statusText[ans.Status], ans.Chars
	var b strings.Builder
	line := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(s)
		}
	}
	switch q.Kind {
	case spec.KindInsatser:
		for _, t := range res.Insatser {
			if t.Question != q.ID {
				continue
			}
			for i, it := range t.Items {
				line(fmt.Sprintf("Insats %d: %s", i+1, strings.Join(it.Cells, " – ")))
			}
			line(t.Comment)
		}
	case spec.KindChoices:
		for _, c := range res.Choices {
			if c.Question == q.ID && c.Item >= 1 && c.Item <= len(q.Items) {
				v := map[string]string{"ja": "Ja", "nej": "Nej"}[c.Answer]
				if v == "" {
					v = "inget entydigt val"
				}
				line(strings.TrimRight(q.Items[c.Item-1], "?") + ": " + v)
			}
		}
	case spec.KindExplanations:
		for _, p := range ans.Parts {
			if strings.TrimSpace(p.Text) != "" {
				line(q.PartLabel(p.Item) + ":\n" + p.Text)
			}
		}
	default:
		line(ans.Text)
	}
	if b.Len() == 0 {
		line(ans.Text)
	}
	a.Answer = b.String()
	return a
}

func (s *Server) yearOverYear(w http.ResponseWriter, r *http.Request) error {
	c, err := s.yearComparison(r)
	if err != nil {
		return err
	}
	org, _ := s.Orgs.ByID(c.Organisation)
	return s.render(w, r, "yearoveryear", map[string]any{"Nav": "oversikt", "OrgName": org.Name, "C": c}, fmt.Sprintf("%s – %d och %d", org.Name, c.From.Year, c.To.Year))
}

func (s *Server) apiYears(w http.ResponseWriter, r *http.Request) error {
	c, err := s.yearComparison(r)
	if err != nil {
		return err
	}
	writeJSONStatus(w, http.StatusOK, c)
	return nil
}
