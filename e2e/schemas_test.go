package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// scrapedV2 is a playlist as a scraper on ScrapedPlaylist v2 (a country
// added) writes it.
type scrapedV2 struct {
	record.ScrapedPlaylist
	Country *string `avro:"country"`
}

// evolved is schemas/avro with ScrapedPlaylist's top-level fields changed:
// the directory (for `songnodes schemas`) and the new ScrapedPlaylist.
type evolved struct {
	dir    string
	schema avro.Schema
}

func evolve(t *testing.T, edit func(fields []any) []any) evolved {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("../schemas/avro")
	testenv.Must(t, err, "read schemas")
	var e evolved
	for _, f := range entries {
		b, err := os.ReadFile(filepath.Join("../schemas/avro", f.Name()))
		testenv.Must(t, err, "read")
		if f.Name() == "ScrapedPlaylist.avsc" {
			var m map[string]any
			testenv.Must(t, json.Unmarshal(b, &m), "parse")
			m["fields"] = edit(m["fields"].([]any))
			b, err = json.Marshal(m)
			testenv.Must(t, err, "marshal")
			e.schema, err = avro.ParseBytesWithCache(b, "", &avro.SchemaCache{})
			testenv.Must(t, err, "parse the new schema")
		}
		testenv.Must(t, os.WriteFile(filepath.Join(dir, f.Name()), b, 0o600), "write")
	}
	e.dir = dir
	return e
}

func withField(f map[string]any) func([]any) []any {
	return func(fields []any) []any { return append(fields, f) }
}

func withoutField(name string) func([]any) []any {
	return func(fields []any) []any {
		return slices.DeleteFunc(fields, func(f any) bool { return f.(map[string]any)["name"] == name })
	}
}

// schemasCmd runs `songnodes schemas ARGS` against the stack's registry,
// wants the exit code and returns what it printed.
func (s *stack) schemasCmd(wantCode int, args ...string) string {
	t := s.t
	t.Helper()
	cmd := exec.CommandContext(t.Context(), filepath.Join(bins, "songnodes"), append([]string{"schemas"}, args...)...)
	cmd.Env = append(os.Environ(), "SCHEMA_REGISTRY_URL="+s.regURL, "TOPIC_PREFIX="+s.kcfg.Topics.Prefix)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("songnodes schemas %v: %v", args, err)
	}
	if code := cmd.ProcessState.ExitCode(); code != wantCode {
		t.Fatalf("songnodes schemas %v: exit %d, want %d\n%s", args, code, wantCode, out.String())
	}
	return out.String()
}

func mustContain(t *testing.T, what, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("%s: no %q in\n%s", what, w, out)
		}
	}
}

