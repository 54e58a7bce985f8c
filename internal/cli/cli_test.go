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
		args := []string{name, "-h"}
		switch name {
		case "dlq":
			args = []string{name, "list", "-h"}
		case "topic":
			args = []string{name, "ls", "-h"}
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
