package mailauth

import (
	"reflect"
	"testing"
)

func TestEvaluate(t *testing.T) {
	const id = "mx.tillvaxtverket.se"
	tests := []struct {
		name          string
		fields        []string
		authserv      string
		from          string
		found         bool
		dmarc, align  bool
		dkim, spf, dm string
		ignored       int
		problems      int
	}{
		{
			name:     "all pass, one field",
			fields:   []string{id + "; dkim=pass header.d=regionhalland.se header.s=sel1; spf=pass smtp.mailfrom=noreply@regionhalland.se; dmarc=pass header.from=regionhalland.se"},
			authserv: id, from: "anna@regionhalland.se",
			found: true, dmarc: true, align: true, dkim: "pass", spf: "pass", dm: "pass",
		},
		{
			name: "separate fields from two filters, version and folded lines",
			fields: []string{
				id + " 1;\r\n\tdmarc=pass (p=reject dis=none) header.from=regionhalland.se",
				id + ";\r\n\tdkim=pass (2048-bit key; secure) header.d=regionhalland.se header.b=\"abc;def\"",
			},
			authserv: id, from: "Anna <anna@regionhalland.se>",
			found: true, dmarc: true, align: true, dkim: "pass", spf: "saknas", dm: "pass",
		},
		{
			name:     "another server's pass is not believed",
			fields:   []string{"mx.angripare.example; dkim=pass header.d=regionhalland.se; spf=pass smtp.mailfrom=regionhalland.se; dmarc=pass header.from=regionhalland.se"},
			authserv: id, from: "anna@regionhalland.se",
			dkim: "saknas", spf: "saknas", dm: "saknas", ignored: 1,
		},
		{
			name: "a forged field with our id below ours does not override",
			fields: []string{
				id + "; dkim=fail header.d=regionhalland.se; spf=softfail smtp.mailfrom=x@fake.example; dmarc=fail header.from=regionhalland.se",
				id + "; dkim=pass header.d=regionhalland.se; spf=pass smtp.mailfrom=regionhalland.se; dmarc=pass header.from=regionhalland.se",
			},
			authserv: id, from: "anna@regionhalland.se",
			found: true, dkim: "fail", spf: "softfail", dm: "fail",
		},
		{
			name:     "authserv-id compared without case",
			fields:   []string{"MX.Tillvaxtverket.SE; dmarc=pass header.from=regionhalland.se"},
			authserv: id, from: "anna@regionhalland.se",
			found: true, dmarc: true, dkim: "saknas", spf: "saknas", dm: "pass",
		},
		{
			name:     "DKIM of a subdomain is aligned, of another domain not",
			fields:   []string{id + "; dkim=pass header.d=mail.regionhalland.se; dkim=pass header.d=sendgrid.net; dmarc=none header.from=regionhalland.se"},
			authserv: id, from: "anna@regionhalland.se",
			found: true, align: true, dkim: "pass, pass", spf: "saknas", dm: "none",
		},
		{
			name:     "only the top-level domain in common is not aligned",
			fields:   []string{id + "; dkim=pass header.d=se; spf=pass smtp.mailfrom=bounce@other.se"},
			authserv: id, from: "anna@regionhalland.se",
			found: true, dkim: "pass", spf: "pass", dm: "saknas",
		},
		{
			name:     "DMARC pass for another From domain does not count",
			fields:   []string{id + "; dmarc=pass header.from=annan.se"},
			authserv: id, from: "anna@regionhalland.se",
			found: true, dkim: "saknas", spf: "saknas", dm: "pass",
		},
		{
			name:     "Exchange Online: no authserv-id, comments with semicolons' neighbours",
			fields:   []string{"spf=pass (sender IP is 192.0.2.10) smtp.mailfrom=regionhalland.se; dkim=pass (signature was verified) header.d=regionhalland.se;dmarc=pass action=none header.from=regionhalland.se;compauth=pass reason=100"},
			authserv: Microsoft365, from: "anna@regionhalland.se",
			found: true, dmarc: true, align: true, dkim: "pass", spf: "pass", dm: "pass",
		},
		{
			name:     "older Exchange puts the receiving domain between results",
			fields:   []string{"spf=fail (sender IP is 192.0.2.1) smtp.mailfrom=bounces.example; tillvaxtverket.se; dkim=none (message not signed) header.d=none;tillvaxtverket.se; dmarc=fail action=none header.from=regionhalland.se;"},
			authserv: Microsoft365, from: "anna@regionhalland.se",
			found: true, dkim: "none", spf: "fail", dm: "fail",
		},
		{
			name:     "a field with an authserv-id is not Exchange Online's",
			fields:   []string{"mx.angripare.example; dmarc=pass header.from=regionhalland.se"},
			authserv: Microsoft365, from: "anna@regionhalland.se",
			dkim: "saknas", spf: "saknas", dm: "saknas", ignored: 1,
		},
		{
			name:     "an unreadable result is a problem, the rest is read",
			fields:   []string{id + "; dkim; dmarc=pass header.from=regionhalland.se"},
			authserv: id, from: "anna@regionhalland.se",
			found: true, dmarc: true, dkim: "saknas", spf: "saknas", dm: "pass",
		},
		{
			name:     "no fields at all",
			authserv: id, from: "anna@regionhalland.se",
			dkim: "saknas", spf: "saknas", dm: "saknas",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Evaluate(tt.fields, tt.authserv, tt.from)
			got := []any{v.Found, v.DMARCPass, v.Aligned, v.Summary("dkim"), v.Summary("spf"), v.Summary("dmarc"), v.Ignored}
			want := []any{tt.found, tt.dmarc, tt.align, tt.dkim, tt.spf, tt.dm, tt.ignored}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("found, dmarc, aligned, dkim, spf, dmarc, ignored = %v, want %v (checks %+v)", got, want, v.Checks)
			}
			if tt.name == "an unreadable result is a problem, the rest is read" && len(v.Problems) != 1 {
				t.Errorf("problems = %q, want one", v.Problems)
			}
			if v.Authenticated() != (tt.dmarc || tt.align) {
				t.Errorf("Authenticated() = %v", v.Authenticated())
			}
		})
	}
}

func TestStripComments(t *testing.T) {
	for in, want := range map[string]string{
		`spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=a.se`:  `spf=pass   smtp.mailfrom=a.se`,
		`dkim=pass (a (nested) comment\) here) header.d=a.se`: `dkim=pass   header.d=a.se`,
		`x="quoted (not a comment)" y=1`:                      `x="quoted (not a comment)" y=1`,
	} {
		if got := stripComments(in); got != want {
			t.Errorf("stripComments(%q) = %q, want %q", in, got, want)
		}
	}
}
