package e2e

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/testenv"
)

// The bad day the re-drive tools were rewritten for: 4 letters whose cause
// (a schema the registry does not know) is not fixed. Each re-drive sends
// the letters there are once, the stage rejects them again, and after 3
// re-drives they are reported, not sent: 16 letters in all, never a loop.
// A re-drive filtered by reason leaves the other letters re-drivable; a
// dry run sends nothing; the list filters.
func TestRedriveCauseNotFixed(t *testing.T) {
	s := newStack(t, stackOptions{brokers: 1})
	s.runBronze(1 << 20)
	s.badFrames("beatport", map[gen.FrameFault]int{gen.FrameUnknownSchema: 4, gen.FrameTruncated: 2})
	dlqTopic, rawTopic := s.kcfg.Topics.DLQ("bronze"), s.kcfg.Topics.Raw("beatport")
	count := func(topic string) int { return len(testenv.ReadAll(t, s.kcfg, topic)) }
	letters := func(want int) {
		t.Helper()
		testenv.Eventually(t, time.Minute, "bronze to dead-letter what was sent", func() bool { return count(dlqTopic) == want })
	}
	letters(6)
	unknown := ops.AllLetters
	unknown.Reason = "unknown_schema"
	redrive := func(f ops.LetterFilter, dry bool) ops.RedriveReport {
		t.Helper()
		rep, err := ops.Redrive(t.Context(), s.kcfg, ops.RedriveOptions{Stage: "bronze", Filter: f, DryRun: dry}, testenv.Logger(t))
		testenv.Must(t, err, "redrive")
		t.Log(rep.Summary())
		return rep
	}

	rep := redrive(unknown, true)
	if rep.Redriven != 4 || rep.Letters != 6 || rep.Selected != 4 || rep.ByReason["unknown_schema"] != 4 || rep.BySource["beatport"] != 4 || rep.From == nil {
		t.Errorf("dry run: %+v", rep)
	}
	if n := count(rawTopic); n != 6 {
		t.Fatalf("the dry run sent something: %d raw records, want 6", n)
	}

	for i := 1; i <= 3; i++ {
		rep = redrive(unknown, false)
		if rep.Redriven != 4 || rep.Done != 4*(i-1) || rep.OverLimit != 0 {
			t.Fatalf("re-drive %d: %+v", i, rep)
		}
		letters(6 + 4*i) // rejected again, with the re-drive count
	}
	rep = redrive(unknown, false)
	if rep.Redriven != 0 || rep.OverLimit != 4 || rep.Done != 12 || !strings.Contains(rep.Summary(), "cause is not fixed") {
		t.Errorf("re-drive 4: %+v", rep)
	}
	time.Sleep(2 * time.Second) // nothing more comes
	if n, r := count(dlqTopic), count(rawTopic); n != 18 || r != 6+12 {
		t.Errorf("%d dead letters (want 18), %d raw records (want 18)", n, r)
	}

	// The two decode errors were left out, never passed over: a re-drive of
	// them finds them.
	decode := ops.AllLetters
	decode.Reason = "decode_error"
	if rep = redrive(decode, false); rep.Redriven != 2 || rep.Done != 0 {
		t.Errorf("re-drive of the letters left out: %+v", rep)
	}
	letters(20)

	// The list, filtered: each round's letters carry their re-drive count.
	var out bytes.Buffer
	testenv.Must(t, ops.ListDLQ(t.Context(), s.kcfg, "bronze", unknown, 0, testenv.Logger(t), &out), "list")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 16 {
		t.Fatalf("%d unknown_schema letters listed, want 16", len(lines))
	}
	byCount := map[int]int{}
	for _, l := range lines {
		var d ops.DeadLetter
		testenv.Must(t, json.Unmarshal([]byte(l), &d), "decode")
		if d.Reason != "unknown_schema" || d.Source != "beatport" {
			t.Errorf("listed %+v", d)
		}
		byCount[d.Redrives]++
	}
	if byCount[0] != 4 || byCount[1] != 4 || byCount[2] != 4 || byCount[3] != 4 {
		t.Errorf("letters by re-drive count %v, want 4 of each of 0..3", byCount)
	}
	out.Reset()
	testenv.Must(t, ops.ListDLQ(t.Context(), s.kcfg, "bronze", ops.AllLetters, 5, testenv.Logger(t), &out), "list")
	if n := strings.Count(out.String(), "\n"); n != 5 {
		t.Errorf("--limit 5 listed %d", n)
	}
}
