package document

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// numbering computes the labels Word's automatic list numbering shows
// ("1.1"), which are not in the document text.
//
// What Word does, as the rules here follow it (ECMA-376 §17.9, checked
// against files whose text is the number Word shows):
//   - a level without w:start starts at 0;
//   - w:num instances of one w:abstractNum share their counters: a later
//     paragraph of another instance continues the count;
//   - w:lvlOverride/w:startOverride sets the level's count the first time
//     the instance numbers a paragraph at that level; after that the shared
//     count goes on (1, 2 | 10, 11 | 12 when the first instance returns);
//   - w:lvlOverride/w:lvl replaces a level's definition (format, text) for
//     that instance only; its w:start does not restart the count;
//   - a level restarts after any higher level unless w:lvlRestart says
//     after which level (1-based), or never (0);
//   - a level that was skipped (a 1.1.1 right after 1) counts as if it had
//     appeared once: it shows its start, and its next paragraph shows start+1;
//   - in w:lvlText, %N shows level N in its own format: empty for "none" and
//     for bullets; under w:isLgl every level is Arabic (decimal, unless it
//     is decimalZero already);
//   - an abstractNum with w:numStyleLink takes the levels (and the count)
//     of the list style it names;
//   - a format in mc:AlternateContent is taken from the Choice when it is a
//     custom format we know (zero-padded, Greek), else from the Fallback.
type numbering struct {
	abstract map[string]*abstractNum
	nums     map[string]*numDef
	counters map[string]*counter // by abstractNumId
	// styleNum returns the w:numId a style's w:numPr names ("" if none):
	// how a w:numStyleLink reaches the list style's definition
	styleNum func(styleID string) string
}

type numLevel struct {
	start   int
	format  string // decimal, lowerLetter, upperLetter, lowerRoman, upperRoman, ordinal, decimalZero, bullet, none, …
	custom  string // a known w14 custom format ("001, 002, 003, ..."), taken over format
	text    string // e.g. "%1.%2"
	pStyle  string
	isLgl   bool
	restart int // w:lvlRestart: -1 after any higher level (default), 0 never, n after level n (1-based)
}

func defaultLevel() numLevel { return numLevel{format: "decimal", restart: -1} }

type abstractNum struct {
	id        string
	levels    [9]numLevel
	styleLink string // w:numStyleLink: the levels are the list style's
}

type numDef struct {
	abstractID string
	starts     map[int]int       // level -> startOverride
	levels     map[int]*numLevel // level -> lvlOverride/lvl
	applied    [9]bool           // the level's startOverride has been used
}

type counter struct {
	val [9]int
	set [9]bool
}

