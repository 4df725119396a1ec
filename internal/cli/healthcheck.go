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
		summary: "avsluta med 0 när den körande tjänstens /healthz svarar ok (för containerns hälsokontroll)", run: runHealthcheck})
}

func runHealthcheck(args []string, stdout, stderr io.Writer) int {
	c := commands["healthcheck"]
	fs := newFlags(c, stderr)
	def := os.Getenv("VILLKORSINTAG_HTTP_ADDR")
	if def == "" {
		def = "127.0.0.1:8080"
	}
	addr := fs.String("addr", def, "tjänstens HTTP-adress `HOST:PORT` (eller VILLKORSINTAG_HTTP_ADDR)")
	if _, ok := positional(fs, args, 0); !ok {
		return ExitFailure
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		return usageError(fs, "--addr %q: HOST:PORT krävs", *addr)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag healthcheck: tjänsten svarar inte på %s: %v\n", net.JoinHostPort(host, port), err)
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
