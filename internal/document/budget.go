package document

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrOverBudget matches, with errors.Is, the *FormatError of a document
// that would cost more to read than Limits allow (Kind "over_budget"). It
// also matches ErrNotDocx: such a document is refused as unreadable.
var ErrOverBudget = errors.New("document over its work budget")

// resource is one thing the work budget counts.
type resource int

const (
	resInflated    resource = iota // bytes inflated from the parts read
	resTokens                      // XML tokens read, every part together
	resParagraphs                  // paragraphs built
	resRuns                        // runs built
	resRows                        // table rows built
	resCells                       // table cells built
	resText                        // bytes of text read
	resHeaderBytes                 // XML of headers and footers read
	resDefinitions                 // styles, list definitions and relationships read
	nResources
)

// overReason is the Swedish reason for a document over a resource's
// budget; %s is the bound, formatted.
var overReason = [nResources]string{
	resInflated:    "dokumentets delar packas upp till mer än %s MB",
	resTokens:      "dokumentets XML har fler än %s element och textavsnitt",
	resParagraphs:  "dokumentet har fler än %s stycken",
	resRuns:        "dokumentet har fler än %s textavsnitt med olika formatering",
	resRows:        "dokumentets tabeller har fler än %s rader",
	resCells:       "dokumentets tabeller har fler än %s celler",
	resText:        "dokumentet har mer än %s MB text",
	resHeaderBytes: "dokumentets sidhuvuden och sidfötter är större än %s MB",
	resDefinitions: "dokumentet har fler än %s formatmallar, listdefinitioner och relationer",
}

var resourceNames = [nResources]string{"inflated bytes", "tokens", "paragraphs", "runs", "rows", "cells", "text bytes", "header bytes", "definitions"}

// meter charges the work of reading one document against its Limits. It
// is sticky: once a bound is passed every later charge and every token
// returns the same error, so a builder that cannot return an error may
// charge and leave the stopping to the tokenizer.
type meter struct {
	lim      Limits
	used     [nResources]int64
	max      [nResources]int64
	deadline time.Time
	ticks    int
	err      error
}

func newMeter(lim Limits) *meter {
	lim = lim.withDefaults()
	m := &meter{lim: lim, deadline: time.Now().Add(lim.Time)}
	m.max = [nResources]int64{
		resInflated:    lim.Inflated,
		resTokens:      int64(lim.Tokens),
		resParagraphs:  int64(lim.Paragraphs),
		resRuns:        int64(lim.Runs),
		resRows:        int64(lim.Rows),
		resCells:       int64(lim.Cells),
		resText:        lim.Text,
		resHeaderBytes: lim.HeaderBytes,
		resDefinitions: int64(lim.Definitions),
	}
	return m
}

// charge adds n to a resource and fails once it is over its bound.
func (m *meter) charge(r resource, n int) error {
	if m.err != nil {
		return m.err
	}
	m.used[r] += int64(n)
	if m.used[r] > m.max[r] {
		bound := m.max[r]
		shown := num(bound)
		if r == resInflated || r == resText || r == resHeaderBytes {
			shown = num(max(bound>>20, 1))
		}
		m.err = formatErr("over_budget", fmt.Sprintf(overReason[r], shown),
			fmt.Errorf("%w: %s over %d", ErrOverBudget, resourceNames[r], bound))
	}
	return m.err
}

// remaining is what is left of a resource's bound.
func (m *meter) remaining(r resource) int64 { return max(m.max[r]-m.used[r], 0) }

// tick checks the wall-time bound; cheap enough to call per token.
func (m *meter) tick() error {
	if m.err != nil {
		return m.err
	}
	m.ticks++
	if m.ticks&1023 != 0 {
		return nil
	}
	return m.checkTime()
}

func (m *meter) checkTime() error {
	if m.err == nil && time.Now().After(m.deadline) {
		m.err = formatErr("over_budget", fmt.Sprintf("dokumentet tog längre tid än %s sekunder att läsa", num(int64(m.lim.Time/time.Second))),
			fmt.Errorf("%w: over %v", ErrOverBudget, m.lim.Time))
	}
	return m.err
}

// num writes a number as Swedish text does: 20 000.
func num(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String()
}
