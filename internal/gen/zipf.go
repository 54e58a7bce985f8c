package gen

import (
	"math"
	"math/rand/v2"
)

// zipf draws ranks 0..n-1 with P(k) proportional to 1/(k+1)^s: a few
// anthems get most plays, a long tail gets a few each. A cumulative table
// makes a draw one uniform number and a binary search (math/rand/v2's Zipf
// needs s > 1 and a rejection loop).
type zipf struct{ cdf []float64 }

func newZipf(n int, s float64) *zipf {
	z := &zipf{cdf: make([]float64, n)}
	sum := 0.0
	for k := range n {
		sum += 1 / math.Pow(float64(k+1), s)
		z.cdf[k] = sum
	}
	for k := range z.cdf {
		z.cdf[k] /= sum
	}
	return z
}

func (z *zipf) draw(r *rand.Rand) int {
	u := r.Float64()
	// The first k with cdf[k] >= u.
	lo, hi := 0, len(z.cdf)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if z.cdf[m] < u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
