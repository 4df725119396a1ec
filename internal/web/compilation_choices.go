package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

type matrixView struct {
	model.ChoiceMatrix
	Anchor string
	Items  []string
	Rows   []matrixRow
	Counts []string // per item: "Ja 12 · Nej 3 · inget val 4"
}

type matrixRow struct {
	model.Body
	MissingText, Href string
	Cells             []matrixCell
}

type matrixCell struct {
	Item, Answer, Key, Explanation, ID string
}

func (s *Server) choicesPage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.yearOf(r)
	if err != nil {
		return err
	}
	ms, err := s.compiler.Choices(r.Context(), t)
	if err != nil {
		return err
	}
	var views []matrixView
	for _, m := range ms {
		v := matrixView{ChoiceMatrix: m, Anchor: "val-" + anchor(m.Question)}
		for _, it := range m.Items {
			v.Items = append(v.Items, strings.TrimRight(it, "?"))
		}
		counts := make([]map[string]int, len(m.Items))
		for i := range counts {
			counts[i] = map[string]int{}
		}
		for _, row := range m.Rows {
			mr := matrixRow{Body: row.Body, MissingText: missingText(row.Missing)}
			if row.SubmissionID > 0 {
				target := m.Question
				if m.Explanations != "" {
					target = m.Explanations
				}
				mr.Href = fmt.Sprintf("/inlamning/%d#fraga-%s", row.SubmissionID, anchor(target))
			}
			for i, c := range row.Choices {
				key := c.Answer
				if key == "" {
					key = "none"
				}
				counts[i][key]++
				mr.Cells = append(mr.Cells, matrixCell{Item: v.Items[i], Answer: choiceText(c), Key: key, Explanation: c.Explanation,
					ID: fmt.Sprintf("%s-%s-%d", v.Anchor, row.Organisation, c.Item)})
			}
			v.Rows = append(v.Rows, mr)
		}
		for _, c := range counts {
			v.Counts = append(v.Counts, fmt.Sprintf("Ja %s · Nej %s · inget entydigt val %s", sv.Int(c["ja"]), sv.Int(c["nej"]), sv.Int(c["none"])))
		}
		views = append(views, v)
	}
	return s.render(w, r, "choices", map[string]any{"Nav": "val", "Year": t.Year, "Years": s.Templates.Years(), "Matrices": views},
		fmt.Sprintf("Val %d", t.Year))
}

func (s *Server) apiChoices(w http.ResponseWriter, r *http.Request) error {
	t, err := s.yearOf(r)
	if err != nil {
		return err
	}
	ms, err := s.compiler.Choices(r.Context(), t)
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []model.ChoiceMatrix{}
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"year": t.Year, "matrices": ms})
	return nil
}
