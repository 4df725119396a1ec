package document

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// XML namespaces of WordprocessingML (transitional and strict) and friends.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsW14     = "http://schemas.microsoft.com/office/word/2010/wordml"
	nsA       = "http://schemas.openxmlformats.org/drawingml/2006/main"
)

func isW(n xml.Name) bool { return n.Space == nsW || n.Space == nsWStrict }

// attr returns the value of the attribute with the local name (any namespace).
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// onOff reads a WordprocessingML on/off property: present means on unless
// its val says otherwise.
func onOff(se xml.StartElement) bool {
	switch attr(se, "val") {
	case "0", "false", "off":
		return false
	}
	return true
}

// runProps are the run properties we resolve: font, size, hidden.
type runProps struct {
	font      string // w:rFonts ascii (or hAnsi)
	fontTheme string // w:rFonts asciiTheme, when no explicit font
	halfPts   int    // w:sz
	vanish    *bool
}

func (rp *runProps) readRFonts(se xml.StartElement) {
	if f := attr(se, "ascii"); f != "" {
		rp.font = f
	} else if f := attr(se, "hAnsi"); f != "" {
		rp.font = f
	}
	if t := attr(se, "asciiTheme"); t != "" {
		rp.fontTheme = t
	} else if t := attr(se, "hAnsiTheme"); t != "" {
		rp.fontTheme = t
	}
}

type styleDef struct {
	id, name, kind, basedOn string
	numID                   string
	ilvl                    int // -1 when the style's numPr names no level
	hasNum                  bool
	outline                 int // -1 when none
	rp                      runProps
}

// styles is what styles.xml, theme1.xml and numbering.xml tell us.
type styles struct {
	byID        map[string]*styleDef
	raw         map[string][]byte // styles not read yet, by id
	rawPrefix   string            // the main name space's prefix in raw
	m           *meter
	defaultPara string
	defaults    runProps
	majorFont   string
	minorFont   string
	num         *numbering
	resolved    map[styleKey]resolved // the styles' part of resolveRun
}

func newStyles(m *meter) *styles {
	s := &styles{byID: map[string]*styleDef{}, m: m, num: &numbering{abstract: map[string]*abstractNum{}, nums: map[string]*numDef{}}}
	s.num.styleNum = func(id string) string {
		if sd := s.style(id); sd != nil && sd.hasNum {
			return sd.numID
		}
		return ""
	}
	return s
}

func xmlErr(part string, err error) error {
	var fe *FormatError
	if asFormatErr(err, &fe) {
		return fe
	}
	return formatErr("corrupt", "dokumentets XML är skadad", fmt.Errorf("%s: %w", part, err))
}

func asFormatErr(err error, target **FormatError) bool {
	fe, ok := err.(*FormatError)
	if ok {
		*target = fe
	}
	return ok
}

var (
	reWPrefix  = regexp.MustCompile(`xmlns:([A-Za-z_][\w.-]*)="` + regexp.QuoteMeta(nsW) + `"`)
	reStyleTag = regexp.MustCompile(`\s(?:[\w.-]+:)?(styleId|type|default)="([^"]*)"`)
)

// parseStyles reads styles.xml. Only the document defaults are read at
// once; each style is cut out as raw XML and read when the document first
// uses it: a styles.xml is often larger than the document (python-docx's
// template holds 160 table styles) and most of it is never used.
func (s *styles) parseStyles(data []byte, m *meter) error {
	pm := reWPrefix.FindSubmatch(data[:min(len(data), 4096)])
	if pm == nil {
		return s.parseStyleXML(data, m) // unusual prefixes: read it all
	}
	prefix := string(pm[1])
	s.rawPrefix = prefix
	if chunk := element(data, prefix+":docDefaults"); chunk != nil {
		if err := s.parseStyleXML(s.wrap(chunk), m); err != nil {
			return err
		}
	}
	open, end := []byte("<"+prefix+":style "), []byte("</"+prefix+":style>")
	s.raw = map[string][]byte{}
	for rest := data; ; {
		a := bytes.Index(rest, open)
		if a < 0 {
			break
		}
		b := bytes.Index(rest[a:], end)
		if b < 0 {
			return formatErr("corrupt", "dokumentets formatmallar är skadade", fmt.Errorf("styles.xml: unterminated style"))
		}
		chunk := rest[a : a+b+len(end)]
		rest = rest[a+b+len(end):]
		tag := chunk[:bytes.IndexByte(chunk, '>')+1]
		var id, kind, def string
		for _, am := range reStyleTag.FindAllSubmatch(tag, -1) {
			switch string(am[1]) {
			case "styleId":
				id = string(am[2])
			case "type":
				kind = string(am[2])
			case "default":
				def = string(am[2])
			}
		}
		if kind == "paragraph" && (def == "1" || def == "true" || def == "on") {
			s.defaultPara = id
		}
		if err := m.charge(resDefinitions, 1); err != nil {
			return err
		}
		s.raw[id] = chunk // wrapped when read
	}
	return nil
}

