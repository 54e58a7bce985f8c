package record

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hamba/avro/v2"
)

// TestReadAvro holds BronzePlaylist.ReadAvro to hamba/avro's strict
// decoding (as serde does it): the same value where it succeeds, and a
// failure wherever hamba/avro fails or a string is not valid UTF-8, on
// random values, truncations of them and random corruptions.
func TestReadAvro(t *testing.T) {
	if got, want := (*BronzePlaylist)(nil).AvroFingerprint(), BronzePlaylistSchema.Fingerprint(); got != want {
		t.Fatalf("BronzePlaylist.avsc changed (fingerprint %#v): change ReadAvro to read it, then AvroFingerprint", want)
	}
	r := rand.New(rand.NewPCG(3, 4))
	values := []*BronzePlaylist{{}, bronze(r, 0), bronze(r, 1), bronze(r, 100), bronze(r, 101), bronze(r, 250)}
	for range 200 {
		values = append(values, bronze(r, r.IntN(30)))
	}
	corrupt, agreed := 0, 0
	for i, p := range values {
		data, err := avro.Marshal(BronzePlaylistSchema, p)
		if err != nil {
			t.Fatal(err)
		}
		var got BronzePlaylist
		if err := got.ReadAvro(data); err != nil {
			t.Fatalf("value %d: %v", i, err)
		}
		if want := strict(t, data); want == nil || !reflect.DeepEqual(&got, want) {
			t.Fatalf("value %d: ReadAvro decoded\n%+v\nhamba/avro\n%+v", i, got, want)
		}
		for range 100 {
			if n := r.IntN(len(data)); (&BronzePlaylist{}).ReadAvro(data[:n]) == nil {
				t.Fatalf("value %d: ReadAvro took %d of its %d bytes", i, n, len(data))
			}
		}
		for range 50 {
			bad := append([]byte(nil), data...)
			for range 1 + r.IntN(3) {
				bad[r.IntN(len(bad))] = byte(r.IntN(256))
			}
			var got BronzePlaylist
			if got.ReadAvro(bad) != nil {
				continue
			}
			corrupt++
			if want := strict(t, bad); want == nil || !reflect.DeepEqual(&got, want) {
				t.Fatalf("value %d corrupted to %x: ReadAvro decoded\n%+v\nhamba/avro\n%+v", i, bad, got, want)
			}
			agreed++
		}
	}
	t.Logf("%d corrupted values decoded, alike", agreed)
	p := bronze(r, 2)
	p.Playlist.Tracks[1].RawLine = "caf\xe9"
	data, err := avro.Marshal(BronzePlaylistSchema, p)
	if err != nil {
		t.Fatal(err)
	}
	if (&BronzePlaylist{}).ReadAvro(data) == nil {
		t.Error("ReadAvro took a string that is not UTF-8")
	}
	p = bronze(r, 2)
	p.Playlist.Tracks[0].Position = 1 << 20
	data, _ = avro.Marshal(BronzePlaylistSchema, p)
	// The position's varint (zigzag 1<<21: 80 80 80 01) written in 6
	// bytes: hamba/avro refuses an int longer than 5.
	at := indexVarint(t, data, 1<<21)
	long := append(append(append([]byte(nil), data[:at]...), 0x80, 0x80, 0x80, 0x81, 0x80, 0x00), data[at+4:]...)
	if strict(t, long) != nil {
		t.Fatal("hamba/avro took an int of 6 bytes: the test is wrong")
	}
	if (&BronzePlaylist{}).ReadAvro(long) == nil {
		t.Error("ReadAvro took an int of 6 bytes")
	}
}

// indexVarint returns where the varint of u starts in data.
func indexVarint(t *testing.T, data []byte, u uint64) int {
	var b []byte
	for ; u >= 0x80; u >>= 7 {
		b = append(b, byte(u)|0x80)
	}
	b = append(b, byte(u))
	for i := range len(data) - len(b) {
		if string(data[i:i+len(b)]) == string(b) {
			return i
		}
	}
	t.Fatalf("no varint %x", b)
	return 0
}

// strict decodes data as serde does: all of it, every string valid UTF-8;
// nil when it cannot.
func strict(t *testing.T, data []byte) *BronzePlaylist {
	t.Helper()
	var v BronzePlaylist
	rd := avro.NewReader(nil, 0).Reset(data)
	rd.ReadVal(BronzePlaylistSchema, &v)
	if rd.Error != nil {
		return nil
	}
	if rd.Peek(); rd.Error == nil {
		return nil // trailing bytes
	}
	if !validUTF8(reflect.ValueOf(v)) {
		return nil
	}
	return &v
}

func validUTF8(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return utf8.ValidString(v.String())
	case reflect.Pointer:
		return v.IsNil() || validUTF8(v.Elem())
	case reflect.Slice:
		for i := range v.Len() {
			if !validUTF8(v.Index(i)) {
				return false
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && !validUTF8(v.Field(i)) {
				return false
			}
		}
	}
	return true
}

// bronze returns a playlist of n tracks with random values, each optional
// field set or not at random.
func bronze(r *rand.Rand, n int) *BronzePlaylist {
	s := full(r, 0) // its random strings, times and lineage
	str := func() string { return full(r, 0).Name }
	opt := func() *string {
		if r.IntN(2) == 0 {
			return nil
		}
		v := str()
		return &v
	}
	p := &BronzePlaylist{PlaylistKey: s.PlaylistKey, Lineage: s.Lineage, Playlist: ScrapedPlaylist{
		Source: s.Source, SourceURL: s.SourceURL, SourcePlaylistID: s.SourcePlaylistID, Name: s.Name, DjNames: s.Djs,
		Event: s.Event, Venue: s.Venue, PlayedOn: s.PlayedOn, PlayedOnText: s.PlayedOnText, ScrapedAt: s.ScrapedAt,
		ParserVersion: s.ParserVersion, SourceRevision: opt(), HintsFromMarkup: r.IntN(2) == 0,
	}}
	for i := range n {
		tr := ScrapedTrack{Position: i + 1 - r.IntN(3), RawLine: str(), Artist: opt(), Title: opt(), Label: opt(), Catalog: opt(),
			Key: opt(), Genre: opt(), Cue: opt(), Remix: opt()}
		if r.IntN(2) == 0 {
			bpm := r.Float64() * 200
			tr.Bpm = &bpm
		}
		if r.IntN(2) == 0 {
			w := r.IntN(2) == 0
			tr.WithPrevious = &w
		}
		p.Playlist.Tracks = append(p.Playlist.Tracks, tr)
	}
	if p.Playlist.PlayedOn != nil {
		d := time.Unix(p.Playlist.PlayedOn.Unix()/86400*86400, 0).UTC()
		p.Playlist.PlayedOn = &d
	}
	return p
}
