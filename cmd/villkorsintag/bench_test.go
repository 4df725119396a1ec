package main

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// longFixture is the long real-producer report (python-docx, 295 KB of
// word/document.xml); see testdata/make/pydocx/make.py, doc_long.
const longFixture = "../../testdata/docx/pydocx-long.docx"

// BenchmarkProcess is the whole process as an operator runs it:
// `villkorsintag check --json` on the long fixture, against the floor
// program (testdata/floor: unzip and tokenize word/document.xml) run in
// the same iteration, so the ratio compares like with like on a busy
// machine. ns/op is the check's wall time; x-floor is check/floor wall
// time, x-floor-cpu the same for user+system CPU time.
func BenchmarkProcess(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "villkorsintag")
	floor := filepath.Join(dir, "floor")
	for _, c := range [][]string{{"-o", bin, "."}, {"-o", floor, "./testdata/floor"}} {
		if out, err := exec.Command("go", append([]string{"build"}, c...)...).CombinedOutput(); err != nil {
			b.Fatalf("go build %v: %v\n%s", c, err, out)
		}
	}
	run := func(name string, args ...string) (wall, cpu time.Duration) {
		cmd := exec.Command(name, args...)
		start := time.Now()
		out, err := cmd.Output()
		wall = time.Since(start)
		// check exits 1 when the report has error findings (the long
		// fixture is over its limits); anything else is a failure.
		if len(out) == 0 || (err != nil && cmd.ProcessState.ExitCode() != 1) {
			b.Fatalf("%s %v: %v", name, args, err)
		}
		return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var fw, fc, cw, cc time.Duration
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		w, c := run(floor, longFixture)
		fw, fc = fw+w, fc+c
		b.StartTimer()
		w, c = run(bin, "check", "--json", longFixture)
		cw, cc = cw+w, cc+c
	}
	n := float64(b.N)
	b.ReportMetric(float64(fw.Milliseconds())/n, "floor-ms")
	b.ReportMetric(float64(cw)/float64(fw), "x-floor")
	b.ReportMetric(float64(cc)/float64(max(fc, time.Millisecond)), "x-floor-cpu")
}
