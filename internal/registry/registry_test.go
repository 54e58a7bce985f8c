package registry_test

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamba/avro/v2"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/registry"
	"github.com/songnodes/pipeline/internal/serde"
)

func serve(t *testing.T, path string) *serde.Registry {
	t.Helper()
	s, err := registry.New(path)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	reg, err := serde.NewRegistry(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// Schema IDs survive a restart, so records already in Kafka stay readable.
func TestIDsSurviveRestart(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "registry.json")
	reg := serve(t, path)
	ids := map[string]int{}
	for _, s := range []string{"a.raw.mixesdb-value", "a.raw.1001tracklists-value", "a.bronze.playlists-value"} {
		sch := record.ScrapedPlaylistSchema
		if strings.Contains(s, "bronze") {
			sch = record.BronzePlaylistSchema
		}
		id, err := reg.Register(ctx, s, sch)
		if err != nil {
			t.Fatal(err)
		}
		ids[s] = id
	}

	again := serve(t, path)
	for s, id := range ids {
		sch := record.ScrapedPlaylistSchema
		if strings.Contains(s, "bronze") {
			sch = record.BronzePlaylistSchema
		}
		got, err := again.Register(ctx, s, sch)
		if err != nil || got != id {
			t.Fatalf("%s: id %d after restart (err %v), want %d", s, got, err, id)
		}
		ss, err := again.Client().SchemaByID(ctx, id)
		if err != nil || !strings.Contains(ss.Schema, "ScrapedPlaylist") {
			t.Fatalf("schema %d after restart: %v %q", id, err, ss.Schema)
		}
	}
	// New registrations do not reuse an old ID.
	other := avro.MustParse(`{"type":"record","name":"X","fields":[{"name":"x","type":"long"}]}`)
	id, err := again.Register(ctx, "x-value", other)
	if err != nil {
		t.Fatal(err)
	}
	for _, old := range ids {
		if id == old {
			t.Fatalf("new schema got the old id %d", id)
		}
	}
}

// The registry refuses a version that cannot read the subject's earlier
// ones (srfake alone accepts anything). The check is made by the server:
// the request goes straight to its API.
func TestRefusesIncompatible(t *testing.T) {
	s, err := registry.New("")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	post := func(schema string) int {
		body := `{"schema":` + quote(schema) + `}`
		req := httptest.NewRequest("POST", "/subjects/s-value/versions", strings.NewReader(body))
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Code
	}
	if c := post(`{"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}`); c != 200 {
		t.Fatalf("first version: HTTP %d", c)
	}
	if c := post(`{"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int"}]}`); c != 409 {
		t.Fatalf("incompatible version: HTTP %d, want 409", c)
	}
	if c := post(`{"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int","default":1}]}`); c != 200 {
		t.Fatalf("compatible version: HTTP %d, want 200", c)
	}
}

func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}
