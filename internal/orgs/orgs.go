// Package orgs knows the 21 reporting bodies and tells which one sent a
// submission: by the sender's domain first, then by the names in the
// document, then by the attachment's file name.
package orgs

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/tillvaxtverket/villkorsintag/configs"
)

// Organisation is one reporting body.
type Organisation struct {
	ID      string   `yaml:"id" json:"id"`
	Name    string   `yaml:"name" json:"name"`
	Names   []string `yaml:"names" json:"-"`
	Domains []string `yaml:"domains" json:"-"`
	// Contacts are the body's addresses for completion requests and
	// reminders, besides the sender of its report.
	Contacts []string `yaml:"contacts" json:"contacts,omitempty"`
}

// List is the reporting bodies in regions.yaml order.
type List struct {
	All   []Organisation
	byID  map[string]*Organisation
	names []nameRule
}

// nameRule finds one name of an organisation in running text. The pattern
// is compiled on first use, and only for a text that holds the name's
// longest word (lower-cased) at all: most texts name one or two of the 21
// bodies, so most of the 51 patterns are never compiled or run.
type nameRule struct {
	word string // the name's longest word, lower-cased
	re   func() *regexp.Regexp
	org  *Organisation
}

func newNameRule(name string, o *Organisation) nameRule {
	pat := `(?i)(^|[^\pL])` + strings.ReplaceAll(regexp.QuoteMeta(name), " ", `\s+`) + `($|[^\pL])`
	word := ""
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if len(w) > len(word) {
			word = w
		}
	}
	return nameRule{word: word, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pat) }), org: o}
}

// find returns where the name starts in text (lower is text lower-cased),
// or -1.
func (r nameRule) find(text, lower string) int {
	if !strings.Contains(lower, r.word) {
		return -1
	}
	if loc := r.re().FindStringIndex(text); loc != nil {
		return loc[0]
	}
	return -1
}

// ErrUnknown is returned for an organisation id or name not in the list.
var ErrUnknown = errors.New("unknown organisation")

// Parse reads a regions.yaml.
func Parse(data []byte) (*List, error) {
	var doc struct {
		Organisations []Organisation `yaml:"organisations"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("regions: %w", err)
	}
	l := &List{All: doc.Organisations, byID: map[string]*Organisation{}}
	var errs []error
	for i := range l.All {
		o := &l.All[i]
		if o.ID == "" || o.Name == "" {
			errs = append(errs, fmt.Errorf("regions: entry %d needs id and name", i+1))
			continue
		}
		if l.byID[o.ID] != nil {
			errs = append(errs, fmt.Errorf("regions: id %q twice", o.ID))
		}
		l.byID[o.ID] = o
		for _, n := range append([]string{o.Name}, o.Names...) {
			l.names = append(l.names, newNameRule(n, o))
		}
	}
	return l, errors.Join(errs...)
}

var embedded = sync.OnceValue(func() *List {
	l, err := Parse(configs.Regions)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return l
})

// Default returns the embedded list.
func Default() *List { return embedded() }

// ByID returns the organisation with the id.
func (l *List) ByID(id string) (*Organisation, error) {
	if o := l.byID[id]; o != nil {
		return o, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknown, id)
}

// Lookup finds an organisation by id or by any of its names.
func (l *List) Lookup(s string) (*Organisation, error) {
	if o := l.byID[strings.ToLower(s)]; o != nil {
		return o, nil
	}
	for _, o := range l.ByName(s) {
		return o, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknown, s)
}

// ByDomain returns the organisation whose domain the address or domain is
// in (subdomains count), or nil.
func (l *List) ByDomain(addr string) *Organisation {
	domain := strings.ToLower(strings.TrimSpace(addr))
	if i := strings.LastIndexByte(domain, '@'); i >= 0 {
		domain = domain[i+1:]
	}
	domain = strings.TrimSuffix(domain, ">")
	for i := range l.All {
		for _, d := range l.All[i].Domains {
			if domain == d || strings.HasSuffix(domain, "."+d) {
				return &l.All[i]
			}
		}
	}
	return nil
}

// ByName returns the organisations named in a text, the one named first first.
func (l *List) ByName(text string) []*Organisation {
	type hit struct {
		at  int
		org *Organisation
	}
	var hits []hit
	seen := map[string]bool{}
	lower := strings.ToLower(text)
	for _, r := range l.names {
		if seen[r.org.ID] {
			continue
		}
		if at := r.find(text, lower); at >= 0 {
			seen[r.org.ID] = true
			hits = append(hits, hit{at, r.org})
		}
	}
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].at < hits[j-1].at; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	out := make([]*Organisation, len(hits))
	for i, h := range hits {
		out[i] = h.org
	}
	return out
}

// ByFileName finds an organisation named in a file name such as
// "Villkorsrapport_Region_Vasterbotten_2023.docx", or nil.
func (l *List) ByFileName(name string) *Organisation {
	folded := fold(name)
	for i := range l.All {
		o := &l.All[i]
		for _, n := range append([]string{o.Name}, o.Names...) {
			if f := fold(n); len(f) >= 6 && strings.Contains(folded, f) {
				return o
			}
		}
	}
	return nil
}

// fold lowers a name, turns å ä ö é into a a o e and drops everything but
// letters, so "Region_Västerbotten" and "regionvasterbotten" compare equal.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'å', 'ä', 'á', 'à':
			r = 'a'
		case 'ö', 'ø', 'ó':
			r = 'o'
		case 'é', 'è':
			r = 'e'
		}
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Match is how a submission was tied to an organisation.
type Match struct {
	Org *Organisation
	By  string // "domain", "text", "filename", or "" when none matched
}

// Identify tells who sent a submission: the sender's domain, then the
// document's text (the body named first), then the file name.
func (l *List) Identify(sender, documentText, fileName string) Match {
	if o := l.ByDomain(sender); o != nil {
		return Match{o, "domain"}
	}
	if os := l.ByName(documentText); len(os) > 0 {
		return Match{os[0], "text"}
	}
	if o := l.ByFileName(fileName); o != nil {
		return Match{o, "filename"}
	}
	return Match{}
}
