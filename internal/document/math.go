package document

import (
	"encoding/xml"
	"strings"
	"unicode"
)

// XML namespaces of Office Math (OMML), transitional and strict.
const (
	nsM       = "http://schemas.openxmlformats.org/officeDocument/2006/math"
	nsMStrict = "http://purl.oclc.org/ooxml/officeDocument/math"
)

func isM(n xml.Name) bool { return n.Space == nsM || n.Space == nsMStrict }

// math reads an equation (m:oMath or m:oMathPara, just started) as one
// line of text: its characters in order, with fractions, scripts and
// delimiters written the way Word's linear format writes them, a/b, x^2,
// a_n. The equation is set off from the words around it by a space.
func (pp *prepass) math() error {
	var b strings.Builder
	if err := pp.mathChildren(&b); err != nil {
		return err
	}
	pp.facts.Equations++
	s := strings.TrimSpace(b.String())
	if s == "" {
		return nil
	}
	if err := pp.m.charge(resText, len(s)); err != nil { // the equation's text, structure included
		return err
	}
	if pp.inRun { // an equation inside a run (not in Word's schema)
		pp.addGlyphs(s, symRaw)
		return nil
	}
	// a run of its own, in the paragraph's font
	pp.startRun()
	if pp.paraOpen && pp.lastOut != 0 && !isSpaceByte(pp.lastOut) { // lastOut may still be the previous paragraph's
		s = " " + s
	}
	pp.addGlyphs(s, symRaw)
	written := pp.runText.Len() > 0
	pp.endRun()
	pp.spaceAfter = written && pp.pDepth > 0
	return nil
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// mathChildren writes the linear form of every child of the element just
// started, up to its end.
func (pp *prepass) mathChildren(b *strings.Builder) error {
	start := pp.tz.depth
	for pp.tz.depth >= start {
		k, err := pp.next()
		if err != nil {
			return err
		}
		if k == tokStart {
			if err := pp.mathNode(pp.tz.el, b); err != nil {
				return err
			}
		}
	}
	return nil
}

// mathPart is one child of a math element and its linear form.
type mathPart struct{ name, text string }

// mathArgs are the slots of Office Math's structures (m:e, m:num, …).
var mathArgs = map[string]bool{"e": true, "num": true, "den": true, "sub": true, "sup": true, "deg": true, "lim": true, "fName": true}

// mathParts reads the children of the element just started: the linear
// form of each, in order, and the properties that change what it shows
// (as names starting with "@").
func (pp *prepass) mathParts() ([]mathPart, error) {
	var parts []mathPart
	start := pp.tz.depth
	for pp.tz.depth >= start {
		k, err := pp.next()
		if err != nil {
			return nil, err
		}
		if k != tokStart {
			continue
		}
		se := pp.tz.el
		if isM(se.Name) && strings.HasSuffix(se.Name.Local, "Pr") {
			if parts, err = pp.mathProps(parts); err != nil {
				return nil, err
			}
			continue
		}
		var b strings.Builder
		name := se.Name.Local
		if isM(se.Name) && mathArgs[name] {
			err = pp.mathChildren(&b)
		} else {
			err = pp.mathNode(se, &b)
		}
		if err != nil {
			return nil, err
		}
		parts = append(parts, mathPart{name, b.String()})
	}
	return parts, nil
}

// mathProps reads the properties that change what an element shows: the
// characters of delimiters and n-ary operators, a fraction's type.
func (pp *prepass) mathProps(parts []mathPart) ([]mathPart, error) {
	err := pp.within(func(t xml.StartElement) error {
		if !isM(t.Name) {
			return pp.skip() // w:rPr, w:ins, w:del of the control characters
		}
		switch t.Name.Local {
		case "begChr", "endChr", "sepChr", "chr", "type":
			parts = append(parts, mathPart{"@" + t.Name.Local, attr(t, "val")})
		}
		return nil
	}, nil)
	return parts, err
}

func (pp *prepass) mathNode(se xml.StartElement, b *strings.Builder) error {
	if !isM(se.Name) {
		if !isW(se.Name) {
			if se.Name.Local == "AlternateContent" {
				pp.facts.Drawings++
				return pp.skip()
			}
			return pp.mathChildren(b)
		}
		switch se.Name.Local {
		case "t":
			s, err := pp.charData()
			b.WriteString(s)
			return err
		case "del", "moveFrom":
			pp.mathChange(se.Name.Local, b)
			return pp.skip()
		case "ins", "moveTo":
			pp.mathChange(se.Name.Local, b)
			return pp.mathChildren(b)
		case "tab":
			b.WriteByte('\t')
		case "br", "cr":
			b.WriteByte(' ')
		case "sym":
			if code, ok := hexRune(attr(se, "char")); ok && pp.m.charge(resText, 4) == nil {
				b.WriteRune(symGlyph(attr(se, "font"), code))
			}
		case "rPr", "delText", "instrText", "footnoteReference", "endnoteReference", "commentReference":
			return pp.skip()
		case "drawing", "pict", "object":
			return pp.embedded(se)
		}
		return pp.mathChildren(b)
	}
	name := se.Name.Local
	if strings.HasSuffix(name, "Pr") { // properties of an element whose kind needs none
		return pp.skip()
	}
	switch name {
	case "t":
		s, err := pp.charData()
		b.WriteString(s)
		return err
	case "r":
		return pp.mathRun(b)
	case "oMath":
		if b.Len() > 0 { // the equations of one m:oMathPara, one per line
			b.WriteByte(' ')
		}
		return pp.mathChildren(b)
	}
	parts, err := pp.mathParts()
	if err != nil {
		return err
	}
	all := func(k string) []string {
		var v []string
		for _, p := range parts {
			if p.name == k {
				v = append(v, p.text)
			}
		}
		return v
	}
	one := func(k string) string { return strings.Join(all(k), "") }
	prop := func(k, def string) string {
		for _, p := range parts {
			if p.name == "@"+k {
				return p.text
			}
		}
		return def
	}
	scripts := func(sub, sup string) {
		if sub != "" {
			b.WriteString("_" + operand(sub))
		}
		if sup != "" {
			b.WriteString("^" + operand(sup))
		}
	}
	switch name {
	case "f":
		bar := "/"
		if prop("type", "bar") == "noBar" {
			bar = "¦"
		}
		b.WriteString(operand(one("num")) + bar + operand(one("den")))
	case "sSup":
		b.WriteString(one("e"))
		scripts("", one("sup"))
	case "sSub":
		b.WriteString(one("e"))
		scripts(one("sub"), "")
	case "sSubSup":
		b.WriteString(one("e"))
		scripts(one("sub"), one("sup"))
	case "sPre":
		scripts(one("sub"), one("sup"))
		b.WriteString(" " + one("e"))
	case "nary":
		b.WriteString(prop("chr", "∫"))
		scripts(one("sub"), one("sup"))
		if e := one("e"); e != "" {
			b.WriteString(" " + e)
		}
	case "d":
		b.WriteString(prop("begChr", "(") + strings.Join(all("e"), prop("sepChr", "|")) + prop("endChr", ")"))
	case "rad":
		b.WriteString("√")
		if deg := one("deg"); deg != "" {
			b.WriteString("(" + deg + "&" + one("e") + ")")
		} else {
			b.WriteString(operand(one("e")))
		}
	case "func":
		if endsInWord(b.String()) {
			b.WriteByte(' ')
		}
		b.WriteString(one("fName"))
		if e := one("e"); e != "" {
			if r := []rune(e)[0]; unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteByte(' ')
			}
			b.WriteString(e)
		}
	case "limLow":
		b.WriteString(one("e"))
		scripts(one("lim"), "")
	case "limUpp":
		b.WriteString(one("e"))
		scripts("", one("lim"))
	case "m":
		b.WriteString("(" + strings.Join(all("mr"), "; ") + ")")
	case "mr":
		b.WriteString(strings.Join(all("e"), " "))
	case "eqArr":
		b.WriteString(strings.Join(all("e"), "; "))
	default: // acc, bar, box, borderBox, groupChr, phant, and what is not known: the parts in order
		for _, p := range parts {
			if !strings.HasPrefix(p.name, "@") {
				b.WriteString(p.text)
			}
		}
	}
	return nil
}

