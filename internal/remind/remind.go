// Package remind writes deadline reminders (påminnelser) to the bodies not
// heard from for a report year, and sends them automatically a configured
// number of days before the deadline, at most once per body, year and day.
package remind

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// Input is what a reminder is written from.
type Input struct {
	Template *spec.Template
	Org      string    // the body's name
	Now      time.Time // before or after the deadline changes the wording
	Officer  string    // who signs it; "" for an automatic reminder
	Address  string    // where questions go (the intake address); "" none
}

// LastDay is the template's last day on time (the deadline day itself).
func LastDay(t *spec.Template) time.Time {
	return t.LateAfter().Add(-time.Nanosecond).In(sv.Stockholm)
}

// Subject is the reminder's subject line, with the diarienummer.
func Subject(in Input) string {
	s := "Påminnelse: " + in.Template.Title + " – " + in.Org
	var ids []string
	for _, d := range in.Template.Diarienummer {
		ids = append(ids, d.ID)
	}
	if len(ids) > 0 {
		s += " (dnr " + strings.Join(ids, ", ") + ")"
	}
	return s
}

// Body is the reminder's text: the deadline, the addresses the template
// names and the diarienummer to state.
func Body(in Input) string {
	t := in.Template
	var b strings.Builder
	b.WriteString("Hej!\n\n")
	fmt.Fprintf(&b, "Vi har ännu inte fått er %s (%s).", sv.LowerFirst(t.Title), in.Org)
	to := ""
	if len(t.Recipients) > 0 {
		to = " till " + sv.List(t.Recipients)
	}
	if in.Now.Before(t.LateAfter()) {
		fmt.Fprintf(&b, " Rapporten ska lämnas i Wordformat (.docx)%s senast den %s.\n\n", to, sv.LongDate(LastDay(t)))
	} else {
		fmt.Fprintf(&b, " Rapporten skulle ha lämnats senast den %s. Skicka den så snart som möjligt i Wordformat (.docx)%s.\n\n", sv.LongDate(LastDay(t)), to)
	}
	if line := dnrLine(t); line != "" {
		b.WriteString(line + "\n\n")
	}
	b.WriteString("Har ni redan skickat rapporten kan ni bortse från den här påminnelsen.")
	if in.Address != "" {
		fmt.Fprintf(&b, " Om ni har frågor kan ni svara på det här meddelandet eller skriva till %s.", in.Address)
	}
	b.WriteString("\n\nMed vänlig hälsning\n")
	if in.Officer != "" {
		b.WriteString(in.Officer + "\n")
	}
	b.WriteString("Tillväxtverket\n")
	return b.String()
}

// dnrLine asks for the diarienummer: in the template's own sentence
// ("Ange … diarienummer N2022/02395 och …") when it has one, else from
// the labels.
func dnrLine(t *spec.Template) string {
	if len(t.Diarienummer) == 0 {
		return ""
	}
	for _, line := range t.Boilerplate {
		all := strings.HasPrefix(line, "Ange ")
		for _, d := range t.Diarienummer {
			all = all && strings.Contains(line, d.ID)
		}
		if all {
			return line
		}
	}
	var dnr []string
	for _, d := range t.Diarienummer {
		dnr = append(dnr, d.Label+" "+d.ID)
	}
	return "Ange diarienumren i ämnesraden: " + strings.Join(dnr, "; ") + "."
}

// DueDay is the configured day (days before the last day) whose reminder
// is due at now: the day N's reminder is due from 00.00 (Stockholm) N days
// before the last day until the deadline. When several are due (the
// service was not running), only the nearest the deadline is: reminders
// that were missed are not sent late in a row.
func DueDay(t *spec.Template, days []int, now time.Time) (int, bool) {
	if !now.Before(t.LateAfter()) {
		return 0, false
	}
	last := LastDay(t)
	best, ok := 0, false
	for _, n := range days {
		from := time.Date(last.Year(), last.Month(), last.Day()-n, 0, 0, 0, 0, sv.Stockholm)
		if !now.Before(from) && (!ok || n < best) {
			best, ok = n, true
		}
	}
	return best, ok
}

// Missing lists the bodies not heard from for the year (ej inkommen, as
// the overview counts them), in the overview's order.
func Missing(ctx context.Context, st *store.Store, t *spec.Template) ([]model.OverviewRow, error) {
	rows, err := st.Overview(ctx, t.Year, t.LateAfter())
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(rows, func(r model.OverviewRow) bool { return r.Timeliness != model.TimelinessMissing }), nil
}

// Mailer writes and sends letters through the outbox.
type Mailer interface {
	Letter(to []string, subject, body, inReplyTo, references string) []byte
	From() string
	Wake()
}

// Runner sends the automatic reminders.
type Runner struct {
	Store     *store.Store
	Orgs      *orgs.List
	Templates *spec.Set
	Mailer    Mailer
	Days      []int
	Now       func() time.Time
	Log       *slog.Logger
	Interval  time.Duration // how often to look; default an hour
}

// New is the runner the configuration asks for: nil when reminders are
// off (the default), so that nothing is ever sent automatically then.
func New(cfg config.Reminders, st *store.Store, list *orgs.List, set *spec.Set, m Mailer, log *slog.Logger) *Runner {
	if !cfg.Enabled || m == nil {
		return nil
	}
	return &Runner{Store: st, Orgs: list, Templates: set, Mailer: m, Days: cfg.DaysBefore, Log: log}
}

// Run looks for due reminders at start and then every Interval until ctx
// is cancelled.
func (r *Runner) Run(ctx context.Context) {
	every := r.Interval
	if every <= 0 {
		every = time.Hour
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := r.Once(ctx); err != nil && ctx.Err() == nil {
			r.Log.Error("reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Once sends the reminders due now to every body not heard from, each
// at most once per year and configured day (the store keeps which were
// sent), and returns how many it queued. A body without a contact address
// gets a reminder recorded as not sendable, once, so that the page shows
// it.
func (r *Runner) Once(ctx context.Context) (int, error) {
	if r.Mailer == nil {
		return 0, errors.New("remind: reminders need SMTP (smtp.enabled)")
	}
	now := time.Now()
	if r.Now != nil {
		now = r.Now()
	}
	queued := 0
	for _, t := range r.Templates.All() {
		n, ok := DueDay(t, r.Days, now)
		if !ok {
			continue
		}
		missing, err := Missing(ctx, r.Store, t)
		if err != nil {
			return queued, err
		}
		for _, row := range missing {
			org, err := r.Orgs.ByID(row.OrganisationID)
			if err != nil {
				continue
			}
			in := Input{Template: t, Org: org.Name, Now: now, Address: r.Mailer.From()}
			rem := &store.Reminder{Organisation: org.ID, Year: t.Year, DaysBefore: &n, Recipients: org.Contacts,
				Subject: Subject(in), Body: Body(in), CreatedBy: "system"}
			var mail []byte
			if len(org.Contacts) > 0 {
				mail = r.Mailer.Letter(org.Contacts, rem.Subject, rem.Body, "", "")
			}
			added, err := r.Store.AddReminder(ctx, rem, mail, now)
			if err != nil {
				return queued, err
			}
			switch {
			case added && rem.Sent:
				queued++
				r.Log.Info("reminder queued", "organisation", org.ID, "year", t.Year, "days_before", n, "to", strings.Join(org.Contacts, ", "))
			case added:
				r.Log.Warn("reminder not sent: no contact address in regions.yaml", "organisation", org.ID, "year", t.Year, "days_before", n)
			}
		}
	}
	if queued > 0 {
		r.Mailer.Wake()
	}
	return queued, nil
}
