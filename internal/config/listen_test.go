package config

import (
	"strings"
	"testing"
)

// An address without a host is refused, naming both ways to say what
// was meant; a host, the wildcard written out included, is taken.
func TestCheckListenAddr(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:8080", "0.0.0.0:8080", "[::]:8080", "[::1]:0", "localhost:8091"} {
		if err := CheckListenAddr(ok); err != nil {
			t.Errorf("CheckListenAddr(%q) = %v, want nil", ok, err)
		}
	}
	for _, tc := range []struct{ addr, want string }{
		{":8080", `":8080" has no host, so it would listen on every interface: write 127.0.0.1:8080 to listen on this machine only, or 0.0.0.0:8080 for every interface`},
		{":0", "has no host"},
		{"8080", "want host:port"},
		{"127.0.0.1:http", "the port is not a number"},
		{"127.0.0.1:70000", "the port is not a number"},
	} {
		err := CheckListenAddr(tc.addr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckListenAddr(%q) = %v, want %q", tc.addr, err, tc.want)
		}
	}
	e := FromMap(map[string]string{"HTTP_ADDR": ":8080"})
	e.Addr("HTTP_ADDR", "127.0.0.1:8080")
	if err := e.Err(); err == nil || !strings.Contains(err.Error(), `HTTP_ADDR: ":8080" has no host`) {
		t.Errorf("Env.Addr(HTTP_ADDR=:8080): %v", err)
	}
}
