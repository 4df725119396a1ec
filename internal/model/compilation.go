package model

import "time"

// Why a body has no report (Body.Missing) or no answer to show for a
// question (BodyAnswer.NoAnswer: any of them). An empty value: there is one.
const (
	MissingNotReceived = "not_received" // no report at all for the year
	MissingNoReport    = "no_report"    // a message came, but no readable Word report
	MissingUnanswered  = "unanswered"   // the report leaves the question unanswered
	MissingPlaceholder = "placeholder"  // the template's prompt is still there
	MissingNotFound    = "not_found"    // the question's heading is not in the report
	MissingReference   = "reference"    // the answer refers to another answer
)

// Body is one reporting body's standing in a report year's compilation:
// its current version, if it has one.
type Body struct {
	Organisation string     `json:"organisation"` // id, as in configs/regions.yaml
	Name         string     `json:"name"`
	SubmissionID int64      `json:"submission,omitempty"` // 0: no current version
	Version      int        `json:"version,omitempty"`
	Received     *time.Time `json:"received,omitempty"`
	Run          int64      `json:"-"` // the latest check run of the current version
	// Missing is MissingNotReceived or MissingNoReport when there is no
	// current version, else "".
	Missing string `json:"missing,omitempty"`
}

// BodyAnswer is one body's answer to one question: free text, an insats
// table, or Ja/Nej choices and explanations.
type BodyAnswer struct {
	Body
	Question string `json:"question"`
	Status   Status `json:"status,omitempty"` // "" when the body has no report
	// NoAnswer tells why there is no answer to show (a Missing… value:
	// the body's own Missing, or the answer's), "" when there is one.
	NoAnswer string `json:"no_answer,omitempty"`
	Chars    int    `json:"chars"`
	Text     string `json:"text"`
	// Insatser are the rows of an insats table, Comment the text beside it.
	Insatser []Insats `json:"insatser,omitempty"`
	Comment  string   `json:"comment,omitempty"`
	// Choices are the items of a Ja/Nej question, with their explanations.
	Choices []ChoiceAnswer `json:"choices,omitempty"`
	// Parts are the parts of an answer given in parts (the explanations).
	Parts []Part `json:"parts,omitempty"`
	// Reference is the answer referred to, when this one only refers.
	Reference *ReferencedAnswer `json:"reference,omitempty"`
}

// ReferencedAnswer is the answer a reference leads to. Question is "" when
// the referring text names no question of the template.
type ReferencedAnswer struct {
	Question string   `json:"question"`
	Status   Status   `json:"status,omitempty"`
	Chars    int      `json:"chars"`
	Text     string   `json:"text"`
	Insatser []Insats `json:"insatser,omitempty"`
	Comment  string   `json:"comment,omitempty"`
}

// ChoiceAnswer is one Ja/Nej item as a body answered it, with its
// explanation: the item's text of the explanations question for Ja, the
// "Om nej" text for Nej.
type ChoiceAnswer struct {
	Item        int      `json:"item"`
	Text        string   `json:"text"`   // the item as the template words it
	Answer      string   `json:"answer"` // "ja", "nej" or "" (none or both checked)
	Checked     []string `json:"checked"`
	Explanation string   `json:"explanation"`
}

// InsatsRow is one insats of one body's report, for the table of all insatser.
type InsatsRow struct {
	Organisation string   `json:"organisation"`
	Name         string   `json:"name"`
	SubmissionID int64    `json:"submission"`
	Question     string   `json:"question"`
	Row          int      `json:"row"` // 1-based within the question's table
	Cells        []string `json:"cells"`
	Empty        []int    `json:"empty_columns,omitempty"`
}

// ChoiceRow is one body's row of the choices matrix.
type ChoiceRow struct {
	Body
	Choices []ChoiceAnswer `json:"choices"` // one per item, in order; empty without a report
	// Otherwise is the "Om nej" text of the explanations question.
	Otherwise string `json:"otherwise,omitempty"`
}

// BodyChars is one body's characters per limit group.
type BodyChars struct {
	Body
	Limits []LimitUse `json:"limits"` // one per limit group of the template, in order; empty without a report
}

// ChoiceMatrix is one Ja/Nej question's items × bodies.
type ChoiceMatrix struct {
	Question string   `json:"question"`
	Text     string   `json:"text"`
	Items    []string `json:"items"`
	// Explanations is the question that explains the choices ("" if none).
	Explanations string      `json:"explanations_question,omitempty"`
	Rows         []ChoiceRow `json:"rows"`
}

// BodyReport is one body's answers to every question (status, characters
// and text; no parts or fonts), in template order; empty without a report.
type BodyReport struct {
	Body
	Answers []Answer `json:"answers"`
}
