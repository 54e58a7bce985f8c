package registry_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/sr"

	"github.com/songnodes/pipeline/internal/registry"
)

// devRegistry serves a dev registry saved to path ("": memory) and
// returns its URL and a franz-go client of it.
func devRegistry(t *testing.T, path string) (string, *sr.Client) {
	t.Helper()
	s, err := registry.New(path)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	cl, err := sr.NewClient(sr.URLs(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return srv.URL, cl
}

func avroSchema(fields string) sr.Schema {
	return sr.Schema{Schema: `{"type":"record","name":"R","namespace":"t","fields":[` + fields + `]}`}
}

const (
	fieldA      = `{"name":"a","type":"string"}`
	fieldB      = `{"name":"b","type":"int","default":1}`
	fieldC      = `{"name":"c","type":"string"}`
	fieldCDef   = `{"name":"c","type":"string","default":""}`
	fieldAInt   = `{"name":"a","type":"int"}`
	fieldAIntDf = `{"name":"a","type":"int","default":0}`
)

func setLevel(t *testing.T, cl *sr.Client, l sr.CompatibilityLevel, subject string) {
	t.Helper()
	if r := cl.SetCompatibility(t.Context(), sr.SetCompatibility{Level: l}, subject)[0]; r.Err != nil || r.Level != l {
		t.Fatalf("set %s to %s: %+v", subject, l, r)
	}
}

func create(t *testing.T, cl *sr.Client, subject string, s sr.Schema) {
	t.Helper()
	if _, err := cl.CreateSchema(t.Context(), subject, s); err != nil {
		t.Fatalf("register under %s: %v", subject, err)
	}
}

// Whatever the level, /compatibility calls incompatible exactly the
// versions registration refuses, and gives registration's reasons; the
// levels mean what Confluent's mean.
func TestCompatibilityAgreesWithRegistration(t *testing.T) {
	_, cl := devRegistry(t, "")
	ctx := sr.WithParams(t.Context(), sr.Verbose)
	if g := cl.Compatibility(t.Context())[0]; g.Err != nil || g.Level != registry.DefaultLevel {
		t.Fatalf("global level %+v, want %s", g, registry.DefaultLevel)
	}
	candidates := map[string]sr.Schema{
		"add field without default": avroSchema(fieldA + "," + fieldB + "," + fieldC),
		"add field with default":    avroSchema(fieldA + "," + fieldB + "," + fieldCDef),
		"remove field with default": avroSchema(fieldA),
		"remove field without":      avroSchema(fieldB),
		"change a field's type":     avroSchema(fieldAInt + "," + fieldB),
	}
	// compatible[level][candidate], against the history {a}, {a, b=1}.
	ok := func(levels ...sr.CompatibilityLevel) map[sr.CompatibilityLevel]bool {
		m := map[sr.CompatibilityLevel]bool{}
		for _, l := range levels {
			m[l] = true
		}
		return m
	}
	want := map[string]map[sr.CompatibilityLevel]bool{
		"add field without default": ok(sr.CompatNone, sr.CompatForward, sr.CompatForwardTransitive),
		"add field with default":    ok(registry.Levels...),
		"remove field with default": ok(registry.Levels...),
		"remove field without":      ok(sr.CompatNone, sr.CompatBackward, sr.CompatBackwardTransitive),
		"change a field's type":     ok(sr.CompatNone),
	}
	n := 0
	for _, level := range registry.Levels {
		for name, cand := range candidates {
			n++
			subject := fmt.Sprintf("s%d-value", n)
			setLevel(t, cl, sr.CompatNone, subject)
			create(t, cl, subject, avroSchema(fieldA))
			create(t, cl, subject, avroSchema(fieldA+","+fieldB))
			setLevel(t, cl, level, subject)

			res, err := cl.CheckCompatibility(ctx, subject, -2, cand)
			if err != nil {
				t.Fatalf("%s %s: check: %v", level, name, err)
			}
			_, regErr := cl.CreateSchema(t.Context(), subject, cand)
			if res.Is != want[name][level] {
				t.Errorf("%s, %s: is_compatible %v (%v), want %v", level, name, res.Is, res.Messages, want[name][level])
			}
			if res.Is != (regErr == nil) {
				t.Errorf("%s, %s: /compatibility says %v, registration answered %v", level, name, res.Is, regErr)
			}
			var re *sr.ResponseError
			if regErr != nil && (!errors.As(regErr, &re) || re.ErrorCode != 409 || len(res.Messages) == 0 || !strings.Contains(re.Message, res.Messages[0])) {
				t.Errorf("%s, %s: refusal %v does not give the check's reasons %q", level, name, regErr, res.Messages)
			}
		}
	}
}

// Plain levels compare with the latest version, transitive ones with
// every version; /versions/{v} compares with that version only.
func TestTransitiveLevels(t *testing.T) {
	_, cl := devRegistry(t, "")
	ctx := sr.WithParams(t.Context(), sr.Verbose)
	const subject = "t-value"
	setLevel(t, cl, sr.CompatNone, subject)
	create(t, cl, subject, avroSchema(fieldA)) // v1: a string
	create(t, cl, subject, avroSchema(fieldB)) // v2: a removed
	next := avroSchema(fieldAIntDf + "," + fieldB)
	// next reads v2's data (a takes its default) but not v1's (a is a
	// string there).
	for level, want := range map[sr.CompatibilityLevel]bool{sr.CompatBackward: true, sr.CompatBackwardTransitive: false} {
		setLevel(t, cl, level, subject)
		res, err := cl.CheckCompatibility(ctx, subject, -2, next)
		if err != nil || res.Is != want {
			t.Errorf("%s: %+v %v, want compatible %v", level, res, err, want)
		}
		if !want && (len(res.Messages) != 1 || !strings.Contains(res.Messages[0], "version 1")) {
			t.Errorf("%s: messages %q, want one naming version 1", level, res.Messages)
		}
	}
	for v, want := range map[int]bool{1: false, 2: true, -1: true} {
		if res, err := cl.CheckCompatibility(ctx, subject, v, next); err != nil || res.Is != want {
			t.Errorf("against version %d: %+v %v, want %v", v, res, err, want)
		}
	}
}

// The errors, as a client without a library sees them (curl): status,
// error_code and message, as Confluent's registry answers.
func TestErrorBodies(t *testing.T) {
	url, cl := devRegistry(t, "")
	create(t, cl, "e-value", avroSchema(fieldA))
	do := func(method, path, body string) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, url+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/vnd.schemaregistry.v1+json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
			t.Fatalf("%s %s: body is not JSON: %v", method, path, err)
		}
		return resp.StatusCode, m
	}
	schema := func(fields string) string {
		b, _ := json.Marshal(map[string]string{"schema": avroSchema(fields).Schema})
		return string(b)
	}
	cases := []struct {
		method, path, body string
		status             int
		code               float64
		msg                string
	}{
		{"POST", "/subjects/e-value/versions", schema(fieldA + "," + fieldC), 409, 409, "reader field c is missing in writer schema and has no default"},
		{"POST", "/subjects/e-value/versions", `{"schema":"{\"type\":\"record\""}`, 422, 42201, "Invalid schema"},
		{"POST", "/compatibility/subjects/e-value/versions/latest", `{"schema":"not avro"}`, 422, 42201, "Invalid schema"},
		{"POST", "/compatibility/subjects/e-value/versions/7", schema(fieldA), 404, 40402, "Version 7 not found"},
		{"POST", "/compatibility/subjects/e-value/versions/x", schema(fieldA), 422, 42202, "not a valid version id"},
		{"POST", "/compatibility/subjects/none-value/versions/latest", schema(fieldA), 404, 40401, "Subject 'none-value' not found"},
		{"PUT", "/config", `{"compatibility":"SIDEWAYS"}`, 422, 42203, "Invalid compatibility level"},
		{"PUT", "/config/e-value", `{"compatibility":""}`, 422, 42203, "Invalid compatibility level"},
		{"GET", "/config/e-value", "", 404, 40408, "does not have subject-level compatibility configured"},
		{"DELETE", "/config/e-value", "", 404, 40408, "does not have subject-level compatibility configured"},
	}
	for _, c := range cases {
		status, m := do(c.method, c.path, c.body)
		if msg, _ := m["message"].(string); status != c.status || m["error_code"] != c.code || !strings.Contains(msg, c.msg) {
			t.Errorf("%s %s: %d %v, want %d error_code %v mentioning %q", c.method, c.path, status, m, c.status, c.code, c.msg)
		}
	}
	// The answers that are no errors.
	if status, m := do("POST", "/compatibility/subjects/e-value/versions", schema(fieldA+","+fieldC)); status != 200 || m["is_compatible"] != false || m["messages"] != nil {
		t.Errorf("without verbose: %d %v, want is_compatible false and no messages", status, m)
	}
	if status, m := do("POST", "/compatibility/subjects/new-value/versions?verbose=true", schema(fieldA)); status != 200 || m["is_compatible"] != true || fmt.Sprint(m["messages"]) != "[]" {
		t.Errorf("a subject without versions: %d %v, want compatible", status, m)
	}
	if status, m := do("GET", "/config/e-value?defaultToGlobal=true", ""); status != 200 || m["compatibilityLevel"] != "FULL_TRANSITIVE" {
		t.Errorf("defaultToGlobal: %d %v", status, m)
	}
	if status, m := do("PUT", "/config/e-value", `{"compatibility":"forward"}`); status != 200 || m["compatibility"] != "FORWARD" {
		t.Errorf("put subject level: %d %v", status, m)
	}
	if status, m := do("DELETE", "/config/e-value", ""); status != 200 || m["compatibilityLevel"] != "FORWARD" {
		t.Errorf("delete subject level: %d %v", status, m)
	}
}

