package document

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// tokenizer reads the tokens of one XML part with the checks every part
// gets: no DOCTYPE, bounded nesting, every token charged to the document's
// work budget, and no one token longer than the text budget.
//
// It scans the part in place and accepts and refuses exactly what
// encoding/xml's Decoder does in Strict mode, with the same tokens and the
// same name space translation (FuzzTokenizer compares the two), but
// without copying: names, attribute values and text without entities or
// carriage returns are the part's own bytes. The part must not change
// while anything read from it is in use. A token is valid until the next
// call of next: tz.el.Attr and tz.text are reused.
type tokenizer struct {
	data  []byte
	pos   int
	depth int
	m     *meter
	max   int64 // the longest token, in bytes: the text budget
	err   error // sticky: the part's syntax error, or io.EOF

	el      xml.StartElement // after tokStart
	endName xml.Name         // after tokEnd
	text    []byte           // after tokText: the decoded text

	selfClosing bool    // the element just started was <x/>: its end is next
	open        []rawEl // the open elements, as written
	ns          map[string]string
	undo        []nsUndo // bindings to restore when an element ends
	attrs       []xml.Attr
	scratch     []byte // decoded text and attribute values with entities
}

// tokKind is what next read.
type tokKind uint8

const (
	tokStart tokKind = iota + 1 // an element start, in tz.el
	tokEnd                      // an element end, in tz.endName
	tokText                     // character data (text or CDATA), in tz.text
	tokOther                    // a comment, processing instruction or directive
)

// rawEl is an open element's name as written, and where its bindings start in undo.
type rawEl struct {
	prefix, local string
	undo          int
}

// nsUndo is a name space binding that an element's xmlns attribute replaced.
type nsUndo struct {
	prefix, url string
	bound       bool
}

const xmlNamespaceURL = "http://www.w3.org/XML/1998/namespace"

func newTokenizer(data []byte, m *meter) *tokenizer {
	return &tokenizer{data: data, m: m, max: m.max[resText], ns: map[string]string{}}
}

// next reads the next token, or returns the error that ends the part
// (io.EOF at its end).
func (tz *tokenizer) next() (tokKind, error) {
	if err := tz.m.tick(); err != nil {
		return 0, err
	}
	if err := tz.m.charge(resTokens, 1); err != nil {
		return 0, err
	}
	if tz.err != nil {
		return 0, tz.err
	}
	start := tz.pos
	k, err := tz.scan()
	if int64(tz.pos-start) > tz.max {
		// one token longer than all the text allowed
		return 0, tz.m.charge(resText, tz.pos-start)
	}
	if err != nil {
		tz.err = err
		return 0, err
	}
	return k, nil
}

// skip consumes tokens up to the end of the element just started.
func (tz *tokenizer) skip() error {
	target := tz.depth - 1
	for tz.depth > target {
		if _, err := tz.next(); err != nil {
			return err
		}
	}
	return nil
}

func (tz *tokenizer) syntaxError(msg string) error {
	line := 1 + bytes.Count(tz.data[:min(tz.pos, len(tz.data))], []byte{'\n'})
	return &xml.SyntaxError{Msg: msg, Line: line}
}

// eof is the error of a part that ends inside a token.
func (tz *tokenizer) eof() error {
	tz.pos = len(tz.data)
	return tz.syntaxError("unexpected EOF")
}

// str is b as a string without a copy (the part never changes).
func str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (tz *tokenizer) scan() (tokKind, error) {
	if tz.selfClosing {
		tz.selfClosing = false
		top := tz.open[len(tz.open)-1]
		return tz.endElement(xml.Name{Space: top.prefix, Local: top.local})
	}
	d := tz.data
	if tz.pos >= len(d) {
		if len(tz.open) > 0 {
			return 0, tz.syntaxError("unexpected EOF")
		}
		return 0, io.EOF
	}
	if d[tz.pos] != '<' {
		return tz.charData()
	}
	if tz.pos+1 >= len(d) {
		return 0, tz.eof()
	}
	switch d[tz.pos+1] {
	case '/':
		tz.pos += 2
		name, ok, err := tz.nsName()
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, tz.syntaxError("expected element name after </")
		}
		tz.space()
		if tz.pos >= len(d) {
			return 0, tz.eof()
		}
		if d[tz.pos] != '>' {
			return 0, tz.syntaxError("invalid characters between </" + name.Local + " and >")
		}
		tz.pos++
		return tz.endElement(name)
	case '?':
		return tz.procInst()
	case '!':
		return tz.bang()
	}
	tz.pos++
	return tz.startElement()
}

