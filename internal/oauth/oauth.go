// Package oauth gets access tokens with the OAuth 2.0 client-credentials
// grant (RFC 6749 section 4.4), caches them and renews them before they
// expire, and speaks the SASL mechanisms that carry them: XOAUTH2 (Google
// and Microsoft) and OAUTHBEARER (RFC 7628).
package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// MicrosoftTokenURL is the token endpoint of a Microsoft Entra tenant.
func MicrosoftTokenURL(tenant string) string {
	return "https://login.microsoftonline.com/" + url.PathEscape(tenant) + "/oauth2/v2.0/token"
}

// Token is an access token and when it expires.
type Token struct {
	AccessToken string
	Expiry      time.Time // zero: the server did not say
}

// Source fetches tokens for one client and caches the current one.
type Source struct {
	TokenURL     string
	ClientID     string
	ClientSecret string
	Scope        string
	HTTP         *http.Client // nil: a client with a 30 s timeout

	mu      sync.Mutex
	tok     Token
	renewAt time.Time // before Expiry by renewMargin
	now     func() time.Time
}

// TokenError is a token endpoint that did not give a token.
type TokenError struct {
	Status      int    // HTTP status; 0: no answer
	Code        string // the OAuth error code ("invalid_client" …)
	Description string
	Err         error // the transport error, with Status 0
}

func (e *TokenError) Error() string {
	switch {
	case e.Err != nil:
		return fmt.Sprintf("token endpoint: %v", e.Err)
	case e.Code != "":
		return fmt.Sprintf("token endpoint: HTTP %d: %s: %s", e.Status, e.Code, e.Description)
	}
	return fmt.Sprintf("token endpoint: HTTP %d", e.Status)
}

func (e *TokenError) Unwrap() error { return e.Err }

// renewMargin is how long before its expiry a token is replaced: a
// minute, or a fifth of a short lifetime.
func renewMargin(lifetime time.Duration) time.Duration {
	return min(time.Minute, lifetime/5)
}

// Token returns the cached token, or a new one when there is none or it
// expires soon.
func (s *Source) Token(ctx context.Context) (Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now
	if s.now != nil {
		now = s.now
	}
	if s.tok.AccessToken != "" && (s.renewAt.IsZero() || now().Before(s.renewAt)) {
		return s.tok, nil
	}
	start := now()
	tok, err := s.fetch(ctx, start)
	if err != nil {
		return Token{}, err
	}
	s.tok, s.renewAt = tok, time.Time{}
	if !tok.Expiry.IsZero() {
		life := tok.Expiry.Sub(start)
		s.renewAt = tok.Expiry.Add(-renewMargin(life))
	}
	return tok, nil
}

// Invalidate drops the cached token (the server refused it): the next
// Token call fetches a new one.
func (s *Source) Invalidate() {
	s.mu.Lock()
	s.tok, s.renewAt = Token{}, time.Time{}
	s.mu.Unlock()
}

func (s *Source) fetch(ctx context.Context, now time.Time) (Token, error) {
	// client_secret_post (RFC 6749 2.3.1): what Microsoft's endpoint
	// documents, and no doubt about encoding the secret in a header
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {s.ClientID}, "client_secret": {s.ClientSecret}}
	if s.Scope != "" {
		form.Set("scope", s.Scope)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return Token{}, &TokenError{Err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	hc := s.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Token{}, &TokenError{Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Token{}, &TokenError{Status: resp.StatusCode, Err: err}
	}
	var r struct {
		AccessToken string          `json:"access_token"`
		TokenType   string          `json:"token_type"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
		Error       string          `json:"error"`
		Description string          `json:"error_description"`
	}
	if err := json.Unmarshal(body, &r); err != nil && resp.StatusCode == http.StatusOK {
		return Token{}, &TokenError{Status: resp.StatusCode, Err: fmt.Errorf("not a JSON token answer: %w", err)}
	}
	if resp.StatusCode != http.StatusOK || r.AccessToken == "" {
		return Token{}, &TokenError{Status: resp.StatusCode, Code: r.Error, Description: r.Description}
	}
	if r.TokenType != "" && !strings.EqualFold(r.TokenType, "bearer") {
		return Token{}, &TokenError{Status: resp.StatusCode, Err: fmt.Errorf("token type %q, want Bearer", r.TokenType)}
	}
	tok := Token{AccessToken: r.AccessToken}
	// expires_in is a number; some servers send it as a string
	if secs, err := parseSeconds(r.ExpiresIn); err != nil {
		return Token{}, &TokenError{Status: resp.StatusCode, Err: err}
	} else if secs > 0 {
		tok.Expiry = now.Add(time.Duration(secs) * time.Second)
	}
	return tok, nil
}

func parseSeconds(raw json.RawMessage) (int64, error) {
	if len(raw) == 0 {
		return 0, nil
	}
	var n int64
	if err := json.Unmarshal(raw, &n); err == nil {
		return n, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if err := json.Unmarshal([]byte(s), &n); err == nil {
			return n, nil
		}
	}
	return 0, fmt.Errorf("expires_in %s: not a number of seconds", raw)
}

// ErrRefused is a server that refused the token.
var ErrRefused = errors.New("the server refused the token")
