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
	if c.IMAP.Password != "hemligt" || c.IMAP.Addr != "imap.tillvaxtverket.se:993" || c.Log.Format != "json" {
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
