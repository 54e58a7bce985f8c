package gen

import (
	"slices"
	"strconv"
	"strings"

	"github.com/songnodes/pipeline/internal/record"
)

// Per-line rates. Unidentified and failed lines are drawn for every line;
// the two warnings only on identified lines, at most one per line.
const (
	pUnidentified = 0.06  // "ID - ID", "Artist - ID", "ID", "??? - ???"
	pFailed       = 0.01  // garbage without an artist/title separator
	pBadBPM       = 0.01  // bpm hint out of range
	pBadKey       = 0.01  // key hint no notation knows
	pRepeat       = 0.015 // the previous track again
	pDJEdit       = 0.015 // "(DJ Edit)": the set's DJ edited the track
	pSuccessor    = 0.2   // the previous track's favourite successor
	pFamily       = 0.5   // a track of the set's genre family (else any)
)

var (
	badBPMs = []float64{999, 1280, 12.8, 300}
	badKeys = []string{"H#major", "13A", "X minor", "Q#m"}
	// No separator: failed. Six words or more, as a short line without a
	// separator among tracks reads as a heading ("Track 7" is one).
	// Lines with no separator that read as no sentence (a sentence between
	// the tracks is a note, not_track): failed.
	garbage    = []string{"Track ", "White Label Acetate With No Name Written On It", "An Acetate Nobody Could Put A Name To"}
	notTracks  = []string{"!!!!", "tracklist to follow", "...", "Part 2"} // headings, punctuation: not_track
	versionsTL = []string{" (Extended Mix)", " (Original Mix)", " (Radio Edit)", " (Club Mix)"}
	versionsMX = []string{" (Original Mix)", " (Extended Mix)", " (Radio Edit)"}
)

type site uint8

const (
	siteMixesDB site = iota
	site1001TL
)

type prefixStyle uint8

const (
	prefCue        prefixStyle = iota // [40:54] / [1:02:33] / [??]
	prefCueMinutes                    // [40]
	prefNumbered                      // 01.
	prefPlain                         // nothing (MixesDB: sometimes "+ # ")
)

// style is how one playlist is written: a scraper's habits for one page.
type style struct {
	lines     site
	prefix    prefixStyle
	hintAT    float64 // share of lines with artist and title hints
	hintBPM   float64
	hintKey   float64
	hintGenre float64
	hintLabel float64 // share of label brackets also given as hints
	notation  int     // usual key notation
	fam       family
	editor    string // a DJ of the set whose name reads well in "(X Edit)", or ""
	enc       encOpts
}

func pick(r float64, vals ...float64) float64 {
	return vals[int(r*float64(len(vals)))%len(vals)]
}

func (g *Generator) newStyle() *style {
	st := &style{lines: siteMixesDB}
	if g.tl || g.r.Float64() < 0.1 {
		st.lines = site1001TL
	}
	switch u := g.r.Float64(); {
	case u < 0.4:
		st.fam = famHouse
	case u < 0.65:
		st.fam = famTechno
	case u < 0.9:
		st.fam = famEDM
	default:
		st.fam = famBass
	}
	if st.lines == site1001TL {
		st.prefix = prefPlain
		st.hintAT = 0.95
		st.hintBPM = pick(g.r.Float64(), 0, 0.5, 0.9)
		st.hintKey = pick(g.r.Float64(), 0, 0.5, 0.9)
		st.hintGenre = 0.6
		st.hintLabel = 0.8
	} else {
		switch u := g.r.Float64(); {
		case u < 0.45:
			st.prefix = prefCue
		case u < 0.55:
			st.prefix = prefCueMinutes
		case u < 0.8:
			st.prefix = prefNumbered
		default:
			st.prefix = prefPlain
		}
		st.hintAT = pick(g.r.Float64(), 0, 0, 0.7)
		st.hintBPM = pick(g.r.Float64(), 0, 0.4)
		st.hintKey = pick(g.r.Float64(), 0, 0.4)
		st.hintGenre = pick(g.r.Float64(), 0, 0.3)
		st.hintLabel = 0.6
	}
	st.notation = g.r.IntN(numNotations)
	st.enc.omitSource = g.r.Float64() < 0.3
	st.enc.nulls = g.r.Float64() < 0.3
	return st
}

type span struct{ a, b int32 }

func (s span) ok() bool { return s.b > s.a }

