package monitor

import (
	"encoding/json"
	"fmt"
	"time"
)

// What a window bucket counts, per source and stage.
const (
	qPlaylists = iota
	qTracks
	qArtists // tracks with an identified artist
	qRejects
	qDoubtful // silver's tracks whose parse guessed (a doubt issue code)
	numQ
)

// counts is one bucket: a count per quantity. uint32 is plenty for the
// widest bucket (15 minutes of one source at one stage) and halves the
// memory a source costs.
type counts [numQ]uint32

// Window is a named time window the monitor reports rates and coverage over.
type Window struct {
	Name   string        // metric name suffix and JSON key: 5m, 1h, 24h
	Span   time.Duration // how far back it reaches
	Bucket time.Duration // resolution: the oldest bucket is partly outside the span
}

// Windows are the windows of every gauge. Each is a ring of buckets of its
// own resolution, so that the 24h window does not cost 1,440 one-minute
// buckets per source: 10 + 60 + 96 buckets in all.
var Windows = [...]Window{
	{Name: "5m", Span: 5 * time.Minute, Bucket: 30 * time.Second},
	{Name: "1h", Span: time.Hour, Bucket: time.Minute},
	{Name: "24h", Span: 24 * time.Hour, Bucket: 15 * time.Minute},
}

// ring holds a window's buckets. Bucket i covers the times t with
// t/width == i (unix seconds); head is the newest bucket index written and
// b[i%len(b)] holds bucket i for head-len(b) < i <= head. Reading never
// mutates it, so a ring persisted long ago still reads right at any later
// time: buckets too old simply fall outside the span.
type ring struct {
	width int64 // seconds
	head  int64
	b     []counts
}

func newRing(w Window) ring {
	n := int(w.Span / w.Bucket)
	return ring{width: int64(w.Bucket / time.Second), b: make([]counts, n)}
}

// add counts c at unix time t (seconds). Times older than the ring are
// dropped; the caller clamps times in the future to now.
func (r *ring) add(t int64, c *counts) {
	i := t / r.width
	n := int64(len(r.b))
	switch {
	case i > r.head:
		// Advance: clear the buckets between the old head and i.
		for j := max(r.head+1, i-n+1); j <= i; j++ {
			r.b[j%n] = counts{}
		}
		r.head = i
	case i <= r.head-n:
		return
	}
	b := &r.b[i%n]
	for q := range b {
		b[q] += c[q]
	}
}

// sum returns the counts of the buckets inside the window ending at now
// (unix seconds), and the seconds the window covers: the full buckets
// before now's and the elapsed part of now's.
func (r *ring) sum(now int64) (counts, float64) {
	var s counts
	n := int64(len(r.b))
	ni := now / r.width
	lo := max(ni-n+1, r.head-n+1)
	for i := lo; i <= min(r.head, ni); i++ {
		b := &r.b[i%n]
		for q := range s {
			s[q] += b[q]
		}
	}
	span := float64((n-1)*r.width + (now - ni*r.width))
	return s, span
}

// merge adds o's buckets that are still inside r's reach to r.
func (r *ring) merge(o *ring) {
	n := int64(len(o.b))
	for i := o.head - n + 1; i <= o.head; i++ {
		c := o.b[((i%n)+n)%n]
		if c != (counts{}) {
			r.add(i*r.width, &c)
		}
	}
}

// ringJSON is a ring as stored in Redis: only the buckets that count.
type ringJSON struct {
	Head    int64      `json:"head"`
	Buckets [][]uint64 `json:"b,omitempty"` // index, then the counts (a ring stored by an older version has fewer)
}

func (r ring) MarshalJSON() ([]byte, error) {
	j := ringJSON{Head: r.head}
	n := int64(len(r.b))
	for i := r.head - n + 1; i <= r.head; i++ {
		if i < 0 {
			continue
		}
		c := r.b[i%n]
		if c != (counts{}) {
			e := make([]uint64, 1, numQ+1)
			e[0] = uint64(i)
			for _, v := range c {
				e = append(e, uint64(v))
			}
			j.Buckets = append(j.Buckets, e)
		}
	}
	return json.Marshal(j)
}

// unmarshal reads a ring stored by MarshalJSON into r, which must have
// been made by newRing for the same window.
func (r *ring) unmarshal(b []byte) error {
	var j ringJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	n := int64(len(r.b))
	r.head = j.Head
	for _, e := range j.Buckets {
		if len(e) < 2 {
			return fmt.Errorf("bucket %v has no counts", e)
		}
		i := int64(e[0])
		if i > j.Head || i <= j.Head-n {
			return fmt.Errorf("bucket %d outside the ring (head %d, %d buckets)", i, j.Head, n)
		}
		var c counts
		for q := range min(len(e)-1, numQ) {
			c[q] = uint32(e[q+1])
		}
		r.b[i%n] = c
	}
	return nil
}
