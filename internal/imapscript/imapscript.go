// Package imapscript is a scripted IMAP server for tests: it speaks just
// enough IMAP for the poller (greeting, CAPABILITY, LOGIN, LIST, CREATE,
// SELECT, UID SEARCH, UID FETCH, UID MOVE, UID COPY, UID STORE, EXPUNGE,
// UID EXPUNGE, IDLE, STARTTLS), and a test
// hook may answer any command its own way: wrongly, hugely, or never.
package imapscript

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Message is one message in the scripted mailbox.
type Message struct {
	UID uint32
	Raw []byte
	// Size, if not zero, is the RFC822.SIZE announced instead of the real one.
	Size int64
}

// Handler answers a command first; it reports whether it did. name is
// upper case, with "UID " for UID commands; args is the rest of the line.
type Handler func(s *Session, tag, name, args string) bool

// Options shape the server.
type Options struct {
	Caps     string // default "IMAP4rev1 IDLE MOVE UIDPLUS"
	Greeting string // default "* OK scripted server ready"
	Handle   Handler
	// TLS, if set, offers STARTTLS with this configuration, or with
	// ImplicitTLS speaks TLS from the first byte.
	TLS         *tls.Config
	ImplicitTLS bool
	// InjectAfterSTARTTLS is sent in the same packet as the OK to
	// STARTTLS, before the handshake (a man in the middle's trick).
	InjectAfterSTARTTLS string
}

// Server is a running scripted server on 127.0.0.1.
type Server struct {
	Addr string
	opts Options
	ln   net.Listener

	mu       sync.Mutex
	messages map[uint32]*Message
	moved    map[uint32]string
	copies   map[uint32][]string
	flags    map[uint32]map[string]bool
	expunged map[uint32]bool
	commands []string
	sessions int
	written  int64
	done     chan struct{}
	wg       sync.WaitGroup
	conns    map[net.Conn]bool
}

// Start listens on a free port with the given messages in INBOX.
func Start(opts Options, msgs ...Message) (*Server, error) {
	if opts.Caps == "" {
		opts.Caps = "IMAP4rev1 IDLE MOVE UIDPLUS"
	}
	if opts.Greeting == "" {
		opts.Greeting = "* OK scripted server ready"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	if opts.ImplicitTLS {
		ln = tls.NewListener(ln, opts.TLS)
	}
	s := &Server{Addr: ln.Addr().String(), opts: opts, ln: ln, messages: map[uint32]*Message{}, moved: map[uint32]string{},
		copies: map[uint32][]string{}, flags: map[uint32]map[string]bool{}, expunged: map[uint32]bool{},
		done: make(chan struct{}), conns: map[net.Conn]bool{}}
	for i := range msgs {
		m := msgs[i]
		s.messages[m.UID] = &m
	}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Close stops the server and ends every session.
func (s *Server) Close() {
	select {
	case <-s.done:
		return
	default:
	}
	close(s.done)
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// Sessions is how many connections the server took.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

// Count is how many times a command (e.g. "LOGIN", "UID FETCH") came in.
func (s *Server) Count(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.commands {
		if c == name {
			n++
		}
	}
	return n
}

// Moved is the folder a message was moved to, or "".
func (s *Server) Moved(uid uint32) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.moved[uid]
}

// Copies are the folders a message was copied to, in order.
func (s *Server) Copies(uid uint32) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.copies[uid]...)
}

// Expunged reports whether a message was expunged.
func (s *Server) Expunged(uid uint32) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.expunged[uid]
}

// HasFlag reports whether a message has a flag (such as \Deleted).
func (s *Server) HasFlag(uid uint32, flag string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flags[uid][flag]
}

// SetFlag sets a flag on a message, as another client would.
func (s *Server) SetFlag(uid uint32, flag string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flags[uid] == nil {
		s.flags[uid] = map[string]bool{}
	}
	s.flags[uid][flag] = true
}

// Written is how many bytes the server managed to send, all sessions.
func (s *Server) Written() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.sessions++
		s.conns[c] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() {
				c.Close()
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
			}()
			sess := &Session{srv: s, conn: c, r: bufio.NewReader(c)}
			sess.serve()
		}()
	}
}

// Session is one client connection.
type Session struct {
	srv  *Server
	conn net.Conn
	r    *bufio.Reader
}

