package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/compare"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// findingStatusText names a finding's status between two versions.
var findingStatusText = map[string]string{compare.Fixed: "Åtgärdad", compare.Remaining: "Kvarstår", compare.New: "Ny"}

// versionView is one version's row: when it came and from whom.
type versionView struct {
	ID                      int64
	Version                 int
	StateText               string
	Received                string
	From                    string
	Errors, Warnings, Infos int
}

// findingChangeView is a finding followed from one version to the next.
type findingChangeView struct {
	Status, StatusText, SeverityText, Code, Question, Message string
	Severity                                                  model.Severity
}

// findingPart is the findings of one status, under their heading.
type findingPart struct {
	Key, Title string
	Items      []findingChangeView
}

// questionDiffView is one question's change, with its word diff.
type questionDiffView struct {
	compare.Question
	Label, Title string
	Anchor       string
}

// questionLabel names what a finding is about: a question ("Fråga 7.2",
// "Övriga medskick"), a limit group ("Frågorna 1.1–1.3") or the report as
// a whole.
func questionLabel(t *spec.Template, id string) string {
	switch {
	case id == "":
		return "Rapporten som helhet"
	case strings.Contains(id, "–"):
		return "Frågorna " + id
	}
	if q := t.Question(id); q != nil {
		return q.Label()
	}
	return "Fråga " + id
}

// versionsOf reads a body's versions of a year with their senders.
func (s *Server) versionsOf(r *http.Request) (*spec.Template, string, []versionView, error) {
	t, org, subs, err := s.historyOf(r)
	if err != nil {
		return nil, "", nil, err
	}
	var rows []versionView
	for i := range subs {
		sub := &subs[i]
		msg, err := s.Store.Message(r.Context(), sub.MessageID)
		if err != nil {
			return nil, "", nil, err
		}
		rows = append(rows, versionView{ID: sub.ID, Version: sub.Version, StateText: capitalized(sub.StateText()), Received: sv.Time(sub.ReceivedAt),
			From: msg.From, Errors: sub.Errors, Warnings: sub.Warnings, Infos: sub.Infos})
	}
	return t, org.Name, rows, nil
}

// compareVersions compares two versions of a body's report.
func (s *Server) compareVersions(r *http.Request, org string, year, a, b int) (*compare.Comparison, [2]*model.Result, error) {
	var results [2]*model.Result
	for i, v := range []int{a, b} {
		sub, err := s.Store.SubmissionByVersion(r.Context(), org, year, v)
		if err != nil {
			return nil, results, notFound(fmt.Sprintf("Version %d", v))
		}
		if _, results[i], err = s.Store.LatestResult(r.Context(), sub.ID); err != nil {
			return nil, results, err
		}
	}
	c := compare.Versions(results[0], results[1])
	return &c, results, nil
}

func (s *Server) versions(w http.ResponseWriter, r *http.Request) error {
	t, orgName, rows, err := s.versionsOf(r)
	if err != nil {
		return err
	}
	org := r.PathValue("org")
	var versions []int
	byVersion := map[int]versionView{}
	for _, v := range rows {
		if v.Version > 0 {
			versions = append(versions, v.Version)
			byVersion[v.Version] = v
		}
	}
	q := r.URL.Query()
	all := q.Get("alla") == "1"
	data := map[string]any{"Nav": "oversikt", "Org": org, "OrgName": orgName, "Year": t.Year, "Subs": rows, "Versions": versions, "All": all}
	if len(versions) >= 2 {
		a, _ := strconv.Atoi(q.Get("a"))
		b, _ := strconv.Atoi(q.Get("b"))
		if a == 0 || b == 0 {
			a, b = versions[len(versions)-2], versions[len(versions)-1]
		}
		c, results, err := s.compareVersions(r, org, t.Year, a, b)
		if err != nil {
			return err
		}
		changes := map[string][]findingChangeView{}
		for _, ch := range c.Findings.Changes {
			f := ch.Finding()
			changes[ch.Status] = append(changes[ch.Status], findingChangeView{Status: ch.Status, StatusText: findingStatusText[ch.Status],
				Severity: f.Severity, SeverityText: severityText[f.Severity], Code: f.Code, Question: questionLabel(t, f.Question), Message: f.Message})
		}
		var qs []questionDiffView
		for _, dq := range c.Questions {
			if !dq.Changed && !all {
				continue
			}
			v := questionDiffView{Question: dq, Label: "Fråga " + dq.ID, Anchor: "andring-" + anchor(dq.ID)}
			if v.Words == nil { // unchanged, shown when all are asked for
				text := ""
				if ans := results[1].Answer(dq.ID); ans != nil {
					text = ans.Text
				}
				w := compare.Words(text, text)
				v.Words = &w
			}
			if sq := t.Question(dq.ID); sq != nil {
				v.Label, v.Title = sq.Label(), sq.ShortTitle(90)
			}
			qs = append(qs, v)
		}
		link := func(all bool) string {
			v := url.Values{"year": {strconv.Itoa(t.Year)}, "a": {strconv.Itoa(a)}, "b": {strconv.Itoa(b)}}
			if all {
				v.Set("alla", "1")
			}
			return "/versioner/" + url.PathEscape(org) + "?" + v.Encode() + "#fragor"
		}
		data["A"], data["B"], data["Diff"], data["Changed"] = a, b, qs, c.Changed
		data["SenderA"], data["SenderB"] = byVersion[a], byVersion[b]
		data["Findings"] = c.Findings
		data["FindingParts"] = []findingPart{{"kvarstar", "Kvarstår", changes[compare.Remaining]}, {"nya", "Nya", changes[compare.New]}, {"atgardade", "Åtgärdade", changes[compare.Fixed]}}
		data["Questions"] = len(c.Questions)
		data["AllLink"], data["ChangedLink"] = link(true), link(false)
	}
	return s.render(w, r, "versions", data, orgName+" – versioner")
}

// versionJSON is a version in the API: the submission, its sender and
// what changed since the version before it.
type versionJSON struct {
	model.Submission
	From string `json:"from"`
	// ChangesFromPrevious compares the version with the one before it
	// (absent for the first version and for what is not a version).
	ChangesFromPrevious *versionPairJSON `json:"changes_from_previous,omitempty"`
}

type versionPairJSON struct {
	FromVersion int `json:"from_version"`
	ToVersion   int `json:"to_version"`
	*compare.Comparison
}

func (s *Server) apiVersions(w http.ResponseWriter, r *http.Request) error {
	t, org, subs, err := s.historyOf(r)
	if err != nil {
		return err
	}
	out := []versionJSON{}
	prev := 0
	for _, sub := range subs {
		msg, err := s.Store.Message(r.Context(), sub.MessageID)
		if err != nil {
			return err
		}
		v := versionJSON{Submission: sub, From: msg.From}
		if sub.Version > 0 {
			if prev > 0 {
				c, _, err := s.compareVersions(r, org.ID, t.Year, prev, sub.Version)
				if err != nil {
					return err
				}
				v.ChangesFromPrevious = &versionPairJSON{FromVersion: prev, ToVersion: sub.Version, Comparison: c}
			}
			prev = sub.Version
		}
		out = append(out, v)
	}
	writeJSONStatus(w, http.StatusOK, out)
	return nil
}
