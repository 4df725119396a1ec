package poller

import (
	"fmt"
	"slices"

	"github.com/emersion/go-imap/v2"
)

// searchSlack is how many more UIDs than the mailbox's message count a
// search answer may name (mail arriving while it is built).
const searchSlack = 1000

// uidRanges validates the server's answer to UID SEARCH without expanding
// it: UIDs, not sequence numbers; no "*"; no more UIDs than the mailbox
// holds messages (plus searchSlack). The set is never turned into a list:
// go-imap's UIDSet.Nums (and so SearchData.AllUIDs) loops for ever on a
// range ending at 4294967295 and allocates 16 GB for 1:4294967294.
func uidRanges(all imap.NumSet, exists uint32) ([]imap.UIDRange, error) {
	if all == nil {
		return nil, nil
	}
	set, ok := all.(imap.UIDSet)
	if !ok {
		return nil, fmt.Errorf("the server answered UID SEARCH with message sequence numbers (%s)", short(all.String()))
	}
	if imap.IsSearchRes(set) {
		return nil, fmt.Errorf("the server answered UID SEARCH with a reference to an earlier result")
	}
	var total uint64
	for _, r := range set {
		if r.Start == 0 || r.Stop == 0 {
			return nil, fmt.Errorf("the server's search answer holds \"*\" (%s)", short(set.String()))
		}
		if r.Stop < r.Start {
			return nil, fmt.Errorf("the server's search answer holds a reversed range %d:%d", r.Start, r.Stop)
		}
		total += uint64(r.Stop-r.Start) + 1
	}
	if total > uint64(exists)+searchSlack {
		return nil, fmt.Errorf("the server's search answer names %d UIDs (%s), but the mailbox has %d messages", total, short(set.String()), exists)
	}
	rs := slices.Clone([]imap.UIDRange(set))
	slices.SortFunc(rs, func(a, b imap.UIDRange) int { return int(int64(a.Start) - int64(b.Start)) })
	return rs, nil
}

func short(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

// uidCursor hands out the UIDs of validated ranges, ascending, each once,
// from a floor up, a batch at a time. It counts in 64 bits: UID
// 4294967295 is valid and must not wrap to 0.
type uidCursor struct {
	ranges []imap.UIDRange
	next   uint64
}

func newUIDCursor(rs []imap.UIDRange, after uint32) *uidCursor {
	return &uidCursor{ranges: rs, next: uint64(after) + 1}
}

// remaining counts the UIDs still to come, without expanding them.
func (c *uidCursor) remaining() uint64 {
	var n uint64
	for _, r := range c.ranges {
		if lo := max(uint64(r.Start), c.next); lo <= uint64(r.Stop) {
			n += uint64(r.Stop) - lo + 1
		}
	}
	return n
}

func (c *uidCursor) take(n int) []imap.UID {
	var out []imap.UID
	for len(c.ranges) > 0 && len(out) < n {
		r := c.ranges[0]
		for u := max(uint64(r.Start), c.next); u <= uint64(r.Stop) && len(out) < n; u++ {
			out = append(out, imap.UID(u))
			c.next = u + 1
		}
		if c.next > uint64(r.Stop) {
			c.ranges = c.ranges[1:]
		}
	}
	return out
}