// charData reads text up to the next < or the end of the part.
func (tz *tokenizer) charData() (tokKind, error) {
	start := tz.pos
	end := len(tz.data)
	if i := bytes.IndexByte(tz.data[start:], '<'); i >= 0 {
		end = start + i
	}
	text, err := tz.decode(tz.data[start:end], start, false)
	if err != nil {
		return 0, err
	}
	tz.pos = end
	tz.text = text
	return tokText, nil
}

// decode checks raw text (or a quoted attribute value) as encoding/xml
// does and returns it with entities replaced and line ends normalised:
// raw itself when there is nothing to replace, else a copy in tz.scratch
// base is raw's offset in the part.
func (tz *tokenizer) decode(raw []byte, base int, quoted bool) ([]byte, error) {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&' || c == '\r':
				return tz.decodeCopy(raw, base, quoted)
			case c == '>':
				if !quoted && i >= 2 && raw[i-1] == ']' && raw[i-2] == ']' {
					tz.pos = base + i
					return nil, tz.syntaxError("unescaped ]]> not in CDATA section")
				}
			case c < 0x20 && c != '\t' && c != '\n':
				tz.pos = base + i
				return nil, tz.syntaxError(fmt.Sprintf("illegal character code %U", rune(c)))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		if err := tz.checkRune(r, size, base+i); err != nil {
			return nil, err
		}
		i += size
	}
	return raw, nil
}

func (tz *tokenizer) checkRune(r rune, size, at int) error {
	if r == utf8.RuneError && size == 1 {
		tz.pos = at
		return tz.syntaxError("invalid UTF-8")
	}
	if !isInCharacterRange(r) {
		tz.pos = at
		return tz.syntaxError(fmt.Sprintf("illegal character code %U", r))
	}
	return nil
}

func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// decodeCopy is decode for text with entities or carriage returns.
func (tz *tokenizer) decodeCopy(raw []byte, base int, quoted bool) ([]byte, error) {
	out := tz.scratch[:0]
	var b0, b1 byte
	for i := 0; i < len(raw); {
		b := raw[i]
		if !quoted && b0 == ']' && b1 == ']' && b == '>' {
			tz.pos = base + i
			return nil, tz.syntaxError("unescaped ]]> not in CDATA section")
		}
		if b == '&' {
			var n int
			var ok bool
			out, n, ok = appendEntity(out, raw[i:])
			if !ok {
				tz.pos = base + i
				return nil, tz.syntaxError("invalid character entity")
			}
			i += n
			b0, b1 = 0, 0
			continue
		}
		switch {
		case b == '\r':
			out = append(out, '\n')
		case b1 == '\r' && b == '\n':
			// \r\n: the \n is written already
		default:
			out = append(out, b)
		}
		b0, b1 = b1, b
		i++
	}
	tz.scratch = out
	if err := tz.checkChars(out, base); err != nil {
		return nil, err
	}
	return out, nil
}

// checkChars checks decoded text for characters XML does not allow.
func (tz *tokenizer) checkChars(text []byte, base int) error {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				tz.pos = base
				return tz.syntaxError(fmt.Sprintf("illegal character code %U", rune(c)))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if err := tz.checkRune(r, size, base); err != nil {
			return err
		}
		i += size
	}
	return nil
}

