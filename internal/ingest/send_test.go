package ingest_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/testenv"
)

// `ingest send` posts a file through the public client and names each
// playlist not accepted by its line in the file.
func TestSendFile(t *testing.T) {
	e := start(t, nil)
	t.Setenv("INGEST_TOKEN", "")
	other := strings.Replace(good, "Sputnik_Club", "Other_Club", 1)
	file := filepath.Join(t.TempDir(), "playlists.ndjson")
	body := good + "\n\n" + `{"source_url":"https://a.b/c","name":5}` + "\n" + other + "\n"
	testenv.Must(t, os.WriteFile(file, []byte(body), 0o600), "write")
	var out, errs bytes.Buffer
	code := ingest.SendMain(t.Context(), []string{"--source", "mixesdb", "--url", e.url, "--batch", "1", file}, &out, &errs)
	if code != 1 || out.String() != "2 accepted, 1 rejected, 0 not stored\n" ||
		!strings.Contains(errs.String(), "line 3: rejected: field name: want a string, got number") {
		t.Fatalf("exit %d, %q %q", code, out.String(), errs.String())
	}
	if n := len(testenv.ReadAll(t, e.cfg, e.cfg.Topics.Raw("mixesdb"))); n != 2 {
		t.Fatalf("%d records stored, want 2", n)
	}
}

func TestSendFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-h"}, 0, "usage: ingest send"},
		{[]string{"--no-such-flag"}, 2, "no-such-flag"},
		{[]string{"--source", "mixesdb", "--batch", "0", "f"}, 2, "-batch"},
		{[]string{"--source", "mixesdb", "--tries", "-1", "f"}, 2, "-tries"},
		{[]string{"--source", "mixesdb", "--tries", "x", "f"}, 2, "-tries"},
		{[]string{"f"}, 2, "--source"},
		{[]string{"--source", "Mixes DB", "f"}, 2, "--source"},
		{[]string{"--source", "mixesdb", "--url", "127.0.0.1:8080", "f"}, 2, "--url"},
		{[]string{"--source", "mixesdb"}, 2, "usage: ingest send"},
		{[]string{"--source", "mixesdb", filepath.Join(t.TempDir(), "missing")}, 2, "no such file"},
	} {
		var out, errs bytes.Buffer
		code := ingest.SendMain(t.Context(), tc.args, &out, &errs)
		if code != tc.code || !strings.Contains(out.String()+errs.String(), tc.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, errs.String(), tc.code, tc.want)
		}
	}
}
