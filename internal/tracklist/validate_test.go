package tracklist

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestAnalyze(t *testing.T) {
	cases := []struct {
		name    string
		line    string
		h       Hints
		status  Status
		issues  []string
		artists []string
		title   string
		key     string
		camelot string
		check   func(t *testing.T, a Analysis)
	}{
		{name: "clean line", line: "Deadmau5 - Strobe", status: StatusValid,
			artists: []string{"Deadmau5"}, title: "Strobe"},
		{name: "clean with agreeing hints", line: "Chris Lake & Sante Sansone - Free Your Body (Extended Mix)",
			h:      Hints{Artist: "Chris Lake & Sante Sansone", Title: "Free Your Body", Key: "Am", BPM: 126, Genre: "Tech House"},
			status: StatusValid, artists: []string{"Chris Lake", "Sante Sansone"}, title: "Free Your Body", key: "Am", camelot: "8A",
			check: func(t *testing.T, a Analysis) {
				if a.BPM != 126 || a.Genre != "Tech House" || a.TrackID != "0857c566da1f7033" {
					t.Errorf("bpm/genre/id: %v %q %q", a.BPM, a.Genre, a.TrackID)
				}
			}},
		{name: "key in every notation", line: "X - Y", h: Hints{Key: "B♭m"}, status: StatusValid,
			artists: []string{"X"}, title: "Y", key: "A#m", camelot: "3A"},
		{name: "camelot hint", line: "X - Y", h: Hints{Key: "08A"}, status: StatusValid,
			artists: []string{"X"}, title: "Y", key: "Am", camelot: "8A"},
		{name: "bad key", line: "X - Y", h: Hints{Key: "H moll"}, status: StatusWarning,
			issues: []string{IssueKeyUnparsed}, artists: []string{"X"}, title: "Y"},
		{name: "bpm out of range", line: "X - Y", h: Hints{BPM: 512}, status: StatusWarning,
			issues: []string{IssueBPMOutOfRange}, artists: []string{"X"}, title: "Y",
			check: func(t *testing.T, a Analysis) {
				if a.BPM != 0 {
					t.Errorf("out-of-range BPM kept: %v", a.BPM)
				}
			}},
		{name: "bpm NaN", line: "X - Y", h: Hints{BPM: math.NaN()}, status: StatusWarning,
			issues: []string{IssueBPMOutOfRange}, artists: []string{"X"}, title: "Y"},
		{name: "unparseable line, both hints", line: "Deadmau5 Strobe",
			h:      Hints{Artist: "Deadmau5", Title: "Strobe (Original Mix)"},
			status: StatusWarning, issues: []string{IssueParsedFromHints, IssueUnparseable},
			artists: []string{"Deadmau5"}, title: "Strobe",
			check: func(t *testing.T, a Analysis) {
				if a.TrackID != "94148be74cbc9fa5" || a.Version != "Original Mix" {
					t.Errorf("id %q version %q", a.TrackID, a.Version)
				}
			}},
		{name: "title-only line with artist hint", line: "Strobe (Radio Edit)", h: Hints{Artist: "deadmau5"},
			status: StatusWarning, issues: []string{IssueParsedFromHints, IssueUnparseable},
			artists: []string{"deadmau5"}, title: "Strobe",
			check: func(t *testing.T, a Analysis) {
				if a.TrackID != "94148be74cbc9fa5" {
					t.Errorf("id %q", a.TrackID)
				}
			}},
		{name: "unparseable, no hints", line: "just some words", status: StatusFailed,
			issues: []string{IssueArtistMissing, IssueTitleMissing, IssueUnparseable}},
		{name: "empty", line: "   ", status: StatusFailed,
			issues: []string{IssueArtistMissing, IssueEmptyLine, IssueTitleMissing}},
		{name: "empty line, hints", line: "", h: Hints{Artist: "Tiësto", Title: "Adagio for Strings"},
			status: StatusWarning, issues: []string{IssueEmptyLine, IssueParsedFromHints},
			artists: []string{"Tiësto"}, title: "Adagio for Strings",
			check: func(t *testing.T, a Analysis) {
				if a.TrackID != "41cb61ae645f57a0" {
					t.Errorf("id %q", a.TrackID)
				}
			}},
		{name: "placeholder", line: "ID - ID", status: StatusUnidentified,
			issues: []string{IssueArtistUnidentified, IssueTitleUnidentified}},
		{name: "placeholder, placeholder hints", line: "ID - ID", h: Hints{Artist: "ID", Title: "ID"}, status: StatusUnidentified,
			issues: []string{IssueArtistUnidentified, IssueTitleUnidentified}},
		{name: "artist known, title unknown", line: "[12:00] ARTBAT - ID", status: StatusUnidentified,
			issues: []string{IssueTitleUnidentified}, artists: []string{"ARTBAT"}},
		{name: "placeholder filled by hints", line: "ARTBAT - ID", h: Hints{Title: "Horizon"},
			status: StatusWarning, issues: []string{IssueParsedFromHints}, artists: []string{"ARTBAT"}, title: "Horizon"},
		{name: "title missing", line: "Deadmau5 - (Extended Mix)", status: StatusFailed,
			issues: []string{IssueTitleMissing}, artists: []string{"Deadmau5"}},
		{name: "artist mismatch: line wins", line: "Deadmau5 - Strobe", h: Hints{Artist: "Kaskade"},
			status: StatusWarning, issues: []string{IssueHintMismatch}, artists: []string{"Deadmau5"}, title: "Strobe",
			check: func(t *testing.T, a Analysis) {
				if !reflect.DeepEqual(a.HintMismatches, []string{"artist"}) {
					t.Errorf("mismatches %v", a.HintMismatches)
				}
			}},
		{name: "title mismatch", line: "Deadmau5 - Strobe", h: Hints{Title: "Ghosts 'n' Stuff"},
			status: StatusWarning, issues: []string{IssueHintMismatch}, artists: []string{"Deadmau5"}, title: "Strobe"},
		{name: "hint spelling differences are agreement", line: "Deadmau5 - Strobe",
			h:      Hints{Artist: "DEADMAU5", Title: "strobe (Extended Mix)", Label: "mau5trap", Catalog: "MAU5 001"},
			status: StatusValid, artists: []string{"Deadmau5"}, title: "Strobe",
			check: func(t *testing.T, a Analysis) {
				if a.Label != "mau5trap" || a.Catalog != "MAU5 001" {
					t.Errorf("label/catalog not filled: %q %q", a.Label, a.Catalog)
				}
			}},
		{name: "label mismatch", line: "Adam Beyer, Bart Skils - Your Mind [Drumcode - DC190]",
			h: Hints{Label: "Truesoul", Catalog: "dc-190"}, status: StatusWarning, issues: []string{IssueHintMismatch},
			artists: []string{"Adam Beyer", "Bart Skils"}, title: "Your Mind",
			check: func(t *testing.T, a Analysis) {
				if !reflect.DeepEqual(a.HintMismatches, []string{"label"}) {
					t.Errorf("mismatches %v", a.HintMismatches)
				}
			}},
		{name: "invalid utf-8", line: "Dead\xffmau5 - Strobe", status: StatusWarning,
			issues: []string{IssueInvalidUTF8}, artists: []string{"Dead\uFFFDmau5"}, title: "Strobe"},
		{name: "too long", line: "A - " + strings.Repeat("x", MaxLineBytes), status: StatusFailed,
			issues: []string{IssueTooLong},
			check: func(t *testing.T, a Analysis) {
				if len(a.Line) > MaxLineBytes || a.TrackID != "" {
					t.Errorf("too-long line kept %d bytes / id %q", len(a.Line), a.TrackID)
				}
			}},
		{name: "too long, invalid utf-8", line: strings.Repeat("é", MaxLineBytes) + "\xff", status: StatusFailed,
			issues: []string{IssueInvalidUTF8, IssueTooLong}},
		// A title and its remix credit, no artist (a YouTube description,
		// testdata/real youtube/echomira-...): a track, but no ID.
		{name: "title alone", line: "The Reckoning (Nihil Young Remix)", status: StatusWarning,
			issues: []string{IssueArtistMissing}, title: "The Reckoning"},
		// The artist from a hint makes it whole.
		{name: "title alone, artist hinted", line: "Overload (Hixxy & Re-Con Remix)", h: Hints{Artist: "Sub Zero"},
			status: StatusWarning, issues: []string{IssueParsedFromHints, IssueSplitUnsure, IssueUnparseable}, artists: []string{"Sub Zero"}, title: "Overload"},
		{name: "many issues sorted, unique", line: "\xffjust words", h: Hints{Key: "nope", BPM: 1},
			status: StatusFailed,
			issues: []string{IssueArtistMissing, IssueBPMOutOfRange, IssueInvalidUTF8, IssueKeyUnparsed, IssueTitleMissing, IssueUnparseable}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := Analyze(c.line, c.h)
			if a.Status != c.status {
				t.Errorf("status %q, want %q (issues %v)", a.Status, c.status, a.Issues)
			}
			if !reflect.DeepEqual(a.Issues, orEmpty(c.issues)) {
				t.Errorf("issues %v, want %v", a.Issues, c.issues)
			}
			if c.artists != nil && !reflect.DeepEqual(a.Artists, c.artists) {
				t.Errorf("artists %q, want %q", a.Artists, c.artists)
			}
			if a.Title != c.title {
				t.Errorf("title %q, want %q", a.Title, c.title)
			}
			if a.Key != c.key || a.Camelot != c.camelot {
				t.Errorf("key %q camelot %q, want %q %q", a.Key, a.Camelot, c.key, c.camelot)
			}
			switch a.Status {
			case StatusValid, StatusWarning:
				if len(a.Artists) == 0 && a.Status == StatusWarning && slices.Contains(a.Issues, IssueArtistMissing) {
					if a.TrackID != "" {
						t.Errorf("a title alone has ID %q", a.TrackID)
					}
				} else if a.TrackID == "" || a.TrackID != a.ID() {
					t.Errorf("usable track without matching ID: %q vs %q", a.TrackID, a.ID())
				}
			default:
				if a.TrackID != "" {
					t.Errorf("%s track has ID %q", a.Status, a.TrackID)
				}
			}
			if (a.Status == StatusValid) != (len(a.Issues) == 0) {
				t.Errorf("valid iff no issues violated: %s %v", a.Status, a.Issues)
			}
			if !sort.StringsAreSorted(a.Issues) {
				t.Errorf("issues not sorted")
			}
			known := map[string]bool{}
			for _, code := range IssueCodes() {
				known[code] = true
			}
			for _, code := range a.Issues {
				if !known[code] {
					t.Errorf("unknown issue code %q", code)
				}
			}
			if c.check != nil {
				c.check(t, a)
			}
		})
	}
}