func (n *numbering) parse(data []byte, m *meter) error {
	tz := newTokenizer(data, m)
	var curAbs *abstractNum
	var curNum *numDef
	var cur *numLevel // the w:lvl being read
	overrideLvl := -1
	inChoice, inFallback := false, false
	for {
		k, err := tz.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return xmlErr("numbering.xml", err)
		}
		switch k {
		case tokStart:
			t := tz.el
			if !isW(t.Name) {
				switch t.Name.Local {
				case "Choice":
					inChoice = true
				case "Fallback":
					inFallback = true
				}
				continue
			}
			switch t.Name.Local {
			case "abstractNum":
				m.charge(resDefinitions, 1) // past the bound, the next token fails
				curAbs = &abstractNum{id: attr(t, "abstractNumId")}
				for i := range curAbs.levels {
					curAbs.levels[i] = defaultLevel()
				}
				n.abstract[curAbs.id] = curAbs
			case "numStyleLink":
				if curAbs != nil {
					curAbs.styleLink = attr(t, "val")
				}
			case "num":
				m.charge(resDefinitions, 1)
				curNum = &numDef{starts: map[int]int{}, levels: map[int]*numLevel{}}
				n.nums[attr(t, "numId")] = curNum
			case "abstractNumId":
				if curNum != nil {
					curNum.abstractID = attr(t, "val")
				}
			case "lvlOverride":
				overrideLvl = atoi(attr(t, "ilvl"), -1)
				if overrideLvl > 8 {
					overrideLvl = -1
				}
			case "startOverride":
				if curNum != nil && overrideLvl >= 0 {
					curNum.starts[overrideLvl] = atoi(attr(t, "val"), 0)
				}
			case "lvl":
				cur = nil
				switch lvl := atoi(attr(t, "ilvl"), -1); {
				case lvl < 0 || lvl > 8:
				case curNum != nil && overrideLvl >= 0:
					l := defaultLevel()
					cur = &l
					curNum.levels[overrideLvl] = cur
				case curNum == nil && curAbs != nil:
					cur = &curAbs.levels[lvl]
				}
			case "start", "numFmt", "lvlText", "pStyle", "isLgl", "lvlRestart":
				if cur == nil {
					continue
				}
				switch t.Name.Local {
				case "start":
					cur.start = atoi(attr(t, "val"), 0)
				case "numFmt":
					f := attr(t, "val")
					switch {
					case f == "custom" && inChoice:
						if knownCustom(attr(t, "format")) {
							cur.custom = attr(t, "format")
						}
					case inFallback && cur.custom != "":
						// the Choice's custom format is understood
					default:
						cur.format = f
					}
				case "lvlText":
					cur.text = attr(t, "val")
				case "pStyle":
					cur.pStyle = attr(t, "val")
				case "isLgl":
					cur.isLgl = onOff(t)
				case "lvlRestart":
					cur.restart = atoi(attr(t, "val"), -1)
				}
			}
		case tokEnd:
			t := xml.EndElement{Name: tz.endName}
			if !isW(t.Name) {
				switch t.Name.Local {
				case "Choice":
					inChoice = false
				case "Fallback":
					inFallback = false
				}
				continue
			}
			switch t.Name.Local {
			case "abstractNum":
				curAbs = nil
			case "num":
				curNum = nil
			case "lvl":
				cur = nil
			case "lvlOverride":
				overrideLvl = -1
			}
		}
	}
}

// linked follows a w:numStyleLink to the definition of the list style it
// names (the abstractNum of the num in that style's w:numPr).
func (n *numbering) linked(an *abstractNum) *abstractNum {
	if an == nil || an.styleLink == "" || n.styleNum == nil {
		return an
	}
	if nd := n.nums[n.styleNum(an.styleLink)]; nd != nil {
		if to := n.abstract[nd.abstractID]; to != nil && to.styleLink == "" {
			return to
		}
	}
	return an
}

// level is the definition of level i for a list instance.
func (n *numbering) level(nd *numDef, an *abstractNum, i int) *numLevel {
	if l := nd.levels[i]; l != nil {
		return l
	}
	return &an.levels[i]
}

