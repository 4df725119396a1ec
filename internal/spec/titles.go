package spec

import (
	"strings"
	"unicode"
)

// How sections and questions are named for people. Every page, reply
// draft and export composes its headings and labels here, so that a
// title is never cut in the middle or doubled: a section without a
// number ("Övriga medskick") has a question without a number or text,
// which the section's heading names; the "Om nej" text of an
// explanations question already begins with "Om nej".

// Numbered tells whether the section has a number ("10", not "övrigt").
func (s *Section) Numbered() bool { return startsWithDigit(s.ID) }

// Heading is the section's heading: "10. Fördelning av anslag 1:1 …", or
// the title alone for a section without a number ("Övriga medskick").
func (s *Section) Heading() string {
	if !s.Numbered() {
		return s.Title
	}
	return s.ID + ". " + s.Title
}

// Numbered tells whether the question has a number of its own ("7.2");
// one without ("övrigt") is its section's only, unheaded content.
func (q *Question) Numbered() bool { return startsWithDigit(q.ID) }

// Label names the question in running text and lists: "Fråga 7.2", or
// for a question without a number its section's title ("Övriga
// medskick").
func (q *Question) Label() string {
	if !q.Numbered() {
		if q.Section != nil && q.Section.Title != "" {
			return q.Section.Title
		}
		return q.ID
	}
	return "Fråga " + q.ID
}

// Heading is the question's heading above its answer: "7.2 Ge exempel på
// insatser …", or "" for a question without a number and text, which its
// section's heading already names.
func (q *Question) Heading() string {
	if !q.Numbered() {
		return strings.TrimSpace(q.Text)
	}
	return strings.TrimSpace(q.ID + " " + strings.TrimSpace(q.Text))
}

// ShortTitle is the question's text cut to its first sentence and at most
// max characters, ending in " …" when it was cut or when the text goes on
// in the question's items ("Har anslaget bidragit till att nå målen i
// …"); "" for a question without text.
func (q *Question) ShortTitle(max int) string {
	t := strings.TrimSpace(q.Text)
	if t == "" {
		return ""
	}
	cut := false
	if i := strings.IndexAny(t, "?."); i > 0 && i < len(t)-1 {
		t, cut = t[:i+1], true
	}
	if r := []rune(t); len(r) > max {
		t, cut = string(r[:max-2]), true
		if i := strings.LastIndex(t, " "); i > 0 {
			t = t[:i] // not in the middle of a word
		}
		t = strings.TrimRight(t, " ,;")
	}
	last, _ := lastRune(t)
	if (cut || len(q.Items) > 0) && last != '.' && last != '?' && last != ':' {
		t += " …"
	}
	return t
}

// PartLabel names a part of an explanations answer: the item it explains
// (item 1…), or for item 0 the "Om nej" text, which is given "Om nej: "
// in front only when it does not already say so.
func (q *Question) PartLabel(item int) string {
	if item > 0 && item <= len(q.Items) {
		return strings.TrimSuffix(strings.TrimSpace(q.Items[item-1]), ".")
	}
	o := strings.TrimSuffix(strings.TrimSpace(q.Otherwise), ".")
	if o == "" {
		return "Om nej"
	}
	if strings.HasPrefix(strings.ToLower(o), "om nej") {
		return o
	}
	return "Om nej: " + o
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func lastRune(s string) (rune, bool) {
	r := []rune(s)
	if len(r) == 0 {
		return 0, false
	}
	return r[len(r)-1], true
}

// DoubledLead reports a text that says its first words twice ("Om nej:
// Om nej, beskriv …", "Övriga medskick Övriga medskick"), and the words
// said twice. Case, spaces and punctuation between the words do not
// count.
func DoubledLead(s string) (string, bool) {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); w != "" {
			words = append(words, w)
		}
	}
	for n := 1; 2*n <= len(words) && n <= 4; n++ {
		same := true
		for i := range n {
			if words[i] != words[n+i] {
				same = false
				break
			}
		}
		if same {
			return strings.Join(words[:n], " "), true
		}
	}
	return "", false
}