// Indexes of TrackTruth.Expect and .Issue values in a trackPlan.
const (
	exValid uint8 = iota
	exWarning
	exUnidentified
	exFailed
	exNotTrack
)

var expectNames = [...]string{ExpectValid, ExpectWarning, ExpectUnidentified, ExpectFailed, ExpectNotTrack}

const (
	isNone uint8 = iota
	isBPM
	isKey
	isArtistUnidentified
	isTitleUnidentified
	isUnparseable
	isNotTrack
	isExtraParts
)

var issueNames = [...]string{"", "bpm_out_of_range", "key_unparsed", "artist_unidentified", "title_unidentified", "unparseable", "not_track", "extra_parts"}

// Remixer of a trackPlan.
const (
	remixNone   uint8 = iota
	remixVocab        // the recording's remixer
	remixEditor       // "(DJ Edit)": style.editor
)

// trackPlan is one rendered line: offsets into the line buffer, hints and
// truth as indexes. It holds no pointers, so building a playlist's plans
// costs the garbage collector nothing. materialize turns it into a
// ScrapedTrack and a TrackTruth.
type trackPlan struct {
	line, artist, title, label, catalog, cue span
	bpm                                      float64 // 0: no hint
	vocab                                    int32   // the recording, or -1
	artistOf                                 int32   // "Artist - ID": the recording whose artist it names, or -1
	key                                      int16   // index in allKeys, or -1
	hArtist, hTitle, hLabel, hGenre          bool
	expect, issue, remix                     uint8
}

// allKeys holds every key hint string: keyStrings by notation, then badKeys.
var allKeys = func() []string {
	var out []string
	for n := range numNotations {
		out = append(out, keyStrings[n][:]...)
	}
	return append(out, badKeys...)
}()

func keyIndex(notation, key int) int16 { return int16(notation*24 + key) }

func badKeyIndex(i int) int16 { return int16(numNotations*24 + i) }

// slab holds the hint values a playlist's *string and *float64 fields point
// to: two allocations instead of one per field.
type slab struct {
	s []string
	f []float64
}

func newSlab(plans []trackPlan) *slab {
	ns, nf := 0, 0
	for i := range plans {
		pl := &plans[i]
		for _, b := range [...]bool{pl.hArtist, pl.hTitle, pl.hLabel && pl.label.ok(), pl.hLabel && pl.catalog.ok(), pl.key >= 0, pl.hGenre, pl.cue.ok()} {
			if b {
				ns++
			}
		}
		if pl.bpm != 0 {
			nf++
		}
	}
	return &slab{s: make([]string, 0, ns), f: make([]float64, 0, nf)}
}

func (b *slab) str(v string) *string {
	b.s = append(b.s, v)
	return &b.s[len(b.s)-1]
}

func (b *slab) float(v float64) *float64 {
	b.f = append(b.f, v)
	return &b.f[len(b.f)-1]
}

// materialize fills t and truth (zero values) from the plan; s is the
// line buffer as a string.
func (g *Generator) materialize(pl *trackPlan, st *style, s string, pos int, sl *slab, t *record.ScrapedTrack, truth *TrackTruth) {
	sub := func(sp span) string { return s[sp.a:sp.b] }
	line := sub(pl.line)
	t.Position, t.RawLine = pos, line
	truth.Position, truth.Line = pos, line
	truth.Expect, truth.Issue = expectNames[pl.expect], issueNames[pl.issue]
	truth.Track = int(pl.vocab)
	var v *vtrack
	if pl.vocab >= 0 {
		v = &g.v.tracks[pl.vocab]
		truth.Artist, truth.Title = v.artists[0], v.title
	} else if pl.artistOf >= 0 {
		truth.Artist = g.v.tracks[pl.artistOf].artists[0]
	}
	switch pl.remix {
	case remixVocab:
		truth.Remixer = v.remixer
	case remixEditor:
		truth.Remixer = st.editor
	}
	if pl.hArtist {
		t.Artist = sl.str(sub(pl.artist))
	}
	if pl.hTitle {
		t.Title = sl.str(sub(pl.title))
	}
	if pl.hLabel {
		if pl.label.ok() {
			t.Label = sl.str(sub(pl.label))
		}
		if pl.catalog.ok() {
			t.Catalog = sl.str(sub(pl.catalog))
		}
	}
	if pl.bpm != 0 {
		t.Bpm = sl.float(pl.bpm)
	}
	if pl.key >= 0 {
		t.Key = sl.str(allKeys[pl.key])
	}
	if pl.hGenre {
		t.Genre = sl.str(v.genre)
	}
	if pl.cue.ok() {
		t.Cue = sl.str(sub(pl.cue))
	}
}

