package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/tillvaxtverket/villkorsintag/internal/csvsafe"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// sheet is a table to export: a header row and rows.
type sheet struct {
	name   string
	header []string
	rows   [][]any
}

func (s *Server) overviewSheet(r *http.Request, t *spec.Template) (sheet, error) {
	rows, err := s.Store.Overview(r.Context(), t.Year, t.LateAfter())
	if err != nil {
		return sheet{}, err
	}
	sh := sheet{name: "Översikt " + strconv.Itoa(t.Year), header: []string{"Organisation", "Inkommen", "Dagar för sent", "Inkom (svensk tid)",
		"Innehåll", "Ärende", "Komplettering begärd", "Svar senast", "Godkänd av", "Version", "Fel (ej godtagna)", "Varningar (ej godtagna)", "Tips (ej godtagna)"}}
	for _, row := range rows {
		v := newOverviewRow(row)
		content, caseText := v.ContentText, v.CaseText
		if row.Content == model.ContentNone {
			content = ""
		}
		if row.CaseState == model.CaseMissing {
			caseText = ""
		}
		var requested string
		if row.RequestedAt != nil {
			requested = sv.Date(*row.RequestedAt)
		}
		counts := []any{row.OpenErrors, row.OpenWarnings, row.OpenInfos}
		if row.SubmissionID == 0 {
			counts = []any{"–", "–", "–"}
		}
		sh.rows = append(sh.rows, append([]any{row.Organisation, model.TimelinessText(row.Timeliness), row.DaysLate, v.ReceivedText,
			content, caseText, requested, row.Due, row.ApprovedBy, row.Version}, counts...))
	}
	return sh, nil
}

// findingRow is one finding of a body's current report.
type findingRow struct {
	Organisation string `json:"organisation"`
	Submission   int64  `json:"submission"`
	Version      int    `json:"version"`
	model.Finding
	Accepted bool   `json:"accepted"`
	Comment  string `json:"accepted_comment,omitempty"`
}

func (s *Server) findingRows(r *http.Request, t *spec.Template) ([]findingRow, error) {
	rows, err := s.Store.Overview(r.Context(), t.Year, t.LateAfter())
	if err != nil {
		return nil, err
	}
	var out []findingRow
	for _, row := range rows {
		if row.SubmissionID == 0 {
			continue
		}
		_, res, err := s.Store.LatestResult(r.Context(), row.SubmissionID)
		if err != nil {
			return nil, err
		}
		decisions, err := s.Store.Decisions(r.Context(), row.SubmissionID)
		if err != nil {
			return nil, err
		}
		for _, f := range res.Findings {
			fr := findingRow{Organisation: row.Organisation, Submission: row.SubmissionID, Version: row.Version, Finding: f}
			for _, d := range decisions {
				if d.Code == f.Code && d.Question == f.Question {
					fr.Accepted, fr.Comment = true, d.Comment
				}
			}
			out = append(out, fr)
		}
	}
	return out, nil
}

func (s *Server) findingsSheet(r *http.Request, t *spec.Template) (sheet, error) {
	rows, err := s.findingRows(r, t)
	if err != nil {
		return sheet{}, err
	}
	sh := sheet{name: "Anmärkningar " + strconv.Itoa(t.Year), header: []string{"Organisation", "Inlämning", "Version", "Allvar", "Kod", "Fråga", "Anmärkning", "Godtagen", "Kommentar"}}
	for _, f := range rows {
		acc := ""
		if f.Accepted {
			acc = "ja"
		}
		sh.rows = append(sh.rows, []any{f.Organisation, f.Submission, f.Version, severityText[f.Severity], f.Code, f.Question, f.Message, acc, f.Comment})
	}
	return sh, nil
}

func (s *Server) export(w http.ResponseWriter, r *http.Request) error {
	t, err := s.yearOf(r)
	if err != nil {
		return err
	}
	var sh sheet
	var base string
	switch name := r.PathValue("name"); name {
	case "oversikt.csv", "oversikt.xlsx":
		sh, err = s.overviewSheet(r, t)
		base = "oversikt"
	case "anmarkningar.csv", "anmarkningar.xlsx":
		sh, err = s.findingsSheet(r, t)
		base = "anmarkningar"
	default:
		return notFound("Exporten")
	}
	if err != nil {
		return err
	}
	file := fmt.Sprintf("villkorsrapport-%d-%s", t.Year, base)
	if r.PathValue("name")[len(base)+1:] == "csv" {
		var buf bytes.Buffer
		buf.WriteString("\ufeff") // Excel reads UTF-8 with a BOM
		cw := csv.NewWriter(&buf)
		cw.Comma = ';' // Swedish Excel's list separator
		cw.Write(sh.header)
		for _, row := range sh.rows {
			cw.Write(csvsafe.Record(row...)) // no cell a spreadsheet runs as a formula
		}
		cw.Flush()
		download(w, file+".csv", "text/csv; charset=utf-8", buf.Bytes())
		return nil
	}
	data, err := xlsx(sh)
	if err != nil {
		return err
	}
	download(w, file+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data)
	return nil
}

// xlsx writes one sheet with a bold, frozen header row and filters.
func xlsx(sh sheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	name := sh.name
	if len([]rune(name)) > 31 {
		name = string([]rune(name)[:31])
	}
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	head := make([]any, len(sh.header))
	for i, h := range sh.header {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	for i, row := range sh.rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	last, _ := excelize.CoordinatesToCellName(len(sh.header), len(sh.rows)+1)
	f.AutoFilter(name, "A1:"+last, nil)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func (s *Server) apiOverview(w http.ResponseWriter, r *http.Request) error {
	t, err := s.yearOf(r)
	if err != nil {
		return err
	}
	rows, err := s.Store.Overview(r.Context(), t.Year, t.LateAfter())
	if err != nil {
		return err
	}
	writeJSONStatus(w, http.StatusOK, rows)
	return nil
}

func (s *Server) apiFindings(w http.ResponseWriter, r *http.Request) error {
	t, err := s.yearOf(r)
	if err != nil {
		return err
	}
	rows, err := s.findingRows(r, t)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []findingRow{}
	}
	writeJSONStatus(w, http.StatusOK, rows)
	return nil
}

func (s *Server) apiSubmission(w http.ResponseWriter, r *http.Request) error {
	sub, msg, err := s.submissionOf(r)
	if err != nil {
		return err
	}
	run, res, err := s.Store.LatestResult(r.Context(), sub.ID)
	if err != nil {
		return err
	}
	decisions, err := s.Store.Decisions(r.Context(), sub.ID)
	if err != nil {
		return err
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"submission": sub, "message": msg, "check_run": run, "result": res, "accepted_findings": decisions})
	return nil
}
