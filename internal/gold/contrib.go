package gold

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/songnodes/pipeline/internal/record"
)

// contribution is what one playlist contributes to one pair now: the
// pairs loop's input, keyed by the pair.
type contribution = record.GoldPairContribution

// contributions turns what apply told into the contributions of each
// told playlist to each told pair: what its lines hold of the pair when
// it is counted, zero when it is not or holds none. In key order.
func contributions(told map[string]map[pair]bool, now map[string]rows, next map[string]member) []contribution {
	var out []contribution
	for _, k := range slices.Sorted(maps.Keys(told)) {
		r, m := now[k], next[k]
		names := map[string]string{}
		for _, p := range r.plays {
			names[p.track] = p.artist + " - " + p.title
		}
		var day *time.Time
		if t, err := time.Parse(time.DateOnly, m.day); err == nil {
			day = &t
		}
		pairs := slices.SortedFunc(maps.Keys(told[k]), comparePairs)
		cs := make([]contribution, len(pairs))
		byPair := make(map[pair]*contribution, len(pairs))
		for i, p := range pairs {
			c := contribution{FromTrackID: p.from, ToTrackID: p.to, FromTrack: names[p.from], ToTrack: names[p.to],
				PlaylistKey: k, Rev: m.rev, Djs: []string{}}
			if m.counted {
				c.PlayedOn, c.Djs = day, slices.Clone(m.djs)
				if c.Djs == nil {
					c.Djs = []string{}
				}
			}
			cs[i] = c
			byPair[p] = &cs[i]
		}
		for _, o := range r.occurrences {
			if !m.counted {
				break
			}
			c := byPair[pair{o.from, o.to}]
			if c == nil {
				continue
			}
			c.Occurrences++
			if o.bpmDelta != nil {
				c.BpmDeltaMilliSum += int64(math.Round(*o.bpmDelta * 1000))
				c.BpmDeltaN++
			}
			if o.camelotScore != nil {
				c.CamelotTenthsSum += int64(math.Round(*o.camelotScore * 10))
				c.CamelotN++
			}
		}
		out = append(out, cs...)
	}
	return out
}

func comparePairs(a, b pair) int {
	return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
}
