package compare

import (
	"regexp"
	"strings"
	"sync"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

// Finding statuses between an earlier and a later version.
const (
	Fixed     = "fixed"     // in the earlier version, not in the later
	Remaining = "remaining" // in both
	New       = "new"       // only in the later version
)

// FindingChange is one finding followed from one version to the next.
type FindingChange struct {
	Status string `json:"status"` // fixed, remaining or new
	// Before is the finding in the earlier version (nil when new), Now in
	// the later (nil when fixed).
	Before *model.Finding `json:"before,omitempty"`
	Now    *model.Finding `json:"now,omitempty"`
}

// Finding is the finding as last seen: the later one unless it was fixed.
func (c FindingChange) Finding() *model.Finding {
	if c.Now != nil {
		return c.Now
	}
	return c.Before
}

// FindingsDiff tells what a correction did to the earlier version's
// findings.
type FindingsDiff struct {
	Changes   []FindingChange `json:"changes"`
	Before    int             `json:"before"` // findings of the earlier version
	Fixed     int             `json:"fixed"`
	Remaining int             `json:"remaining"`
	New       int             `json:"new"`
}

// Findings follows the findings of an earlier version into a later one.
// Two findings are the same when they have the same code, the same
// question and, for the rules that find one thing several times in a
// question, the same thing (the insats row, the Ja/Nej item, the
// diarienummer, running text or table text …), not when their messages
// are equal: a limit still exceeded by fewer characters remains. Among
// equal keys, findings with the same message are paired first. The
// earlier version's findings come first, in their order, then the new
// ones.
func Findings(before, now []model.Finding) FindingsDiff {
	d := FindingsDiff{Before: len(before)}
	used := make([]bool, len(now))
	byKey := map[string][]int{}
	for j := range now {
		k := Key(now[j])
		byKey[k] = append(byKey[k], j)
	}
	match := make([]int, len(before))
	for i := range before {
		match[i] = -1
	}
	// same key and same message first, then same key
	for pass := range 2 {
		for i := range before {
			if match[i] >= 0 {
				continue
			}
			for _, j := range byKey[Key(before[i])] {
				if !used[j] && (pass == 1 || now[j].Message == before[i].Message) {
					match[i], used[j] = j, true
					break
				}
			}
		}
	}
	for i := range before {
		c := FindingChange{Status: Fixed, Before: &before[i]}
		if j := match[i]; j >= 0 {
			c.Status, c.Now = Remaining, &now[j]
			d.Remaining++
		} else {
			d.Fixed++
		}
		d.Changes = append(d.Changes, c)
	}
	for j := range now {
		if !used[j] {
			d.Changes = append(d.Changes, FindingChange{Status: New, Now: &now[j]})
			d.New++
		}
	}
	return d
}

var (
	reInsats = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^Insats (\d+)\b`) })
	rePunkt  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`punkt(?:erna)? (\d+)`) })
)

// Key is what makes a finding the same finding in another version of the
// report: its code and question and, where a rule finds several things
// in one question, which one.
func Key(f model.Finding) string {
	return f.Code + "|" + f.Question + "|" + detail(f)
}

func detail(f model.Finding) string {
	m := f.Message
	switch f.Code {
	case "incomplete_insats", "basis_missing":
		if s := reInsats().FindStringSubmatch(m); s != nil {
			return "insats " + s[1]
		}
	case "choice_missing":
		if s := rePunkt().FindStringSubmatch(m); s != nil {
			return "punkt " + s[1]
		}
	case "explanation_missing":
		if strings.Contains(m, "med Nej") {
			return "nej"
		}
		if s := rePunkt().FindStringSubmatch(m); s != nil {
			return "ja " + s[1]
		}
	case "font":
		if strings.HasPrefix(m, "Tabelltexten") {
			return "tabell"
		}
		return "text"
	case "diarienummer_missing":
		if i := strings.Index(m, " anges inte"); i > 0 {
			return m[:i]
		}
	case "template_mismatch":
		switch {
		case strings.HasPrefix(m, "Dokumentet följer inte mallen"):
			return "mall"
		case strings.HasPrefix(m, "Frågorna "):
			return "saknas"
		}
		return m
	case "risky_content":
		return m
	}
	return ""
}
