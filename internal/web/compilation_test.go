package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/compilation/compilationtest"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// compEnv is a server over the 21 bodies × 2 years database and a
// logged-in officer's session cookie.
type compEnv struct {
	*compilationtest.Env
	srv    *Server
	h      http.Handler
	cookie *http.Cookie
}

func newCompEnv(tb testing.TB, years ...int) *compEnv {
	tb.Helper()
	e := compilationtest.Build(tb, years...)
	return serveStore(tb, e.Store, e, spectest.Clock(2025, 3, 1, 12))
}

// serveStore serves a store with an officer logged in.
func serveStore(tb testing.TB, st *store.Store, e *compilationtest.Env, now func() time.Time) *compEnv {
	tb.Helper()
	ctx := context.Background()
	if _, err := st.CreateUser(ctx, "anna", "Anna Handläggare", officerPassword, store.RoleOfficer); err != nil {
		tb.Fatal(err)
	}
	o := Options{Store: st, Now: now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if e != nil {
		o.Pipeline, o.Templates = e.Pipeline, e.Templates
	} else {
		o.Templates = spectest.Set(tb, 2023)
	}
	srv, err := New(o)
	if err != nil {
		tb.Fatal(err)
	}
	u, err := st.Authenticate(ctx, "anna", officerPassword)
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.CreateSession(ctx, "comp-token", "comp-csrf", u.ID, time.Hour); err != nil {
		tb.Fatal(err)
	}
	return &compEnv{Env: e, srv: srv, h: srv.Handler(), cookie: &http.Cookie{Name: sessionCookie, Value: "comp-token"}}
}

func (c *compEnv) get(tb testing.TB, path string) (int, string) {
	tb.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(c.cookie)
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func (c *compEnv) getJSON(tb testing.TB, path string, v any) {
	tb.Helper()
	code, body := c.get(tb, path)
	if code != http.StatusOK {
		tb.Fatalf("%s: %d %s", path, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
}

func TestCompilationSmoke(t *testing.T) {
	c := newCompEnv(t, 2023, 2024)
	for _, p := range []string{"/sammanstallning?year=2023&question=9.1", "/sammanstallning?year=2023&question=3.4", "/sammanstallning?year=2023&question=10.3", "/sammanstallning?year=2023&question=10.4",
		"/insatser?year=2023", "/val?year=2023", "/val?year=2024", "/oversikt?year=2023"} {
		code, body := c.get(t, p)
		t.Logf("%s: %d %d bytes", p, code, len(body))
		if code != 200 {
			t.Errorf("%s: %d %s", p, code, body)
		}
	}
}
