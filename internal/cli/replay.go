package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/dev"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/pipeline"
	"github.com/songnodes/pipeline/internal/record"
)

const replayUsage = `--stage STAGE (--to-start | --to-end | --to-time TIME | --to-offset TOPIC:PARTITION=OFFSET...)
       [--topic TOPIC...] [--source SOURCE...] [--dry-run] [--json] [--dev [--data-dir DIR]]`

func runReplay(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flags("replay", stderr, replayUsage)
	stage := fs.String("stage", "", "stage to replay: "+strings.Join(pipeline.Names(), ", "))
	start := fs.Bool("to-start", false, "reprocess everything still in the input topics")
	end := fs.Bool("to-end", false, "skip to the end (nothing not yet processed is processed)")
	at := fs.String("to-time", "", "reprocess from the first record at or after this RFC 3339 time")
	var offsets []ops.PartitionOffset
	fs.Func("to-offset", "move one partition to an offset: `topic:partition=offset` (repeatable; the partitions not named keep their offsets)", func(s string) error {
		po, err := ops.ParsePartitionOffset(s)
		if err == nil {
			offsets = append(offsets, po)
		}
		return err
	})
	var topics, sources []string
	fs.Func("topic", "only this input `topic` (repeatable)", func(s string) error {
		topics = append(topics, s)
		return nil
	})
	fs.Func("source", "only the input topic of this `source` (repeatable; bronze only: the raw topics are per source)", func(s string) error {
		if !record.ValidSource(s) {
			return fmt.Errorf("%q is not a source name (lowercase letters, digits, - and _)", s)
		}
		sources = append(sources, s)
		return nil
	})
	dry := fs.Bool("dry-run", false, "print the plan (per partition: committed offset, new offset, records to reprocess or skip), change nothing")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	onDev := fs.Bool("dev", false, "replay a stage of the running songnodes dev: it pauses the stage, moves its group and resumes it")
	dataDir := fs.String("data-dir", "./data", "with --dev: the data directory of songnodes dev (its admin file is there)")
	if err := fs.Parse(args); err != nil {
		return app.FlagExit(err)
	}
	if fs.NArg() > 0 {
		return fail(stderr, "replay", fmt.Errorf("unexpected argument %q (every setting is a flag)", fs.Arg(0)), 2)
	}
	o := ops.ReplayOptions{Stage: *stage, Topics: topics, Sources: sources, DryRun: *dry}
	o.Target = ops.ReplayTarget{Start: *start, End: *end, Offsets: offsets}
	if *at != "" {
		tm, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return fail(stderr, "replay", fmt.Errorf("--to-time %q is not an RFC 3339 time (e.g. 2026-11-28T00:00:00Z)", *at), 2)
		}
		o.Target.Time = tm
	}
	if *stage == "" {
		fs.Usage()
		return fail(stderr, "replay", errors.New("--stage is required"), 2)
	}
	if _, err := pipeline.Lookup(*stage); err != nil {
		return fail(stderr, "replay", fmt.Errorf("--stage: %w", err), 2)
	}
	if n := btoi(*start) + btoi(*end) + btoi(*at != "") + btoi(len(offsets) > 0); n != 1 {
		return fail(stderr, "replay", errors.New("give exactly one of --to-start, --to-end, --to-time, --to-offset"), 2)
	}
	// What can be checked without Kafka is: a source asked of a stage
	// whose input is not per source.
	cfg, ok := kafkaConfig(stderr, "replay")
	if !ok {
		return 2
	}
	if err := ops.CheckSources(cfg.Topics, *stage, sources); err != nil {
		return fail(stderr, "replay", err, 2)
	}

	var plan *ops.ReplayPlan
	var err error
	if *onDev {
		var adm dev.Admin
		if adm, err = dev.ReadAdmin(*dataDir); err != nil {
			return fail(stderr, "replay", err, 1)
		}
		plan, err = adm.Replay(ctx, o)
	} else {
		if !reachKafka(ctx, cfg, app.NewLogger(stderr, "warn"), stderr, "replay") {
			return 1
		}
		adm, aerr := cfg.NewAdmin("songnodes-replay", app.NewLogger(stderr, "warn"))
		if aerr != nil {
			return fail(stderr, "replay", aerr, 1)
		}
		defer adm.Close()
		plan, err = ops.ReplayWith(ctx, adm, cfg.Topics, o)
	}
	var inErr *ops.InputError
	switch {
	case errors.As(err, &inErr):
		return fail(stderr, "replay", err, 2)
	case err != nil:
		return fail(stderr, "replay", err, 1)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(plan)
		return 0
	}
	plan.Print(stdout)
	return 0
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
