package poller

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
)

// TLSConfig is the client side of the IMAP connection: the server's
// certificate is verified against imap.ca_file (or the system pool) for
// the host name of imap.addr; TLS 1.2 at least.
func TLSConfig(cfg config.IMAP) (*tls.Config, error) {
	host, _, _ := net.SplitHostPort(cfg.Addr)
	tc := &tls.Config{ServerName: host, InsecureSkipVerify: cfg.InsecureSkipVerify, MinVersion: tls.VersionTLS12, NextProtos: []string{"imap"}}
	if cfg.CAFile != "" {
		pool, err := config.LoadCAFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("imap.ca_file: %w", err)
		}
		tc.RootCAs = pool
	}
	return tc, nil
}

// CertificateError is a TLS handshake that failed because the server's
// certificate was not accepted; Reason says why in plain words.
type CertificateError struct {
	Host   string
	Reason string
	Err    error
}

func (e *CertificateError) Error() string {
	return fmt.Sprintf("the certificate of %s is not accepted: %s (%v)", e.Host, e.Reason, e.Err)
}

func (e *CertificateError) Unwrap() error { return e.Err }

// explainTLS turns a certificate failure into a *CertificateError; other
// errors are returned as they are.
func explainTLS(host string, err error) error {
	var (
		hostErr    x509.HostnameError
		unknown    x509.UnknownAuthorityError
		invalid    x509.CertificateInvalidError
		verifyFail *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &hostErr):
		names := hostErr.Certificate.DNSNames
		for _, ip := range hostErr.Certificate.IPAddresses {
			names = append(names, ip.String())
		}
		return &CertificateError{Host: host, Err: err,
			Reason: fmt.Sprintf("it is issued for %s, not for the host name in imap.addr", strings.Join(names, ", "))}
	case errors.As(err, &unknown):
		return &CertificateError{Host: host, Err: err,
			Reason: "it is signed by an authority this host does not trust; set imap.ca_file to the CA certificate (PEM) or add the CA to the system pool"}
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return &CertificateError{Host: host, Err: err,
			Reason: fmt.Sprintf("it has expired or is not yet valid (valid %s to %s)",
				invalid.Cert.NotBefore.UTC().Format("2006-01-02 15:04"), invalid.Cert.NotAfter.UTC().Format("2006-01-02 15:04"))}
	case errors.As(err, &verifyFail):
		return &CertificateError{Host: host, Err: err, Reason: "it could not be verified"}
	}
	return err
}
