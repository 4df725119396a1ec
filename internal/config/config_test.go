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
