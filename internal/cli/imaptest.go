package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/oauth"
	"github.com/tillvaxtverket/villkorsintag/internal/poller"
)

func init() {
	register(command{name: "imap", usage: "test [--config FILE]",
		summary: "prova anslutningen till brevlådan: logga in, visa TLS, förmågor, token och mapparna som används; ändrar ingenting", run: runIMAP})
}

func runIMAP(args []string, stdout, stderr io.Writer) int {
	path, code, ok := testCommand(commands["imap"], args, stderr)
	if !ok {
		return code
	}
	cfg, err := config.Load(path, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag imap test: inställningarna har fel (alla listas):\n%v\n", err)
		return ExitFailure
	}
	ctx, stop := signalContext()
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	fmt.Fprintf(stdout, "Server: %s (%s)\n", cfg.IMAP.Addr, tlsMode(cfg.IMAP.TLS))
	res, err := poller.Probe(ctx, cfg.IMAP)
	if res != nil && res.TLS != nil {
		writeTLS(stdout, res.TLS, cfg.IMAP.InsecureSkipVerify, cfg.IMAP.CAFile)
	}
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag imap test: %s\n", probeProblem(err))
		return ExitFailure
	}
	fmt.Fprintf(stdout, "Inloggning: %s som %s\n", res.Mechanism, cfg.IMAP.User)
	if cfg.IMAP.Auth == "oauth2" {
		writeToken(stdout, cfg.IMAP.OAuth, res.Token)
	}
	fmt.Fprintf(stdout, "Förmågor: %s\n", strings.Join(res.Capabilities, " "))
	fmt.Fprintf(stdout, "Mappar (avgränsare %q):\n", res.Delimiter)
	for _, f := range res.Folders {
		role := map[string]string{"mailbox": "brevlådan", "processed": "behandlade", "failed": "fel"}[f.Role]
		switch {
		case f.Role == "mailbox" && f.Exists:
			fmt.Fprintf(stdout, "  %-10s %s: finns, %d meddelanden\n", role, f.Name, f.Messages)
		case f.Exists:
			fmt.Fprintf(stdout, "  %-10s %s: finns\n", role, f.Name)
		case f.Role == "mailbox":
			fmt.Fprintf(stdout, "  %-10s %s: FINNS INTE\n", role, f.Name)
		default:
			fmt.Fprintf(stdout, "  %-10s %s: finns inte; skapas när tjänsten startar\n", role, f.Name)
		}
	}
	fmt.Fprintln(stdout, "Ingenting har ändrats på servern.")
	for _, f := range res.Folders {
		if f.Role == "mailbox" && !f.Exists {
			fmt.Fprintf(stderr, "villkorsintag imap test: brevlådan %q finns inte på servern\n", f.Name)
			return ExitFindings
		}
	}
	return ExitOK
}

func tlsMode(mode string) string {
	switch mode {
	case "tls":
		return "TLS från början"
	case "starttls":
		return "STARTTLS"
	}
	return "utan TLS"
}

func writeTLS(w io.Writer, st *tls.ConnectionState, insecure bool, caFile string) {
	fmt.Fprintf(w, "TLS: %s, %s", tls.VersionName(st.Version), tls.CipherSuiteName(st.CipherSuite))
	if len(st.PeerCertificates) > 0 {
		cert := st.PeerCertificates[0]
		names := append([]string{}, cert.DNSNames...)
		for _, ip := range cert.IPAddresses {
			names = append(names, ip.String())
		}
		fmt.Fprintf(w, "; certifikat för %s, utfärdat av %s, giltigt till %s", strings.Join(names, ", "), cert.Issuer.CommonName,
			cert.NotAfter.Local().Format("2006-01-02"))
	}
	switch {
	case insecure:
		fmt.Fprint(w, "; INTE KONTROLLERAT (insecure_skip_verify)")
	case caFile != "":
		fmt.Fprintf(w, "; kontrollerat mot %s", caFile)
	default:
		fmt.Fprint(w, "; kontrollerat mot systemets certifikat")
	}
	fmt.Fprintln(w)
}

func writeToken(w io.Writer, o config.OAuth, tok oauth.Token) {
	fmt.Fprintf(w, "Token: från %s, scope %s", o.TokenURL, o.Scope)
	if !tok.Expiry.IsZero() {
		fmt.Fprintf(w, ", giltig till %s (om %s)", tok.Expiry.Local().Format("2006-01-02 15:04:05"), time.Until(tok.Expiry).Round(time.Second))
	} else {
		fmt.Fprint(w, ", utan angiven giltighetstid")
	}
	fmt.Fprintln(w)
}

// probeProblem says in Swedish what went wrong, with the technical detail.
func probeProblem(err error) string {
	var ce *poller.CertificateError
	var refused *poller.TokenRefusedError
	var tokenErr *oauth.TokenError
	switch {
	case errors.As(err, &ce):
		return fmt.Sprintf("serverns certifikat godtas inte: %v", err)
	case errors.Is(err, poller.ErrNoSTARTTLS):
		return fmt.Sprintf("servern erbjuder inte STARTTLS; anslutningen fortsätter inte utan TLS: %v", err)
	case errors.As(err, &refused):
		return fmt.Sprintf("token avvisades: %v", err)
	case errors.As(err, &tokenErr):
		return fmt.Sprintf("token kunde inte hämtas: %v", err)
	}
	return fmt.Sprintf("anslutningen misslyckades: %v", err)
}

// testCommand reads the arguments of a connection test ("imap test",
// "smtp test"): the subcommand test and --config. When ok is false the
// command ends with code (usage already printed).
func testCommand(c command, args []string, stderr io.Writer) (path string, code int, ok bool) {
	fs := newFlags(c, stderr)
	config := fs.String("config", os.Getenv("VILLKORSINTAG_CONFIG"), "inställningsfilen `FILE` (YAML; eller VILLKORSINTAG_CONFIG); miljövariablerna går före den")
	pos, err := parseFlags(fs, args)
	switch {
	case err != nil:
		return "", ExitFailure, false
	case len(pos) == 0:
		return "", usageError(fs, "underkommandot test saknas"), false
	case pos[0] != "test":
		return "", usageError(fs, "okänt underkommando %q; det som finns är test", pos[0]), false
	}
	if !argCount(fs, pos[1:], 0) {
		return "", ExitFailure, false
	}
	return *config, ExitOK, true
}
