package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/document"
)

// The hostile documents of testdata/hostile (made by its make.py) are
// checked in a child process each: the test binary run again with
// childEnv set, which runs `check FILE` and exits with its status. The
// child's wall time and peak RSS are the cost of that one document.
const (
	childEnv       = "VILLKORSINTAG_TEST_CHECK_CHILD"
	childBudgetEnv = "VILLKORSINTAG_TEST_BUDGET_SCALE" // scales the work budget, for the benchmark
	hostileDir     = "../../testdata/hostile/"
)

// TestCheckChild is the child's side: it does nothing in a normal run.
func TestCheckChild(t *testing.T) {
	file := os.Getenv(childEnv)
	if file == "" {
		t.Skip("runs only as the child of TestHostile and BenchmarkHostile")
	}
	if s := os.Getenv(childBudgetEnv); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		scaleBudget(&document.DefaultLimits, f)
	}
	os.Exit(Main([]string{"check", file}, os.Stdout, os.Stderr))
}

func scaleBudget(l *document.Limits, f float64) {
	l.Inflated = int64(float64(l.Inflated) * f)
	l.Tokens = int(float64(l.Tokens) * f)
	l.Paragraphs = int(float64(l.Paragraphs) * f)
	l.Runs = int(float64(l.Runs) * f)
	l.Rows = int(float64(l.Rows) * f)
	l.Cells = int(float64(l.Cells) * f)
	l.Text = int64(float64(l.Text) * f)
	l.HeaderBytes = int64(float64(l.HeaderBytes) * f)
	l.Definitions = int(float64(l.Definitions) * f)
}

type childRun struct {
	code    int
	stderr  string
	elapsed time.Duration
	cpu     time.Duration // user and system time: less noisy than wall time on a busy machine
	peakMB  float64
}

func runChild(tb testing.TB, file string, env ...string) childRun {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCheckChild$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), childEnv+"="+file), env...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = nil, &stderr
	start := time.Now()
	err := cmd.Run()
	r := childRun{elapsed: time.Since(start), stderr: stderr.String()}
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		tb.Fatalf("%s: %v", file, err)
	}
	r.code = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peakMB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return r
}

// TestHostile checks every hostile document in a child process: each is
// answered (a result, or a refusal with a Swedish reason on stderr and
// exit status 2), within generous bounds of time and peak RSS (the target
// is 2 s and 256 MB; time is bounded loosely because the test machine may
// be busy).
func TestHostile(t *testing.T) {
	const refused = "Filen kan inte läsas som ett Word-dokument: "
	want := map[string]struct {
		code   int
		reason string // on stderr, after refused; "" for a document that reads
	}{
		"paragraphs.docx":      {ExitFailure, "dokumentet har fler än 40\u00a0000 stycken"},
		"cells.docx":           {ExitFailure, "dokumentets tabeller har fler än 30\u00a0000 celler"},
		"rows.docx":            {ExitFailure, "dokumentets tabeller har fler än 10\u00a0000 rader"},
		"numbering.docx":       {ExitFailure, "dokumentet har mer än 2 MB text"},
		"headers-shared.docx":  {ExitFailure, "dokumentet har mer än 2 MB text"},
		"rels-shared.docx":     {ExitFailure, "dokumentet har fler än 20\u00a0000 formatmallar, listdefinitioner och relationer"},
		"document-shared.docx": {ExitFailure, "dokumentet har fler än 40\u00a0000 stycken"},
		"runs.docx":            {ExitFindings, ""},
		"text.docx":            {ExitFindings, ""},
		"tokens.docx":          {ExitFindings, ""},
		"styles.docx":          {ExitFindings, ""},
		"table-p.docx":         {ExitFindings, ""},
		"table-tc.docx":        {ExitFindings, ""},
		"row-p.docx":           {ExitFindings, ""},
		"table-in-p.docx":      {ExitFindings, ""},
	}
	files, _ := filepath.Glob(hostileDir + "*.docx")
	if len(files) != len(want) {
		t.Errorf("%d files in %s, %d expected: every case needs its expectation here", len(files), hostileDir, len(want))
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("no expectation for %s", name)
			}
			r := runChild(t, file)
			t.Logf("%s: exit %d, %v (CPU %v), peak RSS %.0f MB", name, r.code, r.elapsed.Round(time.Millisecond), r.cpu.Round(time.Millisecond), r.peakMB)
			if r.code != w.code {
				t.Errorf("exit %d, want %d; stderr: %s", r.code, w.code, r.stderr)
			}
			if w.reason != "" && !strings.Contains(r.stderr, refused+w.reason) {
				t.Errorf("stderr %q, want the reason %q", r.stderr, refused+w.reason)
			}
			if w.reason == "" && r.stderr != "" {
				t.Errorf("stderr %q, want none", r.stderr)
			}
			if r.peakMB >= 256 {
				t.Errorf("peak RSS %.0f MB, want under 256 MB", r.peakMB)
			}
			if r.elapsed > 20*time.Second {
				t.Errorf("took %v, want well under 20 s (the target is 2 s)", r.elapsed)
			}
		})
	}
}

// BenchmarkHostile writes every family of testdata/hostile/make.py scaled
// up to about 24 MB (VILLKORSINTAG_HOSTILE_MB to change it; files stored
// uncompressed, so as large as what they inflate to; the shared-stream
// families stay small files) and checks each in a child process, with the
// work budget at half and at its default: ns/op is the wall time of one
// check, cpu-s/op its user and system time, peak-MB the child's peak RSS, and x-target-time / x-target-rss
// their ratio to the 2 s and 256 MB target. Needs python3.
//
//	go test -run='^$' -bench=Hostile -benchtime=3x ./internal/cli/
func BenchmarkHostile(b *testing.B) {
	py, err := exec.LookPath("python3")
	if err != nil {
		b.Skip("python3 not found")
	}
	size := "24"
	if s := os.Getenv("VILLKORSINTAG_HOSTILE_MB"); s != "" {
		size = s
	}
	dir := b.TempDir()
	if out, err := exec.Command(py, hostileDir+"make.py", "--big", dir, "--size", size).CombinedOutput(); err != nil {
		b.Fatalf("make.py: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.docx"))
	for _, file := range files {
		fi, _ := os.Stat(file)
		for _, scale := range []string{"0.5", "1"} {
			name := fmt.Sprintf("%s/%.1fMB/budget=%s", strings.TrimSuffix(filepath.Base(file), ".docx"), float64(fi.Size())/(1<<20), scale)
			b.Run(name, func(b *testing.B) {
				var peak float64
				var code int
				var cpu time.Duration
				for range b.N {
					r := runChild(b, file, childBudgetEnv+"="+scale)
					peak, code, cpu = max(peak, r.peakMB), r.code, cpu+r.cpu
				}
				b.ReportMetric(peak, "peak-MB")
				b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
				b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(2*time.Second), "x-target-time")
				b.ReportMetric(peak/256, "x-target-rss")
				b.ReportMetric(float64(code), "exit")
			})
		}
	}
}
