package poller

import (
	"crypto/tls"
	"fmt"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/mailtls"
)

// TLSConfig is the client side of the IMAP connection: the server's
// certificate is verified against imap.ca_file (or the system pool) for
// the host name of imap.addr; TLS 1.2 at least.
func TLSConfig(cfg config.IMAP) (*tls.Config, error) {
	tc, err := mailtls.Config(cfg.Addr, cfg.CAFile, cfg.InsecureSkipVerify, "imap")
	if err != nil {
		return nil, fmt.Errorf("imap.ca_file: %w", err)
	}
	return tc, nil
}

// CertificateError is a TLS handshake that failed because the server's
// certificate was not accepted; Reason says why in plain words.
type CertificateError = mailtls.CertificateError

// explainTLS turns a certificate failure into a *CertificateError; other
// errors are returned as they are.
func explainTLS(host string, err error) error { return mailtls.Explain(host, "imap", err) }
