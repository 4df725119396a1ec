package poller

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// orphaned tells whether a mailbox lease's holder ("host/pid/random", as
// New makes it) is a process of this host that is gone: a poller that
// crashed or was killed. Its lease is then taken over at once instead of
// after it expires, so that a restart after a crash goes on with the next
// message without waiting minutes. A holder with our own pid but another
// random part is gone too (a restarted container often gets the same pid).
// Anything else, or any doubt, keeps the lease.
func (p *Poller) orphaned(holder string) bool {
	host, rest, ok := strings.Cut(holder, "/")
	if !ok {
		return false
	}
	pidText, _, ok := strings.Cut(rest, "/")
	if !ok {
		return false
	}
	me, err := os.Hostname()
	if err != nil || host != me {
		return false
	}
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 {
		return false
	}
	if pid == os.Getpid() {
		return holder != p.holder
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
