package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/gold"
	"github.com/songnodes/pipeline/internal/ops"
)

const lineageUsage = `(--playlist KEY | --track TRACK | --from TRACK --to TRACK) [--limit N] [--json]

Where a playlist, a track's lines or a transition of the graph come from:
the silver playlist, the bronze record, and the raw record (topic,
partition, offset, schema ID), its scrape time, URL and page revision.
TRACK is a track ID (16 hex digits) or "Artist - Title", resolved as
'songnodes graph' does. Reads DATABASE_URL.`

// trackIDPattern is the form of a SongNodes track ID.
var trackIDPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)

func runLineage(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flags("lineage", stderr, lineageUsage)
	playlist := fs.String("playlist", "", "playlist key, e.g. mixesdb:12345")
	track := fs.String("track", "", "a track: its silver lines")
	from := fs.String("from", "", "a transition's first track (with --to)")
	to := fs.String("to", "", "a transition's second track (with --from)")
	limit := fs.Int("limit", 20, "how many lines to show (--track, --from/--to)")
	asJSON := fs.Bool("json", false, "print one JSON document")
	if err := fs.Parse(args); err != nil {
		return app.FlagExit(err)
	}
	modes := 0
	for _, set := range []bool{*playlist != "", *track != "", *from != "" || *to != ""} {
		if set {
			modes++
		}
	}
	switch {
	case fs.NArg() > 0:
		return fail(stderr, "lineage", fmt.Errorf("unexpected argument %q (name what to trace with --playlist, --track or --from/--to)", fs.Arg(0)), 2)
	case modes != 1:
		return fail(stderr, "lineage", errors.New("give exactly one of --playlist, --track, or --from with --to"), 2)
	case (*from == "") != (*to == ""):
		return fail(stderr, "lineage", errors.New("--from and --to go together"), 2)
	case *limit < 1:
		return fail(stderr, "lineage", fmt.Errorf("--limit must be at least 1, not %d", *limit), 2)
	}
	pool, code := openDatabase(ctx, "lineage", stderr)
	if pool == nil {
		return code
	}
	defer pool.Close()

	var doc any
	var print func(io.Writer)
	var err error
	switch {
	case *playlist != "":
		var p ops.PlaylistLineage
		p, err = ops.PlaylistChain(ctx, pool, *playlist)
		doc, print = p, func(w io.Writer) { printPlaylist(w, p) }
	case *track != "":
		var id string
		if id, code = resolveTrack(ctx, pool, "track", *track, stderr); code != 0 {
			return code
		}
		var lines []ops.TrackLine
		var total int
		lines, total, err = ops.TrackChains(ctx, pool, id, *limit)
		doc = struct {
			TrackID string          `json:"track_id"`
			Total   int             `json:"total_lines"`
			Lines   []ops.TrackLine `json:"lines"`
		}{id, total, lines}
		print = func(w io.Writer) { printTrack(w, id, total, lines) }
	default:
		var a, b string
		if a, code = resolveTrack(ctx, pool, "from", *from, stderr); code != 0 {
			return code
		}
		if b, code = resolveTrack(ctx, pool, "to", *to, stderr); code != 0 {
			return code
		}
		var t ops.Transition
		t, err = ops.TransitionChains(ctx, pool, a, b, *limit)
		doc, print = t, func(w io.Writer) { printTransition(w, t) }
	}
	if err != nil {
		return fail(stderr, "lineage", err, 1)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		_ = enc.Encode(doc)
		return 0
	}
	print(stdout)
	return 0
}

// resolveTrack takes a track ID as it is and resolves "Artist - Title";
// a value that is neither exits 2 naming its flag.
func resolveTrack(ctx context.Context, pool *pgxpool.Pool, flag, v string, stderr io.Writer) (string, int) {
	if trackIDPattern.MatchString(v) {
		return v, 0
	}
	id, err := gold.Resolve(ctx, pool, v)
	if err != nil {
		return "", fail(stderr, "lineage", fmt.Errorf("--%s: %w", flag, err), 2)
	}
	return id, 0
}

func printPlaylist(w io.Writer, p ops.PlaylistLineage) {
	fmt.Fprintf(w, "playlist  %s\nname      %s\n", p.PlaylistKey, p.Name)
	gold := "gold has not read it yet"
	if p.GoldCounted != nil {
		gold = "gold counts its lines"
		if !*p.GoldCounted {
			gold = "gold does not count it (another page of the set does)"
		}
		if p.GoldInStep == nil || !*p.GoldInStep {
			gold += "; gold has not read this version yet"
		}
	}
	fmt.Fprintf(w, "set       %s; %s\n", p.SetID, gold)
	fmt.Fprintf(w, "silver    current version, parsed by %s (scraper's parser %s)\n", p.TracklistVersion, p.ParserVersion)
	fmt.Fprintf(w, "bronze    %s\n", p.Bronze)
	printRaw(w, "", p.Raw)
}

func printTrack(w io.Writer, id string, total int, lines []ops.TrackLine) {
	fmt.Fprintf(w, "track %s: %d silver lines%s\n", id, total, showing(len(lines), total))
	for _, l := range lines {
		fmt.Fprintf(w, "\n%s line %d [%s]: %s\n", l.PlaylistKey, l.Position, l.Status, l.RawLine)
		fmt.Fprintf(w, "  playlist  %s (set %s)\n", l.Name, l.SetID)
		fmt.Fprintf(w, "  bronze    %s\n", l.Bronze)
		printRaw(w, "  ", l.Raw)
	}
}

func printTransition(w io.Writer, t ops.Transition) {
	fmt.Fprintf(w, "transition %s -> %s (%s>%s)\n", name(t.FromTrack, t.FromTrackID), name(t.ToTrack, t.ToTrackID), t.FromTrackID, t.ToTrackID)
	fmt.Fprintf(w, "gold      %d occurrences, %d sets, %d DJs; %d lines play it%s\n", t.Occurrences, t.Playlists, t.DJs, t.Total, showing(len(t.Lines), t.Total))
	for _, l := range t.Lines {
		counts := "counts"
		if !l.Counted {
			counts = "does not count: set " + l.SetID + " counts another of its pages"
		}
		fmt.Fprintf(w, "\n%s (%s)\n", l.PlaylistKey, counts)
		fmt.Fprintf(w, "  line %-4d %s\n", l.FromPosition, orDash(l.FromLine))
		if l.ToPosition != nil {
			fmt.Fprintf(w, "  line %-4d %s\n", *l.ToPosition, orDash(l.ToLine))
		}
		if l.Raw.Topic == "" {
			fmt.Fprintln(w, "  raw       not known: gold counted this playlist before it kept its raw record (replay gold to fill it)")
			continue
		}
		printRaw(w, "  ", l.Raw)
	}
}

func printRaw(w io.Writer, indent string, r ops.RawRecord) {
	fmt.Fprintf(w, "%sraw       %s, schema id %d", indent, r.Coordinates, r.SchemaID)
	if r.IngestedAt != nil {
		fmt.Fprintf(w, ", appended %s", r.IngestedAt.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(w, "\n%sscraped   %s from %s\n", indent, r.ScrapedAt.UTC().Format(time.RFC3339), r.SourceURL)
	if r.SourceRevision != nil {
		fmt.Fprintf(w, "%srevision  %s\n", indent, *r.SourceRevision)
	}
}

func showing(n, total int) string {
	if n < total {
		return fmt.Sprintf(" (showing %d; --limit for more)", n)
	}
	return ""
}

func name(track, id string) string {
	if track == "" {
		return id
	}
	return track
}

func orDash(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}
