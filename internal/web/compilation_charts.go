package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// A chart is a small server-rendered SVG bar chart (no JavaScript): one
// bar per body, the characters of one limit group against its limit. The
// numbers are in the picture as text, in its title and description, and
// in a table that only screen readers see.

type chartView struct {
	ID, Title, Desc, LimitLabel string
	Width, Height, LabelX, BarX int
	LimitX                      float64
	Bars                        []barView
}

type barView struct {
	Name, Value, CharsText, LimitText string
	Y, TextY, W, ValueX               float64
	Over, NoReport                    bool
}

// Chart geometry, in SVG user units (the picture scales to its box).
const (
	chartWidth  = 640
	chartLabelW = 200 // body names
	chartValueW = 110 // the number after a bar
	chartTop    = 22  // room for the limit's label
	chartRow    = 18
	chartBar    = 12
)

// limitCharts draws the groups' charts (every group when only is nil).
func limitCharts(t *spec.Template, rows []model.BodyChars, only *spec.Limit) []chartView {
	var out []chartView
	for gi, l := range t.Limits {
		if only != nil && l.Label() != only.Label() {
			continue
		}
		out = append(out, limitChart(gi, l, rows))
	}
	return out
}

func limitChart(gi int, l spec.Limit, rows []model.BodyChars) chartView {
	top := l.Max
	for _, r := range rows {
		if gi < len(r.Limits) {
			top = max(top, r.Limits[gi].Chars)
		}
	}
	area := float64(chartWidth - chartLabelW - chartValueW)
	scale := func(n int) float64 { return area * float64(n) / float64(max(top, 1)) }
	c := chartView{ID: "diagram-" + anchor(l.Label()), Width: chartWidth, LabelX: chartLabelW - 6, BarX: chartLabelW,
		Height: chartTop + len(rows)*chartRow + 4, LimitX: chartLabelW + scale(l.Max),
		LimitLabel: "gräns " + sv.Int(l.Max)}
	c.Title = fmt.Sprintf("Tecken per organisation, frågorna %s (gräns %s)", l.Label(), sv.Int(l.Max))
	if len(l.Questions) == 1 {
		c.Title = fmt.Sprintf("Tecken per organisation, fråga %s (gräns %s)", l.Label(), sv.Int(l.Max))
	}
	var over []string
	reports := 0
	for i, r := range rows {
		b := barView{Name: r.Name, Y: float64(chartTop + i*chartRow), TextY: float64(chartTop+i*chartRow) + chartBar - 2, LimitText: sv.Int(l.Max)}
		if gi >= len(r.Limits) {
			b.NoReport, b.Value, b.ValueX = true, "ingen rapport", chartLabelW
			c.Bars = append(c.Bars, b)
			continue
		}
		reports++
		u := r.Limits[gi]
		b.W, b.Over, b.CharsText = scale(u.Chars), u.Exceeded, sv.Int(u.Chars)
		b.Value, b.ValueX = b.CharsText, chartLabelW+b.W+4
		if u.Exceeded {
			b.Value += " – över"
			over = append(over, fmt.Sprintf("%s (%s)", r.Name, sv.Int(u.Chars)))
		}
		c.Bars = append(c.Bars, b)
	}
	c.Desc = fmt.Sprintf("%s av %d organisationer har en rapport. ", sv.Int(reports), len(rows))
	if len(over) == 0 {
		c.Desc += "Ingen är över gränsen."
	} else {
		c.Desc += sv.Plural(len(over), "organisation", "organisationer") + " över gränsen: " + strings.Join(over, ", ") + "."
	}
	return c
}

// overviewCharts draws every limit group's chart for the overview; none
// when no body has a report yet.
func (s *Server) overviewCharts(r *http.Request, t *spec.Template) ([]chartView, error) {
	rows, err := s.compiler.Chars(r.Context(), t)
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		if row.Missing == "" {
			return limitCharts(t, rows, nil), nil
		}
	}
	return nil, nil
}
