package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/mailtls/mailtlstest"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestEnvironmentAlone(t *testing.T) {
	c, err := Load("", envOf(map[string]string{
		"VILLKORSINTAG_IMAP_ADDR": "127.0.0.1:1143", "VILLKORSINTAG_IMAP_TLS": "none", "VILLKORSINTAG_IMAP_USER": "u",
		"VILLKORSINTAG_IMAP_PASSWORD": "p", "VILLKORSINTAG_DB": "/tmp/x.db", "VILLKORSINTAG_HTTP_ADDR": "127.0.0.1:0",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.IMAP.Mailbox != "INBOX" || c.Database != "/tmp/x.db" || c.IMAP.PollInterval != time.Minute || c.IMAP.ProcessedFolder != "Behandlade" {
		t.Errorf("config %+v", c)
	}
	if c.IMAP.CommandTimeout != 30*time.Second || c.IMAP.FetchTimeout != 2*time.Minute {
		t.Errorf("timeouts %v, %v; want the defaults 30s, 2m", c.IMAP.CommandTimeout, c.IMAP.FetchTimeout)
	}
}

func TestIMAPTimeouts(t *testing.T) {
	base := map[string]string{"VILLKORSINTAG_IMAP_ADDR": "127.0.0.1:1143", "VILLKORSINTAG_IMAP_TLS": "none",
		"VILLKORSINTAG_IMAP_USER": "u", "VILLKORSINTAG_IMAP_PASSWORD": "p"}
	tests := []struct {
		name             string
		command, fetch   string
		wantCmd, wantGet time.Duration
		wantErr          string
	}{
		{"set", "5s", "1m", 5 * time.Second, time.Minute, ""},
		{"command only", "45s", "", 45 * time.Second, 2 * time.Minute, ""},
		{"not a duration", "soon", "", 0, 0, "VILLKORSINTAG_IMAP_COMMAND_TIMEOUT"},
		{"too short", "100ms", "", 0, 0, "imap.command_timeout"},
		{"fetch shorter than command", "1m", "30s", 0, 0, "imap.fetch_timeout"},
		{"fetch too long", "", "2h", 0, 0, "imap.fetch_timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"VILLKORSINTAG_IMAP_COMMAND_TIMEOUT": tt.command, "VILLKORSINTAG_IMAP_FETCH_TIMEOUT": tt.fetch}
			for k, v := range base {
				env[k] = v
			}
			c, err := Load("", envOf(env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.IMAP.CommandTimeout != tt.wantCmd || c.IMAP.FetchTimeout != tt.wantGet {
				t.Errorf("timeouts %v, %v; want %v, %v", c.IMAP.CommandTimeout, c.IMAP.FetchTimeout, tt.wantCmd, tt.wantGet)
			}
		})
	}
}

func TestEveryProblemAtOnce(t *testing.T) {
	_, err := Load("", envOf(map[string]string{"VILLKORSINTAG_IMAP_ADDR": "mail.example.se:143", "VILLKORSINTAG_IMAP_TLS": "none",
		"VILLKORSINTAG_IMAP_MODE": "delete", "VILLKORSINTAG_IMAP_POLL_INTERVAL": "soon"}))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"only allowed for a loopback", "imap.user", "password", "imap.mode", "POLL_INTERVAL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestExampleFileAndPasswordFile(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("hemligt\n"), 0o600)
	c, err := Load("../../configs/villkorsintag.example.yaml", envOf(map[string]string{"VILLKORSINTAG_IMAP_PASSWORD_FILE": pw}))
	if err != nil {
		t.Fatal(err)
	}
	if c.IMAP.Password != "hemligt" || c.IMAP.Addr != "imap.tillvaxtverket.se:993" || c.Log.Format != "json" ||
		c.IMAP.CommandTimeout != 30*time.Second || c.IMAP.FetchTimeout != 2*time.Minute {
		t.Errorf("config %+v", c.IMAP)
	}
	if got := strings.Join(c.HTTP.TrustedProxies, ","); got != "127.0.0.1,::1" {
		t.Errorf("http.trusted_proxies %q, want 127.0.0.1,::1", got)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("imap:\n  password: x\n"), 0o600)
	if _, err := Load(bad, envOf(nil)); err == nil {
		t.Error("a password in the file was accepted")
	}
	os.WriteFile(bad, []byte("imap:\n  adress: x\n"), 0o600)
	if _, err := Load(bad, envOf(nil)); err == nil || !strings.Contains(err.Error(), "adress") {
		t.Errorf("unknown key: %v", err)
	}
}

// TestFileProblemsAllAtOnce: unknown keys (with their lines), a password
// key, a value of the wrong type and invalid values all come in one error.
func TestFileProblemsAllAtOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.yaml")
	os.WriteFile(path, []byte(`# password: none here
http:
  addr: ":x"
log:
  level: loud
  colour: red
imap:
  adress: mail.example.se:993
  addr: 127.0.0.1:1143
  tls: maybe
  user: u
  password: hemligt
  poll_interval: soon
smtp:
  password: x
`), 0o600)
	_, err := Load(path, envOf(map[string]string{"VILLKORSINTAG_IMAP_PASSWORD": "p"}))
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		`http.addr ":x"`,
		`log.level "loud"`,
		"line 6: unknown key log.colour",
		"line 8: unknown key imap.adress",
		`imap.tls "maybe"`,
		"line 12: imap.password: a password does not belong in the file; use VILLKORSINTAG_IMAP_PASSWORD or imap.password_file",
		"line 15: smtp.password",
		"line 13: cannot unmarshal",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if n := strings.Count(msg, "\n") + 1; n != 8 {
		t.Errorf("%d lines, want 8 (one per problem):\n%s", n, msg)
	}
	if strings.Contains(msg, "line 1:") {
		t.Errorf("the comment was taken for a key:\n%s", msg)
	}
}

// TestPasswordInCommentOrValue: only a key named password is refused, not
// the word in a comment or a value.
func TestPasswordInCommentOrValue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(path, []byte("# password: none here\nimap:\n  addr: 127.0.0.1:1143 # password: not here either\n  tls: none\n  user: \"password: u\"\n"), 0o600)
	c, err := Load(path, envOf(map[string]string{"VILLKORSINTAG_IMAP_PASSWORD": "p"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.IMAP.User != "password: u" {
		t.Errorf("user %q", c.IMAP.User)
	}
}

func TestAddresses(t *testing.T) {
	base := map[string]string{"VILLKORSINTAG_IMAP_ADDR": "127.0.0.1:1143", "VILLKORSINTAG_IMAP_TLS": "none",
		"VILLKORSINTAG_IMAP_USER": "u", "VILLKORSINTAG_IMAP_PASSWORD": "p"}
	for _, tc := range []struct {
		key, value, want string // want "" means accepted
	}{
		{"VILLKORSINTAG_HTTP_ADDR", "127.0.0.1:0", ""},
		{"VILLKORSINTAG_HTTP_ADDR", ":8080", ""},
		{"VILLKORSINTAG_HTTP_ADDR", "[::1]:8080", ""},
		{"VILLKORSINTAG_HTTP_ADDR", ":x", "http.addr"},
		{"VILLKORSINTAG_HTTP_ADDR", "localhost", "http.addr"},
		{"VILLKORSINTAG_HTTP_ADDR", "127.0.0.1:65536", "http.addr"},
		{"VILLKORSINTAG_IMAP_ADDR", "127.0.0.1:0", "imap.addr"},
		{"VILLKORSINTAG_IMAP_ADDR", "127.0.0.1:imap", "imap.addr"},
		{"VILLKORSINTAG_HTTP_SECURE_COOKIES", "ja", "VILLKORSINTAG_HTTP_SECURE_COOKIES"},
		{"VILLKORSINTAG_HTTP_SECURE_COOKIES", "true", ""},
	} {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		env[tc.key] = tc.value
		_, err := Load("", envOf(env))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s=%s: %v", tc.key, tc.value, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s=%s: got %v, want an error naming %s", tc.key, tc.value, err, tc.want)
		}
	}
}

func TestNotYAML(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(path, []byte("imap: [\n"), 0o600)
	if _, err := Load(path, envOf(nil)); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("got %v", err)
	}
}

func TestMaxAttempts(t *testing.T) {
	base := map[string]string{"VILLKORSINTAG_IMAP_ADDR": "127.0.0.1:1143", "VILLKORSINTAG_IMAP_TLS": "none", "VILLKORSINTAG_IMAP_USER": "u",
		"VILLKORSINTAG_IMAP_PASSWORD": "p"}
	c, err := Load("", envOf(base))
	if err != nil || c.IMAP.MaxAttempts != 3 {
		t.Fatalf("default max_attempts %d, %v; want 3", c.IMAP.MaxAttempts, err)
	}
	base["VILLKORSINTAG_IMAP_MAX_ATTEMPTS"] = "5"
	if c, err = Load("", envOf(base)); err != nil || c.IMAP.MaxAttempts != 5 {
		t.Errorf("from the environment: %d, %v; want 5", c.IMAP.MaxAttempts, err)
	}
	for _, bad := range []string{"0", "many"} {
		base["VILLKORSINTAG_IMAP_MAX_ATTEMPTS"] = bad
		if _, err := Load("", envOf(base)); err == nil || !strings.Contains(err.Error(), "MAX_ATTEMPTS") && !strings.Contains(err.Error(), "max_attempts") {
			t.Errorf("max_attempts %q: %v", bad, err)
		}
	}
	c, err = Load("../../configs/villkorsintag.example.yaml", envOf(map[string]string{"VILLKORSINTAG_IMAP_PASSWORD": "p"}))
	if err != nil || c.IMAP.MaxAttempts != 3 {
		t.Errorf("example file: %d, %v", c.IMAP.MaxAttempts, err)
	}
}

func TestTrustedProxies(t *testing.T) {
	base := map[string]string{"VILLKORSINTAG_IMAP_ADDR": "127.0.0.1:1143", "VILLKORSINTAG_IMAP_TLS": "none",
		"VILLKORSINTAG_IMAP_USER": "u", "VILLKORSINTAG_IMAP_PASSWORD": "p"}
	for _, tc := range []struct {
		env     string
		want    string // the parsed prefixes, joined
		wantErr string
	}{
		{"", "", ""},
		{"10.1.2.3", "10.1.2.3/32", ""},
		{" 10.1.2.0/24 , 2001:db8::/32,::1", "10.1.2.0/24,2001:db8::/32,::1/128", ""},
		{"10.1.2.9/24", "10.1.2.0/24", ""},
		{"::ffff:10.0.0.1", "10.0.0.1/32", ""},
		{"proxy.example.se", "", `"proxy.example.se" is neither`},
		{"10.0.0.0/33,10.0.0.1", "", `"10.0.0.0/33"`},
	} {
		env := map[string]string{"VILLKORSINTAG_HTTP_TRUSTED_PROXIES": tc.env}
		for k, v := range base {
			env[k] = v
		}
		c, err := Load("", envOf(env))
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "http.trusted_proxies") {
				t.Errorf("%q: error %v, want one naming http.trusted_proxies and %s", tc.env, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.env, err)
			continue
		}
		prefixes, err := ParseTrustedProxies(c.HTTP.TrustedProxies)
		var got []string
		for _, p := range prefixes {
			got = append(got, p.String())
		}
		if err != nil || strings.Join(got, ",") != tc.want {
			t.Errorf("%q: %v (%v), want %s", tc.env, got, err, tc.want)
		}
	}
}