// wrap makes a style's raw XML a part of its own, binding its prefix.
func (s *styles) wrap(chunk []byte) []byte {
	return append(append([]byte(`<r xmlns:`+s.rawPrefix+`="`+nsW+`">`), chunk...), "</r>"...)
}

// element returns the first element with the qualified name, as raw XML.
func element(data []byte, qname string) []byte {
	a := bytes.Index(data, []byte("<"+qname))
	if a < 0 {
		return nil
	}
	b := bytes.Index(data[a:], []byte("</"+qname+">"))
	if b < 0 {
		return nil
	}
	return data[a : a+b+len(qname)+3]
}

// style returns a style by id, reading it on first use.
func (s *styles) style(id string) *styleDef {
	if st, ok := s.byID[id]; ok {
		return st
	}
	raw, ok := s.raw[id]
	if !ok {
		return nil
	}
	delete(s.raw, id)
	if err := s.parseStyleXML(s.wrap(raw), s.m); err != nil {
		s.byID[id] = nil // unreadable: treated as absent (over budget: the meter keeps the error)
	}
	return s.byID[id]
}

// parseStyleXML reads styles from XML: a whole styles.xml or one style.
func (s *styles) parseStyleXML(data []byte, m *meter) error {
	tz := newTokenizer(data, m)
	var cur *styleDef
	var inRPr, inPPr, inDefaults, inNumPr bool
	for {
		k, err := tz.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return xmlErr("styles.xml", err)
		}
		switch k {
		case tokStart:
			t := tz.el
			if !isW(t.Name) {
				continue
			}
			target := &s.defaults
			if cur != nil {
				target = &cur.rp
			}
			switch t.Name.Local {
			case "rPrDefault":
				inDefaults = true
			case "style":
				if s.raw == nil { // a style read from a whole styles.xml: charge it here
					if err := m.charge(resDefinitions, 1); err != nil {
						return err
					}
				}
				cur = &styleDef{id: attr(t, "styleId"), kind: attr(t, "type"), ilvl: -1, outline: -1}
				s.byID[cur.id] = cur
				if def := attr(t, "default"); cur.kind == "paragraph" && (def == "1" || def == "true" || def == "on") {
					s.defaultPara = cur.id
				}
			case "name":
				if cur != nil {
					cur.name = strings.ToLower(attr(t, "val"))
				}
			case "basedOn":
				if cur != nil {
					cur.basedOn = attr(t, "val")
				}
			case "rPr":
				inRPr = true
			case "pPr":
				inPPr = true
			case "numPr":
				inNumPr = inPPr
			case "numId":
				if cur != nil && inNumPr {
					cur.numID, cur.hasNum = attr(t, "val"), true
				}
			case "ilvl":
				if cur != nil && inNumPr {
					cur.ilvl = atoi(attr(t, "val"), -1)
				}
			case "outlineLvl":
				if cur != nil && inPPr {
					cur.outline = atoi(attr(t, "val"), -1)
				}
			case "rFonts":
				if inRPr && (cur != nil || inDefaults) {
					target.readRFonts(t)
				}
			case "sz":
				if inRPr && (cur != nil || inDefaults) {
					target.halfPts = atoi(attr(t, "val"), 0)
				}
			case "vanish":
				if inRPr && (cur != nil || inDefaults) {
					v := onOff(t)
					target.vanish = &v
				}
			case "latentStyles", "tblPr", "trPr", "tcPr", "tabs", "pBdr", "spacing", "ind":
				// nothing we resolve; latentStyles alone is most of a styles.xml
				if err := tz.skip(); err != nil {
					return xmlErr("styles.xml", err)
				}
			case "tblStylePr":
				// conditional formats (first row, banding): not resolved
				if err := tz.skip(); err != nil {
					return xmlErr("styles.xml", err)
				}
			}
		case tokEnd:
			t := xml.EndElement{Name: tz.endName}
			if !isW(t.Name) {
				continue
			}
			switch t.Name.Local {
			case "style":
				cur = nil
			case "rPrDefault":
				inDefaults = false
			case "rPr":
				inRPr = false
			case "pPr":
				inPPr = false
			case "numPr":
				inNumPr = false
			}
		}
	}
}

