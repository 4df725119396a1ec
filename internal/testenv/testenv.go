// Package testenv reports the integration tests that skip because a tool
// they need (Dovecot, chromium, axe-core) is not installed.
//
// A passing package's output is hidden by go test ./..., so a skip would go
// unnoticed. A package whose tests call Skip runs them through Main, which
// prints one line naming every test that skipped and why; without -v that
// line is written to the go command's own standard output when that is a
// terminal or a pipe (with -v, or into a file, use go test -v).
package testenv

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
)

var (
	mu      sync.Mutex
	skipped = map[string][]string{} // reason → test names
	reports []string                // Report's texts, in order
)

// Report keeps a text (a summary such as the corpus run's counts) that
// Main prints after the tests, where a passing package's t.Log would be
// hidden by go test ./....
func Report(text string) {
	mu.Lock()
	reports = append(reports, strings.TrimRight(text, "\n")+"\n")
	mu.Unlock()
}

// Skip records that the test skips and why, then skips it.
func Skip(t testing.TB, reason string) {
	t.Helper()
	mu.Lock()
	skipped[reason] = append(skipped[reason], t.Name())
	mu.Unlock()
	t.Skip(reason)
}

// Main runs the tests, prints the skip line of the package (named like
// "internal/poller") and exits.
func Main(m *testing.M, pkg string) {
	os.Exit(Run(m, pkg))
}

// Run is Main without the exit: it returns the tests' exit code, for a
// TestMain that has something to close after the tests.
func Run(m *testing.M, pkg string) int {
	code := m.Run()
	mu.Lock()
	line := strings.Join(reports, "")
	mu.Unlock()
	if line += Summary(pkg); line != "" {
		w := os.Stdout
		if !testing.Verbose() {
			if f := parentStdout(); f != nil {
				defer f.Close()
				w = f
			}
		}
		fmt.Fprint(w, line)
	}
	return code
}

// Summary is the package's skip line, or "" when nothing skipped.
func Summary(pkg string) string {
	mu.Lock()
	defer mu.Unlock()
	if len(skipped) == 0 {
		return ""
	}
	reasons := make([]string, 0, len(skipped))
	n := 0
	for r, names := range skipped {
		sort.Strings(names)
		reasons = append(reasons, strings.Join(names, ", ")+" ("+r+")")
		n += len(names)
	}
	sort.Strings(reasons)
	return fmt.Sprintf("SKIP %s: %d integration test(s) skipped: %s\n", pkg, n, strings.Join(reasons, "; "))
}

// parentStdout opens the standard output of the process that started the
// test binary: under go test that is the go command, which otherwise
// shows a passing package's output only with -v. Only a terminal or a pipe:
// in a regular file the go command's next write would overwrite the line.
// Nil where it is not possible (not Linux, another user, a file).
func parentStdout() *os.File {
	f, err := os.OpenFile(fmt.Sprintf("/proc/%d/fd/1", os.Getppid()), os.O_WRONLY, 0)
	if err != nil {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&(os.ModeNamedPipe|os.ModeCharDevice) == 0 {
		f.Close()
		return nil
	}
	return f
}
