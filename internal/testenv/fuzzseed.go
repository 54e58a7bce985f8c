package testenv

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
)

// WriteSeeds is set (SONGNODES_WRITE_FUZZ_SEEDS=1) when a package's seed
// test should write its fuzz seed corpus rather than check it: the seeds
// are built by the project's own encoders, and written again when a
// schema changes.
var WriteSeeds = os.Getenv("SONGNODES_WRITE_FUZZ_SEEDS") == "1"

// FuzzSeed writes one seed of fuzz target target, named name, to
// testdata/fuzz/<target>/<name> of the package under test, in the
// encoding go test reads (go test fuzz v1). Values are the target's
// arguments in order: []byte, string, bool and the integer types.
func FuzzSeed(t testing.TB, target, name string, values ...any) {
	t.Helper()
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, v := range values {
		switch v := v.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case string:
			fmt.Fprintf(&b, "string(%q)\n", v)
		case bool:
			fmt.Fprintf(&b, "bool(%v)\n", v)
		case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
			fmt.Fprintf(&b, "%T(%d)\n", v, v)
		default:
			t.Fatalf("fuzz seed %s/%s: a %T is not a fuzz argument", target, name, v)
		}
	}
	dir := filepath.Join("testdata", "fuzz", target)
	path := filepath.Join(dir, name)
	if !WriteSeeds {
		// The committed seed must be what the encoders write today: a
		// schema or encoder change shows here, not as a corpus that no
		// longer reaches the code it was made for.
		if got, err := os.ReadFile(path); err != nil || string(got) != b.String() { //nolint:gosec // a file of the source tree
			t.Errorf("fuzz seed %s is missing or stale (%v): SONGNODES_WRITE_FUZZ_SEEDS=1 go test -run TestFuzzSeeds writes it", path, err)
		}
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil { //nolint:gosec // a directory of the source tree, committed
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil { //nolint:gosec // a file of the source tree, committed
		t.Fatal(err)
	}
}

// FuzzHeaders reads a record's header list from fuzz bytes: one header a
// line, the key before the first '=', the value after it (a line without
// '=' is a key with no value). The dead-letter and re-drive fuzz targets
// share it, and their seeds are written in it.
func FuzzHeaders(data []byte) []kgo.RecordHeader {
	var hs []kgo.RecordHeader
	for line := range bytes.SplitSeq(data, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		k, v, _ := bytes.Cut(line, []byte("="))
		hs = append(hs, kgo.RecordHeader{Key: string(k), Value: v})
	}
	return hs
}
