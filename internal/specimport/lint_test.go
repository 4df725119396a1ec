package specimport

import (
	"os"
	"strings"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

func TestLint(t *testing.T) {
	for _, y := range []int{2023, 2024} {
		if notes := Lint(spectest.Template(t, y)); len(notes) != 0 {
			t.Errorf("%d: %v", y, notes)
		}
	}
	data, _ := os.ReadFile(spectest.Path(2023))
	s := strings.Replace(string(data), "max_insatser: 5", "max_insatser: 6", 1)
	s = strings.Replace(s, `{questions: ["7.1"], max: 4500, asks_actors: true}`, `{questions: ["7.1"], max: 4000, asks_actors: true}`, 1)
	s = strings.Replace(s, `  - {questions: ["8.1"], max: 4500, asks_actors: true}`+"\n", "", 1)
	tpl, err := spec.Parse([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(Lint(tpl), "\n")
	for _, want := range []string{"Fråga 3.4 säger högst 5 insatser, men max_insatser är 6.", "Avsnitt 7 anger 4500 tecken för 7.1, men limits säger 4000.",
		"Avsnitt 8 anger en teckengräns för 8.1 (4500)", "Fråga 8.1 har ingen teckengräns."} {
		if !strings.Contains(got, want) {
			t.Errorf("lint lacks %q:\n%s", want, got)
		}
	}
}

func TestNumbers(t *testing.T) {
	for s, want := range map[string]int{"fem": 5, "sex": 6, "Tio": 10, "12 500": 12500, "4\u00a0500": 4500, "7": 7} {
		if n, ok := number(s); !ok || n != want {
			t.Errorf("%q: %d %v, want %d", s, n, ok, want)
		}
	}
	if _, ok := number("många"); ok {
		t.Error("\"många\" taken for a number")
	}
}
