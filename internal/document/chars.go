package document

import "unicode/utf8"

// CountChars counts characters the way Word's "Tecken (inklusive blanksteg)"
// does, as far as it is known (no specification from Microsoft exists):
//
//   - every visible character of the accepted view counts once per code point,
//     spaces, non-breaking spaces and hyphens included; so do field results;
//   - a tab and a manual line break count one each (Word's own behaviour is
//     not documented; one is the best-supported guess);
//   - not counted: paragraph marks (the caller sums paragraphs), deleted text,
//     hidden text, field codes, soft hyphens, page and column breaks, automatic
//     list numbers, placeholder prompts (the pre-pass has already left those
//     out) and the pre-pass's own markers;
//   - footnote and text-box text are not part of an answer (Word's dialog
//     leaves them out by default).
//
// This is the only place the rule lives.
func CountChars(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // most answers are mostly ASCII
			if c != '\r' {
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case MarkPlaceholder, MarkChange, '\u00AD':
			continue
		}
		n++
	}
	return n
}
