package poller

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/tillvaxtverket/villkorsintag/internal/testenv"
)

// dovecot is a throw-away Dovecot on 127.0.0.1: its own config, port,
// base_dir and Maildir, started with `dovecot -F` and stopped by signal.
type dovecot struct {
	t    testing.TB
	dir  string
	conf string
	bin  string
	Addr string
	// TLSAddr is the implicit-TLS listener, with ImplicitTLS.
	TLSAddr string
	cmd     *exec.Cmd
}

const dovecotUser, dovecotPassword = "villkorsrapport", "hemligt"

// startDovecot skips where Dovecot is not installed, except under CI,
// where a skip would hide the integration tests: there it fails.
func startDovecot(t testing.TB) *dovecot {
	t.Helper()
	return startDovecotWith(t, dovecotOptions{})
}

// dovecotOptions change the test server's configuration.
type dovecotOptions struct {
	// SSL is Dovecot's ssl settings (ssl, ssl_cert, ssl_key...); empty: ssl = no.
	SSL string
	// ImplicitTLS puts the listener on TLS from the first byte (993-style).
	ImplicitTLS bool
	// AuthMechanisms and PassDB replace the plain password setup; "{dir}"
	// in PassDB is the server's directory, where Files are written.
	AuthMechanisms, PassDB string
	Files                  map[string]string
}

