// Package specimport drafts a template spec from the template's own Word
// document (the blank template the agency receives, or any filled-in
// report, which holds the whole template text), and checks a spec against
// the template text it holds (Lint).
package specimport

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// Draft is an imported spec and what the text did not tell.
type Draft struct {
	Template *spec.Template
	pending  map[string]string   // the last paragraph under a question, by id
	items    map[string][]string // the paragraphs followed by Ja/Nej boxes, by question id
	// ByHand lists, in Swedish, what could not be read from the document
	// and must be filled in or reviewed by hand.
	ByHand []string
}

// Defaults are the spec fields the template text does not state
// (placeholders, references, basis terms, actor kinds, the time zone):
// Import copies them from this template, usually the newest known one.
type Defaults = *spec.Template

var (
	reSection  = lazyRegexp(`^(\d{1,2})\.?\s+(\S.*)$`)
	reQuestion = lazyRegexp(`^(\d{1,2}\.\d{1,2})\.?\s+(\S.*)$`)
	reBoxes    = lazyRegexp(`^(\pL+)\s*[☐☒]\s*(?:(\pL+)\s*[☐☒])?$`)
	reActors   = lazyRegexp(`(?i)aktörer ni har samverkat|vilka aktörer`)
)

const questionsHeading = "Frågor att besvara"

// clean is a paragraph's template text: marks dropped, whitespace collapsed.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case document.MarkPlaceholder, document.MarkChange, '\u00ad':
			return -1
		}
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

type block struct {
	text  string
	label string // list number
	head  int    // heading level
	table *document.Table
}

