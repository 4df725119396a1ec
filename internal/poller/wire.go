package poller

import (
	"errors"
	"fmt"
	"math"
	"net"
	"sync"
	"time"
)

// The IMAP client library trusts the server: it has no deadline while it
// waits between responses, it reads every literal whole into memory, and
// the only bounds it has are fixed (30 s per response once one has
// begun, 5 min per literal). wireConn sits between it and the network and
// bounds what a server can make the poller wait for or read, per phase
// (one command, or one IDLE): a deadline for the whole phase, a limit on
// silence, a byte budget, and a cap on the size a literal may announce,
// checked on the wire before the library sees the literal.
type wireConn struct {
	net.Conn

	mu       sync.Mutex
	lim      limits
	deadline time.Time // end of the phase; zero: none
	libRead  time.Time // deadlines the library asked for
	libWrite time.Time
	read     int64 // bytes received in this phase
	prefix   []byte
	scan     literalScanner
	fault    error // why the connection was dropped, once it was
}

// limits bound one phase.
type limits struct {
	name       string
	timeout    time.Duration // the whole phase; 0: none
	stall      time.Duration // the longest silence from the server; 0: none
	budget     int64         // bytes the server may send; 0: any number
	maxLiteral int64         // the largest literal it may announce; 0: any size
}

const (
	// maxResponseBytes is what the server may send during one command or
	// IDLE other than a message fetch, and between commands: far more
	// than a search over a large mailbox needs.
	maxResponseBytes = 16 << 20
	// maxOtherLiteral is the largest literal accepted outside a message
	// body (mailbox names, header strings: a few hundred bytes in practice).
	maxOtherLiteral = 1 << 20
	// fetchOverhead is what a body fetch may carry beside the message.
	fetchOverhead = 1 << 20
)

// LimitError is a connection dropped because the server went past a bound.
type LimitError struct {
	Phase  string
	Reason string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("imap %s: %s; connection dropped", e.Phase, e.Reason)
}

// errShutdown ends the connection when the poller is stopped.
var errShutdown = errors.New("imap: the poller is stopping")

func newWireConn(c net.Conn, first limits) *wireConn {
	w := &wireConn{Conn: c}
	w.begin(first)
	return w
}

// begin starts a phase: its deadline counts from now, and so does the
// silence allowed (the server had no reason to speak before).
func (w *wireConn) begin(l limits) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	w.lim, w.read, w.deadline = l, 0, time.Time{}
	if l.timeout > 0 {
		w.deadline = now.Add(l.timeout)
	}
	if w.fault == nil {
		w.Conn.SetReadDeadline(w.readDeadline(now)) // also moves a Read in progress
		w.Conn.SetWriteDeadline(w.writeDeadline())
	}
}

// between is the phase outside any command: no deadline (the poller may
// be busy with a message), the general byte budget.
func (w *wireConn) between() {
	w.begin(limits{name: "between commands", budget: maxResponseBytes, maxLiteral: maxOtherLiteral})
}

// Fault returns why the connection was dropped, if it was dropped here.
func (w *wireConn) Fault() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fault
}

// abort drops the connection with a reason; the library's reader and any
// command in progress fail at once.
func (w *wireConn) abort(err error) {
	w.mu.Lock()
	if w.fault == nil {
		w.fault = err
	}
	w.mu.Unlock()
	w.Conn.Close()
}

func (w *wireConn) failLocked(reason string, args ...any) error {
	if w.fault == nil {
		w.fault = &LimitError{Phase: w.lim.name, Reason: fmt.Sprintf(reason, args...)}
	}
	w.Conn.Close()
	return w.fault
}

func earliest(ts ...time.Time) time.Time {
	var d time.Time
	for _, t := range ts {
		if !t.IsZero() && (d.IsZero() || t.Before(d)) {
			d = t
		}
	}
	return d
}

func (w *wireConn) readDeadline(now time.Time) time.Time {
	var stall time.Time
	if w.lim.stall > 0 {
		stall = now.Add(w.lim.stall)
	}
	return earliest(w.deadline, w.libRead, stall)
}

func (w *wireConn) writeDeadline() time.Time { return earliest(w.deadline, w.libWrite) }