func TestIMAPCAFile(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.txt")
	os.WriteFile(notPEM, []byte("inte ett certifikat\n"), 0o644)
	base := map[string]string{"VILLKORSINTAG_IMAP_ADDR": "imap.example.se:993", "VILLKORSINTAG_IMAP_USER": "u", "VILLKORSINTAG_IMAP_PASSWORD": "p"}
	for _, tt := range []struct{ file, wantErr string }{
		{filepath.Join(dir, "missing.pem"), "imap.ca_file"},
		{notPEM, "no PEM certificate"},
	} {
		env := map[string]string{"VILLKORSINTAG_IMAP_CA_FILE": tt.file}
		for k, v := range base {
			env[k] = v
		}
		c, err := Load("", envOf(env))
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ca_file %s: error %v, want %q", tt.file, err, tt.wantErr)
		}
		if c.IMAP.CAFile != tt.file {
			t.Errorf("ca_file %q from the environment, want %q", c.IMAP.CAFile, tt.file)
		}
	}
}

func TestIMAPOAuth2(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	os.WriteFile(secret, []byte("s3cret\n"), 0o600)
	base := func(extra map[string]string) map[string]string {
		m := map[string]string{"VILLKORSINTAG_IMAP_ADDR": "outlook.office365.com:993", "VILLKORSINTAG_IMAP_USER": "villkorsrapport@myndighet.se",
			"VILLKORSINTAG_IMAP_AUTH": "oauth2"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	c, err := Load("", envOf(base(map[string]string{"VILLKORSINTAG_IMAP_OAUTH_TENANT": "myndighet.onmicrosoft.com",
		"VILLKORSINTAG_IMAP_OAUTH_CLIENT_ID": "app-id", "VILLKORSINTAG_IMAP_OAUTH_CLIENT_SECRET_FILE": secret})))
	if err != nil {
		t.Fatal(err)
	}
	o := c.IMAP.OAuth
	if o.TokenURL != "https://login.microsoftonline.com/myndighet.onmicrosoft.com/oauth2/v2.0/token" || o.ClientSecret != "s3cret" ||
		o.Scope != DefaultOAuthScope || o.ClientID != "app-id" || c.IMAP.Password != "" {
		t.Errorf("oauth %+v", o)
	}
	for _, tt := range []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"nothing set", nil, []string{"imap.oauth.token_url or imap.oauth.tenant: required", "imap.oauth.client_id: required", "client secret"}},
		{"both token_url and tenant", map[string]string{"VILLKORSINTAG_IMAP_OAUTH_TENANT": "t", "VILLKORSINTAG_IMAP_OAUTH_TOKEN_URL": "https://x/token",
			"VILLKORSINTAG_IMAP_OAUTH_CLIENT_ID": "a", "VILLKORSINTAG_IMAP_OAUTH_CLIENT_SECRET": "s"}, []string{"not both"}},
		{"http token url", map[string]string{"VILLKORSINTAG_IMAP_OAUTH_TOKEN_URL": "http://idp.example.se/token",
			"VILLKORSINTAG_IMAP_OAUTH_CLIENT_ID": "a", "VILLKORSINTAG_IMAP_OAUTH_CLIENT_SECRET": "s"}, []string{"an https URL"}},
		{"unknown auth", map[string]string{"VILLKORSINTAG_IMAP_AUTH": "kerberos"}, []string{`imap.auth "kerberos": password or oauth2`}},
	} {
		_, err := Load("", envOf(base(tt.env)))
		for _, w := range tt.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %v lacks %q", tt.name, err, w)
			}
		}
	}
	// loopback http is fine (tests, a local proxy)
	if _, err := Load("", envOf(base(map[string]string{"VILLKORSINTAG_IMAP_OAUTH_TOKEN_URL": "http://127.0.0.1:9/token",
		"VILLKORSINTAG_IMAP_OAUTH_CLIENT_ID": "a", "VILLKORSINTAG_IMAP_OAUTH_CLIENT_SECRET": "s"}))); err != nil {
		t.Errorf("loopback token url: %v", err)
	}
	// a secret in the file is refused, with its line
	f := filepath.Join(dir, "c.yaml")
	os.WriteFile(f, []byte("imap:\n  auth: oauth2\n  oauth:\n    client_id: a\n    client_secret: s\n"), 0o600)
	if _, err := Load(f, envOf(nil)); err == nil || !strings.Contains(err.Error(), "line 5: imap.oauth.client_secret: a client secret does not belong in the file") {
		t.Errorf("client_secret in the file: %v", err)
	}
}

