package cli

import (
	"bytes"
	"encoding/json"
	"io"
)

// encodeJSON writes v as JSON indented by two spaces, without HTML
// escaping, and a newline: what json.Encoder writes with SetIndent("",
// "  ") and SetEscapeHTML(false), byte for byte. The encoder's own
// indentation runs its validating scanner over every byte a second time,
// which for a long report's `check --json` (250 KB) cost three times the
// encoding itself; indentJSON only needs to find the strings.
func encodeJSON(w io.Writer, v any) error {
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	src := compact.Bytes()
	_, err := w.Write(indentJSON(make([]byte, 0, len(src)+len(src)/4), src))
	return err
}

// indentJSON appends src, compact JSON as json.Marshal writes it (valid,
// no space between tokens), indented as json.Indent(dst, src, "", "  ")
// does: a newline and two spaces per level after an opening bracket and
// a comma, ": " after a key, and {} and [] kept empty. Space outside
// strings (the encoder's final newline) is copied as it stands.
func indentJSON(dst, src []byte) []byte {
	depth := 0
	open := false // after { or [: the next token goes on a new, deeper line
	newline := func() {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, "  "...)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			newline()
		}
		switch c {
		case '"':
			end := stringEnd(src, i)
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				newline()
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// stringEnd is the index after the string that starts with the quote at
// src[i]: after the first quote not escaped by an odd run of backslashes.
func stringEnd(src []byte, i int) int {
	j := i + 1
	for {
		k := bytes.IndexByte(src[j:], '"')
		if k < 0 {
			return len(src) // not from the encoder; copied as it is
		}
		j += k
		n := 0
		for n < j-i-1 && src[j-1-n] == '\\' {
			n++
		}
		if n%2 == 0 {
			return j + 1
		}
		j++
	}
}
