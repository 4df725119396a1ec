package cli

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/demo"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/poller"
	"github.com/tillvaxtverket/villkorsintag/internal/receipts"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/web"
)

func init() {
	register(command{name: "serve", usage: "[--config FILE]",
		summary: "bevaka brevlådan och visa sidorna, /api/, /metrics och /healthz (inställningar från fil eller miljövariabler); skapar databasen om den saknas", run: runServe})
	register(command{name: "demo", usage: "[--once] [--db PATH] [--http ADDR]",
		summary: "hela intaget med inbyggda exempel: en e-postserver i processen, exempelrapporter, den riktiga pollern, sidorna", run: runDemo})
}

func newLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// signalContext is cancelled by SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// staleAfter is when /healthz calls the poller stalled: a few poll
// intervals without a successful poll.
func staleAfter(interval time.Duration) time.Duration { return 3*interval + 30*time.Second }

func runServe(args []string, stdout, stderr io.Writer) int {
	c := commands["serve"]
	fs := newFlags(c, stderr)
	path := fs.String("config", os.Getenv("VILLKORSINTAG_CONFIG"), "inställningsfilen `FILE` (YAML; eller VILLKORSINTAG_CONFIG); miljövariablerna går före den")
	tdir := templatesFlag(fs)
	if _, ok := positional(fs, args, 0); !ok {
		return ExitFailure
	}
	cfg, err := config.Load(*path, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag serve: inställningarna har fel (alla listas):\n%v\n", err)
		return ExitFailure
	}
	log := newLogger(stderr, cfg.Log.Format, cfg.Log.Level)
	if *tdir == "" {
		*tdir = cfg.TemplatesDir
	}
	set, ok := serveTemplates(*tdir, log)
	if !ok {
		return ExitFailure
	}
	ctx, stop := signalContext()
	defer stop()
	isNew := !exists(cfg.Database)
	st, err := store.Open(ctx, cfg.Database, orgs.Default())
	if err != nil {
		log.Error("database", "path", cfg.Database, "err", err)
		return ExitFailure
	}
	defer st.Close()
	if isNew {
		log.Info("new database created", "path", cfg.Database)
	}
	metrics := poller.NewMetrics()
	pipe := ingest.New(st, orgs.Default(), "poller")
	pipe.Templates = set
	pipe.MaxAttempts = cfg.IMAP.MaxAttempts
	pipe.AuthServID, pipe.RequireAuthenticated = cfg.Mail.AuthServID, cfg.Mail.RequireAuthenticated
	var mailer *receipts.Receipts
	if cfg.SMTP.Enabled {
		r := receipts.New(cfg.SMTP, st, log, metrics.Registry)
		mailer = r
		pipe.After = r.AfterIngest
		metrics.AlsoCheck(r.AuthProblem)
		go r.Run(ctx)
		log.Info("receipts on", "smtp", cfg.SMTP.Addr, "from", cfg.SMTP.From)
	}
	p := poller.New(cfg.IMAP, pipe, log, metrics)
	proxies, _ := config.ParseTrustedProxies(cfg.HTTP.TrustedProxies) // validated by config.Load
	srv, err := web.New(web.Options{Store: st, Pipeline: pipe, Health: metrics.HealthHandler(staleAfter(cfg.IMAP.PollInterval)),
		Metrics: metrics.Handler(), Log: log, SecureCookies: cfg.HTTP.SecureCookies, TrustedProxies: proxies, Templates: set, Mailer: mailer})
	if err != nil {
		log.Error("web", "err", err)
		return ExitFailure
	}
	return runAll(ctx, stop, log, cfg.HTTP.Addr, srv.Handler(), p, nil)
}

// stopLimit is the longest a stop may take: past it the process exits
// without waiting (everything committed is safe; a message in hand is
// taken again at the next start).
const stopLimit = 9 * time.Second

// runAll runs the poller and the HTTP server until a signal, then lets
// the poller finish the message in hand, within stopLimit. After the
// first signal a second one ends the process at once.
func runAll(ctx context.Context, stop context.CancelFunc, log *slog.Logger, addr string, h http.Handler, p *poller.Poller, ready func(string)) int {
	var wg sync.WaitGroup
	status := ExitOK
	wg.Add(2)
	go func() {
		defer wg.Done()
		p.Run(ctx)
	}()
	go func() {
		defer wg.Done()
		if err := web.Serve(ctx, addr, h, log, ready); err != nil {
			log.Error("http", "err", err)
			status = ExitFailure
			stop()
		}
	}()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		stop() // signals are no longer caught: a second one ends the process
		log.Info("stopping", "limit", stopLimit)
		select {
		case <-done:
		case <-time.After(stopLimit):
			log.Error("stop took too long: exiting without waiting", "limit", stopLimit)
			return ExitFailure
		}
	}
	log.Info("stopped")
	return status
}

func randomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// demoContext ends the demo: a signal (tests replace it).
var demoContext = signalContext

