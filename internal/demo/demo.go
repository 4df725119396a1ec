// Package demo is `villkorsintag demo`: the whole intake on an embedded
// default, with no mail server or configuration. It starts an in-process
// IMAP server on 127.0.0.1, delivers a handful of sample submissions, runs
// the real poller against it with a fresh database, and reports.
package demo

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/memimap"
	"github.com/tillvaxtverket/villkorsintag/internal/message"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/poller"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// Samples are copies of testdata/mail messages (a test keeps them equal):
// a correct report, a late one, one over a limit (forwarded), a correction
// of the first, and a message without an attachment.
//
//go:embed samples/*.eml
var Samples embed.FS

// Env is a running demo: the mail server, the store and the poller.
type Env struct {
	IMAP     *memimap.Server
	Store    *store.Store
	Poller   *poller.Poller
	Pipeline *ingest.Pipeline
	Metrics  *poller.Metrics
	Config   config.IMAP
	sent     int
}

// Start opens the database, starts the mail server and delivers the
// samples, each with its own arrival time.
func Start(ctx context.Context, dbPath string, log *slog.Logger) (*Env, error) {
	st, err := store.Open(ctx, dbPath, orgs.Default())
	if err != nil {
		return nil, err
	}
	srv, err := memimap.Start("villkorsrapport@tillvaxtverket.se", "demo", memimap.Options{})
	if err != nil {
		st.Close()
		return nil, err
	}
	e := &Env{IMAP: srv, Store: st, Metrics: poller.NewMetrics()}
	names, _ := fs.Glob(Samples, "samples/*.eml")
	type sample struct {
		raw []byte
		at  time.Time
	}
	var samples []sample
	for _, n := range names {
		raw, _ := Samples.ReadFile(n)
		samples = append(samples, sample{raw, message.Arrival(bytes.NewReader(raw))})
	}
	sort.Slice(samples, func(i, j int) bool { return samples[i].at.Before(samples[j].at) })
	for _, s := range samples {
		if _, err := srv.Deliver("INBOX", s.raw, s.at); err != nil {
			e.Close()
			return nil, err
		}
		e.sent++
	}
	cfg := config.Default().IMAP
	cfg.Addr, cfg.TLS, cfg.User, cfg.Password = srv.Addr, "none", srv.User, srv.Password
	cfg.PollInterval = 500 * time.Millisecond
	e.Config = cfg
	e.Pipeline = ingest.New(st, orgs.Default(), "demo")
	e.Poller = poller.New(cfg, e.Pipeline, log, e.Metrics)
	return e, nil
}

// Delivered is how many sample messages were put in the inbox.
func (e *Env) Delivered() int { return e.sent }

// WaitProcessed waits until the inbox is empty: every sample stored and moved.
func (e *Env) WaitProcessed(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		n, err := e.IMAP.Count("INBOX")
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("demo: %d of %d messages still in the inbox after %v", n, e.sent, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Close stops the mail server and closes the database.
func (e *Env) Close() {
	e.IMAP.Close()
	e.Store.Close()
}
