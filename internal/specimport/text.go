package specimport

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// numberWords are the Swedish number words the template writes counts in
// ("Ange max fem insatser").
var numberWords = map[string]int{"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
	"åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20}

// number reads a count written as digits ("5", "12 500") or as a word.
func number(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if n, ok := numberWords[s]; ok {
		return n, true
	}
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '.' {
			return -1
		}
		return r
	}, s)
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

const dashes = `[-‐‑‒–—−]`

var (
	// "Ange max fem insatser", "Ange högst 6 insatser"
	reMaxInsatser = lazyRegexp(`(?i)\bange\s+(?:max|maximalt|högst)\s+(\pL+|\d+)\s+insatser`)
	// "Observera! Maximalt antal tecken inklusive blanksteg för frågorna 1.1–1.3 är sammantaget 4 500."
	// "Observera! Maximalt antal tecken inklusive blanksteg för fråga 7.1 är 4 500."
	reLimit = lazyRegexp(`(?i)maximalt\s+antal\s+tecken\s+inklusive\s+blanksteg\s+för\s+(?:frågorna|fråga)\s+` +
		`(\d+(?:\.\d+)*)(?:\s*` + dashes + `\s*(\d+(?:\.\d+)*))?\s+är\s+(?:sammantaget\s+)?(\d[\d\s\x{a0}\x{202f}]*\d|\d)`)
	// "senast den 21 februari 2024"
	reDeadline = lazyRegexp(`(?i)senast\s+(?:den\s+)?(\d{1,2})\s+(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\s+(\d{4})`)
	// "typsnitt Cambria, 11 punkter och text i tabeller Calibri, 8 punkter"
	reFonts = lazyRegexp(`(?i)typsnitt\s+([\pL][\pL\s]*?),\s*(\d+(?:[.,]\d+)?)\s+punkter\s+och\s+text\s+i\s+tabeller\s+([\pL][\pL\s]*?),\s*(\d+(?:[.,]\d+)?)\s+punkter`)
	// "Ange landsbygds- och infrastrukturdepartementets diarienummer N2022/02395 och Tillväxtverkets diarienummer Ä 2023–2905."
	reDiarie = lazyRegexp(`([\pL][\pL\s-]*?s)\s+diarienummer\s+([\pL]{1,3})\s*(\d{4})\s*(?:/|` + dashes + `)\s*(\d+)`)
	reEmail  = lazyRegexp(`[\pL\pN._%+-]+@[\pL\pN.-]+\.[\pL]{2,}`)
	// "Återrapportering av villkorsbeslut 2023"
	reTitleYear = lazyRegexp(`(\d{4})\s*$`)
)

var months = map[string]int{"januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
	"augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12}

// MaxInsatser reads the maximum number of insatser from a question text.
func MaxInsatser(text string) (int, bool) {
	m := reMaxInsatser().FindStringSubmatch(text)
	if m == nil {
		return 0, false
	}
	return number(m[1])
}

// LimitLine is a limit stated in a section's intro.
type LimitLine struct {
	From, To string // "1.1", "1.3"; To empty for one question
	Max      int
}

// Limits reads every "Observera! Maximalt antal tecken …" statement of a text.
func Limits(text string) []LimitLine {
	var out []LimitLine
	for _, m := range reLimit().FindAllStringSubmatch(text, -1) {
		n, ok := number(m[3])
		if !ok {
			continue
		}
		out = append(out, LimitLine{From: m[1], To: m[2], Max: n})
	}
	return out
}

// lazyRegexp compiles a pattern on first use: the patterns with \pL cost
// more than a millisecond to compile together, and only importing a
// template needs them, not every start of the program.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
