package web

import (
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// The print summary (/inlamning/ID/utskrift): one or two A4 pages with
// the submission's data, the limit table, the findings in template order
// and the case state; the full answers only with ?svar=1. The report page
// prints the same summary (its print stylesheet leaves the answers out).

func (s *Server) printSummary(w http.ResponseWriter, r *http.Request) error {
	data, err := s.submissionData(r)
	if err != nil {
		return err
	}
	sub := data["Sub"].(*model.Submission)
	data["WithAnswers"] = r.URL.Query().Get("svar") == "1"
	data["PrintedAt"] = sv.Time(time.Now())
	res := data["Result"].(*model.Result)
	e, wn, i := res.Counts()
	data["CountsText"] = sv.Counts(e, wn, i)
	open := 0
	for _, f := range data["Findings"].([]findingView) {
		if f.Accepted == nil {
			open++
		}
	}
	data["Open"] = open
	return s.render(w, r, "summary", data, fmt.Sprintf("%s – sammanfattning av inlämning %d", data["OrgName"], sub.ID))
}

// runReason names why a check was run, in Swedish.
func runReason(reason string) string {
	switch reason {
	case "ingest":
		return "när rapporten kom in"
	case "reprocess":
		return "kontrollerad igen"
	}
	return reason
}

var absPath = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|[\s(])/[^\s]*/`) })

// withoutServerPath keeps only the file name of a server path in an
// audit detail ("fil /var/spool/intag/x.eml Message-ID …" becomes "fil
// x.eml Message-ID …"): where the service read a file is no business of
// a case officer's page or print.
func withoutServerPath(d string) string {
	for _, p := range []string{"fil ", "file "} {
		if rest, ok := strings.CutPrefix(d, p); ok {
			name, tail, _ := strings.Cut(rest, " ")
			if strings.ContainsAny(name, `/\`) {
				name = path.Base(strings.ReplaceAll(name, `\`, "/"))
			}
			d = strings.TrimSpace(p + name + " " + tail)
		}
	}
	return absPath().ReplaceAllString(d, "$1")
}
