package serde_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

func strp(s string) *string { return &s }

func playlist() *record.ScrapedPlaylist {
	return &record.ScrapedPlaylist{
		Source: "mixesdb", SourceURL: "https://www.mixesdb.com/w/x", Name: "2021-04-03 - Benny Benassi - Sputnik Club",
		DjNames: []string{"Benny Benassi"}, Event: strp("Sputnik Club"), ScrapedAt: time.UnixMilli(1700000000000).UTC(),
		ParserVersion: "t/1",
		Tracks: []record.ScrapedTrack{
			{Position: 1, RawLine: "Tiësto - Adagio for Strings", Artist: strp("Tiësto")},
			{Position: 2, RawLine: "'; DROP TABLE bronze_playlists; --"},
		},
	}
}

func setup(t *testing.T) (*serde.Registry, *serde.Encoder, *serde.Decoder) {
	t.Helper()
	_, url := testenv.Registry(t)
	reg, err := serde.NewRegistry(url)
	testenv.Must(t, err, "registry")
	enc, err := serde.NewEncoder(t.Context(), reg, "t.raw.mixesdb-value", record.ScrapedPlaylistSchema)
	testenv.Must(t, err, "encoder")
	return reg, enc, serde.NewDecoder(reg, record.ScrapedPlaylistSchema)
}

func TestRoundTrip(t *testing.T) {
	_, enc, dec := setup(t)
	b, err := enc.Encode(playlist())
	testenv.Must(t, err, "encode")
	if b[0] != 0 || int(binary.BigEndian.Uint32(b[1:5])) != enc.ID() {
		t.Fatalf("frame = % x, want magic 0 and id %d", b[:5], enc.ID())
	}
	var got record.ScrapedPlaylist
	id, err := dec.Decode(t.Context(), b, &got)
	testenv.Must(t, err, "decode")
	if id != enc.ID() || got.Tracks[0].RawLine != "Tiësto - Adagio for Strings" || got.Tracks[1].RawLine != playlist().Tracks[1].RawLine {
		t.Fatalf("decoded %+v with id %d", got, id)
	}
}

// A record just decoded can go on inside a larger one as it came: the
// bytes are those encoding it again would make.
func TestEncodeFieldsWithPayload(t *testing.T) {
	reg, enc, dec := setup(t)
	ctx := t.Context()
	raw, err := enc.Encode(playlist())
	testenv.Must(t, err, "encode")
	var p record.ScrapedPlaylist
	id, err := dec.Decode(ctx, raw, &p)
	testenv.Must(t, err, "decode")
	if !dec.Exact(ctx, id) {
		t.Fatal("the reader's own schema is not exact")
	}
	benc, err := serde.NewEncoder(ctx, reg, "t.bronze.playlists-value", record.BronzePlaylistSchema)
	testenv.Must(t, err, "bronze encoder")
	b := record.BronzePlaylist{PlaylistKey: "mixesdb:x", Playlist: p,
		Lineage: record.Lineage{Topic: "t.raw.mixesdb", Partition: 3, Offset: 42, WriterSchemaID: id, IngestedAt: time.UnixMilli(1700000000123).UTC()}}
	want, err := benc.Encode(&b)
	testenv.Must(t, err, "encode whole")
	got, err := benc.EncodeFields(b.PlaylistKey, serde.Payload(raw), &b.Lineage)
	testenv.Must(t, err, "encode fields")
	if !bytes.Equal(got, want) {
		t.Fatalf("spliced % x\nencoded % x", got, want)
	}
	if _, err := benc.EncodeFields(b.PlaylistKey); err == nil {
		t.Fatal("too few fields encoded")
	}
}

// TestStrict covers what hamba/avro would let through on its own.
func TestStrict(t *testing.T) {
	_, enc, dec := setup(t)
	good, err := enc.Encode(playlist())
	testenv.Must(t, err, "encode")
	withID := func(id uint32) []byte {
		b := append([]byte(nil), good...)
		binary.BigEndian.PutUint32(b[1:5], id)
		return b
	}
	bad := playlist()
	bad.Name = "caf\xe9" // Latin-1, not UTF-8
	invalid, err := enc.Encode(bad)
	testenv.Must(t, err, "encode invalid UTF-8")

	cases := []struct {
		name   string
		value  []byte
		reason dlq.Reason
		msg    string
	}{
		{"empty", nil, dlq.BadFraming, "needs at least 5"},
		{"short", []byte{0, 0, 1}, dlq.BadFraming, "needs at least 5"},
		{"json", []byte(`{"source":"x"}`), dlq.BadFraming, "magic byte"},
		{"unknown schema ID", withID(999999), dlq.UnknownSchema, "999999"},
		{"truncated mid-field", good[:len(good)/2], dlq.DecodeError, "truncated"},
		{"truncated at a field boundary", good[:len(good)-1], dlq.DecodeError, "truncated"},
		{"header only", good[:5], dlq.DecodeError, "truncated"},
		{"trailing bytes", append(append([]byte(nil), good...), 0, 1, 2), dlq.DecodeError, "trailing"},
		{"invalid UTF-8", invalid, dlq.DecodeError, "invalid UTF-8 in name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var p record.ScrapedPlaylist
			_, err := dec.Decode(t.Context(), c.value, &p)
			var de *dlq.Error
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *dlq.Error", err)
			}
			if de.Reason != c.reason || !strings.Contains(de.Error(), c.msg) {
				t.Fatalf("err = %v, want reason %s mentioning %q", de, c.reason, c.msg)
			}
		})
	}
}

