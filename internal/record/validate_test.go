package record

import (
	"strings"
	"testing"
	"time"
)

func TestValidatePositions(t *testing.T) {
	playlist := func(positions ...int) *ScrapedPlaylist {
		p := &ScrapedPlaylist{Source: "mixesdb", SourceURL: "https://www.mixesdb.com/w/x", Name: "n",
			ScrapedAt: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), ParserVersion: "t/1"}
		for _, pos := range positions {
			p.Tracks = append(p.Tracks, ScrapedTrack{Position: pos, RawLine: "A - B"})
		}
		return p
	}
	for _, c := range []struct {
		positions []int
		err       string
	}{
		{[]int{1, 2, 3}, ""},
		{[]int{1, 64, 65, 255, 256, 300, 1000}, ""},
		{[]int{1, 2, 2}, "tracks[2].position 2 appears twice"},
		{[]int{63, 64, 63}, "tracks[2].position 63 appears twice"},
		{[]int{300, 1, 300}, "tracks[2].position 300 appears twice"},
		{[]int{1, 0}, "tracks[1].position 0: positions start at 1"},
	} {
		err := playlist(c.positions...).Validate()
		if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("positions %v: err %v, want %q", c.positions, err, c.err)
		}
	}
}