// tracks renders n lines into one string and returns the tracks and their
// truth.
func (g *Generator) tracks(st *style, n int) ([]record.ScrapedTrack, []TrackTruth) {
	g.buf = g.buf[:0]
	g.plans = g.plans[:0]
	used := g.used[:0]
	cueSec := g.r.IntN(90)
	prev := -1
	for pos := 1; pos <= n; pos++ {
		cue := ""
		if st.prefix == prefCue || st.prefix == prefCueMinutes {
			cue = "\x00" // placeholder: prefix writes the running time
		}
		g.plans = append(g.plans, trackPlan{})
		pl := &g.plans[len(g.plans)-1]
		switch u := g.r.Float64(); {
		case u < pUnidentified:
			g.unidentified(pl, st, pos, cue, cueSec)
			prev = -1
		case u < pUnidentified+pFailed:
			g.failed(pl, st, pos, cue, cueSec)
			prev = -1
		default:
			t := prev
			if t < 0 || g.r.Float64() >= pRepeat {
				t = g.pickTrack(st, prev, used)
			}
			g.identified(pl, st, pos, cue, cueSec, t, true)
			used = append(used, t)
			prev = t
		}
		cueSec += 150 + g.r.IntN(240)
	}
	g.used = used
	s := string(g.buf)
	sl := newSlab(g.plans)
	out := make([]record.ScrapedTrack, n)
	truth := make([]TrackTruth, n)
	for i := range g.plans {
		g.materialize(&g.plans[i], st, s, i+1, sl, &out[i], &truth[i])
	}
	return out, truth
}

// pickTrack draws a recording: often the previous one's favourite
// successor, else a Zipf draw from the set's family or from all tracks;
// tracks already in the set are redrawn.
func (g *Generator) pickTrack(st *style, prev int, used []int) int {
	v := g.v
	for try := 0; ; try++ {
		var t int
		switch u := g.r.Float64(); {
		case prev >= 0 && u < pSuccessor:
			t = int(v.tracks[prev].succ)
		case u < pSuccessor+pFamily:
			t = int(v.byFamily[st.fam][g.zFamily[st.fam].draw(g.r)])
		default:
			t = g.zAll.draw(g.r)
		}
		if try >= 8 || !slices.Contains(used, t) {
			return t
		}
	}
}

func (g *Generator) dash() string {
	switch u := g.r.Float64(); {
	case u < 0.93:
		return " - "
	case u < 0.98:
		return " – "
	default:
		return " — "
	}
}

func append2(b []byte, n int) []byte {
	return append(b, byte('0'+n/10%10), byte('0'+n%10))
}

// prefix writes the line prefix. cue "" means no cue; "\x00" means the
// running time cueSec (or "??"); anything else is written as is (a
// re-scrape keeps the line's cue).
func (g *Generator) prefix(st *style, pos int, cue string, cueSec int, pl *trackPlan) {
	b := g.buf
	switch {
	case cue != "":
		b = append(b, '[')
		a := len(b)
		switch {
		case cue != "\x00":
			b = append(b, cue...)
		case g.r.Float64() < 0.07:
			b = append(b, "??"...)
		case st.prefix == prefCueMinutes:
			b = strconv.AppendInt(b, int64(cueSec/60), 10)
		case cueSec >= 3600:
			b = strconv.AppendInt(b, int64(cueSec/3600), 10)
			b = append(b, ':')
			b = append2(b, cueSec/60%60)
			b = append(b, ':')
			b = append2(b, cueSec%60)
		default:
			b = append2(b, cueSec/60)
			b = append(b, ':')
			b = append2(b, cueSec%60)
		}
		pl.cue = span{int32(a), int32(len(b))}
		b = append(b, "] "...)
	case st.prefix == prefNumbered:
		b = append2(b, pos)
		b = append(b, ". "...)
	case st.lines == siteMixesDB:
		if g.r.Float64() < 0.04 {
			b = append(b, "+ # "...)
		}
	default:
		if g.r.Float64() < 0.02 {
			b = append(b, "w/ "...)
		}
	}
	g.buf = b
}

