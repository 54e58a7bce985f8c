// Package ops holds the operator commands: replaying a stage from an
// offset or a time, and listing and re-driving dead letters.
package ops

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"sort"
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

// ReplayTarget says where to move a stage's group to.
type ReplayTarget struct {
	Start bool      // the earliest offset still in the log
	End   bool      // the end (skip everything not processed yet)
	Time  time.Time // the first offset at or after this time
}

// Replay moves the committed offsets of a stage's consumer group to target,
// so that the stage reprocesses from there when it starts. The stage must
// be stopped: offsets of a group with live members cannot be moved. With
// dryRun it only prints the plan.
func Replay(ctx context.Context, adm *kadm.Client, t kafka.Topics, stage string, target ReplayTarget, dryRun bool, out io.Writer) error {
	group := t.Group(stage)
	described, err := adm.DescribeGroups(ctx, group)
	if err != nil {
		return fmt.Errorf("describe group %s: %w", group, err)
	}
	if g, ok := described[group]; ok && g.Err == nil && len(g.Members) > 0 {
		return fmt.Errorf("group %s has %d live members (state %s): stop every %s replica first, then replay", group, len(g.Members), g.State, stage)
	}
	topics, err := InputTopics(ctx, adm, t, stage)
	if err != nil {
		return err
	}
	var listed kadm.ListedOffsets
	switch {
	case target.Start:
		listed, err = adm.ListStartOffsets(ctx, topics...)
	case target.End:
		listed, err = adm.ListEndOffsets(ctx, topics...)
	case !target.Time.IsZero():
		listed, err = adm.ListOffsetsAfterMilli(ctx, target.Time.UnixMilli(), topics...)
	default:
		return fmt.Errorf("no replay target: give --to-start, --to-end or --to-time")
	}
	if err != nil {
		return fmt.Errorf("list offsets: %w", err)
	}
	if err := listed.Error(); err != nil {
		return fmt.Errorf("list offsets: %w", err)
	}
	current, err := adm.FetchOffsets(ctx, group)
	if err != nil {
		return fmt.Errorf("fetch committed offsets of %s: %w", group, err)
	}
	offsets := listed.Offsets()
	fmt.Fprintf(out, "group %s:\n", group)
	offsets.Each(func(o kadm.Offset) {
		from := "none"
		if c, ok := current.Lookup(o.Topic, o.Partition); ok && c.Err == nil {
			from = fmt.Sprint(c.At)
		}
		fmt.Fprintf(out, "  %s[%d]: %s -> %d\n", o.Topic, o.Partition, from, o.At)
	})
	if dryRun {
		fmt.Fprintln(out, "dry run: nothing changed")
		return nil
	}
	resp, err := adm.CommitOffsets(ctx, group, offsets)
	if err != nil {
		return fmt.Errorf("commit offsets: %w", err)
	}
	if err := resp.Error(); err != nil {
		return fmt.Errorf("commit offsets: %w", err)
	}
	fmt.Fprintf(out, "done: start the %s stage to reprocess from there\n", stage)
	return nil
}
