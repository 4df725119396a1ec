// Package spec loads template specs: the yearly report template as data.
//
// A spec lists the template's sections and questions with their kinds, the
// character limit groups, the deadline, the diarienummer, the recipients, the
// prescribed fonts and the template's own boilerplate text. The program embeds
// the specs in configs/templates; a new year is a new file.
package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/tillvaxtverket/villkorsintag/configs"
)

// Question kinds.
const (
	KindText         = "text"         // free text
	KindInsatser     = "insatser"     // the insats table
	KindChoices      = "choices"      // Ja/Nej per item
	KindExplanations = "explanations" // one text per item of a choices question, plus "Om nej"
)

// Template is one year's template.
type Template struct {
	Year     int      `yaml:"year"`
	Title    string   `yaml:"title"`
	Deadline Deadline `yaml:"deadline"`
	// Published is the day the agency sent the template out (optional);
	// the intake window opens then unless Intake.Opens says otherwise.
	Published    string         `yaml:"published,omitempty"`
	Intake       Intake         `yaml:"intake,omitempty"`
	Diarienummer []Diarienummer `yaml:"diarienummer"`
	Recipients   []string       `yaml:"recipients"`
	Fonts        struct {
		Text  Font `yaml:"text"`
		Table Font `yaml:"table"`
	} `yaml:"fonts"`
	MaxInsatser         int         `yaml:"max_insatser"`
	Placeholders        []string    `yaml:"placeholders,omitempty"`
	References          References  `yaml:"references,omitempty"`
	BasisTerms          []string    `yaml:"basis_terms,omitempty"`
	ActorKinds          []ActorKind `yaml:"actor_kinds,omitempty"`
	Boilerplate         []string    `yaml:"boilerplate"`
	InsatsColumns       []string    `yaml:"insats_columns"`
	InsatsEffectsColumn int         `yaml:"insats_effects_column"`
	InsatsHeaderTexts   []string    `yaml:"insats_header_texts"`
	Limits              []Limit     `yaml:"limits"`
	Sections            []Section   `yaml:"sections"`

	deadline   time.Time
	opens      time.Time
	closes     time.Time
	questions  map[string]*Question
	references []*regexp.Regexp
}

// Deadline is the last day on which a report is on time.
type Deadline struct {
	Date     string `yaml:"date"`
	Timezone string `yaml:"timezone"`
}

// Intake is the period in which messages about this year's report are
// expected: reports, corrections and questions. Both days are optional (see
// Opens and Closes for the defaults) and inclusive.
type Intake struct {
	Opens  string `yaml:"opens"`
	Closes string `yaml:"closes"`
}

// Diarienummer is a case number the report must state.
type Diarienummer struct {
	ID     string `yaml:"id"`
	Label  string `yaml:"label"`
	Prefix string `yaml:"prefix"`
	Year   string `yaml:"year"`
	Serial string `yaml:"serial"`

	re *regexp.Regexp
}

// Font is a prescribed font.
type Font struct {
	Family string  `yaml:"family"`
	SizePt float64 `yaml:"size_pt"`
}

// String renders the font as "Cambria 11 pt".
func (f Font) String() string { return fmt.Sprintf("%s %g pt", f.Family, f.SizePt) }

// References tells an answer that only refers elsewhere.
type References struct {
	MaxChars int      `yaml:"max_chars"`
	Patterns []string `yaml:"patterns"`
}

// ActorKind is one kind of actor the template asks about.
type ActorKind struct {
	Name  string   `yaml:"name"`
	Terms []string `yaml:"terms"`
}

// Limit is a character limit shared by a group of questions.
type Limit struct {
	Questions  []string `yaml:"questions"`
	Max        int      `yaml:"max"`
	AsksActors bool     `yaml:"asks_actors,omitempty"`
}

// Label names the group as the template does: "1.1–1.3" or "7.1".
func (l Limit) Label() string {
	if len(l.Questions) == 1 {
		return l.Questions[0]
	}
	return l.Questions[0] + "–" + l.Questions[len(l.Questions)-1]
}

// Section is a numbered part of the template.
type Section struct {
	ID        string     `yaml:"id"`
	Title     string     `yaml:"title"`
	Intro     []string   `yaml:"intro,omitempty"`
	Questions []Question `yaml:"questions"`
}

// Question is one question of the template.
type Question struct {
	ID        string   `yaml:"id"`
	Kind      string   `yaml:"kind,omitempty"`
	Text      string   `yaml:"text"`
	Optional  bool     `yaml:"optional,omitempty"`
	Options   []string `yaml:"options,omitempty"`
	Items     []string `yaml:"items,omitempty"`
	Explains  string   `yaml:"explains,omitempty"`
	Otherwise string   `yaml:"otherwise,omitempty"`

	Section *Section `yaml:"-" json:"-"`
}

