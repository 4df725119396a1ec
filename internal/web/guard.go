package web

import (
	"errors"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// maxBodyBytes caps every request body. The largest form (a comment on a
// finding) is far below it.
const maxBodyBytes = 64 << 10

// guard is in front of every route: it caps the request body, refuses
// multipart bodies (no form takes files), refuses a POST whose Origin (or,
// without one, Referer) is not this host, and parses POST forms so that
// an oversized body is answered 413 before any handler runs.
func (s *Server) guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBodyBytes {
			s.serveError(w, r, tooLarge())
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		if r.Method != http.MethodPost {
			h.ServeHTTP(w, r)
			return
		}
		if !sameOrigin(r) {
			s.Log.Warn("cross-site POST refused", "path", r.URL.Path, "origin", cut(r.Header.Get("Origin"), 200),
				"referer", cut(r.Header.Get("Referer"), 200), "ip", clientAddr(r, s.TrustedProxies))
			s.serveError(w, r, &httpError{status: http.StatusForbidden,
				message: "Formuläret skickades inte från den här webbplatsen. Ladda om sidan och försök igen."})
			return
		}
		if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); strings.HasPrefix(ct, "multipart/") {
			s.serveError(w, r, &httpError{status: http.StatusUnsupportedMediaType, message: "Formuläret kan inte skickas som filuppladdning."})
			return
		}
		if err := r.ParseForm(); err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				s.serveError(w, r, tooLarge())
				return
			}
			s.serveError(w, r, badRequest("Formuläret kunde inte läsas."))
			return
		}
		h.ServeHTTP(w, r)
	})
}

func tooLarge() error {
	return &httpError{status: http.StatusRequestEntityTooLarge, message: "Det som skickades är för stort."}
}

// sameOrigin tells whether a POST comes from a page of this host: its
// Origin header, or without one its Referer, names the request's host
// (ports aside: cookies do not tell ports apart either). A POST with
// neither, or with Origin "null", is refused.
func sameOrigin(r *http.Request) bool {
	src := r.Header.Get("Origin")
	if src == "" {
		src = r.Header.Get("Referer")
	}
	if src == "" || src == "null" {
		return false
	}
	u, err := url.Parse(src)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return strings.EqualFold(hostname(u.Host), hostname(r.Host))
}

func hostname(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

// cut shortens s to at most n bytes (on a rune boundary) for a log line.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
