package compliance

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"syscall"
	"testing"
	"time"
)

const (
	fullFixture = "../../testdata/docx/pydocx-full.docx"
	// longFixture is the long report (295 KB of word/document.xml, every
	// answer over its limit, 14 insatser per table): the speed target's
	// document (README: "Speed").
	longFixture = "../../testdata/docx/pydocx-long.docx"
)

// BenchmarkCheck is the whole check of the full-size submission: every
// question answered at realistic length, every insats table full.
// Target: under 20 ms and 30 MB allocated per document on one core.
func BenchmarkCheck(b *testing.B) { benchCheck(b, fullFixture) }

// BenchmarkCheckLong is the whole check of the long report.
func BenchmarkCheckLong(b *testing.B) { benchCheck(b, longFixture) }

// BenchmarkFloor is the least any reader must do: unzip word/document.xml
// and tokenize it. BenchmarkCheck's ns/op divided by this one's is the
// price of everything else (README: "Speed").
func BenchmarkFloor(b *testing.B) { benchFloor(b, fullFixture) }

// BenchmarkFloorLong is BenchmarkFloor on the long report.
func BenchmarkFloorLong(b *testing.B) { benchFloor(b, longFixture) }

// BenchmarkRatioLong runs the floor and the check of the long report one
// after the other in each iteration and reports the check's time as a
// multiple of the floor's (x-floor), which stays comparable on a machine
// whose load changes during the run: x-floor from the process's CPU time
// (user+system, garbage collection included), x-floor-wall from wall time.
// ns/op is floor + check.
func BenchmarkRatioLong(b *testing.B) {
	data := readFixture(b, longFixture)
	var floor, check, floorWall, checkWall time.Duration
	for b.Loop() {
		c0, t0 := cpuTime(b), time.Now()
		floorOnce(b, data)
		c1, t1 := cpuTime(b), time.Now()
		checkOnce(b, data)
		c2, t2 := cpuTime(b), time.Now()
		floor, check = floor+c1-c0, check+c2-c1
		floorWall, checkWall = floorWall+t1.Sub(t0), checkWall+t2.Sub(t1)
	}
	b.ReportMetric(float64(floorWall.Nanoseconds())/float64(b.N), "floor-ns")
	b.ReportMetric(float64(checkWall.Nanoseconds())/float64(b.N), "check-ns")
	b.ReportMetric(float64(check)/float64(max(floor, time.Microsecond)), "x-floor")
	b.ReportMetric(float64(checkWall)/float64(floorWall), "x-floor-wall")
}

// cpuTime is the CPU time (user + system) this process has used so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func readFixture(b *testing.B, path string) []byte {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	return data
}

func benchCheck(b *testing.B, path string) {
	data := readFixture(b, path)
	for b.Loop() {
		checkOnce(b, data)
	}
}

func benchFloor(b *testing.B, path string) {
	data := readFixture(b, path)
	for b.Loop() {
		floorOnce(b, data)
	}
}

func checkOnce(b *testing.B, data []byte) {
	res, err := Check(data, Options{FileName: "bench.docx"})
	if err != nil || len(res.Questions) == 0 {
		b.Fatalf("check: %v", err)
	}
}

func floorOnce(b *testing.B, data []byte) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		d := xml.NewDecoder(rc)
		n := 0
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		rc.Close()
		if n == 0 {
			b.Fatal("no tokens")
		}
	}
}