func (w *wireConn) Read(p []byte) (int, error) {
	w.mu.Lock()
	if w.fault != nil {
		defer w.mu.Unlock()
		return 0, w.fault
	}
	if len(w.prefix) > 0 {
		defer w.mu.Unlock()
		n := copy(p, w.prefix)
		w.prefix = w.prefix[n:]
		return n, nil
	}
	started := time.Now()
	w.Conn.SetReadDeadline(w.readDeadline(started))
	w.mu.Unlock()

	n, err := w.Conn.Read(p)

	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fault != nil {
		return 0, w.fault
	}
	if n > 0 {
		w.read += int64(n)
		if w.lim.budget > 0 && w.read > w.lim.budget {
			return 0, w.failLocked("the server sent more than %d bytes", w.lim.budget)
		}
		if size, ok := w.scan.feed(p[:n], w.lim.maxLiteral); !ok {
			return 0, w.failLocked("the server announced a literal of %d bytes, more than the limit of %d", size, w.lim.maxLiteral)
		}
	}
	var ne net.Error
	if err != nil && errors.As(err, &ne) && ne.Timeout() {
		now := time.Now()
		switch {
		case !w.deadline.IsZero() && !now.Before(w.deadline):
			return n, w.failLocked("no complete answer within %v", w.lim.timeout)
		case w.lim.stall > 0 && now.Sub(started) >= w.lim.stall:
			return n, w.failLocked("the server was silent for %v", w.lim.stall)
		default:
			return n, w.failLocked("the server was too slow (%v)", err)
		}
	}
	return n, err
}

func (w *wireConn) Write(p []byte) (int, error) {
	w.mu.Lock()
	if w.fault != nil {
		defer w.mu.Unlock()
		return 0, w.fault
	}
	w.Conn.SetWriteDeadline(w.writeDeadline())
	w.mu.Unlock()
	n, err := w.Conn.Write(p)
	var ne net.Error
	if err != nil && errors.As(err, &ne) && ne.Timeout() {
		w.mu.Lock()
		defer w.mu.Unlock()
		return n, w.failLocked("the server did not take our command within its time")
	}
	return n, err
}

// SetReadDeadline and the others are the library's: they are kept and
// combined with the phase's own bounds, never allowed to lift them.
func (w *wireConn) SetReadDeadline(t time.Time) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.libRead = t
	return w.Conn.SetReadDeadline(w.readDeadline(time.Now()))
}

func (w *wireConn) SetWriteDeadline(t time.Time) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.libWrite = t
	return w.Conn.SetWriteDeadline(w.writeDeadline())
}

func (w *wireConn) SetDeadline(t time.Time) error {
	if err := w.SetReadDeadline(t); err != nil {
		return err
	}
	return w.SetWriteDeadline(t)
}

// literalScanner follows the server's byte stream far enough to find
// literal headers, "{123}" at the end of a line (the library also takes
// "{123} \n" and "{123}\n"), and to step over the literal's bytes, so
// that a message body that happens to contain "{99}" is not mistaken for
// one. It is a guard, not a parser: text that only looks like a literal
// header is taken as one, which at worst makes it miss a header in the
// bytes it then steps over; the byte budget still bounds those.
type literalScanner struct {
	state   int
	size    uint64
	digits  int
	skip    uint64 // bytes of a literal still to step over
	largest int64
}

const (
	scanText = iota
	scanDigits
	scanClosed // "}" seen
	scanSpace  // "} " seen
	scanCR     // "}\r" or "} \r" seen
)

// feed scans p; it reports false, with the size, at the first literal
// header announcing more than max bytes (max 0: no cap).
func (s *literalScanner) feed(p []byte, max int64) (int64, bool) {
	for i := 0; i < len(p); i++ {
		if s.skip > 0 {
			n := uint64(len(p) - i)
			if n > s.skip {
				n = s.skip
			}
			s.skip -= n
			i += int(n) - 1
			continue
		}
		b := p[i]
		switch s.state {
		case scanText:
			if b == '{' {
				s.state, s.size, s.digits = scanDigits, 0, 0
			}
			continue
		case scanDigits:
			switch {
			case b >= '0' && b <= '9':
				s.digits++
				if s.size > (math.MaxUint64-9)/10 {
					s.size = math.MaxUint64 // the library will refuse it; we only need "too big"
				} else {
					s.size = s.size*10 + uint64(b-'0')
				}
				continue
			case b == '}' && s.digits > 0:
				s.state = scanClosed
				continue
			}
		case scanClosed:
			switch b {
			case ' ':
				s.state = scanSpace
				continue
			case '\r':
				s.state = scanCR
				continue
			case '\n':
				if size, ok := s.header(max); !ok {
					return size, false
				}
				continue
			}
		case scanSpace:
			switch b {
			case '\r':
				s.state = scanCR
				continue
			case '\n':
				if size, ok := s.header(max); !ok {
					return size, false
				}
				continue
			}
		case scanCR:
			if b == '\n' {
				if size, ok := s.header(max); !ok {
					return size, false
				}
				continue
			}
		}
		// not a literal header after all
		s.state = scanText
		if b == '{' {
			s.state, s.size, s.digits = scanDigits, 0, 0
		}
	}
	return 0, true
}

// header is a complete literal header: step over its bytes.
func (s *literalScanner) header(max int64) (int64, bool) {
	s.state = scanText
	size := int64(math.MaxInt64)
	if s.size <= math.MaxInt64 {
		size = int64(s.size)
	}
	if size > s.largest {
		s.largest = size
	}
	if max > 0 && size > max {
		return size, false
	}
	s.skip = s.size
	return size, true
}
