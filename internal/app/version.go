package app

import (
	"errors"
	"flag"
	"fmt"
	"runtime/debug"
)

// Version says which build this is: the module version, or the commit
// the binary was built from (Go stamps it when building in a clone), and
// the Go version.
func Version(name string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return name + " (unknown build)"
	}
	v := bi.Main.Version
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if rev != "" {
		v = fmt.Sprintf("%s (commit %.12s, %s%s)", v, rev, at, dirty)
	}
	return fmt.Sprintf("%s %s %s", name, v, bi.GoVersion)
}

// FlagExit is the exit code of a command whose flags did not parse: 0
// when it was asked for its help (-h), 2 otherwise (the flag package has
// said what was wrong).
func FlagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}
