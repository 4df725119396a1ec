// Package model holds the types every part of villkorsintag shares: what a
// report answered and what is wrong with it. The CLI prints them, the store
// keeps them and the pages show them; the JSON names are a contract.
package model

import "time"

// Severity of a finding.
type Severity string

// Severities, most serious first.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Status of an answer.
type Status string

// Answer statuses.
const (
	Answered    Status = "answered"
	Unanswered  Status = "unanswered"
	Placeholder Status = "placeholder" // the control still shows its prompt
	Reference   Status = "reference"   // refers to another answer, which the template allows
)

// Result is everything known about one submitted report.
type Result struct {
	Template string `json:"template"`
	// TemplateFrom tells how the template year was decided: "given",
	// "title", "questions", "mail", "received" or "newest".
	TemplateFrom string        `json:"template_from,omitempty"`
	File         string        `json:"file"`
	SHA256       string        `json:"sha256"`
	Region       *string       `json:"region"`
	Received     *time.Time    `json:"received"`
	Questions    []Answer      `json:"questions"`
	Limits       []LimitUse    `json:"limits"`
	Insatser     []InsatsTable `json:"insatser"`
	Choices      []Choice      `json:"choices"`
	Findings     []Finding     `json:"findings"`
	// Matched counts the template's headings found in the document.
	Matched int `json:"matched_headings"`
}

// Answer is what the report says under one question.
type Answer struct {
	ID     string    `json:"id"`
	Status Status    `json:"status"`
	Chars  int       `json:"chars"`
	Text   string    `json:"text"`
	Found  bool      `json:"found"`           // the question's heading was found in the document
	Parts  []Part    `json:"parts,omitempty"` // for a question answered in parts (10.4)
	Fonts  []FontUse `json:"fonts,omitempty"`
	// Changes counts unaccepted tracked changes inside the answer.
	Changes int `json:"tracked_changes,omitempty"`
}

// Part is one part of an answer given in parts: an item of 10.4 or its "Om nej" text.
type Part struct {
	ID     string `json:"id"` // "10.4.1" … or "10.4.nej"
	Item   int    `json:"item"`
	Status Status `json:"status"`
	Chars  int    `json:"chars"`
	Text   string `json:"text"`
}

// FontUse tells how many characters of an answer are in one font and size.
type FontUse struct {
	Font   string  `json:"font"`
	SizePt float64 `json:"size_pt"`
	Chars  int     `json:"chars"`
	Table  bool    `json:"table,omitempty"` // text in the insats table
}

// LimitUse is a limit group's characters against its limit.
type LimitUse struct {
	Questions []string `json:"questions"`
	Limit     int      `json:"limit"`
	Chars     int      `json:"chars"`
	Exceeded  bool     `json:"exceeded"`
}

// InsatsTable is an insats table as filled in.
type InsatsTable struct {
	Question string   `json:"question"`
	Rows     int      `json:"rows"` // insatser that count
	Max      int      `json:"max"`
	Comment  string   `json:"comment,omitempty"` // text beside the table, e.g. why it is empty
	Items    []Insats `json:"items,omitempty"`
}

// Insats is one filled-in insats (a row, or rows merged into one).
type Insats struct {
	Cells []string `json:"cells"`
	Empty []int    `json:"empty_columns,omitempty"` // 1-based columns with no text
}

// Choice is one Ja/Nej item.
type Choice struct {
	Question string   `json:"question"`
	Item     int      `json:"item"`
	Answer   string   `json:"answer"` // "ja", "nej" or "" (none or both checked)
	Checked  []string `json:"checked"`
}

// Finding is one thing a case officer should know, with a Swedish message
// that can be pasted into a reply to the region.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Question string   `json:"question"`
	Message  string   `json:"message"`
}

// Counts returns the number of findings per severity.
func (r *Result) Counts() (errors, warnings, infos int) {
	for _, f := range r.Findings {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		default:
			infos++
		}
	}
	return
}

// Answer returns the answer to a question, or nil.
func (r *Result) Answer(id string) *Answer {
	for i := range r.Questions {
		if r.Questions[i].ID == id {
			return &r.Questions[i]
		}
	}
	return nil
}
