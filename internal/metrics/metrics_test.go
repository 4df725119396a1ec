package metrics

import (
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestTextFormat(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("app_seen_total", "Messages seen.")
	g := r.Gauge("app_connected", "1 while connected.\nSecond line with a \\.")
	h := r.Histogram("app_seconds", "Processing time.", []float64{.01, .5, 1})
	c.Inc()
	c.Add(2.5)
	g.Set(1700000000)
	for _, v := range []float64{0.005, 0.01, 0.3, 0.5, 0.75, 7} {
		h.Observe(v)
	}
	var b strings.Builder
	if _, err := r.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	want := `# HELP app_connected 1 while connected.\nSecond line with a \\.
# TYPE app_connected gauge
app_connected 1.7e+09
# HELP app_seconds Processing time.
# TYPE app_seconds histogram
app_seconds_bucket{le="0.01"} 2
app_seconds_bucket{le="0.5"} 4
app_seconds_bucket{le="1"} 5
app_seconds_bucket{le="+Inf"} 6
app_seconds_sum 8.565
app_seconds_count 6
# HELP app_seen_total Messages seen.
# TYPE app_seen_total counter
app_seen_total 3.5
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if c.Value() != 3.5 || g.Value() != 1.7e9 || h.Count() != 6 || h.Sum() != 8.565 {
		t.Errorf("values: %v %v %v %v", c.Value(), g.Value(), h.Count(), h.Sum())
	}
}

func TestConcurrentUpdatesAreCounted(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("n_total", "n")
	h := r.Histogram("d_seconds", "d", []float64{1})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				c.Inc()
				h.Observe(2)
			}
		})
	}
	wg.Wait()
	if c.Value() != 8000 || h.Count() != 8000 || h.Sum() != 16000 {
		t.Errorf("counter %v, histogram %d/%v, want 8000", c.Value(), h.Count(), h.Sum())
	}
}

func TestRegistrationMistakesPanic(t *testing.T) {
	for name, f := range map[string]func(r *Registry){
		"twice":    func(r *Registry) { r.Counter("a_total", ""); r.Gauge("a_total", "") },
		"bad name": func(r *Registry) { r.Counter("1a", "") },
		"dash":     func(r *Registry) { r.Gauge("a-b", "") },
		"empty":    func(r *Registry) { r.Gauge("", "") },
		"buckets":  func(r *Registry) { r.Histogram("h", "", []float64{1, 1}) },
		"negative": func(r *Registry) { r.Counter("c_total", "").Add(-1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f(NewRegistry())
		}()
	}
}

func TestGoRuntimeAndHandler(t *testing.T) {
	r := NewRegistry()
	r.Counter("app_total", "x").Inc()
	r.GoRuntime()
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); ct != ContentType {
		t.Errorf("Content-Type %q", ct)
	}
	body := rec.Body.String()
	for _, re := range []string{
		`(?m)^app_total 1$`,
		`(?m)^# TYPE go_goroutines gauge\ngo_goroutines [1-9]\d*$`,
		`(?m)^go_memstats_alloc_bytes [1-9]\d*(\.\d+)?(e\+\d+)?$`,
		`(?m)^go_threads [1-9]\d*$`,
		`(?m)^go_sched_gomaxprocs_threads [1-9]\d*$`,
		`(?m)^go_info\{version="` + regexp.QuoteMeta(runtime.Version()) + `"\} 1$`,
	} {
		if !regexp.MustCompile(re).MatchString(body) {
			t.Errorf("no %s in\n%s", re, body)
		}
	}
	// Every line is a comment or "name[{labels}] value".
	line := regexp.MustCompile(`^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*|[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-z]+="[^"]*"\})? \S+)$`)
	for _, l := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		if !line.MatchString(l) {
			t.Errorf("line %q is not in the text format", l)
		}
	}
	if strings.Count(body, "# TYPE go_goroutines") != 1 {
		t.Errorf("go_goroutines not once")
	}
}
