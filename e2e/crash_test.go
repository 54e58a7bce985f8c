package e2e

import (
	"fmt"
	"math/rand/v2"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/testenv"
)

// The bronze process is killed without warning (SIGKILL) at least ten times
// while 100,000 playlists flow from two sources, 1% of them malformed.
// Afterwards every good playlist is in the bronze topic and table exactly
// once, every malformed one is in the dead-letter topic exactly once, and
// nothing is lost.
func TestBronzeCrash(t *testing.T) {
	const (
		total = 100000
		kills = 12
	)
	s := newStack(t, stackOptions{})
	sources := []string{"mixesdb", "1001tracklists"}
	cl := testenv.Client(t, s.kcfg, kgo.MaxBufferedRecords(20000))

	// Produce in the background, as scrapers would while bronze crashes.
	var good, bad, tracks int
	produced := make(chan struct{})
	go func() {
		defer close(produced)
		var wg sync.WaitGroup
		var mu sync.Mutex
		for si, src := range sources {
			wg.Add(1)
			go func() {
				defer wg.Done()
				enc := s.encoder(src)
				g := gen.New(gen.Config{Source: src, Seed: uint64(100 + si), RescrapeRatio: 0.05, Now: time.Now().Add(-24 * time.Hour)})
				rng := rand.New(rand.NewPCG(uint64(si), 9))
				var last []byte
				for i := 0; i < total/len(sources); i++ {
					r := rawRecord(t, s.kcfg, enc, g.Next().Playlist)
					isBad := last != nil && rng.IntN(100) == 0
					if isBad {
						r.Value = gen.BadRecordValue(gen.FrameFaults[rng.IntN(len(gen.FrameFaults)-1)], last, 1<<20) // not oversize: the limit is 1 MiB
					} else {
						last = r.Value
					}
					mu.Lock()
					if isBad {
						bad++
					} else {
						good++
						tracks += trackCount(t, s, r)
					}
					mu.Unlock()
					cl.Produce(t.Context(), r, func(_ *kgo.Record, err error) {
						if err != nil {
							t.Errorf("produce: %v", err)
						}
					})
				}
			}()
		}
		wg.Wait()
		if err := cl.Flush(t.Context()); err != nil {
			t.Errorf("flush: %v", err)
		}
	}()

	// Kill bronze at random moments while it works, and start it again.
	rng := rand.New(rand.NewPCG(1, 2))
	proc := s.startBronzeProcess()
	for k := 0; k < kills; k++ {
		time.Sleep(time.Duration(1500+rng.IntN(2000)) * time.Millisecond)
		testenv.Must(t, proc.Process.Signal(syscall.SIGKILL), "kill")
		_ = proc.Wait()
		t.Logf("kill %d: %d playlists stored so far", k+1, s.count("SELECT count(*) FROM bronze_playlists"))
		proc = s.startBronzeProcess()
	}
	<-produced
	defer func(p *exec.Cmd) { _ = p.Process.Kill(); _ = p.Wait() }(proc)
	t.Logf("produced %d good playlists (%d tracks) and %d malformed records", good, tracks, bad)

	testenv.Eventually(t, 5*time.Minute, "bronze to store every playlist", func() bool {
		return s.count("SELECT count(*) FROM bronze_playlists") >= good
	})
	adm := kadm.NewClient(testenv.Client(t, s.kcfg))
	testenv.Eventually(t, 2*time.Minute, "bronze to commit every input offset", func() bool {
		lags, err := adm.Lag(t.Context(), s.kcfg.Topics.Group("bronze"))
		if err != nil {
			return false
		}
		l, ok := lags[s.kcfg.Topics.Group("bronze")]
		return ok && l.Error() == nil && l.Lag.Total() == 0
	})

	if n := s.count("SELECT count(*) FROM bronze_playlists"); n != good {
		t.Fatalf("bronze_playlists: %d rows, want %d", n, good)
	}
	if n := s.count("SELECT count(*) FROM bronze_tracks"); n != tracks {
		t.Fatalf("bronze_tracks: %d rows, want %d", n, tracks)
	}
	out := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Bronze())
	lineage := map[string]bool{}
	for _, r := range out {
		b := s.decodeBronze(r)
		l := fmt.Sprintf("%s/%d/%d", b.Lineage.Topic, b.Lineage.Partition, b.Lineage.Offset)
		if lineage[l] {
			t.Fatalf("raw record %s is in the bronze topic twice", l)
		}
		lineage[l] = true
	}
	if len(out) != good {
		t.Fatalf("bronze topic: %d records, want %d", len(out), good)
	}
	letters := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.DLQ("bronze"))
	seen := map[string]bool{}
	for _, r := range letters {
		l := dlq.Header(r, dlq.HeaderTopic) + "/" + dlq.Header(r, dlq.HeaderPartition) + "/" + dlq.Header(r, dlq.HeaderOffset)
		if seen[l] || lineage[l] {
			t.Fatalf("raw record %s dead-lettered twice or also passed", l)
		}
		seen[l] = true
	}
	if len(letters) != bad {
		t.Fatalf("dead-letter topic: %d records, want %d", len(letters), bad)
	}
}

// trackCount decodes a raw record's track count.
func trackCount(t *testing.T, s *stack, r *kgo.Record) int {
	return len(decodeRaw(t, s, r).Tracks)
}