// appendEntity appends the character of the entity or character reference
// at the start of s (which starts with &) and returns how many bytes of s
// it took; ok is false for anything Strict encoding/xml refuses.
func appendEntity(out, s []byte) (_ []byte, n int, ok bool) {
	if len(s) < 2 {
		return out, 0, false
	}
	if s[1] == '#' {
		j, base := 2, rune(10)
		if j < len(s) && s[j] == 'x' {
			base, j = 16, j+1
		}
		var v rune
		k := j
		for ; k < len(s); k++ {
			var dig rune
			c := s[k]
			switch {
			case '0' <= c && c <= '9':
				dig = rune(c - '0')
			case base == 16 && 'a' <= c && c <= 'f':
				dig = rune(c-'a') + 10
			case base == 16 && 'A' <= c && c <= 'F':
				dig = rune(c-'A') + 10
			default:
				dig = -1
			}
			if dig < 0 {
				break
			}
			if v <= utf8.MaxRune {
				v = v*base + dig
			}
		}
		if k == j || k >= len(s) || s[k] != ';' || v > utf8.MaxRune {
			return out, 0, false
		}
		return utf8.AppendRune(out, v), k + 1, true
	}
	k := 1
	for k < len(s) && (s[k] >= utf8.RuneSelf || isNameByte(s[k])) {
		k++
	}
	if k >= len(s) || s[k] != ';' {
		return out, 0, false
	}
	var r byte
	switch str(s[1:k]) {
	case "lt":
		r = '<'
	case "gt":
		r = '>'
	case "amp":
		r = '&'
	case "apos":
		r = '\''
	case "quot":
		r = '"'
	default:
		return out, 0, false
	}
	return append(out, r), k + 1, true
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

// space skips white space.
func (tz *tokenizer) space() {
	for tz.pos < len(tz.data) {
		switch tz.data[tz.pos] {
		case ' ', '\r', '\n', '\t':
			tz.pos++
		default:
			return
		}
	}
}

// name reads an XML name; ok is false (and err nil) when none starts here.
func (tz *tokenizer) name() (s string, ok bool, err error) {
	d := tz.data
	start := tz.pos
	if start >= len(d) {
		return "", false, tz.eof()
	}
	if c := d[start]; c < utf8.RuneSelf && !isNameByte(c) {
		return "", false, nil
	}
	i, ascii := start+1, d[start] < utf8.RuneSelf
	for ; i < len(d); i++ {
		c := d[i]
		if c >= utf8.RuneSelf {
			ascii = false
		} else if !isNameByte(c) {
			break
		}
	}
	if i >= len(d) {
		return "", false, tz.eof()
	}
	b := d[start:i]
	tz.pos = i
	if ascii {
		if c := b[0]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':') {
			return "", false, tz.syntaxError("invalid XML name: " + string(b))
		}
	} else if !isXMLName(b) {
		return "", false, tz.syntaxError("invalid XML name: " + string(b))
	}
	return str(b), true, nil
}

// isXMLName reports whether a name with non-ASCII characters is an XML name
// by encoding/xml's tables (which are not exported): the decoder reads it
// as an element's name, with every colon (a name character like _, but a
// name space separator there) written as _.
func isXMLName(b []byte) bool {
	d := xml.NewDecoder(strings.NewReader("<" + strings.ReplaceAll(string(b), ":", "_") + "/>"))
	d.Strict = true
	_, err := d.Token()
	return err == nil
}

// nsName reads a name with an optional prefix.
func (tz *tokenizer) nsName() (xml.Name, bool, error) {
	s, ok, err := tz.name()
	if !ok || err != nil {
		return xml.Name{}, false, err
	}
	i := strings.IndexByte(s, ':')
	switch {
	case i < 0:
		return xml.Name{Local: s}, true, nil
	case strings.IndexByte(s[i+1:], ':') >= 0:
		return xml.Name{}, false, nil
	case i == 0 || i == len(s)-1:
		return xml.Name{Local: s}, true, nil
	}
	return xml.Name{Space: s[:i], Local: s[i+1:]}, true, nil
}