func TestSMTPOAuth2(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	os.WriteFile(secret, []byte("smtp-s3cret\n"), 0o600)
	base := func(extra map[string]string) map[string]string {
		m := map[string]string{"VILLKORSINTAG_IMAP_ADDR": "127.0.0.1:1143", "VILLKORSINTAG_IMAP_TLS": "none", "VILLKORSINTAG_IMAP_USER": "u",
			"VILLKORSINTAG_IMAP_PASSWORD": "p", "VILLKORSINTAG_SMTP_ENABLED": "true", "VILLKORSINTAG_SMTP_ADDR": "smtp.office365.com:587",
			"VILLKORSINTAG_SMTP_USER": "villkorsrapport@myndighet.se", "VILLKORSINTAG_SMTP_AUTH": "oauth2"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	ca := filepath.Join(dir, "ca.pem")
	os.WriteFile(ca, mailtlstest.NewCA(t, "Testmyndighetens CA").PEM, 0o644)
	c, err := Load("", envOf(base(map[string]string{"VILLKORSINTAG_SMTP_OAUTH_TENANT": "myndighet.onmicrosoft.com",
		"VILLKORSINTAG_SMTP_OAUTH_CLIENT_ID": "app-id", "VILLKORSINTAG_SMTP_OAUTH_CLIENT_SECRET_FILE": secret,
		"VILLKORSINTAG_SMTP_CA_FILE": ca})))
	if err != nil {
		t.Fatal(err)
	}
	o := c.SMTP.OAuth
	if o.TokenURL != "https://login.microsoftonline.com/myndighet.onmicrosoft.com/oauth2/v2.0/token" || o.ClientSecret != "smtp-s3cret" ||
		o.Scope != DefaultOAuthScope || o.ClientID != "app-id" || c.SMTP.CAFile != ca || c.SMTP.Auth != "oauth2" {
		t.Errorf("smtp %+v", c.SMTP)
	}
	if c.IMAP.OAuth.ClientSecret != "" || c.IMAP.Auth != "password" {
		t.Errorf("the SMTP client leaked into IMAP: %+v", c.IMAP)
	}
	c, err = Load("", envOf(base(map[string]string{"VILLKORSINTAG_SMTP_OAUTH_TOKEN_URL": "http://127.0.0.1:9/token",
		"VILLKORSINTAG_SMTP_OAUTH_CLIENT_ID": "a", "VILLKORSINTAG_SMTP_OAUTH_CLIENT_SECRET": "s", "VILLKORSINTAG_SMTP_OAUTH_SCOPE": "api://x/.default"})))
	if err != nil || c.SMTP.OAuth.Scope != "api://x/.default" || c.SMTP.OAuth.TokenURL != "http://127.0.0.1:9/token" {
		t.Errorf("token_url and scope from the environment: %v %+v", err, c.SMTP.OAuth)
	}

	// every problem at once, in the file and the environment
	f := filepath.Join(dir, "c.yaml")
	os.WriteFile(f, []byte(`smtp:
  enabled: true
  addr: smtp.office365.com:587
  tls: none
  auth: oauth2
  ca_file: `+filepath.Join(dir, "missing.pem")+`
  oauth:
    tenant: "a/b"
    client_secret: s
`), 0o600)
	_, err = Load(f, envOf(map[string]string{"VILLKORSINTAG_IMAP_ADDR": "127.0.0.1:1143", "VILLKORSINTAG_IMAP_TLS": "none",
		"VILLKORSINTAG_IMAP_USER": "u", "VILLKORSINTAG_IMAP_PASSWORD": "p"}))
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		"line 9: smtp.oauth.client_secret: a client secret does not belong in the file; use VILLKORSINTAG_SMTP_OAUTH_CLIENT_SECRET or smtp.oauth.client_secret_file",
		`smtp.tls none is only allowed for a loopback address`,
		"smtp.ca_file (VILLKORSINTAG_SMTP_CA_FILE): open",
		"smtp.user: required with smtp.auth oauth2",
		"smtp.auth oauth2 needs smtp.tls tls or starttls",
		`smtp.oauth.tenant "a/b": a tenant id or domain`,
		"smtp.oauth.client_id: required with smtp.auth oauth2 (VILLKORSINTAG_SMTP_OAUTH_CLIENT_ID)",
		"smtp oauth client secret: set VILLKORSINTAG_SMTP_OAUTH_CLIENT_SECRET",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if n := strings.Count(msg, "\n") + 1; n != 8 {
		t.Errorf("%d lines, want 8 (one per problem):\n%s", n, msg)
	}
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"VILLKORSINTAG_SMTP_AUTH": "cram-md5"}, `smtp.auth "cram-md5": password or oauth2 (VILLKORSINTAG_SMTP_AUTH)`},
		{map[string]string{"VILLKORSINTAG_SMTP_AUTH": "password"}, "smtp password for smtp.user villkorsrapport@myndighet.se: set VILLKORSINTAG_SMTP_PASSWORD"},
		{map[string]string{"VILLKORSINTAG_SMTP_OAUTH_TENANT": "t", "VILLKORSINTAG_SMTP_OAUTH_TOKEN_URL": "https://x/token",
			"VILLKORSINTAG_SMTP_OAUTH_CLIENT_ID": "a", "VILLKORSINTAG_SMTP_OAUTH_CLIENT_SECRET": "s"}, "smtp.oauth: token_url or tenant, not both"},
		{map[string]string{"VILLKORSINTAG_SMTP_OAUTH_TOKEN_URL": "http://idp.example.se/token",
			"VILLKORSINTAG_SMTP_OAUTH_CLIENT_ID": "a", "VILLKORSINTAG_SMTP_OAUTH_CLIENT_SECRET": "s"}, `smtp.oauth.token_url "http://idp.example.se/token": an https URL`},
		{map[string]string{"VILLKORSINTAG_SMTP_INSECURE_SKIP_VERIFY": "kanske"}, `VILLKORSINTAG_SMTP_INSECURE_SKIP_VERIFY "kanske": true or false`},
	} {
		if _, err := Load("", envOf(base(tt.env))); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error %v lacks %q", err, tt.want)
		}
	}
	// SMTP off: none of its settings are checked
	if _, err := Load("", envOf(map[string]string{"VILLKORSINTAG_IMAP_ADDR": "127.0.0.1:1143", "VILLKORSINTAG_IMAP_TLS": "none",
		"VILLKORSINTAG_IMAP_USER": "u", "VILLKORSINTAG_IMAP_PASSWORD": "p", "VILLKORSINTAG_SMTP_AUTH": "oauth2"})); err != nil {
		t.Errorf("smtp off: %v", err)
	}
}

