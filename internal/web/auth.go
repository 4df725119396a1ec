package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

const (
	sessionCookie = "villkorsintag_session"
	flashCookie   = "villkorsintag_flash"
	sessionTTL    = 12 * time.Hour
)

type ctxKey int

const (
	userKey ctxKey = iota
	csrfKey
)

func userOf(r *http.Request) *store.User {
	u, _ := r.Context().Value(userKey).(*store.User)
	return u
}

func csrfOf(r *http.Request) string {
	c, _ := r.Context().Value(csrfKey).(string)
	return c
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) secure(r *http.Request) bool {
	return s.SecureCookies || r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// auth lets only logged-in users through; acting users only where act is
// set. Every POST must carry the session's CSRF token.
func (s *Server) auth(h http.Handler, act bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		var u *store.User
		var csrf string
		if err == nil {
			u, csrf, err = s.Store.Session(r.Context(), c.Value)
		}
		if err != nil || u == nil {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				writeJSONStatus(w, http.StatusUnauthorized, map[string]string{"error": "Inloggning krävs."})
				return
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.serveError(w, r, &httpError{status: http.StatusUnauthorized, message: "Inloggning krävs."})
			return
		}
		if r.Method == http.MethodPost {
			if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(csrf)) != 1 {
				s.serveError(w, r, &httpError{status: http.StatusForbidden, message: "Formuläret har gått ut. Ladda om sidan och försök igen."})
				return
			}
		}
		if act && !u.CanAct() {
			s.serveError(w, r, &httpError{status: http.StatusForbidden, message: "Din roll (läsare) får inte göra ändringar."})
			return
		}
		ctx := context.WithValue(context.WithValue(r.Context(), userKey, u), csrfKey, csrf)
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/oversikt"
	}
	return next
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "login", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))}, "Logga in")
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	username, password := strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	keys := []string{"ip:" + clientIP(r), "user:" + strings.ToLower(username)}
	if !s.limiter.allow(keys...) {
		w.WriteHeader(http.StatusTooManyRequests)
		return s.render(w, r, "login", map[string]any{"Next": next, "Username": username,
			"Error": "För många misslyckade inloggningar. Vänta några minuter och försök igen."}, "Logga in")
	}
	u, err := s.Store.Authenticate(r.Context(), username, password)
	if errors.Is(err, store.ErrBadLogin) {
		s.limiter.fail(keys...)
		s.Log.Warn("login failed", "username", username, "ip", clientIP(r))
		w.WriteHeader(http.StatusUnauthorized)
		return s.render(w, r, "login", map[string]any{"Next": next, "Username": username, "Error": "Fel användarnamn eller lösenord."}, "Logga in")
	}
	if err != nil {
		return err
	}
	s.limiter.reset(keys...)
	token := randomToken()
	if err := s.Store.CreateSession(r.Context(), token, randomToken(), u.ID, sessionTTL); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.secure(r), MaxAge: int(sessionTTL.Seconds())})
	s.Log.Info("login", "username", u.Username)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.Store.DeleteSession(r.Context(), c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// flash shows a message on the next page.
func flash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// limiter counts failed logins per key in a window.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	fails  map[string][]time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, fails: map[string][]time.Time{}}
}

func (l *limiter) recent(key string, now time.Time) []time.Time {
	var keep []time.Time
	for _, t := range l.fails[key] {
		if now.Sub(t) < l.window {
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = keep
	}
	return keep
}

func (l *limiter) allow(keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if len(l.recent(k, time.Now())) >= l.max {
			return false
		}
	}
	return true
}

func (l *limiter) fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		l.fails[k] = append(l.recent(k, time.Now()), time.Now())
	}
}

func (l *limiter) reset(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.fails, k)
	}
}