func (tz *tokenizer) startElement() (tokKind, error) {
	d := tz.data
	name, ok, err := tz.nsName()
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, tz.syntaxError("expected element name after <")
	}
	attrs := tz.attrs[:0]
	empty := false
	for {
		tz.space()
		if tz.pos >= len(d) {
			return 0, tz.eof()
		}
		b := d[tz.pos]
		if b == '/' {
			tz.pos++
			if tz.pos >= len(d) {
				return 0, tz.eof()
			}
			if d[tz.pos] != '>' {
				return 0, tz.syntaxError("expected /> in element")
			}
			tz.pos++
			empty = true
			break
		}
		if b == '>' {
			tz.pos++
			break
		}
		an, ok, err := tz.nsName()
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, tz.syntaxError("expected attribute name in element")
		}
		tz.space()
		if tz.pos >= len(d) {
			return 0, tz.eof()
		}
		if d[tz.pos] != '=' {
			return 0, tz.syntaxError("attribute name without = in element")
		}
		tz.pos++
		tz.space()
		if tz.pos >= len(d) {
			return 0, tz.eof()
		}
		q := d[tz.pos]
		if q != '"' && q != '\'' {
			return 0, tz.syntaxError("unquoted or missing attribute value in element")
		}
		vs := tz.pos + 1
		i := bytes.IndexByte(d[vs:], q)
		if i < 0 {
			return 0, tz.eof()
		}
		raw := d[vs : vs+i]
		if j := bytes.IndexByte(raw, '<'); j >= 0 {
			tz.pos = vs + j
			return 0, tz.syntaxError("unescaped < inside quoted string")
		}
		v, err := tz.decode(raw, vs, true)
		if err != nil {
			return 0, err
		}
		tz.pos = vs + i + 1
		value := str(v)
		if len(v) > 0 && &v[0] != &raw[0] {
			value = string(v) // decoded into tz.scratch
		}
		attrs = append(attrs, xml.Attr{Name: an, Value: value})
	}
	tz.attrs = attrs
	// the bindings in the attributes apply to the element's own name and
	// to the other attributes: record them first
	mark := len(tz.undo)
	for _, a := range attrs {
		switch {
		case a.Name.Space == "xmlns":
			tz.bind(a.Name.Local, a.Value)
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			tz.bind("", a.Value)
		}
	}
	tz.open = append(tz.open, rawEl{prefix: name.Space, local: name.Local, undo: mark})
	tz.translate(&name, true)
	for i := range attrs {
		tz.translate(&attrs[i].Name, false)
	}
	tz.el = xml.StartElement{Name: name, Attr: attrs}
	tz.selfClosing = empty
	tz.depth++
	if tz.depth > tz.m.lim.XMLDepth {
		return 0, formatErr("unsafe", "dokumentets XML är orimligt djupt nästlad", fmt.Errorf("depth over %d", tz.m.lim.XMLDepth))
	}
	return tokStart, nil
}

func (tz *tokenizer) bind(prefix, url string) {
	old, bound := tz.ns[prefix]
	tz.undo = append(tz.undo, nsUndo{prefix: prefix, url: old, bound: bound})
	tz.ns[prefix] = url
}

// translate replaces a name's prefix with its name space, as encoding/xml
// does (an unbound prefix stays as it is).
func (tz *tokenizer) translate(n *xml.Name, element bool) {
	switch {
	case n.Space == "xmlns":
		return
	case n.Space == "" && !element:
		return
	case n.Space == "xml":
		n.Space = xmlNamespaceURL
	case n.Space == "" && n.Local == "xmlns":
		return
	}
	if v, ok := tz.ns[n.Space]; ok {
		n.Space = v
	}
}

// endElement ends the element open last, which must have the name as written.
func (tz *tokenizer) endElement(name xml.Name) (tokKind, error) {
	n := len(tz.open)
	if n == 0 {
		return 0, tz.syntaxError("unexpected end element </" + name.Local + ">")
	}
	top := tz.open[n-1]
	if top.local != name.Local {
		return 0, tz.syntaxError("element <" + top.local + "> closed by </" + name.Local + ">")
	}
	if top.prefix != name.Space {
		return 0, tz.syntaxError("element <" + top.local + "> in space " + top.prefix + " closed by </" + name.Local + "> in space " + name.Space)
	}
	tz.translate(&name, true)
	for i := len(tz.undo) - 1; i >= top.undo; i-- {
		u := tz.undo[i]
		if u.bound {
			tz.ns[u.prefix] = u.url
		} else {
			delete(tz.ns, u.prefix)
		}
	}
	tz.undo = tz.undo[:top.undo]
	tz.open = tz.open[:n-1]
	tz.endName = name
	tz.depth--
	return tokEnd, nil
}

// procInst reads <?target ...?>; an XML declaration must declare version
// 1.0 and UTF-8, if anything.
func (tz *tokenizer) procInst() (tokKind, error) {
	tz.pos += 2
	target, ok, err := tz.name()
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, tz.syntaxError("expected target name after <?")
	}
	tz.space()
	i := bytes.Index(tz.data[tz.pos:], []byte("?>"))
	if i < 0 {
		return 0, tz.eof()
	}
	content := str(tz.data[tz.pos : tz.pos+i])
	tz.pos += i + 2
	if target == "xml" {
		if ver := procInstParam("version", content); ver != "" && ver != "1.0" {
			return 0, fmt.Errorf("xml: unsupported version %q; only version 1.0 is supported", ver)
		}
		if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			return 0, fmt.Errorf("xml: encoding %q declared but Decoder.CharsetReader is nil", enc)
		}
	}
	return tokOther, nil
}

