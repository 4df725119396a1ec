package poller

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"
)

// fullSizeMessage is vasterbotten-ontime.eml with its report replaced by
// a variant of the full-size fixture (one sentence changed), so that every
// message carries a different full-size report.
func fullSizeMessage(tb testing.TB, full []byte, i int) []byte {
	zr, _ := zip.NewReader(bytes.NewReader(full), int64(len(full)))
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "word/document.xml" {
			data = bytes.Replace(data, []byte("Region Västerbotten"), []byte(fmt.Sprintf("Region Västerbotten %d", i)), 1)
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zw.Close()
	enc := base64.StdEncoding.EncodeToString(docx.Bytes())
	var lines []string
	for len(enc) > 76 {
		lines = append(lines, enc[:76])
		enc = enc[76:]
	}
	lines = append(lines, enc)
	return []byte(fmt.Sprintf("Received: from mx.example by mx1.tillvaxtverket.se; Tue, 20 Feb 2024 14:03:00 +0100\r\n"+
		"From: Anna <anna@regionvasterbotten.se>\r\nTo: villkorsrapport@tillvaxtverket.se\r\nSubject: Rapport N2022/02395 Ä 2023-2905\r\n"+
		"Date: Tue, 20 Feb 2024 14:02:00 +0100\r\nMessage-ID: <bench%d@regionvasterbotten.se>\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nRapporten.\r\n--b\r\n"+
		"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n"+
		"Content-Disposition: attachment; filename=rapport.docx\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n--b--\r\n",
		i, strings.Join(lines, "\r\n")))
}

// BenchmarkDovecotDrain1000 drains a Dovecot backlog of 1 000 messages,
// each with a different full-size report, end to end (fetch, store,
// check, move). Target: at least 30 messages/s.
func BenchmarkDovecotDrain1000(b *testing.B) {
	full := fixtureDocx(b)
	for b.Loop() {
		b.StopTimer()
		d, e := dovecotEnv(b)
		var msgs [][]byte
		for i := 0; i < 1000; i++ {
			msgs = append(msgs, fullSizeMessage(b, full, i))
		}
		d.Append("INBOX", msgs, time.Now())
		b.StartTimer()
		start := time.Now()
		stop := e.start(e.poller())
		for d.Count("INBOX") != 0 {
			time.Sleep(20 * time.Millisecond)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		stop()
		b.ReportMetric(1000/elapsed.Seconds(), "msgs/s")
		b.StartTimer()
	}
}

// BenchmarkDovecotIdleLatency delivers 20 messages one at a time to a
// poller in IDLE and reports the median and worst arrival → commit time.
// Target: p50 under 500 ms.
func BenchmarkDovecotIdleLatency(b *testing.B) {
	full := fixtureDocx(b)
	for b.Loop() {
		b.StopTimer()
		d, e := dovecotEnv(b)
		e.cfg.PollInterval = time.Minute
		stop := e.start(e.poller())
		for e.count(`SELECT count(*) FROM mailbox_state`) == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		var lat []time.Duration
		for i := 0; i < 20; i++ {
			time.Sleep(200 * time.Millisecond) // back in IDLE
			start := time.Now()
			d.Append("INBOX", [][]byte{fullSizeMessage(b, full, i)}, time.Now())
			for e.count(`SELECT count(*) FROM submissions`) != i+1 {
				time.Sleep(2 * time.Millisecond)
			}
			lat = append(lat, time.Since(start))
		}
		stop()
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(lat[len(lat)/2].Milliseconds()), "p50-ms")
		b.ReportMetric(float64(lat[len(lat)-1].Milliseconds()), "max-ms")
		b.StartTimer()
	}
}
