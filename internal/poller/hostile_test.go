package poller

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"log/slog"
	"math"
	"math/big"
	"net"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/imapscript"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// The hostile-server tests: a scripted server misbehaves in one way each;
// the poller must stay within bounded time and memory, drop the
// connection with a reason in the log, and reconnect (or stop) on time.
// The bounds are generous: they tell "bounded" from "never".

// syncBuffer is a log sink safe for the poller's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type hostile struct {
	t    *testing.T
	srv  *imapscript.Server
	st   *store.Store
	cfg  config.IMAP
	logs *syncBuffer
}

func newHostile(t *testing.T, opts imapscript.Options, msgs ...imapscript.Message) *hostile {
	t.Helper()
	srv, err := imapscript.Start(opts, msgs...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default().IMAP
	cfg.Addr, cfg.TLS, cfg.User, cfg.Password = srv.Addr, "none", "villkorsrapport", "hemligt"
	cfg.PollInterval = 200 * time.Millisecond
	cfg.CommandTimeout, cfg.FetchTimeout = time.Second, 3*time.Second
	return &hostile{t: t, srv: srv, st: st, cfg: cfg, logs: &syncBuffer{}}
}

func (h *hostile) poller() *Poller {
	p := New(h.cfg, ingest.New(h.st, orgs.Default(), "poller"), slog.New(slog.NewTextHandler(h.logs, nil)), NewMetrics())
	p.minBackoff = 50 * time.Millisecond
	return p
}

// run starts the poller; stop cancels it and fails the test unless Run
// returns within limit.
func (h *hostile) run(p *Poller) (stop func(limit time.Duration)) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	stopped := false
	stop = func(limit time.Duration) {
		h.t.Helper()
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case <-done:
		case <-time.After(limit):
			h.t.Fatalf("Run did not return within %v of the stop\nlog:\n%s", limit, h.logs.String())
		}
	}
	h.t.Cleanup(func() { stop(15 * time.Second) })
	return stop
}

func (h *hostile) waitFor(limit time.Duration, what string, cond func() bool) {
	h.t.Helper()
	if !imapscript.Eventually(limit, cond) {
		h.t.Fatalf("no %s within %v (sessions %d)\nlog:\n%s", what, limit, h.srv.Sessions(), h.logs.String())
	}
}

// allocated is the bytes allocated by the whole process since start.
func allocated() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

func (h *hostile) count(query string) int {
	var n int
	if err := h.st.DB().Get(&n, query); err != nil {
		h.t.Fatal(err)
	}
	return n
}

const tinyMail = "From: a@b.se\r\nTo: c@d.se\r\nSubject: x\r\n\r\nhej\r\n"

// A search answer the poller must not trust: each gets the session
// dropped, with the reason logged, and a reconnect, in bounded memory.
// Before the guards, "* SEARCH 4294967295" and "ALL 1:4294967295" spun
// in go-imap's UIDSet.Nums until the process ran out of memory.
func TestHostileSearchAnswers(t *testing.T) {
	tests := []struct {
		name   string
		answer string // %s is the tag
		want   string // in the log
	}{
		{"UID 4294967295 that does not exist", "* SEARCH 4294967295", "no data for UID 4294967295"},
		{"ESEARCH, absurd range", `* ESEARCH (TAG "%s") UID ALL 1:4294967295`, "names 4294967295 UIDs"},
		{"ESEARCH reversed range", `* ESEARCH (TAG "%s") UID ALL 4294967295:2`, "names 4294967294 UIDs"},
		{"ESEARCH with sequence numbers", `* ESEARCH (TAG "%s") ALL 1:4294967295`, "sequence numbers"},
		// go-imap beta.8 cannot parse an ESEARCH without a correlator:
		// the connection ends, which is bounded too
		{"unsolicited ESEARCH", "* ESEARCH UID ALL 1:4294967295", "imap session ended"},
		{"ESEARCH with *", `* ESEARCH (TAG "%s") UID ALL 1:*`, "dynamic"},
		{"SEARCH with *", "* SEARCH *", "imap session ended"},
		{"SEARCH with a range", "* SEARCH 1:4294967295", "imap session ended"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := allocated()
			h := newHostile(t, imapscript.Options{Handle: func(s *imapscript.Session, tag, name, args string) bool {
				if name != "UID SEARCH" {
					return false
				}
				answer := tt.answer
				if strings.Contains(answer, "%s") {
					answer = fmt.Sprintf(answer, tag)
				}
				s.Send("%s", answer)
				s.Send("%s OK done", tag)
				return true
			}}, imapscript.Message{UID: 1, Raw: []byte(tinyMail)})
			stop := h.run(h.poller())
			h.waitFor(10*time.Second, "reconnect", func() bool { return h.srv.Count("UID SEARCH") >= 3 })
			stop(5 * time.Second)
			if !strings.Contains(h.logs.String(), tt.want) {
				t.Errorf("log lacks %q:\n%s", tt.want, h.logs.String())
			}
			if n := h.count(`SELECT count(*) FROM messages`); n != 0 {
				t.Errorf("%d messages stored", n)
			}
			if got := allocated() - before; got > 64<<20 {
				t.Errorf("allocated %d MiB, want well under 64", got>>20)
			}
		})
	}
}