// procInstParam is encoding/xml's reading of param="value" in a processing
// instruction.
func procInstParam(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// bang reads what starts with <!: a comment, a CDATA section or a directive
// (a DOCTYPE is refused).
func (tz *tokenizer) bang() (tokKind, error) {
	d := tz.data
	tz.pos += 2
	if tz.pos >= len(d) {
		return 0, tz.eof()
	}
	switch d[tz.pos] {
	case '-':
		tz.pos++
		if tz.pos >= len(d) {
			return 0, tz.eof()
		}
		if d[tz.pos] != '-' {
			return 0, tz.syntaxError("invalid sequence <!- not part of <!--")
		}
		tz.pos++
		i := bytes.Index(d[tz.pos:], []byte("--"))
		if i < 0 || tz.pos+i+2 >= len(d) {
			return 0, tz.eof()
		}
		tz.pos += i + 2
		if d[tz.pos] != '>' {
			return 0, tz.syntaxError(`invalid sequence "--" not allowed in comments`)
		}
		tz.pos++
		return tokOther, nil
	case '[':
		tz.pos++
		for i := 0; i < 6; i++ {
			if tz.pos >= len(d) {
				return 0, tz.eof()
			}
			if d[tz.pos] != "CDATA["[i] {
				return 0, tz.syntaxError("invalid <![ sequence")
			}
			tz.pos++
		}
		start := tz.pos
		i := bytes.Index(d[start:], []byte("]]>"))
		if i < 0 {
			tz.pos = len(d)
			return 0, tz.syntaxError("unexpected EOF in CDATA section")
		}
		text, err := tz.cdata(d[start:start+i], start)
		if err != nil {
			return 0, err
		}
		tz.pos = start + i + 3
		tz.text = text
		return tokText, nil
	}
	return tz.directive()
}

// cdata is a CDATA section's text: line ends normalised, characters checked.
func (tz *tokenizer) cdata(raw []byte, base int) ([]byte, error) {
	out := raw
	if bytes.IndexByte(raw, '\r') >= 0 {
		out = tz.scratch[:0]
		var b1 byte
		for _, b := range raw {
			switch {
			case b == '\r':
				out = append(out, '\n')
			case b1 == '\r' && b == '\n':
			default:
				out = append(out, b)
			}
			b1 = b
		}
		tz.scratch = out
	}
	if err := tz.checkChars(out, base); err != nil {
		return nil, err
	}
	return out, nil
}

// directive reads <!...> as encoding/xml does (quoted > and nested <...>
// and comments do not end it) and refuses a DOCTYPE.
func (tz *tokenizer) directive() (tokKind, error) {
	d := tz.data
	buf := tz.scratch[:0]
	b := d[tz.pos]
	tz.pos++
	buf = append(buf, b)
	inquote := byte(0)
	depth := 0
	getc := func() (byte, bool) {
		if tz.pos >= len(d) {
			return 0, false
		}
		c := d[tz.pos]
		tz.pos++
		return c, true
	}
	var ok bool
	for {
		if b, ok = getc(); !ok {
			return 0, tz.eof()
		}
		if inquote == 0 && b == '>' && depth == 0 {
			break
		}
	handle:
		buf = append(buf, b)
		switch {
		case b == inquote:
			inquote = 0
		case inquote != 0:
		case b == '\'' || b == '"':
			inquote = b
		case b == '>':
			depth--
		case b == '<':
			const s = "!--"
			for i := 0; i < len(s); i++ {
				if b, ok = getc(); !ok {
					return 0, tz.eof()
				}
				if b != s[i] {
					buf = append(buf, s[:i]...)
					depth++
					goto handle
				}
			}
			buf = buf[:len(buf)-1]
			var b0, b1 byte
			for {
				if b, ok = getc(); !ok {
					return 0, tz.eof()
				}
				if b0 == '-' && b1 == '-' && b == '>' {
					break
				}
				b0, b1 = b1, b
			}
			buf = append(buf, ' ')
		}
	}
	tz.scratch = buf
	if bytes.HasPrefix(bytes.TrimSpace(buf), []byte("DOCTYPE")) {
		return 0, formatErr("unsafe", "dokumentets XML innehåller en otillåten DOCTYPE-deklaration", nil)
	}
	return tokOther, nil
}
