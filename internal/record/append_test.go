package record

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
)

// TestAppendAvro holds SilverPlaylist.AppendAvro byte-identical to
// hamba/avro's encoding of SilverPlaylistSchema.
func TestAppendAvro(t *testing.T) {
	if got, want := (*SilverPlaylist)(nil).AvroFingerprint(), SilverPlaylistSchema.Fingerprint(); got != want {
		t.Fatalf("SilverPlaylist.avsc changed (fingerprint %#v): change AppendAvro to write it, then AvroFingerprint", want)
	}
	r := rand.New(rand.NewPCG(1, 2))
	values := []*SilverPlaylist{{}, full(r, 0), full(r, 1), full(r, 100), full(r, 101), full(r, 250)}
	for range 300 {
		values = append(values, full(r, r.IntN(40)))
	}
	for i, p := range values {
		want, err := avro.Marshal(SilverPlaylistSchema, p)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.AppendAvro([]byte("x")); !bytes.Equal(got[1:], want) || got[0] != 'x' {
			t.Fatalf("value %d (%d tracks): AppendAvro differs from hamba/avro\n got %x\nwant %x", i, len(p.Tracks), got[1:], want)
		}
	}
}

// full returns a playlist of n tracks with random values, each optional
// field set or not at random, times before and after 1970 included.
func full(r *rand.Rand, n int) *SilverPlaylist {
	str := func() string {
		const alphabet = "abc XYZ-()[]é—🎧"
		rs := []rune(alphabet)
		b := make([]rune, r.IntN(12))
		for i := range b {
			b[i] = rs[r.IntN(len(rs))]
		}
		return string(b)
	}
	opt := func() *string {
		if r.IntN(2) == 0 {
			return nil
		}
		s := str()
		return &s
	}
	strs := func() []string {
		if r.IntN(3) == 0 {
			return nil
		}
		out := make([]string, r.IntN(4))
		for i := range out {
			out[i] = str()
		}
		return out
	}
	when := func() time.Time {
		return time.Unix(r.Int64N(4e9)-2e9, r.Int64N(1e9)).UTC()
	}
	lineage := func() Lineage {
		return Lineage{Topic: str(), Partition: r.IntN(1 << 20), Offset: r.Int64() - math.MaxInt64/2,
			WriterSchemaID: r.IntN(1 << 30), IngestedAt: when()}
	}
	p := &SilverPlaylist{PlaylistKey: str(), SetID: str(), Source: str(), SourceURL: str(), SourcePlaylistID: opt(),
		Name: str(), Djs: strs(), PlayedOnText: opt(), Venue: opt(), Event: opt(), ScrapedAt: when(),
		ParserVersion: str(), Lineage: lineage(), RawLineage: lineage(), TracklistVersion: str()}
	if r.IntN(2) == 0 {
		d := when().Truncate(24 * time.Hour)
		p.PlayedOn = &d
	}
	for i := range n {
		t := SilverTrack{Position: i + 1, RawLine: str(), Cue: opt(), TrackID: opt(), Artists: strs(), Featured: strs(),
			Remixers: strs(), Title: opt(), Version: opt(), Label: opt(), Catalog: opt(), Key: opt(), Camelot: opt(),
			Genre: opt(), Status: fmt.Sprint(r.IntN(5)), Issues: strs(), WithPrevious: r.IntN(2) == 0}
		if r.IntN(2) == 0 {
			bpm := r.Float64() * 200
			t.Bpm = &bpm
		}
		p.Tracks = append(p.Tracks, t)
	}
	return p
}