// UID 4294967295 is a valid UID: it is processed once, and nothing is
// searched for past it (last+1 would wrap to "*").
func TestHighestUIDIsProcessedOnce(t *testing.T) {
	h := newHostile(t, imapscript.Options{}, imapscript.Message{UID: math.MaxUint32, Raw: mailBytes(t, "noattachment.eml")})
	h.cfg.PollInterval = 20 * time.Millisecond
	p := h.poller()
	stop := h.run(p)
	h.waitFor(10*time.Second, "move", func() bool { return h.srv.Moved(math.MaxUint32) != "" })
	searches, polls := h.srv.Count("UID SEARCH"), p.polls.Load()
	h.waitFor(10*time.Second, "three more polls", func() bool { return p.polls.Load() >= polls+3 })
	stop(5 * time.Second)
	if n := h.srv.Count("UID SEARCH"); n != searches {
		t.Errorf("%d more searches after the highest UID", n-searches)
	}
	if n := h.count(`SELECT count(*) FROM messages`); n != 1 {
		t.Errorf("%d messages stored, want 1", n)
	}
	st, err := h.st.MailboxState(context.Background(), h.cfg.User+"@"+h.cfg.Addr+"/INBOX")
	if err != nil || st.LastUID != math.MaxUint32 {
		t.Errorf("checkpoint %d (%v), want 4294967295", st.LastUID, err)
	}
}

func mailBytes(t *testing.T, name string) []byte { return mail(t, name) }

// The body literal on the wire is what counts: RFC822.SIZE says 100
// bytes, the literal 64 MiB (or 4 GiB, never sent). The message is not
// read: the connection is dropped at the literal's header, the real size
// recorded, and the next session moves it to the error folder unread.
func TestHostileBodyLargerThanAnnounced(t *testing.T) {
	tests := []struct {
		name string
		size int64 // announced by the literal
		send int64 // bytes then sent
	}{
		{"64 MiB sent", 64 << 20, 64 << 20},
		{"4 GiB announced, nothing sent", 1 << 32, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := allocated()
			chunk := bytes.Repeat([]byte("x"), 1<<20)
			h := newHostile(t, imapscript.Options{Handle: func(s *imapscript.Session, tag, name, args string) bool {
				if name != "UID FETCH" || !strings.Contains(args, "BODY.PEEK[]") {
					return false
				}
				s.Write([]byte(fmt.Sprintf("* 1 FETCH (UID 1 BODY[] {%d}\r\n", tt.size)))
				for sent := int64(0); sent < tt.send; sent += int64(len(chunk)) {
					if _, err := s.Write(chunk); err != nil {
						return true
					}
				}
				s.Hang()
				return true
			}}, imapscript.Message{UID: 1, Raw: []byte(tinyMail), Size: 100})
			h.cfg.MaxMessageBytes = 1 << 20
			stop := h.run(h.poller())
			h.waitFor(10*time.Second, "move to the error folder", func() bool { return h.srv.Moved(1) != "" })
			stop(5 * time.Second)
			if got := h.srv.Moved(1); got != "Behandlade/Fel" {
				t.Errorf("moved to %q, want the error folder", got)
			}
			var size int64
			var reason string
			if err := h.st.DB().QueryRow(`SELECT size, reason FROM mailbox_errors WHERE uid = 1`).Scan(&size, &reason); err != nil {
				t.Fatal(err)
			}
			if size != tt.size || !strings.Contains(reason, "servern uppgav 100") {
				t.Errorf("recorded size %d, reason %q; want %d and the announced 100", size, reason, tt.size)
			}
			if n := h.count(`SELECT count(*) FROM messages`); n != 0 {
				t.Errorf("%d messages stored", n)
			}
			if h.srv.Count("UID FETCH") > 4 {
				t.Errorf("%d fetches: the body was fetched again after the drop", h.srv.Count("UID FETCH"))
			}
			if got := allocated() - before; got > 32<<20 {
				t.Errorf("allocated %d MiB for a 1 MiB limit", got>>20)
			}
			if tt.send > 0 && h.srv.Written() > tt.send/2 {
				t.Errorf("the server got %d MiB of %d MiB out: the client read on", h.srv.Written()>>20, tt.send>>20)
			}
			if !strings.Contains(h.logs.String(), "larger than the server said") {
				t.Errorf("no log line for it:\n%s", h.logs.String())
			}
		})
	}
}

