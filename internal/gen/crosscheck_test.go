//go:build crosscheck

// These cross-checks run the generator's output through the real line
// parser (tracklist.Analyze), ingest's decoder (ingest.DecodePlaylist) and
// playlist keys (tracklist.PlaylistKey). They are behind a build tag so
// that this package's own tests never depend on those packages compiling:
//
//	go test -tags crosscheck ./internal/gen/

package gen_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/tracklist"
)

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func hints(t record.ScrapedTrack) tracklist.Hints {
	h := tracklist.Hints{
		Artist: deref(t.Artist), Title: deref(t.Title), Label: deref(t.Label),
		Catalog: deref(t.Catalog), Key: deref(t.Key), Genre: deref(t.Genre),
	}
	if t.Bpm != nil {
		h.BPM = *t.Bpm
	}
	return h
}

func TestAnalyzeAgrees(t *testing.T) {
	for _, src := range []string{"mixesdb", "1001tracklists"} {
		g := gen.New(gen.Config{Source: src, Seed: 42})
		var lines, artistDiff, titleDiff, remixDiff int
		for range 3000 {
			it := g.Next()
			for i, tr := range it.Tracks {
				lines++
				a := tracklist.Analyze(tr.Line, hints(it.Playlist.Tracks[i]))
				if string(a.Status) != tr.Expect {
					t.Errorf("%q %+v: status %s (issues %v), want %s", tr.Line, hints(it.Playlist.Tracks[i]), a.Status, a.Issues, tr.Expect)
					continue
				}
				if tr.Issue != "" && !slices.Contains(a.Issues, tr.Issue) {
					t.Errorf("%q: issues %v, want %s", tr.Line, a.Issues, tr.Issue)
				}
				if tr.Expect == gen.ExpectValid || tr.Expect == gen.ExpectWarning {
					if len(a.Artists) == 0 || a.Artists[0] != tr.Artist {
						artistDiff++
						t.Errorf("artist: %q -> %q, truth %q", tr.Line, a.Artists, tr.Artist)
					}
					// A "vs." line is a mashup to the parser: its title is the whole credit.
					if a.Title != tr.Title && !a.IsMashup {
						titleDiff++
						t.Errorf("title: %q -> %q, truth %q", tr.Line, a.Title, tr.Title)
					}
					want := []string{}
					if tr.Remixer != "" {
						want = []string{tr.Remixer}
					}
					if !slices.Equal(a.Remixers, want) {
						remixDiff++
						t.Errorf("remixers: %q -> %q, truth %q", tr.Line, a.Remixers, tr.Remixer)
					}
				}
			}
		}
		t.Logf("%s: %d lines; artist differs on %d, title on %d, remixers on %d", src, lines, artistDiff, titleDiff, remixDiff)
	}
}

func TestIngestDecodes(t *testing.T) {
	for _, src := range []string{"mixesdb", "1001tracklists"} {
		g := gen.New(gen.Config{Source: src, Seed: 43, BadRatio: 0.3, RescrapeRatio: 0.05})
		keys := map[string]int{} // playlist key -> index of the first scrape
		for range 5000 {
			it := g.Next()
			p, err := ingest.DecodePlaylist(it.JSON, src)
			if it.Bad != "" {
				if err == nil {
					t.Fatalf("%s item accepted:\n%s", it.Bad, it.JSON)
				}
				if !strings.Contains(err.Error(), it.BadField) {
					t.Errorf("%s: ingest says %q, want it to name %q", it.Bad, err, it.BadField)
				}
				continue
			}
			if err != nil {
				t.Fatalf("good item refused: %v\n%s", err, it.JSON)
			}
			if !reflect.DeepEqual(p, it.Playlist) {
				t.Fatalf("ingest decodes another playlist:\n got %+v\nwant %+v", p, it.Playlist)
			}
			key := tracklist.PlaylistKey(p.Source, deref(p.SourcePlaylistID), p.SourceURL)
			first, seen := keys[key]
			switch {
			case it.RescrapeOf < 0 && seen:
				t.Fatalf("items %d and %d have the same key %s", first, it.Index, key)
			case it.RescrapeOf >= 0 && !seen:
				t.Fatalf("re-scrape %d of %d has a new key %s", it.Index, it.RescrapeOf, key)
			case !seen:
				keys[key] = it.Index
			}
		}
	}
}
