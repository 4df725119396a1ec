package poller

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/oauth"
)

// ProbeResult is what a connection test found.
type ProbeResult struct {
	TLS          *tls.ConnectionState // nil: no TLS
	Mechanism    string               // LOGIN, OAUTHBEARER or XOAUTH2
	Token        oauth.Token          // with oauth2
	Capabilities []string             // after login, sorted
	Delimiter    string
	Folders      []ProbeFolder // the mailbox, then the processed and error folders (move mode)
}

// ProbeFolder is one folder the poller would use.
type ProbeFolder struct {
	Role     string // mailbox, processed, failed
	Name     string // as the server names it
	Exists   bool
	Messages uint32 // the mailbox only
}

// Probe connects and logs in as the poller would, lists the folders it
// would use and reads the capabilities, and changes nothing: the mailbox
// is opened read-only (EXAMINE) and no folder is created.
func Probe(ctx context.Context, cfg config.IMAP) (*ProbeResult, error) {
	if cfg.CommandTimeout <= 0 {
		cfg.CommandTimeout = 30 * time.Second
	}
	p := &Poller{cfg: cfg, log: slog.New(slog.NewTextHandler(io.Discard, nil)), metrics: NewMetrics(), wake: make(chan struct{}, 1),
		tokens: NewTokenSource(cfg)}
	c, w, err := p.dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", cfg.Addr, err)
	}
	p.wire = w
	defer c.Close()
	res := &ProbeResult{}
	if tc, ok := w.Conn.(*tls.Conn); ok {
		st := tc.ConnectionState()
		res.TLS = &st
	}
	if err := p.do("greeting", c.WaitGreeting); err != nil {
		return res, fmt.Errorf("greeting from %s: %w", cfg.Addr, err)
	}
	res.Mechanism, res.Token, err = p.login(ctx, c)
	if err != nil {
		return res, fmt.Errorf("login as %s: %w", cfg.User, err)
	}
	var caps imap.CapSet
	if err := p.do("capability", func() (err error) { caps, err = c.Capability().Wait(); return err }); err != nil {
		return res, fmt.Errorf("capabilities: %w", err)
	}
	for cp := range caps {
		res.Capabilities = append(res.Capabilities, string(cp))
	}
	sort.Strings(res.Capabilities)
	var list []*imap.ListData
	if err := p.do("list", func() (err error) { list, err = c.List("", "*", nil).Collect(); return err }); err != nil {
		return res, fmt.Errorf("list: %w", err)
	}
	delim := "/"
	if len(list) > 0 && list[0].Delim != 0 {
		delim = string(list[0].Delim)
	}
	res.Delimiter = delim
	names := map[string]bool{}
	for _, l := range list {
		names[l.Mailbox] = true
	}
	want := []ProbeFolder{{Role: "mailbox", Name: cfg.Mailbox}}
	if cfg.Mode == "move" {
		want = append(want, ProbeFolder{Role: "processed", Name: strings.ReplaceAll(cfg.ProcessedFolder, "/", delim)},
			ProbeFolder{Role: "failed", Name: strings.ReplaceAll(cfg.ErrorFolder, "/", delim)})
	}
	for _, f := range want {
		f.Exists = names[f.Name] || strings.EqualFold(f.Name, "INBOX") && names["INBOX"]
		if f.Role == "mailbox" && f.Exists {
			var sel *imap.SelectData
			if err := p.do("examine", func() (err error) {
				sel, err = c.Select(f.Name, &imap.SelectOptions{ReadOnly: true}).Wait()
				return err
			}); err != nil {
				return res, fmt.Errorf("examine %s: %w", f.Name, err)
			}
			f.Messages = sel.NumMessages
		}
		res.Folders = append(res.Folders, f)
	}
	p.do("logout", func() error { return c.Logout().Wait() })
	return res, nil
}
