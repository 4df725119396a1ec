package compare

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// How a question of one template was matched to another's.
const (
	SameNumber = "same_number" // the same number and a similar text
	Renumbered = "renumbered"  // another number, a similar text
	Gone       = "gone"        // only in the earlier template
	Added      = "added"       // only in the later template
)

// Match pairs a question of an earlier template with its counterpart in a
// later one; one of them is nil for a question gone or added.
type Match struct {
	From *spec.Question
	To   *spec.Question
	How  string
	// Confidence is how alike the two questions are, 0–1: the texts'
	// word sets (cosine), with the section titles weighing in a fifth.
	Confidence float64
}

// Thresholds of the matching: a question keeps its number when its text
// is at least this alike; another number needs a closer likeness.
const (
	sameNumberMin = 0.4
	renumberedMin = 0.6
)

// Questions matches the questions of two templates (two report years):
// a question with the same number, kind and a similar text is the same
// question; the others are paired by the likeness of their texts, most
// alike first, when it is close enough; what is left is gone (only in
// from) or added (only in to). The matches follow the later template's
// order, a gone question after the one it followed in the earlier.
func Questions(from, to *spec.Template) []Match {
	fq, tq := from.Questions(), to.Questions()
	fw, tw := make([]wordSet, len(fq)), make([]wordSet, len(tq))
	for i, q := range fq {
		fw[i] = questionWords(q)
	}
	for j, q := range tq {
		tw[j] = questionWords(q)
	}
	score := func(i, j int) float64 {
		a, b := fq[i], tq[j]
		if a.Kind != b.Kind {
			return 0
		}
		text := cosine(fw[i].text, tw[j].text)
		if len(fw[i].text) == 0 && len(tw[j].text) == 0 {
			text = cosine(fw[i].section, tw[j].section)
		}
		return 0.8*text + 0.2*cosine(fw[i].section, tw[j].section)
	}
	toOf := make([]int, len(fq)) // index into tq, -1: none
	fromOf := make([]int, len(tq))
	conf := make([]float64, len(tq))
	how := make([]string, len(tq))
	for i := range toOf {
		toOf[i] = -1
	}
	for j := range fromOf {
		fromOf[j] = -1
	}
	byID := map[string]int{}
	for j, q := range tq {
		byID[q.ID] = j
	}
	for i, q := range fq {
		if j, ok := byID[q.ID]; ok {
			if s := score(i, j); s >= sameNumberMin {
				toOf[i], fromOf[j], conf[j], how[j] = j, i, s, SameNumber
			}
		}
	}
	type cand struct {
		i, j int
		s    float64
	}
	var cands []cand
	for i := range fq {
		if toOf[i] >= 0 {
			continue
		}
		for j := range tq {
			if fromOf[j] >= 0 {
				continue
			}
			if s := score(i, j); s >= renumberedMin {
				cands = append(cands, cand{i, j, s})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].s > cands[b].s })
	for _, c := range cands {
		if toOf[c.i] < 0 && fromOf[c.j] < 0 {
			toOf[c.i], fromOf[c.j], conf[c.j], how[c.j] = c.j, c.i, c.s, Renumbered
		}
	}
	var out []Match
	at := map[int]int{} // earlier question -> its place in out
	for j, q := range tq {
		m := Match{To: q, How: Added}
		if i := fromOf[j]; i >= 0 {
			m = Match{From: fq[i], To: q, How: how[j], Confidence: round2(conf[j])}
			at[i] = len(out)
		}
		out = append(out, m)
	}
	// gone questions: after the match of the question before them
	for i, q := range fq {
		if toOf[i] >= 0 {
			continue
		}
		pos := 0
		for p := i - 1; p >= 0; p-- {
			if k, ok := at[p]; ok {
				pos = k + 1
				break
			}
		}
		out = append(out[:pos], append([]Match{{From: q, How: Gone}}, out[pos:]...)...)
		for k, v := range at {
			if v >= pos {
				at[k] = v + 1
			}
		}
		at[i] = pos
	}
	return out
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

type wordSet struct{ text, section map[string]bool }

func questionWords(q *spec.Question) wordSet {
	text := q.Text + " " + strings.Join(q.Items, " ") + " " + q.Otherwise
	return wordSet{text: Normalise(text), section: Normalise(q.Section.Title)}
}

// stopwords are Swedish words too common to tell questions apart.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("och i att med för som har är på av till det den de en ett ni vi hur vilka vilket eller samt om inte så kan ska där från eventuella även") {
		stopwords[w] = true
	}
}

// Normalise returns the set of a text's words for comparing: lower case
// (å, ä and ö stay letters of their own), without the most common
// Swedish words.
func Normalise(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !stopwords[w] {
			out[w] = true
		}
	}
	return out
}

// cosine is the cosine similarity of two word sets (0 when either is
// empty).
func cosine(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return float64(n) / math.Sqrt(float64(len(a))*float64(len(b)))
}
