// Package ops holds the operator commands: replaying a stage from an
// offset or a time, and listing and re-driving dead letters.
package ops

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/pipeline"
)

// InputTopics returns the topics a stage consumes that exist now.
func InputTopics(ctx context.Context, adm *kadm.Client, t kafka.Topics, stage string) ([]string, error) {
	spec, err := pipeline.Lookup(stage)
	if err != nil {
		return nil, err
	}
	pattern := spec.Input(t)
	re := regexp.MustCompile(pattern)
	all, err := adm.ListTopics(ctx)
	if err != nil {
		return nil, fmt.Errorf("list topics: %w", err)
	}
	var out []string
	for _, name := range all.Names() {
		if re.MatchString(name) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return nil, fmt.Errorf("stage %s has no input topic yet", stage)
	}
	return out, nil
}

// ReplayTarget says where to move a stage's group to: exactly one of its
// fields is set.
type ReplayTarget struct {
	Start bool      `json:"start,omitempty"` // the earliest offset still in the log
	End   bool      `json:"end,omitempty"`   // the end (skip everything not processed yet)
	Time  time.Time `json:"time,omitzero"`   // the first offset at or after this time
	// Offsets moves the partitions named to the offsets given; the
	// partitions not named keep their committed offsets.
	Offsets []PartitionOffset `json:"offsets,omitempty"`
}

// String says where the target is, for the plan's heading.
func (t ReplayTarget) String() string {
	switch {
	case t.Start:
		return "the start"
	case t.End:
		return "the end"
	case !t.Time.IsZero():
		return "the first record at or after " + t.Time.Format(time.RFC3339)
	case len(t.Offsets) > 0:
		return "the offsets given"
	}
	return "nowhere"
}

func (t ReplayTarget) count() int {
	n := 0
	for _, set := range []bool{t.Start, t.End, !t.Time.IsZero(), len(t.Offsets) > 0} {
		if set {
			n++
		}
	}
	return n
}

// PartitionOffset is one --to-offset: topic:partition=offset.
type PartitionOffset struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

func (p PartitionOffset) String() string {
	return fmt.Sprintf("%s:%d=%d", p.Topic, p.Partition, p.Offset)
}

// ParsePartitionOffset reads topic:partition=offset. Topic names cannot
// hold ':' or '=', so the last of each separates the parts.
func ParsePartitionOffset(s string) (PartitionOffset, error) {
	bad := fmt.Errorf("%q: want topic:partition=offset (e.g. songnodes.raw.mixesdb:0=1200)", s)
	left, off, ok := cutLast(s, "=")
	if !ok {
		return PartitionOffset{}, bad
	}
	topic, part, ok := cutLast(left, ":")
	if !ok || topic == "" {
		return PartitionOffset{}, bad
	}
	p, err := strconv.ParseInt(part, 10, 32)
	if err != nil || p < 0 {
		return PartitionOffset{}, fmt.Errorf("%q: partition %q is not a partition number", s, part)
	}
	o, err := strconv.ParseInt(off, 10, 64)
	if err != nil || o < 0 {
		return PartitionOffset{}, fmt.Errorf("%q: offset %q is not an offset (a number from 0)", s, off)
	}
	return PartitionOffset{Topic: topic, Partition: int32(p), Offset: o}, nil
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", "", false
	}
	return s[:i], s[i+len(sep):], true
}

// ReplayOptions say which stage to replay, where to, and which of its
// input topics: all of them unless Topics or Sources name some (then the
// topics of either).
type ReplayOptions struct {
	Stage   string       `json:"stage"`
	Target  ReplayTarget `json:"target"`
	Topics  []string     `json:"topics,omitempty"`
	Sources []string     `json:"sources,omitempty"`
	DryRun  bool         `json:"dry_run,omitempty"`
}

// InputError is a replay asked for wrongly (a stage, topic, source or
// offset that is not there): the command exits 2 for it, not 1.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(format string, args ...any) error {
	return &InputError{Err: fmt.Errorf(format, args...)}
}