// Levels are saved with the schemas and survive a restart; a file saved
// before levels were kept (a JSON array of schemas) still loads.
func TestLevelsSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "registry.json")
	_, cl := devRegistry(t, path)
	setLevel(t, cl, sr.CompatBackward, sr.GlobalSubject)
	setLevel(t, cl, sr.CompatNone, "x-value")
	create(t, cl, "x-value", avroSchema(fieldA))

	_, again := devRegistry(t, path)
	ctx := t.Context()
	if g := again.Compatibility(ctx)[0]; g.Level != sr.CompatBackward {
		t.Errorf("global level after restart: %+v", g)
	}
	if x := again.Compatibility(ctx, "x-value")[0]; x.Level != sr.CompatNone {
		t.Errorf("x-value's level after restart: %+v", x)
	}
	// NONE still applies: a version BACKWARD would refuse goes in.
	create(t, again, "x-value", avroSchema(fieldA+","+fieldC))

	old := filepath.Join(t.TempDir(), "old.json")
	if err := os.WriteFile(old, []byte(`[{"subject":"o-value","version":1,"id":1,"schema":`+fmt.Sprintf("%q", avroSchema(fieldA).Schema)+`}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, fromOld := devRegistry(t, old)
	if g := fromOld.Compatibility(ctx)[0]; g.Level != registry.DefaultLevel {
		t.Errorf("old file: global level %+v", g)
	}
	if ss, err := fromOld.SchemaByVersion(ctx, "o-value", 1); err != nil || ss.ID != 1 {
		t.Errorf("old file: o-value version 1: %+v %v", ss, err)
	}
}
