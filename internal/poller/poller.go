// Package poller watches the villkorsrapport mailbox over IMAP and feeds
// every new message through the ingest pipeline, exactly once.
//
// Per message: read RFC822.SIZE and INTERNALDATE, fetch the raw message
// without setting \Seen (BODY.PEEK[]), ingest it (commit), and only then
// move it to the processed folder (or flag it, in flag mode). The last UID
// is saved after the move: a crash between commit and move leaves the
// message in the inbox, and the next session finds it already stored and
// moves it. A temporary failure (database busy, disk full, connection
// lost) leaves the message untouched and the session retries with
// back-off; only an unusable message goes to the error folder.
package poller

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"mime"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message/charset"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/oauth"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// Poller works one mailbox.
type Poller struct {
	cfg     config.IMAP
	pipe    *ingest.Pipeline
	store   *store.Store
	log     *slog.Logger
	metrics *Metrics
	holder  string
	wake    chan struct{}
	cycle   atomic.Int64
	// polls counts the polls that drained the mailbox without error
	// (tests wait for more of them instead of sleeping).
	polls atomic.Int64

	// idleMax ends IDLE and issues it again at least this often
	// (idleRestart; tests shorten it); leaseTTL is how long the lease
	// lasts unrenewed.
	idleMax  time.Duration
	leaseTTL time.Duration
	// minBackoff is the first reconnect delay, doubling up to maxBackoff
	// (5 min; tests shorten both).
	minBackoff, maxBackoff time.Duration
	// afterCommit, in tests, runs between the commit and the move; an
	// error stands for the process dying there.
	afterCommit func(uid imap.UID) error
	// shutdownGrace is how long a stop waits for the message in hand
	// before the connection is cut.
	shutdownGrace time.Duration

	// The session's connection and the server's capabilities (one
	// session at a time).
	wire *wireConn
	caps imap.CapSet
	// inHand is set while one message is being processed.
	inHand atomic.Bool
	// oversize remembers messages whose body literal was over the limit:
	// the connection was dropped unread, the next session moves them.
	oversize map[oversizeKey]int64
	// tokens gives the OAuth token with imap.auth oauth2 (nil: password).
	tokens *oauth.Source
}

type oversizeKey struct{ uidValidity, uid uint32 }

// New returns a poller for the configured mailbox.
func New(cfg config.IMAP, pipe *ingest.Pipeline, log *slog.Logger, m *Metrics) *Poller {
	host, _ := os.Hostname()
	if cfg.CommandTimeout <= 0 {
		cfg.CommandTimeout = 30 * time.Second
	}
	if cfg.FetchTimeout < cfg.CommandTimeout {
		cfg.FetchTimeout = max(2*time.Minute, cfg.CommandTimeout)
	}
	return &Poller{cfg: cfg, pipe: pipe, store: pipe.Store, log: log, metrics: m,
		holder: fmt.Sprintf("%s/%d/%d", host, os.Getpid(), rand.Int64()), wake: make(chan struct{}, 1),
		idleMax: idleRestart, leaseTTL: 3*cfg.PollInterval + time.Minute, minBackoff: time.Second, maxBackoff: maxBackoff,
		shutdownGrace: 5 * time.Second, oversize: map[oversizeKey]int64{}, tokens: NewTokenSource(cfg)}
}

// idleRestart is how long one IDLE lasts at most before DONE and a new
// IDLE. RFC 2177 asks clients to re-issue IDLE at least every 29 minutes,
// and servers drop longer ones (Exchange Online after about 30 minutes);
// 9 minutes also keeps NAT and firewall state alive and bounds how long a
// silently dead connection goes unnoticed (the library has no read
// deadline while idle).
const idleRestart = 9 * time.Minute

// errIdleEnded is a server that ended the session during IDLE (a BYE, a
// closed connection): expected of servers with an IDLE time limit. After
// a long session the poller reconnects at once, logged at info; a server
// that keeps doing it soon after login gets the usual back-off.
var errIdleEnded = errors.New("the server ended the session during IDLE")

// mailboxKey names the mailbox in the database: user, server and mailbox.
func (p *Poller) mailboxKey() string { return p.cfg.User + "@" + p.cfg.Addr + "/" + p.cfg.Mailbox }

