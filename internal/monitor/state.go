package monitor

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// Stages the monitor reports on: the topic layers it reads (raw, bronze,
// silver) and the stages whose dead-letter topics it reads (bronze,
// silver, gold, and the scrapers' pages they could not read). A stage
// named in a dead letter that is none of these is reported as "unknown",
// which keeps the label's values bounded.
const (
	stRaw = iota
	stBronze
	stSilver
	stGold
	stScrape
	stUnknown
	numStages
)

var stageNames = [numStages]string{"raw", "bronze", "silver", "gold", "scrape", "unknown"}

func stageID(name string) int {
	for i, n := range stageNames {
		if n == name {
			return i
		}
	}
	return stUnknown
}

// Track statuses of silver, in the order of the metrics; statusOther
// counts any other value, which would be a bug in silver. not_track comes
// last so that states persisted before it existed read back right.
const (
	statusValid = iota
	statusWarning
	statusUnidentified
	statusFailed
	statusOther
	statusNotTrack
	numStatus
)

var statusNames = [numStatus]string{"valid", "warning", "unidentified", "failed", "unknown_status", "not_track"}

func statusID(s string) int {
	for i, n := range statusNames {
		if n == s && i != statusOther {
			return i
		}
	}
	return statusOther
}

// The issue codes silver writes, and which of them mark a guess; counted
// per source by code (a fixed list: other values count as "other").
var (
	issueCodes = append(tracklist.IssueCodes(), "other")
	issueIndex = map[string]int{}
	doubtCodes = map[string]bool{}
)

func init() {
	for i, c := range issueCodes {
		issueIndex[c] = i
	}
	for _, c := range tracklist.DoubtCodes() {
		doubtCodes[c] = true
	}
}

func issueID(code string) int {
	if i, ok := issueIndex[code]; ok {
		return i
	}
	return len(issueCodes) - 1
}

// unknownSource stands for a source name that is missing, not a valid
// source name, or beyond the monitor's source limit.
const unknownSource = "unknown"

// sanitizeReason maps a dead-letter reason to the fixed list, or "unknown".
func sanitizeReason(r string) string {
	for _, k := range dlq.Reasons {
		if string(k) == r {
			return r
		}
	}
	return "unknown"
}

// Latency histogram buckets, in seconds. Stage latency starts at scraped_at,
// which a scraper may hold for hours before posting; pipeline latency
// starts when ingest appended the raw record, and should be seconds.
var (
	// Ten buckets each: they are per source and stage, so they are most of
	// the monitor's series (see docs/monitoring.md). The alert thresholds
	// (1h, 5m) are bucket bounds.
	stageLatencyBuckets    = []float64{10, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 86400, 7 * 86400}
	pipelineLatencyBuckets = []float64{0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900}
)

// hist is a histogram's state: per-bucket (not cumulative) counts, the
// last one for +Inf, and the sum of the observations.
type hist struct {
	Counts []uint64 `json:"counts"`
	Sum    float64  `json:"sum"`
}

func (h *hist) observe(bounds []float64, v float64) {
	if h.Counts == nil {
		h.Counts = make([]uint64, len(bounds)+1)
	}
	i, _ := slices.BinarySearch(bounds, v) // first bound >= v: le is inclusive
	h.Counts[i]++
	h.Sum += v
}

func (h *hist) merge(o hist) {
	if o.Counts == nil {
		return
	}
	if h.Counts == nil {
		h.Counts = make([]uint64, len(o.Counts))
	}
	for i := range min(len(h.Counts), len(o.Counts)) {
		h.Counts[i] += o.Counts[i]
	}
	h.Sum += o.Sum
}

// cumulative returns the buckets as Prometheus wants them, and the count.
func (h *hist) cumulative(bounds []float64) (map[float64]uint64, uint64) {
	m := make(map[float64]uint64, len(bounds))
	var n uint64
	for i, b := range bounds {
		if h.Counts != nil {
			n += h.Counts[i]
		}
		m[b] = n
	}
	if h.Counts != nil {
		n += h.Counts[len(bounds)]
	}
	return m, n
}

