package gen

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hamba/avro/v2"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
)

// decodeLikeIngest decodes one JSON line the way ingest does
// (internal/ingest/decode.go): raw UTF-8 check, the playlist with played_on
// as a date string, unknown fields refused, one value per line, source
// from the URL, then Validate unless validate is false. Errors are worded
// like ingest's, so that they name the same field.
func decodeLikeIngest(b []byte, source string, validate bool) (*record.ScrapedPlaylist, error) {
	if !utf8.Valid(b) {
		return nil, errors.New("not valid UTF-8")
	}
	var pj struct {
		record.ScrapedPlaylist
		PlayedOn *string `json:"played_on"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pj); err != nil {
		var te *json.UnmarshalTypeError
		var pe *time.ParseError
		switch {
		case errors.As(err, &te):
			field := strings.TrimPrefix(te.Field, "ScrapedPlaylist.")
			if sub, ok := strings.CutPrefix(field, "tracks."); ok {
				field = fmt.Sprintf("tracks[%d].%s", badTrack(b), sub)
			}
			return nil, fmt.Errorf("field %s: want %s, got %s", field, te.Type, te.Value)
		case errors.As(err, &pe):
			return nil, fmt.Errorf("field scraped_at: %q is not an RFC 3339 time", pe.Value)
		}
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more than one JSON value on the line")
	}
	p := &pj.ScrapedPlaylist
	switch {
	case p.Source == "":
		p.Source = source
	case p.Source != source:
		return nil, fmt.Errorf("field source: %q does not match the source %q in the URL", p.Source, source)
	}
	if pj.PlayedOn != nil {
		if text := strings.TrimSpace(*pj.PlayedOn); text != "" {
			p.PlayedOnText = &text
			if d, err := time.Parse(time.DateOnly, text); err == nil {
				p.PlayedOn = &d
			}
		}
	}
	if p.DjNames == nil {
		p.DjNames = []string{}
	}
	if p.Tracks == nil {
		p.Tracks = []record.ScrapedTrack{}
	}
	p.ScrapedAt = p.ScrapedAt.UTC().Truncate(time.Millisecond)
	if validate {
		if err := p.Validate(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// badTrack returns the index of the first track of b that does not
// decode, as ingest names it.
func badTrack(b []byte) int {
	var v struct{ Tracks []json.RawMessage }
	if json.Unmarshal(b, &v) != nil {
		return -1
	}
	for i, raw := range v.Tracks {
		var t record.ScrapedTrack
		if json.Unmarshal(raw, &t) != nil {
			return i
		}
	}
	return -1
}

var sources = []string{"mixesdb", "1001tracklists"}

func TestDeterministic(t *testing.T) {
	for _, src := range sources {
		cfg := Config{Source: src, Seed: 99, BadRatio: 0.2, RescrapeRatio: 0.05}
		a, b := New(cfg), New(cfg)
		cfg.Seed++
		c := New(cfg)
		same := 0
		for i := range 1000 {
			x, y, z := a.Next(), b.Next(), c.Next()
			if !bytes.Equal(x.JSON, y.JSON) || x.Bad != y.Bad || !reflect.DeepEqual(x.Tracks, y.Tracks) {
				t.Fatalf("%s item %d differs between two generators with the same seed:\n%s\n%s", src, i, x.JSON, y.JSON)
			}
			if bytes.Equal(x.JSON, z.JSON) {
				same++
			}
		}
		if same > 0 {
			t.Errorf("%s: %d items equal under another seed", src, same)
		}
	}
}

func TestBadRatio(t *testing.T) {
	for _, ratio := range []float64{0, 0.1, 1} {
		g := New(Config{Seed: 1, BadRatio: ratio})
		var c Counts
		n := 10000
		if ratio == 0 || ratio == 1 {
			n = 1000
		}
		for range n {
			c.Add(g.Next())
		}
		got := float64(c.Bad) / float64(n)
		// 4 standard deviations of a binomial share.
		if tol := 4*math.Sqrt(ratio*(1-ratio)/float64(n)) + 1e-9; math.Abs(got-ratio) > tol {
			t.Errorf("BadRatio %v: %d of %d bad (%.4f)", ratio, c.Bad, n, got)
		}
		if c.Good+c.Bad != n || c.Playlists != n {
			t.Errorf("counts do not add up: %+v", c)
		}
		if ratio >= 0.1 {
			for _, k := range BadKinds {
				if c.BadByKind[k] == 0 {
					t.Errorf("BadRatio %v: no item of kind %s", ratio, k)
				}
			}
		}
	}
	g := New(Config{Seed: 1, BadRatio: 1, BadKinds: []BadKind{BadSourceURL}})
	for range 100 {
		if it := g.Next(); it.Bad != BadSourceURL {
			t.Fatalf("BadKinds not respected: %s", it.Bad)
		}
	}
}

// testItem is an item and the source it was made for.
type testItem struct {
	Item
	src string
}

// items returns n items of both sources, with bad ones and re-scrapes.
func items(t testing.TB, n int, badRatio float64) []testItem {
	var out []testItem
	for i, src := range sources {
		g := New(Config{Source: src, Seed: uint64(7 + i), BadRatio: badRatio, RescrapeRatio: 0.03})
		for range n {
			out = append(out, testItem{g.Next(), src})
		}
	}
	return out
}

func TestGoodItemsValidateAndRoundTrip(t *testing.T) {
	for _, it := range items(t, 1500, 0.2) {
		if it.Bad != "" {
			continue
		}
		p := it.Playlist
		if err := p.Validate(); err != nil {
			t.Fatalf("item %d does not validate: %v\n%s", it.Index, err, it.JSON)
		}
		if bytes.IndexByte(it.JSON, '\n') >= 0 || !utf8.Valid(it.JSON) || !json.Valid(it.JSON) {
			t.Fatalf("item %d: not one valid JSON line:\n%s", it.Index, it.JSON)
		}
		got, err := decodeLikeIngest(it.JSON, p.Source, true)
		if err != nil {
			t.Fatalf("item %d refused: %v\n%s", it.Index, err, it.JSON)
		}
		if !reflect.DeepEqual(got, p) {
			t.Fatalf("item %d decodes to another playlist:\n got %+v\nwant %+v\n%s", it.Index, got, p, it.JSON)
		}
		// The playlist is what ingest writes to Kafka: it must survive Avro.
		b, err := avro.Marshal(record.ScrapedPlaylistSchema, p)
		if err != nil {
			t.Fatalf("item %d: avro: %v", it.Index, err)
		}
		var back record.ScrapedPlaylist
		if err := avro.Unmarshal(record.ScrapedPlaylistSchema, b, &back); err != nil {
			t.Fatalf("item %d: avro: %v", it.Index, err)
		}
		if !reflect.DeepEqual(&back, p) {
			t.Fatalf("item %d changes through Avro:\n got %+v\nwant %+v", it.Index, &back, p)
		}
	}
}

func TestBadItemsRefused(t *testing.T) {
	seen := map[BadKind]int{}
	for _, it := range items(t, 1500, 0.5) {
		if it.Bad == "" {
			continue
		}
		seen[it.Bad]++
		source := it.src
		if bytes.IndexByte(it.JSON, '\n') >= 0 {
			t.Fatalf("%s item has a newline:\n%s", it.Bad, it.JSON)
		}
		if it.Tracks != nil {
			t.Errorf("%s item has track truth", it.Bad)
		}
		_, err := decodeLikeIngest(it.JSON, source, true)
		if err == nil {
			t.Fatalf("%s item accepted:\n%s", it.Bad, it.JSON)
		}
		if !strings.Contains(err.Error(), it.BadField) {
			t.Errorf("%s: error %q does not name %q", it.Bad, err, it.BadField)
		}
		if !it.Bad.Validates() {
			if it.Playlist != nil {
				t.Errorf("%s item has a playlist", it.Bad)
			}
			continue
		}
		// A data-model fault: the JSON decodes to Item.Playlist, which
		// Validate refuses.
		p, err := decodeLikeIngest(it.JSON, source, false)
		if err != nil {
			t.Fatalf("%s item does not decode: %v\n%s", it.Bad, err, it.JSON)
		}
		if !reflect.DeepEqual(p, it.Playlist) {
			t.Fatalf("%s item decodes to another playlist:\n got %+v\nwant %+v", it.Bad, p, it.Playlist)
		}
		if err := p.Validate(); err == nil || !strings.Contains(err.Error(), it.BadField) {
			t.Errorf("%s: Validate says %v, want it to name %q", it.Bad, err, it.BadField)
		}
	}
	for _, k := range BadKinds {
		if seen[k] < 30 {
			t.Errorf("only %d items of kind %s", seen[k], k)
		}
	}
}

func TestPlaylistShape(t *testing.T) {
	for _, it := range items(t, 2000, 0) {
		p := it.Playlist
		if n := len(p.Tracks); n < 10 || n > 30 {
			t.Fatalf("item %d has %d tracks", it.Index, n)
		}
		if len(it.Tracks) != len(p.Tracks) {
			t.Fatalf("item %d: %d truths for %d tracks", it.Index, len(it.Tracks), len(p.Tracks))
		}
		if p.ParserVersion != ParserVersion || p.PlayedOnText == nil || !strings.HasPrefix(p.Name, *p.PlayedOnText+" - ") {
			t.Fatalf("item %d: bad metadata %+v", it.Index, p)
		}
		if p.PlayedOn != nil && p.PlayedOn.Format(time.DateOnly) != *p.PlayedOnText {
			t.Fatalf("item %d: played_on %v vs %q", it.Index, p.PlayedOn, *p.PlayedOnText)
		}
		if want := DefaultNow.Add(time.Duration(it.Index) * time.Second); it.RescrapeOf < 0 && !p.ScrapedAt.Equal(want) {
			t.Fatalf("item %d scraped at %v, want %v", it.Index, p.ScrapedAt, want)
		}
		for i, tr := range p.Tracks {
			truth := it.Tracks[i]
			if tr.Position != i+1 || truth.Position != i+1 || truth.Line != tr.RawLine {
				t.Fatalf("item %d track %d: position %d, truth %+v", it.Index, i, tr.Position, truth)
			}
			// Hints are consistent with the line.
			for name, h := range map[string]*string{"artist": tr.Artist, "title": tr.Title, "label": tr.Label, "catalog": tr.Catalog, "cue": tr.Cue} {
				if h != nil && !strings.Contains(tr.RawLine, *h) {
					t.Fatalf("%s hint %q is not in the line %q", name, *h, tr.RawLine)
				}
			}
			if tr.Bpm != nil && truth.Issue != "bpm_out_of_range" && (*tr.Bpm < 90 || *tr.Bpm > 180) {
				t.Fatalf("bpm %v for %q", *tr.Bpm, tr.RawLine)
			}
			switch truth.Expect {
			case ExpectValid, ExpectWarning:
				if truth.Artist == "" || truth.Title == "" || truth.Track < 0 ||
					!strings.Contains(tr.RawLine, truth.Artist) || !strings.Contains(tr.RawLine, truth.Title) {
					t.Fatalf("truth %+v", truth)
				}
			case ExpectUnidentified, ExpectFailed, ExpectNotTrack:
				if truth.Title != "" || truth.Track >= 0 || tr.Artist != nil || tr.Title != nil || tr.Bpm != nil || tr.Key != nil {
					t.Fatalf("placeholder or garbage line with hints or truth: %+v %+v", truth, tr)
				}
			default:
				t.Fatalf("expect %q", truth.Expect)
			}
		}
	}
}

func TestTrackTruthCounts(t *testing.T) {
	var c Counts
	withArtist, tracks := 0, 0
	for _, it := range items(t, 3000, 0.1) {
		c.Add(it.Item)
		if it.Bad != "" {
			continue
		}
		tracks += len(it.Playlist.Tracks)
		for _, tr := range it.Tracks {
			if tr.Artist != "" {
				withArtist++
			}
		}
	}
	sum, issues := 0, 0
	for _, n := range c.TracksByExpect {
		sum += n
	}
	for _, n := range c.TracksByIssue {
		issues += n
	}
	if sum != c.Tracks || c.Tracks != tracks || c.TracksWithArtist != withArtist {
		t.Fatalf("counts do not add up: %+v (tracks %d, with artist %d)", c, tracks, withArtist)
	}
	if issues != c.Tracks-c.TracksByExpect[ExpectValid] {
		t.Errorf("every non-valid line has an issue, every valid one none: %+v", c)
	}
	share := func(e string) float64 { return float64(c.TracksByExpect[e]) / float64(c.Tracks) }
	for e, r := range map[string][2]float64{
		ExpectUnidentified: {0.05, 0.08},
		ExpectFailed:       {0.002, 0.01},
		ExpectNotTrack:     {0.002, 0.01},
		ExpectWarning:      {0.012, 0.05},
		ExpectValid:        {0.88, 0.94},
	} {
		if s := share(e); s < r[0] || s > r[1] {
			t.Errorf("%s lines: %.4f, want %v..%v", e, s, r[0], r[1])
		}
	}
	if c.TracksByIssue["bpm_out_of_range"] == 0 || c.TracksByIssue["key_unparsed"] == 0 {
		t.Errorf("no injected warning: %v", c.TracksByIssue)
	}
	t.Logf("%d playlists, %d tracks: %v %v", c.Good, c.Tracks, c.TracksByExpect, c.TracksByIssue)
}

func TestPopularity(t *testing.T) {
	plays := map[int]int{}
	pairs := map[[2]int]int{}
	total, transitions, self := 0, 0, 0
	for _, it := range items(t, 2000, 0) {
		if it.RescrapeOf >= 0 {
			continue
		}
		prev := -1
		for _, tr := range it.Tracks {
			if tr.Track >= 0 {
				plays[tr.Track]++
				total++
				if prev >= 0 {
					pairs[[2]int{prev, tr.Track}]++
					transitions++
				}
			}
			prev = tr.Track
		}
	}
	counts := make([]int, 0, len(plays))
	for _, n := range plays {
		counts = append(counts, n)
	}
	sortDesc(counts)
	top := 0
	for _, n := range counts[:10] {
		top += n
	}
	topShare := float64(top) / float64(total)
	if topShare < 0.25 {
		t.Errorf("top 10 of %d tracks have %.2f of %d plays, want a power law", len(counts), topShare, total)
	}
	if len(counts) < len(loadVocab().tracks)*9/10 {
		t.Errorf("only %d of %d tracks played: the tail is missing", len(counts), len(loadVocab().tracks))
	}
	repeated, maxPair := 0, 0
	for pr, n := range pairs {
		if pr[0] == pr[1] {
			self += n
		}
		if n > 1 {
			repeated += n
		}
		maxPair = max(maxPair, n)
	}
	if self == 0 || float64(self)/float64(transitions) > 0.03 {
		t.Errorf("%d of %d transitions repeat the same track", self, transitions)
	}
	if float64(repeated)/float64(transitions) < 0.5 || maxPair < 50 {
		t.Errorf("transitions do not recur: %d of %d in repeated pairs, busiest pair %d", repeated, transitions, maxPair)
	}
	t.Logf("top 10 tracks: %.2f of %d plays over %d tracks; %d of %d transitions repeat, busiest pair %d times; %d back to back",
		topShare, total, len(counts), repeated, transitions, maxPair, self)
}

func sortDesc(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] > s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestDistinctURLsAndRescrapes(t *testing.T) {
	for _, src := range sources {
		g := New(Config{Source: src, Seed: 3, RescrapeRatio: 0.05, BadRatio: 0.05})
		byURL := map[string]Item{}
		byIndex := map[int]Item{}
		rescrapes := 0
		for range 10000 {
			it := g.Next()
			byIndex[it.Index] = it
			if it.Bad != "" {
				continue
			}
			p := it.Playlist
			prev, seen := byURL[p.SourceURL]
			if it.RescrapeOf < 0 {
				if seen {
					t.Fatalf("%s: URL %s handed out twice", src, p.SourceURL)
				}
				byURL[p.SourceURL] = it
				continue
			}
			rescrapes++
			orig := byIndex[it.RescrapeOf]
			if !seen || orig.Playlist.SourceURL != p.SourceURL || orig.Playlist.Name != p.Name ||
				!reflect.DeepEqual(orig.Playlist.SourcePlaylistID, p.SourcePlaylistID) {
				t.Fatalf("%s: re-scrape %d of %d changed the page:\n%s\n%s", src, it.Index, it.RescrapeOf, orig.JSON, it.JSON)
			}
			if !p.ScrapedAt.After(orig.Playlist.ScrapedAt) || len(p.Tracks) != len(orig.Playlist.Tracks) {
				t.Fatalf("%s: re-scrape not later or not the same length", src)
			}
			diff := 0
			for i := range p.Tracks {
				if p.Tracks[i].RawLine != orig.Playlist.Tracks[i].RawLine {
					diff++
				}
			}
			if diff != 1 {
				t.Fatalf("%s: re-scrape changed %d lines:\n%s\n%s", src, diff, orig.JSON, it.JSON)
			}
			byURL[p.SourceURL] = it
			_ = prev
		}
		if rescrapes < 250 {
			t.Errorf("%s: only %d re-scrapes", src, rescrapes)
		}
	}
	// Rescrape on demand.
	g := New(Config{Seed: 5})
	first := g.Next()
	again := g.Rescrape(first)
	if again.RescrapeOf != first.Index || again.Playlist.SourceURL != first.Playlist.SourceURL || again.Index != 1 {
		t.Fatalf("Rescrape: %+v", again)
	}
	if _, err := decodeLikeIngest(again.JSON, "mixesdb", true); err != nil {
		t.Fatal(err)
	}
}

func TestUnicode(t *testing.T) {
	v := loadVocab()
	want := map[string]bool{"Tiësto": false, "GATTÜSO": false, "Röyksopp": false, "MARTEN HØRGER": false, "Kölsch": false}
	for _, tr := range v.tracks {
		for _, a := range tr.artists {
			if _, ok := want[a]; ok {
				want[a] = true
			}
		}
	}
	for _, d := range v.djs {
		if _, ok := want[d]; ok {
			want[d] = true
		}
	}
	for name, found := range want {
		if !found {
			t.Errorf("%s is not in the vocabulary", name)
		}
	}
	// Non-ASCII names travel as raw UTF-8 and come back intact.
	found := 0
	for _, it := range items(t, 2000, 0) {
		if !bytes.Contains(it.JSON, []byte("Tiësto")) {
			continue
		}
		found++
		p, err := decodeLikeIngest(it.JSON, it.Playlist.Source, true)
		if err != nil || !strings.Contains(fmt.Sprint(p), "Tiësto") {
			t.Fatalf("Tiësto lost: %v", err)
		}
	}
	if found == 0 {
		t.Error("no playlist names Tiësto")
	}
	// MixesDB URLs are spelled as MixesDB spells them.
	for title, u := range map[string]string{
		"2020-09-11 - Damon Sharpe, GATTÜSO - Brainjack Radio 004":   "https://www.mixesdb.com/w/2020-09-11_-_Damon_Sharpe,_GATT%C3%9CSO_-_Brainjack_Radio_004",
		"2021-06-08 - Michael Calfan & HARBER - House Club Set Plus": "https://www.mixesdb.com/w/2021-06-08_-_Michael_Calfan_%26_HARBER_-_House_Club_Set_Plus",
		"2006-08-13 - Gigi D'Agostino @ Basilico Beach, Rimini":      "https://www.mixesdb.com/w/2006-08-13_-_Gigi_D%27Agostino_@_Basilico_Beach,_Rimini",
	} {
		if got := mixesdbURL(title); got != u {
			t.Errorf("mixesdbURL(%q) = %s, want %s", title, got, u)
		}
	}
	if got := slugify("Tiësto & Röyksopp @ Ushuaïa, Ibiza 2024-07-01"); got != "tiesto-royksopp-ushuaia-ibiza-2024-07-01" {
		t.Errorf("slugify: %s", got)
	}
}

func TestKeyNotations(t *testing.T) {
	// A minor in every notation, and C major.
	am, c := 9*2+1, 0
	for n, want := range [numNotations][2]string{
		notShort: {"Am", "C"}, notFlat: {"Am", "C"}, notLong: {"A minor", "C major"},
		notCamelot: {"8A", "8B"}, notOpenKey: {"1m", "1d"},
	} {
		if keyStrings[n][am] != want[0] || keyStrings[n][c] != want[1] {
			t.Errorf("notation %d: %s %s, want %v", n, keyStrings[n][am], keyStrings[n][c], want)
		}
	}
	if k := keyStrings[notFlat][10*2+1]; k != "Bbm" {
		t.Errorf("B flat minor: %s", k)
	}
	if k := keyStrings[notCamelot][8*2+1]; k != "1A" { // G#m
		t.Errorf("G#m: %s", k)
	}
	for i, k := range allKeys {
		if k == "" {
			t.Fatalf("allKeys[%d] is empty", i)
		}
	}
	if allKeys[keyIndex(notOpenKey, am)] != "1m" || allKeys[badKeyIndex(0)] != badKeys[0] {
		t.Error("allKeys is out of order")
	}
}

// encodeFramed frames p the way serde.Encoder does.
func encodeFramed(t *testing.T, p *record.ScrapedPlaylist, id int) []byte {
	body, err := avro.Marshal(record.ScrapedPlaylistSchema, p)
	if err != nil {
		t.Fatal(err)
	}
	b := []byte{0, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[1:], uint32(id))
	return append(b, body...)
}

// decodeFramed checks a value the way a stage does (serde.Decoder with a
// registry that knows only id), returning the dead-letter reason or "".
func decodeFramed(b []byte, id, maxBytes int) (string, *record.ScrapedPlaylist) {
	switch {
	case len(b) > maxBytes:
		return "oversize", nil
	case len(b) < 5 || b[0] != 0:
		return "bad_framing", nil
	case int(binary.BigEndian.Uint32(b[1:5])) != id:
		return "unknown_schema", nil
	}
	var p record.ScrapedPlaylist
	r := avro.NewReader(nil, 0).Reset(b[5:])
	r.ReadVal(record.ScrapedPlaylistSchema, &p)
	if r.Error != nil {
		return "decode_error", nil
	}
	if r.Peek(); r.Error == nil {
		return "decode_error", nil
	}
	if serde.CheckUTF8(&p) != nil {
		return "decode_error", nil
	}
	return "", &p
}

func TestBadRecordValue(t *testing.T) {
	const id, maxBytes = 7, 64 << 10
	g := New(Config{Seed: 11})
	for range 50 {
		it := g.Next()
		good := encodeFramed(t, it.Playlist, id)
		if reason, p := decodeFramed(good, id, maxBytes); reason != "" || !reflect.DeepEqual(p, it.Playlist) {
			t.Fatalf("good value refused: %s", reason)
		}
		for _, f := range FrameFaults {
			bad := BadRecordValue(f, good, maxBytes)
			reason, _ := decodeFramed(bad, id, maxBytes)
			if reason != string(f.Reason()) {
				t.Errorf("%s: decoded as %q, want %s", f, reason, f.Reason())
			}
			if f == FrameOversize {
				if len(bad) != maxBytes+1 {
					t.Errorf("oversize value has %d bytes, want %d", len(bad), maxBytes+1)
				}
				// Apart from its size, it is a good playlist.
				reason, p := decodeFramed(bad, id, len(bad))
				if reason != "" || p.Validate() != nil || p.Name != it.Playlist.Name {
					t.Errorf("oversize value is not a valid playlist: %s", reason)
				}
			}
			if !bytes.Equal(good, encodeFramed(t, it.Playlist, id)) {
				t.Fatal("BadRecordValue changed its input")
			}
		}
	}
}

func TestNewPanics(t *testing.T) {
	for _, cfg := range []Config{{Source: "Mixes DB"}, {BadRatio: 1.5}, {BadKinds: []BadKind{"nope"}}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%+v) did not panic", cfg)
				}
			}()
			New(cfg)
		}()
	}
}

func BenchmarkNext(b *testing.B) {
	for _, src := range sources {
		b.Run(src, func(b *testing.B) {
			g := New(Config{Source: src, Seed: 1, BadRatio: 0.02})
			tracks, bytes := 0, 0
			b.ReportAllocs()
			for b.Loop() {
				it := g.Next()
				tracks += len(it.Tracks)
				bytes += len(it.JSON)
			}
			s := b.Elapsed().Seconds()
			b.ReportMetric(float64(b.N)/s, "playlists/s")
			b.ReportMetric(float64(tracks)/s, "tracks/s")
			b.SetBytes(int64(bytes / b.N))
		})
	}
}
