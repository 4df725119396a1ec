package document

import "strings"

// symFont is a symbol font whose code points are not Unicode: Word stores
// their characters as bytes 0x20–0xFF, or as the private-use code points
// U+F020–U+F0FF ("char" of w:sym, and text inserted with Insert Symbol).
type symFont uint8

const (
	symNone      symFont = iota // an ordinary Unicode font
	symSymbol                   // Symbol: Adobe's Symbol encoding
	symWingdings                // Wingdings
	symWingdings2
	symOther // Wingdings 3, Webdings: not mapped
	symRaw   // text already mapped (a w:sym's character)
)

func symFontOf(name string) symFont {
	switch n := strings.ToLower(strings.TrimSpace(name)); {
	case n == "symbol":
		return symSymbol
	case n == "wingdings":
		return symWingdings
	case n == "wingdings 2":
		return symWingdings2
	case strings.Contains(n, "symbol") || strings.Contains(n, "dings") || n == "marlett" || n == "mt extra":
		return symOther // Wingdings 3, Webdings, Bookshelf Symbol 7, …
	}
	return symNone
}

// symbolToUnicode is the Adobe Symbol encoding (with Windows' euro at
// 0xA0), 0x20–0xFE; zero where the font has no character.
var symbolToUnicode = [256]rune{
	0x20: ' ', '!', '∀', '#', '∃', '%', '&', '∋', '(', ')', '∗', '+', ',', '−', '.', '/',
	0x30: '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
	0x40: '≅', 'Α', 'Β', 'Χ', 'Δ', 'Ε', 'Φ', 'Γ', 'Η', 'Ι', 'ϑ', 'Κ', 'Λ', 'Μ', 'Ν', 'Ο',
	0x50: 'Π', 'Θ', 'Ρ', 'Σ', 'Τ', 'Υ', 'ς', 'Ω', 'Ξ', 'Ψ', 'Ζ', '[', '∴', ']', '⊥', '_',
	0x60: '‾', 'α', 'β', 'χ', 'δ', 'ε', 'φ', 'γ', 'η', 'ι', 'ϕ', 'κ', 'λ', 'μ', 'ν', 'ο',
	0x70: 'π', 'θ', 'ρ', 'σ', 'τ', 'υ', 'ϖ', 'ω', 'ξ', 'ψ', 'ζ', '{', '|', '}', '∼',
	0xA0: '€', 'ϒ', '′', '≤', '⁄', '∞', 'ƒ', '♣', '♦', '♥', '♠', '↔', '←', '↑', '→', '↓',
	0xB0: '°', '±', '″', '≥', '×', '∝', '∂', '•', '÷', '≠', '≡', '≈', '…', '⏐', '⎯', '↵',
	0xC0: 'ℵ', 'ℑ', 'ℜ', '℘', '⊗', '⊕', '∅', '∩', '∪', '⊃', '⊇', '⊄', '⊂', '⊆', '∈', '∉',
	0xD0: '∠', '∇', '®', '©', '™', '∏', '√', '⋅', '¬', '∧', '∨', '⇔', '⇐', '⇑', '⇒', '⇓',
	0xE0: '◊', '〈', '®', '©', '™', '∑', '⎛', '⎜', '⎝', '⎡', '⎢', '⎣', '⎧', '⎨', '⎩', '⎪',
	0xF0: 0, '〉', '∫', '⌠', '⎮', '⌡', '⎞', '⎟', '⎠', '⎤', '⎥', '⎦', '⎫', '⎬', '⎭',
}

// wingdings maps the Wingdings code points Word uses for bullets, boxes and
// marks; the boxes become the canonical checkbox glyphs.
var wingdings = map[rune]rune{
	0x6C: '●', 0x6D: '❍', 0x6E: '■', 0x6F: BoxUnchecked, 0x70: '◻', 0x71: BoxUnchecked, 0x72: '❒',
	0x73: '⬧', 0x74: '⧫', 0x75: '◆', 0x76: '❖', 0x77: '⬥', 0x78: BoxChecked,
	0xA1: '○', 0xA7: '▪', 0xA8: BoxUnchecked, 0xD8: '➢', 0xE8: '➔',
	0xFB: '✗', 0xFC: '✓', 0xFD: BoxChecked, 0xFE: BoxChecked,
}

// wingdings2 maps Wingdings 2's boxes and marks.
var wingdings2 = map[rune]rune{
	0x4F: '✗', 0x50: '✓', 0x51: BoxChecked, 0x52: BoxChecked, 0x53: BoxChecked, 0x54: BoxChecked,
	0xA3: BoxUnchecked,
}

// glyph is the Unicode character Word shows for r in font f. In a symbol
// font a byte 0x20–0xFF and its private-use twin U+F020–U+F0FF are the
// same character; a code point the tables do not know stays as it is.
// Outside the symbol fonts a private-use code point that draws a box in
// Wingdings (the font Word uses for boxes) still becomes a checkbox: the
// font of such text is often given only for another script.
func glyph(f symFont, r rune) rune {
	code := r
	if r >= 0xF020 && r <= 0xF0FF {
		code = r - 0xF000
	}
	switch f {
	case symNone:
		if r == '☑' {
			return BoxChecked
		}
		if code != r {
			if g := wingdings[code]; g == BoxChecked || g == BoxUnchecked {
				return g
			}
		}
		return r
	case symSymbol:
		if code < 0x100 {
			if g := symbolToUnicode[code]; g != 0 {
				return g
			}
		}
	case symWingdings:
		if g, ok := wingdings[code]; ok && code < 0x100 {
			return g
		}
	case symWingdings2:
		if g, ok := wingdings2[code]; ok && code < 0x100 {
			return g
		}
	}
	if r == '☑' {
		return BoxChecked
	}
	return r
}

// symGlyph is the character of a w:sym element: char (hex) in font.
// Outside the symbol fonts the Unicode box characters are checkboxes too.
func symGlyph(font string, code rune) rune {
	f := symFontOf(font)
	if f == symNone {
		switch code {
		case 0x2610, 0x25A1:
			return BoxUnchecked
		case 0x2612, 0x2611, 0x22A0:
			return BoxChecked
		}
		if code < 0x100 {
			return code
		}
	}
	return glyph(f, code)
}
