package gen

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
)

// The vocabulary: real artist names, titles, labels, DJs, venues and shows,
// derived from the SongNodes reference data by vocab_regen_test.go.
//
//go:embed vocab/tracks.tsv vocab/labels.tsv vocab/djs.txt vocab/venues.tsv vocab/events.tsv
var vocabFS embed.FS

// family is a coarse genre family: a set mostly stays in one.
type family uint8

const (
	famHouse family = iota
	famTechno
	famEDM
	famBass
	numFamilies
)

var familyNames = [numFamilies]string{"house", "techno", "edm", "bass"}

// genreInfo gives a genre's family and the tempo range of its tracks.
var genreInfo = map[string]struct {
	fam      family
	min, max int
}{
	"":                       {famHouse, 120, 126},
	"House":                  {famHouse, 120, 126},
	"Deep House":             {famHouse, 118, 124},
	"Tech House":             {famHouse, 124, 128},
	"Garage":                 {famHouse, 128, 134},
	"UK Garage":              {famHouse, 128, 134},
	"Dance":                  {famHouse, 120, 128},
	"Dance Pop":              {famHouse, 118, 126},
	"Pop":                    {famHouse, 118, 124},
	"Electronic":             {famHouse, 118, 128},
	"Funk":                   {famHouse, 108, 116},
	"Latin":                  {famHouse, 96, 104},
	"Hyperpop":               {famHouse, 130, 140},
	"Techno":                 {famTechno, 125, 132},
	"Melodic Techno":         {famTechno, 120, 125},
	"Melodic House & Techno": {famTechno, 120, 124},
	"Progressive House":      {famEDM, 126, 128},
	"Electro House":          {famEDM, 126, 130},
	"Big Room":               {famEDM, 126, 130},
	"Big Room House":         {famEDM, 126, 130},
	"Future Bass":            {famEDM, 140, 150},
	"Trance":                 {famEDM, 132, 138},
	"Dubstep":                {famBass, 140, 150},
	"Drum & Bass":            {famBass, 170, 176},
}

// vtrack is one recording of the vocabulary. bpm, key, label (when the
// reference data has none), catalog and succ are assigned from a hash of
// the credit, so they are the same in every playlist and every run.
// shortGroupAtEnd: a title ending in a bracket group ("(Blue)",
// "(smile on my face)"): the parser keeps it in the title, and doubts it.
func shortGroupAtEnd(title string) bool {
	return strings.HasSuffix(title, ")") && strings.LastIndexByte(title, '(') > 0
}

type vtrack struct {
	artists  []string
	featured []string
	title    string
	remixer  string
	genre    string
	label    string
	catalog  string
	// labelUpper is the label as 1001Tracklists prints it: "[DRUMCODE]".
	labelUpper string
	fam        family
	// unsure: the title ends in a bracket group ("I'm Good (Blue)",
	// "Danielle (smile on my face)") that a parser cannot tell from a
	// label, a version or a note: a correct one says so (extra_parts), so
	// its lines are warnings.
	unsure bool
	bpm    float64
	key    uint8 // pitch class*2 + 1 for minor: 0..23
	succ   int32 // the track this one is often mixed into
}

type vlabel struct {
	name, prefix string
	fam          family
}

type vvenue struct{ name, city string }

type vevent struct {
	name     string
	numbered bool // shows that number their episodes
}

type vocabulary struct {
	tracks   []vtrack
	byFamily [numFamilies][]int32 // track indexes, in popularity order
	labels   []vlabel
	labelsBy [numFamilies][]int
	djs      []string
	venues   []vvenue
	events   []vevent
}

var loadVocab = sync.OnceValue(func() *vocabulary {
	v, err := parseVocab()
	if err != nil {
		panic("gen: embedded vocabulary: " + err.Error())
	}
	return v
})

