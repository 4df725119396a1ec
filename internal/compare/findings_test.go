package compare

import (
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

func TestFindings(t *testing.T) {
	f := func(code, q, msg string) model.Finding {
		return model.Finding{Code: code, Severity: model.Error, Question: q, Message: msg}
	}
	limit := func(n string) model.Finding {
		return f("limit_exceeded", "1.1–1.3", "Svaren på frågorna 1.1–1.3 har sammantaget "+n+" tecken inklusive blanksteg; högst 8 000 är tillåtet.")
	}
	insats := func(n, q, col string) model.Finding {
		return f("incomplete_insats", q, "Insats "+n+" i tabellen under fråga "+q+" saknar text i kolumnen "+col+".")
	}
	dnr := func(id string) model.Finding {
		return f("diarienummer_missing", "", "Tillväxtverkets diarienummer "+id+" anges inte i rapporten eller i e-postmeddelandet.")
	}
	for _, tc := range []struct {
		name                  string
		before, now           []model.Finding
		want                  []string // status per change, in order
		fixed, remaining, new int
	}{
		{"nothing", nil, nil, nil, 0, 0, 0},
		{"all fixed", []model.Finding{limit("9 000"), f("unanswered", "2.1", "Fråga 2.1 är inte besvarad.")}, nil,
			[]string{Fixed, Fixed}, 2, 0, 0},
		{"a limit still exceeded by less remains: the message is not the key", []model.Finding{limit("9 000")}, []model.Finding{limit("8 200")},
			[]string{Remaining}, 0, 1, 0},
		{"an insats row fixed, another row still incomplete, a third new", []model.Finding{insats("1", "3.4", "Mål"), insats("2", "3.4", "Mål")},
			[]model.Finding{insats("2", "3.4", "Budget"), insats("4", "3.4", "Mål")},
			[]string{Fixed, Remaining, New}, 1, 1, 1},
		{"same row under another question is another finding", []model.Finding{insats("1", "3.4", "Mål")}, []model.Finding{insats("1", "4.4", "Mål")},
			[]string{Fixed, New}, 1, 0, 1},
		{"one of two diarienummer stated", []model.Finding{dnr("Ä 2023–2905"), dnr("N2022/02395")}, []model.Finding{dnr("N2022/02395")},
			[]string{Fixed, Remaining}, 1, 1, 0},
		{"same code twice without detail: paired in order", []model.Finding{f("late", "", "a"), f("late", "", "b")}, []model.Finding{f("late", "", "c")},
			[]string{Remaining, Fixed}, 1, 1, 0},
		{"equal messages are paired first", []model.Finding{f("late", "", "a"), f("late", "", "b")}, []model.Finding{f("late", "", "b")},
			[]string{Fixed, Remaining}, 1, 1, 0},
		{"choice items", []model.Finding{f("choice_missing", "10.3", "Fråga 10.3, punkt 1 (x): varken Ja eller Nej är ikryssat."), f("choice_missing", "10.3", "Fråga 10.3, punkt 2 (y): varken Ja eller Nej är ikryssat.")},
			[]model.Finding{f("choice_missing", "10.3", "Fråga 10.3, punkt 2 (y): både Ja och Nej är ikryssade.")},
			[]string{Fixed, Remaining}, 1, 1, 0},
		{"text and table fonts", []model.Finding{f("font", "1.1", "Svaret på fråga 1.1 är skriven i Arial 11 pt."), f("font", "1.1", "Tabelltexten under fråga 1.1 är skriven i Arial 8 pt.")},
			[]model.Finding{f("font", "1.1", "Tabelltexten under fråga 1.1 är skriven i Arial 9 pt.")},
			[]string{Fixed, Remaining}, 1, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Findings(tc.before, tc.now)
			var got []string
			for _, c := range d.Changes {
				got = append(got, c.Status)
				switch c.Status {
				case Fixed:
					if c.Before == nil || c.Now != nil || c.Finding() != c.Before {
						t.Errorf("fixed %+v", c)
					}
				case Remaining:
					if c.Before == nil || c.Now == nil || c.Finding() != c.Now || Key(*c.Before) != Key(*c.Now) {
						t.Errorf("remaining %+v", c)
					}
				case New:
					if c.Before != nil || c.Now == nil {
						t.Errorf("new %+v", c)
					}
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("statuses %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("statuses %v, want %v", got, tc.want)
					break
				}
			}
			if d.Fixed != tc.fixed || d.Remaining != tc.remaining || d.New != tc.new || d.Before != len(tc.before) {
				t.Errorf("counts %d/%d/%d of %d, want %d/%d/%d", d.Fixed, d.Remaining, d.New, d.Before, tc.fixed, tc.remaining, tc.new)
			}
		})
	}
}

func TestVersions(t *testing.T) {
	before := &model.Result{
		Questions: []model.Answer{{ID: "1.1", Status: model.Answered, Text: "Vi har samverkat med kommunerna.", Chars: 32}, {ID: "2.1", Status: model.Unanswered}},
		Findings:  []model.Finding{{Code: "unanswered", Question: "2.1", Message: "Fråga 2.1 är inte besvarad."}, {Code: "late", Message: "sen"}},
	}
	now := &model.Result{
		Questions: []model.Answer{{ID: "1.1", Status: model.Answered, Text: "Vi har samverkat med kommunerna.", Chars: 32}, {ID: "2.1", Status: model.Answered, Text: "Analyser av näringslivet.", Chars: 25}},
		Findings:  []model.Finding{{Code: "late", Message: "sen"}},
	}
	c := Versions(before, now)
	if c.Changed != 1 || c.Questions[0].Changed || c.Questions[0].Words != nil || !c.Questions[1].Changed {
		t.Fatalf("questions %+v", c.Questions)
	}
	if w := c.Questions[1].Words; w == nil || len(w.Segments) != 1 || w.Segments[0] != (Segment{Insert, "Analyser av näringslivet."}) {
		t.Errorf("words of 2.1: %+v", w)
	}
	if c.Findings.Fixed != 1 || c.Findings.Remaining != 1 || c.Findings.Changes[0].Status != Fixed {
		t.Errorf("findings %+v", c.Findings)
	}
}