func runDemo(args []string, stdout, stderr io.Writer) int {
	c := commands["demo"]
	fs := newFlags(c, stderr)
	once := fs.Bool("once", false, "sluta efter översikten")
	db := fs.String("db", "", "databasfilen `PATH`; finns den körs demon på den igen (utan flaggan: en ny i en tillfällig mapp, som tas bort efteråt)")
	addr := fs.String("http", "127.0.0.1:8080", "HTTP-adressen `ADDR` för sidorna medan demon kör")
	tdir := templatesFlag(fs)
	if _, ok := positional(fs, args, 0); !ok {
		return ExitFailure
	}
	set, ok := loadTemplates(*tdir, stderr, "demo")
	if !ok {
		return ExitFailure
	}
	log := newLogger(stderr, "text", "warn")
	ctx, stop := demoContext()
	defer stop()
	cannotListen := func(err error) int {
		fmt.Fprintf(stderr, "villkorsintag demo: kan inte lyssna på %s (%v); välj en annan adress med --http ADDR, t.ex. --http 127.0.0.1:8081\n", *addr, err)
		return ExitFailure
	}
	if !*once {
		// a port in use fails before the demo starts (and again below,
		// should another program take it meanwhile)
		ln, err := net.Listen("tcp", *addr)
		if err != nil {
			return cannotListen(err)
		}
		ln.Close()
	}
	kept := *db != ""
	if !kept {
		dir, err := os.MkdirTemp("", "villkorsintag-demo-")
		if err != nil {
			fmt.Fprintf(stderr, "villkorsintag demo: ingen tillfällig mapp: %v\n", err)
			return ExitFailure
		}
		defer os.RemoveAll(dir) // after env.Close below (deferred later, runs first)
		*db = filepath.Join(dir, "villkorsintag.db")
	}
	isNew := !exists(*db)
	env, err := demo.Start(ctx, *db, log)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag demo: demon kunde inte starta: %v\n", err)
		return ExitFailure
	}
	defer env.Close()
	env.Pipeline.Templates = set
	switch {
	case !kept:
		fmt.Fprintf(stdout, "Demo: en e-postserver i processen (%s) med %d inkomna meddelanden; databasen i en tillfällig mapp, som tas bort när demon slutar (behåll den med --db PATH)\n\n", env.IMAP.Addr, env.Delivered())
	case isNew:
		fmt.Fprintf(stdout, "Demo: en e-postserver i processen (%s) med %d inkomna meddelanden; ny databas skapad: %s\n\n", env.IMAP.Addr, env.Delivered(), *db)
	default:
		fmt.Fprintf(stdout, "Demo: en e-postserver i processen (%s) med %d inkomna meddelanden; befintlig databas %s (meddelanden som redan finns där sparas inte igen)\n\n", env.IMAP.Addr, env.Delivered(), *db)
	}
	pctx, pstop := context.WithCancel(ctx)
	defer pstop()
	done := make(chan struct{})
	go func() { env.Poller.Run(pctx); close(done) }()
	fail := func(format string, args ...any) int {
		pstop()
		<-done
		fmt.Fprintf(stderr, "villkorsintag demo: "+format+"\n", args...)
		return ExitFailure
	}
	if err := env.WaitProcessed(ctx, 2*time.Minute); err != nil {
		return fail("exempelmeddelandena blev inte behandlade: %v", err)
	}
	t, err := set.Load(defaultYear(ctx, set, env.Store))
	if err != nil {
		return fail("ingen mall: %v", err)
	}
	rows, err := env.Store.Overview(ctx, t.Year, t.LateAfter())
	if err != nil {
		return fail("översikten kunde inte läsas: %v", err)
	}
	writeOverview(stdout, t.Title, rows)
	if *once {
		if kept {
			fmt.Fprintf(stdout, "\nSe en region: villkorsintag history --db %s vasterbotten\n", *db)
		}
		pstop()
		<-done
		return ExitOK
	}
	user, password := "demo", randomPassword()
	_, err = env.Store.CreateUser(ctx, user, "Demoanvändare", password, store.RoleOfficer)
	if errors.Is(err, store.ErrUserExists) {
		err = env.Store.ResetPassword(ctx, user, password, store.RoleOfficer)
	}
	if err != nil {
		return fail("demoanvändaren kunde inte skapas: %v", err)
	}
	srv, err := web.New(web.Options{Store: env.Store, Pipeline: env.Pipeline, Health: env.Metrics.HealthHandler(staleAfter(env.Config.PollInterval)),
		Metrics: env.Metrics.Handler(), Log: log, Templates: set})
	if err != nil {
		return fail("sidorna kunde inte starta: %v", err)
	}
	status := ExitOK
	served := make(chan struct{})
	go func() {
		defer close(served)
		err := web.Serve(ctx, *addr, srv.Handler(), log, func(a string) {
			fmt.Fprintf(stdout, "\nSidorna: http://%s/  (användare %s, lösenord %s, roll handläggare)\n", a, user, password)
			fmt.Fprintf(stdout, "Se en region i ett annat fönster: villkorsintag history --db %s vasterbotten\nAvsluta med Ctrl-C.\n", *db)
		})
		if err != nil {
			status = cannotListen(err)
		}
		stop()
	}()
	<-ctx.Done()
	<-served
	pstop()
	<-done
	return status
}
