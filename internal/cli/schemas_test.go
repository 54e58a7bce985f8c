package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/sr/srfake"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/registry"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// schemaDir copies schemas/avro to a temporary directory, with
// ScrapedPlaylist.avsc's top-level fields changed by edit.
func schemaDir(t *testing.T, edit func(fields []any) []any) string {
	t.Helper()
	dir := t.TempDir()
	src := "../../schemas/avro"
	entries, err := os.ReadDir(src)
	testenv.Must(t, err, "read %s", src)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		testenv.Must(t, err, "read")
		if e.Name() == "ScrapedPlaylist.avsc" && edit != nil {
			var m map[string]any
			testenv.Must(t, json.Unmarshal(b, &m), "parse")
			m["fields"] = edit(m["fields"].([]any))
			b, err = json.Marshal(m)
			testenv.Must(t, err, "marshal")
		}
		testenv.Must(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600), "write")
	}
	return dir
}

func songnodes(args ...string) (int, string, string) {
	var out, errs bytes.Buffer
	code := Main(args, &out, &errs)
	return code, out.String(), errs.String()
}

// schemas check and register against the dev registry: what passes,
// what breaks and why, the exit codes, bad flags, an unreachable registry.
func TestSchemasCommand(t *testing.T) {
	s, err := registry.New("")
	testenv.Must(t, err, "registry")
	srv := httptest.NewServer(s)
	defer srv.Close()
	t.Setenv("SCHEMA_REGISTRY_URL", srv.URL)
	t.Setenv("TOPIC_PREFIX", "sn")
	reg, err := serde.NewRegistry(srv.URL)
	testenv.Must(t, err, "client")
	// What ingest does for the first playlist of a source.
	_, err = reg.Register(t.Context(), "sn.raw.mixesdb-value", record.ScrapedPlaylistSchema)
	testenv.Must(t, err, "register raw")

	code, _, errs := songnodes("schemas", "check")
	if code != 2 || !strings.Contains(errs, "--dir") {
		t.Errorf("check from the wrong directory: exit %d %q", code, errs)
	}
	current := schemaDir(t, nil)
	code, out, errs := songnodes("schemas", "check", "--dir", current)
	for _, want := range []string{
		"OK             sn.raw.mixesdb-value                         ScrapedPlaylist.avsc: FULL_TRANSITIVE, compared with version 1",
		"NEW            sn.bronze.playlists-value                    BronzePlaylist.avsc",
		"Lineage.avsc: no subject",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check of the current schemas: no %q in\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("check of the current schemas: exit %d %s %s", code, out, errs)
	}

	// A field added without a default: data written before has none, so
	// the new schema cannot read it (BACKWARD breaks); an old reader
	// ignores the field (FORWARD holds).
	noDefault := schemaDir(t, func(f []any) []any {
		return append(f, map[string]any{"name": "country", "type": "string"})
	})
	code, out, _ = songnodes("schemas", "check", "--dir", noDefault)
	if code != 1 || !strings.Contains(out, "BREAK") || !strings.Contains(out, "reader field country is missing in writer schema and has no default") {
		t.Errorf("field without default: exit %d\n%s", code, out)
	}
	if code, out, _ = songnodes("schemas", "check", "--dir", noDefault, "--level", "forward"); code != 0 {
		t.Errorf("field without default at FORWARD: exit %d\n%s", code, out)
	}
	code, out, _ = songnodes("schemas", "check", "--dir", noDefault, "--json")
	var res struct {
		OK      bool
		Results []struct{ Subject, Status string }
	}
	testenv.Must(t, json.Unmarshal([]byte(out), &res), "--json output %q", out)
	if code != 1 || res.OK || !strings.Contains(fmt.Sprint(res.Results), "{sn.raw.mixesdb-value break}") {
		t.Errorf("--json: exit %d %+v", code, res)
	}
	code, out, _ = songnodes("schemas", "register", "--dir", noDefault, "--dry-run")
	if code != 1 || !strings.Contains(out, "WOULD_REFUSE") {
		t.Errorf("register --dry-run of a break: exit %d\n%s", code, out)
	}
	code, out, _ = songnodes("schemas", "register", "--dir", noDefault)
	if code != 1 || !strings.Contains(out, "REFUSED") || !strings.Contains(out, "reader field country is missing in writer schema and has no default") ||
		!strings.Contains(out, "NOT_REGISTERED sn.bronze.playlists-value") {
		t.Errorf("register of a break: exit %d\n%s", code, out)
	}
	// Nothing was registered: not the raw subject's break, nor the bronze
	// schema that embeds it.
	if n, err := reg.Client().SubjectVersions(t.Context(), "sn.raw.mixesdb-value"); err != nil || len(n) != 1 {
		t.Errorf("after the refusal, the raw subject has versions %v (%v), want only 1", n, err)
	}
	if subs, err := reg.Client().Subjects(t.Context()); err != nil || len(subs) != 1 {
		t.Errorf("after the refusal, subjects %v (%v), want the raw one alone", subs, err)
	}

	// With a default, the same field is fine both ways.
	withDefault := schemaDir(t, func(f []any) []any {
		return append(f, map[string]any{"name": "country", "type": []any{"null", "string"}, "default": nil})
	})
	if code, out, _ = songnodes("schemas", "register", "--dir", withDefault, "--dry-run"); code != 0 || !strings.Contains(out, "WOULD_REGISTER") {
		t.Errorf("register --dry-run: exit %d\n%s", code, out)
	}
	code, out, _ = songnodes("schemas", "register", "--dir", withDefault)
	if code != 0 || !strings.Contains(out, "REGISTERED     sn.raw.mixesdb-value                         ScrapedPlaylist.avsc: version 2") ||
		!strings.Contains(out, "REGISTERED     sn.bronze.playlists-value") {
		t.Errorf("register: exit %d\n%s", code, out)
	}
	if code, out, _ = songnodes("schemas", "register", "--dir", withDefault); code != 0 || !strings.Contains(out, "UNCHANGED      sn.raw.mixesdb-value") {
		t.Errorf("register again: exit %d\n%s", code, out)
	}
	if code, out, _ = songnodes("schemas", "check", "--dir", current); code != 0 || !strings.Contains(out, "compared with versions 1, 2") {
		t.Errorf("check transitively: exit %d\n%s", code, out)
	}

	// A schema file that does not parse is a break, named.
	broken := schemaDir(t, nil)
	testenv.Must(t, os.WriteFile(filepath.Join(broken, "Broken.avsc"), []byte(`{"type":"record","name":"B","fields":[{"name":"x","type":"nosuchtype"}]}`), 0o600), "write")
	if code, _, errs = songnodes("schemas", "check", "--dir", broken); code != 1 || !strings.Contains(errs, "Broken.avsc") {
		t.Errorf("broken file: exit %d %q", code, errs)
	}

	for _, bad := range [][]string{
		{"schemas", "check", "--dir", current, "--level", "SIDEWAYS"},
		{"schemas", "register", "--dir", current, "--level", "FULL"},
		{"schemas", "check", "--dir", current, "--dry-run"},
		{"schemas", "check", "--dir", current, "extra"},
		{"schemas", "check", "--dir", "/no/such/dir"},
		{"schemas", "lint"},
	} {
		code, _, errs := songnodes(bad...)
		flag := bad[len(bad)-2]
		if !strings.HasPrefix(flag, "--") {
			flag = bad[len(bad)-1]
		}
		if code != 2 || !strings.Contains(errs, flag) {
			t.Errorf("%v: exit %d %q, want 2 naming %s", bad, code, errs, flag)
		}
	}

	srv.Close()
	code, _, errs = songnodes("schemas", "check", "--dir", current)
	if code != 1 || !strings.Contains(errs, "schema registry does not answer") || !strings.Contains(errs, srv.URL) {
		t.Errorf("registry down: exit %d %q", code, errs)
	}
}

// A registry whose /compatibility says yes but whose registration refuses
// (srfake answers every check with "compatible"): the refusal is still
// reported with the registry's reason, and exits 1.
func TestSchemasRegisterRefusedAfterCheck(t *testing.T) {
	fake := srfake.New()
	defer fake.Close()
	fake.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/versions") || strings.HasPrefix(r.URL.Path, "/compatibility/") {
			return false
		}
		w.WriteHeader(http.StatusConflict)
		_, _ = w.Write([]byte(`{"error_code":409,"message":"Schema being registered is incompatible with an earlier schema: said the registry"}`))
		return true
	})
	t.Setenv("SCHEMA_REGISTRY_URL", fake.URL())
	t.Setenv("TOPIC_PREFIX", "sn")
	code, out, errs := songnodes("schemas", "register", "--dir", "../../schemas/avro")
	if code != 1 || !strings.Contains(out, "REFUSED        sn.bronze.playlists-value") || !strings.Contains(out, "said the registry (HTTP 409, error 409)") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
}