// TestAnalysisJSONShape pins the JSON the `songnodes parse` CLI emits.
func TestAnalysisJSONShape(t *testing.T) {
	required := []string{"line", "artists", "featured", "remixers", "title", "version", "label",
		"catalog", "key", "camelot", "track_id", "status", "issues"}
	optional := map[string]bool{"cue": true, "bpm": true, "genre": true, "is_remix": true,
		"remix_kind": true, "is_mashup": true, "hint_mismatches": true}
	for _, in := range []struct {
		line string
		h    Hints
	}{
		{"ID - ID", Hints{}},
		{"[30] SIDEPIECE - Temptation (Four Tet Edit) [Higher Ground/FFRR]", Hints{Key: "Fm", BPM: 124.5, Genre: "House", Artist: "Other"}},
		{"", Hints{}},
	} {
		b, err := json.Marshal(Analyze(in.line, in.h))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for _, f := range required {
			v, ok := m[f]
			if !ok {
				t.Errorf("%s: missing %q", b, f)
			}
			if string(v) == "null" {
				t.Errorf("%s: %q is null", b, f)
			}
		}
		for f := range m {
			if !optional[f] && !contains(required, f) {
				t.Errorf("%s: unexpected field %q", b, f)
			}
		}
		for _, f := range []string{"artists", "featured", "remixers", "issues"} {
			if !strings.HasPrefix(string(m[f]), "[") {
				t.Errorf("%s: %q is not an array", b, f)
			}
		}
	}
	b, _ := json.Marshal(Analyze("[30] SIDEPIECE - Temptation (Extended Mix) [Higher Ground/FFRR]", Hints{Key: "Fm", BPM: 124}))
	want := `{"line":"[30] SIDEPIECE - Temptation (Extended Mix) [Higher Ground/FFRR]","cue":"30","artists":["SIDEPIECE"],"featured":[],"remixers":[],"title":"Temptation","version":"Extended Mix","label":"Higher Ground/FFRR","catalog":"","key":"Fm","camelot":"4A","bpm":124,"track_id":"5affbb7a054973a2","status":"valid","issues":[]}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func TestIssueCodes(t *testing.T) {
	codes := IssueCodes()
	if !sort.StringsAreSorted(codes) || len(codes) != 22 {
		t.Errorf("IssueCodes() = %v", codes)
	}
	for _, c := range codes {
		if c != strings.ToLower(c) || strings.Contains(c, " ") {
			t.Errorf("code %q not snake_case", c)
		}
	}
}