// ReplayPlan is what a replay moves (or, dry, would move).
type ReplayPlan struct {
	Stage  string `json:"stage"`
	Group  string `json:"group"`
	Target string `json:"target"`
	DryRun bool   `json:"dry_run"`
	// Moved says the group's offsets were committed.
	Moved bool `json:"moved"`
	// LiveMembers is how many members the group had: a dry run plans
	// anyway, a real replay refuses unless it is 0.
	LiveMembers int `json:"live_members"`
	// Dev says what the dev process did, when it did the replay.
	Dev        string          `json:"dev,omitempty"`
	Partitions []PartitionMove `json:"partitions"`
	Reprocess  int64           `json:"reprocess"` // sum over the partitions
	Skip       int64           `json:"skip"`
}

// PartitionMove is one partition's move.
type PartitionMove struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	// Committed is the group's offset now; nil when it has committed
	// none here (the stage would start at the log's start).
	Committed *int64 `json:"committed"`
	New       int64  `json:"new"`
	LogStart  int64  `json:"log_start"`
	LogEnd    int64  `json:"log_end"`
	// Reprocess counts the offsets between the new offset and where the
	// stage is now, when moving back; Skip, when moving forward. In a
	// topic written in transactions each transaction's commit marker
	// takes an offset too, so these are upper bounds there.
	Reprocess int64 `json:"reprocess"`
	Skip      int64 `json:"skip"`
}

// Replay moves the committed offsets of a stage's consumer group to
// target, so that the stage reprocesses from there when it starts, and
// prints the plan. It is ReplayWith for the whole stage.
func Replay(ctx context.Context, adm *kadm.Client, t kafka.Topics, stage string, target ReplayTarget, dryRun bool, out io.Writer) error {
	plan, err := ReplayWith(ctx, adm, t, ReplayOptions{Stage: stage, Target: target, DryRun: dryRun})
	if err != nil {
		return err
	}
	plan.Print(out)
	return nil
}

// ReplayWith plans the move o asks for and, unless o.DryRun, commits it.
// The stage must be stopped: the offsets of a group with live members
// cannot be moved (the members would commit over them), so it refuses
// then. A partition the plan does not name keeps its offset.
func ReplayWith(ctx context.Context, adm *kadm.Client, t kafka.Topics, o ReplayOptions) (*ReplayPlan, error) {
	spec, err := pipeline.Lookup(o.Stage)
	if err != nil {
		return nil, &InputError{Err: fmt.Errorf("--stage: %w", err)}
	}
	if o.Target.count() != 1 {
		return nil, inputErr("give exactly one of --to-start, --to-end, --to-time, --to-offset")
	}
	if err := CheckSources(t, o.Stage, o.Sources); err != nil {
		return nil, err
	}
	group := t.Group(o.Stage)
	plan := &ReplayPlan{Stage: o.Stage, Group: group, Target: o.Target.String(), DryRun: o.DryRun, Partitions: []PartitionMove{}}

	described, err := adm.DescribeGroups(ctx, group)
	if err != nil {
		return nil, fmt.Errorf("describe group %s: %w", group, err)
	}
	if g, ok := described[group]; ok && g.Err == nil {
		plan.LiveMembers = len(g.Members)
		if plan.LiveMembers > 0 && !o.DryRun {
			return nil, &LiveMembersError{Group: group, Stage: o.Stage, Members: plan.LiveMembers, State: g.State}
		}
	}

	topics, err := InputTopics(ctx, adm, t, o.Stage)
	if err != nil {
		return nil, err
	}
	if topics, err = selectTopics(t, spec.Name, topics, o); err != nil {
		return nil, err
	}
	starts, err := listed(adm.ListStartOffsets(ctx, topics...))
	if err != nil {
		return nil, err
	}
	ends, err := listed(adm.ListEndOffsets(ctx, topics...))
	if err != nil {
		return nil, err
	}
	targets, err := targetOffsets(ctx, adm, o.Target, topics, starts, ends)
	if err != nil {
		return nil, err
	}
	committed, err := adm.FetchOffsets(ctx, group)
	if err != nil {
		return nil, fmt.Errorf("fetch committed offsets of %s: %w", group, err)
	}
	if err := committed.Error(); err != nil {
		return nil, fmt.Errorf("fetch committed offsets of %s: %w", group, err)
	}

	targets.Each(func(to kadm.Offset) {
		start, _ := starts.Lookup(to.Topic, to.Partition)
		end, _ := ends.Lookup(to.Topic, to.Partition)
		m := PartitionMove{Topic: to.Topic, Partition: to.Partition, New: to.At, LogStart: start.Offset, LogEnd: end.Offset}
		// Where the stage is now: its committed offset, or the log's
		// start when it has none (a new group starts there), and never
		// outside the log (a consumer is reset into it).
		pos := start.Offset
		if c, ok := committed.Lookup(to.Topic, to.Partition); ok && c.Err == nil && c.At >= 0 {
			at := c.At
			m.Committed = &at
			pos = min(max(at, start.Offset), end.Offset)
		}
		m.Reprocess, m.Skip = max(0, pos-to.At), max(0, to.At-pos)
		plan.Reprocess += m.Reprocess
		plan.Skip += m.Skip
		plan.Partitions = append(plan.Partitions, m)
	})
	slices.SortFunc(plan.Partitions, func(a, b PartitionMove) int {
		return cmpTopicPartition(a.Topic, a.Partition, b.Topic, b.Partition)
	})
	if o.DryRun {
		return plan, nil
	}
	resp, err := adm.CommitOffsets(ctx, group, targets)
	if err != nil {
		return nil, fmt.Errorf("commit offsets of %s: %w", group, err)
	}
	if err := resp.Error(); err != nil {
		return nil, fmt.Errorf("commit offsets of %s: %w", group, err)
	}
	plan.Moved = true
	return plan, nil
}

