package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"sync"

	"github.com/tillvaxtverket/villkorsintag/internal/compilation"
	"github.com/tillvaxtverket/villkorsintag/internal/export"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// The compilation's downloads: /export/sammanstallning-2023.xlsx, and
// Word documents /export/sammanstallning-2023-3.1.docx (one question) and
// /export/sammanstallning-2023-avsnitt-3.docx (a whole section).
var reCompilationExport = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^sammanstallning-(\d{4})(?:-(avsnitt-)?([0-9A-Za-zåäöÅÄÖ.]+))?\.(xlsx|docx)$`)
})

const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

func (s *Server) compilationExport(w http.ResponseWriter, r *http.Request, name string) error {
	m := reCompilationExport().FindStringSubmatch(name)
	if m == nil {
		return notFound("Exporten")
	}
	year, _ := strconv.Atoi(m[1])
	t, err := s.Templates.Load(year)
	if err != nil {
		return notFound(fmt.Sprintf("Mallen för %d", year))
	}
	section, part, ext := m[2] != "", m[3], m[4]
	var data []byte
	switch {
	case ext == "xlsx" && part == "":
		data, err = export.Workbook(r.Context(), s.compiler, t)
	case ext == "docx" && section:
		data, err = export.Section(r.Context(), s.compiler, t, part, s.Now())
	case ext == "docx" && part != "" && t.Question(part) != nil:
		data, err = export.Question(r.Context(), s.compiler, t, part, s.Now())
	default:
		return notFoundIn(t, part)
	}
	if errors.Is(err, compilation.ErrUnknownQuestion) {
		return notFoundIn(t, part)
	}
	if err != nil {
		return err
	}
	typ := xlsxType
	if ext == "docx" {
		typ = docxType
	}
	download(w, name, typ, data)
	return nil
}

func notFoundIn(t *spec.Template, part string) error {
	if part == "" {
		return notFound("Exporten")
	}
	return notFound(fmt.Sprintf("Fråga eller avsnitt %s i mallen för %d", part, t.Year))
}
