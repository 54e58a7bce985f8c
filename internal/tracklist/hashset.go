package tracklist

import "slices"

// hashSet is a sorted list of nameHash values (knownArtists,
// englishWords) with a bitmap in front of it: bit h>>hashSetShift is set
// for every hash h of the list. Most names and words the parser looks up
// are in no list, and the bitmap says so in a few instructions where the
// binary search takes sixteen steps; a set bit is asked of the list.
type hashSet struct {
	bits   []uint64
	sorted []uint64
}

// hashSetShift keeps a hash's top 19 bits: a bitmap of 64 KB, in which
// the 36,000 names of artists.txt set about one bit in fifteen.
const hashSetShift = 64 - 19

func newHashSet(sorted []uint64) hashSet {
	s := hashSet{bits: make([]uint64, 1<<(64-hashSetShift)/64), sorted: sorted}
	for _, h := range sorted {
		k := h >> hashSetShift
		s.bits[k/64] |= 1 << (k % 64)
	}
	return s
}

func (s *hashSet) has(h uint64) bool {
	k := h >> hashSetShift
	if s.bits[k/64]&(1<<(k%64)) == 0 {
		return false
	}
	_, ok := slices.BinarySearch(s.sorted, h)
	return ok
}

var (
	knownArtistSet = newHashSet(knownArtists)
	englishWordSet = newHashSet(englishWords)
	knownDJSet     = newHashSet(knownDJs)
)
