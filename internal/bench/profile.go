package bench

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/google/pprof/profile"
)

// Where CPU goes: the parts a stage's CPU is split into.
const (
	cpuDecode = iota
	cpuProcess
	cpuEncode
	cpuPostgres
	cpuKafka
	cpuBroker
	cpuOther
	cpuParts
)

var cpuPartNames = [cpuParts]string{"decode", "process", "encode", "PostgreSQL", "Kafka", "broker", "other"}

const (
	stageLoop = "github.com/songnodes/pipeline/internal/stage.(*Loop[...])."
	ours      = "github.com/songnodes/pipeline/internal/"
)

// cpuRules attribute a CPU sample: it goes to the rule of the frame
// nearest its leaf that any rule matches (a frame matches a rule when its
// function's name contains one of the rule's patterns; when a frame
// matches two rules, the first in this order). The nearest frame, because
// the outer ones say too little: every processor with PostgreSQL runs
// inside pgx's BeginFunc, every loop under the stage's Run. Frames no rule
// names are skipped, so that what they do counts for their caller: the
// runtime's allocator for whoever allocates, franz-go's kmsg for the
// broker or the client that parses a request, hamba/avro for serde.
//
// The in-process broker (kfake) counts apart, so as not to inflate the
// stage's Kafka client. Decoding and encoding are the loop's closures
// that run them on every core, serde's codecs wherever a stage calls
// them, and stage.Decode's closure (named after the stage's package, where
// it is inlined). Processing is the loop's call of the processor and the
// stages' packages (a processor may run work on goroutines of its own,
// whose stacks do not show the loop). What no frame matches (the garbage
// collector's own workers, the bench's polling) is other.
var cpuRules = []struct {
	part     int
	patterns []string
}{
	{cpuBroker, []string{"github.com/twmb/franz-go/pkg/kfake."}},
	{cpuPostgres, []string{"github.com/jackc/pgx/"}},
	{cpuKafka, []string{"github.com/twmb/franz-go/pkg/kgo."}},
	{cpuDecode, []string{stageLoop + "process.func", ours + "serde.(*Decoder).", ".Decode[...].func"}},
	{cpuEncode, []string{stageLoop + "records", ours + "serde.(*Encoder)."}},
	{cpuProcess, []string{stageLoop + "inTx", ours + "bronze.", ours + "silver.", ours + "gold.", ours + "tracklist."}},
}

// cpuSplit is the CPU time of a profile by part.
type cpuSplit [cpuParts]time.Duration

// attribute returns the part of a sample's stack.
func attribute(s *profile.Sample) int {
	for _, loc := range s.Location { // leaf first
		for _, line := range loc.Line { // inlined calls first
			if line.Function == nil {
				continue
			}
			if part, ok := frameRule(genericName(line.Function.Name)); ok {
				return part
			}
		}
	}
	return cpuOther
}

// frameRule returns the part of the first rule that matches a frame.
func frameRule(frame string) (int, bool) {
	for _, r := range cpuRules {
		for _, p := range r.patterns {
			if strings.Contains(frame, p) {
				return r.part, true
			}
		}
	}
	return 0, false
}

// genericName writes the type arguments of a generic function's name as
// [...]: a profile names them by their shapes (stage.(*Loop[go.shape.[]uint8,
// ...]).records), which differ from stage to stage.
func genericName(name string) string {
	if !strings.Contains(name, "[") {
		return name
	}
	var b strings.Builder
	depth := 0
	for i := range len(name) {
		switch c := name[i]; {
		case c == '[':
			if depth == 0 {
				b.WriteString("[...]")
			}
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// splitCPU adds up a CPU profile's samples by part.
func splitCPU(p *profile.Profile) (cpuSplit, error) {
	idx := -1
	for i, st := range p.SampleType {
		if st.Type == "cpu" && st.Unit == "nanoseconds" {
			idx = i
		}
	}
	if idx < 0 {
		return cpuSplit{}, fmt.Errorf("not a CPU profile: no cpu/nanoseconds sample type")
	}
	var s cpuSplit
	for _, smp := range p.Sample {
		s[attribute(smp)] += time.Duration(smp.Value[idx])
	}
	return s, nil
}

func (s cpuSplit) total() time.Duration {
	var t time.Duration
	for _, d := range s {
		t += d
	}
	return t
}

// profiled runs fn under a CPU profile written to dir/name.pprof and
// returns the profile's split; without a dir it only runs fn. A process
// has one CPU profile at a time: fn must not start another.
func profiled(dir, name string, fn func() (time.Duration, error)) (time.Duration, *cpuSplit, error) {
	if dir == "" {
		d, err := fn()
		return d, nil, err
	}
	path := filepath.Join(dir, name+".pprof")
	f, err := os.Create(path) //nolint:gosec // in the directory given on the command line
	if err != nil {
		return 0, nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return 0, nil, fmt.Errorf("profile %s: %w", name, err)
	}
	d, err := fn()
	pprof.StopCPUProfile()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, nil, err
	}
	s, err := readSplit(path)
	return d, &s, err
}

// readSplit reads the CPU profile at path and splits it.
func readSplit(path string) (cpuSplit, error) {
	f, err := os.Open(path) //nolint:gosec // the profile just written
	if err != nil {
		return cpuSplit{}, err
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		return cpuSplit{}, fmt.Errorf("read profile %s: %w", path, err)
	}
	s, err := splitCPU(p)
	if err != nil {
		return cpuSplit{}, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// printCPU prints each run's CPU per playlist by part.
func printCPU(w io.Writer, runs []Result) {
	fmt.Fprintf(w, "\nCPU per playlist in µs (all cores, the whole process, from the run's profile; broker: the embedded kfake):\n%-34s", "run")
	for _, n := range cpuPartNames {
		fmt.Fprintf(w, " %10s", n)
	}
	fmt.Fprintf(w, " %10s\n", "total")
	for _, r := range runs {
		if r.CPU == nil {
			continue
		}
		fmt.Fprintf(w, "%-34s", r.Name)
		for _, d := range append(r.CPU[:], r.CPU.total()) {
			fmt.Fprintf(w, " %10.1f", d.Seconds()*1e6/float64(max(r.Playlists, 1)))
		}
		fmt.Fprintln(w)
	}
}
