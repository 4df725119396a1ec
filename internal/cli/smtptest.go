package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/mailtls"
	"github.com/tillvaxtverket/villkorsintag/internal/oauth"
	"github.com/tillvaxtverket/villkorsintag/internal/receipts"
)

func init() {
	register(command{name: "smtp", usage: "test [--config FILE]",
		summary: "prova anslutningen för kvittenser: logga in på SMTP-servern, visa TLS, tillägg och token; skickar ingenting", run: runSMTP})
}

func runSMTP(args []string, stdout, stderr io.Writer) int {
	path, code, ok := testCommand(commands["smtp"], args, stderr)
	if !ok {
		return code
	}
	// the SMTP settings are checked as if receipts were on, so that they
	// can be tried before they are
	env := func(k string) string {
		if k == "VILLKORSINTAG_SMTP_ENABLED" {
			return "true"
		}
		return os.Getenv(k)
	}
	enabled, _ := config.Load(path, os.Getenv)
	cfg, err := config.Load(path, env)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag smtp test: inställningarna har fel (alla listas):\n%v\n", err)
		return ExitFailure
	}
	ctx, stop := signalContext()
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	sm := cfg.SMTP
	fmt.Fprintf(stdout, "Server: %s (%s)\n", sm.Addr, tlsMode(sm.TLS))
	res, err := receipts.Probe(ctx, sm)
	if res != nil && res.TLS != nil {
		writeTLS(stdout, res.TLS, sm.InsecureSkipVerify, sm.CAFile)
	}
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag smtp test: %s\n", smtpProblem(err))
		return ExitFailure
	}
	if res.Mechanism == "" {
		fmt.Fprintln(stdout, "Inloggning: ingen (smtp.user är tomt)")
	} else {
		fmt.Fprintf(stdout, "Inloggning: %s som %s\n", res.Mechanism, sm.User)
	}
	if sm.Auth == "oauth2" {
		writeToken(stdout, sm.OAuth, res.Token)
	}
	fmt.Fprintf(stdout, "Tillägg: %s\n", strings.Join(res.Extensions, ", "))
	fmt.Fprintf(stdout, "Avsändare: %s\n", sm.From)
	fmt.Fprintln(stdout, "Inget meddelande har skickats.")
	if !enabled.SMTP.Enabled {
		fmt.Fprintln(stdout, "Obs: smtp.enabled är av (VILLKORSINTAG_SMTP_ENABLED); tjänsten skickar inga kvittenser förrän den slås på.")
	}
	return ExitOK
}

// smtpProblem says in Swedish what went wrong, with the technical detail.
func smtpProblem(err error) string {
	var ce *mailtls.CertificateError
	var refused *receipts.TokenRefusedError
	var tokenErr *oauth.TokenError
	switch {
	case errors.As(err, &ce):
		return fmt.Sprintf("serverns certifikat godtas inte: %v", err)
	case errors.Is(err, receipts.ErrNoSTARTTLS):
		return fmt.Sprintf("servern erbjuder inte STARTTLS; anslutningen fortsätter inte utan TLS: %v", err)
	case errors.As(err, &refused):
		return fmt.Sprintf("token avvisades: %v", err)
	case errors.As(err, &tokenErr):
		return fmt.Sprintf("token kunde inte hämtas: %v", err)
	}
	return fmt.Sprintf("anslutningen misslyckades: %v", err)
}
