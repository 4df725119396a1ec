// Package web is the service's HTTP side: /healthz and /metrics for
// operators (no personal data, no report content).
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Options are what the handlers serve.
type Options struct {
	Health  http.Handler
	Metrics http.Handler
}

// Handler returns the service's routes.
func Handler(o Options) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", o.Health)
	mux.Handle("GET /metrics", o.Metrics)
	return mux
}

// Serve listens on addr and serves h until ctx is cancelled, then shuts
// down gracefully. ready, if not nil, gets the listening address.
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger, ready func(string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	if ready != nil {
		ready(ln.Addr().String())
	}
	log.Info("http listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
