package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/imapscript"
)

// TestServeChild is `serve` in a child process of TestServeStopsOnSignal.
func TestServeChild(t *testing.T) {
	if os.Getenv("VILLKORSINTAG_SERVE_CHILD") != "1" {
		t.Skip("run by TestServeStopsOnSignal")
	}
	os.Exit(Main([]string{"serve"}, os.Stdout, os.Stderr))
}

// serve ends within 10 s of SIGINT or SIGTERM whatever the mail server
// does, with timeouts far longer than that.
func TestServeStopsOnSignal(t *testing.T) {
	body := "From: a@b.se\r\nSubject: x\r\n\r\nhej\r\n"
	tests := []struct {
		name    string
		command string
		answer  string
		sig     syscall.Signal
	}{
		{"hung LOGIN, SIGINT", "LOGIN", "", syscall.SIGINT},
		{"silence mid-FETCH, SIGTERM", "UID FETCH", fmt.Sprintf("* 1 FETCH (UID 1 BODY[] {%d}\r\n%s", len(body), body[:10]), syscall.SIGTERM},
		{"literal that never ends, SIGINT", "UID FETCH", "* 1 FETCH (UID 1 BODY[] {40000000}\r\nabc", syscall.SIGINT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each waits out serve's grace for the message in hand
			reached := make(chan struct{}, 1)
			srv, err := imapscript.Start(imapscript.Options{Handle: func(s *imapscript.Session, tag, name, args string) bool {
				if name != tt.command || (name == "UID FETCH" && !strings.Contains(args, "BODY.PEEK[]")) {
					return false
				}
				if tt.answer != "" {
					s.Send("%s", tt.answer)
				}
				select {
				case reached <- struct{}{}:
				default:
				}
				s.Hang()
				return true
			}}, imapscript.Message{UID: 1, Raw: []byte(body)})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestServeChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), "VILLKORSINTAG_SERVE_CHILD=1", "VILLKORSINTAG_CONFIG=",
				"VILLKORSINTAG_DB="+filepath.Join(dir, "v.db"), "VILLKORSINTAG_HTTP_ADDR=127.0.0.1:0",
				"VILLKORSINTAG_IMAP_ADDR="+srv.Addr, "VILLKORSINTAG_IMAP_TLS=none", "VILLKORSINTAG_IMAP_USER=villkorsrapport",
				"VILLKORSINTAG_IMAP_PASSWORD=hemligt", "VILLKORSINTAG_IMAP_COMMAND_TIMEOUT=10m", "VILLKORSINTAG_IMAP_FETCH_TIMEOUT=1h")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			select {
			case <-reached:
			case err := <-exited:
				t.Fatalf("serve exited early (%v):\n%s", err, out.String())
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("the server never got %s:\n%s", tt.command, out.String())
			}
			time.Sleep(200 * time.Millisecond)
			start := time.Now()
			cmd.Process.Signal(tt.sig)
			select {
			case err := <-exited:
				took := time.Since(start)
				t.Logf("serve ended %v after %v (%v)", tt.sig, took.Round(time.Millisecond), err)
				if took > 10*time.Second {
					t.Errorf("serve took %v to stop, want at most 10s", took)
				}
				if err != nil {
					t.Errorf("exit: %v\n%s", err, out.String())
				}
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("serve still running 20s after %v:\n%s", tt.sig, out.String())
			}
		})
	}
}
