// Package mailauth tells who really sent a message, from the
// Authentication-Results header fields (RFC 8601) that the agency's own
// receiving mail server added: the DKIM, SPF and DMARC results, and whether
// they authenticate the domain in the From address.
//
// Anyone can write an Authentication-Results field, so only fields bearing
// the configured authserv-id are read, and for each method the topmost such
// field wins: the receiving server adds its field above everything the
// sender wrote. RFC 8601 section 5 also requires the receiving server to
// remove fields claiming its own authserv-id from incoming mail; without
// that, a sender could add a result for a method the server does not check.
package mailauth

import (
	"fmt"
	"strings"

	"github.com/emersion/go-msgauth/authres"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

// Microsoft365 is the authserv_id setting for Exchange Online, which writes
// its Authentication-Results without an authserv-id
// ("spf=pass (sender IP is …) smtp.mailfrom=…; dkim=pass …; dmarc=pass …").
const Microsoft365 = "microsoft365"

// Evaluate reads the Authentication-Results field values, topmost first
// (as they stand in the message), for the message whose From address is
// from. authservID is the receiving server's authserv-id, or Microsoft365.
func Evaluate(fields []string, authservID, from string) *model.SenderAuth {
	v := &model.SenderAuth{AuthServID: authservID, FromDomain: domainOf(from)}
	seen := map[string]bool{} // methods already taken from a field higher up
	for _, f := range fields {
		id, results, err := parse(f)
		if !matches(id, authservID) {
			v.Ignored++
			continue
		}
		v.Found = true
		if err != nil {
			v.Problems = append(v.Problems, "ett fält Authentication-Results kunde inte läsas helt ("+err.Error()+")")
		}
		inField := map[string]bool{}
		for _, r := range results {
			c, ok := check(r)
			if !ok || seen[c.Method] {
				continue
			}
			inField[c.Method] = true
			v.Checks = append(v.Checks, c)
		}
		for m := range inField {
			seen[m] = true
		}
	}
	for _, c := range v.Checks {
		if c.Result != "pass" {
			continue
		}
		switch c.Method {
		case "dmarc":
			// A DMARC result names the From domain it was for; one for
			// another domain (a second From field) does not count.
			if c.Domain == "" || c.Domain == v.FromDomain {
				v.DMARCPass = v.FromDomain != ""
			}
		case "dkim", "spf":
			if aligned(c.Domain, v.FromDomain) {
				v.Aligned = true
			}
		}
	}
	return v
}

func matches(id, want string) bool {
	want = strings.TrimSpace(want)
	if strings.EqualFold(want, Microsoft365) {
		return id == ""
	}
	return id != "" && strings.EqualFold(id, want)
}

// parse reads one field. Comments in parentheses are removed first (the
// parser does not skip them, and Microsoft's "(sender IP is …)" would
// otherwise be read as a parameter); a field without an authserv-id (as
// Exchange Online writes them) gives id "". Each result is read on its own,
// so one that cannot be read does not hide the ones after it, and a bare
// domain between results (older Exchange writes the receiving domain
// there) is passed over.
func parse(field string) (string, []authres.Result, error) {
	parts := strings.Split(stripComments(unfold(field)), ";")
	id := ""
	if !strings.Contains(parts[0], "=") {
		if f := strings.Fields(parts[0]); len(f) > 0 {
			id = f[0] // a version ("1") may follow
		}
		parts = parts[1:]
	}
	var results []authres.Result
	var bad []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if !strings.Contains(p, "=") {
			if p != "" && !strings.Contains(p, ".") {
				bad = append(bad, p) // a method without its result
			}
			continue
		}
		_, rs, err := authres.Parse("x; " + p)
		if err != nil {
			bad = append(bad, p)
			continue
		}
		results = append(results, rs...)
	}
	if len(bad) > 0 {
		return id, results, fmt.Errorf("oläsligt: %s", strings.Join(bad, "; "))
	}
	return id, results, nil
}

func unfold(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\t", " ").Replace(s)
}

// stripComments removes RFC 5322 comments (nested parentheses, with
// backslash escapes), leaving quoted strings alone.
func stripComments(s string) string {
	var b strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && (depth > 0 || quoted) && i+1 < len(s):
			if depth == 0 {
				b.WriteByte(c)
				b.WriteByte(s[i+1])
			}
			i++
			continue
		case c == '"' && depth == 0:
			quoted = !quoted
		case c == '(' && !quoted:
			if depth == 0 {
				b.WriteByte(' ')
			}
			depth++
			continue
		case c == ')' && !quoted && depth > 0:
			depth--
			continue
		}
		if depth == 0 {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func check(r authres.Result) (model.AuthCheck, bool) {
	switch r := r.(type) {
	case *authres.DKIMResult:
		d := r.Domain
		if d == "" {
			d = domainOf(r.Identifier)
		}
		return model.AuthCheck{Method: "dkim", Result: string(r.Value), Domain: clean(d)}, true
	case *authres.SPFResult:
		d := domainOf(r.From)
		if d == "" {
			d = domainOf(r.Helo)
		}
		return model.AuthCheck{Method: "spf", Result: string(r.Value), Domain: d}, true
	case *authres.DMARCResult:
		return model.AuthCheck{Method: "dmarc", Result: string(r.Value), Domain: clean(r.From)}, true
	}
	return model.AuthCheck{}, false
}

// domainOf is the domain of an address ("a@b.se", "<a@b.se>", "b.se").
func domainOf(addr string) string {
	addr = strings.Trim(strings.TrimSpace(addr), "<>\"")
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		addr = addr[i+1:]
	}
	return clean(addr)
}

func clean(d string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Trim(strings.TrimSpace(d), "<>\"")), ".")
}

// aligned is DMARC's relaxed alignment without a public-suffix list: the
// same domain, or one a subdomain of the other (mail.region.se and
// region.se), never merely a shared top-level domain.
func aligned(d, from string) bool {
	if d == "" || from == "" {
		return false
	}
	if d == from {
		return true
	}
	long, short := d, from
	if len(short) > len(long) {
		long, short = short, long
	}
	return strings.Contains(short, ".") && strings.HasSuffix(long, "."+short)
}
