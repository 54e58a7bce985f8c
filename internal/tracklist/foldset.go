package tracklist

// foldSet is a set of lowercase ASCII words looked up without regard to
// ASCII case, as the parser's lists of notes and column names are. Most
// strings looked up are in no list: a string passes on to the words only
// when a word of its length starts and ends with its first and last
// bytes, a few instructions where a lowercase copy and a switch took
// ten for each byte.
type foldSet struct {
	first, last [256]uint32 // bit n: a word of n bytes starts (ends) with the byte
	words       []string
}

func newFoldSet(words ...string) *foldSet {
	f := &foldSet{words: words}
	for _, w := range words {
		if w == "" || len(w) > 31 {
			panic("foldSet: word of 1 to 31 bytes: " + w)
		}
		for _, c := range [...]byte{w[0], w[len(w)-1]} {
			if c >= 0x80 || 'A' <= c && c <= 'Z' {
				panic("foldSet: lowercase ASCII: " + w)
			}
		}
		bit := uint32(1) << len(w)
		f.first[w[0]] |= bit
		f.last[w[len(w)-1]] |= bit
		if c := w[0]; 'a' <= c && c <= 'z' {
			f.first[c-'a'+'A'] |= bit
		}
		if c := w[len(w)-1]; 'a' <= c && c <= 'z' {
			f.last[c-'a'+'A'] |= bit
		}
	}
	return f
}

// has: s is one of the words, ASCII letters in either case (strings
// with other bytes than ASCII are in no set).
func (f *foldSet) has(s string) bool {
	n := len(s)
	if n == 0 || n > 31 || f.first[s[0]]&(1<<n) == 0 || f.last[s[n-1]]&(1<<n) == 0 {
		return false
	}
	for _, w := range f.words {
		if len(w) == n && equalFoldASCII(s, w) {
			return true
		}
	}
	return false
}
