package tracklist

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// compat mirrors testdata/golden/songnodes-compat.json: the original
// SongNodes outputs that this package must reproduce.
type compat struct {
	TrackID []struct {
		Title     string   `json:"title"`
		Artist    string   `json:"artist"`
		Featured  []string `json:"featured"`
		Remixers  []string `json:"remixers"`
		RemixType string   `json:"remix_type"`
		IsRemix   bool     `json:"is_remix"`
		IsMashup  bool     `json:"is_mashup"`
		ID        string   `json:"id"`
	} `json:"track_id"`
	TrackIDFromLine []struct {
		Line string `json:"line"`
		ID   string `json:"id"`
	} `json:"track_id_from_line"`
	ParseLine []struct {
		Line           string   `json:"line"`
		Title          string   `json:"title"`
		PrimaryArtists []string `json:"primary_artists"`
		Featured       []string `json:"featured"`
		Remixers       []string `json:"remixers"`
		IsRemix        bool     `json:"is_remix"`
		IsMashup       bool     `json:"is_mashup"`
		Version        string   `json:"version"`
		Label          string   `json:"label"`
		LabelHint      string   `json:"label_hint"`
		Catalog        string   `json:"catalog"`
		Unidentified   bool     `json:"unidentified"`
	} `json:"parse_line"`
	CleanArtist []struct {
		In  string `json:"in"`
		Out string `json:"out"`
	} `json:"clean_artist"`
	Camelot struct {
		TableMinorA map[string]string `json:"table_minor_A"`
		TableMajorB map[string]string `json:"table_major_B"`
		ToCamelot   []struct {
			Key         string `json:"key"`
			SpotifyKey  *int   `json:"spotify_key"`
			SpotifyMode *int   `json:"spotify_mode"`
			Camelot     string `json:"camelot"`
		} `json:"to_camelot"`
		Compatible []struct {
			Key  string   `json:"key"`
			Keys []string `json:"keys"`
		} `json:"compatible"`
		Score []struct {
			A     string  `json:"a"`
			B     string  `json:"b"`
			Score float64 `json:"score"`
		} `json:"score"`
	} `json:"camelot"`
}

