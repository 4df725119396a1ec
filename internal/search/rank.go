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
// row, hits in all rows, rows with a hit.
func BM25(matchinfo []byte, col, n int, length, avg float64) (float64, error) {
	if len(matchinfo)%4 != 0 || len(matchinfo) < 8 {
		return 0, fmt.Errorf("search: matchinfo of %d bytes", len(matchinfo))
	}
	v := make([]uint32, len(matchinfo)/4)
	for i := range v {
		v[i] = binary.NativeEndian.Uint32(matchinfo[4*i:])
	}
	p, c := int(v[0]), int(v[1])
	if col < 0 || col >= c || len(v) != 2+3*p*c {
		return 0, fmt.Errorf("search: matchinfo has %d values for %d phrases and %d columns", len(v), p, c)
	}
	if avg <= 0 {
		avg = 1
	}
	score := 0.0
	for i := 0; i < p; i++ {
		x := 2 + 3*(i*c+col)
		tf, docs := float64(v[x]), float64(v[x+2])
		if tf == 0 {
			continue
		}
		idf := math.Log(1 + (float64(n)-docs+0.5)/(docs+0.5))
		score += idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*length/avg))
	}
	return score, nil
}
