package gold

import (
	"math"
	"slices"
	"time"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// occurrence is one transition: the track at position, then the next one.
type occurrence struct {
	position     int
	from, to     string
	day          string // played_on as YYYY-MM-DD, "" when not known to the day
	djs          []string
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
	day             string
	djs             []string
}

// rows is what one playlist version contributes to the graph.
type rows struct {
	key, setID  string
	identified  int
	occurrences []occurrence
	plays       []play
}

// extract turns a silver playlist into its occurrences and plays. A
// transition needs two adjacent identified tracks: an unidentified or
// failed line breaks the chain (A, ID, B gives no A->B), and a track
// played twice in a row is no transition.
func extract(p *record.SilverPlaylist) rows {
	r := rows{key: p.PlaylistKey, setID: p.SetID}
	day := ""
	if p.PlayedOn != nil {
		day = p.PlayedOn.UTC().Format(time.DateOnly)
	}
	djs := make([]string, 0, len(p.Djs))
	for _, d := range p.Djs {
		if k := tracklist.ArtistKey(d); k != "" && !slices.Contains(djs, k) {
			djs = append(djs, k)
		}
	}
	slices.Sort(djs)
	lines := slices.Clone(p.Tracks)
	slices.SortFunc(lines, func(a, b record.SilverTrack) int { return a.Position - b.Position })
	for i, t := range lines {
		if t.TrackID == nil {
			continue
		}
		r.identified++
		pl := play{position: t.Position, track: *t.TrackID, day: day, djs: djs, title: deref(t.Title),
			genre: deref(t.Genre), key: deref(t.Key)}
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
		o := occurrence{position: t.Position, from: *t.TrackID, to: *n.TrackID, day: day, djs: djs}
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

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// pair is a transition's key.
type pair struct{ from, to string }

// Key returns the pair's Kafka key.
func (p pair) Key() string { return p.from + ">" + p.to }

type refKey struct{ kind, a, b, c string }

// pairDelta, trackDelta and artistDelta are changes to an aggregate row.
type pairDelta struct {
	occurrences int64
	bpmMilli    int64 // sum of BPM deltas in thousandths
	bpmN        int64
	camelotTen  int64 // sum of Camelot scores in tenths
	camelotN    int64
	playlists   int64 // set by the reference counts
	djs         int64
	daysChanged bool
}

type trackDelta struct {
	plays                  int64
	playlists, djs         int64
	daysChanged            bool
	artist, artistK, title string
	genre, key             string
}

type artistDelta struct {
	name        string
	plays       int64
	tracks, djs int64
}

// delta accumulates what a batch changes.
type delta struct {
	pairs   map[pair]*pairDelta
	tracks  map[string]*trackDelta
	artists map[string]*artistDelta
	refs    map[refKey]int
	touched map[pair]bool // every pair the batch contributed to or withdrew from
}

func newDelta() *delta {
	return &delta{pairs: map[pair]*pairDelta{}, tracks: map[string]*trackDelta{}, artists: map[string]*artistDelta{},
		refs: map[refKey]int{}, touched: map[pair]bool{}}
}

// add adds (sign +1) or withdraws (sign -1) a counted playlist's rows.
func (d *delta) add(r rows, sign int) {
	s := int64(sign)
	for _, o := range r.occurrences {
		p := pair{o.from, o.to}
		d.touched[p] = true
		pd := d.pairs[p]
		if pd == nil {
			pd = &pairDelta{}
			d.pairs[p] = pd
		}
		pd.occurrences += s
		if o.bpmDelta != nil {
			pd.bpmMilli += s * int64(math.Round(*o.bpmDelta*1000))
			pd.bpmN += s
		}
		if o.camelotScore != nil {
			pd.camelotTen += s * int64(math.Round(*o.camelotScore*10))
			pd.camelotN += s
		}
		d.refs[refKey{"pair_set", o.from, o.to, r.setID}] += sign
		for _, dj := range o.djs {
			d.refs[refKey{"pair_dj", o.from, o.to, dj}] += sign
		}
		if o.day != "" {
			d.refs[refKey{"pair_day", o.from, o.to, o.day}] += sign
		}
	}
	for _, pl := range r.plays {
		td := d.tracks[pl.track]
		if td == nil {
			td = &trackDelta{}
			d.tracks[pl.track] = td
		}
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
		d.refs[refKey{"track_set", pl.track, r.setID, ""}] += sign
		for _, dj := range pl.djs {
			d.refs[refKey{"track_dj", pl.track, dj, ""}] += sign
		}
		if pl.day != "" {
			d.refs[refKey{"track_day", pl.track, pl.day, ""}] += sign
		}
		if pl.artistK == "" {
			continue
		}
		ad := d.artists[pl.artistK]
		if ad == nil {
			ad = &artistDelta{}
			d.artists[pl.artistK] = ad
		}
		ad.plays += s
		if sign > 0 || ad.name == "" {
			ad.name = pl.artist
		}
		d.refs[refKey{"artist_track", pl.artistK, pl.track, ""}] += sign
		for _, dj := range pl.djs {
			d.refs[refKey{"artist_dj", pl.artistK, dj, ""}] += sign
		}
	}
}

// touch marks pairs of uncounted rows too: a replay re-emits them.
func (d *delta) touch(r rows) {
	for _, o := range r.occurrences {
		d.touched[pair{o.from, o.to}] = true
	}
}