// LiveMembersError is the refusal to move a group that has members.
type LiveMembersError struct {
	Group, Stage, State string
	Members             int
}

func (e *LiveMembersError) Error() string {
	return fmt.Sprintf("group %s has %d live members (state %s): stop every %s replica first, then replay (for songnodes dev, add --dev)",
		e.Group, e.Members, e.State, e.Stage)
}

// CheckSources checks that stage's input is per source when sources are
// asked for. Only the raw topics are: silver and gold read one topic
// holding every source's records, mixed in the same partitions, and a
// group's offset is a partition's, so their replay cannot be limited to
// a source. Replaying bronze for the source does it: silver and gold
// then receive that source's records again.
func CheckSources(t kafka.Topics, stage string, sources []string) error {
	if len(sources) == 0 {
		return nil
	}
	spec, err := pipeline.Lookup(stage)
	if err != nil {
		return &InputError{Err: fmt.Errorf("--stage: %w", err)}
	}
	re := regexp.MustCompile(spec.Input(t))
	for _, s := range sources {
		if !re.MatchString(t.Raw(s)) {
			return inputErr("--source %s: stage %s reads %s, where every source's records share the partitions, so its replay cannot be limited to a source; replay bronze with --source %s instead: silver and gold then receive that source's records again",
				s, stage, strings.Trim(spec.Input(t), "^$"), s)
		}
	}
	return nil
}

// selectTopics narrows the stage's input topics to those o names, and
// checks the partitions of its --to-offset are among them.
func selectTopics(t kafka.Topics, stage string, inputs []string, o ReplayOptions) ([]string, error) {
	out := inputs
	if len(o.Topics)+len(o.Sources) > 0 {
		out = nil
		for _, name := range o.Topics {
			if !slices.Contains(inputs, name) {
				return nil, inputErr("--topic %s: not an input topic of stage %s (it reads %s)", name, stage, strings.Join(inputs, ", "))
			}
			out = append(out, name)
		}
		for _, s := range o.Sources {
			name := t.Raw(s)
			if !slices.Contains(inputs, name) {
				return nil, inputErr("--source %s: there is no topic %s yet (stage %s reads %s)", s, name, stage, strings.Join(inputs, ", "))
			}
			out = append(out, name)
		}
		slices.Sort(out)
		out = slices.Compact(out)
	}
	for _, po := range o.Target.Offsets {
		if !slices.Contains(out, po.Topic) {
			return nil, inputErr("--to-offset %s: %s is not a topic this replay reads (%s)", po, po.Topic, strings.Join(out, ", "))
		}
	}
	return out, nil
}