func atoi(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

// parseTheme reads the major and minor Latin fonts of theme1.xml.
func (s *styles) parseTheme(data []byte, m *meter) error {
	tz := newTokenizer(data, m)
	which := ""
	for {
		k, err := tz.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return xmlErr("theme", err)
		}
		if t := tz.el; k == tokStart && t.Name.Space == nsA {
			switch t.Name.Local {
			case "majorFont", "minorFont":
				which = t.Name.Local
			case "latin":
				if which == "majorFont" && s.majorFont == "" {
					s.majorFont = attr(t, "typeface")
				} else if which == "minorFont" && s.minorFont == "" {
					s.minorFont = attr(t, "typeface")
				}
			}
		}
	}
}

// chain returns the style and the styles it is based on, nearest first.
func (s *styles) chain(id string) []*styleDef {
	var out []*styleDef
	for i := 0; id != "" && i < 20; i++ {
		st := s.style(id)
		if st == nil {
			break
		}
		out = append(out, st)
		id = st.basedOn
	}
	return out
}

// name returns a style's lower-case name ("heading 2"), or its id.
func (s *styles) name(id string) string {
	if st := s.style(id); st != nil && st.name != "" {
		return st.name
	}
	return strings.ToLower(id)
}

// resolveRun applies Word's order: direct formatting, character style,
// paragraph style, table style, document defaults.
func (s *styles) resolveRun(direct runProps, rStyle, pStyle, tblStyle string) (font string, halfPts int, hidden bool) {
	var r resolved
	r.add(s, direct)
	key := styleKey{rStyle, pStyle, tblStyle}
	st, ok := s.resolved[key]
	if !ok {
		for _, id := range [...]string{rStyle, pStyle, tblStyle} {
			for _, sd := range s.chain(id) {
				st.add(s, sd.rp)
			}
		}
		st.add(s, s.defaults)
		if s.resolved == nil {
			s.resolved = map[styleKey]resolved{}
		}
		s.resolved[key] = st
	}
	// each property from the first layer that sets it: direct, then the styles
	if r.font == "" {
		r.font = st.font
	}
	if r.halfPts == 0 {
		r.halfPts = st.halfPts
	}
	if !r.hiddenSet {
		r.hidden = st.hidden
	}
	if r.font == "" {
		r.font = "Times New Roman" // Word's built-in default
	}
	if r.halfPts == 0 {
		r.halfPts = 20
	}
	return r.font, r.halfPts, r.hidden
}

// styleKey is the styles a run's properties come from.
type styleKey struct{ rStyle, pStyle, tblStyle string }

// resolved is run properties folded over layers, each property from the
// first layer that sets it.
type resolved struct {
	font              string
	halfPts           int
	hidden, hiddenSet bool
}

func (r *resolved) add(s *styles, l runProps) {
	if r.font == "" {
		r.font = l.font
		if r.font == "" && l.fontTheme != "" {
			r.font = s.themeFont(l.fontTheme)
		}
	}
	if r.halfPts == 0 {
		r.halfPts = l.halfPts
	}
	if !r.hiddenSet && l.vanish != nil {
		r.hidden, r.hiddenSet = *l.vanish, true
	}
}

func (s *styles) themeFont(theme string) string {
	if strings.HasPrefix(theme, "major") {
		return s.majorFont
	}
	return s.minorFont
}

// headingLevel tells whether a paragraph style is a heading, and its level.
func (s *styles) headingLevel(styleID string, directOutline int) int {
	if directOutline >= 0 && directOutline < 9 {
		return directOutline + 1
	}
	for _, st := range s.chain(styleID) {
		for _, prefix := range []string{"heading ", "rubrik "} {
			if n, ok := strings.CutPrefix(st.name, prefix); ok {
				if lvl := atoi(n, 0); lvl > 0 {
					return lvl
				}
			}
		}
		if st.outline >= 0 && st.outline < 9 {
			return st.outline + 1
		}
	}
	return 0
}
