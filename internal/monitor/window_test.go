package monitor

import (
	"encoding/json"
	"testing"
	"time"
)

func TestRing(t *testing.T) {
	w := Window{Name: "5m", Span: 5 * time.Minute, Bucket: 30 * time.Second}
	const t0 = 1_750_000_020 // a bucket boundary (divisible by 30)
	type add struct {
		at int64 // seconds after t0
		n  uint32
	}
	tests := []struct {
		name     string
		adds     []add
		now      int64 // seconds after t0
		want     uint32
		wantSpan float64
	}{
		{"empty", nil, 0, 0, 270},
		{"one bucket, read at its start", []add{{0, 5}}, 0, 5, 270},
		{"read later in the bucket", []add{{0, 5}}, 10, 5, 280},
		{"several buckets", []add{{0, 1}, {40, 2}, {100, 4}}, 100, 7, 280},
		{"the oldest bucket leaves the window", []add{{0, 1}, {40, 2}, {100, 4}}, 300, 6, 270},
		{"everything left", []add{{0, 1}, {40, 2}}, 1000, 0, 280},
		{"a late record inside the window", []add{{100, 4}, {0, 1}}, 100, 5, 280},
		{"a late record outside the ring", []add{{400, 4}, {0, 1}}, 400, 4, 280},
		{"a long gap clears the ring", []add{{0, 1}, {10_000, 2}}, 10_000, 2, 280},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRing(w)
			for _, a := range tc.adds {
				c := counts{qTracks: a.n}
				r.add(t0+a.at, &c)
			}
			got, span := r.sum(t0 + tc.now)
			if got[qTracks] != tc.want || span != tc.wantSpan {
				t.Fatalf("sum = %d over %vs, want %d over %vs", got[qTracks], span, tc.want, tc.wantSpan)
			}
			// What is stored reads back the same, at any later time.
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			back := newRing(w)
			if err := back.unmarshal(b); err != nil {
				t.Fatal(err)
			}
			for _, later := range []int64{tc.now, tc.now + 45, tc.now + 400} {
				a, _ := r.sum(t0 + later)
				b, _ := back.sum(t0 + later)
				if a != b {
					t.Fatalf("at +%ds: stored ring sums %v, the original %v", later, b, a)
				}
			}
		})
	}
}

func TestRingMerge(t *testing.T) {
	w := Window{Name: "1h", Span: time.Hour, Bucket: time.Minute}
	const t0 = 1_750_000_020
	a, b := newRing(w), newRing(w)
	one, two := counts{qTracks: 1}, counts{qTracks: 2}
	a.add(t0, &one)
	a.add(t0+600, &one)
	b.add(t0+300, &two)
	b.add(t0+3000, &two)
	a.merge(&b)
	got, _ := a.sum(t0 + 3000)
	if got[qTracks] != 6 {
		t.Fatalf("merged sum = %d, want 6", got[qTracks])
	}
}

func TestStateRoundTrip(t *testing.T) {
	now := time.Unix(1_750_000_000, 0)
	s := NewState(10)
	s.apply(now, []obs{
		{kind: obsPlaylist, source: "mixesdb", stage: stRaw, ts: now.UnixMilli() - 5000, tracks: 10, artists: 7,
			scraped: now.UnixMilli() - 65000, topic: "p.raw.mixesdb", partition: 1, offset: 41},
		{kind: obsPlaylist, source: "mixesdb", stage: stSilver, ts: now.UnixMilli(), tracks: 3, artists: 2,
			status: [numStatus]uint32{2, 0, 1, 0, 0}, scraped: now.UnixMilli() - 70000, ingested: now.UnixMilli() - 5000,
			topic: "p.silver.playlists", partition: 0, offset: 9},
		{kind: obsReject, source: "mixesdb", stage: stBronze, ts: now.UnixMilli(), reason: "decode_error", topic: "p.dlq.bronze", offset: 3},
		{kind: obsUnreadable, source: "Bad Name", stage: stRaw, ts: now.UnixMilli(), reason: "bad_framing", topic: "p.raw.x", offset: 0},
	})
	snap, err := s.dirtySnapshot()
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.sources) != 2 {
		t.Fatalf("dirty sources %v, want mixesdb and unknown", len(snap.sources))
	}
	back := NewState(10)
	if err := back.restore(snap); err != nil {
		t.Fatal(err)
	}
	for _, st := range []*State{s, back} {
		src := st.sources["mixesdb"]
		if src[stRaw].Tracks != 10 || src[stRaw].Artists != 7 || src[stSilver].Status[statusUnidentified] != 1 ||
			src[stBronze].Rejects["decode_error"] != 1 || st.sources[unknownSource][stRaw].Unreadable["bad_framing"] != 1 {
			t.Fatalf("state %+v", src)
		}
		if n := src[stSilver].Pipeline.Counts; n == nil || n[4] != 1 { // 5s falls in le=5
			t.Fatalf("pipeline latency buckets %v", n)
		}
		if o, ok := st.offsets["p.raw.mixesdb"][1]; !ok || o != 42 {
			t.Fatalf("offset %d, want 42", o)
		}
		sum, _ := src[stRaw].win[0].sum(now.Unix())
		if sum[qTracks] != 10 || sum[qArtists] != 7 {
			t.Fatalf("window %v", sum)
		}
	}
	// Merging counts both.
	if err := back.merge(snap); err != nil {
		t.Fatal(err)
	}
	if got := back.sources["mixesdb"][stRaw].Tracks; got != 20 {
		t.Fatalf("merged tracks %d, want 20", got)
	}
}

func TestStateBoundsSources(t *testing.T) {
	s := NewState(2)
	now := time.Unix(1_750_000_000, 0)
	for _, src := range []string{"a", "b", "c", "d"} {
		s.apply(now, []obs{{kind: obsPlaylist, source: src, stage: stRaw, ts: now.UnixMilli(), tracks: 1}})
	}
	got := s.Sources()
	if len(got) != 3 || got[2] != unknownSource || s.sources[unknownSource][stRaw].Playlists != 2 {
		t.Fatalf("sources %v", got)
	}
}
