package web

import (
	"fmt"
	"net/http"
	"net/mail"
	"strings"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/reply"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// replyDraft builds a completion request's draft for the current
// version named in the path, due on due (zero: in reply.DefaultDays).
func (s *Server) replyDraft(r *http.Request, due time.Time) (*model.Submission, *model.Message, []string, reply.Input, error) {
	sub, err := s.currentSubmission(r)
	if err != nil {
		return nil, nil, nil, reply.Input{}, err
	}
	ctx := r.Context()
	msg, err := s.Store.Message(ctx, sub.MessageID)
	if err != nil {
		return nil, nil, nil, reply.Input{}, err
	}
	_, res, err := s.Store.LatestResult(ctx, sub.ID)
	if err != nil {
		return nil, nil, nil, reply.Input{}, err
	}
	decisions, err := s.Store.Decisions(ctx, sub.ID)
	if err != nil {
		return nil, nil, nil, reply.Input{}, err
	}
	t, err := s.Templates.Load(sub.Year)
	if err != nil {
		return nil, nil, nil, reply.Input{}, err
	}
	if due.IsZero() {
		due = time.Now().In(sv.Stockholm).AddDate(0, 0, reply.DefaultDays)
	}
	in := reply.Input{Template: t, Result: res, Accepted: map[string]bool{}, Received: sub.ReceivedAt, Version: sub.Version, Due: due}
	for _, d := range decisions {
		in.Accepted[d.Code+"|"+d.Question] = true
	}
	var to []string
	if msg.From != "" {
		to = append(to, msg.From)
	}
	if o, err := s.Orgs.ByID(sub.Organisation); err == nil {
		in.Org = o.Name
		for _, c := range o.Contacts {
			if !containsFold(to, c) {
				to = append(to, c)
			}
		}
	}
	if s.Mailer != nil {
		in.Address = s.Mailer.From()
	}
	if u := userOf(r); u != nil {
		in.Officer = u.Name
		if in.Officer == "" {
			in.Officer = u.Username
		}
	}
	return sub, msg, to, in, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// dueOf reads a due date (YYYY-MM-DD, Stockholm) from the form; "" is none.
func dueOf(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, sv.Stockholm)
	if err != nil {
		return time.Time{}, badRequest("Ange sista dag för kompletteringen som ÅÅÅÅ-MM-DD.")
	}
	return d, nil
}

// completionForm shows the draft for the officer to edit.
func (s *Server) completionForm(w http.ResponseWriter, r *http.Request) error {
	due, err := dueOf(r.URL.Query().Get("due"))
	if err != nil {
		return err
	}
	sub, _, to, in, err := s.replyDraft(r, due)
	if err != nil {
		return err
	}
	return s.render(w, r, "request", map[string]any{"Nav": "oversikt", "Sub": sub, "OrgName": in.Org, "To": strings.Join(to, ", "),
		"Subject": reply.Subject(in), "Body": reply.Body(in), "Due": sv.Date(in.Due), "Groups": len(reply.Groups(in)), "CanSend": s.Mailer != nil},
		in.Org+" – begär komplettering")
}

// requestCompletion stores the officer's edited request, sends it through
// the outbox (action send) or records it as copied, and moves the case.
func (s *Server) requestCompletion(w http.ResponseWriter, r *http.Request) error {
	due, err := dueOf(strings.TrimSpace(r.PostFormValue("due")))
	if err != nil {
		return err
	}
	if due.IsZero() {
		return badRequest("Ange sista dag för kompletteringen.")
	}
	sub, msg, _, _, err := s.replyDraft(r, due)
	if err != nil {
		return err
	}
	subject, body := strings.TrimSpace(r.PostFormValue("subject")), strings.TrimSpace(r.PostFormValue("body"))
	if subject == "" || body == "" {
		return badRequest("Ämne och text behövs för en begäran om komplettering.")
	}
	var to []string
	for _, a := range strings.Split(r.PostFormValue("to"), ",") {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		addr, err := mail.ParseAddress(a)
		if err != nil {
			return badRequest(fmt.Sprintf("Mottagaren %q är ingen e-postadress.", a))
		}
		to = append(to, addr.Address)
	}
	u := userOf(r)
	req := &store.CompletionRequest{Recipients: to, Subject: subject, Body: body, Due: sv.Date(due), CreatedBy: u.Username}
	var letter []byte
	done := "Begäran om komplettering är sparad som kopierad. Skicka den själv från din e-post."
	if r.PostFormValue("action") == "send" {
		if s.Mailer == nil {
			return badRequest("Utskick är inte påslaget (smtp.enabled); kopiera texten i stället.")
		}
		if len(to) == 0 {
			return badRequest("Ange minst en mottagare.")
		}
		letter = s.Mailer.Letter(to, subject, body, msg.MessageID, "")
		done = "Begäran om komplettering skickas till " + sv.List(to) + "."
	}
	if err := s.Store.RequestCompletion(r.Context(), sub, req, letter, time.Now()); err != nil {
		return err
	}
	if letter != nil {
		s.Mailer.Wake()
	}
	return backTo(w, r, fmt.Sprintf("/inlamning/%d#komplettering", sub.ID), done)
}

// apiReplyDraft gives the draft to the agency's other systems.
func (s *Server) apiReplyDraft(w http.ResponseWriter, r *http.Request) error {
	due, err := dueOf(r.URL.Query().Get("due"))
	if err != nil {
		return err
	}
	_, _, to, in, err := s.replyDraft(r, due)
	if err != nil {
		return err
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"subject": reply.Subject(in), "body": reply.Body(in), "to": to, "due": sv.Date(in.Due)})
	return nil
}

// requestViews are a report's completion requests as shown on its page.
func (s *Server) requestViews(r *http.Request, sub *model.Submission) ([]map[string]any, error) {
	if sub.Organisation == "" {
		return nil, nil
	}
	reqs, err := s.Store.CompletionRequests(r.Context(), sub.Organisation, sub.Year)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for _, q := range reqs {
		v := map[string]any{"ID": q.ID, "When": sv.Time(q.CreatedAt), "By": q.CreatedBy, "Due": q.Due, "Subject": q.Subject, "Body": q.Body,
			"To": strings.Join(q.Recipients, ", "), "Sent": q.Sent, "Here": q.Submission == sub.ID, "Submission": q.Submission, "AnsweredBy": q.AnsweredBy}
		mails, err := s.Store.RequestMail(r.Context(), q.ID)
		if err != nil {
			return nil, err
		}
		var states []string
		for _, m := range mails {
			states = append(states, receiptText(m))
		}
		v["Mail"] = states
		out = append(out, v)
	}
	return out, nil
}