// stageState is what the monitor knows of one source at one stage. Every
// field is a pure function of the records read, so that a state persisted
// with the offsets it was read up to is exact.
type stageState struct {
	Playlists  uint64            `json:"playlists,omitempty"`
	Tracks     uint64            `json:"tracks,omitempty"`
	Artists    uint64            `json:"artists,omitempty"`    // tracks with an identified artist
	Status     [numStatus]uint64 `json:"status"`               // silver's track statuses
	Issues     map[string]uint64 `json:"issues,omitempty"`     // silver's lines by issue code
	Doubtful   uint64            `json:"doubtful,omitempty"`   // silver's tracks with a doubt issue code
	Rejects    map[string]uint64 `json:"rejects,omitempty"`    // dead letters by reason
	Unreadable map[string]uint64 `json:"unreadable,omitempty"` // records the monitor could not decode, by reason
	Last       int64             `json:"last,omitempty"`       // unix ms: Kafka timestamp of the newest record of the stage's topic
	Latency    hist              `json:"latency"`              // scraped_at to the stage's topic
	Pipeline   hist              `json:"pipeline"`             // raw topic to the stage's topic
	win        [len(Windows)]ring
}

func newStageState() *stageState {
	s := &stageState{}
	for i, w := range Windows {
		s.win[i] = newRing(w)
	}
	return s
}

func (s *stageState) MarshalJSON() ([]byte, error) {
	type plain stageState // without this method
	j := struct {
		*plain
		Windows map[string]ring `json:"windows"`
	}{plain: (*plain)(s), Windows: map[string]ring{}}
	for i, w := range Windows {
		j.Windows[w.Name] = s.win[i]
	}
	return json.Marshal(j)
}

