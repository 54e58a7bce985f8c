package app

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestBoundedFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--partitions", "abc"}, 2, `invalid value "abc" for flag -partitions: want an integer`},
		{[]string{"--partitions", "-3"}, 2, `invalid value "-3" for flag -partitions: want an integer from 1 to 100`},
		{[]string{"--offset=-2"}, 2, `invalid value "-2" for flag -offset: want an integer from -1 to`},
		{[]string{"--ratio", "1.5"}, 2, `invalid value "1.5" for flag -ratio: want a number from 0 to 1`},
		{[]string{"--interval", "soon"}, 2, `invalid value "soon" for flag -interval: want a duration`},
		{[]string{"--interval", "1s"}, 2, `invalid value "1s" for flag -interval: want a duration (e.g. 500ms, 2s, 1h30m) from 1m0s to 24h0m0s`},
		{[]string{"--partitions", "7", "--offset", "9", "--ratio", "0.5", "--interval", "2h"}, 0, ""},
		{[]string{"-h"}, 0, "-partitions value"},
	} {
		var stderr bytes.Buffer
		fs := NewFlagSet("test", &stderr)
		p := IntFlag(fs, "partitions", 6, 1, 100, "partitions")
		o := Int64Flag(fs, "offset", -1, -1, 1<<40, "offset")
		r := FloatFlag(fs, "ratio", 0, 0, 1, "ratio")
		d := DurationFlag(fs, "interval", time.Hour, time.Minute, 24*time.Hour, "interval")
		code := 0
		if err := fs.Parse(tc.args); err != nil {
			code = FlagExit(err)
		}
		if code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, stderr.String(), tc.code, tc.want)
		}
		if tc.code == 0 && tc.want == "" && (*p != 7 || *o != 9 || *r != 0.5 || *d != 2*time.Hour) {
			t.Errorf("parsed %d %d %g %s", *p, *o, *r, *d)
		}
	}
	// The defaults are shown in the help.
	var stderr bytes.Buffer
	fs := NewFlagSet("test", &stderr)
	IntFlag(fs, "partitions", 6, 1, 100, "partitions")
	DurationFlag(fs, "interval", time.Hour, time.Minute, 24*time.Hour, "interval")
	fs.PrintDefaults()
	if !strings.Contains(stderr.String(), "(default 6)") || !strings.Contains(stderr.String(), "(default 1h0m0s)") {
		t.Errorf("help %q", stderr.String())
	}
}
