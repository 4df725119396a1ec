package web

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// Limits of the login limiter's memory: a key is at most maxKeyBytes
// (longer ones are hashed), and at most maxEntries keys are held.
const (
	maxKeyBytes = 96
	maxEntries  = 10000
)

// limiter counts login attempts per key (an address, a username) in a
// sliding window. An attempt is reserved before the password is checked
// and counts at once, so parallel guesses cannot get past the limit; a
// successful attempt is given back. Expired entries are swept by a timer
// that runs only while entries exist.
type limiter struct {
	mu      sync.Mutex
	max     int
	window  time.Duration
	entries map[string][]time.Time // attempt times, at most max per key
	now     func() time.Time
	timer   *time.Timer
	full    bool   // the table was full at the last reservation
	onFull  func() // called when the table becomes full
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, entries: map[string][]time.Time{}, now: time.Now}
}

// limitKey makes a bounded key: kind and value as they are when short,
// otherwise kind and a hash of the value.
func limitKey(kind, value string) string {
	if len(kind)+1+len(value) <= maxKeyBytes {
		return kind + ":" + value
	}
	sum := sha256.Sum256([]byte(value))
	return kind + "#" + hex.EncodeToString(sum[:16])
}

// recent drops a key's expired times and returns the rest.
func (l *limiter) recent(key string, now time.Time) []time.Time {
	times := l.entries[key]
	i := 0
	for i < len(times) && now.Sub(times[i]) >= l.window {
		i++
	}
	if i == len(times) {
		delete(l.entries, key)
		return nil
	}
	if i > 0 {
		times = append(times[:0], times[i:]...)
		l.entries[key] = times
	}
	return times
}

// reserve takes one attempt for every key, or none when any key has
// reached the limit or the table is full. The attempt counts as failed
// until release(true).
func (l *limiter) reserve(keys ...string) (release func(ok bool), allowed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	added := 0
	for _, k := range keys {
		times := l.recent(k, now)
		if len(times) >= l.max {
			return nil, false
		}
		if times == nil {
			added++
		}
	}
	if len(l.entries)+added > maxEntries {
		l.sweep(now)
		if len(l.entries)+added > maxEntries {
			if !l.full && l.onFull != nil {
				l.onFull()
			}
			l.full = true
			return nil, false
		}
	}
	l.full = false
	for _, k := range keys {
		l.entries[k] = append(l.entries[k], now)
	}
	l.schedule()
	return func(ok bool) {
		if ok {
			l.giveBack(now, keys...)
		}
	}, true
}

// giveBack removes one attempt made at t from every key.
func (l *limiter) giveBack(t time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		times := l.entries[k]
		for i := range times {
			if times[i].Equal(t) {
				times = append(times[:i], times[i+1:]...)
				break
			}
		}
		if len(times) == 0 {
			delete(l.entries, k)
		} else {
			l.entries[k] = times
		}
	}
}

// reset forgets keys entirely (the account's owner has logged in).
func (l *limiter) reset(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.entries, k)
	}
}

// sweep drops every expired entry. Called with mu held.
func (l *limiter) sweep(now time.Time) {
	for k := range l.entries {
		l.recent(k, now)
	}
}

// schedule starts the sweep timer if it is not running. Called with mu
// held.
func (l *limiter) schedule() {
	if l.timer != nil || len(l.entries) == 0 {
		return
	}
	l.timer = time.AfterFunc(l.window, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.timer = nil
		l.sweep(l.now())
		l.schedule()
	})
}

// size is the number of keys held.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.entries)
}
