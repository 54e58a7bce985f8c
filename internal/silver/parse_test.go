package silver

import (
	"strings"
	"testing"
)

// TestSpacedOnce holds spacedOnce to what it spares.
func TestSpacedOnce(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\nb", "a\u00a0b", "a\u2003b", "Tiësto",
		"Pete Tong", "Armin van Buuren", "A\rB", "a\vb", "a\fb", "a\u0085b", "x y z", "x y  z", "  "} {
		if got, want := spacedOnce(s), strings.Join(strings.Fields(s), " ") == s; got && !want {
			t.Errorf("spacedOnce(%q) = true, but its fields joined are %q", s, strings.Join(strings.Fields(s), " "))
		}
	}
}
