package compare

import (
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

// TestQuestions matches the 2023 template with the test-only 2024 one:
// 1.3 reworded keeps its number, the 2023 10.2 is the 2024 10.4 and the
// Ja/Nej block 10.3/10.4 moved to 10.2/10.3, 2.5 is new and section 9 is
// gone.
func TestQuestions(t *testing.T) {
	from, to := spectest.Template(t, 2023), spectest.Template(t, 2024)
	ms := Questions(from, to)
	type pair struct{ from, to, how string }
	got := map[string]pair{} // by either id
	var order []string
	for _, m := range ms {
		p := pair{how: m.How}
		if m.From != nil {
			p.from = m.From.ID
		}
		if m.To != nil {
			p.to = m.To.ID
		}
		order = append(order, p.from+">"+p.to)
		if m.From != nil {
			got["from "+p.from] = p
		}
		if m.To != nil {
			got["to "+p.to] = p
		}
		if (m.How == SameNumber || m.How == Renumbered) && (m.Confidence < 0.4 || m.Confidence > 1) {
			t.Errorf("%s→%s: confidence %v", p.from, p.to, m.Confidence)
		}
	}
	for _, tc := range []struct {
		key  string
		want pair
	}{
		{"from 1.1", pair{"1.1", "1.1", SameNumber}},
		{"from 1.3", pair{"1.3", "1.3", SameNumber}},
		{"from 7.2", pair{"7.2", "7.2", SameNumber}},
		{"from 10.1", pair{"10.1", "10.1", SameNumber}},
		{"from 10.2", pair{"10.2", "10.4", Renumbered}},
		{"from 10.3", pair{"10.3", "10.2", Renumbered}},
		{"from 10.4", pair{"10.4", "10.3", Renumbered}},
		{"from 10.5", pair{"10.5", "10.5", SameNumber}},
		{"from övrigt", pair{"övrigt", "övrigt", SameNumber}},
		{"from 9.1", pair{"9.1", "", Gone}},
		{"from 9.2", pair{"9.2", "", Gone}},
		{"to 2.5", pair{"", "2.5", Added}},
	} {
		if g := got[tc.key]; g != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.key, g, tc.want)
		}
	}
	if n := len(from.Questions()) + 1; len(ms) != n { // every question once, 2.5 added
		t.Errorf("%d matches, want %d: %v", len(ms), n, order)
	}
	// 1.3's new wording makes it less certain than an unchanged question
	var c11, c13, c102 float64
	for _, m := range ms {
		if m.To == nil {
			continue
		}
		switch m.To.ID {
		case "1.1":
			c11 = m.Confidence
		case "1.3":
			c13 = m.Confidence
		case "10.4":
			c102 = m.Confidence
		}
	}
	if c11 != 1 || c102 != 1 || c13 >= 0.9 {
		t.Errorf("confidence 1.1 %v, 1.3 %v, 10.2→10.4 %v", c11, c13, c102)
	}
	// the gone questions sit where section 9 was: after 8.2, before 10.1
	pos := map[string]int{}
	for i, o := range order {
		pos[o] = i
	}
	if !(pos["8.2>8.2"] < pos["9.1>"] && pos["9.1>"] < pos["9.2>"] && pos["9.2>"] < pos["10.1>10.1"]) {
		t.Errorf("order %v", order)
	}
}

func TestQuestionsSameTemplate(t *testing.T) {
	tpl := spectest.Template(t, 2023)
	for _, m := range Questions(tpl, tpl) {
		if m.How != SameNumber || m.From != m.To || m.Confidence != 1 {
			t.Errorf("%+v", m)
		}
	}
}