// targetOffsets are the offsets to commit: every partition of topics,
// or only those --to-offset names, each checked to be in its log.
func targetOffsets(ctx context.Context, adm *kadm.Client, target ReplayTarget, topics []string, starts, ends kadm.ListedOffsets) (kadm.Offsets, error) {
	var l kadm.ListedOffsets
	var err error
	switch {
	case target.Start:
		l = starts
	case target.End:
		l = ends
	case !target.Time.IsZero():
		// A partition with nothing at or after the time gets its end.
		if l, err = listed(adm.ListOffsetsAfterMilli(ctx, target.Time.UnixMilli(), topics...)); err != nil {
			return nil, err
		}
	default:
		out := kadm.Offsets{}
		for _, po := range target.Offsets {
			start, ok := starts.Lookup(po.Topic, po.Partition)
			if !ok {
				return nil, inputErr("--to-offset %s: %s has no partition %d", po, po.Topic, po.Partition)
			}
			end, _ := ends.Lookup(po.Topic, po.Partition)
			switch {
			case po.Offset < start.Offset:
				return nil, inputErr("--to-offset %s: before the log's start %d (offsets below it are deleted)", po, start.Offset)
			case po.Offset > end.Offset:
				return nil, inputErr("--to-offset %s: beyond the log's end %d (the next record's offset)", po, end.Offset)
			}
			out.AddOffset(po.Topic, po.Partition, po.Offset, -1)
		}
		return out, nil
	}
	return l.Offsets(), nil
}

// listed returns the offsets of a kadm listing, or the first error of it.
func listed(l kadm.ListedOffsets, err error) (kadm.ListedOffsets, error) {
	if err == nil {
		err = l.Error()
	}
	if err != nil {
		return nil, fmt.Errorf("list offsets: %w", err)
	}
	return l, nil
}

func cmpTopicPartition(t1 string, p1 int32, t2 string, p2 int32) int {
	if c := strings.Compare(t1, t2); c != 0 {
		return c
	}
	return int(p1) - int(p2)
}

// Print writes the plan as a table, one partition a line.
func (p *ReplayPlan) Print(w io.Writer) {
	fmt.Fprintf(w, "group %s (stage %s) to %s:\n", p.Group, p.Stage, p.Target)
	width := len("topic")
	for _, m := range p.Partitions {
		width = max(width, len(m.Topic))
	}
	fmt.Fprintf(w, "  %-*s %9s %10s %10s %10s %10s\n", width, "topic", "partition", "committed", "new", "reprocess", "skip")
	for _, m := range p.Partitions {
		committed := "none"
		if m.Committed != nil {
			committed = strconv.FormatInt(*m.Committed, 10)
		}
		fmt.Fprintf(w, "  %-*s %9d %10s %10d %10d %10d\n", width, m.Topic, m.Partition, committed, m.New, m.Reprocess, m.Skip)
	}
	fmt.Fprintf(w, "records to reprocess: %d, to skip: %d (counted in offsets: in a topic written in transactions, each commit marker is one)\n", p.Reprocess, p.Skip)
	switch {
	case p.Dev != "":
		fmt.Fprintln(w, p.Dev)
	case p.DryRun && p.LiveMembers > 0:
		fmt.Fprintf(w, "dry run: nothing changed; the group has %d live members: stop every %s replica before replaying (songnodes dev: add --dev)\n", p.LiveMembers, p.Stage)
	case p.DryRun:
		fmt.Fprintln(w, "dry run: nothing changed")
	case p.Moved:
		fmt.Fprintf(w, "done: start the %s stage to reprocess from there\n", p.Stage)
	}
}