func (s *stageState) UnmarshalJSON(b []byte) error {
	type plain stageState
	j := struct {
		*plain
		Windows map[string]json.RawMessage `json:"windows"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	// Histograms stored with other buckets (an older version) cannot be
	// carried over; they start again.
	if s.Latency.Counts != nil && len(s.Latency.Counts) != len(stageLatencyBuckets)+1 {
		s.Latency = hist{}
	}
	if s.Pipeline.Counts != nil && len(s.Pipeline.Counts) != len(pipelineLatencyBuckets)+1 {
		s.Pipeline = hist{}
	}
	for i, w := range Windows {
		if s.win[i].b == nil {
			s.win[i] = newRing(w)
		}
		if raw, ok := j.Windows[w.Name]; ok {
			if err := s.win[i].unmarshal(raw); err != nil {
				return fmt.Errorf("window %s: %w", w.Name, err)
			}
		}
	}
	return nil
}

// merge adds o, which counted other records, to s.
func (s *stageState) merge(o *stageState) {
	s.Playlists += o.Playlists
	s.Tracks += o.Tracks
	s.Artists += o.Artists
	for i := range s.Status {
		s.Status[i] += o.Status[i]
	}
	s.Issues = mergeCounts(s.Issues, o.Issues)
	s.Doubtful += o.Doubtful
	s.Rejects = mergeCounts(s.Rejects, o.Rejects)
	s.Unreadable = mergeCounts(s.Unreadable, o.Unreadable)
	s.Last = max(s.Last, o.Last)
	s.Latency.merge(o.Latency)
	s.Pipeline.merge(o.Pipeline)
	for i := range s.win {
		s.win[i].merge(&o.win[i])
	}
}

func mergeCounts(a, b map[string]uint64) map[string]uint64 {
	if len(b) == 0 {
		return a
	}
	if a == nil {
		a = make(map[string]uint64, len(b))
	}
	for k, v := range b {
		a[k] += v
	}
	return a
}

// sourceState is one source at every stage; nil until the stage is seen.
type sourceState [numStages]*stageState

func (s *sourceState) stage(i int) *stageState {
	if s[i] == nil {
		s[i] = newStageState()
	}
	return s[i]
}

func (s *sourceState) MarshalJSON() ([]byte, error) {
	m := make(map[string]*stageState, numStages)
	for i, st := range s {
		if st != nil {
			m[stageNames[i]] = st
		}
	}
	return json.Marshal(m)
}

func (s *sourceState) UnmarshalJSON(b []byte) error {
	var m map[string]*stageState
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for name, st := range m {
		i := stageID(name)
		if i == stUnknown && name != stageNames[stUnknown] {
			return fmt.Errorf("unknown stage %q", name)
		}
		s[i] = st
	}
	return nil
}

// obsKind says what a record was.
type obsKind uint8

const (
	obsPlaylist   obsKind = iota // a playlist at a stage's topic
	obsReject                    // a dead letter
	obsUnreadable                // a record of a stage's topic that does not decode
)

// obs is what the monitor takes from one record: decoding makes it outside
// the state's lock, apply counts it.
type obs struct {
	kind      obsKind
	source    string
	stage     int
	ts        int64 // unix ms: the record's Kafka timestamp, the time it reached the stage
	tracks    uint32
	artists   uint32
	doubtful  uint32
	status    [numStatus]uint32
	issues    []uint32 // by issueID; nil when none
	scraped   int64    // unix ms of scraped_at; 0 when unknown
	ingested  int64    // unix ms the raw record was appended; 0 when not applicable
	reason    string   // rejects and unreadable records
	topic     string
	partition int32
	offset    int64
}

// State is everything the monitor counts, and the offsets it has counted
// up to. Only the consuming goroutine changes it; the lock is for readers
// (metrics, the status page, the lag probe).
type State struct {
	mu         sync.Mutex
	sources    map[string]*sourceState
	offsets    map[string]map[int32]int64 // topic -> partition -> next offset to count
	dirty      map[string]bool            // sources changed since the last flush
	maxSources int
}

// NewState returns an empty state that tracks at most maxSources sources;
// records of further sources are counted under "unknown".
func NewState(maxSources int) *State {
	return &State{
		sources:    map[string]*sourceState{},
		offsets:    map[string]map[int32]int64{},
		dirty:      map[string]bool{},
		maxSources: maxSources,
	}
}

// source returns the state of a source, keeping the set of sources
// bounded.
func (s *State) source(name string) (*sourceState, string) {
	if !record.ValidSource(name) {
		name = unknownSource
	}
	src, ok := s.sources[name]
	if !ok {
		if len(s.sources) >= s.maxSources && name != unknownSource {
			return s.source(unknownSource)
		}
		src = &sourceState{}
		s.sources[name] = src
	}
	return src, name
}

// apply counts a batch of observations at time now.
func (s *State) apply(now time.Time, batch []obs) {
	nowSec := now.Unix()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range batch {
		o := &batch[i]
		src, name := s.source(o.source)
		s.dirty[name] = true
		st := src.stage(o.stage)
		var c counts
		switch o.kind {
		case obsPlaylist:
			st.Playlists++
			st.Tracks += uint64(o.tracks)
			st.Artists += uint64(o.artists)
			for k, n := range o.status {
				st.Status[k] += uint64(n)
			}
			for k, n := range o.issues {
				if n > 0 {
					if st.Issues == nil {
						st.Issues = map[string]uint64{}
					}
					st.Issues[issueCodes[k]] += uint64(n)
				}
			}
			st.Doubtful += uint64(o.doubtful)
			c = counts{qPlaylists: 1, qTracks: o.tracks, qArtists: o.artists, qDoubtful: o.doubtful}
			st.Last = max(st.Last, o.ts)
			if o.scraped != 0 {
				st.Latency.observe(stageLatencyBuckets, max(0, float64(o.ts-o.scraped)/1000))
			}
			if o.ingested != 0 {
				st.Pipeline.observe(pipelineLatencyBuckets, max(0, float64(o.ts-o.ingested)/1000))
			}
		case obsReject:
			if st.Rejects == nil {
				st.Rejects = map[string]uint64{}
			}
			st.Rejects[o.reason]++
			c = counts{qRejects: 1}
		case obsUnreadable:
			if st.Unreadable == nil {
				st.Unreadable = map[string]uint64{}
			}
			st.Unreadable[o.reason]++
			st.Last = max(st.Last, o.ts)
		}
		if c != (counts{}) {
			// A record stamped in the future (a producer's clock
			// ahead of ours) counts now.
			t := min(o.ts/1000, nowSec)
			for w := range st.win {
				st.win[w].add(t, &c)
			}
		}
		s.setOffset(o.topic, o.partition, o.offset+1)
	}
}

// advance notes that the records of a partition before next were read
// (records the monitor skips, such as control records, still move it).
func (s *State) setOffset(topic string, p int32, next int64) {
	ps := s.offsets[topic]
	if ps == nil {
		ps = map[int32]int64{}
		s.offsets[topic] = ps
	}
	if next > ps[p] {
		ps[p] = next
	}
}

// Offset returns the next offset to read of a partition, and whether the
// state has one.
func (s *State) Offset(topic string, p int32) (int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.offsets[topic][p]
	return o, ok
}

// Offsets returns a copy of every partition's next offset.
func (s *State) Offsets() map[string]map[int32]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return copyOffsets(s.offsets)
}

func copyOffsets(m map[string]map[int32]int64) map[string]map[int32]int64 {
	out := make(map[string]map[int32]int64, len(m))
	for t, ps := range m {
		out[t] = maps.Clone(ps)
	}
	return out
}

// Sources returns the names of the sources known, sorted.
func (s *State) Sources() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.sources))
}

// snapshot is the state as persisted: each source's JSON, and the offsets.
type snapshot struct {
	sources map[string][]byte
	offsets map[string]map[int32]int64
}

// dirtySnapshot encodes the sources changed since the last flush, and
// every offset.
func (s *State) dirtySnapshot() (snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := snapshot{sources: make(map[string][]byte, len(s.dirty)), offsets: copyOffsets(s.offsets)}
	for name := range s.dirty {
		b, err := json.Marshal(s.sources[name])
		if err != nil {
			return snapshot{}, fmt.Errorf("encode state of %s: %w", name, err)
		}
		snap.sources[name] = b
	}
	return snap, nil
}

// flushed clears the dirty marks of the sources in snap. Only the
// consuming goroutine changes the state, so none changed since the
// snapshot was taken.
func (s *State) flushed(snap snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for name := range snap.sources {
		delete(s.dirty, name)
	}
}

// restore replaces the state with a persisted snapshot.
func (s *State) restore(snap snapshot) error {
	sources, err := decodeSources(snap)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sources = sources
	s.offsets = copyOffsets(snap.offsets)
	s.dirty = map[string]bool{}
	return nil
}

// merge adds a persisted snapshot that counted other records than s: the
// state a previous run left in Redis, found when Redis comes back after
// this run started without it. Offsets take the later of the two.
func (s *State) merge(snap snapshot) error {
	sources, err := decodeSources(snap)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, o := range sources {
		src, ok := s.sources[name]
		if !ok {
			s.sources[name] = o
			s.dirty[name] = true
			continue
		}
		for i, st := range o {
			if st != nil {
				src.stage(i).merge(st)
			}
		}
		s.dirty[name] = true
	}
	for t, ps := range snap.offsets {
		for p, o := range ps {
			s.setOffset(t, p, o)
		}
	}
	return nil
}

func decodeSources(snap snapshot) (map[string]*sourceState, error) {
	out := make(map[string]*sourceState, len(snap.sources))
	for name, b := range snap.sources {
		src := &sourceState{}
		if err := json.Unmarshal(b, src); err != nil {
			return nil, fmt.Errorf("decode state of source %s: %w", name, err)
		}
		out[name] = src
	}
	return out, nil
}