// Send writes one line (CRLF added).
func (s *Session) Send(format string, args ...any) error {
	_, err := s.Write([]byte(fmt.Sprintf(format, args...) + "\r\n"))
	return err
}

// Write sends raw bytes, counting them.
func (s *Session) Write(b []byte) (int, error) {
	n, err := s.conn.Write(b)
	s.srv.mu.Lock()
	s.srv.written += int64(n)
	s.srv.mu.Unlock()
	return n, err
}

// Hang waits, saying nothing, until the client goes away or the server
// is closed; it reports false then, for a handler to return.
func (s *Session) Hang() {
	gone := make(chan struct{})
	go func() {
		buf := make([]byte, 512)
		for {
			if _, err := s.r.Read(buf); err != nil {
				close(gone)
				return
			}
		}
	}()
	select {
	case <-gone:
	case <-s.srv.done:
		s.conn.Close()
		<-gone
	}
}

// Close ends the session: the server hangs up.
func (s *Session) Close() { s.conn.Close() }

// Deliver adds a message to the mailbox, as a delivery would.
func (s *Server) Deliver(m Message) {
	s.mu.Lock()
	s.messages[m.UID] = &m
	s.mu.Unlock()
}

// ReadLine reads the client's next line (for DONE after IDLE).
func (s *Session) ReadLine() (string, error) {
	line, err := s.r.ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}

// Messages in the mailbox not moved yet, by UID.
func (s *Session) Messages() []*Message {
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	var out []*Message
	for uid, m := range s.srv.messages {
		if s.srv.moved[uid] == "" && !s.srv.expunged[uid] {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UID < out[j].UID })
	return out
}

func (s *Session) serve() {
	if s.Send("%s", s.srv.opts.Greeting) != nil {
		return
	}
	for {
		line, err := s.ReadLine()
		if err != nil {
			return
		}
		tag, rest, _ := strings.Cut(line, " ")
		name, args, _ := strings.Cut(rest, " ")
		name = strings.ToUpper(name)
		if name == "UID" {
			var sub string
			sub, args, _ = strings.Cut(args, " ")
			name += " " + strings.ToUpper(sub)
		}
		s.srv.mu.Lock()
		s.srv.commands = append(s.srv.commands, name)
		s.srv.mu.Unlock()
		if h := s.srv.opts.Handle; h != nil && h(s, tag, name, args) {
			continue
		}
		if !s.standard(tag, name, args) {
			return
		}
	}
}

