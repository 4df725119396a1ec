package oauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestSourceCachesAndRenews(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, secret := r.FormValue("client_id"), r.FormValue("client_secret")
		if r.Method != http.MethodPost || id != "app" || secret != "s&cret" || r.FormValue("scope") != "sc" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_client","error_description":"bad secret"}`)
			return
		}
		fmt.Fprintf(w, `{"token_type":"Bearer","expires_in":"100","access_token":"t%d"}`, n.Add(1))
	}))
	defer srv.Close()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	s := &Source{TokenURL: srv.URL, ClientID: "app", ClientSecret: "s&cret", Scope: "sc", now: func() time.Time { return now }}
	ctx := context.Background()
	tok, err := s.Token(ctx)
	if err != nil || tok.AccessToken != "t1" || !tok.Expiry.Equal(now.Add(100*time.Second)) {
		t.Fatalf("token %+v, %v", tok, err)
	}
	now = now.Add(79 * time.Second) // renewal 20 s (a fifth) before expiry
	if tok, _ := s.Token(ctx); tok.AccessToken != "t1" {
		t.Errorf("token %q before the renewal time, want the cached t1", tok.AccessToken)
	}
	now = now.Add(2 * time.Second)
	if tok, _ := s.Token(ctx); tok.AccessToken != "t2" {
		t.Errorf("token %q after the renewal time, want t2", tok.AccessToken)
	}
	s.Invalidate()
	if tok, _ := s.Token(ctx); tok.AccessToken != "t3" {
		t.Errorf("token %q after Invalidate, want t3", tok.AccessToken)
	}
	s.ClientSecret = "wrong"
	s.Invalidate()
	_, err = s.Token(ctx)
	var te *TokenError
	if !errors.As(err, &te) || te.Status != 401 || te.Code != "invalid_client" || !strings.Contains(err.Error(), "bad secret") {
		t.Errorf("error %v, want invalid_client", err)
	}
}

func TestTokenAnswers(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		status     int
		want       string
	}{
		{"not JSON", "<html>", 200, "not a JSON token answer"},
		{"no token", `{"token_type":"Bearer"}`, 200, "HTTP 200"},
		{"not bearer", `{"token_type":"mac","access_token":"x"}`, 200, `token type "mac"`},
		{"bad expiry", `{"access_token":"x","expires_in":"soon"}`, 200, "not a number of seconds"},
		{"server error", `oops`, 503, "HTTP 503"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tt.status)
			fmt.Fprint(w, tt.body)
		}))
		_, err := (&Source{TokenURL: srv.URL}).Token(context.Background())
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
	_, err := (&Source{TokenURL: "http://127.0.0.1:1/token"}).Token(context.Background())
	var te *TokenError
	if !errors.As(err, &te) || te.Err == nil {
		t.Errorf("unreachable endpoint: %v", err)
	}
}

func TestXOAUTH2(t *testing.T) {
	c := NewXOAUTH2Client("villkorsrapport@myndighet.se", "ya29.abc")
	mech, ir, err := c.Start()
	if err != nil || mech != "XOAUTH2" || string(ir) != "user=villkorsrapport@myndighet.se\x01auth=Bearer ya29.abc\x01\x01" {
		t.Errorf("start %s %q %v", mech, ir, err)
	}
	// an error challenge is answered with an empty response (the server then says NO)
	if resp, err := c.Next([]byte(`{"status":"401","schemes":"bearer"}`)); err != nil || len(resp) != 0 {
		t.Errorf("next %q %v", resp, err)
	}
	if got := MicrosoftTokenURL("myndighet.onmicrosoft.com"); got != "https://login.microsoftonline.com/myndighet.onmicrosoft.com/oauth2/v2.0/token" {
		t.Errorf("tenant url %s", got)
	}
}
