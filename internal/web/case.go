package web

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// currentSubmission reads the submission named in the path and refuses
// it unless it is its body's current version: only that one is handled.
func (s *Server) currentSubmission(r *http.Request) (*model.Submission, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	sub, err := s.Store.Submission(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if sub.State != model.StateCurrent {
		return nil, badRequest("Bara den aktuella versionen av en rapport kan granskas, godkännas eller kompletteras.")
	}
	return sub, nil
}

// approve closes the case (godkänd): who and when are kept.
func (s *Server) approve(w http.ResponseWriter, r *http.Request) error {
	sub, err := s.currentSubmission(r)
	if err != nil {
		return err
	}
	if err := s.Store.SetCaseState(r.Context(), sub, model.CaseApproved, userOf(r).Username, time.Now()); err != nil {
		return err
	}
	return backTo(w, r, fmt.Sprintf("/inlamning/%d", sub.ID), "Rapporten är godkänd och ärendet avslutat.")
}

// caseView is a report's case state as shown on its page.
func (s *Server) caseView(r *http.Request, sub *model.Submission) (map[string]any, error) {
	if sub.Organisation == "" || sub.State != model.StateCurrent {
		return nil, nil
	}
	c, err := s.Store.CaseOf(r.Context(), sub.Organisation, sub.Year)
	if err != nil {
		return nil, err
	}
	v := map[string]any{"State": c.State, "Text": model.CaseText(c.State), "Due": c.Due, "ApprovedBy": c.ApprovedBy}
	if !c.RequestedAt.IsZero() {
		v["RequestedAt"] = c.RequestedAt
	}
	if !c.ApprovedAt.IsZero() {
		v["ApprovedAt"] = c.ApprovedAt
	}
	return v, nil
}

// caseInReview notes that an officer works on the report (accepting a
// finding, marking it reviewed): a new or corrected case is now under
// review. Earlier versions leave the case as it is.
func (s *Server) caseInReview(r *http.Request, sub *model.Submission) error {
	if sub.State != model.StateCurrent {
		return nil
	}
	return s.Store.SetCaseState(r.Context(), sub, model.CaseInReview, userOf(r).Username, time.Now())
}

// sortedOrgs lists the bodies alphabetically by name, as Swedish sorts.
func (s *Server) sortedOrgs() []orgs.Organisation {
	list := slices.Clone(s.Orgs.All)
	c := collate.New(language.Swedish)
	slices.SortFunc(list, func(a, b orgs.Organisation) int { return c.CompareString(a.Name, b.Name) })
	return list
}
