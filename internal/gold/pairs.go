package gold

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/stage"
)

// Pairs is gold's second loop: it counts the transitions. Gold tells it,
// keyed by pair, what each playlist contributes to each pair now (a
// contribution: occurrences, BPM and key sums, day, DJs, and the
// playlist's rev); the pairs topic's partitions split the pairs between
// replicas, so one replica owns each pair and no two replicas ever wait on
// each other's rows. The loop keeps, per pair of the partitions it holds,
// the contribution of the highest rev of every playlist (its state), in
// memory and in a compacted changelog topic written in the same Kafka
// transaction as the states it tells and the input offsets it commits; a
// replica that is given a partition loads its state from the changelog
// first. gold_transitions is the states written out: whole rows, not
// increments.
//
// Exactly once: a contribution of a rev already held changes nothing (a
// replay, or gold telling again what a lost transaction told), and one of
// a lower rev is older than what is held (two gold replicas telling a
// set's pages in the other order than they committed them) and is
// skipped. A batch's changes are kept aside until its Kafka transaction
// commits, and dropped if it does not: the next attempt starts from the
// committed state, as a replica loading the changelog would.
type Pairs struct {
	changelog string
	enc       stage.Encoder // of the changelog's values
	db        *pgxpool.Pool // nil: no PostgreSQL
	load      func(ctx context.Context, partitions []int32, in interner) (map[int32]pairMap, error)
	strs      interner
	stale     prometheus.Counter
	held      prometheus.Gauge

	mu      sync.Mutex
	lost    map[int32]bool
	lostAll bool

	parts   map[int32]*partState // committed state, by input partition
	pending overlay              // the batch's changes, until it commits
}

// partState is the state of one partition of the pairs topic.
type partState struct {
	epoch int64 // in gold_pair_owners when loaded
	pairs pairMap
}

// The state is laid out for memory (BenchmarkPairsState): a pair is held
// by a 16-byte hash of its tracks (the contributions that change it carry
// their IDs), its contributions are a sorted slice, not a map, and every
// string is interned (a playlist's key and DJs, a track's name are shared
// by all their pairs).
type (
	pairKey [16]byte
	pairMap = map[pairKey]pairState
)

// keyOf is the first 16 bytes of sha256(from || 0x00 || to): a
// cryptographic hash, as the IDs come from scraped text.
func keyOf(from, to string) pairKey {
	h := sha256.New()
	h.Write([]byte(from))
	h.Write([]byte{0})
	h.Write([]byte(to))
	return pairKey(h.Sum(nil))
}

// pairState is one pair's contributions, sorted by playlist key.
type pairState struct {
	from, to string // the tracks' names, as last told
	shares   []playlistShare
}

type playlistShare struct {
	playlist string
	share
}

// share is one playlist's contribution to a pair.
type share struct {
	rev                         int64
	bpmMilli, camelotTen        int64
	occurrences, bpmN, camelotN int32
	day                         int32  // days since 1970-01-01, plus one; 0: not known
	djs                         string // the DJ keys, joined by NUL
}

// interner keeps one copy of each string the state holds. It only grows:
// by the playlists, DJs and track names the loop has seen, which the state
// holds nearly all of anyway.
type interner map[string]string

func (in interner) of(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	s = strings.Clone(s) // not a slice of a decoded record's buffer
	in[s] = s
	return s
}

// NewPairs returns the pairs loop's processor: it writes changelog records
// to the topic changelog encoded with enc, loads partitions' states with
// load, and fences its PostgreSQL writes in db (nil: none).
func NewPairs(changelog string, enc stage.Encoder, db *pgxpool.Pool, reg prometheus.Registerer,
	load func(ctx context.Context, partitions []int32, in interner) (map[int32]pairMap, error)) *Pairs {
	f := promauto.With(reg)
	return &Pairs{
		changelog: changelog, enc: enc, db: db, load: load,
		stale: f.NewCounter(prometheus.CounterOpts{
			Name: "songnodes_gold_pairs_stale_contributions_total",
			Help: "Contributions the pairs loop skipped because it held a later rev of the playlist for the pair.",
		}),
		held: f.NewGauge(prometheus.GaugeOpts{
			Name: "songnodes_gold_pairs_held_contributions",
			Help: "Contributions (pair and playlist) the pairs loop holds in memory: its state's size.",
		}),
		lost: map[int32]bool{}, parts: map[int32]*partState{}, strs: interner{},
	}
}

