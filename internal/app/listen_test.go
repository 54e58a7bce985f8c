package app

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/songnodes/pipeline/internal/config"
)

type runFlag struct{ ran bool }

func (r *runFlag) Run(context.Context, *App) error { r.ran = true; return nil }

// HTTP_ADDR without a host (":PORT") stops a binary at start, exit 2,
// naming the setting and both ways to say what was meant; nothing
// listens and the component does not run. app.Serve refuses it too,
// whoever calls it.
func TestEmptyHostRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	t.Setenv("HTTP_ADDR", fmt.Sprintf(":%d", port))
	comp := &runFlag{}
	load := func(*config.Env) (Component, error) { return comp, nil }
	var stdout, stderr bytes.Buffer
	code := main("bronze", "127.0.0.1:8091", load, nil, []string{"run"}, &stdout, &stderr)
	want := fmt.Sprintf(`HTTP_ADDR: ":%[1]d" has no host, so it would listen on every interface: write 127.0.0.1:%[1]d to listen on this machine only, or 0.0.0.0:%[1]d for every interface`, port)
	if code != exitConfig || !strings.Contains(stderr.String(), want) || comp.ran {
		t.Fatalf("exit %d, ran %v, stderr %q; want %d and %q", code, comp.ran, stderr.String(), exitConfig, want)
	}
	// Nothing took the port, on any interface.
	ln, err = net.Listen("tcp", fmt.Sprintf(":%d", port))
	if err != nil {
		t.Fatalf("the port is taken after the refusal: %v", err)
	}
	ln.Close()

	a := New("test", NewLogger(&stderr, "error"))
	if err := Serve(t.Context(), a, fmt.Sprintf(":%d", port), comp); err == nil || !strings.Contains(err.Error(), "has no host") || comp.ran {
		t.Fatalf("Serve(:%d) = %v, ran %v", port, err, comp.ran)
	}
}
