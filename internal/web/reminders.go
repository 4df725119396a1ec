package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/remind"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// Påminnelser (/paminnelser?year=): the bodies not heard from for a year,
// each with its reminders and their delivery, and a reminder draft to send
// through the outbox to the body's contact addresses (regions.yaml).

func (s *Server) reminderInput(r *http.Request, t *spec.Template, org *orgs.Organisation) remind.Input {
	in := remind.Input{Template: t, Org: org.Name, Now: s.Now()}
	if s.Mailer != nil {
		in.Address = s.Mailer.From()
	}
	if u := userOf(r); u != nil {
		in.Officer = u.Name
		if in.Officer == "" {
			in.Officer = u.Username
		}
	}
	return in
}

// reminderViews are a year's reminders per body, as shown.
func (s *Server) reminderViews(r *http.Request, year int) (map[string][]map[string]any, error) {
	rems, err := s.Store.Reminders(r.Context(), year)
	if err != nil {
		return nil, err
	}
	mail, err := s.Store.ReminderMail(r.Context(), year)
	if err != nil {
		return nil, err
	}
	out := map[string][]map[string]any{}
	for _, q := range rems {
		how := "skriven av " + sv.Actor(q.CreatedBy)
		if q.DaysBefore != nil {
			how = "automatisk, " + sv.Plural(*q.DaysBefore, "dag", "dagar") + " före sista dag"
		}
		state := "kopierad (skickad av handläggaren själv)"
		switch {
		case q.Sent:
			state = "skickad till " + strings.Join(q.Recipients, ", ")
		case len(q.Recipients) == 0:
			state = "kunde inte skickas: ingen kontaktadress"
		}
		var delivery []string
		for _, m := range mail[q.ID] {
			delivery = append(delivery, receiptText(m))
		}
		out[q.Organisation] = append(out[q.Organisation], map[string]any{"When": sv.Time(q.CreatedAt), "How": how, "State": state,
			"Delivery": delivery, "Subject": q.Subject, "Body": q.Body})
	}
	return out, nil
}

func (s *Server) reminders(w http.ResponseWriter, r *http.Request) error {
	t, err := s.yearOf(r)
	if err != nil {
		return err
	}
	missing, err := remind.Missing(r.Context(), s.Store, t)
	if err != nil {
		return err
	}
	views, err := s.reminderViews(r, t.Year)
	if err != nil {
		return err
	}
	var rows []map[string]any
	for _, m := range missing {
		row := map[string]any{"ID": m.OrganisationID, "Name": m.Organisation, "Reminders": views[m.OrganisationID]}
		if o, err := s.Orgs.ByID(m.OrganisationID); err == nil {
			row["Name"], row["Contacts"] = o.Name, strings.Join(o.Contacts, ", ")
		}
		rows = append(rows, row)
	}
	auto := "Automatiska påminnelser är avstängda (reminders.enabled i inställningarna)."
	if len(s.ReminderDays) > 0 {
		var days []string
		for _, d := range s.ReminderDays {
			days = append(days, sv.Int(d))
		}
		auto = fmt.Sprintf("Automatiska påminnelser skickas %s dagar före sista dag till dem som har en kontaktadress, en gång per organisation och dag.", sv.List(days))
	}
	return s.render(w, r, "reminders", map[string]any{"Nav": "paminnelser", "Year": t.Year, "Years": s.Templates.Years(), "Rows": rows,
		"LastDay": sv.LongDate(remind.LastDay(t)), "Passed": !s.Now().Before(t.LateAfter()), "Auto": auto}, fmt.Sprintf("Påminnelser %d", t.Year))
}

// reminderOf reads the year and the body named in the path, and refuses a
// body that has already been heard from.
func (s *Server) reminderOf(r *http.Request) (*spec.Template, *orgs.Organisation, error) {
	t, err := s.yearOf(r)
	if err != nil {
		return nil, nil, err
	}
	org, err := s.Orgs.ByID(r.PathValue("org"))
	if err != nil {
		return nil, nil, notFound("Organisationen")
	}
	missing, err := remind.Missing(r.Context(), s.Store, t)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range missing {
		if m.OrganisationID == org.ID {
			return t, org, nil
		}
	}
	return nil, nil, badRequest(fmt.Sprintf("%s har redan lämnat in för %d; ingen påminnelse behövs.", org.Name, t.Year))
}

func (s *Server) reminderForm(w http.ResponseWriter, r *http.Request) error {
	t, org, err := s.reminderOf(r)
	if err != nil {
		return err
	}
	in := s.reminderInput(r, t, org)
	views, err := s.reminderViews(r, t.Year)
	if err != nil {
		return err
	}
	return s.render(w, r, "reminder", map[string]any{"Nav": "paminnelser", "Year": t.Year, "Org": org, "To": strings.Join(org.Contacts, ", "),
		"Subject": remind.Subject(in), "Body": remind.Body(in), "CanSend": s.Mailer != nil && len(org.Contacts) > 0, "MailerOn": s.Mailer != nil,
		"Reminders": views[org.ID]}, fmt.Sprintf("%s – påminnelse %d", org.Name, t.Year))
}

// sendReminder stores the officer's reminder: sent through the outbox to
// the body's contact addresses (action send), or copied.
func (s *Server) sendReminder(w http.ResponseWriter, r *http.Request) error {
	t, org, err := s.reminderOf(r)
	if err != nil {
		return err
	}
	subject, body := strings.TrimSpace(r.PostFormValue("subject")), strings.TrimSpace(r.PostFormValue("body"))
	if subject == "" || body == "" {
		return badRequest("Ämne och text behövs för en påminnelse.")
	}
	rem := &store.Reminder{Organisation: org.ID, Year: t.Year, Subject: subject, Body: body, CreatedBy: userOf(r).Username}
	var letter []byte
	done := "Påminnelsen är sparad som kopierad. Skicka den själv från din e-post."
	if r.PostFormValue("action") == "send" {
		switch {
		case s.Mailer == nil:
			return badRequest("Utskick är inte påslaget (smtp.enabled); kopiera texten i stället.")
		case len(org.Contacts) == 0:
			return badRequest(org.Name + " har ingen kontaktadress i regions.yaml (contacts); kopiera texten i stället.")
		}
		rem.Recipients = org.Contacts
		letter = s.Mailer.Letter(org.Contacts, subject, body, "", "")
		done = "Påminnelsen skickas till " + sv.List(org.Contacts) + "."
	}
	if _, err := s.Store.AddReminder(r.Context(), rem, letter, time.Now()); err != nil {
		return err
	}
	if letter != nil {
		s.Mailer.Wake()
	}
	return backTo(w, r, fmt.Sprintf("/paminnelser?year=%d#org-%s", t.Year, org.ID), done)
}
