// Package compare tells what changed between two versions of a report:
// per question, whether the answer changed, its characters before and
// after, and a paragraph-level text diff.
package compare

import (
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

// Question is one question's change.
type Question struct {
	ID                      string `json:"id"`
	Changed                 bool   `json:"changed"`
	StatusBefore, StatusNow string `json:"-"`
	CharsBefore, CharsNow   int    `json:"-"`
	Lines                   []Line `json:"lines,omitempty"`
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
		}
		out = append(out, q)
	}
	for _, b := range before.Questions {
		if !seen[b.ID] {
			out = append(out, Question{ID: b.ID, Changed: true, StatusBefore: string(b.Status), CharsBefore: b.Chars, Lines: Lines(b.Text, "")})
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
