package tracklist

// Scans eight bytes at a time for the bytes most lines lack (brackets):
// a line of 40 bytes is five tests instead of forty look-ups.

const (
	ones8  = 0x0101010101010101
	highs8 = 0x8080808080808080
)

// load8 reads s[i:i+8] as one little-endian word (a single load).
func load8(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// bracket8: one of the eight bytes of x is a bracket isOpen or isClose
// knows. Clearing bit 0 makes ")" a "(", clearing bit 5 makes "{" a "["
// and "}" a "]"; no other byte becomes one of them. A byte of v is zero
// when (v-1)&^v has its high bit set (exact for whether one is: a borrow
// only reaches bytes above a zero one).
func bracket8(x uint64) bool {
	a := x&^ones8 ^ '('*ones8
	y := x &^ (0x20 * ones8)
	b := y ^ '['*ones8
	c := y ^ ']'*ones8
	return ((a-ones8)&^a|(b-ones8)&^b|(c-ones8)&^c)&highs8 != 0
}

// skipNoBracket returns where a byte-wise look for brackets in s[i:]
// need start: the first eight-byte block that holds one, or the last
// bytes of s (fewer than eight) when no block does and they may, or
// len(s).
func skipNoBracket(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if bracket8(load8(s, i)) {
			return i
		}
	}
	if i < len(s) && len(s) >= 8 && !bracket8(load8(s, len(s)-8)) {
		return len(s) // the last eight bytes hold none
	}
	return i
}

// hasBracket is bracketBytes.in(s).
func hasBracket(s string) bool {
	for i := skipNoBracket(s, 0); i < len(s); i++ {
		if bracketBytes[s[i]] {
			return true
		}
	}
	return false
}

// unclean8: of the eight bytes of x, one is a control character (below
// 0x20), DEL or no ASCII (0x7f up), or a space followed by another (y
// holds the bytes one further on). Each test is exact for whether a byte
// is so: a borrow (or carry) only crosses from a byte that is.
func unclean8(x, y uint64) bool {
	v := (x ^ ' '*ones8) | (y ^ ' '*ones8) // zero where both are spaces
	return ((x-0x20*ones8)&^x|x|(x+ones8)|(v-ones8)&^v)&highs8 != 0
}