// Every cut of a valid value is rejected: none decodes to zero values.
func TestEveryTruncationRejected(t *testing.T) {
	_, enc, dec := setup(t)
	good, err := enc.Encode(playlist())
	testenv.Must(t, err, "encode")
	for cut := 5; cut < len(good); cut++ {
		var p record.ScrapedPlaylist
		if _, err := dec.Decode(t.Context(), good[:cut], &p); err == nil {
			t.Fatalf("value cut to %d of %d bytes decoded: %+v", cut, len(good), p)
		}
	}
}

// A value written with an older schema is read with the current one: the
// fields added since take their defaults.
func TestResolvesOlderWriter(t *testing.T) {
	fake, url := testenv.Registry(t)
	reg, err := serde.NewRegistry(url)
	testenv.Must(t, err, "registry")
	old := avro.MustParse(`{"type":"record","name":"ScrapedPlaylist","namespace":"io.songnodes","fields":[
		{"name":"source","type":"string"},{"name":"source_url","type":"string"},{"name":"name","type":"string"},
		{"name":"scraped_at","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"parser_version","type":"string"}]}`)
	oldJSON, _ := serde.SchemaJSON(old)
	id, _, err := fake.RegisterSchema("legacy-value", sr.Schema{Schema: oldJSON})
	testenv.Must(t, err, "register old")
	w := avro.NewWriter(nil, 64)
	_, _ = w.Write([]byte{0, 0, 0, 0, byte(id)})
	w.WriteVal(old, map[string]any{"source": "mixesdb", "source_url": "https://x/y", "name": "n", "scraped_at": time.UnixMilli(5), "parser_version": "v0"})
	testenv.Must(t, w.Error, "encode old")

	var p record.ScrapedPlaylist
	gotID, err := serde.NewDecoder(reg, record.ScrapedPlaylistSchema).Decode(t.Context(), w.Buffer(), &p)
	testenv.Must(t, err, "decode")
	if gotID != id || p.Source != "mixesdb" || p.Event != nil || len(p.Tracks) != 0 || p.DjNames == nil {
		t.Fatalf("got id %d, %+v", gotID, p)
	}
	if serde.NewDecoder(reg, record.ScrapedPlaylistSchema).Exact(t.Context(), id) {
		t.Fatal("an older writer's payload passes for the reader's encoding")
	}

	// A writer whose types cannot be read as ours is a permanent reject.
	incompatible := avro.MustParse(`{"type":"record","name":"ScrapedPlaylist","namespace":"io.songnodes","fields":[{"name":"source","type":"int"}]}`)
	incJSON, _ := serde.SchemaJSON(incompatible)
	id2, _, err := fake.RegisterSchema("other-value", sr.Schema{Schema: incJSON})
	testenv.Must(t, err, "register incompatible")
	_, err = serde.NewDecoder(reg, record.ScrapedPlaylistSchema).Decode(t.Context(), []byte{0, 0, 0, 0, byte(id2), 2}, &p)
	var de *dlq.Error
	if !errors.As(err, &de) || de.Reason != dlq.IncompatibleSchema {
		t.Fatalf("err = %v, want incompatible_schema", err)
	}
}

// Register refuses a schema that cannot read the subject's history, even
// from a registry that would accept it.
func TestRegisterChecksCompatibility(t *testing.T) {
	_, url := testenv.Registry(t)
	reg, err := serde.NewRegistry(url)
	testenv.Must(t, err, "registry")
	ctx := t.Context()
	v1 := avro.MustParse(`{"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}`)
	if _, err := reg.Register(ctx, "s-value", v1); err != nil {
		t.Fatal(err)
	}
	// Adding a field with a default is BACKWARD compatible.
	v2 := avro.MustParse(`{"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int","default":0}]}`)
	if _, err := reg.Register(ctx, "s-value", v2); err != nil {
		t.Fatalf("compatible change refused: %v", err)
	}
	// Adding one without is not: the new reader cannot read old data.
	v3 := avro.MustParse(`{"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"c","type":"int"}]}`)
	_, err = reg.Register(ctx, "s-value", v3)
	if err == nil || !strings.Contains(err.Error(), "not BACKWARD compatible") {
		t.Fatalf("err = %v, want a compatibility error", err)
	}
}

// A registry that does not answer is a transient error, never a reject.
func TestRegistryDownIsTransient(t *testing.T) {
	reg, err := serde.NewRegistry("http://127.0.0.1:1")
	testenv.Must(t, err, "registry")
	var p record.ScrapedPlaylist
	_, err = serde.NewDecoder(reg, record.ScrapedPlaylistSchema).Decode(t.Context(), []byte{0, 0, 0, 0, 1, 2}, &p)
	var de *dlq.Error
	if err == nil || errors.As(err, &de) {
		t.Fatalf("err = %v, want a transient error", err)
	}
}
