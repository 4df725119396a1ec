// Package memimap runs go-imap's in-process IMAP server on a loopback
// address: the mailbox `villkorsintag demo` delivers to, and the server the
// poller's unit tests run against.
package memimap

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// Server is a running in-process IMAP server with one user.
type Server struct {
	Addr     string
	User     string
	Password string

	user *imapmemserver.User
	srv  *imapserver.Server
	ln   net.Listener
}

// Options choose the server's capabilities.
type Options struct {
	// Caps, if set, replaces the default IMAP4rev1 + IMAP4rev2 (with
	// MOVE, UIDPLUS and IDLE). IMAP4rev1 alone has neither MOVE nor UIDPLUS.
	Caps imap.CapSet
}

// Start listens on 127.0.0.1 on a free port.
func Start(user, password string, opts Options) (*Server, error) {
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, password)
	if err := u.Create("INBOX", nil); err != nil {
		return nil, err
	}
	mem.AddUser(u)
	caps := opts.Caps
	if caps == nil {
		caps = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go srv.Serve(ln)
	return &Server{Addr: ln.Addr().String(), User: user, Password: password, user: u, srv: srv, ln: ln}, nil
}

type literal struct {
	*bytes.Reader
	size int64
}

func (l literal) Size() int64 { return l.size }

// Deliver appends a message to a mailbox with the given arrival time
// (INTERNALDATE), as a mail server would on delivery.
func (s *Server) Deliver(mailbox string, raw []byte, received time.Time) (imap.UID, error) {
	data, err := s.user.Append(mailbox, literal{bytes.NewReader(raw), int64(len(raw))}, &imap.AppendOptions{Time: received})
	if err != nil {
		return 0, fmt.Errorf("deliver to %s: %w", mailbox, err)
	}
	return data.UID, nil
}

// Count returns the number of messages in a mailbox.
func (s *Server) Count(mailbox string) (int, error) {
	st, err := s.user.Status(mailbox, &imap.StatusOptions{NumMessages: true})
	if err != nil {
		return 0, err
	}
	return int(*st.NumMessages), nil
}

// CreateMailbox creates a mailbox; a mailbox deleted and created again
// gets a new UIDVALIDITY.
func (s *Server) CreateMailbox(name string) error { return s.user.Create(name, nil) }

// DeleteMailbox deletes a mailbox and its messages.
func (s *Server) DeleteMailbox(name string) error { return s.user.Delete(name) }

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }
