package cli

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
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
		summary: "watch the mailbox and serve the pages, /api/, /metrics and /healthz (configured by file or environment)", run: runServe})
	register(command{name: "demo", usage: "[--once] [--db PATH] [--http ADDR]",
		summary: "the whole intake on an embedded default: in-process mail server, sample reports, the real poller", run: runDemo})
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
	path := fs.String("config", os.Getenv("VILLKORSINTAG_CONFIG"), "configuration file (YAML); the environment overrides it")
	tdir := templatesFlag(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return ExitFailure
	}
	cfg, err := config.Load(*path, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag serve: configuration:\n%v\n", err)
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
	st, err := store.Open(ctx, cfg.Database, orgs.Default())
	if err != nil {
		log.Error("database", "err", err)
		return ExitFailure
	}
	defer st.Close()
	metrics := poller.NewMetrics()
	pipe := ingest.New(st, orgs.Default(), "poller")
	pipe.Templates = set
	if cfg.SMTP.Enabled {
		r := receipts.New(cfg.SMTP, st, log, metrics.Registry)
		pipe.After = r.AfterIngest
		go r.Run(ctx)
		log.Info("receipts on", "smtp", cfg.SMTP.Addr, "from", cfg.SMTP.From)
	}
	p := poller.New(cfg.IMAP, pipe, log, metrics)
	srv, err := web.New(web.Options{Store: st, Pipeline: pipe, Health: metrics.HealthHandler(staleAfter(cfg.IMAP.PollInterval)),
		Metrics: metrics.Handler(), Log: log, SecureCookies: cfg.HTTP.SecureCookies, Templates: set})
	if err != nil {
		log.Error("web", "err", err)
		return ExitFailure
	}
	return runAll(ctx, stop, log, cfg.HTTP.Addr, srv.Handler(), p, nil)
}

// runAll runs the poller and the HTTP server until a signal, then lets
// the poller finish the message in hand.
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
	wg.Wait()
	log.Info("stopped")
	return status
}

func randomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func runDemo(args []string, stdout, stderr io.Writer) int {
	c := commands["demo"]
	fs := newFlags(c, stderr)
	once := fs.Bool("once", false, "stop after the report")
	db := fs.String("db", "", "database file (default: a new one in a temporary folder)")
	addr := fs.String("http", "127.0.0.1:8080", "HTTP address while running")
	tdir := templatesFlag(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return ExitFailure
	}
	set, ok := loadTemplates(*tdir, stderr, "demo")
	if !ok {
		return ExitFailure
	}
	if *db == "" {
		dir, err := os.MkdirTemp("", "villkorsintag-demo-")
		if err != nil {
			fmt.Fprintf(stderr, "villkorsintag demo: %v\n", err)
			return ExitFailure
		}
		*db = filepath.Join(dir, "villkorsintag.db")
	}
	log := newLogger(stderr, "text", "warn")
	ctx, stop := signalContext()
	defer stop()
	env, err := demo.Start(ctx, *db, log)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag demo: %v\n", err)
		return ExitFailure
	}
	defer env.Close()
	env.Pipeline.Templates = set
	fmt.Fprintf(stdout, "Demo: en e-postserver i processen (%s) med %d inkomna meddelanden; databas %s\n\n", env.IMAP.Addr, env.Delivered(), *db)
	pctx, pstop := context.WithCancel(ctx)
	defer pstop()
	done := make(chan struct{})
	go func() { env.Poller.Run(pctx); close(done) }()
	if err := env.WaitProcessed(ctx, 2*time.Minute); err != nil {
		pstop()
		<-done
		fmt.Fprintf(stderr, "villkorsintag demo: %v\n", err)
		return ExitFailure
	}
	t, err := set.Load(defaultYear(ctx, set, env.Store))
	if err != nil {
		pstop()
		<-done
		fmt.Fprintf(stderr, "villkorsintag demo: %v\n", err)
		return ExitFailure
	}
	rows, err := env.Store.Overview(ctx, t.Year, t.LateAfter())
	if err != nil {
		pstop()
		<-done
		fmt.Fprintf(stderr, "villkorsintag demo: %v\n", err)
		return ExitFailure
	}
	writeOverview(stdout, t.Title, rows)
	fmt.Fprintf(stdout, "\nSe en region: villkorsintag history --db %s vasterbotten\n", *db)
	if *once {
		pstop()
		<-done
		return ExitOK
	}
	user, password := "demo", randomPassword()
	if _, err := env.Store.CreateUser(ctx, user, "Demoanvändare", password, store.RoleOfficer); err != nil {
		fmt.Fprintf(stderr, "villkorsintag demo: %v\n", err)
		return ExitFailure
	}
	srv, err := web.New(web.Options{Store: env.Store, Pipeline: env.Pipeline, Health: env.Metrics.HealthHandler(staleAfter(env.Config.PollInterval)),
		Metrics: env.Metrics.Handler(), Log: log, Templates: set})
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag demo: %v\n", err)
		return ExitFailure
	}
	go func() {
		err := web.Serve(ctx, *addr, srv.Handler(), log, func(a string) {
			fmt.Fprintf(stdout, "\nSidorna: http://%s/  (användare %s, lösenord %s, roll handläggare)\nAvsluta med Ctrl-C.\n", a, user, password)
		})
		if err != nil {
			fmt.Fprintf(stderr, "villkorsintag demo: %v\n", err)
		}
		stop()
	}()
	<-ctx.Done()
	pstop()
	<-done
	return ExitOK
}
