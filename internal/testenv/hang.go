package testenv

import (
	"io"
	"net"
	"sync"
	"testing"
)

// Hung returns the address of a peer that accepts connections and never
// answers: a server that hung (stopped, swapping, behind a dead
// network path) rather than one that refuses. Connections are held open
// until the test ends.
func Hung(t testing.TB) string {
	t.Helper()
	addr, _ := HangProxy(t, "")
	return addr
}

// HangProxy returns the address of a TCP proxy on 127.0.0.1 to target,
// and hang: once hang is called, the proxy stops passing bytes either
// way on every connection, open or new, without closing any. The
// client's connections stay established, as to a server that stopped
// answering mid-transaction. target "" hangs from the start.
func HangProxy(t testing.TB, target string) (addr string, hang func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	Must(t, err, "listen")
	var (
		mu     sync.Mutex
		hung   = target == ""
		conns  []net.Conn
		closed bool
	)
	stopped := make(chan struct{})
	isHung := func() bool { mu.Lock(); defer mu.Unlock(); return hung }
	hold := func(c net.Conn) bool {
		mu.Lock()
		defer mu.Unlock()
		if closed {
			_ = c.Close()
			return false
		}
		conns = append(conns, c)
		return true
	}
	// pipe copies from src to dst until the proxy hangs; then it stops
	// reading, so what the client sends sits unanswered.
	pipe := func(dst, src net.Conn) {
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf)
			if isHung() {
				<-stopped
				return
			}
			if n > 0 {
				if _, werr := dst.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				if err == io.EOF {
					_ = dst.Close()
				}
				return
			}
		}
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if !hold(c) || isHung() {
				continue
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			if !hold(up) {
				continue
			}
			go pipe(up, c)
			go pipe(c, up)
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		closed = true
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		close(stopped)
	})
	return ln.Addr().String(), func() { mu.Lock(); hung = true; mu.Unlock() }
}
