package answers

import "testing"

func TestNorm(t *testing.T) {
	for in, want := range map[string]string{
		"  1.1 Beskriv hur – det\u00A0strategiskt\u00ADviktigaste  ": "1 1 beskriv hur det strategisktviktigaste",
		"ÅTERRAPPORTERING av\nvillkorsbeslut, 2023!":                 "återrapportering av villkorsbeslut 2023",
		"e\u2011tjänst\ue000":                                        "e tjänst",
		"":                                                           "",
		"...":                                                        "",
	} {
		if got := norm(in); got != want {
			t.Errorf("norm(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSimilarTolerance(t *testing.T) {
	lex := newLexicon(0)
	q := lex.phrase("Beskriv hur olika territoriella perspektiv har beaktats i arbetet med likvärdiga möjligheter till boende, arbete och välfärd.")
	for _, s := range []string{
		"3.3 Beskriv hur olika territoriella perspektiv har beaktats inom arbetet med likvärdiga möjligheter till boende, arbete och välfärd.",
		"Beskriv hur olika territoriella\nperspektiv har be\u00ADaktats i arbetet med likvärdiga möjligheter till boende, arbete och välfärd",
	} {
		_, rest := numberPrefix(s)
		n := norm(rest)
		if !q.similar(n, lex.tokenize(n), 0.8) {
			t.Errorf("not taken for the question: %q", s)
		}
	}
	n := norm("Beskriv hur olika territoriella perspektiv har beaktats i analyser, uppföljningar och utvärderingar.")
	if q.similar(n, lex.tokenize(n), 0.8) {
		t.Error("question 2.4 taken for 3.3")
	}
}
