package search

import "strings"

// The markers SQLite's snippet() puts around a hit: control characters
// that a Word document's text cannot hold (XML 1.0 forbids them).
const (
	markOpen  = "\x02"
	markClose = "\x03"
	ellipsis  = "…"
)

// Segment is a piece of a snippet; Match marks a hit.
type Segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// Segments splits snippet() output at its markers into plain text pieces
// (to be escaped by whoever shows them: never HTML from the database).
// Stray markers are dropped; any other control character becomes a
// space.
func Segments(snippet string) []Segment {
	var out []Segment
	add := func(text string, match bool) {
		text = strings.Map(func(r rune) rune {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
				return ' '
			}
			return r
		}, text)
		if text == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Match == match {
			out[n-1].Text += text
			return
		}
		out = append(out, Segment{Text: text, Match: match})
	}
	for snippet != "" {
		open := strings.Index(snippet, markOpen)
		if open < 0 {
			add(strings.ReplaceAll(snippet, markClose, ""), false)
			break
		}
		add(strings.ReplaceAll(snippet[:open], markClose, ""), false)
		rest := snippet[open+len(markOpen):]
		end := strings.Index(rest, markClose)
		if end < 0 {
			add(strings.ReplaceAll(rest, markOpen, ""), true)
			break
		}
		add(strings.ReplaceAll(rest[:end], markOpen, ""), true)
		snippet = rest[end+len(markClose):]
	}
	return out
}
