package tracklist

import (
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Memo is Analyze with a memory of recent parses. Track popularity follows
// a power law: the same few thousand tracks fill most tracklists, written
// the same way by the same site, and only the cue prefix differs from one
// set to the next. Memo remembers the parse of a line's body (the line
// without its cue and position prefixes) and the track ID it makes, and
// reuses them for the next line with the same body; the hints are applied
// to every line anew.
//
// The result is exactly Analyze's (a test holds the two equal on every
// line of the corpora, and a fuzz target on any line), except that its
// slices may be shared with other results: treat them as read-only. Memo
// is safe for concurrent use; its memory is bounded by NewMemo's size.
type Memo struct {
	seed   maphash.Seed
	shards [memoShards]memoShard
}

// memoShards spreads the lock: the stage loop analyses lines on every
// core at once.
const memoShards = 16

type memoShard struct {
	mu   sync.Mutex
	size int
	// Two generations: entries go into cur; when cur is full it becomes
	// old and a new cur starts. A hit in old moves the entry to cur, so
	// what stays popular stays.
	// Keyed by the hash of body and layout (memoHash): the entry holds
	// both, and a lookup compares them, so a collision is only a miss.
	cur, old map[uint64]*memoEntry
	_        [64]byte // keeps each shard's lock on its own cache line
}

// memoEntry is a parsed body: Line is empty and Cue is a cue found inside
// the body, if any. Its slices are clipped (capacity = length), so that
// appending to them copies rather than writes into the shared array.
type memoEntry struct {
	body     string   // the key: the body,
	o        bodyOpts // read in this layout
	t        Track
	id       string    // t.ID()
	feat     features  // what the body shows of its tracklist's layout (layout-free entries)
	names    sideNames // the names either side of its dash (layout-free entries)
	notTrack bool      // isNotTrack(body) (layout-free entries)
	spoken   bool      // its parse shows words between the tracks, no track (parseTrackBody)
	// The last verdict on each kind of hint: a track's hints are the same
	// strings wherever it is scraped, so one slot holds nearly every time.
	verdicts [numHintKinds]atomic.Pointer[verdict]
	// inLayout holds the body read in the layouts other than the plain
	// one that it was last asked for (layout-free entries), one slot per
	// hash of the layout: a body is read in the few layouts of the sites
	// that list it, so this spares a second lookup for most lines.
	inLayout [layoutSlots]atomic.Pointer[memoEntry]
}

// layoutSlots is how many layouts a body's entry remembers itself in.
const layoutSlots = 4

// The hints analyze compares with the line.
const (
	hintArtist = iota
	hintTitle
	hintLabel
	hintCatalog
	numHintKinds
)

type verdict struct {
	hint  string
	agree bool
}

// agrees returns compare(), which says whether hint agrees with the line,
// from memory when e has seen the same hint of this kind before. valid
// false means that the line's side of the comparison is not the body's
// alone this time: compare is called and its verdict not kept.
func (e *memoEntry) agrees(kind int, hint string, valid bool, compare func() bool) bool {
	if e == nil || !valid {
		return compare()
	}
	if v := e.verdicts[kind].Load(); v != nil && v.hint == hint {
		return v.agree
	}
	agree := compare()
	e.verdicts[kind].Store(&verdict{hint: strings.Clone(hint), agree: agree})
	return agree
}

// NewMemo returns a Memo that keeps at most about 2*size parses in its
// maps, plus those read in a layout that hang off them (inLayout): at
// worst layoutSlots per parse, in practice few, since the maps hold the
// popular ones too.
func NewMemo(size int) *Memo {
	m := &Memo{seed: maphash.MakeSeed()}
	per := max(1, size/memoShards)
	for i := range m.shards {
		m.shards[i].size = per
		m.shards[i].cur = make(map[uint64]*memoEntry, per)
	}
	return m
}

// Analyze is Analyze(line, h).
func (m *Memo) Analyze(line string, h Hints) Analysis {
	if len(line) > MaxLineBytes {
		return Analyze(line, h)
	}
	li := prepare(line, prefixOpts{})
	if li.notTrack {
		return m.finish(li, nil, h)
	}
	e := m.entry(li.body, 0)
	if e.notTrack {
		return m.finish(li, nil, h)
	}
	if o := cuedOpts(li); o != 0 {
		e = m.inLayout(e, o)
	}
	return m.finish(li, e, h)
}

// AnalyzeLines is AnalyzeLines(lines, hints). Reading the layout costs
// little more than parsing alone: what each body shows of its layout is
// remembered with its parse.
func (m *Memo) AnalyzeLines(raw []string, hints []Hints) []Analysis {
	lines, tab := tableRows(raw)
	var prefix prefixOpts
	if len(lines) >= minLayoutLines {
		prefix = readPrefixLayout(lines)
	}
	// Most tracklists are short: their scratch stays on the stack.
	const short = 48
	var (
		infoBuf  [short]lineInfo
		entryBuf [short]*memoEntry
		featBuf  [short]features
		nameBuf  [short]sideNames
		headBuf  [short]bool
		optBuf   [short]bodyOpts
	)
	infos, entries, feats, names, head, opts := infoBuf[:], entryBuf[:], featBuf[:], nameBuf[:], headBuf[:], optBuf[:]
	if len(lines) > short {
		infos, entries = make([]lineInfo, len(lines)), make([]*memoEntry, len(lines))
		feats, names = make([]features, len(lines)), make([]sideNames, len(lines))
		head, opts = make([]bool, len(lines)), make([]bodyOpts, len(lines))
	}
	infos, entries, feats, names, head, opts = infos[:len(lines)], entries[:len(lines)], feats[:len(lines)], names[:len(lines)], head[:len(lines)], opts[:len(lines)]
	for i, line := range lines {
		if len(line) > MaxLineBytes {
			continue
		}
		infos[i] = prepareRow(lines, raw, tab, i, prefix)
	}
	numberedRuns(lines, infos, prefix)
	for i, line := range lines {
		if len(line) > MaxLineBytes {
			continue
		}
		if infos[i].notTrack {
			head[i] = true
			continue
		}
		e := m.entry(infos[i].body, 0)
		if e.notTrack {
			head[i] = true
			continue
		}
		entries[i], feats[i], names[i] = e, e.feat, e.names
	}
	markFields(infos, feats, head)
	markHeadings(infos, feats, head)
	bodyLayout(prefix, feats, names, head, opts)
	headedColumns(infos, head, opts)
	headedOrder(tab, opts)
	titlesAlone(infos, feats, head, prefix, opts)
	songTitles(infos, opts)
	yearLabels(infos, head, opts)
	out := make([]Analysis, len(lines))
	for i, line := range raw {
		var h Hints
		if hints != nil {
			h = hints[i]
		}
		e := entries[i]
		switch {
		case infos[i].notTrack:
			e = nil // a heading among the tracks (markHeadings)
		case len(line) > MaxLineBytes:
			out[i] = Analyze(line, h)
			continue
		case e != nil && opts[i]|cuedOpts(infos[i]) != 0:
			e = m.inLayout(e, opts[i]|cuedOpts(infos[i]))
		}
		m.finishInto(&out[i], infos[i], e, withTableLabel(h, infos[i]))
	}
	listRemixers(out)
	doubtUnknownLayout(out)
	return out
}

// inLayout returns the memory of plain's body read in layout o.
func (m *Memo) inLayout(plain *memoEntry, o bodyOpts) *memoEntry {
	slot := &plain.inLayout[uint32(o)*0x9e3779b9>>30] // the top 2 bits of a multiplicative hash
	if e := slot.Load(); e != nil && e.o == o {
		return e
	}
	e := m.entry(plain.body, o)
	slot.Store(e)
	return e
}

// entry returns the memory of a body read in a layout, parsing it the
// first time.
func (m *Memo) entry(body string, o bodyOpts) *memoEntry {
	h := memoHash(m.seed, body, o)
	sh := &m.shards[h%memoShards]
	if e := sh.get(h, body, o); e != nil {
		return e
	}
	// A copy: the entry must not keep the caller's whole line (or the
	// record it was decoded from) alive.
	body = strings.Clone(body)
	e := &memoEntry{body: body, o: o, t: Track{Artists: []string{}, Featured: []string{}, Remixers: []string{}}}
	e.spoken = !parseTrackBody(&e.t, body, o)
	e.t.Artists, e.t.Featured, e.t.Remixers = slices.Clip(e.t.Artists), slices.Clip(e.t.Featured), slices.Clip(e.t.Remixers)
	e.id = e.t.ID()
	if o == 0 {
		e.notTrack = isNotTrack(body)
		if !e.notTrack {
			e.feat, e.names = featuresOf(body)
		}
	}
	sh.put(h, e)
	return e
}

// memoHash is the key of a body in a layout: the same body reads
// differently in another layout.
func memoHash(seed maphash.Seed, body string, o bodyOpts) uint64 {
	return maphash.String(seed, body) ^ uint64(o)*0x9e3779b97f4a7c15
}

// finish is what parsePrepared and analyze make of a prepared line with
// its body's memory (nil for a line that names no track).
func (m *Memo) finish(li lineInfo, e *memoEntry, h Hints) Analysis {
	var a Analysis
	m.finishInto(&a, li, e, h)
	return a
}

// finishInto is finish writing its result into *a.
func (m *Memo) finishInto(a *Analysis, li lineInfo, e *memoEntry, h Hints) {
	if e == nil || e.spoken {
		analyzeInto(a, notTrack(li), h, nil)
		return
	}
	t := e.t
	t.Line = li.clean
	t.finishLine(li)
	if li.invalid {
		t.flags |= flagInvalidUTF8
	}
	analyzeInto(a, t, h, e)
}

func (sh *memoShard) get(h uint64, body string, o bodyOpts) *memoEntry {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e, ok := sh.cur[h]
	if !ok {
		if e, ok = sh.old[h]; ok {
			sh.putLocked(h, e)
		}
	}
	if !ok || e.o != o || e.body != body {
		return nil // a miss, or another body of the same hash
	}
	return e
}

func (sh *memoShard) put(h uint64, e *memoEntry) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.putLocked(h, e)
}

func (sh *memoShard) putLocked(h uint64, e *memoEntry) {
	if len(sh.cur) >= sh.size {
		sh.old, sh.cur = sh.cur, make(map[uint64]*memoEntry, sh.size)
	}
	sh.cur[h] = e
}