func startDovecotWith(t testing.TB, o dovecotOptions) *dovecot {
	t.Helper()
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		if _, err2 := os.Stat("/usr/sbin/dovecot"); err2 == nil {
			bin = "/usr/sbin/dovecot"
		} else if os.Getenv("CI") == "true" {
			t.Fatal("dovecot is not installed, and CI must run the integration tests (.ci/run installs dovecot-imapd)")
		} else {
			testenv.Skip(t, "dovecot not installed: apt-get install dovecot-imapd")
		}
	}
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("the Dovecot tests run as root (mail_uid nobody)")
		}
		testenv.Skip(t, "the Dovecot tests run only as root")
	}
	dir, err := os.MkdirTemp("", "villkorsintag-dovecot-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	t.Cleanup(func() { os.RemoveAll(dir) })
	nobody, err := user.Lookup("nobody")
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(nobody.Uid)
	gid, _ := strconv.Atoi(nobody.Gid)
	mail := filepath.Join(dir, "mail")
	os.MkdirAll(mail, 0o755)
	os.Chown(mail, uid, gid)
	os.WriteFile(filepath.Join(dir, "passwd"), []byte(dovecotUser+":{PLAIN}"+dovecotPassword+"::::::\n"), 0o644)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	d := &dovecot{t: t, dir: dir, Addr: fmt.Sprintf("127.0.0.1:%d", port), conf: filepath.Join(dir, "dovecot.conf")}
	ssl, mechs := "ssl = no", "plain login"
	if o.SSL != "" {
		ssl = o.SSL
	}
	if o.AuthMechanisms != "" {
		mechs = o.AuthMechanisms
	}
	passdb := strings.ReplaceAll(o.PassDB, "{dir}", dir)
	for name, content := range o.Files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if passdb == "" {
		passdb = fmt.Sprintf("passdb {\n  driver = passwd-file\n  args = scheme=PLAIN %s/passwd\n}", dir)
	}
	imapPort, imapsPort := port, 0
	if o.ImplicitTLS {
		// the plain listener stays for the helpers (Append, Count)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		imapsPort = ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		d.TLSAddr = fmt.Sprintf("127.0.0.1:%d", imapsPort)
	}
	conf := fmt.Sprintf(`base_dir = %[1]s/run
state_dir = %[1]s/state
instance_name = villkorsintag-test-%[2]d
log_path = %[1]s/dovecot.log
info_log_path = %[1]s/dovecot.log
protocols = imap
listen = 127.0.0.1
%[5]s
disable_plaintext_auth = no
auth_mechanisms = %[6]s
mail_location = maildir:~/Maildir
# a throw-away server: no fsync per delivery and move (a stop is a signal,
# never a power cut, so nothing the tests look at depends on it)
mail_fsync = never
mail_uid = %[3]d
mail_gid = %[4]d
first_valid_uid = 1
first_valid_gid = 1
%[7]s
userdb {
  driver = static
  args = home=%[1]s/mail/%%u
}
# processes are kept for the next connection (Dovecot's high-performance
# mode): a login costs a millisecond, not a fork and exec of imap-login
# and imap each (tens of milliseconds), and the tests log in often
service imap-login {
  service_count = 0
  process_limit = 4
  inet_listener imap {
    address = 127.0.0.1
    port = %[8]d
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = %[9]d
  }
}
service imap {
  service_count = 0
  process_limit = 32
}
`, dir, port, uid, gid, ssl, mechs, passdb, imapPort, imapsPort)
	if err := os.WriteFile(d.conf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	d.bin = bin
	d.Start()
	t.Cleanup(d.Stop)
	return d
}

// Start starts (or restarts) the server and waits until it accepts.
func (d *dovecot) Start() {
	d.t.Helper()
	d.cmd = exec.Command(d.bin, "-c", d.conf, "-F")
	var out bytes.Buffer
	d.cmd.Stdout, d.cmd.Stderr = &out, &out
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // Stop signals the whole group
	if err := d.cmd.Start(); err != nil {
		d.t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c, err := net.Dial("tcp", d.Addr); err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(d.dir, "dovecot.log"))
			d.t.Fatalf("dovecot did not start: %s\n%s", out.String(), log)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Stop stops the server and waits for it to exit.
func (d *dovecot) Stop() {
	if d.cmd == nil || d.cmd.Process == nil {
		return
	}
	// the master alone waits up to 30 s for clients in IDLE; the group
	// stops at once. Once its processes have exited the master still
	// sleeps up to a second before it notices: it holds no mail, so it
	// is killed then.
	master := d.cmd.Process.Pid
	syscall.Kill(-master, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { d.cmd.Wait(); close(done) }()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
wait:
	for {
		select {
		case <-done:
			break wait
		case <-tick.C:
			if !groupBusy(master) {
				syscall.Kill(master, syscall.SIGKILL)
			}
		case <-deadline:
			syscall.Kill(-master, syscall.SIGKILL)
			<-done
			break wait
		}
	}
	// a master killed while it held the dotlock of its list of instances
	// leaves it, and the next one waits 10 s on it
	os.Remove(filepath.Join(d.dir, "state", "instances.lock"))
	d.cmd = nil
}

// groupBusy reports whether a process of the process group other than
// its leader is still running (not a zombie).
func groupBusy(leader int) bool {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return true
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == leader {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(stat[i+1:]))
		if len(f) >= 3 && f[2] == strconv.Itoa(leader) && f[0] != "Z" && f[0] != "X" {
			return true
		}
	}
	return false
}

// client logs in as the test user.
func (d *dovecot) client() *imapclient.Client {
	d.t.Helper()
	c, err := imapclient.DialInsecure(d.Addr, nil)
	if err != nil {
		d.t.Fatal(err)
	}
	if err := c.Login(dovecotUser, dovecotPassword).Wait(); err != nil {
		log, _ := os.ReadFile(filepath.Join(d.dir, "dovecot.log"))
		d.t.Fatalf("%v\n%s", err, log)
	}
	return c
}

// Append delivers messages to a mailbox over IMAP, with their arrival time.
func (d *dovecot) Append(mailbox string, msgs [][]byte, at time.Time) {
	d.t.Helper()
	c := d.client()
	defer c.Close()
	for _, raw := range msgs {
		cmd := c.Append(mailbox, int64(len(raw)), &imap.AppendOptions{Time: at})
		cmd.Write(raw)
		cmd.Close()
		if _, err := cmd.Wait(); err != nil {
			d.t.Fatal(err)
		}
	}
}

// Count returns a mailbox's number of messages (-1 if it does not exist).
func (d *dovecot) Count(mailbox string) int {
	c, err := imapclient.DialInsecure(d.Addr, nil)
	if err != nil {
		return -1
	}
	defer c.Close()
	if err := c.Login(dovecotUser, dovecotPassword).Wait(); err != nil {
		return -1
	}
	st, err := c.Status(mailbox, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		return -1
	}
	return int(*st.NumMessages)
}

// variantMessage returns a fixture message with its own Message-ID, so
// that each one is a different message.
func variantMessage(raw []byte, i int) []byte {
	return bytes.Replace(raw, []byte("Message-ID: <"), []byte(fmt.Sprintf("Message-ID: <v%d.", i)), 1)
}
