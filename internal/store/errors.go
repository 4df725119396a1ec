package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"syscall"

	"github.com/mattn/go-sqlite3"
)

// IsTemporary tells a failure on our own side that may pass by itself and
// says nothing about the data being written: the database busy or locked,
// the disk full or failing, the file not openable, an interrupted or
// cancelled operation. Anything else (a constraint violated, a bug) is not
// temporary: trying the same thing again gives the same answer.
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, sql.ErrConnDone) || errors.Is(err, driver.ErrBadConn) {
		return true
	}
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EIO, syscall.EDQUOT, syscall.EROFS, syscall.ENOMEM, syscall.EAGAIN} {
		if errors.Is(err, errno) {
			return true
		}
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrCantOpen,
			sqlite3.ErrNomem, sqlite3.ErrInterrupt, sqlite3.ErrReadonly, sqlite3.ErrProtocol:
			return true
		}
	}
	return false
}
