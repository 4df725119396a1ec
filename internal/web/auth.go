package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
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

// safeNext accepts only a clean path on this site to go to after login:
// one leading "/", not "//", and nothing but printable ASCII without
// backslashes (browsers drop tabs and newlines and read a backslash as
// "/", so "/<tab>/evil.example" and "/<backslash>evil.example" lead
// elsewhere).
func safeNext(next string) string {
	const fallback = "/oversikt"
	if len(next) > 2048 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return fallback
	}
	for i := 0; i < len(next); i++ {
		if c := next[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return fallback
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return fallback
	}
	return next
}

// The login form's CSRF token: a random pre-session cookie, and in the
// form its HMAC under a key of this process, so a token cannot be made
// without the key even by someone who can set cookies.
const (
	loginCookie    = "villkorsintag_login"
	loginCookieTTL = 12 * time.Hour
)

func (s *Server) loginToken(cookie string) string {
	m := hmac.New(sha256.New, s.loginKey)
	m.Write([]byte(cookie))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// loginForm renders the login page with a CSRF token, reusing the
// visitor's pre-session cookie when it has one (several tabs keep working).
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request, status int, data map[string]any) error {
	c, err := r.Cookie(loginCookie)
	value := ""
	if err == nil && len(c.Value) == 43 {
		value = c.Value
	} else {
		value = randomToken()
	}
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: value, Path: "/login", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.secure(r), MaxAge: int(loginCookieTTL.Seconds())})
	data["LoginCSRF"] = s.loginToken(value)
	if status != http.StatusOK {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
	}
	return s.render(w, r, "login", data, "Logga in")
}

func (s *Server) loginCSRFValid(r *http.Request) bool {
	c, err := r.Cookie(loginCookie)
	if err != nil || c.Value == "" {
		return false
	}
	return hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(s.loginToken(c.Value)))
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	return s.loginForm(w, r, http.StatusOK, map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
}

// maxUsernameShown is how much of a username is logged or shown again.
const maxUsernameShown = 64

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	username, password := strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	shown := cut(username, maxUsernameShown)
	addr := clientAddr(r, s.TrustedProxies)
	if !s.loginCSRFValid(r) {
		s.Log.Warn("login form without a valid token", "ip", addr)
		return s.loginForm(w, r, http.StatusForbidden, map[string]any{"Next": next, "Username": shown,
			"Error": "Inloggningsformuläret har gått ut. Försök igen."})
	}
	keys := []string{addrKey(addr), limitKey("user", strings.ToLower(username))}
	release, ok := s.limiter.reserve(keys...)
	if !ok {
		s.Log.Warn("login refused: too many attempts", "username", shown, "username_bytes", len(username), "ip", addr)
		return s.loginForm(w, r, http.StatusTooManyRequests, map[string]any{"Next": next, "Username": shown,
			"Error": "För många misslyckade inloggningar. Vänta några minuter och försök igen."})
	}
	u, err := s.authenticate(r.Context(), username, password)
	if errors.Is(err, store.ErrBadLogin) {
		release(false)
		s.Log.Warn("login failed", "username", shown, "username_bytes", len(username), "ip", addr)
		return s.loginForm(w, r, http.StatusUnauthorized, map[string]any{"Next": next, "Username": shown, "Error": "Fel användarnamn eller lösenord."})
	}
	if err != nil {
		release(true) // our failure, not the visitor's
		return err
	}
	release(true)
	s.limiter.reset(keys[1])
	token := randomToken()
	if err := s.Store.CreateSession(r.Context(), token, randomToken(), u.ID, sessionTTL); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Path: "/login", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.secure(r), MaxAge: int(sessionTTL.Seconds())})
	s.Log.Info("login", "username", u.Username, "ip", addr)
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