// A literal of 4 GiB announced where only small strings belong (a
// mailbox name in LIST, an unsolicited FETCH while idle) drops the
// connection at once, with the size in the log.
func TestHostileHugeLiteralElsewhere(t *testing.T) {
	tests := []struct {
		name    string
		command string
		answer  string
	}{
		{"in LIST", "LIST", `* LIST () "/" {4294967296}`},
		{"unsolicited, while idle", "IDLE", "+ idling\r\n* 1 FETCH (UID 1 BODY[] {4294967296}"},
		{"in the sizes fetch", "UID FETCH", `* 1 FETCH (UID 1 RFC822.SIZE 10 INTERNALDATE "10-Feb-2024 09:00:00 +0100" BODY[HEADER] {4294967296}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHostile(t, imapscript.Options{Handle: func(s *imapscript.Session, tag, name, args string) bool {
				if name != tt.command {
					return false
				}
				s.Send("%s", tt.answer)
				s.Write(bytes.Repeat([]byte("y"), 64<<10))
				s.Hang()
				return true
			}}, imapscript.Message{UID: 1, Raw: []byte(tinyMail)})
			h.cfg.CommandTimeout = time.Minute // the literal cap, not a timeout, must end it
			stop := h.run(h.poller())
			h.waitFor(10*time.Second, "reconnect", func() bool { return h.srv.Count(tt.command) >= 2 })
			stop(5 * time.Second)
			if want := "announced a literal of 4294967296 bytes"; !strings.Contains(h.logs.String(), want) {
				t.Errorf("log lacks %q:\n%s", want, h.logs.String())
			}
		})
	}
}

// A server that stops answering, at any point, costs command_timeout
// (1 s here) and a reconnect, never a hang.
func TestHostileSilence(t *testing.T) {
	body := []byte(tinyMail)
	tests := []struct {
		name    string
		command string
		answer  string
		want    string
	}{
		{"LOGIN never answered", "LOGIN", "", "no complete answer within 1s"},
		{"SELECT half answered", "SELECT", "* 1 EXISTS", "no complete answer within 1s"},
		{"silence mid-FETCH", "UID FETCH", fmt.Sprintf("* 1 FETCH (UID 1 BODY[] {%d}\r\n%s", len(body), body[:10]), "silent for 1s"},
		{"IDLE never confirmed", "IDLE", "", "no complete answer within 1s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each waits out command_timeout twice
			h := newHostile(t, imapscript.Options{Handle: func(s *imapscript.Session, tag, name, args string) bool {
				if name != tt.command || (name == "UID FETCH" && !strings.Contains(args, "BODY.PEEK[]")) {
					return false
				}
				if tt.answer != "" {
					s.Send("%s", tt.answer)
				}
				s.Hang()
				return true
			}}, imapscript.Message{UID: 1, Raw: body})
			if tt.command == "IDLE" {
				h.cfg.MaxMessageBytes = 1 << 20
			}
			stop := h.run(h.poller())
			h.waitFor(15*time.Second, "reconnect", func() bool { return h.srv.Count(tt.command) >= 3 })
			stop(5 * time.Second)
			if !strings.Contains(h.logs.String(), tt.want) {
				t.Errorf("log lacks %q:\n%s", tt.want, h.logs.String())
			}
		})
	}
}

// A stop ends Run within the grace for the message in hand plus a little,
// whatever the server does, with timeouts far longer than that.
func TestStopWhateverTheServerDoes(t *testing.T) {
	body := []byte(tinyMail)
	tests := []struct {
		name    string
		command string
		answer  string
	}{
		{"hung LOGIN", "LOGIN", ""},
		{"hung greeting", "", ""},
		{"literal that never ends", "UID FETCH", "* 1 FETCH (UID 1 BODY[] {900000}\r\nabc"},
		{"silence mid-FETCH", "UID FETCH", fmt.Sprintf("* 1 FETCH (UID 1 BODY[] {%d}\r\n%s", len(body), body[:10])},
		{"hung DONE", "DONE", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // the ones with a message in hand wait out the grace
			reached := make(chan struct{}, 1)
			opts := imapscript.Options{Handle: func(s *imapscript.Session, tag, name, args string) bool {
				if tt.command == "DONE" && name == "IDLE" {
					s.Send("+ idling")
					s.ReadLine() // DONE, never answered
					reached <- struct{}{}
					s.Hang()
					return true
				}
				if name != tt.command || (name == "UID FETCH" && !strings.Contains(args, "BODY.PEEK[]")) {
					return false
				}
				if tt.answer != "" {
					s.Send("%s", tt.answer)
				}
				reached <- struct{}{}
				s.Hang()
				return true
			}}
			var msgs []imapscript.Message
			if tt.command == "UID FETCH" {
				msgs = append(msgs, imapscript.Message{UID: 1, Raw: body})
			}
			h := newHostile(t, opts, msgs...)
			if tt.command == "" {
				h.cfg.Addr = silentListener(t, reached) // accepts, never greets
			}
			h.cfg.CommandTimeout, h.cfg.FetchTimeout = 5*time.Minute, time.Hour
			h.cfg.PollInterval = 300 * time.Millisecond // IDLE ends (DONE) soon
			p := h.poller()
			p.shutdownGrace = time.Second
			stop := h.run(p)
			select {
			case <-reached:
			case <-time.After(10 * time.Second):
				t.Fatalf("the server never got %s\n%s", tt.command, h.logs.String())
			}
			time.Sleep(100 * time.Millisecond)
			start := time.Now()
			stop(4 * time.Second)
			t.Logf("stopped in %v", time.Since(start).Round(time.Millisecond))
		})
	}
}

// silentListener accepts connections and never writes; accepted gets a
// value for each connection.
func silentListener(t *testing.T, accepted chan<- struct{}) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			select {
			case accepted <- struct{}{}:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

func TestLiteralScanner(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		max    int64
		ok     bool
		size   int64
	}{
		{"small literal", []string{"* 1 FETCH (BODY[] {5}\r\nhello)\r\n"}, 10, true, 0},
		{"too large", []string{"* LIST () \"/\" {4294967296}\r\n"}, 1 << 20, false, 4294967296},
		{"split header", []string{"* LIST () \"/\" {42949", "67296}", "\r", "\n"}, 1 << 20, false, 4294967296},
		{"lone LF, space", []string{"x {2000} \nabc"}, 1000, false, 2000},
		{"header inside a literal is content", []string{"* 1 FETCH (BODY[] {20}\r\n{99999999}\r\nabcdefghi)\r\n"}, 100, true, 0},
		{"brace text, not a header", []string{"* OK {12x}\r\n* OK {5 }\r\n"}, 1, true, 0},
		{"no cap", []string{"{4294967296}\r\n"}, 0, true, 0},
		{"absurd digits", []string{"{99999999999999999999999999}\r\n"}, 1 << 20, false, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s literalScanner
			ok, size := true, int64(0)
			for _, c := range tt.chunks {
				if size, ok = s.feed([]byte(c), tt.max); !ok {
					break
				}
			}
			if ok != tt.ok || size != tt.size {
				t.Errorf("ok %v size %d, want %v %d", ok, size, tt.ok, tt.size)
			}
		})
	}
}

func TestUIDRanges(t *testing.T) {
	uidSet := func(rs ...imap.UIDRange) imap.UIDSet { return imap.UIDSet(rs) }
	tests := []struct {
		name   string
		all    imap.NumSet
		exists uint32
		after  uint32
		want   []imap.UID // first batch of 3
		n      uint64     // UIDs in all, above after
		err    string
	}{
		{"plain", imap.UIDSetNum(3, 1, 2, 9), 4, 1, []imap.UID{2, 3, 9}, 3, ""},
		{"none", nil, 4, 0, nil, 0, ""},
		{"highest UID", imap.UIDSetNum(math.MaxUint32), 1, 0, []imap.UID{math.MaxUint32}, 1, ""},
		{"range to the top, small", uidSet(imap.UIDRange{Start: math.MaxUint32 - 1, Stop: math.MaxUint32}), 2, 0, []imap.UID{math.MaxUint32 - 1, math.MaxUint32}, 2, ""},
		{"absurd range", uidSet(imap.UIDRange{Start: 1, Stop: math.MaxUint32}), 3, 0, nil, 0, "names 4294967295 UIDs"},
		{"absurd but EXISTS lies too: walked lazily", uidSet(imap.UIDRange{Start: 1, Stop: math.MaxUint32}), math.MaxUint32, 10, []imap.UID{11, 12, 13}, math.MaxUint32 - 10, ""},
		{"star", uidSet(imap.UIDRange{Start: 5, Stop: 0}), 3, 0, nil, 0, `holds "*"`},
		{"sequence numbers", imap.SeqSetNum(1, 2), 3, 0, nil, 0, "sequence numbers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := uidRanges(tt.all, tt.exists)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := newUIDCursor(rs, tt.after)
			if n := c.remaining(); n != tt.n {
				t.Errorf("remaining %d, want %d", n, tt.n)
			}
			got := c.take(3)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("first batch %v, want %v", got, tt.want)
			}
			if len(tt.want) < 3 {
				if more := c.take(3); len(more) != 0 {
					t.Errorf("then %v, want nothing", more)
				}
			}
		})
	}
}

// selfSigned is a throw-away certificate for 127.0.0.1.
func selfSigned(t *testing.T) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}

// With TLS (implicit, or STARTTLS done by the poller itself) the guard
// sits above the encryption and the session works end to end; bytes
// slipped in between STARTTLS's OK and the handshake are refused.
func TestTLSModes(t *testing.T) {
	tests := []struct {
		name   string
		mode   string
		opts   imapscript.Options
		moved  bool
		inLogs string
	}{
		{"implicit TLS", "tls", imapscript.Options{ImplicitTLS: true}, true, "imap session ready"},
		{"STARTTLS", "starttls", imapscript.Options{}, true, "imap session ready"},
		{"STARTTLS with injected bytes", "starttls", imapscript.Options{InjectAfterSTARTTLS: "\r\n* OK [CAPABILITY IMAP4rev1] injected"}, false,
			"before the TLS handshake"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.TLS = selfSigned(t)
			h := newHostile(t, tt.opts, imapscript.Message{UID: 1, Raw: mailBytes(t, "noattachment.eml")})
			h.cfg.TLS, h.cfg.InsecureSkipVerify = tt.mode, true
			stop := h.run(h.poller())
			if tt.moved {
				h.waitFor(10*time.Second, "move", func() bool { return h.srv.Moved(1) != "" })
			} else {
				h.waitFor(10*time.Second, "reconnect", func() bool { return h.srv.Sessions() >= 2 })
			}
			stop(5 * time.Second)
			if !strings.Contains(h.logs.String(), tt.inLogs) {
				t.Errorf("log lacks %q:\n%s", tt.inLogs, h.logs.String())
			}
			if !tt.moved && (h.srv.Count("LOGIN") != 0 || h.srv.Moved(1) != "") {
				t.Errorf("the session went on after injected bytes: %d LOGINs", h.srv.Count("LOGIN"))
			}
		})
	}
}
