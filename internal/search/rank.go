package search

import (
	"encoding/binary"
	"fmt"
	"math"
)

// BM25 parameters, the usual ones (as SQLite's FTS5 uses).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// BM25 scores one answer: higher is more relevant. matchinfo is FTS4's
// matchinfo(…, 'pcx') for it, col the column searched, n the answers in
// the index, length the answer's characters and avg theirs on average.
// Each term counts with its inverse document frequency, its frequency in
// the answer (saturating), and the answer's length against the average,
// so that a rare word beats a common one and a word said three times in
// a short answer beats the same word once in a long one. (Lengths are
// characters, not words: a search then never reads FTS4's per-row sizes,
// and the ratio to the average is what counts.)
//
// The blob is 32-bit unsigned integers in the machine's byte order: p
// (phrases), c (columns), then for each phrase and column: hits in this
// row, hits in all rows, rows with a hit. It is read where it is (a
// broad word scores most of the index, so nothing is copied).
func BM25(matchinfo []byte, col, n int, length, avg float64) (float64, error) {
	if len(matchinfo)%4 != 0 || len(matchinfo) < 8 {
		return 0, fmt.Errorf("search: matchinfo of %d bytes", len(matchinfo))
	}
	at := func(i int) uint32 { return binary.NativeEndian.Uint32(matchinfo[4*i:]) }
	values := len(matchinfo) / 4
	p, c := int(at(0)), int(at(1))
	if col < 0 || col >= c || p > values || c > values || values != 2+3*p*c {
		return 0, fmt.Errorf("search: matchinfo has %d values for %d phrases and %d columns", values, p, c)
	}
	if avg <= 0 {
		avg = 1
	}
	norm := bm25K1 * (1 - bm25B + bm25B*length/avg)
	score := 0.0
	for i := 0; i < p; i++ {
		x := 2 + 3*(i*c+col)
		tf, docs := float64(at(x)), float64(at(x+2))
		if tf == 0 {
			continue
		}
		idf := math.Log(1 + (float64(n)-docs+0.5)/(docs+0.5))
		score += idf * tf * (bm25K1 + 1) / (tf + norm)
	}
	return score, nil
}
