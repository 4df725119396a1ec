package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// benchEnv is 21 bodies × 10 versions of the full-size report, and a
// logged-in session cookie.
func benchEnv(b *testing.B) (*Server, *http.Cookie, int64) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "b.db"), orgs.Default())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	pipe := ingest.New(st, orgs.Default(), "bench")
	pipe.Templates = spectest.Set(b, 2023)
	full, _ := os.ReadFile("../../testdata/docx/pydocx-full.docx")
	var last int64
	for v := 0; v < 10; v++ {
		for i, o := range orgs.Default().All {
			doc := variantDocx(full, fmt.Sprintf("%s %d", o.Name, v))
			out, err := pipe.Ingest(ctx, ingest.Item{Raw: doc, Format: ingest.FormatDocx, Source: "file",
				SourceRef: fmt.Sprintf("%d-%d", v, i), FileName: o.Name + ".docx", Received: time.Date(2024, 2, 1+v, 10, 0, 0, 0, time.UTC)})
			if err != nil {
				b.Fatal(err)
			}
			last = out.Submission.ID
		}
	}
	st.CreateUser(ctx, "anna", "", officerPassword, store.RoleOfficer)
	srv, err := New(Options{Store: st, Pipeline: pipe, Templates: pipe.Templates, Now: spectest.Clock(2024, 3, 1, 12), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	u, _ := st.Authenticate(ctx, "anna", officerPassword)
	st.CreateSession(ctx, "bench-token", "csrf", u.ID, time.Hour)
	return srv, &http.Cookie{Name: sessionCookie, Value: "bench-token"}, last
}

// variantDocx names the body in the report, so each is a different file
// and each is matched to its body.
func variantDocx(docx []byte, name string) []byte {
	zr, _ := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "word/document.xml" {
			data = bytes.Replace(data, []byte("Region Västerbotten"), []byte(name), 1)
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zw.Close()
	return out.Bytes()
}

func benchPage(b *testing.B, path string) {
	srv, cookie, last := benchEnv(b)
	h := srv.Handler()
	path = fmt.Sprintf(path, last)
	b.ResetTimer()
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", path, rec.Code)
		}
	}
}

// BenchmarkOverviewPage: the overview with 21 bodies × 10 versions. Target under 20 ms.
func BenchmarkOverviewPage(b *testing.B) { benchPage(b, "/oversikt?_=%d") }

// BenchmarkSubmissionPage: one full-size report's page. Target under 20 ms.
func BenchmarkSubmissionPage(b *testing.B) { benchPage(b, "/inlamning/%d") }
