// Package compare tells what changed between two answer sets: two
// versions of a report (per question, whether the answer changed, its
// characters before and after, a word-level and a paragraph-level text
// diff; per finding, whether the correction fixed it), and two report
// years of a body, with the questions of the two templates matched.
package compare

import (
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

// Question is one question's change.
type Question struct {
	ID           string `json:"id"`
	Changed      bool   `json:"changed"`
	StatusBefore string `json:"status_before"`
	StatusNow    string `json:"status_now"`
	CharsBefore  int    `json:"chars_before"`
	CharsNow     int    `json:"chars_now"`
	// Lines is the paragraph-level diff, Words the word-level one; both
	// only for a changed question.
	Lines []Line    `json:"-"`
	Words *WordDiff `json:"words,omitempty"`
}

// Comparison is what changed from an earlier version of a report to a
// later one.
type Comparison struct {
	Findings  FindingsDiff `json:"findings"`
	Questions []Question   `json:"questions"`
	Changed   int          `json:"changed_questions"`
}

// Versions compares two check results of a report: its findings and its
// answers.
func Versions(before, now *model.Result) Comparison {
	c := Comparison{Findings: Findings(before.Findings, now.Findings), Questions: Results(before, now)}
	for _, q := range c.Questions {
		if q.Changed {
			c.Changed++
		}
	}
	return c
}

// Line is one paragraph of a diff.
type Line struct {
	Op   byte   `json:"op"` // ' ' kept, '-' removed, '+' added
	Text string `json:"text"`
}

// Results compares two check results question by question.
func Results(before, now *model.Result) []Question {
	var out []Question
	seen := map[string]bool{}
	for _, a := range now.Questions {
		seen[a.ID] = true
		b := before.Answer(a.ID)
		if b == nil {
			b = &model.Answer{ID: a.ID, Status: model.Unanswered}
		}
		q := Question{ID: a.ID, StatusBefore: string(b.Status), StatusNow: string(a.Status), CharsBefore: b.Chars, CharsNow: a.Chars}
		q.Changed = b.Text != a.Text || b.Status != a.Status
		if q.Changed {
			q.Lines = Lines(b.Text, a.Text)
			w := Words(b.Text, a.Text)
			q.Words = &w
		}
		out = append(out, q)
	}
	for _, b := range before.Questions {
		if !seen[b.ID] {
			w := Words(b.Text, "")
			out = append(out, Question{ID: b.ID, Changed: true, StatusBefore: string(b.Status), CharsBefore: b.Chars, Lines: Lines(b.Text, ""), Words: &w})
		}
	}
	return out
}

// Lines diffs two texts paragraph by paragraph (longest common subsequence).
func Lines(before, now string) []Line {
	a, b := split(before), split(now)
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []Line
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			out = append(out, Line{' ', a[i]})
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, Line{'+', b[j]})
			j++
		default:
			out = append(out, Line{'-', a[i]})
			i++
		}
	}
	return out
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