func loadCompat(t testing.TB) compat {
	t.Helper()
	b, err := os.ReadFile("testdata/golden/songnodes-compat.json")
	if err != nil {
		t.Fatal(err)
	}
	var c compat
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGoldenTrackID(t *testing.T) {
	c := loadCompat(t)
	if len(c.TrackID) == 0 {
		t.Fatal("no track_id vectors")
	}
	for _, v := range c.TrackID {
		got := TrackID(IDInput{Artist: v.Artist, Title: v.Title, Featured: v.Featured,
			Remixers: v.Remixers, RemixType: v.RemixType, IsRemix: v.IsRemix, IsMashup: v.IsMashup})
		if got != v.ID {
			t.Errorf("TrackID(%s / %s %+v) = %s, want %s", v.Artist, v.Title, v, got, v.ID)
		}
	}
}

func TestGoldenTrackIDFromLine(t *testing.T) {
	c := loadCompat(t)
	if len(c.TrackIDFromLine) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range c.TrackIDFromLine {
		tr := ParseLine(v.Line)
		if got := tr.ID(); got != v.ID {
			t.Errorf("ParseLine(%q).ID() = %s, want %s (track %+v)", v.Line, got, v.ID, tr)
		}
		if a := Analyze(v.Line, Hints{}); a.TrackID != v.ID || a.Status != StatusValid {
			t.Errorf("Analyze(%q) = %s %s, want %s valid", v.Line, a.TrackID, a.Status, v.ID)
		}
	}
}

func TestGoldenParseLine(t *testing.T) {
	c := loadCompat(t)
	if len(c.ParseLine) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range c.ParseLine {
		t.Run(v.Line, func(t *testing.T) {
			tr := ParseLine(v.Line)
			if v.Unidentified {
				if !tr.Unidentified || tr.ID() != "" {
					t.Errorf("want unidentified without ID, got %+v id=%q", tr, tr.ID())
				}
				return
			}
			label := v.Label
			if label == "" {
				label = v.LabelHint
			}
			check := func(field string, got, want any) {
				t.Helper()
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %#v, want %#v", field, got, want)
				}
			}
			check("title", tr.Title, v.Title)
			check("artists", tr.Artists, orEmpty(v.PrimaryArtists))
			check("featured", tr.Featured, orEmpty(v.Featured))
			check("remixers", tr.Remixers, orEmpty(v.Remixers))
			check("is_remix", tr.IsRemix, v.IsRemix)
			check("is_mashup", tr.IsMashup, v.IsMashup)
			check("version", tr.Version, v.Version)
			check("label", tr.Label, label)
			check("catalog", tr.Catalog, v.Catalog)
			check("unidentified", tr.Unidentified, false)
		})
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func TestGoldenCleanArtist(t *testing.T) {
	c := loadCompat(t)
	if len(c.CleanArtist) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range c.CleanArtist {
		primary, featured := SplitArtists(v.In)
		if len(primary) != 1 || primary[0] != v.Out || len(featured) != 0 {
			t.Errorf("SplitArtists(%q) = %q, %q; want [%q]", v.In, primary, featured, v.Out)
		}
		// The same prefix in front of a whole line.
		tr := ParseLine(v.In + " - Some Title")
		if len(tr.Artists) != 1 || tr.Artists[0] != v.Out {
			t.Errorf("ParseLine(%q).Artists = %q, want [%q]", v.In+" - Some Title", tr.Artists, v.Out)
		}
	}
}

func TestGoldenCamelotTables(t *testing.T) {
	c := loadCompat(t)
	tables := map[string]string{}
	for k, v := range c.Camelot.TableMinorA {
		tables[k] = v
	}
	for k, v := range c.Camelot.TableMajorB {
		tables[k] = v
	}
	if len(tables) != 24 {
		t.Fatalf("golden tables have %d keys, want 24", len(tables))
	}
	for code, names := range tables {
		spellings := strings.Split(names, "/")
		k, ok := ParseKey(code)
		if !ok {
			t.Fatalf("ParseKey(%q) failed", code)
		}
		// Canonical spelling is the table's first spelling.
		if k.String() != spellings[0] {
			t.Errorf("ParseKey(%q).String() = %q, want %q", code, k.String(), spellings[0])
		}
		if k.Camelot() != code {
			t.Errorf("ParseKey(%q).Camelot() = %q", code, k.Camelot())
		}
		for _, sp := range append(spellings, names) {
			k2, ok := ParseKey(sp)
			if !ok || k2 != k {
				t.Errorf("ParseKey(%q) = %v %v, want %s", sp, k2, ok, code)
			}
		}
	}
	for _, v := range c.Camelot.ToCamelot {
		var k Key
		var ok bool
		if v.SpotifyKey != nil {
			k, ok = KeyFromPitchClass(*v.SpotifyKey, *v.SpotifyMode)
		} else {
			k, ok = ParseKey(v.Key)
		}
		if !ok || k.Camelot() != v.Camelot {
			t.Errorf("to_camelot %+v: got %q ok=%v", v, k.Camelot(), ok)
		}
	}
	for _, v := range c.Camelot.Compatible {
		k, _ := ParseKey(v.Key)
		var got []string
		for _, ck := range CompatibleKeys(k) {
			got = append(got, ck.Camelot())
		}
		if !reflect.DeepEqual(got, v.Keys) {
			t.Errorf("CompatibleKeys(%s) = %v, want %v", v.Key, got, v.Keys)
		}
	}
	for _, v := range c.Camelot.Score {
		a, _ := ParseKey(v.A)
		b, _ := ParseKey(v.B)
		if got := Compatibility(a, b); got != v.Score {
			t.Errorf("Compatibility(%s, %s) = %v, want %v", v.A, v.B, got, v.Score)
		}
		if got := Compatibility(b, a); got != v.Score {
			t.Errorf("Compatibility(%s, %s) = %v, want %v (symmetry)", v.B, v.A, got, v.Score)
		}
	}
}

// TestGoldenFileIsComplete guards against a silently truncated golden copy:
// every section the original documents must be present and non-empty.
func TestGoldenFileIsComplete(t *testing.T) {
	b, err := os.ReadFile("testdata/golden/songnodes-compat.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"about", "camelot", "clean_artist", "parse_line", "track_id", "track_id_from_line"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("golden sections = %v, want %v", keys, want)
	}
}
