package document

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// tokenizer reads the tokens of one XML part with the checks every part
// gets: no DOCTYPE, bounded nesting, every token charged to the document's
// work budget, and no one token longer than the text budget (the decoder
// buffers a whole token, so a part of one 50 MB text would cost that many
// bytes several times over before anyone could count its text).
type tokenizer struct {
	d     *xml.Decoder
	in    *cappedReader
	depth int
	m     *meter
}

func newTokenizer(data []byte, m *meter) *tokenizer {
	in := &cappedReader{data: data, max: m.max[resText]}
	d := xml.NewDecoder(in)
	d.Strict = true
	return &tokenizer{d: d, in: in, m: m}
}

// cappedReader is the decoder's input; it fails once the token being read
// (from start on) passes max bytes. It is an io.ByteReader, so the
// decoder reads it directly, without a buffer of its own in between.
type cappedReader struct {
	data       []byte
	pos, start int
	max        int64
	err        error
}

func (r *cappedReader) ReadByte() (byte, error) {
	if r.pos >= len(r.data) {
		return 0, io.EOF
	}
	if int64(r.pos-r.start) > r.max {
		return 0, r.err
	}
	b := r.data[r.pos]
	r.pos++
	return b, nil
}

func (r *cappedReader) Read(p []byte) (int, error) {
	if r.pos >= len(r.data) {
		return 0, io.EOF
	}
	if int64(r.pos-r.start) > r.max {
		return 0, r.err
	}
	n := copy(p, r.data[r.pos:min(len(r.data), r.start+int(r.max)+1)])
	r.pos += n
	return n, nil
}

// next returns the next token, or the error that ends the part.
func (tz *tokenizer) next() (xml.Token, error) {
	if err := tz.m.tick(); err != nil {
		return nil, err
	}
	if err := tz.m.charge(resTokens, 1); err != nil {
		return nil, err
	}
	tz.in.start = int(tz.d.InputOffset())
	tz.in.err = errTokenTooLong
	tok, err := tz.d.Token()
	if err != nil {
		if int64(tz.in.pos-tz.in.start) > tz.in.max {
			// one token longer than all the text allowed
			return nil, tz.m.charge(resText, tz.in.pos-tz.in.start)
		}
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

var errTokenTooLong = errors.New("xml token over the text budget")

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
