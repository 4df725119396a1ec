package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
