// Package web is the case officers' side: server-rendered pages in
// Swedish (overview, report, versions, unassigned), exports, a JSON API,
// login, and /healthz and /metrics for operators.
package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/receipts"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options wire the server.
type Options struct {
	Store    *store.Store
	Pipeline *ingest.Pipeline // for assign and reprocess
	Orgs     *orgs.List
	// Mailer sends completion requests through the outbox; nil when SMTP
	// is off (requests are then only copied).
	Mailer  *receipts.Receipts
	Health  http.Handler
	Metrics http.Handler
	Log     *slog.Logger
	// Templates are the specs results are shown with; nil: the embedded
	// ones.
	Templates *spec.Set
	// Now is the clock the year defaults follow; nil: time.Now.
	Now func() time.Time
	// SecureCookies marks cookies Secure; set behind TLS. Requests that
	// arrive over TLS (or X-Forwarded-Proto https) get Secure cookies anyway.
	SecureCookies bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed: the login limit counts the client address they forward.
	TrustedProxies []netip.Prefix
}

// Server serves the pages.
type Server struct {
	Options
	pages   map[string]*template.Template
	limiter *limiter
	// authenticate checks a password (one bcrypt comparison); a seam
	// for tests that count them.
	authenticate func(ctx context.Context, username, password string) (*store.User, error)
	loginKey     []byte // signs the login form's CSRF token
}

// New parses the templates once.
func New(o Options) (*Server, error) {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Orgs == nil {
		o.Orgs = orgs.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Templates == nil {
		set, err := spec.Embedded()
		if err != nil {
			return nil, err
		}
		o.Templates = set
	}
	s := &Server{Options: o, pages: map[string]*template.Template{}, limiter: newLimiter(5, 5*time.Minute), loginKey: make([]byte, 32)}
	rand.Read(s.loginKey)
	s.authenticate = o.Store.Authenticate
	s.limiter.onFull = func() {
		s.Log.Warn("login limiter full: new addresses and usernames are refused until entries expire", "entries", maxEntries)
	}
	funcs := template.FuncMap{
		"stockholm":  sv.Time,
		"num":        sv.Int,
		"bytes":      sv.Bytes,
		"plural":     sv.Plural,
		"source":     sv.Source,
		"authResult": sv.AuthResult,
		"actor":      sv.Actor,
		"paras":      paragraphs,
		"join":       func(s []string) string { return strings.Join(s, ", ") },
		"roleText": func(r string) string {
			return map[string]string{"report": "rapporten", "appendix": "bilaga", "other": "övrig fil"}[r]
		},
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/worddiff.html")
	if err != nil {
		return nil, err
	}
	for _, page := range []string{"login", "error", "overview", "submission", "versions", "unassigned", "request", "failed", "yearoveryear"} {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+page+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", page, err)
		}
		s.pages[page] = t
	}
	return s, nil
}

// handlerFunc is a handler that returns an error; serveError shows it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	if s.Health != nil {
		mux.Handle("GET /healthz", s.Health)
	}
	if s.Metrics != nil {
		mux.Handle("GET /metrics", s.Metrics)
	}
	mux.Handle("GET /login", s.h(s.loginPage))
	mux.Handle("POST /login", s.h(s.login))

	page := func(pattern string, f handlerFunc) { mux.Handle(pattern, s.auth(s.h(f), false)) }
	act := func(pattern string, f handlerFunc) { mux.Handle(pattern, s.auth(s.h(f), true)) }
	page("GET /{$}", func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, "/oversikt", http.StatusSeeOther)
		return nil
	})
	page("POST /logout", s.logout)
	page("GET /oversikt", s.overview)
	page("GET /inlamning/{id}", s.submission)
	page("GET /inlamning/{id}/original", s.original)
	page("GET /bilaga/{id}", s.attachment)
	page("GET /versioner/{org}", s.versions)
	page("GET /organisation/{org}/ar", s.yearOverYear)
	page("GET /otilldelade", s.unassigned)
	page("GET /fel", s.failed)
	page("GET /meddelande/{id}/original", s.messageRaw)
	page("GET /api/failed", s.apiFailed)
	page("GET /export/{name}", s.export)
	act("POST /inlamning/{id}/godta", s.accept)
	act("POST /inlamning/{id}/granska", s.review)
	act("POST /inlamning/{id}/omkontroll", s.reprocess)
	act("POST /inlamning/{id}/tilldela", s.assign)
	act("POST /inlamning/{id}/godkann", s.approve)
	page("GET /inlamning/{id}/komplettering", s.completionForm)
	act("POST /inlamning/{id}/komplettering", s.requestCompletion)
	page("GET /api/submissions/{id}/reply-draft", s.apiReplyDraft)
	page("GET /api/overview", s.apiOverview)
	page("GET /api/submissions/{id}", s.apiSubmission)
	page("GET /api/organisations/{org}/versions", s.apiVersions)
	page("GET /api/organisations/{org}/years", s.apiYears)
	page("GET /api/findings", s.apiFindings)
	return securityHeaders(s.guard(mux))
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

// httpError is an error with a status and a Swedish message for the user.
type httpError struct {
	status  int
	message string
	err     error
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %s: %v", e.status, e.message, e.err) }

func notFound(what string) error {
	return &httpError{status: http.StatusNotFound, message: what + " finns inte."}
}

func badRequest(msg string) error { return &httpError{status: http.StatusBadRequest, message: msg} }

func (s *Server) h(f handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := f(w, r); err != nil {
			s.serveError(w, r, err)
		}
	})
}

// serveError is the one place errors become responses: a safe Swedish
// message for the user, the details in the log.
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	he := &httpError{status: http.StatusInternalServerError, message: "Något gick fel. Försök igen om en stund."}
	var e *httpError
	switch {
	case errors.As(err, &e):
		he = e
	case errors.Is(err, store.ErrNotFound):
		he = &httpError{status: http.StatusNotFound, message: "Det du söker finns inte."}
	}
	if he.status >= 500 {
		s.Log.Error("http", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSONStatus(w, he.status, map[string]string{"error": he.message})
		return
	}
	w.WriteHeader(he.status)
	s.render(w, r, "error", map[string]any{"Message": he.message}, "Fel")
}

// render executes a page into a buffer first, so a template error never
// sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, page string, data map[string]any, title string) error {
	data["Title"] = title
	if u := userOf(r); u != nil {
		data["User"], data["CSRF"] = u, csrfOf(r)
		data["CanAct"] = u.CanAct()
		if n, err := s.Store.CountUnassigned(r.Context()); err == nil {
			data["Unassigned"] = n
		}
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		data["Flash"], _ = url.QueryUnescape(c.Value)
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	}
	var buf bytes.Buffer
	if err := s.pages[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(buf.Bytes())
	return err
}

// Serve listens on addr and serves h until ctx is cancelled, then shuts
// down gracefully. ready, if not nil, gets the listening address.
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger, ready func(string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	if ready != nil {
		ready(ln.Addr().String())
	}
	log.Info("http listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
