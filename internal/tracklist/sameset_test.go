package tracklist

import "testing"

func TestSameSet(t *testing.T) {
	s := func(ids ...string) []string { return ids }
	cases := []struct {
		name string
		a, b []string
		want bool
	}{
		{"identical", s("a", "b", "c", "d"), s("a", "b", "c", "d"), true},
		{"one site missed a track", s("a", "b", "c", "d", "e"), s("a", "c", "d", "e"), true},
		{"one site has an extra track", s("a", "b", "c"), s("a", "x", "b", "c"), true},
		{"same tracks, another order", s("a", "b", "c", "d", "e"), s("e", "d", "c", "b", "a"), false},
		{"two anthems in common", s("a", "b", "c", "d", "e"), s("x", "a", "y", "b", "z"), false},
		{"too short to tell", s("a", "b"), s("a", "b"), false},
		{"60% of the shorter", s("a", "b", "c", "d", "e"), s("a", "b", "c", "x", "y"), true},
		{"under 60%", s("a", "b", "c", "d", "e", "f"), s("a", "b", "x", "y", "z", "c"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := SameSet(c.a, c.b); got != c.want {
				t.Fatalf("SameSet = %v, want %v (lcs %d)", got, c.want, lcs(c.a, c.b))
			}
			if got := SameSet(c.b, c.a); got != c.want {
				t.Fatal("not symmetric")
			}
		})
	}
}
