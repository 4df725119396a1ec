package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReminders(t *testing.T) {
	base := "imap: {addr: \"127.0.0.1:1143\", tls: none, user: u}\n"
	env := map[string]string{"VILLKORSINTAG_IMAP_PASSWORD": "p"}
	smtpOn := "smtp: {enabled: true, addr: \"127.0.0.1:25\", tls: none}\n"
	tests := []struct {
		name, file string
		env        map[string]string
		enabled    bool
		days       []int
		wantErrs   []string
	}{
		{"default: off, 14 and 3", "", nil, false, []int{14, 3}, nil},
		{"a list", smtpOn + "reminders: {enabled: true, days_before: [10, 5, 1]}\n", nil, true, []int{10, 5, 1}, nil},
		{"one number", smtpOn + "reminders: {enabled: true, days_before: 7}\n", nil, true, []int{7}, nil},
		{"from the environment", smtpOn, map[string]string{"VILLKORSINTAG_REMINDERS_ENABLED": "true", "VILLKORSINTAG_REMINDERS_DAYS_BEFORE": "21, 2"}, true, []int{21, 2}, nil},
		{"without smtp", "reminders: {enabled: true}\n", nil, false, nil, []string{"reminders.enabled needs smtp.enabled"}},
		{"every problem at once", "reminders: {enabled: true, days_before: [-1, 400, 3, 3]}\n", nil, false, nil,
			[]string{"reminders.days_before -1", "reminders.days_before 400", "each day once", "reminders.enabled needs smtp.enabled"}},
		{"enabled without days", smtpOn + "reminders: {enabled: true, days_before: []}\n", nil, false, nil, []string{"at least one day"}},
		{"not a number", "reminders: {days_before: [soon]}\nimap: {nonsense: 1}\n", nil, false, nil, []string{"soon", "unknown key imap.nonsense"}},
		{"unknown key", "reminders: {enable: true}\n", nil, false, nil, []string{"unknown key reminders.enable"}},
		{"bad environment", "", map[string]string{"VILLKORSINTAG_REMINDERS_ENABLED": "ja", "VILLKORSINTAG_REMINDERS_DAYS_BEFORE": "två"}, false, nil,
			[]string{"VILLKORSINTAG_REMINDERS_ENABLED", "VILLKORSINTAG_REMINDERS_DAYS_BEFORE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			content := tt.file
			if !strings.Contains(content, "imap:") {
				content = base + content
			}
			os.WriteFile(path, []byte(content), 0o600)
			e := map[string]string{}
			for k, v := range env {
				e[k] = v
			}
			for k, v := range tt.env {
				e[k] = v
			}
			c, err := Load(path, envOf(e))
			if tt.wantErrs != nil {
				if err == nil {
					t.Fatalf("no error, want %v", tt.wantErrs)
				}
				for _, w := range tt.wantErrs {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not name %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Reminders.Enabled != tt.enabled || !slices.Equal(c.Reminders.DaysBefore, tt.days) {
				t.Errorf("reminders %+v, want enabled %v, days %v", c.Reminders, tt.enabled, tt.days)
			}
		})
	}
}