// Import drafts the spec of the template the document follows.
func Import(doc *document.Document, defaults Defaults) *Draft {
	d := &Draft{Template: &spec.Template{}, pending: map[string]string{}, items: map[string][]string{}}
	t := d.Template
	hand := func(format string, args ...any) { d.ByHand = append(d.ByHand, fmt.Sprintf(format, args...)) }
	var blocks []block
	for _, b := range doc.Blocks {
		switch {
		case b.Para != nil:
			blocks = append(blocks, block{text: clean(b.Para.Text), label: strings.TrimSuffix(b.Para.Label, "."), head: b.Para.Heading})
		case b.Table != nil:
			blocks = append(blocks, block{table: b.Table})
		}
	}

	// front matter: everything up to the questions heading
	i := 0
	for ; i < len(blocks); i++ {
		b := blocks[i]
		if b.table != nil {
			for _, row := range b.table.Rows {
				for _, c := range row.Cells {
					if c.Continue {
						continue
					}
					for _, p := range c.Paragraphs {
						if s := clean(p.Text); s != "" {
							t.Boilerplate = appendNew(t.Boilerplate, s)
						}
					}
				}
			}
			continue
		}
		if b.text == "" || regionsOwn(b.text) {
			continue
		}
		if t.Title == "" && strings.Contains(strings.ToLower(b.text), "villkorsbeslut") {
			t.Title = b.text
		}
		if _, ok := sectionHeading(b); ok && t.Title != "" && !strings.HasPrefix(b.text, questionsHeading) {
			if n := len(t.Boilerplate); n > 0 && strings.HasPrefix(t.Boilerplate[n-1], questionsHeading) {
				break // the first section
			}
		}
		t.Boilerplate = appendNew(t.Boilerplate, b.text)
		if strings.HasPrefix(b.text, questionsHeading) {
			i++
			break
		}
	}
	if t.Title == "" {
		t.Title = clean(doc.Title)
	}
	if m := reTitleYear().FindStringSubmatch(t.Title); m != nil {
		t.Year, _ = strconv.Atoi(m[1])
	} else {
		hand("Rubriken med året (\"Återrapportering av villkorsbeslut ÅÅÅÅ\") hittades inte: year och title.")
	}
	d.front(hand)

	// the questions
	var sec *spec.Section
	var q *spec.Question
	var tables []*document.Table // the insats tables' header rows
	for ; i < len(blocks); i++ {
		b := blocks[i]
		if b.table != nil {
			if q != nil && strings.Contains(strings.ToLower(q.Text), "insats") {
				q.Kind = spec.KindInsatser
				tables = append(tables, b.table)
			}
			continue
		}
		if b.text == "" {
			continue
		}
		if id, text, ok := questionHeading(b, sec); ok {
			sec.Questions = append(sec.Questions, spec.Question{ID: id, Text: text})
			q = &sec.Questions[len(sec.Questions)-1]
			continue
		}
		if id, ok := sectionHeading(b); ok && (b.head > 0 || b.label != "") {
			t.Sections = append(t.Sections, spec.Section{ID: id, Title: sectionTitle(b)})
			sec, q = &t.Sections[len(t.Sections)-1], nil
			if id == "övrigt" {
				// no question heading: the first paragraph is the intro, the answer follows
				for i+1 < len(blocks) && blocks[i+1].table == nil && blocks[i+1].text == "" {
					i++
				}
				if i+1 < len(blocks) && blocks[i+1].table == nil {
					i++
					sec.Intro = []string{blocks[i].text}
				}
				sec.Questions = []spec.Question{{ID: "övrigt", Optional: true}}
				q = nil
			}
			continue
		}
		switch {
		case sec == nil:
		case q == nil && sec.ID != "övrigt":
			sec.Intro = append(sec.Intro, b.text)
		case q != nil:
			d.questionPart(q, sec, b.text)
		}
	}
	d.finish(tables, defaults, hand)
	return d
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// regionsOwn tells a line a region added to the front matter ("Region
// Västerbotten. Diarienummer …") from the template's text.
func regionsOwn(s string) bool {
	for _, o := range orgs.Default().All {
		if strings.HasPrefix(s, o.Name) {
			return true
		}
	}
	return false
}

// sectionHeading reads "3. Likvärdiga …" (typed or automatic number) and
// "Övriga medskick".
func sectionHeading(b block) (string, bool) {
	if strings.EqualFold(b.text, "Övriga medskick") {
		return "övrigt", true
	}
	if b.label != "" && !strings.Contains(b.label, ".") && b.head > 0 {
		if _, err := strconv.Atoi(b.label); err == nil {
			return b.label, true
		}
	}
	if m := reSection().FindStringSubmatch(b.text); m != nil && b.head > 0 && !unicode.IsDigit([]rune(m[2])[0]) {
		return m[1], true
	}
	return "", false
}

func sectionTitle(b block) string {
	if m := reSection().FindStringSubmatch(b.text); m != nil && b.label == "" {
		return m[2]
	}
	return b.text
}

// questionHeading reads "3.4 Ge exempel …" (typed or automatic number) of
// the current section.
func questionHeading(b block, sec *spec.Section) (string, string, bool) {
	if sec == nil || sec.ID == "övrigt" {
		return "", "", false
	}
	if b.label != "" && strings.HasPrefix(b.label, sec.ID+".") {
		return b.label, b.text, true
	}
	if m := reQuestion().FindStringSubmatch(b.text); m != nil && strings.HasPrefix(m[1], sec.ID+".") {
		return m[1], m[2], true
	}
	return "", "", false
}

// questionPart reads a paragraph under a question: Ja/Nej boxes make the
// question a choices question (the paragraph before them is its item);
// under an "Om ja" question the choice items (and "Om nej …") make it the
// explanations of the choices question before it. Other text is an answer.
func (d *Draft) questionPart(q *spec.Question, sec *spec.Section, text string) {
	if m := reBoxes().FindStringSubmatch(text); m != nil {
		if p, ok := d.pending[q.ID]; ok && (len(q.Options) == 0 || m[1] == q.Options[0]) {
			d.items[q.ID] = append(d.items[q.ID], p)
			delete(d.pending, q.ID)
		}
		q.Kind = spec.KindChoices
		if len(q.Options) < 2 {
			q.Options = appendNew(q.Options, m[1])
			if m[2] != "" {
				q.Options = appendNew(q.Options, m[2])
			}
		}
		return
	}
	if prev := choicesBefore(d.Template, q); prev != nil {
		if strings.HasPrefix(strings.ToLower(text), "om nej") && q.Otherwise == "" {
			q.Kind, q.Explains, q.Otherwise = spec.KindExplanations, prev.ID, text
			return
		}
		for _, it := range d.items[prev.ID] {
			if stem(it) == stem(text) && len(q.Items) < len(d.items[prev.ID]) {
				q.Kind, q.Explains = spec.KindExplanations, prev.ID
				q.Items = append(q.Items, text)
				return
			}
		}
	}
	// a paragraph followed by boxes is an item of a choices question
	d.pending[q.ID] = text
}

func stem(s string) string { return strings.ToLower(strings.TrimRight(s, "?.:! ")) }

// choicesBefore returns the choices question just before q, if any.
func choicesBefore(t *spec.Template, q *spec.Question) *spec.Question {
	var prev *spec.Question
	for si := range t.Sections {
		for qi := range t.Sections[si].Questions {
			c := &t.Sections[si].Questions[qi]
			if c == q {
				if prev != nil && prev.Kind == spec.KindChoices {
					return prev
				}
				return nil
			}
			prev = c
		}
	}
	return nil
}

var reNumberSpaces = lazyRegexp(`\s+`)

// front reads what the instructions state: the deadline, the fonts, the
// recipients and the diarienummer.
func (d *Draft) front(hand func(string, ...any)) {
	t := d.Template
	var deadline, fonts, diarie bool
	for _, p := range t.Boilerplate {
		if m := reDeadline().FindStringSubmatch(p); m != nil && !deadline {
			day, _ := strconv.Atoi(m[1])
			year, _ := strconv.Atoi(m[3])
			t.Deadline.Date = fmt.Sprintf("%04d-%02d-%02d", year, months[strings.ToLower(m[2])], day)
			deadline = true
			for _, e := range reEmail().FindAllString(p, -1) {
				t.Recipients = appendNew(t.Recipients, strings.TrimRight(e, "."))
			}
		}
		if m := reFonts().FindStringSubmatch(p); m != nil && !fonts {
			t.Fonts.Text = spec.Font{Family: m[1], SizePt: points(m[2])}
			t.Fonts.Table = spec.Font{Family: m[3], SizePt: points(m[4])}
			fonts = true
		}
		if strings.Contains(p, "diarienummer") && !diarie {
			for _, m := range reDiarie().FindAllStringSubmatch(p, -1) {
				label := strings.TrimSpace(m[1])
				for _, pre := range []string{"Ange ", "ange ", "och ", "samt "} {
					label = strings.TrimPrefix(label, pre)
				}
				label = upperFirst(label) + " diarienummer"
				id := strings.TrimSpace(m[0][strings.Index(m[0], "diarienummer")+len("diarienummer"):])
				t.Diarienummer = append(t.Diarienummer, spec.Diarienummer{ID: id, Label: label, Prefix: m[2], Year: m[3],
					Serial: strings.TrimLeft(m[4], "0")})
				diarie = true
			}
		}
	}
	if !deadline {
		hand("Sista dag för inlämning (\"senast den 21 februari ÅÅÅÅ\") hittades inte: deadline.date.")
	}
	if !fonts {
		hand("Typsnitten (\"typsnitt Cambria, 11 punkter och text i tabeller Calibri, 8 punkter\") hittades inte: fonts.")
	}
	if !diarie {
		hand("Diarienumren (\"Ange … diarienummer …\") hittades inte: diarienummer.")
	}
	if len(t.Recipients) == 0 {
		hand("Mottagarnas e-postadresser hittades inte: recipients.")
	}
}

func points(s string) float64 {
	f, _ := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return f
}

func upperFirst(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// finish settles the kinds, the insats table's columns, the limit groups
// and the maximum of insatser, and takes what the text does not tell from
// the defaults.
func (d *Draft) finish(tables []*document.Table, defaults Defaults, hand func(string, ...any)) {
	t := d.Template
	for si := range t.Sections {
		for qi := range t.Sections[si].Questions {
			q := &t.Sections[si].Questions[qi]
			switch q.Kind {
			case spec.KindChoices:
				q.Items = d.items[q.ID]
			case spec.KindExplanations:
			default:
				q.Items = nil
				if q.Kind == "" && q.ID != "övrigt" {
					q.Kind = "" // text (the default, not written)
				}
			}
		}
	}
	// insats tables: the header row's first paragraph per cell names the column
	if len(tables) > 0 {
		hdr := tables[0].Rows[0]
		for _, c := range hdr.Cells {
			var ps []string
			for _, p := range c.Paragraphs {
				if s := clean(p.Text); s != "" {
					ps = append(ps, s)
				}
			}
			if len(ps) == 0 {
				continue
			}
			t.InsatsColumns = append(t.InsatsColumns, ps[0])
			for _, x := range ps[1:] {
				t.InsatsHeaderTexts = appendNew(t.InsatsHeaderTexts, x)
				if strings.Contains(x, "uppföljning, utvärdering") || strings.Contains(strings.ToLower(x), "baseras på") {
					t.InsatsEffectsColumn = len(t.InsatsColumns)
				}
			}
		}
	} else {
		hand("Ingen insatstabell hittades: insats_columns, insats_header_texts och insats_effects_column.")
	}
	if t.InsatsEffectsColumn == 0 && len(t.InsatsColumns) > 0 {
		hand("Kolumnen där det ska anges om resultaten bygger på uppföljning, utvärdering eller egen bedömning hittades inte: insats_effects_column.")
	}
	// max insatser from the insats questions' "Ange max fem insatser"
	for _, q := range t.Questions() {
		if q.Kind == spec.KindInsatser {
			if n, ok := MaxInsatser(q.Text); ok {
				if t.MaxInsatser != 0 && n != t.MaxInsatser {
					hand("Frågorna anger olika högsta antal insatser (%d och %d): max_insatser.", t.MaxInsatser, n)
				}
				if t.MaxInsatser == 0 {
					t.MaxInsatser = n
				}
			}
		}
	}
	if t.MaxInsatser == 0 {
		hand("Högsta antal insatser (\"Ange max fem insatser\") hittades inte: max_insatser.")
	}
	// limit groups from the sections' "Observera! Maximalt antal tecken …"
	ids := []string{}
	for _, q := range t.Questions() {
		ids = append(ids, q.ID)
	}
	for si := range t.Sections {
		s := &t.Sections[si]
		for _, in := range s.Intro {
			for _, l := range Limits(in) {
				from, to := indexOf(ids, l.From), indexOf(ids, l.To)
				if l.To == "" {
					to = from
				}
				if from < 0 || to < from {
					hand("Avsnitt %s anger en teckengräns för frågor som inte hittades (%s–%s).", s.ID, l.From, l.To)
					continue
				}
				lim := spec.Limit{Questions: append([]string(nil), ids[from:to+1]...), Max: l.Max}
				lim.AsksActors = reActors().MatchString(strings.Join(s.Intro, " "))
				for _, id := range lim.Questions {
					lim.AsksActors = lim.AsksActors || reActors().MatchString(questionText(t, id))
				}
				t.Limits = append(t.Limits, lim)
			}
		}
	}
	// what the text never says
	t.Deadline.Timezone = "Europe/Stockholm"
	if defaults != nil {
		t.Placeholders = defaults.Placeholders
		t.References = defaults.References
		t.BasisTerms = defaults.BasisTerms
		t.ActorKinds = defaults.ActorKinds
		t.Deadline.Timezone = defaults.Deadline.Timezone
		hand("Tidszonen för sista dag (%s), platshållartexterna, hänvisningsmönstren, orden för uppföljning/utvärdering/bedömning och aktörstyperna står inte i mallen; de är tagna från mallen för %d: granska placeholders, references, basis_terms och actor_kinds.", t.Deadline.Timezone, defaults.Year)
	} else {
		hand("Tidszonen (Europe/Stockholm antagen), placeholders, references, basis_terms och actor_kinds står inte i mallen och måste fyllas i för hand.")
	}
	hand("Inlämningsperioden (published, intake) står inte i mallen: utan den gäller 1 september %d till sex månader efter sista dag.", t.Year)
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func questionText(t *spec.Template, id string) string {
	for _, q := range t.Questions() {
		if q.ID == id {
			return q.Text
		}
	}
	return ""
}
