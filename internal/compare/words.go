package compare

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segment ops.
const (
	Equal  = "equal"
	Insert = "insert"
	Delete = "delete"
)

// Segment is a run of text that is kept, inserted or deleted.
type Segment struct {
	Op   string `json:"op"` // equal, insert or delete
	Text string `json:"text"`
}

// WordDiff is a word-level diff of two texts: the kept and deleted
// segments spell the earlier text, the kept and inserted ones the later.
type WordDiff struct {
	Segments []Segment `json:"segments"`
	// ParagraphLevel tells that the texts were too long or too different
	// for a word-level diff and whole paragraphs were compared instead.
	ParagraphLevel bool `json:"paragraph_level,omitempty"`
}

// Changed tells whether anything was inserted or deleted.
func (d WordDiff) Changed() bool {
	for _, s := range d.Segments {
		if s.Op != Equal {
			return true
		}
	}
	return false
}

// Bounds of the word-level diff. Past them the texts are compared
// paragraph by paragraph (and past MaxEdits paragraphs, replaced whole):
// the work is O((N+M)·D) in tokens N+M and edits D, and the memory O(D²).
const (
	// MaxTokens is the most tokens (words, spaces, punctuation) both texts
	// together may have for a word-level diff: about 100 000 characters.
	MaxTokens = 40000
	// MaxEdits is the most tokens inserted and deleted together that a
	// diff looks for before it gives up on that level.
	MaxEdits = 2000
)

// Words diffs two texts word by word (Myers' algorithm over tokens:
// words of letters and digits, runs of spaces, line breaks, punctuation
// marks). Deletions and insertions next to each other, with only a space
// between them, come out as one deleted and one inserted segment, so the
// diff reads "<del>old words</del><ins>new words</ins>" rather than word
// by word.
func Words(before, now string) WordDiff {
	if before == now {
		if before == "" {
			return WordDiff{}
		}
		return WordDiff{Segments: []Segment{{Equal, before}}}
	}
	a, b := tokens(before), tokens(now)
	if len(a)+len(b) <= MaxTokens {
		if ops, ok := diff(a, b, MaxEdits); ok {
			return WordDiff{Segments: absorb(tidy(segments(a, b, ops)))}
		}
	}
	return WordDiff{Segments: paragraphs(before, now), ParagraphLevel: true}
}

// paragraphs is the fallback: whole paragraphs kept, deleted or
// inserted; past MaxEdits paragraphs the whole text is replaced.
func paragraphs(before, now string) []Segment {
	a, b := lines(before), lines(now)
	ops, ok := diff(a, b, MaxEdits)
	if !ok {
		var out []Segment
		if before != "" {
			out = append(out, Segment{Delete, before})
		}
		if now != "" {
			out = append(out, Segment{Insert, now})
		}
		return out
	}
	return tidy(segments(a, b, ops))
}

// lines splits a text into paragraphs, each but the last with its line
// break, so that the segments still spell the texts.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	out := strings.SplitAfter(s, "\n")
	if out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// tokens splits a text into words (letters, digits and the marks that
// combine with them: å, ä, ö and é are letters like any other), runs of
// spaces, single line breaks and single other characters.
func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case isWord(r):
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !isWord(r) {
					break
				}
				j += n
			}
		case r != '\n' && unicode.IsSpace(r):
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if r == '\n' || !unicode.IsSpace(r) {
					break
				}
				j += n
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// diff returns the edit script from a to b as one op per token ('=',
// '-', '+'), or false when it needs more than maxD insertions and
// deletions.
func diff(a, b []string, maxD int) ([]byte, bool) {
	// common prefix and suffix cost nothing
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	mid, ok := myers(intern(a[pre:len(a)-suf], b[pre:len(b)-suf]), maxD)
	if !ok {
		return nil, false
	}
	ops := make([]byte, 0, pre+len(mid)+suf)
	for range pre {
		ops = append(ops, '=')
	}
	ops = append(ops, mid...)
	for range suf {
		ops = append(ops, '=')
	}
	return ops, true
}

// interned is a pair of token sequences as numbers, equal tokens equal
// numbers.
type interned struct{ a, b []int32 }

func intern(a, b []string) interned {
	ids := map[string]int32{}
	conv := func(ts []string) []int32 {
		out := make([]int32, len(ts))
		for i, t := range ts {
			id, ok := ids[t]
			if !ok {
				id = int32(len(ids))
				ids[t] = id
			}
			out[i] = id
		}
		return out
	}
	return interned{conv(a), conv(b)}
}