// Run polls until ctx is cancelled, reconnecting with exponential back-off
// and jitter after any error. The message in hand is always finished.
func (p *Poller) Run(ctx context.Context) error {
	defer func() {
		p.store.ReleaseLease(context.WithoutCancel(ctx), p.mailboxKey(), p.holder)
		p.log.Info("poller stopped")
	}()
	failures := 0
	for {
		started := time.Now()
		err := p.session(ctx)
		p.metrics.Connected.Set(0)
		if ctx.Err() != nil {
			return nil
		}
		long := time.Since(started) > 2*time.Minute
		if long {
			failures = 0
		}
		failures++
		level := slog.LevelWarn
		if errors.Is(err, store.ErrLeaseHeld) || long && errors.Is(err, errIdleEnded) {
			level = slog.LevelInfo
		}
		p.metrics.Reconnects.Inc()
		delay := backoff(failures, p.minBackoff, p.maxBackoff)
		p.log.Log(ctx, level, "imap session ended; reconnecting", "err", err, "retry_in", delay.Round(time.Millisecond), "attempt", failures)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(delay):
		}
	}
}

// maxBackoff is the longest reconnect delay.
const maxBackoff = 5 * time.Minute

// backoff is exponential from base to ceiling, with jitter in [d/2, d].
func backoff(attempt int, base, ceiling time.Duration) time.Duration {
	d := base << min(attempt-1, 12)
	d = min(d, ceiling)
	return d/2 + rand.N(d/2+1)
}

// dial connects, with TLS as configured, under a wireConn: from here on
// every wait on the server is bounded.
func (p *Poller) dial(ctx context.Context) (*imapclient.Client, *wireConn, error) {
	dctx, cancel := context.WithTimeout(ctx, p.cfg.CommandTimeout)
	defer cancel()
	d := &net.Dialer{KeepAlive: 30 * time.Second}
	raw, err := d.DialContext(dctx, "tcp", p.cfg.Addr)
	if err != nil {
		return nil, nil, err
	}
	host, _, _ := net.SplitHostPort(p.cfg.Addr)
	tlsConfig, err := TLSConfig(p.cfg)
	if err != nil {
		raw.Close()
		return nil, nil, err
	}
	var conn net.Conn = raw
	var greeting []byte
	switch p.cfg.TLS {
	case "tls":
		tc := tls.Client(raw, tlsConfig)
		if err := tc.HandshakeContext(dctx); err != nil {
			raw.Close()
			return nil, nil, fmt.Errorf("tls: %w", explainTLS(host, err))
		}
		conn = tc
	case "starttls":
		tc, err := startTLS(dctx, raw, tlsConfig)
		if err != nil {
			raw.Close()
			return nil, nil, fmt.Errorf("starttls: %w", explainTLS(host, err))
		}
		// the greeting was read before TLS; the library needs one
		conn, greeting = tc, []byte("* OK TLS started\r\n")
	}
	w := newWireConn(conn, p.commandLimits("greeting"))
	w.prefix = greeting
	opts := &imapclient.Options{
		WordDecoder: &mime.WordDecoder{CharsetReader: charset.Reader},
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					p.signal() // never block, never issue a command here
				}
			},
		},
	}
	return imapclient.New(w, opts), w, nil
}

// commandLimits bound one command: its answer within command_timeout,
// small literals, a general byte budget.
func (p *Poller) commandLimits(name string) limits {
	return limits{name: name, timeout: p.cfg.CommandTimeout, stall: p.cfg.CommandTimeout, budget: maxResponseBytes, maxLiteral: maxOtherLiteral}
}

// do runs one command under its limits. When the connection was dropped
// for a limit (or a stop), that reason is the error: the library only
// sees a closed connection.
func (p *Poller) do(name string, f func() error) error {
	p.wire.begin(p.commandLimits(name))
	err := f()
	p.wire.between()
	if fault := p.wire.Fault(); fault != nil {
		return fault
	}
	return err
}

// stopConn runs when the poller is stopped: the message in hand gets
// shutdownGrace to finish, then the connection is cut, so that no server
// can hold a stop up (a command it never answers, a literal it never
// ends). Cutting it is safe at any point: a message is only moved after
// its commit, and one committed but not moved is recognised next time.
func (p *Poller) stopConn(w *wireConn) {
	deadline := time.Now().Add(p.shutdownGrace)
	for p.inHand.Load() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	w.abort(errShutdown)
}

