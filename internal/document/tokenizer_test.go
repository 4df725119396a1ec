package document

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
)

// tokenStream is a part's tokens as text, one a line, ending with "ok" or
// "error" (the message is not compared: only that the part is refused at
// the same token).
func tokenStream(next func() (xml.Token, error)) string {
	var b strings.Builder
	for {
		tok, err := next()
		if err == io.EOF {
			b.WriteString("ok\n")
			return b.String()
		}
		if err != nil {
			b.WriteString("error\n")
			return b.String()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			fmt.Fprintf(&b, "start {%s}%s", t.Name.Space, t.Name.Local)
			for _, a := range t.Attr {
				fmt.Fprintf(&b, " {%s}%s=%q", a.Name.Space, a.Name.Local, a.Value)
			}
			b.WriteByte('\n')
		case xml.EndElement:
			fmt.Fprintf(&b, "end {%s}%s\n", t.Name.Space, t.Name.Local)
		case xml.CharData:
			fmt.Fprintf(&b, "text %q\n", t)
		default:
			b.WriteString("other\n")
		}
	}
}

// stdStream is what Strict encoding/xml reads, with the tokenizer's own
// refusals (a DOCTYPE, nesting deeper than the bound) as errors.
func stdStream(data []byte, depthBound int) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	depth := 0
	return tokenStream(func() (xml.Token, error) {
		tok, err := d.Token()
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > depthBound {
				return nil, fmt.Errorf("too deep")
			}
		case xml.EndElement:
			depth--
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				return nil, fmt.Errorf("doctype")
			}
		}
		return tok, err
	})
}

func ourStream(data []byte) string {
	tz := newTokenizer(data, newMeter(DefaultLimits))
	return tokenStream(func() (xml.Token, error) {
		k, err := tz.next()
		if err != nil {
			return nil, err
		}
		switch k {
		case tokStart:
			return tz.el.Copy(), nil
		case tokEnd:
			return xml.EndElement{Name: tz.endName}, nil
		case tokText:
			return xml.CharData(tz.text).Copy(), nil
		}
		return xml.Comment(nil), nil
	})
}

var tokenizerCases = []string{
	``,
	`<a/>`,
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:document xmlns:w="urn:w"><w:body><w:p w:rsidR="00AB"><w:r><w:t xml:space="preserve"> a &amp; b </w:t></w:r></w:p></w:body></w:document>`,
	`<a xmlns="urn:d" xmlns:p="urn:p"><b p:x="1" y="2"/><p:c xmlns:p="urn:q"><p:d/></p:c><p:e/></a>`,
	`<a>x &lt; &gt; &apos; &quot; &#65; &#x42; &#x1F600; &#xD800;</a>`,
	`<a>&nbsp;</a>`, `<a>&#;</a>`, `<a>&#x;</a>`, `<a>&#X41;</a>`, `<a>&#1;</a>`, `<a>&#1114112;</a>`, `<a>&#99999999999999999999;</a>`,
	`<a>&amp</a>`, `<a>&</a>`, `<a>&amp;`,
	"<a>line\r\nnext\rlast\r</a>", "<a b=\"x\r\ny\"/>", "<a><![CDATA[x\r\ny]]></a>",
	`<a>]]></a>`, `<a>]] ></a>`, `<a b="]]>"/>`, `<a><![CDATA[ <b> & ]]></a>`, `<a><![CDATA[ open`, `<a><![CDAT[x]]></a>`,
	`<a><!-- c --></a>`, `<a><!-- c -- d --></a>`, `<a><!----></a>`, `<a><!---></a>`, `<a><!- x --></a>`, `<a><!-- open`,
	`<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>`, `<!ENTITY e "x"><a/>`, `<! DOCTYPE a><a/>`, `<!<!-- c -->DOCTYPE a><a/>`, `<!A "q>" <b> <!-- >< -->><a/>`,
	`<?xml version="1.1"?><a/>`, `<?xml version="1.0" encoding="ISO-8859-1"?><a/>`, `<?xml encoding='utf-8'?><a/>`, `<?pi data?><a/>`, `<?xml?><a/>`, `<?  ?><a/>`, `<?pi open`,
	`<a></b>`, `<a></a></a>`, `<p:a></q:a>`, `<p:a xmlns:p="u"></p:a>`, `<a>`, `<a><b></a>`, `</a>`, `<a/><b/>text`, `text only`,
	`<a b=c/>`, `<a b/>`, `<a b="1"c="2"/>`, `<a b = "1" />`, `<a b="<"/>`, `<a b='"'/>`, `<a b="x`, `<a b`, `<a/ >`, `< a/>`, `<a:b:c/>`, `<:a/>`, `<a:/>`, `<1a/>`, `<-a/>`, `<a1.-_:b/>`,
	"<\u00e4/>", "<a\u00e4b c\u00f6=\"1\"/>", "<\u0300a/>", "<a\xff/>", "<a>\xff</a>", "<a b=\"\xff\"/>", "<a>\x01</a>", "<a>\uFFFE</a>", "<a>\u00e5\u00e4\u00f6 \u2610 \uE000</a>",
	`<a xml:lang="sv" xmlns:xml="x"/>`, `<xmlns:a/>`, `<a xmlns:b="u" b:c="1" d:e="2"/>`, `<a xmlns=""><b/></a>`,
	`<a>` + strings.Repeat("<b>", 300) + strings.Repeat("</b>", 300) + `</a>`,
	"<a>\t\n</a>\n", `<a></a >`, `<a></a x>`, `</>`, `<>`, `<`, `<a`, `<a/`, `<a></`, `<a></a`,
}

// TestTokenizerMatchesEncodingXML: the tokenizer reads what Strict
// encoding/xml reads, token for token, and refuses what it refuses.
func TestTokenizerMatchesEncodingXML(t *testing.T) {
	for _, c := range tokenizerCases {
		if got, want := ourStream([]byte(c)), stdStream([]byte(c), DefaultLimits.XMLDepth); got != want {
			t.Errorf("%q:\n got %s\nwant %s", c, got, want)
		}
	}
	for _, b := range seedDocumentXML(t) {
		if got, want := ourStream(b), stdStream(b, DefaultLimits.XMLDepth); got != want {
			t.Errorf("a fixture's document.xml reads differently")
		}
	}
}

// FuzzTokenizer compares the tokenizer with Strict encoding/xml on
// arbitrary input.
func FuzzTokenizer(f *testing.F) {
	for _, c := range tokenizerCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := ourStream(data), stdStream(data, DefaultLimits.XMLDepth); got != want {
			t.Fatalf("%q:\n got %s\nwant %s", data, got, want)
		}
	})
}