// myers is Myers' O((N+M)·D) greedy diff ("An O(ND) Difference Algorithm
// and Its Variations", 1986), keeping the frontier of each round for the
// way back: O(D²) memory.
func myers(in interned, maxD int) ([]byte, bool) {
	a, b := in.a, in.b
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		ops := make([]byte, 0, n+m)
		for range n {
			ops = append(ops, '-')
		}
		for range m {
			ops = append(ops, '+')
		}
		return ops, n+m <= maxD
	}
	maxD = min(maxD, n+m)
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	var trace [][]int32 // trace[d]: the frontier before round d, k in [-d-1, d+1]
	final := -1
rounds:
	for d := 0; d <= maxD; d++ {
		trace = append(trace, append([]int32(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1])
			} else {
				x = int(v[off+k-1]) + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				final = d
				break rounds
			}
		}
	}
	if final < 0 {
		return nil, false
	}
	var rev []byte
	x, y := n, m
	for d := final; d >= 0; d-- {
		fr := trace[d]
		at := func(k int) int { return int(fr[k+d+1]) }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		if d == 0 {
			px, py = 0, 0
		}
		for x > px && y > py {
			rev = append(rev, '=')
			x--
			y--
		}
		if d > 0 {
			if x == px {
				rev = append(rev, '+')
			} else {
				rev = append(rev, '-')
			}
		}
		x, y = px, py
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev, true
}

// segments joins the tokens of an edit script into runs of one op.
func segments(a, b []string, ops []byte) []Segment {
	var out []Segment
	var cur strings.Builder
	op := ""
	add := func(o, text string) {
		if o != op {
			if cur.Len() > 0 {
				out = append(out, Segment{op, cur.String()})
			}
			cur.Reset()
			op = o
		}
		cur.WriteString(text)
	}
	i, j := 0, 0
	for _, o := range ops {
		switch o {
		case '=':
			add(Equal, a[i])
			i++
			j++
		case '-':
			add(Delete, a[i])
			i++
		case '+':
			add(Insert, b[j])
			j++
		}
	}
	if cur.Len() > 0 {
		out = append(out, Segment{op, cur.String()})
	}
	return out
}

// tidy makes a diff read as changed phrases: a kept run of spaces between
// two changes joins them, and every run of changes becomes one deleted
// segment followed by one inserted.
func tidy(segs []Segment) []Segment {
	var out []Segment
	for i := 0; i < len(segs); {
		if segs[i].Op == Equal {
			out = append(out, segs[i])
			i++
			continue
		}
		var del, ins strings.Builder
		j := i
		for j < len(segs) {
			s := segs[j]
			switch {
			case s.Op == Delete:
				del.WriteString(s.Text)
			case s.Op == Insert:
				ins.WriteString(s.Text)
			case j+1 < len(segs) && strings.TrimFunc(s.Text, isBlank) == "":
				// a space between two changes: both sides have it
				del.WriteString(s.Text)
				ins.WriteString(s.Text)
			default:
				goto done
			}
			j++
		}
	done:
		if del.Len() > 0 {
			out = append(out, Segment{Delete, del.String()})
		}
		if ins.Len() > 0 {
			out = append(out, Segment{Insert, ins.String()})
		}
		i = j
	}
	return out
}

// isBlank is a space that is not a line break: a change is not carried
// over into the next paragraph.
func isBlank(r rune) bool { return r != '\n' && unicode.IsSpace(r) }

// absorb makes a rewritten passage read as one change rather than as
// fragments around the little words both versions happen to share ("har",
// "den"): a kept stretch within a paragraph that is no longer than the
// changes on either side of it becomes part of them (the rule of
// diff-match-patch's semantic clean-up).
func absorb(segs []Segment) []Segment {
	for {
		// the changes only grow, so every stretch found short enough in
		// one pass stays so when its neighbours are absorbed too
		var out []Segment
		n := 0
		for i, s := range segs {
			if s.Op == Equal && i > 0 && i+1 < len(segs) && !strings.Contains(s.Text, "\n") {
				l := utf8.RuneCountInString(s.Text)
				if l <= changeLen(segs, i-1, -1) && l <= changeLen(segs, i+1, 1) {
					out = append(out, Segment{Delete, s.Text}, Segment{Insert, s.Text})
					n++
					continue
				}
			}
			out = append(out, s)
		}
		if n == 0 {
			return segs
		}
		segs = tidy(out)
	}
}

// changeLen is the length of the run of changes that starts at i and goes
// in direction dir: the longer of its deleted and inserted text.
func changeLen(segs []Segment, i, dir int) int {
	del, ins := 0, 0
	for ; i >= 0 && i < len(segs) && segs[i].Op != Equal; i += dir {
		n := utf8.RuneCountInString(segs[i].Text)
		if segs[i].Op == Delete {
			del += n
		} else {
			ins += n
		}
	}
	return max(del, ins)
}
