package compliance

import (
	"fmt"
	"regexp"
	"strconv"
	"sync"

	"github.com/tillvaxtverket/villkorsintag/internal/answers"
	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// How a result's template year was decided (model.Result.TemplateFrom), in
// the order the rule tries them.
const (
	YearGiven     = "given"     // the caller named the year (check --template)
	YearTitle     = "title"     // the document's title or properties name a known year
	YearQuestions = "questions" // the template whose questions the document follows best
	YearMail      = "mail"      // a year stated in the e-mail's subject or body
	YearReceived  = "received"  // the intake window the message arrived in
	YearNewest    = "newest"    // nothing told (no received time either): the newest template
)

func (o Options) templates() (*spec.Set, error) {
	if o.Templates != nil {
		return o.Templates, nil
	}
	return spec.Embedded()
}

// decision is the template a document is checked against, and why.
type decision struct {
	t    *spec.Template
	ex   *answers.Extraction // the document read against t, when already done
	from string
	note string // for the template_mismatch finding
}

// decideForDocument applies the year rule to a readable document: the year
// given; else the title's year if a template exists for it; else the
// template whose questions the document follows best (at least half of its
// headings found; never simply the newest); else what the e-mail and the
// received time tell (yearWithoutDocument).
func decideForDocument(set *spec.Set, doc *document.Document, opt Options) (decision, error) {
	if opt.Year != 0 {
		t, err := set.Load(opt.Year)
		if err != nil {
			return decision{}, err
		}
		return decision{t: t, from: YearGiven}, nil
	}
	titled := DetectYear(doc)
	if titled != 0 {
		if t, err := set.Load(titled); err == nil {
			return decision{t: t, from: YearTitle}, nil
		}
	}
	d, ok := bestMatch(set, doc, opt)
	if !ok {
		t, from := yearWithoutDocument(set, opt)
		if t == nil {
			return decision{}, spec.ErrUnknownTemplate
		}
		d = decision{t: t, from: from}
	}
	if titled != 0 {
		d.note = fmt.Sprintf("Dokumentet anger mallen för %d, som programmet inte känner till; det har kontrollerats mot mallen för %d%s.", titled, d.t.Year, becauseText[d.from])
	} else {
		d.note = fmt.Sprintf("Dokumentets titel anger inte vilket års mall det följer; det har kontrollerats mot mallen för %d%s.", d.t.Year, becauseText[d.from])
	}
	return d, nil
}

var becauseText = map[string]string{
	YearQuestions: ", vars frågor det följer bäst",
	YearMail:      ", som e-postmeddelandet anger",
	YearReceived:  ", efter när det kom in",
	YearNewest:    ", den senaste mallen",
}

// bestMatch reads the document against every template and returns the one
// whose headings it follows best, if it follows any at least halfway. A tie
// goes to the year the e-mail or the received time tells, else the oldest.
func bestMatch(set *spec.Set, doc *document.Document, opt Options) (decision, bool) {
	var best []decision
	bestScore := -1.0
	for _, t := range set.All() {
		ex := answers.Extract(t, doc)
		if ex.Total == 0 {
			continue
		}
		score := float64(ex.Found) / float64(ex.Total)
		if score < tooFewHeadings {
			continue
		}
		switch d := (decision{t: t, ex: ex, from: YearQuestions}); {
		case score > bestScore:
			best, bestScore = []decision{d}, score
		case score == bestScore:
			best = append(best, d)
		}
	}
	switch len(best) {
	case 0:
		return decision{}, false
	case 1:
		return best[0], true
	}
	if t, _ := yearWithoutDocument(spec.NewSet(templatesOf(best)...), opt); t != nil {
		for _, d := range best {
			if d.t == t {
				return d, true
			}
		}
	}
	return best[0], true
}

func templatesOf(ds []decision) []*spec.Template {
	ts := make([]*spec.Template, len(ds))
	for i, d := range ds {
		ts[i] = d.t
	}
	return ts
}

// yearWithoutDocument is the year rule when the document does not tell (or
// there is none): a year stated in the e-mail's subject or body that has a
// template; else the template whose intake window contains the received
// time (oldest first; see spec.Set.ForReceived); else the newest.
func yearWithoutDocument(set *spec.Set, opt Options) (*spec.Template, string) {
	for _, y := range YearsInText(opt.MailText) {
		if t, err := set.Load(y); err == nil {
			return t, YearMail
		}
	}
	if opt.Received != nil {
		if t := set.ForReceived(*opt.Received); t != nil {
			return t, YearReceived
		}
	}
	return set.Newest(), YearNewest
}

var reMailYear = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\pL])(?:villkorsbeslut(?:et)?|återrapportering(?:en)?|villkorsrapport(?:en|ering)?)` +
		`(?:\s+(?:av|för|om|avseende))*(?:\s+villkorsbeslut(?:et)?)?(?:\s+(?:för|avseende))?(?:\s+år)?\s+(20\d\d)(?:$|[^\pN])`)
})

// YearsInText returns the report years a text names the way people write
// about the report ("villkorsbeslut 2023", "återrapportering 2023",
// "Återrapportering av villkorsbeslut för 2023"), in order.
func YearsInText(text string) []int {
	var ys []int
	for _, m := range reMailYear().FindAllStringSubmatch(text, -1) {
		y, _ := strconv.Atoi(m[1])
		ys = append(ys, y)
	}
	return ys
}

// decideForEnvelope applies the year rule to a message without a readable
// report: the year given, else yearWithoutDocument.
func decideForEnvelope(set *spec.Set, opt Options) (*spec.Template, string, error) {
	if opt.Year != 0 {
		t, err := set.Load(opt.Year)
		if err != nil {
			return nil, "", err
		}
		return t, YearGiven, nil
	}
	t, from := yearWithoutDocument(set, opt)
	if t == nil {
		return nil, "", spec.ErrUnknownTemplate
	}
	return t, from, nil
}
