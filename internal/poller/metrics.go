package poller

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/metrics"
)

// Metrics are the poller's Prometheus metrics. They carry no personal data
// and no report content: counts and times only.
type Metrics struct {
	Registry    *metrics.Registry
	Seen        *metrics.Counter
	Processed   *metrics.Counter
	Failed      *metrics.Counter
	Duplicates  *metrics.Counter
	Reconnects  *metrics.Counter
	Duration    *metrics.Histogram
	LastPoll    *metrics.Gauge
	ErrorFolder *metrics.Gauge
	Connected   *metrics.Gauge

	mu       sync.Mutex
	lastPoll time.Time
	started  time.Time
	auth     error // the last login's failure to authenticate; nil once it worked
	checks   []func() error
}

// AlsoCheck makes /healthz report the problem f returns as well (the
// SMTP sender's login, say); f must be safe to call from any goroutine.
func (m *Metrics) AlsoCheck(f func() error) {
	m.mu.Lock()
	m.checks = append(m.checks, f)
	m.mu.Unlock()
}

// problems are the login problems of the poller and the other parts.
func (m *Metrics) problems() []error {
	m.mu.Lock()
	errs := []error{m.auth}
	checks := m.checks
	m.mu.Unlock()
	for _, f := range checks {
		errs = append(errs, f())
	}
	return slices.DeleteFunc(errs, func(err error) bool { return err == nil })
}

// authProblem records why the last login failed (nil: it worked).
func (m *Metrics) authProblem(err error) {
	m.mu.Lock()
	m.auth = err
	m.mu.Unlock()
}

// AuthProblem is why the last login did not authenticate, or nil.
func (m *Metrics) AuthProblem() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.auth
}

// NewMetrics registers the metrics in a registry of their own, with the
// Go runtime's figures after them.
func NewMetrics() *Metrics {
	r := metrics.NewRegistry()
	m := &Metrics{Registry: r, started: time.Now(),
		Seen:       r.Counter("villkorsintag_messages_seen_total", "Messages found in the mailbox."),
		Processed:  r.Counter("villkorsintag_messages_processed_total", "Messages stored, checked and moved to the processed folder."),
		Failed:     r.Counter("villkorsintag_messages_failed_total", "Messages moved to the error folder."),
		Duplicates: r.Counter("villkorsintag_messages_duplicate_total", "Messages already stored before (moved, not stored again)."),
		Reconnects: r.Counter("villkorsintag_imap_reconnects_total", "IMAP sessions that ended with an error."),
		Duration: r.Histogram("villkorsintag_message_processing_seconds", "Fetch, store, check and move of one message.",
			[]float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}),
		LastPoll:    r.Gauge("villkorsintag_last_successful_poll_timestamp_seconds", "When the mailbox was last searched and drained without error."),
		ErrorFolder: r.Gauge("villkorsintag_error_folder_messages", "Messages that went to the error folder, all time."),
		Connected:   r.Gauge("villkorsintag_imap_connected", "1 while an IMAP session is up."),
	}
	r.GoRuntime()
	return m
}

// Handler serves /metrics: the poller's metrics, those registered in
// Registry too (the receipts') and the Go runtime's.
func (m *Metrics) Handler() http.Handler { return m.Registry }

func (m *Metrics) polled(t time.Time) {
	m.mu.Lock()
	m.lastPoll = t
	m.mu.Unlock()
	m.LastPoll.Set(float64(t.Unix()))
}

// lastPolled is the time of the last successful poll (zero before one).
func (m *Metrics) lastPolled() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lastPoll
}

// Health reports an error when the last successful poll is older than
// stale: a stalled poller must be loud.
func (m *Metrics) Health(now time.Time, stale time.Duration) error {
	m.mu.Lock()
	last, started := m.lastPoll, m.started
	m.mu.Unlock()
	switch {
	case last.IsZero() && now.Sub(started) < stale:
		return nil // starting
	case last.IsZero():
		return fmt.Errorf("no successful poll since start %s ago", now.Sub(started).Round(time.Second))
	case now.Sub(last) > stale:
		return fmt.Errorf("last successful poll %s ago (limit %s)", now.Sub(last).Round(time.Second), stale)
	}
	return nil
}

// HealthHandler serves /healthz: 200 "ok", or 503 with the reason.
func (m *Metrics) HealthHandler(stale time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if errs := m.problems(); len(errs) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			for _, err := range errs {
				fmt.Fprintln(w, err)
			}
			return
		}
		if err := m.Health(time.Now(), stale); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "stalled:", err)
			return
		}
		fmt.Fprintln(w, "ok")
	})
}
