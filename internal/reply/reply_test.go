package reply

import (
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

func input(t *testing.T, fs ...model.Finding) Input {
	t.Helper()
	tpl, err := spec.Load(2023)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Template: tpl, Result: &model.Result{Findings: fs}, Accepted: map[string]bool{}, Org: "Region Skåne",
		Received: time.Date(2024, 2, 21, 23, 3, 0, 0, time.UTC), Version: 2, Due: time.Date(2024, 3, 7, 12, 0, 0, 0, sv.Stockholm),
		Address: "villkorsrapport@tillvaxtverket.se", Officer: "Anna Handläggare"}
}

func f(code, q, msg string) model.Finding {
	return model.Finding{Code: code, Severity: model.Error, Question: q, Message: msg}
}

func TestGroupsInTemplateOrderWithMergedLines(t *testing.T) {
	in := input(t,
		f("insats_cell_empty", "7.2", "Insats 1 i tabellen under fråga 7.2 saknar text i kolumnen Resultat: 2023."),
		f("unanswered", "10.5", "Fråga 10.5 är inte besvarad."),
		f("insats_cell_empty", "7.2", "Insats 3 i tabellen under fråga 7.2 saknar text i kolumnen Resultat: 2023."),
		f("over_limit", "1.1–1.3", "Svaren på frågorna 1.1, 1.2 och 1.3 har sammantaget 4\u202f600 tecken inklusive blanksteg; högst 4\u202f500 är tillåtet (100 för många)."),
		f("unanswered", "2.1", "Fråga 2.1 är inte besvarad."),
		f("late", "", "Rapporten kom in 22 februari 2024 kl. 00.03, efter sista dag för inlämning 21 februari 2024."),
		f("insats_cell_empty", "7.2", "Insats 5 i tabellen under fråga 7.2 saknar text i kolumnen Resultat: 2023."),
		f("insats_cell_empty", "7.2", "Insats 2 i tabellen under fråga 7.2 saknar text i kolumnen Mål: 2023."),
		f("accepted_one", "3.1", "Det här är godtaget."),
		f("style", "2.1", "Svaret på fråga 2.1 är skrivet i du-form; du ska skriva i er egen form."),
	)
	in.Accepted["accepted_one|3.1"] = true
	gs := Groups(in)
	var qs []string
	for _, g := range gs {
		qs = append(qs, g.Question)
	}
	if got, want := strings.Join(qs, " "), " 1.1–1.3 2.1 7.2 10.5"; got != want {
		t.Fatalf("groups %q, want %q", got, want)
	}
	if g := gs[3]; len(g.Lines) != 2 ||
		g.Lines[0] != "Insats 1, 3 och 5 i tabellen under fråga 7.2 saknar text i kolumnen Resultat: 2023." ||
		g.Lines[1] != "Insats 2 i tabellen under fråga 7.2 saknar text i kolumnen Mål: 2023." {
		t.Errorf("7.2 lines: %q", g.Lines)
	}
	if gs[0].Title != "Rapporten som helhet" || !strings.HasPrefix(gs[2].Title, "Fråga 2.1 – ") || gs[1].Title != "Frågorna 1.1–1.3" {
		t.Errorf("titles: %q, %q, %q", gs[0].Title, gs[1].Title, gs[2].Title)
	}
	if got := gs[2].Lines[1]; strings.Contains(got, " du ") || !strings.Contains(got, " ni ") {
		t.Errorf("register not ni: %q", got)
	}

	body, subject := Body(in), Subject(in)
	for _, want := range []string{"N2022/02395", "Region Skåne", "Begäran om komplettering"} {
		if !strings.Contains(subject, want) {
			t.Errorf("subject %q lacks %q", subject, want)
		}
	}
	for _, want := range []string{"Tack för er återrapportering av villkorsbeslut 2023 (version 2)", "kom in 2024-02-22 kl. 00.03", "senast 2024-03-07", "villkorsrapport@tillvaxtverket.se", "ny version", "Anna Handläggare",
		"4\u202f600 tecken", "\nFråga 7.2 – "} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	for _, not := range []string{"insats_cell_empty", "unanswered", "[late]", "godtaget", " du "} {
		if strings.Contains(body, not) {
			t.Errorf("body contains %q", not)
		}
	}
	if i, j := strings.Index(body, "Fråga 2.1"), strings.Index(body, "Fråga 10.5"); i < 0 || j < i {
		t.Error("10.5 before 2.1: not in template order")
	}
}

func TestNothingOpen(t *testing.T) {
	in := input(t, f("late", "", "Sen."))
	in.Accepted["late|"] = true
	if len(Groups(in)) != 0 || !strings.Contains(Body(in), "inte funnit något") {
		t.Errorf("all accepted: %q", Body(in))
	}
}
