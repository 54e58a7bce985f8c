package cli

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
)

// Every command answers -h with its flags and exit 0; an unknown flag
// gets a message naming it and exit 2; --version says which build.
func TestHelpAndVersion(t *testing.T) {
	for _, name := range slices.Sorted(maps.Keys(commands)) {
		// The command alone, before any subcommand, and each subcommand.
		for _, help := range []string{"-h", "--help"} {
			var out, errs bytes.Buffer
			if code := Main([]string{name, help}, &out, &errs); code != 0 || !strings.Contains(out.String()+errs.String(), "usage") {
				t.Errorf("%s %s: exit %d, %q %q", name, help, code, out.String(), errs.String())
			}
		}
		args := []string{name, "-h"}
		switch name {
		case "dlq":
			args = []string{name, "list", "-h"}
		case "topic":
			args = []string{name, "tail", "TOPIC", "-h"}
		case "schemas":
			args = []string{name, "check", "-h"}
		case "refdata":
			args = []string{name, "load", "-h"}
		case "graph":
			args = []string{name, "next", "-h"}
		case "scrape":
			args = []string{name, "mixesdb", "-h"}
		}
		var out, errs bytes.Buffer
		if code := Main(args, &out, &errs); code != 0 || !strings.Contains(out.String()+errs.String(), "usage") {
			t.Errorf("%v: exit %d, %q %q", args, code, out.String(), errs.String())
		}
		out.Reset()
		errs.Reset()
		args[len(args)-1] = "--no-such-flag"
		if code := Main(args, &out, &errs); code != 2 || !strings.Contains(errs.String(), "no-such-flag") {
			t.Errorf("%v: exit %d, %q", args, code, errs.String())
		}
	}
	var out, errs bytes.Buffer
	if code := Main([]string{"--version"}, &out, &errs); code != 0 || !strings.HasPrefix(out.String(), "songnodes ") {
		t.Errorf("--version: exit %d, %q", code, out.String())
	}
}

// A bad value (not a number, out of range, a bad duration, address or
// name) exits 2 with a message naming the flag, before anything runs.
func TestBadFlagValues(t *testing.T) {
	for _, tc := range []struct {
		args []string
		flag string
	}{
		{[]string{"dev", "--partitions", "abc"}, "-partitions"},
		{[]string{"dev", "--partitions", "-3"}, "-partitions"},
		{[]string{"dev", "--partitions", "0"}, "-partitions"},
		{[]string{"dev", "--postgres-port", "70000"}, "-postgres-port"},
		{[]string{"dev", "--redis-port", "x"}, "-redis-port"},
		{[]string{"dev", "--kafka-addr", "nowhere"}, "--kafka-addr"},
		{[]string{"dev", "--http-addr", "127.0.0.1:http"}, "--http-addr"},
		{[]string{"dev", "--http-addr", ":8080"}, `--http-addr: ":8080" has no host, so it would listen on every interface: write 127.0.0.1:8080`},
		{[]string{"dev", "--registry-addr", ":8081"}, `--registry-addr: ":8081" has no host`},
		{[]string{"dev", "--kafka-addr", ":9092"}, `--kafka-addr: ":9092" has no host`},
		{[]string{"scrape", "mixesdb", "--http-addr", ":8095"}, `--http-addr: ":8095" has no host`},
		{[]string{"dev", "--scrape", "nosuchsite"}, "--scrape"},
		{[]string{"services", "--postgres-port", "-1"}, "-postgres-port"},
		{[]string{"bench", "--playlists", "0"}, "-playlists"},
		{[]string{"bench", "--pipeline", "-5"}, "-pipeline"},
		{[]string{"bench", "--cpuprofile", "x.pprof", "--profile", "dir"}, "--profile cannot be used together"},
		{[]string{"graph", "next", "--limit", "-1", "A - B"}, "-limit"},
		{[]string{"replay", "--stage", "nosuch", "--to-start"}, "--stage"},
		{[]string{"replay", "--stage", "bronze", "--to-time", "yesterday"}, "--to-time"},
		{[]string{"dlq", "list", "--stage", "nosuch"}, "--stage"},
		{[]string{"dlq", "list", "--stage", "bronze", "--partition", "-2"}, "-partition"},
		{[]string{"dlq", "list", "--stage", "bronze", "--limit", "many"}, "-limit"},
		{[]string{"dlq", "list", "--stage", "bronze", "--since", "last week"}, "--since"},
		{[]string{"dlq", "redrive", "--stage", "bronze", "--max-redrives", "0"}, "-max-redrives"},
		{[]string{"dlq", "list", "--stage", "bronze", "--from-offset", "-7", "--partition", "0"}, "-from-offset"},
		{[]string{"topic", "tail", "t", "--partition", "abc"}, "-partition"},
		{[]string{"topic", "tail", "t", "--limit", "-1"}, "-limit"},
		{[]string{"topic", "tail", "t", "--offset", "3"}, "--offset"},
		{[]string{"scrape", "mixesdb", "--delay", "fast"}, "-delay"},
		{[]string{"scrape", "mixesdb", "--delay", "10ms"}, "--delay"},
		{[]string{"scrape", "mixesdb", "--interval", "5s"}, "-interval"},
		{[]string{"scrape", "mixesdb", "--limit", "-1"}, "-limit"},
		{[]string{"scrape", "mixesdb", "--since", "a while"}, "since"},
		{[]string{"scrape", "mixesdb", "--base-url", "ftp://x"}, "--base-url"},
	} {
		var out, errs bytes.Buffer
		if code := Main(tc.args, &out, &errs); code != 2 || !strings.Contains(errs.String(), tc.flag) {
			t.Errorf("%v: exit %d, %q; want 2 naming %s", tc.args, code, errs.String(), tc.flag)
		}
	}
}
