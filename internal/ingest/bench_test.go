package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
)

// variant returns the docx with one answer sentence changed, so every
// message carries a different report (as real corrections do) that still
// has to be parsed and checked whole.
func variant(tb testing.TB, docx []byte, i int) []byte {
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "word/document.xml" {
			data = bytes.Replace(data, []byte("Region Västerbotten"), []byte("Region Västerbotten "+strconv.Itoa(i)), 1)
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zw.Close()
	return out.Bytes()
}

func peakRSSKB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return kb
		}
	}
	return 0
}

// BenchmarkIngest1000 ingests 1 000 messages, each with a different
// full-size report, from 21 regions' domains, into a fresh database file.
// Target: at least 50 messages/s on one core, flat memory (peak RSS).
func BenchmarkIngest1000(b *testing.B) {
	const n = 1000
	full := fixture(b, "pydocx-full.docx")
	domains := make([]string, 0, 21)
	for _, o := range orgs.Default().All {
		domains = append(domains, o.Domains[0])
	}
	msgs := make([][]byte, n)
	for i := range msgs {
		msgs[i] = eml("a@"+domains[i%len(domains)], allRecipients, "Återrapportering N2022/02395 Ä 2023-2905",
			at(1+i%20, 10), fmt.Sprintf("b%d@bench", i), file{"rapport.docx", docxType, variant(b, full, i)})
	}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		p, _ := newPipeline(b)
		p.Now = time.Now
		b.StartTimer()
		start := time.Now()
		for i, raw := range msgs {
			if _, err := p.Ingest(context.Background(), mailItem(raw, strconv.Itoa(i))); err != nil {
				b.Fatal(err)
			}
			if i == 99 {
				b.ReportMetric(peakRSSKB()/1024, "peakRSS@100-MB")
			}
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "msgs/s")
	}
	// flat memory: the peak after 1 000 messages is the peak after 100
	// (both include the ~110 MB of prepared messages the benchmark holds)
	b.ReportMetric(peakRSSKB()/1024, "peakRSS@1000-MB")
}

// BenchmarkOverview is `report` for 21 bodies with 10 versions each.
// Target: under 50 ms.
func BenchmarkOverview(b *testing.B) {
	p, _ := newPipeline(b)
	ctx := context.Background()
	full := fixture(b, "pydocx-full.docx")
	for v := 0; v < 10; v++ {
		for i, o := range orgs.Default().All {
			raw := eml("a@"+o.Domains[0], allRecipients, "r", at(1+v, 10), fmt.Sprintf("o%d-%d@bench", v, i),
				file{"rapport.docx", docxType, variant(b, full, v*100+i)})
			if _, err := p.Ingest(ctx, mailItem(raw, "x")); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		rows, err := p.Store.Overview(ctx, 2023, at(22, 0))
		if err != nil || len(rows) != 21 || rows[0].Version != 10 {
			b.Fatalf("overview: %d rows, %v", len(rows), err)
		}
	}
}