var (
	_ stage.Processor[record.GoldPairContribution, record.GoldTransition] = (*Pairs)(nil)
	_ stage.Stateful                                                      = (*Pairs)(nil)
)

// PartitionsLost implements stage.Stateful.
func (p *Pairs) PartitionsLost(m map[string][]int32) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if m == nil {
		p.lostAll = true
		return
	}
	for _, ps := range m {
		for _, n := range ps {
			p.lost[n] = true
		}
	}
}

// Prepare implements stage.Stateful: it drops what the last batch left
// uncommitted and the state of partitions taken away, then loads the
// state of every partition of recs it does not hold, taking the next
// owner's epoch of each first.
func (p *Pairs) Prepare(ctx context.Context, recs []*kgo.Record) error {
	p.mu.Lock()
	if p.lostAll {
		clear(p.parts)
	}
	for n := range p.lost {
		delete(p.parts, n)
	}
	p.lostAll = false
	clear(p.lost)
	p.mu.Unlock()
	p.pending = nil

	var missing []int32
	for _, r := range recs {
		if _, ok := p.parts[r.Partition]; !ok && !slices.Contains(missing, r.Partition) {
			missing = append(missing, r.Partition)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	slices.Sort(missing)
	epochs := map[int32]int64{}
	if p.db != nil {
		// Before loading: a replica still writing for one of these
		// partitions holds its owner row until it commits, so what it
		// wrote is in the changelog or was never committed to Kafka.
		var err error
		epochs, err = queryEpochs(ctx, p.db, `INSERT INTO gold_pair_owners AS o (partition, epoch) SELECT unnest($1::int[]), 1
			ON CONFLICT (partition) DO UPDATE SET epoch = o.epoch + 1 RETURNING partition, epoch`, missing)
		if err != nil {
			return fmt.Errorf("postgres: take the pairs partitions %v: %w", missing, err)
		}
	}
	loaded, err := p.load(ctx, missing, p.strs)
	if err != nil {
		return fmt.Errorf("load the pairs state of partitions %v from %s: %w", missing, p.changelog, err)
	}
	for _, n := range missing {
		p.parts[n] = &partState{epoch: epochs[n], pairs: loaded[n]}
		if p.parts[n].pairs == nil {
			p.parts[n].pairs = pairMap{}
		}
	}
	p.held.Set(float64(p.size()))
	return nil
}

func (p *Pairs) size() int {
	n := 0
	for _, ps := range p.parts {
		for _, st := range ps.pairs {
			n += len(st.shares)
		}
	}
	return n
}

// errMoved: a partition's owner epoch is no longer this replica's.
var errMoved = errors.New("another replica took the partition")

// Process implements stage.Processor.
func (p *Pairs) Process(ctx context.Context, tx pgx.Tx, batch []stage.In[record.GoldPairContribution]) (stage.Result[record.GoldTransition], error) {
	var res stage.Result[record.GoldTransition]
	if stage.Stored(tx) && p.db != nil {
		if err := p.checkEpochs(ctx, tx, batch); err != nil {
			return res, err
		}
	}
	call := overlay{}
	type moved struct {
		part int32
		key  pairKey
	}
	changed := map[moved]pair{}
	var stale int
	for i := range batch {
		c := &batch[i].Value
		part := batch[i].Record.Partition
		key := keyOf(c.FromTrackID, c.ToTrackID)
		st := p.state(call, part, key)
		took, old := st.take(c, p.strs)
		if old {
			stale++
		}
		if !took {
			continue
		}
		changed[moved{part, key}] = pair{c.FromTrackID, c.ToTrackID}
		b, err := p.enc.Encode(c)
		if err != nil {
			return res, fmt.Errorf("encode the changelog record: %w", err)
		}
		res.Outputs = append(res.Outputs, stage.Out[record.GoldTransition]{
			Key: c.FromTrackID + ">" + c.ToTrackID + "\x00" + c.PlaylistKey, Encoded: b, Topic: p.changelog, Partition: part, Source: batch[i].Source})
	}
	keys := slices.SortedFunc(maps.Keys(changed), func(a, b moved) int { return comparePairs(changed[a], changed[b]) })
	rows := make([]pairRow, len(keys))
	for i, k := range keys {
		rows[i] = call[k.part][k.key].row(changed[k])
		res.Outputs = append(res.Outputs, stage.Out[record.GoldTransition]{Key: rows[i].pr.Key(), Value: rows[i].g})
	}
	if stage.Stored(tx) {
		if err := writeTransitions(ctx, tx, rows); err != nil {
			return res, err
		}
	}
	res.OnStored = func() {
		if p.pending == nil {
			p.pending = overlay{}
		}
		for part, m := range call {
			if p.pending[part] == nil {
				p.pending[part] = map[pairKey]*pairState{}
			}
			maps.Copy(p.pending[part], m)
		}
	}
	res.OnCommit = func() {
		p.commit()
		p.stale.Add(float64(stale))
	}
	return res, nil
}

// checkEpochs locks the owner rows of the batch's partitions and checks
// they are still this replica's; a partition that moved is dropped.
func (p *Pairs) checkEpochs(ctx context.Context, tx pgx.Tx, batch []stage.In[record.GoldPairContribution]) error {
	var parts []int32
	for i := range batch {
		if n := batch[i].Record.Partition; !slices.Contains(parts, n) {
			parts = append(parts, n)
		}
	}
	slices.Sort(parts)
	now, err := queryEpochs(ctx, tx, "SELECT partition, epoch FROM gold_pair_owners WHERE partition = ANY($1) ORDER BY partition FOR SHARE", parts)
	if err != nil {
		return fmt.Errorf("read the pairs partitions' owners: %w", err)
	}
	for _, n := range parts {
		if held := p.parts[n]; held == nil || now[n] != held.epoch {
			p.PartitionsLost(map[string][]int32{"": {n}})
			return fmt.Errorf("pairs partition %d: %w (its epoch is %d)", n, errMoved, now[n])
		}
	}
	return nil
}

// overlay is a Process call's copies of the states it changes: they join
// the batch's (pending) once the call's PostgreSQL transaction commits
// (OnStored), so a call whose transaction fails (the loop then retries
// halves of the batch) leaves nothing behind.
type overlay map[int32]map[pairKey]*pairState

// queryEpochs runs a query of (partition, epoch) rows on partitions.
func queryEpochs(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, sql string, partitions []int32) (map[int32]int64, error) {
	rows, err := q.Query(ctx, sql, partitions)
	if err != nil {
		return nil, err
	}
	out := map[int32]int64{}
	var n int32
	var e int64
	_, err = pgx.ForEachRow(rows, []any{&n, &e}, func() error { out[n] = e; return nil })
	return out, err
}

// state returns the call's copy of a pair's state, made on first use from
// the batch's, or else the committed one.
func (p *Pairs) state(o overlay, part int32, key pairKey) *pairState {
	m := o[part]
	if m == nil {
		m = map[pairKey]*pairState{}
		o[part] = m
	}
	if st := m[key]; st != nil {
		return st
	}
	var st pairState
	if b := p.pending[part][key]; b != nil {
		st = *b
	} else {
		st = p.parts[part].pairs[key]
	}
	// Room for one more share: a new playlist adds one to each of its
	// pairs, and an insert into a full slice would double it.
	st.shares = append(make([]playlistShare, 0, len(st.shares)+1), st.shares...)
	m[key] = &st
	return &st
}

// commit makes the batch's states the committed ones.
func (p *Pairs) commit() {
	for part, m := range p.pending {
		held := p.parts[part]
		if held == nil { // taken away while the batch ran; reloaded if it comes back
			continue
		}
		for key, st := range m {
			held.pairs[key] = *st
		}
	}
	p.pending = nil
	p.held.Set(float64(p.size()))
}

// take keeps c unless a later rev of its playlist is held (old) or the
// same contribution is (neither took nor old).
func (st *pairState) take(c *record.GoldPairContribution, in interner) (took, old bool) {
	i, had := slices.BinarySearchFunc(st.shares, c.PlaylistKey, func(e playlistShare, k string) int {
		return strings.Compare(e.playlist, k)
	})
	if had && c.Rev < st.shares[i].rev {
		return false, true
	}
	n := shareOf(c, in)
	switch {
	case had && n == st.shares[i].share:
		return false, false
	case had:
		st.shares[i].share = n
	default:
		st.shares = slices.Insert(st.shares, i, playlistShare{in.of(c.PlaylistKey), n})
	}
	if c.FromTrack != "" {
		st.from = in.of(c.FromTrack)
	}
	if c.ToTrack != "" {
		st.to = in.of(c.ToTrack)
	}
	return true, false
}

func shareOf(c *record.GoldPairContribution, in interner) share {
	if c.Occurrences == 0 {
		return share{rev: c.Rev} // all that matters of a playlist that plays the pair no more
	}
	s := share{rev: c.Rev, occurrences: int32(c.Occurrences), bpmN: int32(c.BpmDeltaN), camelotN: int32(c.CamelotN),
		bpmMilli: c.BpmDeltaMilliSum, camelotTen: c.CamelotTenthsSum, djs: in.of(strings.Join(c.Djs, "\x00"))}
	if c.PlayedOn != nil {
		s.day = int32(c.PlayedOn.Unix()/86400) + 1
	}
	return s
}

// pairRow is a pair's state: what readers are told (nil when no
// playlist plays it), and the sums gold_transitions keeps.
type pairRow struct {
	pr                   pair
	g                    *record.GoldTransition
	bpm, bpmN, cam, camN int64
}

// row sums the pair's contributions.
func (st pairState) row(pr pair) pairRow {
	g := record.GoldTransition{FromTrackID: pr.from, ToTrackID: pr.to, FromTrack: st.from, ToTrack: st.to}
	var bpm, bpmN, cam, camN int64
	var first, last int32
	djs := map[string]bool{}
	for _, s := range st.shares {
		if s.occurrences == 0 {
			continue
		}
		g.Occurrences += int64(s.occurrences)
		g.Playlists++
		bpm, bpmN, cam, camN = bpm+s.bpmMilli, bpmN+int64(s.bpmN), cam+s.camelotTen, camN+int64(s.camelotN)
		for d := range strings.SplitSeq(s.djs, "\x00") {
			if d != "" {
				djs[d] = true
			}
		}
		if s.day != 0 {
			if first == 0 || s.day < first {
				first = s.day
			}
			last = max(last, s.day)
		}
	}
	if g.Occurrences == 0 {
		return pairRow{pr: pr}
	}
	g.Djs = int64(len(djs))
	if first != 0 {
		f, l := dayOf(first), dayOf(last)
		g.FirstSeen, g.LastSeen = &f, &l
	}
	if bpmN > 0 {
		m := float64(bpm) / 1000 / float64(bpmN)
		g.MeanBpmDelta = &m
	}
	if camN > 0 {
		s := float64(cam) / 10 / float64(camN)
		g.CamelotScore = &s
	}
	return pairRow{pr, &g, bpm, bpmN, cam, camN}
}

func dayOf(d int32) time.Time { return time.Unix(int64(d-1)*86400, 0).UTC() }

// writeTransitions writes the pairs' rows whole (a pair no playlist plays
// goes), in key order.
func writeTransitions(ctx context.Context, tx pgx.Tx, rows []pairRow) error {
	var from, to, goneFrom, goneTo []string
	var first, last []*time.Time
	var occ, sets, djs, bpm, bpmN, cam, camN []int64
	for _, r := range rows {
		if r.g == nil {
			goneFrom, goneTo = append(goneFrom, r.pr.from), append(goneTo, r.pr.to)
			continue
		}
		from, to = append(from, r.pr.from), append(to, r.pr.to)
		first, last = append(first, r.g.FirstSeen), append(last, r.g.LastSeen)
		occ, sets, djs = append(occ, r.g.Occurrences), append(sets, r.g.Playlists), append(djs, r.g.Djs)
		bpm, bpmN, cam, camN = append(bpm, r.bpm), append(bpmN, r.bpmN), append(cam, r.cam), append(camN, r.camN)
	}
	if len(from) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO gold_transitions AS t (from_track_id, to_track_id, occurrences, playlists, djs,
				first_seen, last_seen, bpm_delta_milli_sum, bpm_delta_n, camelot_tenths_sum, camelot_n)
			SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::date[], $7::date[],
				$8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
			ON CONFLICT (from_track_id, to_track_id) DO UPDATE SET
				occurrences = excluded.occurrences, playlists = excluded.playlists, djs = excluded.djs,
				first_seen = excluded.first_seen, last_seen = excluded.last_seen,
				bpm_delta_milli_sum = excluded.bpm_delta_milli_sum, bpm_delta_n = excluded.bpm_delta_n,
				camelot_tenths_sum = excluded.camelot_tenths_sum, camelot_n = excluded.camelot_n`,
			from, to, occ, sets, djs, first, last, bpm, bpmN, cam, camN); err != nil {
			return fmt.Errorf("write transitions: %w", err)
		}
	}
	if len(goneFrom) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM gold_transitions t USING unnest($1::text[], $2::text[]) AS p(f, t)
			WHERE t.from_track_id = p.f AND t.to_track_id = p.t`, goneFrom, goneTo); err != nil {
			return fmt.Errorf("drop transitions no set plays: %w", err)
		}
	}
	return nil
}