func hash64(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	// fnv's low bits are weak for small inputs: finish with a mixer.
	x := h.Sum64()
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

func eachLine(name string, cols int, fn func(f []string) error) error {
	b, err := vocabFS.ReadFile("vocab/" + name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != cols {
			return fmt.Errorf("%s:%d: %d columns, want %d", name, n, len(f), cols)
		}
		if err := fn(f); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

func splitNames(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

func parseVocab() (*vocabulary, error) {
	v := &vocabulary{}
	err := eachLine("labels.tsv", 3, func(f []string) error {
		fam := -1
		for i, n := range familyNames {
			if n == f[2] {
				fam = i
			}
		}
		if fam < 0 {
			return fmt.Errorf("unknown family %q", f[2])
		}
		v.labelsBy[fam] = append(v.labelsBy[fam], len(v.labels))
		v.labels = append(v.labels, vlabel{name: f[0], prefix: f[1], fam: family(fam)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	prefixOf := map[string]string{}
	for _, l := range v.labels {
		prefixOf[l.name] = l.prefix
	}
	err = eachLine("tracks.tsv", 6, func(f []string) error {
		gi, ok := genreInfo[f[4]]
		if !ok {
			return fmt.Errorf("genre %q has no tempo range", f[4])
		}
		t := vtrack{
			artists: splitNames(f[0]), featured: splitNames(f[1]),
			title: f[2], remixer: f[3], genre: f[4], label: f[5], fam: gi.fam,
		}
		if len(t.artists) == 0 || t.title == "" {
			return fmt.Errorf("no artist or title")
		}
		h := hash64(f[0], f[2], f[3])
		t.bpm = float64(gi.min + int(h%uint64(gi.max-gi.min+1)))
		t.key = uint8((h >> 16) % 24)
		if t.label == "" {
			ls := v.labelsBy[t.fam]
			t.label = v.labels[ls[(h>>24)%uint64(len(ls))]].name
		}
		t.labelUpper = strings.ToUpper(t.label)
		t.unsure = shortGroupAtEnd(t.title)
		prefix, ok := prefixOf[t.label]
		if !ok {
			return fmt.Errorf("label %q is not in labels.tsv", t.label)
		}
		t.catalog = fmt.Sprintf("%s%03d", prefix, 1+(h>>32)%480)
		v.byFamily[t.fam] = append(v.byFamily[t.fam], int32(len(v.tracks)))
		v.tracks = append(v.tracks, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Successors: each track has a favourite next track in its family,
	// skewed towards the popular ones, so that some transitions recur
	// across many sets (the signature mixes of a scene).
	for i := range v.tracks {
		t := &v.tracks[i]
		fam := v.byFamily[t.fam]
		h := hash64("succ", t.title, t.artists[0])
		for try := uint64(0); ; try++ {
			u := float64((h+try*0x9e3779b97f4a7c15)>>11) / (1 << 53)
			j := fam[int(u*u*float64(len(fam)))]
			if int(j) != i || len(fam) == 1 {
				t.succ = j
				break
			}
		}
	}
	err = eachLine("djs.txt", 1, func(f []string) error {
		v.djs = append(v.djs, f[0])
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("venues.tsv", 2, func(f []string) error {
		v.venues = append(v.venues, vvenue{name: f[0], city: f[1]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("events.tsv", 2, func(f []string) error {
		v.events = append(v.events, vevent{name: f[0], numbered: f[1] == "1"})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for fam, ts := range v.byFamily {
		if len(ts) == 0 {
			return nil, fmt.Errorf("no track of family %s", familyNames[fam])
		}
	}
	if len(v.djs) == 0 || len(v.venues) == 0 || len(v.events) == 0 {
		return nil, fmt.Errorf("empty DJ, venue or event list")
	}
	return v, nil
}

// Musical keys: key k is pitch class k/2, minor when k is odd.
var (
	sharpNames = [12]string{"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"}
	flatNames  = [12]string{"C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"}
	// keyStrings are the keys as scrapers write them, by notation.
	keyStrings = buildKeyStrings()
)

// Key notations a scraper may use.
const (
	notShort   = iota // Am, F#m, C#
	notFlat           // Bbm, Ebm, Ab
	notLong           // A minor, F# major
	notCamelot        // 8A, 1B
	notOpenKey        // 1m, 6d (Traktor)
	numNotations
)

func buildKeyStrings() (ks [numNotations][24]string) {
	for k := 0; k < 24; k++ {
		pc, minor := k/2, k%2 == 1
		base := 0
		if minor {
			base = 9
		}
		cam := ((8+7*(pc-base))%12 + 12) % 12
		if cam == 0 {
			cam = 12
		}
		open := (cam+4)%12 + 1
		if minor {
			ks[notShort][k] = sharpNames[pc] + "m"
			ks[notFlat][k] = flatNames[pc] + "m"
			ks[notLong][k] = sharpNames[pc] + " minor"
			ks[notCamelot][k] = fmt.Sprintf("%dA", cam)
			ks[notOpenKey][k] = fmt.Sprintf("%dm", open)
		} else {
			ks[notShort][k] = sharpNames[pc]
			ks[notFlat][k] = flatNames[pc]
			ks[notLong][k] = sharpNames[pc] + " major"
			ks[notCamelot][k] = fmt.Sprintf("%dB", cam)
			ks[notOpenKey][k] = fmt.Sprintf("%dd", open)
		}
	}
	return ks
}
