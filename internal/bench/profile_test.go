package bench

import (
	"testing"
	"time"

	"github.com/google/pprof/profile"
)

// A profile made by hand, one sample per case, each worth a different
// power of two of CPU, so that every part's sum names the samples in it.
func TestSplitCPU(t *testing.T) {
	const (
		loop   = "github.com/songnodes/pipeline/internal/stage.(*Loop[go.shape.struct { Playlist record.ScrapedPlaylist },go.shape.[]uint8])."
		serde  = "github.com/songnodes/pipeline/internal/serde."
		kgo    = "github.com/twmb/franz-go/pkg/kgo."
		pgconn = "github.com/jackc/pgx/v5/pgconn.(*PgConn)."
	)
	stacks := []struct {
		part   int
		frames [][]string // leaf first; a location's inlined lines together
	}{
		// The allocator under a decode, below the stage's own decode function.
		{cpuDecode, [][]string{{"runtime.mallocgc"}, {serde + "(*Decoder).Decode"},
			{"github.com/songnodes/pipeline/internal/bronze.newLoop.Decode[go.shape.struct {}].func1"}, {loop + "process.func1"}, {"github.com/songnodes/pipeline/internal/stage.Parallel.func1"}}},
		// The allocation in stage.Decode's closure, named after the
		// stage's package, which process names too: decode comes first.
		{cpuDecode, [][]string{{"runtime.mallocgc"}, {"github.com/songnodes/pipeline/internal/bronze.newLoop.Decode[go.shape.struct {}].func1"}, {loop + "process.func1"}}},
		{cpuEncode, [][]string{{"github.com/songnodes/pipeline/internal/record.(*SilverPlaylist).AppendAvro"}, {serde + "(*Encoder).Encode"}, {loop + "records.func1"}}},
		// Silver's own workers: no frame of the loop.
		{cpuProcess, [][]string{{"github.com/songnodes/pipeline/internal/tracklist.parseBody"}, {"github.com/songnodes/pipeline/internal/silver.(*Processor).Process.func1"}, {"github.com/songnodes/pipeline/internal/stage.Parallel.func1"}}},
		// pgx inlined into the processor, under the loop's transaction.
		{cpuPostgres, [][]string{{"runtime.memmove"}, {pgconn + "CopyFrom", "github.com/songnodes/pipeline/internal/bronze.(*Processor).Process"}, {loop + "inTx.func1"}}},
		// The processor's own work inside that transaction, which pgx
		// opened: the frame nearest the leaf decides.
		{cpuProcess, [][]string{{"runtime.mallocgc"}, {"github.com/songnodes/pipeline/internal/gold.(*delta).applyRefs"}, {"github.com/songnodes/pipeline/internal/gold.(*Processor).Process"},
			{loop + "inTx.func1"}, {"github.com/songnodes/pipeline/internal/postgres.TxWithin.func1"}, {"github.com/jackc/pgx/v5.BeginFunc"}, {loop + "inTx"}}},
		{cpuKafka, [][]string{{"github.com/twmb/franz-go/pkg/kmsg.(*ProduceRequest).AppendTo"}, {kgo + "(*brokerCxn).appendReq"}, {kgo + "(*broker).handleReqs"}}},
		// The broker's parsing with the same kmsg as the client's: the
		// broker, not Kafka.
		{cpuBroker, [][]string{{"github.com/twmb/franz-go/pkg/kmsg.(*ProduceRequest).ReadFrom"}, {"github.com/twmb/franz-go/pkg/kfake.(*Cluster).handleProduce"}}},
		{cpuOther, [][]string{{"runtime.scanobject"}, {"runtime.gcBgMarkWorker"}}},
	}
	p := &profile.Profile{SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}}}
	funcs := map[string]*profile.Function{}
	var want cpuSplit
	for i, st := range stacks {
		s := &profile.Sample{Value: []int64{1, int64(time.Millisecond) << i}}
		for _, names := range st.frames {
			loc := &profile.Location{ID: uint64(len(p.Location) + 1)}
			for _, n := range names {
				if funcs[n] == nil {
					funcs[n] = &profile.Function{ID: uint64(len(funcs) + 1), Name: n}
					p.Function = append(p.Function, funcs[n])
				}
				loc.Line = append(loc.Line, profile.Line{Function: funcs[n]})
			}
			p.Location = append(p.Location, loc)
			s.Location = append(s.Location, loc)
		}
		p.Sample = append(p.Sample, s)
		want[st.part] += time.Duration(s.Value[1])
	}
	if err := p.CheckValid(); err != nil {
		t.Fatal(err)
	}
	got, err := splitCPU(p)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("split %v, want %v", got, want)
	}
	if got.total() != 511*time.Millisecond {
		t.Errorf("total %v, want every sample once, 511ms", got.total())
	}

	p.SampleType = []*profile.ValueType{{Type: "alloc_space", Unit: "bytes"}, {Type: "inuse_space", Unit: "bytes"}}
	if _, err := splitCPU(p); err == nil {
		t.Error("a memory profile was split as CPU")
	}
}

func TestGenericName(t *testing.T) {
	for in, want := range map[string]string{
		"github.com/x/stage.(*Loop[go.shape.[]uint8,go.shape.struct { A [4]int }]).records.func1": "github.com/x/stage.(*Loop[...]).records.func1",
		"github.com/x/bronze.newLoop.Decode[go.shape.int].func1":                                  "github.com/x/bronze.newLoop.Decode[...].func1",
		"runtime.mallocgc": "runtime.mallocgc",
	} {
		if got := genericName(in); got != want {
			t.Errorf("genericName(%q) = %q, want %q", in, got, want)
		}
	}
}
