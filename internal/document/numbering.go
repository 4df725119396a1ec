package document

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// numbering computes the labels Word's automatic list numbering shows
// ("1.1"), which are not in the document text.
type numbering struct {
	abstract map[string]*abstractNum
	nums     map[string]*numDef
	counters map[string]*[9]int // by counter key
}

type numLevel struct {
	start  int
	format string // decimal, lowerLetter, upperLetter, lowerRoman, upperRoman, bullet, none, …
	text   string // e.g. "%1.%2"
	pStyle string
	isLgl  bool
}

type abstractNum struct {
	levels [9]numLevel
}

type numDef struct {
	abstractID string
	overrides  map[int]int // level -> startOverride
}

func (n *numbering) parse(data []byte, m *meter) error {
	tz := newTokenizer(data, m)
	var curAbs *abstractNum
	var curNum *numDef
	lvl, overrideLvl := -1, -1
	for {
		tok, err := tz.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return xmlErr("numbering.xml", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !isW(t.Name) {
				continue
			}
			switch t.Name.Local {
			case "abstractNum":
				m.charge(resDefinitions, 1) // past the bound, the next token fails
				curAbs = &abstractNum{}
				for i := range curAbs.levels {
					curAbs.levels[i] = numLevel{start: 1, format: "decimal"}
				}
				n.abstract[attr(t, "abstractNumId")] = curAbs
			case "num":
				m.charge(resDefinitions, 1)
				curNum = &numDef{overrides: map[int]int{}}
				n.nums[attr(t, "numId")] = curNum
			case "abstractNumId":
				if curNum != nil {
					curNum.abstractID = attr(t, "val")
				}
			case "lvlOverride":
				overrideLvl = atoi(attr(t, "ilvl"), -1)
			case "startOverride":
				if curNum != nil && overrideLvl >= 0 && overrideLvl < 9 {
					curNum.overrides[overrideLvl] = atoi(attr(t, "val"), 1)
				}
			case "lvl":
				lvl = atoi(attr(t, "ilvl"), -1)
				if lvl < 0 || lvl > 8 || curAbs == nil {
					lvl = -1
					if curNum == nil { // a lvl inside lvlOverride is not supported
						continue
					}
				}
			case "start", "numFmt", "lvlText", "pStyle", "isLgl":
				if curAbs == nil || lvl < 0 || curNum != nil {
					continue
				}
				l := &curAbs.levels[lvl]
				switch t.Name.Local {
				case "start":
					l.start = atoi(attr(t, "val"), 1)
				case "numFmt":
					l.format = attr(t, "val")
				case "lvlText":
					l.text = attr(t, "val")
				case "pStyle":
					l.pStyle = attr(t, "val")
				case "isLgl":
					l.isLgl = onOff(t)
				}
			}
		case xml.EndElement:
			if !isW(t.Name) {
				continue
			}
			switch t.Name.Local {
			case "abstractNum":
				curAbs = nil
			case "num":
				curNum = nil
			case "lvl":
				lvl = -1
			case "lvlOverride":
				overrideLvl = -1
			}
		}
	}
}

// label advances the list counters for a numbered paragraph and returns the
// label Word shows, or "" for bullets and unknown lists.
func (n *numbering) label(numID string, ilvl int, styleID string) string {
	nd := n.nums[numID]
	if numID == "" || numID == "0" || nd == nil {
		return ""
	}
	an := n.abstract[nd.abstractID]
	if an == nil {
		return ""
	}
	if ilvl < 0 {
		// numbering from the style: the level is the one linked to the style
		ilvl = 0
		for i, l := range an.levels {
			if l.pStyle != "" && l.pStyle == styleID {
				ilvl = i
			}
		}
	}
	if ilvl > 8 {
		return ""
	}
	key := "a" + nd.abstractID
	if len(nd.overrides) > 0 {
		key = "n" + numID
	}
	if n.counters == nil {
		n.counters = map[string]*[9]int{}
	}
	c := n.counters[key]
	if c == nil {
		c = &[9]int{}
		n.counters[key] = c
	}
	start := func(i int) int {
		if s, ok := nd.overrides[i]; ok {
			return s
		}
		return an.levels[i].start
	}
	if c[ilvl] == 0 {
		c[ilvl] = start(ilvl)
	} else {
		c[ilvl]++
	}
	for i := ilvl + 1; i < 9; i++ {
		c[i] = 0
	}
	lv := an.levels[ilvl]
	if lv.format == "bullet" || lv.format == "none" || lv.text == "" {
		return ""
	}
	var b strings.Builder
	text := lv.text
	for i := 0; i < len(text); i++ {
		if text[i] == '%' && i+1 < len(text) && text[i+1] >= '1' && text[i+1] <= '9' {
			k := int(text[i+1] - '1')
			v := c[k]
			if v == 0 {
				v = start(k)
			}
			f := an.levels[k].format
			if lv.isLgl {
				f = "decimal"
			}
			b.WriteString(formatNumber(v, f))
			i++
			continue
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

func formatNumber(v int, format string) string {
	switch format {
	case "lowerLetter", "upperLetter":
		s := ""
		for x := v; x > 0; x = (x - 1) / 26 {
			s = string(rune('a'+(x-1)%26)) + s
		}
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
	}
	return strconv.Itoa(v)
}

func roman(v int) string {
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