// standard is the well-behaved answer; false ends the session.
func (s *Session) standard(tag, name, args string) bool {
	ok := func() bool { return s.Send("%s OK %s done", tag, name) == nil }
	switch name {
	case "CAPABILITY":
		caps := s.srv.opts.Caps
		if s.srv.opts.TLS != nil && !s.srv.opts.ImplicitTLS {
			caps += " STARTTLS"
		}
		return s.Send("* CAPABILITY %s", caps) == nil && ok()
	case "STARTTLS":
		if s.srv.opts.TLS == nil || s.Send("%s OK begin TLS%s", tag, s.srv.opts.InjectAfterSTARTTLS) != nil {
			return false
		}
		tc := tls.Server(s.conn, s.srv.opts.TLS)
		if tc.Handshake() != nil {
			return false
		}
		s.conn, s.r = tc, bufio.NewReader(tc)
		return true
	case "LOGIN", "NOOP", "CREATE":
		return ok()
	case "LOGOUT":
		s.Send("* BYE")
		ok()
		return false
	case "LIST":
		return s.Send(`* LIST (\Noselect) "/" ""`) == nil && ok()
	case "SELECT":
		msgs := s.Messages()
		next := uint32(1)
		if len(msgs) > 0 {
			next = msgs[len(msgs)-1].UID + 1
		}
		return s.Send("* %d EXISTS", len(msgs)) == nil && s.Send("* OK [UIDVALIDITY 7] v") == nil &&
			s.Send("* OK [UIDNEXT %d] n", next) == nil && s.Send("%s OK [READ-WRITE] selected", tag) == nil
	case "UID SEARCH":
		if strings.EqualFold(strings.TrimSpace(args), "DELETED") {
			var b strings.Builder
			b.WriteString("* SEARCH")
			for _, m := range s.Messages() {
				if s.srv.HasFlag(m.UID, `\Deleted`) {
					fmt.Fprintf(&b, " %d", m.UID)
				}
			}
			return s.Send("%s", b.String()) == nil && ok()
		}
		from := uint64(1)
		if _, after, found := strings.Cut(args, "UID "); found {
			start, _, _ := strings.Cut(after, ":")
			from, _ = strconv.ParseUint(start, 10, 32)
		}
		var b strings.Builder
		b.WriteString("* SEARCH")
		for _, m := range s.Messages() {
			if uint64(m.UID) >= from {
				fmt.Fprintf(&b, " %d", m.UID)
			}
		}
		return s.Send("%s", b.String()) == nil && ok()
	case "UID FETCH":
		set, items, _ := strings.Cut(args, " ")
		for i, m := range s.Messages() {
			if !InSet(set, m.UID) {
				continue
			}
			var err error
			if strings.Contains(items, "BODY.PEEK[]") {
				_, err = s.Write(append([]byte(fmt.Sprintf("* %d FETCH (UID %d BODY[] {%d}\r\n", i+1, m.UID, len(m.Raw))), append(m.Raw, ")\r\n"...)...))
			} else {
				size := m.Size
				if size == 0 {
					size = int64(len(m.Raw))
				}
				err = s.Send(`* %d FETCH (UID %d RFC822.SIZE %d INTERNALDATE "10-Feb-2024 09:00:00 +0100")`, i+1, m.UID, size)
			}
			if err != nil {
				return false
			}
		}
		return ok()
	case "UID MOVE":
		set, folder, _ := strings.Cut(args, " ")
		s.srv.mu.Lock()
		for uid := range s.srv.messages {
			if InSet(set, uid) {
				s.srv.moved[uid] = strings.Trim(folder, `"`)
			}
		}
		s.srv.mu.Unlock()
		return ok()
	case "UID COPY":
		set, folder, _ := strings.Cut(args, " ")
		s.srv.mu.Lock()
		for uid := range s.srv.messages {
			if InSet(set, uid) && s.srv.moved[uid] == "" && !s.srv.expunged[uid] {
				s.srv.copies[uid] = append(s.srv.copies[uid], strings.Trim(folder, `"`))
			}
		}
		s.srv.mu.Unlock()
		return ok()
	case "UID STORE":
		set, rest, _ := strings.Cut(args, " ")
		op, list, _ := strings.Cut(rest, " ")
		s.srv.mu.Lock()
		for uid := range s.srv.messages {
			if !InSet(set, uid) {
				continue
			}
			if s.srv.flags[uid] == nil {
				s.srv.flags[uid] = map[string]bool{}
			}
			for _, f := range strings.Fields(strings.Trim(list, "()")) {
				s.srv.flags[uid][f] = !strings.HasPrefix(op, "-")
			}
		}
		s.srv.mu.Unlock()
		return ok()
	case "EXPUNGE", "UID EXPUNGE":
		msgs := s.Messages()
		for i := len(msgs) - 1; i >= 0; i-- {
			uid := msgs[i].UID
			if !s.srv.HasFlag(uid, `\Deleted`) || name == "UID EXPUNGE" && !InSet(args, uid) {
				continue
			}
			s.srv.mu.Lock()
			s.srv.expunged[uid] = true
			s.srv.mu.Unlock()
			if s.Send("* %d EXPUNGE", i+1) != nil {
				return false
			}
		}
		return ok()
	case "IDLE":
		if s.Send("+ idling") != nil {
			return false
		}
		if _, err := s.ReadLine(); err != nil {
			return false
		}
		return ok()
	}
	return s.Send("%s BAD unknown command", tag) == nil
}

// InSet reports whether uid is in an IMAP sequence set such as "1,3:5,7:*".
func InSet(set string, uid uint32) bool {
	for _, part := range strings.Split(set, ",") {
		lo, hi, isRange := strings.Cut(part, ":")
		if !isRange {
			hi = lo
		}
		a, errA := strconv.ParseUint(lo, 10, 32)
		b, errB := strconv.ParseUint(hi, 10, 32)
		if hi == "*" {
			b, errB = 1<<32-1, nil
		}
		if errA != nil || errB != nil {
			continue
		}
		if a > b {
			a, b = b, a
		}
		if uint64(uid) >= a && uint64(uid) <= b {
			return true
		}
	}
	return false
}

// Eventually polls cond every 20 ms up to limit.
func Eventually(limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}
