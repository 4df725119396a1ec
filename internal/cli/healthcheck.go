package cli

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

func init() {
	register(command{name: "healthcheck", usage: "[--addr HOST:PORT]",
		summary: "exit 0 when the running service's /healthz answers ok (for container health checks)", run: runHealthcheck})
}

func runHealthcheck(args []string, stdout, stderr io.Writer) int {
	c := commands["healthcheck"]
	fs := newFlags(c, stderr)
	def := os.Getenv("VILLKORSINTAG_HTTP_ADDR")
	if def == "" {
		def = "127.0.0.1:8080"
	}
	addr := fs.String("addr", def, "the service's HTTP address (VILLKORSINTAG_HTTP_ADDR)")
	if _, err := parseFlags(fs, args); err != nil {
		return ExitFailure
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: %v\n", err)
		return ExitFailure
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: %v\n", err)
		return ExitFindings
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	fmt.Fprintf(stdout, "%s", body)
	if resp.StatusCode != http.StatusOK {
		return ExitFindings
	}
	return ExitOK
}
