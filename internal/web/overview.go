package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

type overviewRow struct {
	model.OverviewRow
	TimelinessText, ContentText, CaseText, CaseDetail, ReceivedText string
}

type column struct {
	Key, Label, Href, Sorted string
	Num                      bool
}

// overviewFilters are the three independent parts of the standing, each
// a query parameter.
var overviewFilters = []struct {
	Param, Label string
	Options      []struct{ Key, Label string }
	of           func(model.OverviewRow) string
}{
	{"inkommen", "Inkommen", model.Timelinesses, func(r model.OverviewRow) string { return r.Timeliness }},
	{"innehall", "Innehåll", model.Contents, func(r model.OverviewRow) string { return r.Content }},
	{"arende", "Ärende", model.CaseStates, func(r model.OverviewRow) string { return r.CaseState }},
}

func newOverviewRow(row model.OverviewRow) overviewRow {
	v := overviewRow{OverviewRow: row, TimelinessText: model.TimelinessText(row.Timeliness), ContentText: model.ContentText(row.Content),
		CaseText: model.CaseText(row.CaseState), ReceivedText: sv.TimePtr(row.Received)}
	if row.Timeliness == model.TimelinessLate {
		v.TimelinessText = "sen, " + sv.Plural(row.DaysLate, "dag", "dagar")
	}
	switch row.CaseState {
	case model.CaseRequested:
		if row.RequestedAt != nil {
			v.CaseDetail = "begärd " + sv.Date(*row.RequestedAt)
		}
		if row.Due != "" {
			v.CaseDetail += ", senast " + row.Due
		}
	case model.CaseApproved:
		v.CaseDetail = "av " + row.ApprovedBy
		if row.ApprovedAt != nil {
			v.CaseDetail += " " + sv.Date(*row.ApprovedAt)
		}
	}
	return v
}

// overviewRows returns the overview filtered on each part of the standing
// and sorted, and how many bodies have each value of each part before
// filtering.
func (s *Server) overviewRows(r *http.Request, t *spec.Template) ([]overviewRow, map[string]map[string]int, error) {
	rows, err := s.Store.Overview(r.Context(), t.Year, t.LateAfter())
	if err != nil {
		return nil, nil, err
	}
	counts := map[string]map[string]int{}
	for _, f := range overviewFilters {
		counts[f.Param] = map[string]int{}
		for _, row := range rows {
			counts[f.Param][f.of(row)]++
		}
	}
	var out []overviewRow
rows:
	for _, row := range rows {
		for _, f := range overviewFilters {
			if want := r.URL.Query().Get(f.Param); want != "" && f.of(row) != want {
				continue rows
			}
		}
		out = append(out, newOverviewRow(row))
	}
	rank := func(list []struct{ Key, Label string }, k string) int {
		for i, s := range list {
			if s.Key == k {
				return i
			}
		}
		return len(list)
	}
	key, desc := sortOf(r)
	less := map[string]func(a, b overviewRow) bool{
		"organisation": func(a, b overviewRow) bool { return strings.ToLower(a.Organisation) < strings.ToLower(b.Organisation) },
		"inkommen": func(a, b overviewRow) bool {
			ra, rb := rank(model.Timelinesses, a.Timeliness), rank(model.Timelinesses, b.Timeliness)
			return ra < rb || ra == rb && a.DaysLate > b.DaysLate
		},
		"innehall": func(a, b overviewRow) bool { return rank(model.Contents, a.Content) < rank(model.Contents, b.Content) },
		"arende": func(a, b overviewRow) bool {
			return rank(model.CaseStates, a.CaseState) < rank(model.CaseStates, b.CaseState)
		},
		"received": func(a, b overviewRow) bool {
			if a.Received == nil || b.Received == nil {
				return a.Received != nil
			}
			return a.Received.Before(*b.Received)
		},
		"version":  func(a, b overviewRow) bool { return a.Version < b.Version },
		"errors":   func(a, b overviewRow) bool { return a.OpenErrors < b.OpenErrors },
		"warnings": func(a, b overviewRow) bool { return a.OpenWarnings < b.OpenWarnings },
		"infos":    func(a, b overviewRow) bool { return a.OpenInfos < b.OpenInfos },
	}[key]
	sort.SliceStable(out, func(i, j int) bool {
		if desc {
			return less(out[j], out[i])
		}
		return less(out[i], out[j])
	})
	return out, counts, nil
}

var sortKeys = []struct{ key, label string }{{"organisation", "Organisation"}, {"inkommen", "Inkommen"}, {"received", "Inkom"},
	{"innehall", "Innehåll"}, {"arende", "Ärende"}, {"version", "Version"}, {"errors", "Fel"}, {"warnings", "Varningar"}, {"infos", "Tips"}}

func sortOf(r *http.Request) (string, bool) {
	v := r.URL.Query().Get("sort")
	desc := strings.HasPrefix(v, "-")
	v = strings.TrimPrefix(v, "-")
	for _, k := range sortKeys {
		if k.key == v {
			return v, desc
		}
	}
	return "organisation", false
}

type filterView struct {
	Param, Label, Selected string
	Options                []struct{ Key, Label string }
	Counts                 []countLink
}

type countLink struct {
	Key, Label, Href string
	N                int
	Current          bool
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) error {
	t, err := s.yearOf(r)
	if err != nil {
		return err
	}
	rows, counts, err := s.overviewRows(r, t)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	base := func() url.Values {
		v := url.Values{"year": {strconv.Itoa(t.Year)}}
		for _, f := range overviewFilters {
			if x := q.Get(f.Param); x != "" {
				v.Set(f.Param, x)
			}
		}
		if x := q.Get("sort"); x != "" {
			v.Set("sort", x)
		}
		return v
	}
	key, desc := sortOf(r)
	var cols []column
	for _, k := range sortKeys {
		v := base()
		v.Set("sort", k.key)
		c := column{Key: k.key, Label: k.label, Num: k.key == "version" || k.key == "errors" || k.key == "warnings" || k.key == "infos"}
		if k.key == key {
			c.Sorted = "ascending"
			if desc {
				c.Sorted = "descending"
			} else {
				v.Set("sort", "-"+k.key)
			}
		}
		c.Href = "/oversikt?" + v.Encode()
		cols = append(cols, c)
	}
	cols = append(cols, column{Label: "Historik"})
	var filters []filterView
	for _, f := range overviewFilters {
		fv := filterView{Param: f.Param, Label: f.Label, Selected: q.Get(f.Param), Options: f.Options}
		for _, o := range f.Options {
			v := base()
			v.Set(f.Param, o.Key)
			fv.Counts = append(fv.Counts, countLink{Key: o.Key, Label: o.Label, Href: "/oversikt?" + v.Encode(), N: counts[f.Param][o.Key], Current: q.Get(f.Param) == o.Key})
		}
		filters = append(filters, fv)
	}
	charts, err := s.overviewCharts(r, t)
	if err != nil {
		return err
	}
	return s.render(w, r, "overview", map[string]any{"Nav": "oversikt", "Year": t.Year, "Years": s.Templates.Years(), "Rows": rows,
		"Filters": filters, "Sort": q.Get("sort"), "Columns": cols, "Filtered": len(rows) != 21, "Charts": charts}, "Översikt "+strconv.Itoa(t.Year))
}
