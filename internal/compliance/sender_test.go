package compliance

import (
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/mailauth"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

func TestSenderUnverified(t *testing.T) {
	const id = "mx.tillvaxtverket.se"
	set := spectest.Set(t, 2023)
	at := time.Date(2024, 2, 20, 10, 0, 0, 0, spectest.Stockholm)
	tests := []struct {
		name   string
		auth   *model.SenderAuth // nil: not checked
		known  bool
		sender string
		want   string // a part of the message; "" for no finding
	}{
		{"not configured", nil, true, "anna@regionhalland.se", ""},
		{"DMARC pass", mailauth.Evaluate([]string{id + "; dmarc=pass header.from=regionhalland.se"}, id, "anna@regionhalland.se"), true, "anna@regionhalland.se", ""},
		{"no field of ours", mailauth.Evaluate([]string{"mx.annan.example; dmarc=pass"}, id, "anna@regionhalland.se"), true, "anna@regionhalland.se",
			"saknar autentiseringsresultat (Authentication-Results) från den egna e-postservern (mx.tillvaxtverket.se)"},
		{"a body's domain, not aligned", mailauth.Evaluate([]string{id + "; dkim=pass header.d=utskick.example; spf=pass smtp.mailfrom=utskick.example; dmarc=fail header.from=regionhalland.se"}, id, "anna@regionhalland.se"), true, "anna@regionhalland.se",
			"har en regions e-postdomän, men meddelandet är inte autentiserat för den domänen (DKIM pass, SPF pass, DMARC fail)"},
		{"a body's domain, aligned DKIM but no DMARC", mailauth.Evaluate([]string{id + "; dkim=pass header.d=regionhalland.se; dmarc=none header.from=regionhalland.se"}, id, "anna@regionhalland.se"), true, "anna@regionhalland.se",
			"DMARC godkändes inte för avsändarens domän regionhalland.se (DMARC none, DKIM pass, SPF saknas)"},
		{"another domain, DMARC fail", mailauth.Evaluate([]string{id + "; dmarc=fail header.from=gmail.com"}, id, "x@gmail.com"), false, "x@gmail.com",
			"DMARC godkändes inte för avsändarens domän gmail.com"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := Options{Templates: set, Received: &at, Mail: &Mail{Sender: tc.sender, SenderKnown: tc.known, Auth: tc.auth}}
			res, err := Envelope(opt, "ingen rapport")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				if f.Code == CodeSenderUnverified {
					got = append(got, f.Message)
					if f.Severity != "warning" {
						t.Errorf("severity %s, want warning", f.Severity)
					}
				}
			}
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("findings %q, want none", got)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
				t.Errorf("findings %q, want one with %q", got, tc.want)
			}
		})
	}
}