// ScrapedPlaylist evolves while scrapers of both versions write the same
// raw topic and bronze, built on version 1, reads it: a field added with
// a default and a field removed that had one are registered (FULL,
// transitively: the dev registry's default) and bronze stores both kinds
// of records; a field added without a default, or removed without one,
// is refused by `schemas check` and by the registry, with the reason. A
// subject lowered to BACKWARD (Confluent's default) lets the removal in,
// and bronze cannot read what it writes: that is what FULL prevents.
func TestSchemaEvolution(t *testing.T) {
	s := newStack(t, stackOptions{brokers: 1, devRegistry: true})
	ctx := t.Context()
	cl := s.reg.Client()
	topic := s.kcfg.Topics.Raw("mixesdb")
	subject := topic + "-value"
	bronzeSubject := s.kcfg.Topics.Bronze() + "-value"

	v1 := s.encoder("mixesdb") // version 1, as ingest registers it
	bronzeApp, _ := s.runBronze(1 << 20)

	added := evolve(t, withField(map[string]any{"name": "country", "type": []any{"null", "string"}, "default": nil}))
	removed := evolve(t, withoutField("venue")) // its default is null
	addedNoDefault := evolve(t, withField(map[string]any{"name": "country", "type": "string"}))
	removedNoDefault := evolve(t, withoutField("parser_version"))

	// Version 2: a field added with a default. ScrapedPlaylist is inside
	// BronzePlaylist, so bronze's subject gets a version 2 as well.
	out := s.schemasCmd(0, "check", "--dir", added.dir)
	mustContain(t, "check of v2", out, "OK ", subject+" ", "FULL_TRANSITIVE, compared with version 1")
	out = s.schemasCmd(0, "register", "--dir", added.dir)
	mustContain(t, "register v2", out, "REGISTERED", "ScrapedPlaylist.avsc: version 2", bronzeSubject)
	v2, err := serde.NewEncoder(ctx, s.reg, subject, added.schema)
	testenv.Must(t, err, "v2 producer")

	// Version 3: a field removed that had a default.
	out = s.schemasCmd(0, "check", "--dir", removed.dir)
	mustContain(t, "check of v3", out, "OK ", "compared with versions 1, 2")
	out = s.schemasCmd(0, "register", "--dir", removed.dir)
	mustContain(t, "register v3", out, "ScrapedPlaylist.avsc: version 3")
	v3, err := serde.NewEncoder(ctx, s.reg, subject, removed.schema)
	testenv.Must(t, err, "v3 producer")

	// Refused: a field added without a default (data written before has
	// none: BACKWARD breaks), a field removed without one (readers on
	// earlier versions need it: FORWARD and FULL break).
	out = s.schemasCmd(1, "check", "--dir", addedNoDefault.dir, "--level", "BACKWARD")
	mustContain(t, "field added without default", out, "BREAK", subject, "reader field country is missing in writer schema and has no default")
	out = s.schemasCmd(1, "register", "--dir", addedNoDefault.dir)
	mustContain(t, "register field added without default", out, "REFUSED        "+subject, "reader field country is missing in writer schema and has no default")
	for _, level := range []string{"FORWARD", "FULL"} {
		out = s.schemasCmd(1, "check", "--dir", removedNoDefault.dir, "--level", level)
		mustContain(t, "field removed without default at "+level, out, "BREAK", "reader field parser_version is missing in writer schema and has no default")
	}
	s.schemasCmd(0, "check", "--dir", removedNoDefault.dir, "--level", "BACKWARD")
	out = s.schemasCmd(1, "register", "--dir", removedNoDefault.dir)
	mustContain(t, "register field removed without default", out, "REFUSED", "parser_version")
	if vs, err := cl.SubjectVersions(ctx, subject); err != nil || !slices.Equal(vs, []int{1, 2, 3}) {
		t.Fatalf("%s versions %v (%v), want 1, 2, 3: the refused ones are not registered", subject, vs, err)
	}

	// Scrapers on versions 1, 2 and 3 write the same topic at once.
	const n = 20
	country := "NL"
	cli := testenv.Client(t, s.kcfg)
	wantVenue := map[int]bool{} // by writer schema ID: is the venue kept?
	for version, enc := range []*serde.Encoder{v1, v2, v3} {
		wantVenue[enc.ID()] = version < 2
		g := gen.New(gen.Config{Source: "mixesdb", Seed: uint64(100 + version), Now: time.Now().Add(-time.Hour)})
		var recs []*kgo.Record
		for range n {
			p := g.Next().Playlist
			venue := "Fabric"
			p.Venue = &venue // version 3 has no venue: it is not written
			var v any = p
			if version == 1 {
				v = &scrapedV2{ScrapedPlaylist: *p, Country: &country}
			}
			val, err := enc.Encode(v)
			testenv.Must(t, err, "encode version %d", version+1)
			key := tracklist.PlaylistKey(p.Source, deref(p.SourcePlaylistID), p.SourceURL)
			recs = append(recs, stage.SetSource(&kgo.Record{Topic: topic, Key: []byte(key), Value: val}, p.Source))
		}
		testenv.Must(t, cli.ProduceSync(ctx, recs...).FirstErr(), "produce version %d", version+1)
	}

	// Where a subject allows the removal (BACKWARD, Confluent's default),
	// a scraper registers it, and bronze on version 1 cannot read it.
	other := s.kcfg.Topics.Raw("1001tracklists")
	if r := cl.SetCompatibility(ctx, sr.SetCompatibility{Level: sr.CompatBackward}, other+"-value")[0]; r.Err != nil {
		t.Fatalf("set BACKWARD: %v", r.Err)
	}
	s.encoder("1001tracklists")
	lax, err := serde.NewEncoder(ctx, s.reg, other+"-value", removedNoDefault.schema)
	testenv.Must(t, err, "BACKWARD lets the removal of parser_version in")
	p := gen.New(gen.Config{Source: "1001tracklists", Seed: 7, Now: time.Now().Add(-time.Hour)}).Next().Playlist
	val, err := lax.Encode(p)
	testenv.Must(t, err, "encode")
	testenv.Must(t, cli.ProduceSync(ctx, stage.SetSource(&kgo.Record{Topic: other, Key: []byte("x"), Value: val}, p.Source)).FirstErr(), "produce")
	// And today's schemas no longer pass the check there: the registry
	// holds a version they cannot read.
	out = s.schemasCmd(1, "check", "--dir", "../schemas/avro")
	mustContain(t, "check after the lax subject", out, "BREAK", other+"-value", "BACKWARD, compared with version 2",
		"OK             "+subject+" ", "compared with versions 1, 2, 3")

	testenv.Eventually(t, time.Minute, "bronze to take every record", func() bool {
		return testenv.Metric(t, bronzeApp.Metrics, "songnodes_stage_records_total") >= 3*n+1
	})

	// PostgreSQL: every playlist of every version, with the version it
	// was written with; version 3's have no venue.
	rows, err := s.db.Query(ctx, `SELECT writer_schema_id, count(*), count(venue) FROM bronze_playlists GROUP BY 1`)
	testenv.Must(t, err, "query")
	got := map[int][2]int{}
	for rows.Next() {
		var id, all, venues int
		testenv.Must(t, rows.Scan(&id, &all, &venues), "scan")
		got[id] = [2]int{all, venues}
	}
	testenv.Must(t, rows.Err(), "rows")
	want := map[int][2]int{v1.ID(): {n, n}, v2.ID(): {n, n}, v3.ID(): {n, 0}}
	if len(got) != len(want) || got[v1.ID()] != want[v1.ID()] || got[v2.ID()] != want[v2.ID()] || got[v3.ID()] != want[v3.ID()] {
		t.Errorf("bronze_playlists by writer schema (rows, venues): %v, want %v", got, want)
	}

	// The bronze topic: one record each, all in bronze's own schema, with
	// the raw record's writer schema in its lineage.
	bronzeRecs := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Bronze())
	if len(bronzeRecs) != 3*n {
		t.Fatalf("%d bronze records, want %d", len(bronzeRecs), 3*n)
	}
	for _, r := range bronzeRecs {
		b := s.decodeBronze(r)
		keep, ok := wantVenue[b.Lineage.WriterSchemaID]
		if !ok || (b.Playlist.Venue != nil) != keep || serde.SchemaID(r.Value) != serde.SchemaID(bronzeRecs[0].Value) {
			t.Fatalf("bronze record of writer schema %d: venue %v, bronze schema %d", b.Lineage.WriterSchemaID, b.Playlist.Venue, serde.SchemaID(r.Value))
		}
	}

	// The record bronze cannot read is a dead letter saying why.
	letters := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.DLQ("bronze"))
	if len(letters) != 1 || dlq.Header(letters[0], dlq.HeaderReason) != string(dlq.IncompatibleSchema) ||
		!strings.Contains(dlq.Header(letters[0], dlq.HeaderMessage), "parser_version") {
		t.Fatalf("dead letters %d, want the lax version's record as incompatible_schema naming parser_version", len(letters))
	}

	// A stage on version 2 (its reader: the schema with the country)
	// reads every version in the topic, the country defaulted where it
	// was not written.
	dec := serde.NewDecoder(s.reg, added.schema)
	for _, r := range testenv.ReadAll(t, s.kcfg, topic) {
		var p scrapedV2
		id, err := dec.Decode(ctx, r.Value, &p)
		testenv.Must(t, err, "a version 2 reader decodes a record of schema %d", id)
		if (p.Country != nil) != (id == v2.ID()) || (p.Venue != nil) != wantVenue[id] {
			t.Fatalf("version 2 reader, record of schema %d: country %v venue %v", id, p.Country, p.Venue)
		}
	}
	var p2 scrapedV2
	var de *dlq.Error
	if _, err := dec.Decode(ctx, val, &p2); !errors.As(err, &de) || de.Reason != dlq.IncompatibleSchema {
		t.Errorf("version 2 reader on the record without parser_version: %v, want incompatible_schema", err)
	}
}
