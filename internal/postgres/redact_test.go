package postgres

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://u:pw-a1@db:5432/x?sslmode=verify-full", "postgres://u:xxxxx@db:5432/x?sslmode=verify-full"},
		{"postgres://u@db/x?password=pw-b2&sslpassword=pw-c3", "postgres://u@db/x?password=xxxxx&sslpassword=xxxxx"},
		{"host=db user=u password=pw-d4 sslpassword='pw e5'", "host=db user=u password=xxxxx sslpassword=xxxxx"},
		{"postgres://u:pw-f6@db:bad port/x", "(a database URL that does not parse)"},
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	msg := redact("cannot parse postgres://u:pw-a1@db/x?password=pw-b2", "postgres://u:pw-a1@db/x?password=pw-b2")
	if strings.Contains(msg, "pw-a1") || strings.Contains(msg, "pw-b2") {
		t.Errorf("redact left a secret: %s", msg)
	}
}
