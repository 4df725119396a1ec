package ingest

import (
	"errors"
	"fmt"

	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// Errors fall in three classes, and the pipeline acts on the class:
//
//   - content: the message or a document in it cannot be read (MIME
//     parse failure, a document the reader refuses or fails on, a work
//     budget exceeded, a panic while reading it). Permanent: trying again
//     gives the same answer. Ingest never returns these: it stores the
//     result with a Swedish finding and finishes the message.
//   - temporary: a failure on our own side (database busy, locked or full,
//     disk full, connection lost, context cancelled). Ingest returns a
//     *TemporaryError; the attempt is not counted against the message and
//     the caller tries again later.
//   - anything else (a bug, a constraint violated): returned as it is and
//     counted as an attempt; after MaxAttempts the message is set aside.
//
// A process that dies while processing a message is an attempt that never
// finished: it is counted too.

// ErrContent matches every *ContentError.
var ErrContent = errors.New("the message's content cannot be processed")

// ContentError is a permanent failure caused by what a message holds.
type ContentError struct {
	Reason string // Swedish, for people
	Err    error  // the cause, for the log
}

func (e *ContentError) Error() string {
	if e.Err == nil {
		return e.Reason
	}
	return fmt.Sprintf("%s: %v", e.Reason, e.Err)
}
func (e *ContentError) Unwrap() error        { return e.Err }
func (e *ContentError) Is(target error) bool { return target == ErrContent }

// ErrTemporary matches every *TemporaryError.
var ErrTemporary = errors.New("temporary failure on our side")

// TemporaryError is a failure of our own side that may pass by itself.
type TemporaryError struct{ Err error }

func (e *TemporaryError) Error() string        { return e.Err.Error() }
func (e *TemporaryError) Unwrap() error        { return e.Err }
func (e *TemporaryError) Is(target error) bool { return target == ErrTemporary }

// IsTemporary tells whether err is worth trying again unchanged.
func IsTemporary(err error) bool { return errors.Is(err, ErrTemporary) }

// classify marks an error of our own side as temporary.
func classify(err error) error {
	if err == nil || errors.Is(err, ErrTemporary) || errors.Is(err, ErrContent) {
		return err
	}
	if store.IsTemporary(err) {
		return &TemporaryError{Err: err}
	}
	return err
}

// PanicError is a panic recovered while processing a message.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }
