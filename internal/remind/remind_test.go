package remind

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/tillvaxtverket/villkorsintag/configs"
	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/receipts"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

func TestDraft(t *testing.T) {
	tpl, err := spectest.Set(t, 2023).Load(2023)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Template: tpl, Org: "Region Norrbotten", Now: time.Date(2024, 2, 7, 9, 0, 0, 0, sv.Stockholm),
		Officer: "Anna Handläggare", Address: "villkorsrapport@tillvaxtverket.se"}
	subject, body := Subject(in), Body(in)
	if subject != "Påminnelse: Återrapportering av villkorsbeslut 2023 – Region Norrbotten (dnr N2022/02395, Ä 2023–2905)" {
		t.Errorf("subject %q", subject)
	}
	for _, want := range []string{
		"Hej!\n\nVi har ännu inte fått er återrapportering av villkorsbeslut 2023 (Region Norrbotten).",
		"Rapporten ska lämnas i Wordformat (.docx) till li.registrator@regeringskansliet.se, tillvaxtverket@tillvaxtverket.se och villkorsrapport@tillvaxtverket.se senast den 21 februari 2024.",
		"Ange landsbygds- och infrastrukturdepartementets diarienummer N2022/02395 och Tillväxtverkets diarienummer Ä 2023–2905.",
		"Har ni redan skickat rapporten kan ni bortse från den här påminnelsen.",
		"skriva till villkorsrapport@tillvaxtverket.se.",
		"Med vänlig hälsning\nAnna Handläggare\nTillväxtverket\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	for _, not := range []string{"2024-02-21", "[", "du ", "{"} {
		if strings.Contains(body, not) {
			t.Errorf("body has %q:\n%s", not, body)
		}
	}
	in.Now, in.Officer = time.Date(2024, 2, 22, 0, 3, 0, 0, sv.Stockholm), ""
	late := Body(in)
	if !strings.Contains(late, "Rapporten skulle ha lämnats senast den 21 februari 2024. Skicka den så snart som möjligt i Wordformat (.docx) till ") ||
		!strings.HasSuffix(late, "Med vänlig hälsning\nTillväxtverket\n") {
		t.Errorf("after the deadline:\n%s", late)
	}
}

func TestDueDay(t *testing.T) {
	tpl, _ := spectest.Set(t, 2023).Load(2023)
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2024, m, d, h, min, 0, 0, sv.Stockholm) }
	for _, c := range []struct {
		now  time.Time
		days []int
		want int
		ok   bool
	}{
		{at(2, 6, 23, 59), []int{14, 3}, 0, false}, // the day before the 14-day reminder
		{at(2, 7, 0, 0), []int{14, 3}, 14, true},   // 21 − 14 = 7 February
		{at(2, 17, 12, 0), []int{14, 3}, 14, true},
		{at(2, 18, 0, 0), []int{3, 14}, 3, true}, // both due: only the nearer one
		{at(2, 21, 23, 59), []int{14, 3}, 3, true},
		{at(2, 22, 0, 0), []int{14, 3}, 0, false}, // the deadline has passed
		{at(2, 21, 8, 0), []int{0}, 0, true},      // on the last day itself
		{at(2, 20, 8, 0), []int{0}, 0, false},
		{at(2, 20, 8, 0), nil, 0, false},
	} {
		n, ok := DueDay(tpl, c.days, c.now)
		if n != c.want || ok != c.ok {
			t.Errorf("DueDay(%v, %v) = %d, %v; want %d, %v", c.days, c.now, n, ok, c.want, c.ok)
		}
	}
}

// sink is go-smtp's in-process server, keeping what it receives.
type sink struct {
	mu  sync.Mutex
	got []struct {
		from string
		to   []string
		data []byte
	}
}

type session struct {
	s    *sink
	from string
	to   []string
}

func (s *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }
func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	se.from = from
	return nil
}
func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	se.to = append(se.to, to)
	return nil
}
func (se *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	se.s.mu.Lock()
	se.s.got = append(se.s.got, struct {
		from string
		to   []string
		data []byte
	}{se.from, se.to, b})
	se.s.mu.Unlock()
	return err
}
func (se *session) Reset()        {}
func (se *session) Logout() error { return nil }

// withContacts is the embedded list with contact addresses for two bodies.
func withContacts(t *testing.T) *orgs.List {
	data := bytes.Replace(configs.Regions, []byte("{id: norrbotten, "), []byte("{id: norrbotten, contacts: [villkor@norrbotten.example, registrator@norrbotten.example], "), 1)
	data = bytes.Replace(data, []byte("{id: halland, "), []byte("{id: halland, contacts: [villkor@halland.example], "), 1)
	l, err := orgs.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

type env struct {
	st     *store.Store
	list   *orgs.List
	sink   *sink
	mailer *receipts.Receipts
	runner *Runner
	now    time.Time
}

func newEnv(t *testing.T) *env {
	ctx := context.Background()
	list := withContacts(t)
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "r.db"), list)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	pipe := ingest.New(st, list, "test")
	pipe.Templates = spectest.Set(t, 2023)
	for _, name := range []string{"vasterbotten-ontime.eml", "skane-late.eml"} {
		raw, err := os.ReadFile(filepath.Join("../../testdata/mail", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pipe.Ingest(ctx, ingest.Item{Raw: raw, Format: ingest.FormatMail, Source: "file", SourceRef: name}); err != nil {
			t.Fatal(err)
		}
	}
	s := &sink{}
	srv := smtp.NewServer(s)
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	mailer := receipts.New(config.SMTP{Enabled: true, Addr: ln.Addr().String(), TLS: "none", From: "villkorsrapport@tillvaxtverket.se",
		MaxPerSenderHour: 5, MaxAttempts: 3, RetryBase: time.Second, Interval: time.Hour}, st, log, nil)
	e := &env{st: st, list: list, sink: s, mailer: mailer, now: time.Date(2024, 2, 8, 9, 0, 0, 0, sv.Stockholm)}
	e.runner = New(config.Reminders{Enabled: true, DaysBefore: config.Days{14, 3}}, st, list, pipe.Templates, mailer, log)
	e.runner.Now = func() time.Time { return e.now }
	return e
}

// TestAutomaticRemindersOncePerDay: 14 days before the deadline the bodies
// not heard from with a contact address get one reminder each through the
// outbox and SMTP; running again that day, or the next, sends nothing
// more; 3 days before, the next one goes; a body that sent its report in
// the meantime gets none; a body without address gets a record, once.
func TestAutomaticRemindersOncePerDay(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	n, err := e.runner.Once(ctx)
	if err != nil || n != 2 {
		t.Fatalf("first run: %d queued, %v; want 2 (Norrbotten, Halland)", n, err)
	}
	e.mailer.SendDue(ctx)
	e.sink.mu.Lock()
	got := e.sink.got
	e.sink.mu.Unlock()
	if len(got) != 3 { // two addresses for Norrbotten, one for Halland
		t.Fatalf("smtp got %d messages, want 3", len(got))
	}
	var tos []string
	for _, g := range got {
		tos = append(tos, g.to...)
		if g.from != "villkorsrapport@tillvaxtverket.se" {
			t.Errorf("envelope sender %q", g.from)
		}
		m, err := mail.ReadMessage(bytes.NewReader(g.data))
		if err != nil {
			t.Fatal(err)
		}
		subj, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
		if !strings.HasPrefix(subj, "Påminnelse: Återrapportering av villkorsbeslut 2023 – Region ") || !strings.Contains(subj, "N2022/02395") {
			t.Errorf("subject %q", subj)
		}
	}
	if strings.Join(tos, " ") != "villkor@norrbotten.example registrator@norrbotten.example villkor@halland.example" &&
		strings.Join(tos, " ") != "villkor@halland.example villkor@norrbotten.example registrator@norrbotten.example" {
		t.Errorf("recipients %v", tos)
	}
	// again the same hour, and the next day: nothing new
	for _, later := range []time.Duration{time.Minute, 26 * time.Hour} {
		e.now = e.now.Add(later)
		if n, err := e.runner.Once(ctx); err != nil || n != 0 {
			t.Fatalf("run again after %v: %d queued, %v", later, n, err)
		}
	}
	rems, _ := e.st.Reminders(ctx, 2023)
	sent, unsent := 0, 0
	for _, r := range rems {
		if r.DaysBefore == nil || *r.DaysBefore != 14 {
			t.Errorf("reminder %+v, want days_before 14", r)
		}
		if r.Sent {
			sent++
		} else if len(r.Recipients) == 0 {
			unsent++
		}
	}
	if sent != 2 || unsent != 17 || len(rems) != 19 { // 21 − Västerbotten − Skåne
		t.Errorf("%d reminders: %d sent, %d without an address", len(rems), sent, unsent)
	}
	// Halland reports before the 3-day reminder: only Norrbotten gets it
	raw, _ := os.ReadFile("../../testdata/mail/halland-octet.eml")
	pipe := ingest.New(e.st, e.list, "test")
	pipe.Templates = spectest.Set(t, 2023)
	out, err := pipe.Ingest(ctx, ingest.Item{Raw: raw, Format: ingest.FormatMail, Source: "file", SourceRef: "halland-octet.eml", Received: time.Date(2024, 2, 15, 10, 0, 0, 0, sv.Stockholm)})
	if err != nil || out.Org == nil || out.Org.ID != "halland" {
		t.Fatalf("Halland's report: %+v, %v", out, err)
	}
	e.now = time.Date(2024, 2, 18, 7, 0, 0, 0, sv.Stockholm)
	if n, err := e.runner.Once(ctx); err != nil || n != 1 {
		t.Fatalf("3 days before: %d queued, %v; want 1 (Norrbotten)", n, err)
	}
	if n, _ := e.runner.Once(ctx); n != 0 {
		t.Errorf("3 days before, again: %d queued", n)
	}
	// after the deadline: no automatic reminder
	e.now = time.Date(2024, 2, 22, 8, 0, 0, 0, sv.Stockholm)
	before, _ := e.st.Reminders(ctx, 2023)
	if n, _ := e.runner.Once(ctx); n != 0 {
		t.Errorf("after the deadline: %d queued", n)
	}
	after, _ := e.st.Reminders(ctx, 2023)
	if len(after) != len(before) {
		t.Errorf("after the deadline %d reminders were recorded", len(after)-len(before))
	}
	log, _ := e.st.AuditLog(ctx)
	audited := 0
	for _, a := range log {
		if a.Action == "reminder" {
			audited++
		}
	}
	if audited != len(after) {
		t.Errorf("%d reminders, %d in the audit log", len(after), audited)
	}
}

// TestDisabledSendsNothing: with reminders off (the default) the serve
// loop has no runner to start, and a run by hand without SMTP refuses.
func TestDisabledSendsNothing(t *testing.T) {
	e := newEnv(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	def := config.Default().Reminders
	if def.Enabled {
		t.Fatal("reminders are on by default")
	}
	if r := New(def, e.st, e.list, spectest.Set(t, 2023), e.mailer, log); r != nil {
		t.Error("a runner with reminders off")
	}
	if r := New(config.Reminders{Enabled: true, DaysBefore: config.Days{14}}, e.st, e.list, spectest.Set(t, 2023), nil, log); r != nil {
		t.Error("a runner without SMTP")
	}
	r := &Runner{Store: e.st, Orgs: e.list, Templates: spectest.Set(t, 2023), Days: []int{14}, Log: log, Now: func() time.Time { return e.now }}
	if _, err := r.Once(context.Background()); err == nil {
		t.Error("a run without a mailer did not refuse")
	}
	if rems, _ := e.st.Reminders(context.Background(), 2023); len(rems) != 0 {
		t.Errorf("%d reminders stored", len(rems))
	}
}
