package document

import (
	"bytes"
	"encoding/xml"
	"fmt"
)

// tokenizer reads the tokens of one XML part with the checks every part
// gets: no DOCTYPE, bounded nesting, and every token charged to the
// document's work budget.
type tokenizer struct {
	d     *xml.Decoder
	depth int
	m     *meter
}

func newTokenizer(data []byte, m *meter) *tokenizer {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	return &tokenizer{d: d, m: m}
}

// next returns the next token, or the error that ends the part.
func (tz *tokenizer) next() (xml.Token, error) {
	if err := tz.m.tick(); err != nil {
		return nil, err
	}
	if err := tz.m.charge(resTokens, 1); err != nil {
		return nil, err
	}
	tok, err := tz.d.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case xml.StartElement:
		tz.depth++
		if tz.depth > tz.m.lim.XMLDepth {
			return nil, formatErr("unsafe", "dokumentets XML är orimligt djupt nästlad", fmt.Errorf("depth over %d", tz.m.lim.XMLDepth))
		}
	case xml.EndElement:
		tz.depth--
	case xml.Directive:
		if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
			return nil, formatErr("unsafe", "dokumentets XML innehåller en otillåten DOCTYPE-deklaration", nil)
		}
	}
	return tok, nil
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