// mathRun reads an m:r: its text, unless the run is a deleted or hidden one.
func (pp *prepass) mathRun(b *strings.Builder) error {
	var text strings.Builder
	deleted, hidden := false, false
	start := pp.tz.depth
	for pp.tz.depth >= start {
		k, err := pp.next()
		if err != nil {
			return err
		}
		if k != tokStart {
			continue
		}
		se := pp.tz.el
		if isW(se.Name) && se.Name.Local == "rPr" {
			err = pp.within(func(t xml.StartElement) error {
				if !isW(t.Name) {
					return nil
				}
				switch t.Name.Local {
				case "del", "moveFrom":
					deleted = true
					pp.mathChange(t.Name.Local, b)
					return pp.skip()
				case "ins", "moveTo":
					pp.mathChange(t.Name.Local, b)
					return pp.skip()
				case "vanish", "specVanish":
					hidden = onOff(t)
				}
				return nil
			}, nil)
		} else {
			err = pp.mathNode(se, &text)
		}
		if err != nil {
			return err
		}
	}
	switch {
	case deleted:
	case hidden:
		pp.facts.HiddenChars += CountChars(text.String())
	default:
		b.WriteString(text.String())
	}
	return nil
}

// mathChange counts a tracked change inside an equation and marks it
// in the equation's text.
func (pp *prepass) mathChange(kind string, b *strings.Builder) {
	switch kind {
	case "ins":
		pp.facts.Insertions++
	case "del":
		pp.facts.Deletions++
	default:
		pp.facts.Moves++
	}
	b.WriteRune(MarkChange)
}

// operand puts a script or a fraction's part in parentheses unless it is
// one simple term (letters and digits only).
func operand(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "()"
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '∞' && r != '!' {
			return "(" + s + ")"
		}
	}
	return s
}

func endsInWord(s string) bool {
	r := []rune(s)
	return len(r) > 0 && (unicode.IsLetter(r[len(r)-1]) || unicode.IsDigit(r[len(r)-1]))
}

func hexRune(s string) (rune, bool) {
	var r rune
	if s == "" || len(s) > 6 {
		return 0, false
	}
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			r = r*16 + c - '0'
		case c >= 'a' && c <= 'f':
			r = r*16 + c - 'a' + 10
		case c >= 'A' && c <= 'F':
			r = r*16 + c - 'A' + 10
		default:
			return 0, false
		}
	}
	return r, r <= 0x10FFFF
}