// TestExampleDocumentsEveryKey: each key of the imap and smtp sections
// (and of their oauth blocks) appears in the example file's section,
// set or commented out.
func TestExampleDocumentsEveryKey(t *testing.T) {
	b, err := os.ReadFile("../../configs/villkorsintag.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	imapAt, smtpAt := strings.Index(text, "\nimap:\n"), strings.Index(text, "\nsmtp:\n")
	if imapAt < 0 || smtpAt < imapAt {
		t.Fatal("no imap: and smtp: sections")
	}
	sections := map[string]string{"imap": text[imapAt:smtpAt], "smtp": text[smtpAt:]}
	for name, typ := range map[string]reflect.Type{"imap": reflect.TypeOf(IMAP{}), "smtp": reflect.TypeOf(SMTP{})} {
		var keys []string
		var walk func(reflect.Type)
		walk = func(t reflect.Type) {
			for i := 0; i < t.NumField(); i++ {
				tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
				if tag == "" || tag == "-" {
					continue
				}
				keys = append(keys, tag)
				if t.Field(i).Type.Kind() == reflect.Struct && t.Field(i).Type != reflect.TypeOf(time.Duration(0)) {
					walk(t.Field(i).Type)
				}
			}
		}
		walk(typ)
		for _, k := range keys {
			if !strings.Contains(sections[name], " "+k+":") {
				t.Errorf("the example's %s section does not document %s", name, k)
			}
		}
	}
}

func TestMailAuthentication(t *testing.T) {
	base := map[string]string{"VILLKORSINTAG_IMAP_ADDR": "127.0.0.1:1143", "VILLKORSINTAG_IMAP_TLS": "none", "VILLKORSINTAG_IMAP_USER": "u",
		"VILLKORSINTAG_IMAP_PASSWORD": "p"}
	c, err := Load("", envOf(base))
	if err != nil || c.Mail.AuthServID != "" || c.Mail.RequireAuthenticated {
		t.Fatalf("defaults %+v, %v; want off", c.Mail, err)
	}
	base["VILLKORSINTAG_MAIL_AUTHSERV_ID"] = "mx.tillvaxtverket.se"
	base["VILLKORSINTAG_MAIL_REQUIRE_AUTHENTICATED"] = "true"
	if c, err = Load("", envOf(base)); err != nil || c.Mail.AuthServID != "mx.tillvaxtverket.se" || !c.Mail.RequireAuthenticated {
		t.Errorf("from the environment: %+v, %v", c.Mail, err)
	}
	base["VILLKORSINTAG_MAIL_AUTHSERV_ID"] = ""
	if _, err := Load("", envOf(base)); err == nil || !strings.Contains(err.Error(), "require_authenticated needs mail.authserv_id") {
		t.Errorf("required without an authserv-id: %v", err)
	}
	base["VILLKORSINTAG_MAIL_AUTHSERV_ID"] = "mx.tillvaxtverket.se; dkim=pass"
	if _, err := Load("", envOf(base)); err == nil || !strings.Contains(err.Error(), "mail.authserv_id") {
		t.Errorf("a whole field as the id: %v", err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	os.WriteFile(file, []byte("imap:\n  addr: 127.0.0.1:1143\n  tls: none\n  user: u\nmail:\n  authserv_id: microsoft365\n  require_authenticated: yes\n  authserv: x\n"), 0o600)
	_, err = Load(file, envOf(map[string]string{"VILLKORSINTAG_IMAP_PASSWORD": "p"}))
	if err == nil || !strings.Contains(err.Error(), "line 8") || !strings.Contains(err.Error(), "mail.authserv") {
		t.Errorf("unknown key under mail: %v", err)
	}
}