// label advances the list counters for a numbered paragraph and returns the
// label Word shows, or "" for bullets and unknown lists.
func (n *numbering) label(numID string, ilvl int, styleID string) string {
	nd := n.nums[numID]
	if numID == "" || numID == "0" || nd == nil {
		return ""
	}
	an := n.linked(n.abstract[nd.abstractID])
	if an == nil {
		return ""
	}
	if ilvl < 0 {
		// numbering from the style: the level is the one linked to the style
		ilvl = 0
		for i := range an.levels {
			if l := n.level(nd, an, i); l.pStyle != "" && l.pStyle == styleID {
				ilvl = i
			}
		}
	}
	if ilvl > 8 {
		return ""
	}
	key := an.id
	if n.counters == nil {
		n.counters = map[string]*counter{}
	}
	c := n.counters[key]
	if c == nil {
		c = &counter{}
		n.counters[key] = c
	}
	start := func(i int) int {
		if s, ok := nd.starts[i]; ok {
			return s
		}
		return n.level(nd, an, i).start
	}
	if s, ok := nd.starts[ilvl]; ok && !nd.applied[ilvl] {
		c.val[ilvl], c.set[ilvl], nd.applied[ilvl] = s, true, true
	} else if c.set[ilvl] {
		c.val[ilvl]++
	} else {
		c.val[ilvl], c.set[ilvl] = start(ilvl), true
	}
	for i := 0; i < ilvl; i++ {
		if !c.set[i] { // a skipped level counts as shown once
			c.val[i], c.set[i] = start(i), true
		}
	}
	for i := ilvl + 1; i < 9; i++ {
		if r := n.level(nd, an, i).restart; r < 0 || (r > 0 && ilvl < r) {
			c.set[i] = false
		}
	}
	lv := n.level(nd, an, ilvl)
	if lv.format == "bullet" || lv.text == "" {
		return ""
	}
	var b strings.Builder
	text := lv.text
	for i := 0; i < len(text); i++ {
		if text[i] == '%' && i+1 < len(text) && text[i+1] >= '1' && text[i+1] <= '9' {
			k := int(text[i+1] - '1')
			v := c.val[k]
			if !c.set[k] {
				v = start(k)
			}
			ref := n.level(nd, an, k)
			f, custom := ref.format, ref.custom
			if lv.isLgl && f != "none" && f != "bullet" && f != "decimalZero" {
				f, custom = "decimal", ""
			}
			b.WriteString(formatNumber(v, f, custom))
			i++
			continue
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

// formatNumber writes v in a w:numFmt (or a known custom format).
func formatNumber(v int, format, custom string) string {
	if custom != "" {
		return formatCustom(v, custom)
	}
	switch format {
	case "none", "bullet":
		return ""
	case "lowerLetter", "upperLetter":
		s := letters(v, "abcdefghijklmnopqrstuvwxyz")
		if format == "upperLetter" {
			s = strings.ToUpper(s)
		}
		return s
	case "lowerRoman", "upperRoman":
		s := roman(v)
		if format == "lowerRoman" {
			s = strings.ToLower(s)
		}
		return s
	case "decimalZero":
		if v >= 0 && v < 10 {
			return "0" + strconv.Itoa(v)
		}
	case "ordinal":
		return strconv.Itoa(v) + ordinalSuffix(v)
	case "decimalEnclosedCircle":
		if v >= 1 && v <= 20 {
			return string(rune(0x2460 + v - 1))
		}
	case "decimalEnclosedParen":
		if v >= 1 && v <= 20 {
			return string(rune(0x2474 + v - 1))
		}
	case "decimalEnclosedFullstop":
		if v >= 1 && v <= 20 {
			return string(rune(0x2488 + v - 1))
		}
	case "decimalFullWidth", "decimalFullWidth2":
		var b strings.Builder
		for _, r := range strconv.Itoa(v) {
			if r >= '0' && r <= '9' {
				r += 0xFF10 - '0'
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	return strconv.Itoa(v)
}

// letters is Word's alphabetic numbering: a … z, then aa … zz, aaa …
// (the letter repeated, not base 26).
func letters(v int, alphabet string) string {
	if v <= 0 {
		return strconv.Itoa(v)
	}
	rs := []rune(alphabet)
	n := len(rs)
	times := (v-1)/n + 1
	if times > 32 {
		times = 32
	}
	return strings.Repeat(string(rs[(v-1)%n]), times)
}

func ordinalSuffix(v int) string {
	if v%100 >= 11 && v%100 <= 13 {
		return "th"
	}
	switch v % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

const (
	greekLower = "αβγδεζηθικλμνξοπρστυφχψω"
	greekUpper = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"
)

// knownCustom tells whether formatCustom can write a w14 custom format:
// zero-padded decimals ("001, 002, 003, ...") and Greek letters.
func knownCustom(f string) bool {
	first, _, _ := strings.Cut(f, ",")
	first = strings.TrimSpace(first)
	if first == "" {
		return false
	}
	if strings.Trim(first, "0") == "1" && strings.HasSuffix(first, "1") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(first)
	return utf8.RuneCountInString(first) == 1 && (r == 'α' || r == 'Α')
}

func formatCustom(v int, f string) string {
	first, _, _ := strings.Cut(f, ",")
	first = strings.TrimSpace(first)
	switch {
	case strings.HasPrefix(first, "α"):
		return letters(v, greekLower)
	case strings.HasPrefix(first, "Α"):
		return letters(v, greekUpper)
	}
	s := strconv.Itoa(v)
	if pad := len(first) - len(s); pad > 0 && v >= 0 {
		s = strings.Repeat("0", pad) + s
	}
	return s
}

func roman(v int) string {
	if v <= 0 {
		return strconv.Itoa(v)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, n := range vals {
		for v >= n && b.Len() < 32 {
			b.WriteString(syms[i])
			v -= n
		}
	}
	return b.String()
}
