package config

import (
	"fmt"
	"net"
	"strconv"
)

// CheckListenAddr says what is wrong with an address to listen on, or
// nil. It wants host:port with a port number (0 picks one) and a host.
//
// An empty host (":8080") is refused rather than read as "every
// interface", which is what Go (and every other tool) does with it: an
// address without a host is easy to write meaning "port 8080 here", and
// would then open the endpoint to the network. Nor is it quietly bound
// to loopback: ":8080" means every interface to whoever wrote it for a
// container, where loopback would make a pod that answers no probe. So
// one has to say which: 127.0.0.1:8080 for this machine only, 0.0.0.0:8080
// for every interface (IPv4 and IPv6: Go listens on both for 0.0.0.0).
// Every listen address of the binaries and of songnodes dev goes through
// here (docs/decisions.md, Security).
func CheckListenAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not a listen address: want host:port (e.g. 127.0.0.1:8080)", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q: the port is not a number from 0 to 65535", addr)
	}
	if host == "" {
		return fmt.Errorf("%q has no host, so it would listen on every interface: write 127.0.0.1:%s to listen on this machine only, or 0.0.0.0:%s for every interface", addr, port, port)
	}
	return nil
}
