// Package metrics keeps the service's counters, gauges and histograms and
// serves them at /metrics in the Prometheus text exposition format
// (version 0.0.4), with a few Go runtime figures beside them.
//
// It holds only what the service uses: metrics without labels, registered
// once at start. A registry costs nothing until it is written, so a
// command that never serves /metrics pays nothing for it.
package metrics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"net/http"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// ContentType is the Prometheus text format's media type.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// Registry holds the metrics one /metrics serves.
type Registry struct {
	mu      sync.Mutex
	names   map[string]bool
	metrics []metric
}

type metric interface {
	metricName() string
	write(w *bufio.Writer)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{names: map[string]bool{}} }

func (r *Registry) add(m metric) {
	name := m.metricName()
	if !validName(name) {
		panic(fmt.Sprintf("metrics: %q is not a metric name", name))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names[name] {
		panic(fmt.Sprintf("metrics: %s registered twice", name))
	}
	r.names[name] = true
	r.metrics = append(r.metrics, m)
}

// validName is Prometheus's [a-zA-Z_:][a-zA-Z0-9_:]*.
func validName(s string) bool {
	for i, c := range s {
		letter := c == '_' || c == ':' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

// header writes the HELP and TYPE lines.
func header(w *bufio.Writer, name, help, typ string) {
	w.WriteString("# HELP ")
	w.WriteString(name)
	w.WriteByte(' ')
	w.WriteString(escapeHelp(help))
	w.WriteString("\n# TYPE ")
	w.WriteString(name)
	w.WriteByte(' ')
	w.WriteString(typ)
	w.WriteByte('\n')
}

var helpEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`)

func escapeHelp(s string) string { return helpEscaper.Replace(s) }

// sample writes one "name{labels} value" line; labels is already formatted.
func sample(w *bufio.Writer, name, labels string, v float64) {
	w.WriteString(name)
	w.WriteString(labels)
	w.WriteByte(' ')
	w.WriteString(formatFloat(v))
	w.WriteByte('\n')
}

// formatFloat writes a value as Prometheus does: shortest form, and
// +Inf, -Inf and NaN by those names.
func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// WriteTo writes every metric in the text exposition format, sorted by
// name as the Prometheus client does.
func (r *Registry) WriteTo(out io.Writer) (int64, error) {
	r.mu.Lock()
	ms := slices.Clone(r.metrics)
	r.mu.Unlock()
	slices.SortFunc(ms, func(a, b metric) int { return strings.Compare(a.metricName(), b.metricName()) })
	cw := &countingWriter{w: out}
	w := bufio.NewWriter(cw)
	for _, m := range ms {
		m.write(w)
	}
	err := w.Flush()
	return cw.n, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// ServeHTTP serves the registry's metrics (GET /metrics).
func (r *Registry) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", ContentType)
	w.Header().Set("Cache-Control", "no-store")
	r.WriteTo(w)
}

// floatBits is a float64 updated atomically.
type floatBits struct{ bits atomic.Uint64 }

func (f *floatBits) load() float64 { return math.Float64frombits(f.bits.Load()) }

func (f *floatBits) store(v float64) { f.bits.Store(math.Float64bits(v)) }

func (f *floatBits) add(d float64) {
	for {
		old := f.bits.Load()
		if f.bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}

// scalar is a metric of one value: a counter's or a gauge's.
type scalar struct {
	name, help, typ string
	v               floatBits
}

func (m *scalar) metricName() string { return m.name }

func (m *scalar) write(w *bufio.Writer) {
	header(w, m.name, m.help, m.typ)
	sample(w, m.name, "", m.v.load())
}

// Counter is a value that only goes up.
type Counter struct{ scalar }

// Counter registers a counter.
func (r *Registry) Counter(name, help string) *Counter {
	c := &Counter{scalar{name: name, help: help, typ: "counter"}}
	r.add(c)
	return c
}

// Inc adds 1.
func (c *Counter) Inc() { c.v.add(1) }

// Add adds d, which must not be negative.
func (c *Counter) Add(d float64) {
	if d < 0 {
		panic("metrics: a counter cannot go down")
	}
	c.v.add(d)
}

// Value is the counter's value.
func (c *Counter) Value() float64 { return c.v.load() }

// Gauge is a value that is set.
type Gauge struct{ scalar }

// Gauge registers a gauge.
func (r *Registry) Gauge(name, help string) *Gauge {
	g := &Gauge{scalar{name: name, help: help, typ: "gauge"}}
	r.add(g)
	return g
}

// Set sets the value.
func (g *Gauge) Set(v float64) { g.v.store(v) }

// Value is the gauge's value.
func (g *Gauge) Value() float64 { return g.v.load() }

// Histogram counts observations in buckets by upper bound.
type Histogram struct {
	name, help string
	bounds     []float64 // ascending, without +Inf

	mu     sync.Mutex
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

// Histogram registers a histogram with the buckets' upper bounds, which
// must ascend; the +Inf bucket is added.
func (r *Registry) Histogram(name, help string, buckets []float64) *Histogram {
	for i := 1; i < len(buckets); i++ {
		if buckets[i] <= buckets[i-1] {
			panic(fmt.Sprintf("metrics: %s: buckets do not ascend", name))
		}
	}
	h := &Histogram{name: name, help: help, bounds: slices.Clone(buckets), counts: make([]uint64, len(buckets)+1)}
	r.add(h)
	return h
}

// Observe counts one observation.
func (h *Histogram) Observe(v float64) {
	i, _ := slices.BinarySearch(h.bounds, v) // the first bound >= v
	h.mu.Lock()
	h.counts[i]++
	h.sum += v
	h.n++
	h.mu.Unlock()
}

// Count is the number of observations.
func (h *Histogram) Count() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n
}

// Sum is the sum of the observations.
func (h *Histogram) Sum() float64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sum
}

func (h *Histogram) metricName() string { return h.name }

func (h *Histogram) write(w *bufio.Writer) {
	h.mu.Lock()
	counts, sum, n := slices.Clone(h.counts), h.sum, h.n
	h.mu.Unlock()
	header(w, h.name, h.help, "histogram")
	var cum uint64
	for i, b := range h.bounds {
		cum += counts[i]
		sample(w, h.name+"_bucket", `{le="`+formatFloat(b)+`"}`, float64(cum))
	}
	sample(w, h.name+"_bucket", `{le="+Inf"}`, float64(n))
	sample(w, h.name+"_sum", "", sum)
	sample(w, h.name+"_count", "", float64(n))
}

// GoRuntime registers the Go runtime's figures under the names the
// Prometheus Go client uses for them: goroutines, threads, heap and
// memory from the OS, collections, GOGC, GOMEMLIMIT, GOMAXPROCS and the
// Go version.
func (r *Registry) GoRuntime() {
	for _, g := range goSamples {
		r.add(&readMetric{name: g.name, help: g.help, typ: g.typ, read: func() (float64, bool) { return readRuntime(g.key) }})
	}
	r.add(&readMetric{name: "go_threads", help: "Number of OS threads created.", typ: "gauge",
		read: func() (float64, bool) { return float64(pprof.Lookup("threadcreate").Count()), true }})
	version := runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok && bi.GoVersion != "" {
		version = bi.GoVersion
	}
	r.add(&readMetric{name: "go_info", help: "Information about the Go environment.", typ: "gauge",
		labels: `{version="` + labelEscaper.Replace(version) + `"}`, read: func() (float64, bool) { return 1, true }})
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// goSamples are the runtime/metrics GoRuntime reads.
var goSamples = []struct{ name, help, typ, key string }{
	{"go_goroutines", "Number of goroutines that currently exist.", "gauge", "/sched/goroutines:goroutines"},
	{"go_memstats_alloc_bytes", "Number of bytes allocated in heap and currently in use.", "gauge", "/memory/classes/heap/objects:bytes"},
	{"go_memstats_heap_released_bytes", "Number of heap bytes released to OS.", "gauge", "/memory/classes/heap/released:bytes"},
	{"go_memstats_sys_bytes", "Number of bytes obtained from system.", "gauge", "/memory/classes/total:bytes"},
	{"go_memstats_mallocs_total", "Total number of heap objects allocated.", "counter", "/gc/heap/allocs:objects"},
	{"go_memstats_frees_total", "Total number of heap objects frees.", "counter", "/gc/heap/frees:objects"},
	{"go_gc_cycles_total", "Count of completed GC cycles.", "counter", "/gc/cycles/total:gc-cycles"},
	{"go_gc_gogc_percent", "Heap size target percentage configured by GOGC.", "gauge", "/gc/gogc:percent"},
	{"go_gc_gomemlimit_bytes", "Go runtime memory limit configured by GOMEMLIMIT.", "gauge", "/gc/gomemlimit:bytes"},
	{"go_sched_gomaxprocs_threads", "The current runtime.GOMAXPROCS setting.", "gauge", "/sched/gomaxprocs:threads"},
}

func readRuntime(key string) (float64, bool) {
	s := []metrics.Sample{{Name: key}}
	metrics.Read(s)
	switch s[0].Value.Kind() {
	case metrics.KindUint64:
		return float64(s[0].Value.Uint64()), true
	case metrics.KindFloat64:
		return s[0].Value.Float64(), true
	}
	return 0, false // not known to this Go
}

// readMetric is a value read when it is written.
type readMetric struct {
	name, help, typ, labels string
	read                    func() (float64, bool)
}

func (m *readMetric) metricName() string { return m.name }

func (m *readMetric) write(w *bufio.Writer) {
	if v, ok := m.read(); ok {
		header(w, m.name, m.help, m.typ)
		sample(w, m.name, m.labels, v)
	}
}
