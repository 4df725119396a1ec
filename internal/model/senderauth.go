package model

import "strings"

// AuthCheck is one method's result in an Authentication-Results field.
type AuthCheck struct {
	Method string `json:"method"`           // dkim, spf or dmarc
	Result string `json:"result"`           // pass, fail, none, softfail, …
	Domain string `json:"domain,omitempty"` // header.d, the smtp.mailfrom domain, header.from
}

// SenderAuth is what the agency's receiving mail server found about who
// sent a message (its Authentication-Results fields; see internal/mailauth).
type SenderAuth struct {
	AuthServID string `json:"authserv_id"`
	// Found says that at least one field of the receiving server was there.
	Found      bool        `json:"found"`
	FromDomain string      `json:"from_domain"`
	Checks     []AuthCheck `json:"checks,omitempty"`
	// DMARCPass: DMARC passed for the From domain.
	DMARCPass bool `json:"dmarc_pass"`
	// Aligned: a passing DKIM signature or SPF check is for the From
	// domain or a domain in line with it (one a subdomain of the other).
	Aligned bool `json:"aligned"`
	// Ignored counts fields with another authserv-id (or none), which
	// anyone on the way could have written.
	Ignored int `json:"ignored"`
	// Problems are fields of the receiving server that could not be read
	// completely (in Swedish).
	Problems []string `json:"problems,omitempty"`
}

// Authenticated says the From domain is authenticated: DMARC passed, or an
// aligned DKIM or SPF pass.
func (v *SenderAuth) Authenticated() bool { return v != nil && (v.DMARCPass || v.Aligned) }

// Results returns the checks of one method.
func (v *SenderAuth) Results(method string) []AuthCheck {
	var out []AuthCheck
	for _, c := range v.Checks {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Summary is the result of one method in short ("pass", "fail", "pass,
// fail" for two signatures, "saknas" when the server gave none).
func (v *SenderAuth) Summary(method string) string {
	var parts []string
	for _, c := range v.Results(method) {
		parts = append(parts, c.Result)
	}
	if len(parts) == 0 {
		return "saknas"
	}
	return strings.Join(parts, ", ")
}
