package web

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
)

// The report page and the API show what the receiving server found about
// the sender; a field from another server is not believed.
func TestSenderAuthenticationShown(t *testing.T) {
	e := newTestEnv(t)
	e.pipe.AuthServID = "mx.tillvaxtverket.se"
	raw, err := os.ReadFile(filepath.Join("../../testdata/mail", "skane-late.eml"))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for name, field := range map[string]string{
		"pass":   "mx.tillvaxtverket.se; dkim=pass header.d=skane.se; spf=pass smtp.mailfrom=skane.se; dmarc=pass header.from=skane.se",
		"forged": "mx.example; dmarc=pass header.from=skane.se",
	} {
		// a different Message-ID, so that each is a message of its own
		m := strings.Replace(string(raw), "Message-ID: <", "Message-ID: <"+name, 1)
		out, err := e.pipe.Ingest(context.Background(), ingest.Item{Raw: []byte("Authentication-Results: " + field + "\r\n" + m), Format: ingest.FormatMail, Source: "file", SourceRef: name})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = out.Submission.ID
	}
	c := e.clientAs(t, "anna")

	_, page := c.get(fmt.Sprintf("/inlamning/%d", ids["pass"]))
	for _, want := range []string{"Avsändarkontroll", "Avsändardomänen skane.se är autentiserad", "DKIM: godkänd (skane.se)", "SPF: godkänd (skane.se)", "DMARC: godkänd (skane.se)"} {
		if !strings.Contains(page, want) {
			t.Errorf("report page of the authenticated message lacks %q", want)
		}
	}
	_, page = c.get(fmt.Sprintf("/inlamning/%d", ids["forged"]))
	for _, want := range []string{"Kunde inte kontrolleras", "1 fält Authentication-Results från andra servrar lästes inte", "saknar autentiseringsresultat"} {
		if !strings.Contains(page, want) {
			t.Errorf("report page of the message with a forged field lacks %q", want)
		}
	}
	if strings.Contains(page, "är autentiserad") {
		t.Error("the forged field was believed")
	}
	_, body := c.get(fmt.Sprintf("/api/submissions/%d", ids["pass"]))
	var api struct {
		Message struct {
			SenderAuth *struct {
				DMARCPass bool `json:"dmarc_pass"`
				Checks    []struct{ Method, Result, Domain string }
			} `json:"sender_auth"`
		}
	}
	if err := json.Unmarshal([]byte(body), &api); err != nil {
		t.Fatal(err)
	}
	if a := api.Message.SenderAuth; a == nil || !a.DMARCPass || len(a.Checks) != 3 || a.Checks[0].Method != "dkim" || a.Checks[0].Domain != "skane.se" {
		t.Errorf("API sender_auth %+v", api.Message.SenderAuth)
	}
}
