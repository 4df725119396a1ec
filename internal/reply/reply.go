// Package reply writes a case officer's completion request (begäran om
// komplettering) to a reporting body: the open findings of its report,
// grouped per question in the template's order, near-identical findings
// merged into one line, without finding codes, in one register ("ni"),
// with Swedish numbers and dates, the due date and the diarienummer.
package reply

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// DefaultDays is how long a body is given to complete its report.
const DefaultDays = 14

// Input is what a draft is made of.
type Input struct {
	Template *spec.Template
	Result   *model.Result
	Accepted map[string]bool // code|question of findings a case officer accepted
	Org      string          // the body's name
	Received time.Time
	Version  int
	Due      time.Time // the date by which the completion is asked for
	Address  string    // where corrections are sent (the intake address)
	Officer  string    // the case officer's name, for the signature
}

// Group is the open findings of one question (or of the report as a
// whole, Question ""), as lines of the draft.
type Group struct {
	Question string
	Title    string
	Lines    []string
}

// Groups returns the open findings grouped per question in template
// order, the report as a whole first, with near-identical findings of a
// question merged.
func Groups(in Input) []Group {
	order := map[string]int{}
	titles := map[string]string{}
	labels := map[string]string{}
	for i, q := range in.Template.Questions() {
		order[q.ID] = i + 1
		titles[q.ID] = q.ShortTitle(90)
		labels[q.ID] = q.Label()
	}
	byQ := map[string][]model.Finding{}
	var keys []string
	for _, f := range in.Result.Findings {
		if in.Accepted[f.Code+"|"+f.Question] {
			continue
		}
		if _, ok := byQ[f.Question]; !ok {
			keys = append(keys, f.Question)
		}
		byQ[f.Question] = append(byQ[f.Question], f)
	}
	rank := func(q string) int {
		if q == "" {
			return 0
		}
		if i := strings.Index(q, "–"); i >= 0 { // a limit group: its first question
			q = q[:i]
		}
		if n, ok := order[q]; ok {
			return n
		}
		return len(order) + 1
	}
	sort.SliceStable(keys, func(i, j int) bool { return rank(keys[i]) < rank(keys[j]) })
	var out []Group
	for _, k := range keys {
		g := Group{Question: k, Title: "Rapporten som helhet"}
		if k != "" {
			g.Title = "Fråga " + k
			if l := labels[k]; l != "" {
				g.Title = l
			}
			if t := titles[k]; t != "" {
				g.Title += " – " + t
			} else if strings.Contains(k, "–") {
				g.Title = "Frågorna " + k
			}
		}
		g.Lines = merge(byQ[k])
		out = append(out, g)
	}
	return out
}

var reNumber = regexp.MustCompile(`\d+`)

// merge writes a question's findings as lines: a finding whose message
// differs from an earlier one of the same code in exactly one number (the
// same one each time) joins that line, which then lists the numbers:
// "Insats 1, 3 och 5 i tabellen under fråga 7.2 saknar …".
func merge(fs []model.Finding) []string {
	type line struct {
		code   string
		parts  []string // the message split around its numbers
		nums   []string
		varies int // which number differs (-1: none yet)
		extra  []string
	}
	var lines []*line
	split := func(msg string) ([]string, []string) {
		locs := reNumber.FindAllStringIndex(msg, -1)
		var parts, nums []string
		last := 0
		for _, l := range locs {
			parts = append(parts, msg[last:l[0]])
			nums = append(nums, msg[l[0]:l[1]])
			last = l[1]
		}
		return append(parts, msg[last:]), nums
	}
	for _, f := range fs {
		parts, nums := split(register(f.Message))
		placed := false
		for _, l := range lines {
			if l.code != f.Code || len(l.nums) != len(nums) || strings.Join(l.parts, "#") != strings.Join(parts, "#") {
				continue
			}
			diff := -1
			for i := range nums {
				if nums[i] != l.nums[i] {
					if diff >= 0 {
						diff = -2
						break
					}
					diff = i
				}
			}
			if diff < 0 || (l.varies >= 0 && l.varies != diff) {
				continue
			}
			l.varies = diff
			l.extra = append(l.extra, nums[diff])
			placed = true
			break
		}
		if !placed {
			lines = append(lines, &line{code: f.Code, parts: parts, nums: nums, varies: -1})
		}
	}
	var out []string
	for _, l := range lines {
		var b strings.Builder
		for i, p := range l.parts {
			b.WriteString(p)
			if i < len(l.nums) {
				if i == l.varies {
					b.WriteString(sv.List(append([]string{l.nums[i]}, l.extra...)))
				} else {
					b.WriteString(l.nums[i])
				}
			}
		}
		out = append(out, b.String())
	}
	return out
}

// register keeps the draft in one register: the body is "ni".
func register(msg string) string {
	r := strings.NewReplacer(" du ", " ni ", " Du ", " Ni ", " din ", " er ", " ditt ", " ert ", " dina ", " era ")
	return strings.TrimSpace(r.Replace(" " + msg + " "))
}

// Subject is the request's subject line, with the diarienummer.
func Subject(in Input) string {
	s := "Begäran om komplettering: " + in.Template.Title + " – " + in.Org
	var ids []string
	for _, d := range in.Template.Diarienummer {
		ids = append(ids, d.ID)
	}
	if len(ids) > 0 {
		s += " (dnr " + strings.Join(ids, ", ") + ")"
	}
	return s
}

// Body is the request's text.
func Body(in Input) string {
	var b strings.Builder
	title := sv.LowerFirst(in.Template.Title)
	b.WriteString("Hej!\n\n")
	fmt.Fprintf(&b, "Tack för er %s", title)
	if in.Version > 0 {
		fmt.Fprintf(&b, " (version %d)", in.Version)
	}
	fmt.Fprintf(&b, ", som kom in %s.\n\n", sv.Time(in.Received))
	groups := Groups(in)
	if len(groups) == 0 {
		b.WriteString("Vid vår granskning har vi inte funnit något som behöver kompletteras.\n\n")
	} else {
		b.WriteString("Vid vår granskning har vi sett att rapporten behöver kompletteras på följande punkter:\n")
		for _, g := range groups {
			fmt.Fprintf(&b, "\n%s\n", g.Title)
			for _, l := range g.Lines {
				fmt.Fprintf(&b, "- %s\n", l)
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "Vi ber er skicka en kompletterad rapport senast %s.", sv.Date(in.Due))
	if in.Address != "" {
		fmt.Fprintf(&b, " Svara på detta meddelande eller skicka den rättade Word-filen (.docx) till %s;", in.Address)
	} else {
		b.WriteString(" Svara på detta meddelande med den rättade Word-filen (.docx);")
	}
	b.WriteString(" den blir då en ny version av er rapport och ersätter den tidigare. Ange gärna diarienumret i ämnesraden.\n\n")
	b.WriteString("Med vänlig hälsning\n")
	if in.Officer != "" {
		b.WriteString(in.Officer + "\n")
	}
	b.WriteString("Tillväxtverket\n")
	return b.String()
}