func (g *Generator) appendArtists(artists []string, tl bool) {
	b := g.buf
	switch len(artists) {
	case 1:
		b = append(b, artists[0]...)
	case 2:
		sep := ", "
		switch u := g.r.Float64(); {
		case (tl && u < 0.8 || !tl && u < 0.5) && !mayBeOneAct(artists[0], artists[1]):
			sep = " & "
		case tl && u < 0.85:
			sep = " vs. "
		}
		b = append(b, artists[0]...)
		b = append(b, sep...)
		b = append(b, artists[1]...)
	default:
		last := ", "
		// "A, B & C": the comma lists them, unless B and C are one word each.
		if (tl || g.r.Float64() < 0.5) && (strings.Contains(artists[len(artists)-2], " ") || strings.Contains(artists[len(artists)-1], " ")) {
			last = " & "
		}
		for i, a := range artists {
			switch {
			case i == len(artists)-1:
				b = append(b, last...)
			case i > 0:
				b = append(b, ", "...)
			}
			b = append(b, a...)
		}
	}
	g.buf = b
}

// mayBeOneAct: "Argy & Zaffir", "Nick & Danny Chatelain" would be one act
// or two (a parser marks such a pair split_unsure, rightly, unless a comma
// lists the acts before it); generated lines write such pairs with a
// comma, so that what a line means is never a guess.
func mayBeOneAct(a, b string) bool {
	return !strings.Contains(a, " ") || !strings.Contains(b, " ")
}

func (g *Generator) appendJoined(names []string) {
	for i, n := range names {
		if i > 0 {
			g.buf = append(g.buf, " & "...)
		}
		g.buf = append(g.buf, n...)
	}
}

// identified renders a line naming recording t at position pos into pl.
// With issue, it may inject a bad bpm or key hint (a warning).
func (g *Generator) identified(pl *trackPlan, st *style, pos int, cue string, cueSec int, t int, issue bool) {
	v := &g.v.tracks[t]
	tl := st.lines == site1001TL
	*pl = trackPlan{vocab: int32(t), artistOf: -1, key: -1, expect: exValid}
	if v.unsure {
		pl.expect, pl.issue = exWarning, isExtraParts
	}
	start := len(g.buf)
	g.prefix(st, pos, cue, cueSec, pl)

	a := len(g.buf)
	g.appendArtists(v.artists, tl)
	featInTitle := false
	if len(v.featured) > 0 {
		if tl || g.r.Float64() < 0.5 {
			switch u := g.r.Float64(); {
			case tl || u < 0.4:
				g.buf = append(g.buf, " ft. "...)
			case u < 0.8:
				g.buf = append(g.buf, " feat. "...)
			default:
				g.buf = append(g.buf, " featuring "...)
			}
			g.appendJoined(v.featured)
		} else {
			featInTitle = true
		}
	}
	pl.artist = span{int32(a), int32(len(g.buf))}
	g.buf = append(g.buf, g.dash()...)

	a = len(g.buf)
	g.buf = append(g.buf, v.title...)
	if featInTitle {
		g.buf = append(g.buf, " (feat. "...)
		g.appendJoined(v.featured)
		g.buf = append(g.buf, ')')
	}
	switch u := g.r.Float64(); {
	case v.remixer != "":
		pl.remix = remixVocab
		g.buf = append(g.buf, " ("...)
		g.buf = append(g.buf, v.remixer...)
		g.buf = append(g.buf, " Remix)"...)
	case st.editor != "" && u < pDJEdit:
		pl.remix = remixEditor
		g.buf = append(g.buf, " ("...)
		g.buf = append(g.buf, st.editor...)
		g.buf = append(g.buf, " Edit)"...)
	case tl && u < 0.5:
		g.buf = append(g.buf, versionsTL[int(u*8)%len(versionsTL)]...)
	case !tl && u < 0.18:
		g.buf = append(g.buf, versionsMX[int(u*18)%len(versionsMX)]...)
	}
	pl.title = span{int32(a), int32(len(g.buf))}

	switch u := g.r.Float64(); {
	case tl && u < 0.45:
		g.buf = append(g.buf, " ["...)
		a = len(g.buf)
		g.buf = append(g.buf, v.labelUpper...)
		pl.label = span{int32(a), int32(len(g.buf))}
		g.buf = append(g.buf, ']')
	case !tl && u < 0.35:
		g.buf = append(g.buf, " ["...)
		a = len(g.buf)
		g.buf = append(g.buf, v.label...)
		pl.label = span{int32(a), int32(len(g.buf))}
		g.buf = append(g.buf, " - "...)
		a = len(g.buf)
		g.buf = append(g.buf, v.catalog...)
		pl.catalog = span{int32(a), int32(len(g.buf))}
		g.buf = append(g.buf, ']')
	case !tl && u < 0.4:
		g.buf = append(g.buf, " ["...)
		a = len(g.buf)
		g.buf = append(g.buf, v.label...)
		pl.label = span{int32(a), int32(len(g.buf))}
		g.buf = append(g.buf, ']')
	}
	pl.line = span{int32(start), int32(len(g.buf))}

	if g.r.Float64() < st.hintAT {
		pl.hArtist, pl.hTitle = true, true
	}
	if pl.label.ok() && g.r.Float64() < st.hintLabel {
		pl.hLabel = true
	}
	if g.r.Float64() < st.hintBPM {
		pl.bpm = v.bpm
	}
	if g.r.Float64() < st.hintKey {
		n := st.notation
		if g.r.Float64() < 0.2 {
			n = g.r.IntN(numNotations)
		}
		pl.key = keyIndex(n, int(v.key))
	}
	if v.genre != "" && g.r.Float64() < st.hintGenre {
		pl.hGenre = true
	}
	if issue {
		switch u := g.r.Float64(); {
		case u < pBadBPM:
			pl.bpm = badBPMs[g.r.IntN(len(badBPMs))]
			pl.expect, pl.issue = exWarning, isBPM
		case u < pBadBPM+pBadKey:
			pl.key = badKeyIndex(g.r.IntN(len(badKeys)))
			pl.expect, pl.issue = exWarning, isKey
		}
	}
}

