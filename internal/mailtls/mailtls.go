// Package mailtls is the client side of TLS to a mail server (IMAP or
// SMTP): the server's certificate verified against a CA file or the
// system pool for the configured host name, TLS 1.2 at least, and a
// certificate that is not accepted explained in plain words.
package mailtls

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
)

// Config is the TLS configuration for a server at addr (host:port):
// verified for its host name against the CAs in caFile, or the system
// pool when caFile is empty; insecure turns verification off.
func Config(addr, caFile string, insecure bool, alpn ...string) (*tls.Config, error) {
	host, _, _ := net.SplitHostPort(addr)
	tc := &tls.Config{ServerName: host, InsecureSkipVerify: insecure, MinVersion: tls.VersionTLS12, NextProtos: alpn}
	if caFile != "" {
		pool, err := config.LoadCAFile(caFile)
		if err != nil {
			return nil, err
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

// Explain turns a certificate failure into a *CertificateError that names
// the settings to look at (section "imap" or "smtp"); other errors are
// returned as they are.
func Explain(host, section string, err error) error {
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
			Reason: fmt.Sprintf("it is issued for %s, not for the host name in %s.addr", strings.Join(names, ", "), section)}
	case errors.As(err, &unknown):
		return &CertificateError{Host: host, Err: err,
			Reason: fmt.Sprintf("it is signed by an authority this host does not trust; set %s.ca_file to the CA certificate (PEM) or add the CA to the system pool", section)}
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return &CertificateError{Host: host, Err: err,
			Reason: fmt.Sprintf("it has expired or is not yet valid (valid %s to %s)",
				invalid.Cert.NotBefore.UTC().Format("2006-01-02 15:04"), invalid.Cert.NotAfter.UTC().Format("2006-01-02 15:04"))}
	case errors.As(err, &verifyFail):
		return &CertificateError{Host: host, Err: err, Reason: "it could not be verified"}
	}
	return err
}
