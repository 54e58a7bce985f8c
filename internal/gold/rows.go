package gold

import (
	"crypto/sha256"
	"slices"
	"strconv"
	"time"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// occurrence is one transition: the track at position, then the next one.
type occurrence struct {
	position     int
	from, to     string
	bpmDelta     *float64
	camelotScore *float64
}

// play is one identified track line.
type play struct {
	position        int
	track           string
	artist, artistK string
	title           string
	genre, key      string
}

// rows is what one playlist version contributes to the graph.
type rows struct {
	key, setID  string
	raw         *rawRecord // the version's raw record; nil for rows read back from the tables
	scrapedAt   time.Time  // the version's scrape time; zero for rows read back
	day         string     // played_on as YYYY-MM-DD, "" when not known to the day
	djs         []string   // DJ keys, sorted
	identified  int
	occurrences []occurrence
	plays       []play
}

// extract turns a silver playlist into its occurrences and plays. A
// transition needs two adjacent identified tracks: an unidentified or
// failed line breaks the chain (A, ID, B gives no A->B), and a track
// played twice in a row is no transition.
func extract(p *record.SilverPlaylist) rows {
	r := rows{key: p.PlaylistKey, setID: p.SetID, djs: make([]string, 0, len(p.Djs)), scrapedAt: p.ScrapedAt.Truncate(time.Microsecond), // as PostgreSQL keeps it
		raw: &rawRecord{p.RawLineage.Topic, int32(p.RawLineage.Partition), p.RawLineage.Offset}}
	if p.PlayedOn != nil {
		r.day = p.PlayedOn.UTC().Format(time.DateOnly)
	}
	for _, d := range p.Djs {
		if k := tracklist.ArtistKey(d); k != "" && !slices.Contains(r.djs, k) {
			r.djs = append(r.djs, k)
		}
	}
	slices.Sort(r.djs)
	lines := slices.Clone(p.Tracks)
	slices.SortFunc(lines, func(a, b record.SilverTrack) int { return a.Position - b.Position })
	for i, t := range lines {
		if t.TrackID == nil {
			continue
		}
		r.identified++
		pl := play{position: t.Position, track: *t.TrackID, title: record.Deref(t.Title),
			genre: record.Deref(t.Genre), key: record.Deref(t.Key)}
		if len(t.Artists) > 0 {
			pl.artist = t.Artists[0]
			pl.artistK = tracklist.ArtistKey(t.Artists[0])
		}
		r.plays = append(r.plays, pl)
		if i+1 >= len(lines) {
			continue
		}
		n := lines[i+1]
		if n.TrackID == nil || *n.TrackID == *t.TrackID {
			continue
		}
		o := occurrence{position: t.Position, from: *t.TrackID, to: *n.TrackID}
		if t.Bpm != nil && n.Bpm != nil {
			d := *n.Bpm - *t.Bpm
			o.bpmDelta = &d
		}
		if t.Key != nil && n.Key != nil {
			a, okA := tracklist.ParseKey(*t.Key)
			b, okB := tracklist.ParseKey(*n.Key)
			if okA && okB {
				s := tracklist.Compatibility(a, b)
				o.camelotScore = &s
			}
		}
		r.occurrences = append(r.occurrences, o)
	}
	return r
}

// pair is a transition's key.
type pair struct{ from, to string }

// Key returns the pair's Kafka key.
func (p pair) Key() string { return p.from + ">" + p.to }

// Kinds of reference counts (gold_dj_refcounts). An artist's distinct
// tracks need none: they are its rows in gold_tracks, which come and go
// with their plays.
// Kind 1 (a transition and a DJ) is retired: the pairs loop counts a
// transition's DJs (migration 0011 dropped those rows).
const (
	refTrackDJ  = 2 // a track and a DJ
	refArtistDJ = 4 // an artist and a DJ
)

type refKey struct {
	kind int16
	a, b string
}

// hash is the key's row in gold_dj_refcounts: the first 16 bytes of
// sha256(kind || 0x00 || a || 0x00 || b), kind in decimal (the migration
// that introduced the table computes the same in SQL). A cryptographic
// hash, because a and b come from scraped text: nobody can make two keys
// share a count.
func (k refKey) hash() [16]byte {
	h := sha256.New()
	h.Write(strconv.AppendInt(nil, int64(k.kind), 10))
	h.Write([]byte{0})
	h.Write([]byte(k.a))
	h.Write([]byte{0})
	h.Write([]byte(k.b))
	var out [16]byte
	copy(out[:], h.Sum(nil))
	return out
}

// trackDelta and artistDelta are changes to an aggregate row. Distinct
// sets move by one per counted playlist (a set counts one playlist);
// distinct DJs and tracks move when a reference count crosses zero; dates
// widen as days are added and are recomputed from the stored rows when one
// is withdrawn. Transitions are not here: gold tells the pairs loop what
// each playlist contributes to them (pairs.go).
type trackDelta struct {
	plays, playlists, djs  int64
	first, last            string
	withdrewDay            bool
	artist, artistK, title string
	genre, key             string
}

type artistDelta struct {
	name               string
	plays, tracks, djs int64
}

// delta accumulates what a batch changes.
type delta struct {
	tracks  map[string]*trackDelta
	artists map[string]*artistDelta
	refs    map[refKey]int
	// told: by playlist, the pairs whose contribution from it is told to
	// the pairs loop: those it plays, and those it played before the change.
	told map[string]map[pair]bool
}

func newDelta() *delta {
	return &delta{tracks: map[string]*trackDelta{}, artists: map[string]*artistDelta{},
		refs: map[refKey]int{}, told: map[string]map[pair]bool{}}
}

// entry returns m[k], adding a zero value first when there is none.
func entry[K comparable, V any](m map[K]*V, k K) *V {
	v := m[k]
	if v == nil {
		v = new(V)
		m[k] = v
	}
	return v
}

// widen records a day added (sign > 0) or withdrawn.
func widen(first, last *string, withdrew *bool, day string, sign int) {
	switch {
	case day == "":
	case sign < 0:
		*withdrew = true
	default:
		if *first == "" || day < *first {
			*first = day
		}
		if day > *last {
			*last = day
		}
	}
}

// add adds (sign +1) or withdraws (sign -1) a counted playlist's plays.
func (d *delta) add(r rows, sign int) {
	s := int64(sign)
	tracks := map[string]bool{}
	artists := map[string]bool{}
	for _, pl := range r.plays {
		td := entry(d.tracks, pl.track)
		td.plays += s
		if sign > 0 || td.title == "" {
			td.artist, td.artistK, td.title = pl.artist, pl.artistK, pl.title
			if pl.genre != "" {
				td.genre = pl.genre
			}
			if pl.key != "" {
				td.key = pl.key
			}
		}
		if !tracks[pl.track] {
			tracks[pl.track] = true
			td.playlists += s
			widen(&td.first, &td.last, &td.withdrewDay, r.day, sign)
			for _, dj := range r.djs {
				d.refs[refKey{refTrackDJ, pl.track, dj}] += sign
			}
		}
		if pl.artistK == "" {
			continue
		}
		ad := entry(d.artists, pl.artistK)
		ad.plays += s
		if sign > 0 || ad.name == "" {
			ad.name = pl.artist
		}
		if !artists[pl.artistK] {
			artists[pl.artistK] = true
			for _, dj := range r.djs {
				d.refs[refKey{refArtistDJ, pl.artistK, dj}] += sign
			}
		}
	}
}

// tell marks the pairs of r's lines as told for playlist key.
func (d *delta) tell(key string, r rows) {
	for _, o := range r.occurrences {
		d.tellPair(key, pair{o.from, o.to})
	}
}

func (d *delta) tellPair(key string, p pair) {
	m := d.told[key]
	if m == nil {
		m = map[pair]bool{}
		d.told[key] = m
	}
	m[p] = true
}