func (p *Poller) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// session is one connection: log in, select, drain the backlog, then wait
// for new mail (IDLE, with a periodic poll as safety net) and drain again.
func (p *Poller) session(ctx context.Context) error {
	key := p.mailboxKey()
	if err := p.store.AcquireLease(ctx, key, p.holder, time.Now(), p.leaseTTL, p.orphaned); err != nil {
		return err
	}
	c, w, err := p.dial(ctx)
	if err != nil {
		return fmt.Errorf("connect %s: %w", p.cfg.Addr, err)
	}
	p.wire, p.caps = w, nil
	defer c.Close()
	defer context.AfterFunc(ctx, func() { p.stopConn(w) })()
	if err := p.do("greeting", c.WaitGreeting); err != nil {
		return fmt.Errorf("greeting from %s: %w", p.cfg.Addr, err)
	}
	if _, _, err := p.login(ctx, c); err != nil {
		return fmt.Errorf("login as %s: %w", p.cfg.User, err)
	}
	if err := p.do("capability", func() error {
		if p.caps = c.Caps(); p.caps == nil {
			return errors.New("no capability list")
		}
		return nil
	}); err != nil {
		return fmt.Errorf("capabilities: %w", err)
	}
	folders, err := p.prepareFolders(c)
	if err != nil {
		return err
	}
	var sel *imap.SelectData
	if err := p.do("select", func() (err error) { sel, err = c.Select(p.cfg.Mailbox, nil).Wait(); return err }); err != nil {
		return fmt.Errorf("select %s: %w", p.cfg.Mailbox, err)
	}
	st, err := p.store.MailboxState(ctx, key)
	if err != nil {
		return err
	}
	if st.UIDValidity != sel.UIDValidity {
		if st.UIDValidity != 0 {
			p.log.Warn("UIDVALIDITY changed: rescanning the mailbox; duplicates are recognised by their bytes",
				"mailbox", p.cfg.Mailbox, "old", st.UIDValidity, "new", sel.UIDValidity)
		}
		st = store.MailboxState{Mailbox: key, UIDValidity: sel.UIDValidity}
	}
	p.metrics.Connected.Set(1)
	p.log.Info("imap session ready", "server", p.cfg.Addr, "mailbox", p.cfg.Mailbox, "messages", sel.NumMessages,
		"uidvalidity", sel.UIDValidity, "last_uid", st.LastUID, "idle", p.caps.Has(imap.CapIdle), "move", p.caps.Has(imap.CapMove))
	for {
		if err := p.store.AcquireLease(ctx, key, p.holder, time.Now(), p.leaseTTL, p.orphaned); err != nil {
			return err
		}
		if err := p.drain(ctx, c, &st, folders); err != nil {
			return err
		}
		st.LastPollAt = time.Now()
		if err := p.store.SaveMailboxState(ctx, st, st.LastPollAt); err != nil {
			return err
		}
		p.metrics.polled(st.LastPollAt)
		p.polls.Add(1)
		if n, err := p.store.CountFailed(ctx); err == nil {
			p.metrics.ErrorFolder.Set(float64(n))
		}
		if ctx.Err() != nil {
			return nil
		}
		if err := p.wait(ctx, c); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

type folderNames struct{ processed, failed string }

// prepareFolders finds the server's hierarchy separator and creates the
// processed and error folders if missing (move mode).
func (p *Poller) prepareFolders(c *imapclient.Client) (folderNames, error) {
	if p.cfg.Mode != "move" {
		return folderNames{}, nil
	}
	delim := '/'
	var list []*imap.ListData
	if err := p.do("list", func() (err error) { list, err = c.List("", "", nil).Collect(); return err }); err != nil {
		if p.wire.Fault() != nil {
			return folderNames{}, fmt.Errorf("list: %w", err)
		}
	} else if len(list) > 0 && list[0].Delim != 0 {
		delim = list[0].Delim
	}
	f := folderNames{
		processed: strings.ReplaceAll(p.cfg.ProcessedFolder, "/", string(delim)),
		failed:    strings.ReplaceAll(p.cfg.ErrorFolder, "/", string(delim)),
	}
	for _, name := range []string{f.processed, f.failed} {
		if err := p.do("create", func() error { return c.Create(name, nil).Wait() }); err != nil {
			var ie *imap.Error
			if !errors.As(err, &ie) || (ie.Code != imap.ResponseCodeAlreadyExists && !strings.Contains(strings.ToLower(ie.Text), "exist")) {
				return f, fmt.Errorf("create folder %s: %w", name, err)
			}
		}
	}
	return f, nil
}

// wait returns when new mail may have arrived: IDLE woken by the server,
// the poll interval, or the IDLE time limit.
func (p *Poller) wait(ctx context.Context, c *imapclient.Client) error {
	timer := time.NewTimer(p.cfg.PollInterval)
	defer timer.Stop()
	if !p.caps.Has(imap.CapIdle) {
		select {
		case <-ctx.Done():
		case <-timer.C:
		case <-p.wake:
		case <-c.Closed():
			if err := p.wire.Fault(); err != nil {
				return err
			}
			return errors.New("connection closed")
		}
		return nil
	}
	var idle *imapclient.IdleCommand
	if err := p.do("idle", func() (err error) { idle, err = c.Idle(); return err }); err != nil {
		return fmt.Errorf("idle: %w", err)
	}
	// While idling the server may stay silent until the poll interval or
	// the IDLE limit ends it; past that (and a command's time for DONE)
	// it is gone.
	window := min(p.cfg.PollInterval, p.idleMax) + p.cfg.CommandTimeout
	p.wire.begin(limits{name: "idle", timeout: window, stall: window, budget: maxResponseBytes, maxLiteral: maxOtherLiteral})
	done := make(chan error, 1)
	go func() { done <- idle.Wait() }()
	limit := time.NewTimer(p.idleMax)
	defer limit.Stop()
	select {
	case <-ctx.Done():
	case <-timer.C:
	case <-limit.C:
	case <-p.wake:
	case err := <-done:
		p.wire.between()
		if fault := p.wire.Fault(); fault != nil {
			return fault
		}
		return fmt.Errorf("%w: %v", errIdleEnded, err)
	}
	return p.do("end idle", func() error {
		if err := idle.Close(); err != nil {
			return fmt.Errorf("end idle: %w", err)
		}
		if err := <-done; err != nil {
			return fmt.Errorf("end idle: %w", err)
		}
		return nil
	})
}

// drain processes every message newer than the checkpoint, oldest first,
// in bounded batches.
func (p *Poller) drain(ctx context.Context, c *imapclient.Client, st *store.MailboxState, f folderNames) error {
	if st.LastUID == math.MaxUint32 {
		return nil // the highest UID there is: nothing can be newer (last+1 would wrap to "*")
	}
	crit := &imap.SearchCriteria{}
	var set imap.UIDSet
	set.AddRange(imap.UID(st.LastUID+1), 0) // last+1:*
	crit.UID = []imap.UIDSet{set}
	if p.cfg.Mode == "flag" {
		crit.NotFlag = []imap.Flag{imap.Flag(p.cfg.Keyword)}
	}
	var data *imap.SearchData
	if err := p.do("search", func() (err error) { data, err = c.UIDSearch(crit, nil).Wait(); return err }); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	var exists uint32
	if mb := c.Mailbox(); mb != nil {
		exists = mb.NumMessages
	}
	ranges, err := uidRanges(data.All, exists)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	// "n:*" can answer the last UID even when nothing is newer: only UIDs
	// above the checkpoint (in flag mode, every unflagged one).
	after := st.LastUID
	if p.cfg.Mode == "flag" {
		after = 0
	}
	next := newUIDCursor(ranges, after)
	count := next.remaining()
	for first := true; ; first = false {
		batch := next.take(p.cfg.BatchSize)
		if len(batch) == 0 {
			return nil
		}
		if first {
			p.log.Info("new messages", "count", count, "first_uid", batch[0])
		}
		var meta []*imapclient.FetchMessageBuffer
		if err := p.do("fetch sizes", func() (err error) {
			meta, err = c.Fetch(imap.UIDSetNum(batch...), &imap.FetchOptions{UID: true, RFC822Size: true, InternalDate: true}).Collect()
			return err
		}); err != nil {
			return fmt.Errorf("fetch sizes: %w", err)
		}
		byUID := map[imap.UID]*imapclient.FetchMessageBuffer{}
		for _, m := range meta {
			byUID[m.UID] = m
		}
		for _, uid := range batch {
			if ctx.Err() != nil {
				return nil // finish between messages, never inside one
			}
			m := byUID[uid]
			if m == nil {
				// a UID asked for and not answered: never skip past a gap
				return fmt.Errorf("fetch: no data for UID %d", uid)
			}
			p.metrics.Seen.Inc()
			p.inHand.Store(true)
			err := p.handle(context.WithoutCancel(ctx), c, st, f, m)
			p.inHand.Store(false)
			if err != nil {
				return err
			}
		}
	}
}

// handle processes one message. Errors returned are temporary: the
// message stays where it is and is tried again.
func (p *Poller) handle(ctx context.Context, c *imapclient.Client, st *store.MailboxState, f folderNames, m *imapclient.FetchMessageBuffer) error {
	start := time.Now()
	cid := p.cycle.Add(1)
	log := p.log.With("cid", cid, "uid", m.UID)
	if size, ok := p.oversize[oversizeKey{st.UIDValidity, uint32(m.UID)}]; ok {
		// its body literal was over the limit last session (recorded then)
		if err := p.finish(ctx, c, st, m.UID, f.failed, true, start); err != nil {
			return err
		}
		delete(p.oversize, oversizeKey{st.UIDValidity, uint32(m.UID)})
		log.Warn("message too large: moved to the error folder unread", "size", size, "limit", p.cfg.MaxMessageBytes)
		return nil
	}
	if m.RFC822Size > p.cfg.MaxMessageBytes {
		if err := p.recordTooLarge(ctx, st, f, m, m.RFC822Size); err != nil {
			return err
		}
		log.Warn("message too large: moved to the error folder unread", "size", m.RFC822Size, "limit", p.cfg.MaxMessageBytes)
		return p.finish(ctx, c, st, m.UID, f.failed, true, start)
	}
	raw, err := p.fetchBody(c, m.UID)
	if big := (*BodyTooLargeError)(nil); errors.As(err, &big) {
		// RFC822.SIZE understated it: the literal on the wire says more.
		// The connection is gone (the bytes were not read); the next
		// session moves the message.
		if err := p.recordTooLarge(ctx, st, f, m, big.Size); err != nil {
			return err
		}
		p.oversize[oversizeKey{st.UIDValidity, uint32(m.UID)}] = big.Size
		log.Warn("message larger than the server said: not read, the connection dropped; it goes to the error folder",
			"size", big.Size, "rfc822_size", m.RFC822Size, "limit", p.cfg.MaxMessageBytes)
		return fmt.Errorf("fetch UID %d: %w", m.UID, err)
	}
	if err != nil {
		return fmt.Errorf("fetch UID %d: %w", m.UID, err)
	}
	out, err := p.ingest(ctx, ingest.Item{Raw: raw, Format: ingest.FormatMail, Source: "imap",
		SourceRef: fmt.Sprintf("%s/%d/%d", p.cfg.Mailbox, st.UIDValidity, m.UID), Received: m.InternalDate})
	if err != nil {
		// The message stays in the inbox and is tried again in the next
		// session. A temporary failure (our side) is not counted against
		// it; any other failure is, and after max_attempts the pipeline
		// sets the message aside and it goes to the error folder.
		if ingest.IsTemporary(err) {
			log.Warn("temporary failure: the message stays in the inbox", "err", err)
		} else {
			log.Error("processing failed: the message stays in the inbox and the attempt counts", "err", err)
		}
		return fmt.Errorf("ingest UID %d: %w", m.UID, err)
	}
	if p.afterCommit != nil {
		if err := p.afterCommit(m.UID); err != nil {
			return err
		}
	}
	switch {
	case out.Duplicate:
		p.metrics.Duplicates.Inc()
		log.Info("message already stored: moving it", "message", out.MessageID)
	case out.Quarantined:
		log.Error("message set aside after repeated attempts: moving it to the error folder", "message", out.MessageID, "reason", out.Rejected)
	case out.Rejected != "":
		log.Warn("message rejected: moving it to the error folder", "message", out.MessageID, "reason", out.Rejected)
	default:
		e, w, i := out.Result.Counts()
		org := "unassigned"
		if out.Org != nil {
			org = out.Org.ID
		}
		log.Info("message stored", "message", out.MessageID, "submission", out.Submission.ID, "state", out.Submission.State,
			"organisation", org, "version", out.Submission.Version, "errors", e, "warnings", w, "infos", i)
	}
	failed := out.Rejected != ""
	if out.Duplicate {
		if msg, err := p.store.Message(ctx, out.MessageID); err == nil && msg.State == "failed" {
			failed = true
		}
	}
	target := f.processed
	if failed {
		target = f.failed
	}
	return p.finish(ctx, c, st, m.UID, target, failed, start)
}

// ingest runs the pipeline on one message; a panic that escapes it is an
// error like any other that is not temporary (counted as an attempt).
func (p *Poller) ingest(ctx context.Context, it ingest.Item) (out *ingest.Outcome, err error) {
	defer func() {
		if v := recover(); v != nil {
			out, err = nil, &ingest.PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return p.pipe.Ingest(ctx, it)
}

// finish moves (or flags) a message whose outcome is committed, then
// advances the checkpoint.
func (p *Poller) finish(ctx context.Context, c *imapclient.Client, st *store.MailboxState, uid imap.UID, folder string, failed bool, start time.Time) error {
	if err := p.move(c, uid, folder); err != nil {
		return err
	}
	st.LastUID = uint32(uid)
	if err := p.store.SaveMailboxState(ctx, *st, time.Now()); err != nil {
		return err
	}
	if failed {
		p.metrics.Failed.Inc()
	} else {
		p.metrics.Processed.Inc()
	}
	p.metrics.Duration.Observe(time.Since(start).Seconds())
	return nil
}

// move takes the message out of the inbox: MOVE where the server has it;
// else (older Exchange) COPY, checked, then \Deleted and UID EXPUNGE of
// this message alone (UIDPLUS), or without UIDPLUS a plain EXPUNGE when
// no other message in the mailbox is marked \Deleted (EXPUNGE would
// remove those too): otherwise the copy stays and the message is only
// flagged with the keyword. In flag mode it only sets the keyword.
// Nothing is deleted before a copy is known to exist.
func (p *Poller) move(c *imapclient.Client, uid imap.UID, folder string) error {
	set := imap.UIDSetNum(uid)
	caps := p.caps
	switch {
	case p.cfg.Mode == "flag":
		return p.flag(c, uid)
	case caps.Has(imap.CapMove):
		if err := p.do("move", func() error { _, err := c.Move(set, folder).Wait(); return err }); err != nil {
			return fmt.Errorf("move UID %d to %s: %w", uid, folder, err)
		}
		return nil
	}
	if err := p.do("copy", func() error { _, err := c.Copy(set, folder).Wait(); return err }); err != nil {
		return fmt.Errorf("copy UID %d to %s: %w", uid, folder, err)
	}
	if err := p.storeFlag(c, uid, imap.StoreFlagsAdd, imap.FlagDeleted); err != nil {
		return fmt.Errorf("mark UID %d deleted: %w", uid, err)
	}
	if caps.Has(imap.CapUIDPlus) {
		if err := p.do("expunge", func() error { return c.UIDExpunge(set).Close() }); err != nil {
			return fmt.Errorf("expunge UID %d: %w", uid, err)
		}
		return nil
	}
	var deleted *imap.SearchData
	if err := p.do("search deleted", func() (err error) {
		deleted, err = c.UIDSearch(&imap.SearchCriteria{Flag: []imap.Flag{imap.FlagDeleted}}, nil).Wait()
		return err
	}); err != nil {
		return fmt.Errorf("search deleted: %w", err)
	}
	if uids := deleted.AllUIDs(); len(uids) == 1 && uids[0] == uid {
		if err := p.do("expunge", func() error { return c.Expunge().Close() }); err != nil {
			return fmt.Errorf("expunge UID %d: %w", uid, err)
		}
		return nil
	}
	p.log.Warn("other messages in the mailbox are marked deleted and EXPUNGE would remove them too: this one is copied and flagged, not removed",
		"uid", uid, "folder", folder, "marked_deleted", len(deleted.AllUIDs()))
	if err := p.storeFlag(c, uid, imap.StoreFlagsDel, imap.FlagDeleted); err != nil {
		return fmt.Errorf("unmark UID %d deleted: %w", uid, err)
	}
	return p.flag(c, uid)
}

// flag sets the keyword on a message.
func (p *Poller) flag(c *imapclient.Client, uid imap.UID) error {
	if err := p.storeFlag(c, uid, imap.StoreFlagsAdd, imap.Flag(p.cfg.Keyword)); err != nil {
		return fmt.Errorf("flag UID %d: %w", uid, err)
	}
	return nil
}

func (p *Poller) storeFlag(c *imapclient.Client, uid imap.UID, op imap.StoreFlagsOp, flag imap.Flag) error {
	return p.do("store", func() error {
		return c.Store(imap.UIDSetNum(uid), &imap.StoreFlags{Op: op, Silent: true, Flags: []imap.Flag{flag}}, nil).Close()
	})
}
