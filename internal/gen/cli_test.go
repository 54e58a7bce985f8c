package gen

import (
	"bytes"
	"strings"
	"testing"
)

// Bad flags and values exit 2 naming the flag; -h exits 0.
func TestMainFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-h"}, 0, "usage: ingest gen"},
		{[]string{"--no-such-flag"}, 2, "no-such-flag"},
		{[]string{"--out", "-", "--count", "-3"}, 2, "-count"},
		{[]string{"--out", "-", "--count", "many"}, 2, "-count"},
		{[]string{"--out", "-", "--bad-ratio", "1.5"}, 2, "-bad-ratio"},
		{[]string{"--out", "-", "--rescrape-ratio", "-0.1"}, 2, "-rescrape-ratio"},
		{[]string{"--out", "-", "--rate", "-1"}, 2, "-rate"},
		{[]string{"--out", "-", "--batch", "0"}, 2, "-batch"},
		{[]string{"--out", "-", "--concurrency", "0"}, 2, "-concurrency"},
		{[]string{"--out", "-", "--source", "Not A Source"}, 2, "--source"},
		{[]string{"--url", "127.0.0.1:8080"}, 2, "--url"},
		{[]string{"--brokers", "127.0.0.1:9092", "--topic-prefix", "bad prefix!"}, 2, "--topic-prefix"},
		{[]string{"--count", "1"}, 2, "one of --url, --brokers and --out"},
		{[]string{"--out", "-", "--url", "http://127.0.0.1:1"}, 2, "one of --url, --brokers and --out"},
	} {
		var out, errs bytes.Buffer
		code := Main(t.Context(), tc.args, &out, &errs)
		if code != tc.code || !strings.Contains(out.String()+errs.String(), tc.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, errs.String(), tc.code, tc.want)
		}
	}
	// And good ones run: three playlists printed.
	var out, errs bytes.Buffer
	if code := Main(t.Context(), []string{"--out", "-", "--count", "3"}, &out, &errs); code != 0 || strings.Count(out.String(), "\n") != 3 {
		t.Fatalf("exit %d, %d lines, %q", code, strings.Count(out.String(), "\n"), errs.String())
	}
}
