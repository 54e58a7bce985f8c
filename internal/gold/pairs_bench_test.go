package gold

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// BenchmarkPairsState measures the pairs loop's state in memory: the heap
// it holds per distinct pair when each is played in one playlist, and per
// contribution when pairs are played in ten (B/pair, B/contribution).
func BenchmarkPairsState(b *testing.B) {
	const n = 200_000
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	track := func(i int) string {
		return tracklist.TrackID(tracklist.IDInput{Artist: fmt.Sprint("Artist ", i%5000), Title: fmt.Sprint("Title ", i)})
	}
	for _, perPair := range []int{1, 10} {
		b.Run(fmt.Sprint(perPair, " playlists per pair"), func(b *testing.B) {
			var held pairMap
			var in interner // the loop keeps both
			for b.Loop() {
				held, in = nil, nil
				var before, after runtime.MemStats
				settle()
				runtime.ReadMemStats(&before)
				held, in = pairMap{}, interner{}
				for i := range n {
					c := record.GoldPairContribution{FromTrackID: track(i / perPair), ToTrackID: track(i/perPair + 1),
						FromTrack: "Artist - Title", ToTrack: "Artist - Title",
						PlaylistKey: fmt.Sprintf("mixesdb:https://www.mixesdb.com/w/2024-05-01_-_DJ_%d_@_Some_Club", i%(n/10)),
						Rev:         1, Occurrences: 1, PlayedOn: &day, Djs: []string{fmt.Sprint("dj ", i%(n/10)%3000)}}
					restore(held, in, &c)
				}
				settle()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n/perPair), "B/pair")
				b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/contribution")
			}
			runtime.KeepAlive(held)
			runtime.KeepAlive(in)
		})
	}
}

// settle collects garbage until the heap stops shrinking: interned strings
// no longer used leave the intern table only some time after a collection.
func settle() {
	var m runtime.MemStats
	last := uint64(0)
	for range 20 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		runtime.ReadMemStats(&m)
		if m.HeapAlloc == last {
			return
		}
		last = m.HeapAlloc
	}
}
