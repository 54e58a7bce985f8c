package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func check(s Status, detail string) CheckFunc {
	return func(context.Context) (Status, string) { return s, detail }
}

// /readyz and the healthcheck subcommand agree: the worst check decides,
// 200 for ok and degraded, 503 for unhealthy, exit codes 0, 1 and 2.
func TestReadinessAndHealthcheckExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		checks   map[string]CheckFunc
		want     Status
		wantCode int
		wantExit int
	}{
		{"no checks", nil, OK, 200, 0},
		{"all ok", map[string]CheckFunc{"a": check(OK, ""), "b": check(OK, "fine")}, OK, 200, 0},
		{"one degraded", map[string]CheckFunc{"a": check(OK, ""), "redis": check(Degraded, "down")}, Degraded, 200, 1},
		{"one unhealthy", map[string]CheckFunc{"a": check(Degraded, "x"), "kafka": check(Unhealthy, "no broker")}, Unhealthy, 503, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := New("test", slog.New(slog.NewTextHandler(io.Discard, nil)))
			a.Health.Add("memory", check(OK, "")) // the host's memory must not decide the test
			for n, c := range tc.checks {
				a.Health.Add(n, c)
			}
			srv := httptest.NewServer(a.Mux)
			defer srv.Close()

			resp, err := http.Get(srv.URL + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			var rep struct {
				Status string
				Checks map[string]struct{ Status, Detail string }
			}
			if err := json.NewDecoder(resp.Body).Decode(&rep); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.wantCode || rep.Status != tc.want.String() {
				t.Fatalf("/readyz = %d %q, want %d %q", resp.StatusCode, rep.Status, tc.wantCode, tc.want)
			}
			for n := range tc.checks {
				if _, ok := rep.Checks[n]; !ok {
					t.Fatalf("check %s missing from %+v", n, rep.Checks)
				}
			}

			addr := strings.TrimPrefix(srv.URL, "http://")
			var out bytes.Buffer
			if got := Probe(addr, &out); got != tc.wantExit {
				t.Fatalf("Probe = %d, want %d (%s)", got, tc.wantExit, out.String())
			}
			// The subcommand reads HTTP_ADDR like the server does.
			t.Setenv("HTTP_ADDR", addr)
			var stdout, stderr bytes.Buffer
			if got := main("test", "127.0.0.1:1", nil, nil, []string{"healthcheck"}, &stdout, &stderr); got != tc.wantExit {
				t.Fatalf("healthcheck exit %d, want %d (%s%s)", got, tc.wantExit, stdout.String(), stderr.String())
			}
		})
	}
}

func TestProbeUnhealthyWhenNothingAnswers(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var out bytes.Buffer
	if got := Probe(addr, &out); got != int(Unhealthy) {
		t.Fatalf("Probe of a closed port = %d, want 2", got)
	}
	// Something that answers, but not /readyz's JSON.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "nope", 500) }))
	defer srv.Close()
	if got := Probe(strings.TrimPrefix(srv.URL, "http://"), &out); got != int(Unhealthy) {
		t.Fatalf("Probe of a non-JSON answer = %d, want 2", got)
	}
}

// A check that hangs is unhealthy once its timeout passes, and does not
// hold up the others. In a synctest bubble the timeout passes on the fake
// clock: the test waits no real time for it.
func TestHungCheckIsUnhealthy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := NewHealth()
		h.Add("hung", func(ctx context.Context) (Status, string) { <-ctx.Done(); return OK, "" })
		h.Add("fine", check(OK, ""))
		start := time.Now()
		rep := h.Check(t.Context())
		if rep.Status != Unhealthy || rep.Checks["hung"].Status != Unhealthy || rep.Checks["fine"].Status != OK {
			t.Fatalf("report %+v", rep)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("took %s", d)
		}
	})
}

func TestHealthcheckBadConfigurationIsUnhealthy(t *testing.T) {
	t.Setenv("HTTP_ADDR", "not an address")
	var stdout, stderr bytes.Buffer
	if got := main("test", "127.0.0.1:1", nil, nil, []string{"healthcheck"}, &stdout, &stderr); got != int(Unhealthy) {
		t.Fatalf("exit %d, want 2", got)
	}
	if !strings.Contains(stderr.String(), "HTTP_ADDR") {
		t.Fatalf("stderr %q does not name the setting", stderr.String())
	}
}

// Every binary says which build it is.
func TestVersion(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if got := main("bronze", "127.0.0.1:1", nil, nil, []string{"--version"}, &stdout, &stderr); got != 0 || !strings.HasPrefix(stdout.String(), "bronze ") || !strings.Contains(stdout.String(), "go1.") {
		t.Errorf("exit %d, %q %q", got, stdout.String(), stderr.String())
	}
}

// A binary takes no flags: one given anyway is named, exit 2, rather
// than ignored; -h after a command is still help.
func TestFlagsOfABinary(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--partitions", "3"}, 2, "unknown flag --partitions"},
		{[]string{"run", "--partitions=abc"}, 2, `unexpected argument "--partitions=abc"`},
		{[]string{"healthcheck", "--timeout", "5s"}, 2, `unexpected argument "--timeout"`},
		{[]string{"run", "-h"}, 0, "usage: bronze"},
		{[]string{"--help"}, 0, "usage: bronze"},
		{[]string{"nosuch"}, 2, `unknown command "nosuch"`},
	} {
		var stdout, stderr bytes.Buffer
		got := main("bronze", "127.0.0.1:1", nil, nil, tc.args, &stdout, &stderr)
		if got != tc.code || !strings.Contains(stdout.String()+stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, %q %q; want %d and %q", tc.args, got, stdout.String(), stderr.String(), tc.code, tc.want)
		}
	}
}
