package tracklist

// foldSet is a set of lowercase ASCII words looked up without regard to
// ASCII case, as the parser's lists of notes and column names are. Most
// strings looked up are in no list: a string passes on to the words only
// when a word of its length starts and ends with its first and last
// bytes (lenFilter), a few instructions where a lowercase copy and a
// switch took ten for each byte.
type foldSet struct {
	filter lenFilter
	words  []string
}

func newFoldSet(words ...string) *foldSet {
	f := &foldSet{words: words}
	for _, w := range words {
		for i := 0; i < len(w); i++ {
			if c := w[i]; c >= 0x80 || 'A' <= c && c <= 'Z' {
				panic("foldSet: not lowercase ASCII: " + w)
			}
		}
		f.filter.add(w)
	}
	return f
}

// has: s is one of the words, ASCII letters in either case (strings
// with other bytes than ASCII are in no set).
func (f *foldSet) has(s string) bool {
	if !f.filter.may(s) {
		return false
	}
	for _, w := range f.words {
		if len(w) == len(s) && equalFoldASCII(s, w) {
			return true
		}
	}
	return false
}

// lenFilter tells the strings that cannot be one of a set of lowercase
// words, whatever the case of their ASCII letters: for each byte, the
// lengths of the words that start (end) with it. A string passes when a
// word of its length starts with its first byte and one ends with its
// last; one of 64 bytes or more when a word does, and the empty string
// when it is a word.
type lenFilter struct {
	first, last [256]uint64 // bit n: a word of n bytes starts (ends) with the byte
	long, empty bool
}

func (f *lenFilter) add(w string) {
	n := len(w)
	switch {
	case n == 0:
		f.empty = true
		return
	case n >= 64:
		f.long = true
		return
	}
	bit := uint64(1) << n
	first, last := w[0], w[n-1]
	f.first[first] |= bit
	f.last[last] |= bit
	if 'a' <= first && first <= 'z' {
		f.first[first-'a'+'A'] |= bit
	}
	if 'a' <= last && last <= 'z' {
		f.last[last-'a'+'A'] |= bit
	}
}

// may: s may be one of the words (see lenFilter).
func (f *lenFilter) may(s string) bool {
	n := len(s)
	switch {
	case n == 0:
		return f.empty
	case n >= 64:
		return f.long
	}
	return f.first[s[0]]&(1<<n) != 0 && f.last[s[n-1]]&(1<<n) != 0
}