// unidentified renders a placeholder line. It has no hints but its cue.
func (g *Generator) unidentified(pl *trackPlan, st *style, pos int, cue string, cueSec int) {
	*pl = trackPlan{vocab: -1, artistOf: -1, key: -1, expect: exUnidentified, issue: isArtistUnidentified}
	start := len(g.buf)
	g.prefix(st, pos, cue, cueSec, pl)
	switch u := g.r.Float64(); {
	case u < 0.55:
		g.buf = append(g.buf, "ID"...)
		g.buf = append(g.buf, g.dash()...)
		g.buf = append(g.buf, "ID"...)
	case u < 0.85:
		pl.artistOf = int32(g.zAll.draw(g.r))
		pl.issue = isTitleUnidentified
		g.buf = append(g.buf, g.v.tracks[pl.artistOf].artists[0]...)
		g.buf = append(g.buf, g.dash()...)
		g.buf = append(g.buf, "ID"...)
	case u < 0.95:
		g.buf = append(g.buf, "ID"...)
	default:
		g.buf = append(g.buf, "???"...)
		g.buf = append(g.buf, g.dash()...)
		g.buf = append(g.buf, "???"...)
	}
	pl.line = span{int32(start), int32(len(g.buf))}
}

// failed renders a line with no artist/title separator and no hints (but
// its cue).
func (g *Generator) failed(pl *trackPlan, st *style, pos int, cue string, cueSec int) {
	*pl = trackPlan{vocab: -1, artistOf: -1, key: -1, expect: exFailed, issue: isUnparseable}
	start := len(g.buf)
	g.prefix(st, pos, cue, cueSec, pl)
	s := garbage[g.r.IntN(len(garbage))]
	if g.r.IntN(2) == 0 {
		s = notTracks[g.r.IntN(len(notTracks))]
		pl.expect, pl.issue = exNotTrack, isNotTrack
	}
	g.buf = append(g.buf, s...)
	if s == "Track " {
		// "Track 7" alone numbers the track the next lines describe: a
		// heading (tracklist/6), as such lines are on real pages.
		g.buf = strconv.AppendInt(g.buf, int64(pos), 10)
		pl.expect, pl.issue = exNotTrack, isNotTrack
	}
	pl.line = span{int32(start), int32(len(g.buf))}
}