// ErrUnknownTemplate is returned for a year no spec exists for.
var ErrUnknownTemplate = errors.New("unknown template")

// Parse reads and validates a spec; every problem is reported at once.
func Parse(data []byte) (*Template, error) { return parse(data, yaml.Unmarshal, "mallspecifikationen") }

// parse decodes a spec with unmarshal (what names the format in its
// error) and prepares it.
func parse(data []byte, unmarshal func([]byte, any) error, what string) (*Template, error) {
	var t Template
	if err := unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := t.prepare(); err != nil {
		return nil, fmt.Errorf("mallspecifikationen för %d: %w", t.Year, err)
	}
	return &t, nil
}

func (t *Template) prepare() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if t.Year == 0 {
		bad("year saknas")
	}
	if t.Title == "" {
		bad("title saknas")
	}
	loc, err := time.LoadLocation(t.Deadline.Timezone)
	if err != nil {
		bad("deadline.timezone %q: okänd tidszon: %v", t.Deadline.Timezone, err)
		loc = time.UTC
	}
	day, err := time.ParseInLocation("2006-01-02", t.Deadline.Date, loc)
	if err != nil {
		bad("deadline.date %q: inget datum (ÅÅÅÅ-MM-DD): %v", t.Deadline.Date, err)
	}
	t.deadline = day.AddDate(0, 0, 1) // end of the day: the first instant that is late
	t.prepareIntake(loc, bad)
	if t.MaxInsatser <= 0 {
		bad("max_insatser måste vara större än 0")
	}
	if t.Fonts.Text.Family == "" || t.Fonts.Table.Family == "" {
		bad("fonts.text och fonts.table krävs")
	}
	for i := range t.Diarienummer {
		d := &t.Diarienummer[i]
		if d.Prefix == "" || d.Year == "" || d.Serial == "" {
			bad("diarienummer %q behöver prefix, year och serial", d.ID)
		}
		d.re = d.compile()
	}
	for _, p := range t.References.Patterns {
		re, err := regexp.Compile("(?i)" + p)
		if err != nil {
			bad("references.patterns %q: inget giltigt reguljärt uttryck: %v", p, err)
			continue
		}
		t.references = append(t.references, re)
	}
	if n := len(t.InsatsColumns); n == 0 || t.InsatsEffectsColumn < 1 || t.InsatsEffectsColumn > n {
		bad("insats_columns och insats_effects_column (1..%d) krävs", n)
	}
	t.questions = map[string]*Question{}
	for si := range t.Sections {
		s := &t.Sections[si]
		for qi := range s.Questions {
			q := &s.Questions[qi]
			q.Section = s
			if q.Kind == "" {
				q.Kind = KindText
			}
			if _, dup := t.questions[q.ID]; dup {
				bad("fråga %s finns två gånger", q.ID)
			}
			t.questions[q.ID] = q
			switch q.Kind {
			case KindText, KindInsatser:
			case KindChoices:
				if len(q.Items) == 0 || len(q.Options) != 2 {
					bad("fråga %s: kind choices behöver items och två options", q.ID)
				}
			case KindExplanations:
				if len(q.Items) == 0 || q.Explains == "" {
					bad("fråga %s: kind explanations behöver items och explains", q.ID)
				}
			default:
				bad("fråga %s: okänd kind %q", q.ID, q.Kind)
			}
		}
	}
	for _, q := range t.questions {
		if q.Kind == KindExplanations {
			c := t.questions[q.Explains]
			if c == nil || c.Kind != KindChoices || len(c.Items) != len(q.Items) {
				bad("fråga %s: explains %q måste vara en fråga med kind choices och lika många items", q.ID, q.Explains)
			}
		}
	}
	seen := map[string]bool{}
	for _, l := range t.Limits {
		if l.Max <= 0 || len(l.Questions) == 0 {
			bad("limits %v: behöver questions och ett max större än 0", l.Questions)
		}
		for _, id := range l.Questions {
			if t.questions[id] == nil {
				bad("limits nämner fråga %s, som inte finns", id)
			}
			if seen[id] {
				bad("fråga %s finns i två teckengränser (limits)", id)
			}
			seen[id] = true
		}
	}
	return errors.Join(errs...)
}

// Question returns the question with the id, or nil.
func (t *Template) Question(id string) *Question { return t.questions[id] }

// Questions returns every question in template order.
func (t *Template) Questions() []*Question {
	var qs []*Question
	for si := range t.Sections {
		for qi := range t.Sections[si].Questions {
			qs = append(qs, &t.Sections[si].Questions[qi])
		}
	}
	return qs
}

