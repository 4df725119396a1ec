// Package oauthtest is an OAuth authorization server on 127.0.0.1 for
// tests: a token endpoint for the client-credentials grant, an
// introspection endpoint (RFC 7662) for Dovecot, and the server side of
// SASL XOAUTH2 and OAUTHBEARER checking its tokens, for in-process
// servers.
package oauthtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
)

// The client the token server knows.
const (
	ClientID     = "villkorsintag-app"
	ClientSecret = "app-hemlighet"
	Scope        = "https://outlook.office365.com/.default"
)

// TokenServer is the authorization server.
type TokenServer struct {
	*httptest.Server
	// Username is who an active token belongs to (introspection answer
	// and the SASL user a token is valid for).
	Username              string
	Lifetime              atomic.Int64 // seconds
	Revoked               atomic.Bool  // every token, old and new, is inactive
	FailNext              atomic.Int32 // token requests still to answer with 503
	Issued                atomic.Int32
	RefusedIntrospections atomic.Int32

	mu     sync.Mutex
	tokens map[string]time.Time // token → expiry
}

// Start runs a token server for tokens of user, an hour long.
func Start(t testing.TB, user string) *TokenServer {
	ts := &TokenServer{Username: user, tokens: map[string]time.Time{}}
	ts.Lifetime.Store(3600)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if ts.FailNext.Load() > 0 {
			ts.FailNext.Add(-1)
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"error":"temporarily_unavailable","error_description":"try later"}`)
			return
		}
		id, secret := r.FormValue("client_id"), r.FormValue("client_secret")
		if id != ClientID || secret != ClientSecret || r.FormValue("grant_type") != "client_credentials" || r.FormValue("scope") != Scope {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}`)
			return
		}
		n := ts.Issued.Add(1)
		tok := fmt.Sprintf("tok-%d-%d", n, time.Now().UnixNano())
		life := ts.Lifetime.Load()
		ts.mu.Lock()
		ts.tokens[tok] = time.Now().Add(time.Duration(life) * time.Second)
		ts.mu.Unlock()
		fmt.Fprintf(w, `{"token_type":"Bearer","expires_in":%d,"access_token":%q}`, life, tok)
	})
	mux.HandleFunc("POST /introspect", func(w http.ResponseWriter, r *http.Request) {
		tok := r.FormValue("token")
		w.Header().Set("Content-Type", "application/json")
		exp, ok := ts.expiry(tok)
		if !ok {
			ts.RefusedIntrospections.Add(1)
			fmt.Fprint(w, `{"active":false}`)
			return
		}
		fmt.Fprintf(w, `{"active":true,"username":%q,"exp":%d}`, ts.Username, exp.Unix())
	})
	ts.Server = httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

// TokenURL is the token endpoint.
func (ts *TokenServer) TokenURL() string { return ts.URL + "/token" }

func (ts *TokenServer) expiry(tok string) (time.Time, bool) {
	ts.mu.Lock()
	exp, ok := ts.tokens[tok]
	ts.mu.Unlock()
	return exp, ok && time.Now().Before(exp) && !ts.Revoked.Load()
}

// Live is how many of the tokens issued have not expired yet.
func (ts *TokenServer) Live() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	n := 0
	for _, exp := range ts.tokens {
		if time.Now().Before(exp) {
			n++
		}
	}
	return n
}

// Check reports whether the token is one of ours, not expired nor
// revoked, for user.
func (ts *TokenServer) Check(user, tok string) error {
	if _, ok := ts.expiry(tok); !ok {
		ts.RefusedIntrospections.Add(1)
		return errors.New("token inactive")
	}
	if !strings.EqualFold(user, ts.Username) {
		return fmt.Errorf("token is not for %s", user)
	}
	return nil
}

// XOAUTH2Server is the server side of SASL XOAUTH2: on a refused token it
// sends the JSON error as a challenge, as Google and Microsoft do, and
// fails after the client's empty answer.
func (ts *TokenServer) XOAUTH2Server() sasl.Server { return &xoauth2Server{ts: ts} }

type xoauth2Server struct {
	ts     *TokenServer
	failed error
}

func (s *xoauth2Server) Next(response []byte) ([]byte, bool, error) {
	if s.failed != nil {
		return nil, true, s.failed
	}
	if response == nil {
		return []byte{}, false, nil // ask for the initial response
	}
	parts := bytes.Split(response, []byte{1})
	var user, auth string
	for _, p := range parts {
		k, v, _ := strings.Cut(string(p), "=")
		switch k {
		case "user":
			user = v
		case "auth":
			auth = v
		}
	}
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || user == "" {
		return nil, true, errors.New("malformed XOAUTH2 response")
	}
	if err := s.ts.Check(user, tok); err != nil {
		s.failed = err
		challenge, _ := json.Marshal(map[string]string{"status": "401", "schemes": "bearer", "scope": Scope})
		return challenge, false, nil
	}
	return nil, true, nil
}

// OAuthBearerServer is the server side of SASL OAUTHBEARER (RFC 7628).
func (ts *TokenServer) OAuthBearerServer() sasl.Server {
	return sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
		if err := ts.Check(o.Username, o.Token); err != nil {
			return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
		}
		return nil
	})
}
