package poller

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// BodyTooLargeError is a message whose body literal announced more bytes
// than max_message_bytes: it was not read.
type BodyTooLargeError struct {
	UID         imap.UID
	Size, Limit int64
}

func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("the server sends UID %d as %d bytes, more than the limit of %d: not read, connection dropped", e.UID, e.Size, e.Limit)
}

// fetchBody fetches one message's raw bytes without setting \Seen. It
// checks the size the body literal announces on the wire before reading
// a byte of it (RFC822.SIZE is only what the server claims): over the
// limit, the connection is dropped rather than the literal read or
// drained, and a *BodyTooLargeError says how large it was. The whole
// transfer has fetch_timeout, silence within it command_timeout.
func (p *Poller) fetchBody(c *imapclient.Client, uid imap.UID) ([]byte, error) {
	limit := p.cfg.MaxMessageBytes
	p.wire.begin(limits{name: fmt.Sprintf("fetch UID %d", uid), timeout: p.cfg.FetchTimeout, stall: p.cfg.CommandTimeout,
		budget: limit + fetchOverhead})
	defer p.wire.between()
	cmd := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
	var (
		raw      []byte
		got      bool
		tooLarge *BodyTooLargeError
		readErr  error
	)
	// Only the answer for this UID reaches cmd (the library routes the
	// others away), so the body seen here is this message's.
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		for item := msg.Next(); item != nil; item = msg.Next() {
			body, ok := item.(imapclient.FetchItemDataBodySection)
			if !ok || body.Literal == nil || got || tooLarge != nil || readErr != nil {
				continue // the library discards what is not read
			}
			if size := body.Literal.Size(); size > limit {
				tooLarge = &BodyTooLargeError{UID: uid, Size: size, Limit: limit}
				p.wire.abort(tooLarge) // the library's discard of the literal now fails at once
				continue
			}
			raw = make([]byte, body.Literal.Size())
			if _, readErr = io.ReadFull(body.Literal, raw); readErr == nil {
				got = true
			}
		}
	}
	err := cmd.Close()
	switch {
	case tooLarge != nil:
		return nil, tooLarge
	case p.wire.Fault() != nil:
		return nil, p.wire.Fault()
	case readErr != nil:
		return nil, readErr
	case err != nil:
		return nil, err
	case !got:
		return nil, fmt.Errorf("the server sent no body")
	}
	return raw, nil
}

// recordTooLarge notes why a message goes to the error folder unread.
func (p *Poller) recordTooLarge(ctx context.Context, st *store.MailboxState, f folderNames, m *imapclient.FetchMessageBuffer, size int64) error {
	reason := fmt.Sprintf("meddelandet är %d byte, mer än gränsen %d; det har inte lästs in", size, p.cfg.MaxMessageBytes)
	if size != m.RFC822Size {
		reason = fmt.Sprintf("meddelandet är %d byte (servern uppgav %d), mer än gränsen %d; det har inte lästs in", size, m.RFC822Size, p.cfg.MaxMessageBytes)
	}
	return p.store.RecordMailboxError(ctx, store.MailboxError{Mailbox: p.mailboxKey(), UIDValidity: st.UIDValidity, UID: uint32(m.UID),
		InternalDate: m.InternalDate, Size: size, Reason: reason, Folder: f.failed}, time.Now())
}

// startTLS reads the greeting and upgrades the connection with STARTTLS
// itself, so that the wireConn above the TLS connection sees the
// plaintext of the whole session (the library's own STARTTLS would put
// it under TLS). Every line is bounded, and a server that sends anything
// between its OK and the TLS handshake is refused: those bytes could
// have been injected by someone on the path.
func startTLS(ctx context.Context, raw net.Conn, cfg *tls.Config) (net.Conn, error) {
	if d, ok := ctx.Deadline(); ok {
		raw.SetDeadline(d)
	}
	stop := context.AfterFunc(ctx, func() { raw.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	br := bufio.NewReaderSize(raw, 4096)
	line, err := readLine(br)
	if err != nil {
		return nil, fmt.Errorf("greeting: %w", err)
	}
	if !hasPrefixFold(line, "* OK") {
		return nil, fmt.Errorf("greeting %q: only OK is accepted before TLS", short(line))
	}
	if _, err := io.WriteString(raw, "S1 STARTTLS\r\n"); err != nil {
		return nil, err
	}
	for n := 0; ; n++ {
		line, err := readLine(br)
		if err != nil {
			return nil, err
		}
		if hasPrefixFold(line, "S1 OK") {
			break
		}
		if hasPrefixFold(line, "S1 ") || n > 100 {
			// never go on without TLS: the refusal may be someone on the
			// path stripping STARTTLS
			return nil, fmt.Errorf("%w: it answered %q; the connection is not continued without TLS", ErrNoSTARTTLS, short(line))
		}
	}
	if br.Buffered() > 0 {
		return nil, fmt.Errorf("the server sent %d bytes before the TLS handshake", br.Buffered())
	}
	tc := tls.Client(raw, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, err
	}
	raw.SetDeadline(time.Time{})
	return tc, nil
}

// ErrNoSTARTTLS is a server (or someone on the path) refusing STARTTLS.
var ErrNoSTARTTLS = errors.New("the server refused STARTTLS")

func readLine(br *bufio.Reader) (string, error) {
	line, err := br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return "", fmt.Errorf("a line longer than %d bytes", br.Size())
	}
	return strings.TrimRight(string(line), "\r\n"), err
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