// LimitOf returns the limit group the question belongs to, or nil.
func (t *Template) LimitOf(id string) *Limit {
	for i := range t.Limits {
		if slices.Contains(t.Limits[i].Questions, id) {
			return &t.Limits[i]
		}
	}
	return nil
}

// LateAfter returns the first instant at which a report is late.
func (t *Template) LateAfter() time.Time { return t.deadline }

// IsReference tells whether an answer only refers to another answer.
func (t *Template) IsReference(text string) bool {
	text = strings.TrimSpace(text)
	if text == "" || (t.References.MaxChars > 0 && longerThan(text, t.References.MaxChars)) {
		return false
	}
	for _, re := range t.references {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

// longerThan tells whether s has more than n characters (runes; an
// invalid byte counts as one). A character takes one to four bytes, so only
// a text of between n and 4n bytes needs counting: a long answer is not
// walked through to learn that it is longer than a reference.
func longerThan(s string, n int) bool {
	switch {
	case len(s) <= n:
		return false
	case len(s) > 4*n:
		return true
	}
	return utf8.RuneCountInString(s) > n
}

// In reports whether text states the number (as Pattern finds it). The
// pattern runs only on a text that holds the year and the serial as they
// are written at all (when they have no letters, which the pattern would
// match in either case): the pattern's leading class and case folding
// make it scan the whole text, which for a long report without the number
// cost more than every other rule together.
func (d Diarienummer) In(text string) bool {
	for _, lit := range []string{d.Year, d.Serial} {
		if !strings.ContainsFunc(lit, unicode.IsLetter) && !strings.Contains(text, lit) {
			return false
		}
	}
	return d.Pattern().MatchString(text)
}

// Pattern returns a pattern that finds the number in running text,
// tolerating what people write: spaces or none between the parts, any dash
// or a slash between year and serial, leading zeros in the serial.
func (d Diarienummer) Pattern() *regexp.Regexp {
	if d.re != nil {
		return d.re
	}
	return d.compile()
}

func (d Diarienummer) compile() *regexp.Regexp {
	sep := `\s*[/\-‐‑‒–—−]?\s*`
	return regexp.MustCompile(`(?i)(^|[^\pL\pN])` + regexp.QuoteMeta(d.Prefix) + `\s*` +
		regexp.QuoteMeta(d.Year) + sep + `0*` + regexp.QuoteMeta(d.Serial) + `($|[^\pN])`)
}

// TwinName is the name of a spec file's JSON twin: templates/2023.yaml's
// is templates/2023.json.
func TwinName(yamlName string) string { return strings.TrimSuffix(yamlName, ".yaml") + ".json" }

func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}

// parseJSON reads a spec's JSON twin and prepares it as Parse does.
func parseJSON(data []byte) (*Template, error) {
	return parse(data, json.Unmarshal, "mallspecifikationen (JSON)")
}

// Twin is the JSON twin of a spec's YAML: the template Parse reads from
// it, as parseJSON reads it back. go generate ./configs writes the twins.
func Twin(yamlData []byte) ([]byte, error) {
	t, err := Parse(yamlData)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(t, "", " ")
	return append(b, '\n'), err
}

// embedded parses the embedded specs once.
var embedded = sync.OnceValues(func() ([]*Template, error) { return loadAll(configs.Templates) })

// Load returns the embedded spec for a report year.
func Load(year int) (*Template, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	for _, t := range all {
		if t.Year == year {
			return t, nil
		}
	}
	return nil, fmt.Errorf("%w: %d", ErrUnknownTemplate, year)
}

// All returns every embedded spec, oldest first.
func All() ([]*Template, error) { return embedded() }

// loadAll reads every templates/*.yaml in fsys. A spec with a JSON twin
// (templates/YEAR.json, written from the YAML by go generate ./configs) is
// read from the twin: the same template, read in a sixth of the time
// (yaml.v3 took 1.7-2.0 ms for the 2023 spec, encoding/json 0.34 ms), which
// every command that checks a report pays at start. A spec without a twin
// is read from its YAML; TestEmbeddedTwinsAreTheirYAML keeps the twins
// true to their YAML.
func loadAll(fsys fs.FS) ([]*Template, error) {
	names, err := fs.Glob(fsys, "templates/*.yaml")
	if err != nil {
		return nil, err
	}
	var ts []*Template
	for _, name := range names {
		parse, file := Parse, name
		if twin := TwinName(name); exists(fsys, twin) {
			parse, file = parseJSON, twin
		}
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, err
		}
		t, err := parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(file), err)
		}
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Year < ts[j].Year })
	return ts, nil
}
