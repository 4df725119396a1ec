package poller

import (
	"context"
	"errors"
	"fmt"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/oauth"
)

// TokenRefusedError is an IMAP server that refused the OAuth token.
type TokenRefusedError struct {
	Mechanism string
	Err       error
}

func (e *TokenRefusedError) Error() string {
	return fmt.Sprintf("the server refused the OAuth token (%s): %v", e.Mechanism, e.Err)
}

func (e *TokenRefusedError) Unwrap() error { return e.Err }

// NewTokenSource returns the token source for imap.auth oauth2, else nil.
func NewTokenSource(cfg config.IMAP) *oauth.Source {
	if cfg.Auth != "oauth2" {
		return nil
	}
	return &oauth.Source{TokenURL: cfg.OAuth.TokenURL, ClientID: cfg.OAuth.ClientID, ClientSecret: cfg.OAuth.ClientSecret, Scope: cfg.OAuth.Scope}
}

// login authenticates the session: LOGIN with the password, or with
// oauth2 a token from the cache (renewed before it expires) by SASL
// OAUTHBEARER where the server offers it, else XOAUTH2. It returns the
// mechanism used and, with oauth2, the token.
func (p *Poller) login(ctx context.Context, c *imapclient.Client) (string, oauth.Token, error) {
	if p.tokens == nil {
		err := p.do("login", func() error { return c.Login(p.cfg.User, p.cfg.Password).Wait() })
		return "LOGIN", oauth.Token{}, err
	}
	tok, err := p.tokens.Token(ctx)
	if err != nil {
		p.metrics.authProblem(fmt.Errorf("IMAP: token kunde inte hämtas: %v", err))
		return "", tok, fmt.Errorf("oauth: %w", err)
	}
	var caps imap.CapSet
	if err := p.do("capability", func() error {
		if caps = c.Caps(); caps == nil {
			return errors.New("no capability list")
		}
		return nil
	}); err != nil {
		return "", tok, fmt.Errorf("capabilities: %w", err)
	}
	var client sasl.Client
	var mech string
	switch {
	case caps.Has(imap.AuthCap(sasl.OAuthBearer)):
		mech, client = sasl.OAuthBearer, oauth.NewOAuthBearerClient(p.cfg.User, tok.AccessToken)
	case caps.Has(imap.AuthCap("XOAUTH2")):
		mech, client = "XOAUTH2", oauth.NewXOAUTH2Client(p.cfg.User, tok.AccessToken)
	default:
		return "", tok, fmt.Errorf("the server offers neither AUTH=OAUTHBEARER nor AUTH=XOAUTH2 (it offers %v)", caps.AuthMechanisms())
	}
	if err := p.do("authenticate", func() error { return c.Authenticate(client) }); err != nil {
		var ie *imap.Error
		var be *sasl.OAuthBearerError
		if p.wire.Fault() == nil && (errors.As(err, &ie) || errors.As(err, &be)) {
			// the next session asks for a new token
			p.tokens.Invalidate()
			refused := &TokenRefusedError{Mechanism: mech, Err: err}
			p.metrics.authProblem(fmt.Errorf("IMAP: token avvisades: %v", err))
			p.log.Error("imap: the server refused the OAuth token; a new one is fetched for the next attempt",
				"user", p.cfg.User, "mechanism", mech, "err", err)
			return mech, tok, refused
		}
		return mech, tok, err
	}
	p.metrics.authProblem(nil)
	return mech, tok, nil
}
