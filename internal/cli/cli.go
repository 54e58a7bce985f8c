// Package cli is the songnodes operator command: the all-in-one dev
// pipeline, migrations, replays, dead letters and schemas.
package cli

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/bench"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/dev"
	"github.com/songnodes/pipeline/internal/gold"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/pipeline"
	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/refdata"
	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/scrapers"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/tracklist"
	"github.com/songnodes/pipeline/internal/tracklist/eval"
)

type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"dev":      {"run the whole pipeline in one process on embedded defaults", runDev},
		"graph":    {"query the song graph: graph next \"Artist - Title\"", runGraph},
		"lineage":  {"trace a playlist, a track's lines or a transition back to the raw records", runLineage},
		"migrate":  {"apply the database migrations (DATABASE_URL)", runMigrate},
		"replay":   {"move a stage's consumer group to the start, the end, a time or offsets (--dev: of songnodes dev)", runReplay},
		"dlq":      {"list or re-drive a stage's dead letters", runDLQ},
		"bench":    {"measure throughput and memory beside this machine's limits", runBench},
		"parse":    {"parse track lines (or --titles: playlist titles) and print JSON, to debug a scraper", runParse},
		"refdata":  {"load reference data (artist aliases, known tracks) from CSV or JSON", runRefdata},
		"services": {"start a private PostgreSQL and Redis (for make test on machines without usable ones)", runServices},
		"scrape":   {"scrape a tracklist site into its raw topic: scrape mixesdb|1001tracklists (docs/scrapers.md)", scrapers.Main},
		"schemas":  {"check schema changes against the registry (CI), or register them: schemas check|register", runSchemas},
		"topic":    {"look at the topics: topic ls (records, lag), topic tail TOPIC (Avro decoded to JSON)", runTopic},
	}
}

// Main runs the command line and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	if args[0] == "--version" || args[0] == "version" {
		fmt.Fprintln(stdout, app.Version("songnodes"))
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "songnodes: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: songnodes COMMAND [flags]\n\ncommands:")
	for _, n := range slices.Sorted(maps.Keys(commands)) {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'songnodes COMMAND -h' for a command's flags. Settings come from the environment (docs/operations.md).")
}

// fail says what went wrong with the command cmd and returns the exit
// code.
func fail(stderr io.Writer, cmd string, err error, code int) int {
	fmt.Fprintf(stderr, "songnodes %s: %v\n", cmd, err)
	return code
}

func flags(name string, stderr io.Writer, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet("songnodes "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: songnodes %s %s\n\n", name, usageLine)
		fs.PrintDefaults()
	}
	return fs
}

func runDev(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flags("dev", stderr, "[flags]")
	o := dev.Options{}
	fs.StringVar(&o.KafkaAddr, "kafka-addr", "127.0.0.1:9092", "address of the embedded Kafka broker")
	fs.StringVar(&o.RegistryAddr, "registry-addr", "127.0.0.1:8081", "address of the schema registry")
	fs.StringVar(&o.HTTPAddr, "http-addr", "127.0.0.1:8080", "address of the ingest API, /metrics, /healthz and /readyz")
	fs.StringVar(&o.DataDir, "data-dir", "./data", "where Kafka, the registry and a private PostgreSQL keep their data")
	partitions := app.IntFlag(fs, "partitions", 6, 1, 10000, "partitions of the topics created")
	pgPort := app.IntFlag(fs, "postgres-port", 15432, 1, 65535, "port of the private PostgreSQL, when DATABASE_URL is unset or does not answer")
	redisPort := app.IntFlag(fs, "redis-port", 16379, 1, 65535, "port of the private Redis, when REDIS_URL is unset or does not answer")
	scrape := fs.String("scrape", "", "scrape these sites too, comma-separated ("+strings.Join(scrapers.Names(), ", ")+"); none by default")
	fs.BoolVar(&o.ScrapeSample, "offline-sample", false, "with --scrape: scrape the saved pages the project ships (served locally), not the sites")
	if err := fs.Parse(args); err != nil {
		return app.FlagExit(err)
	}
	o.Partitions, o.PostgresPort, o.RedisPort = *partitions, *pgPort, *redisPort
	for _, a := range []struct{ flag, addr string }{{"kafka-addr", o.KafkaAddr}, {"registry-addr", o.RegistryAddr}, {"http-addr", o.HTTPAddr}} {
		if err := checkAddr(a.addr); err != nil {
			return fail(stderr, "dev", fmt.Errorf("--%s: %w", a.flag, err), 2)
		}
	}
	sites, err := scrapers.ParseList(*scrape)
	if err != nil {
		return fail(stderr, "dev", fmt.Errorf("--scrape: %w", err), 2)
	}
	if o.ScrapeSample && len(sites) == 0 {
		return fail(stderr, "dev", errors.New("--offline-sample: name the sites with --scrape"), 2)
	}
	o.Scrape = sites
	e := config.FromEnv() // DATABASE_URL_FILE and REDIS_URL_FILE too
	o.DatabaseURL = e.String("DATABASE_URL", "")
	o.RedisURL = e.String("REDIS_URL", "")
	if err := e.Err(); err != nil {
		return fail(stderr, "dev", err, 2)
	}
	log := app.NewLogger(stderr, cmp.Or(os.Getenv("LOG_LEVEL"), "info"))
	if err := dev.Run(ctx, o, log, stdout); err != nil {
		return fail(stderr, "dev", err, 1)
	}
	return 0
}

func runServices(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flags("services", stderr, "[flags]")
	dir := fs.String("data-dir", "./.tmp/services", "where their data lives")
	pgPort := app.IntFlag(fs, "postgres-port", 15433, 1, 65535, "PostgreSQL port")
	redisPort := app.IntFlag(fs, "redis-port", 16380, 1, 65535, "Redis port")
	if err := fs.Parse(args); err != nil {
		return app.FlagExit(err)
	}
	db, rd, err := dev.Services(ctx, *dir, *pgPort, *redisPort, app.NewLogger(stderr, "warn"))
	if err != nil {
		return fail(stderr, "services", err, 1)
	}
	fmt.Fprintf(stdout, "TEST_DATABASE_URL=%s\nTEST_REDIS_URL=%s\n", db, rd)
	return 0
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flags("bench", stderr, "[flags]")
	n := app.IntFlag(fs, "playlists", 50000, 1, 100_000_000, "backlog size in playlists (about 20 tracks each)")
	pipe := app.IntFlag(fs, "pipeline", 40000, 0, 100_000_000, "playlists sent through the whole pipeline over HTTP, after a warm-up of 200 (0: none)")
	onlyPipe := fs.Bool("only-pipeline", false, "measure the whole pipeline alone")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof)")
	profileDir := fs.String("profile", "", "write a CPU profile of each measured loop run to this directory (NAME.pprof) and print where each stage's CPU went")
	if err := fs.Parse(args); err != nil {
		return app.FlagExit(err)
	}
	if *cpuProfile != "" && *profileDir != "" {
		// A process has one CPU profile at a time.
		fmt.Fprintln(stderr, "songnodes bench: --cpuprofile and --profile cannot be used together")
		return 2
	}
	if *profileDir != "" {
		if err := os.MkdirAll(*profileDir, 0o750); err != nil {
			return fail(stderr, "bench", err, 2)
		}
	}
	db := cmp.Or(os.Getenv("TEST_DATABASE_URL"), os.Getenv("DATABASE_URL"))
	if db == "" {
		fmt.Fprintln(stderr, "songnodes bench: set TEST_DATABASE_URL (a server where it may create scratch databases)")
		return 2
	}
	// The bronze binary next to this one measures a real process's memory.
	bronzeBin := ""
	if exe, err := os.Executable(); err == nil {
		if p := filepath.Join(filepath.Dir(exe), "bronze"); fileExists(p) {
			bronzeBin = p
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fail(stderr, "bench", err, 2)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fail(stderr, "bench", err, 2)
		}
		defer pprof.StopCPUProfile()
	}
	o := bench.Options{Playlists: *n, Pipeline: *pipe, OnlyPipeline: *onlyPipe, DatabaseURL: db, RedisURL: os.Getenv("TEST_REDIS_URL"), BronzeBin: bronzeBin, ProfileDir: *profileDir, Out: stdout, Log: app.NewLogger(stderr, cmp.Or(os.Getenv("LOG_LEVEL"), "error"))}
	if err := bench.Run(ctx, o); err != nil {
		return fail(stderr, "bench", err, 1)
	}
	return 0
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func runParse(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flags("parse", stderr, "[--titles] [LINE...]   (no LINE: a tracklist, one line per line, on stdin)\n  songnodes parse --eval FILE [--mismatches]   (score a labelled file: docs/parsing.md)")
	titles := fs.Bool("titles", false, "parse playlist titles (date, DJs, venue, event) instead of track lines")
	evalFile := fs.String("eval", "", "score the parser on a labelled `file` (JSON lines, docs/parsing.md) and exit 1 below the targets")
	mismatches := fs.Bool("mismatches", false, "with --eval: list every line and title read differently from its label")
	if err := fs.Parse(args); err != nil {
		return app.FlagExit(err)
	}
	if *evalFile != "" {
		return runEval(*evalFile, *mismatches, stdout, stderr)
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	one := func(s string) {
		if *titles {
			_ = enc.Encode(tracklist.ParseTitle(s))
		} else {
			_ = enc.Encode(tracklist.Analyze(s, tracklist.Hints{}))
		}
	}
	if fs.NArg() > 0 {
		for _, s := range fs.Args() {
			one(s)
		}
		return 0
	}
	// Lines on stdin are one tracklist: they are read together, as silver
	// reads a playlist (the layout of the lines settles what one line
	// cannot). Titles are read one by one.
	var lines []string
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			lines = append(lines, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		return fail(stderr, "parse", err, 1)
	}
	if *titles {
		for _, l := range lines {
			one(l)
		}
		return 0
	}
	for _, a := range tracklist.AnalyzeLines(lines, nil) {
		_ = enc.Encode(a)
	}
	return 0
}

// runEval scores the parser on a labelled file: 0 when it meets the
// targets, 1 when it does not, 2 when the file cannot be read.
func runEval(path string, mismatches bool, stdout, stderr io.Writer) int {
	lines, titles, err := eval.Load(path)
	if err != nil {
		return fail(stderr, "parse --eval", err, 2)
	}
	if len(lines)+len(titles) == 0 {
		fmt.Fprintf(stderr, "songnodes parse --eval: %s holds no labelled line or title\n", path)
		return 2
	}
	code := 0
	for _, r := range []*eval.Report{eval.ScoreLines(lines), eval.ScoreTitles(titles)} {
		if r.Cases == 0 {
			continue
		}
		r.Print(stdout, mismatches)
		if err := r.Check(eval.DefaultTargets); err != nil {
			fmt.Fprintf(stdout, "  below target: %v\n", err)
			code = 1
		}
	}
	return code
}

func runRefdata(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "load" {
		fmt.Fprintln(stderr, "usage: songnodes refdata load FILE...   (CSV or JSON; DATABASE_URL)")
		if len(args) > 0 && isHelp(args[0]) {
			return 0
		}
		return 2
	}
	fs := flags("refdata load", stderr, "FILE...")
	if err := fs.Parse(args[1:]); err != nil {
		return app.FlagExit(err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	var data []refdata.Data
	for _, name := range fs.Args() {
		f, err := os.Open(name) //nolint:gosec // a file named on the command line
		if err != nil {
			return fail(stderr, "refdata", err, 2)
		}
		d, err := refdata.Parse(f, name)
		f.Close()
		if err != nil {
			return fail(stderr, "refdata", err, 1)
		}
		data = append(data, d)
	}
	pool, code := openDatabase(ctx, "refdata", stderr)
	if pool == nil {
		return code
	}
	defer pool.Close()
	if _, err := postgres.Migrate(ctx, pool); err != nil {
		return fail(stderr, "refdata", err, 1)
	}
	for i, d := range data {
		res, err := refdata.Load(ctx, pool, d)
		if err != nil {
			fmt.Fprintf(stderr, "songnodes refdata: %s: %v\n", fs.Arg(i), err)
			return 1
		}
		fmt.Fprintf(stdout, "%s: %d aliases and %d tracks changed (of %d and %d); reference data version %s\n",
			fs.Arg(i), res.Aliases, res.Tracks, len(d.Aliases), len(d.Tracks), res.Version)
	}
	return 0
}

func runGraph(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "next" {
		fmt.Fprintln(stderr, "usage: songnodes graph next [--limit N] [--json] \"Artist - Title\"   (DATABASE_URL)")
		if len(args) > 0 && isHelp(args[0]) {
			return 0
		}
		return 2
	}
	fs := flags("graph next", stderr, "[--limit N] [--json] \"Artist - Title\"")
	limit := app.IntFlag(fs, "limit", 10, 1, 10000, "how many")
	asJSON := fs.Bool("json", false, "print JSON lines")
	if err := fs.Parse(args[1:]); err != nil {
		return app.FlagExit(err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	pool, code := openDatabase(ctx, "graph", stderr)
	if pool == nil {
		return code
	}
	defer pool.Close()
	id, err := gold.Resolve(ctx, pool, fs.Arg(0))
	if err != nil {
		return fail(stderr, "graph", err, 2)
	}
	next, err := gold.NextTracks(ctx, pool, id, *limit)
	if err != nil {
		return fail(stderr, "graph", err, 1)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		for _, n := range next {
			_ = enc.Encode(n)
		}
		return 0
	}
	if len(next) == 0 {
		fmt.Fprintf(stdout, "no transitions from %s (track %s) yet\n", fs.Arg(0), id)
		return 0
	}
	fmt.Fprintf(stdout, "played after %s (track %s):\n", fs.Arg(0), id)
	fmt.Fprintf(stdout, "%4s  %-50s %6s %5s %7s %8s\n", "rank", "track", "times", "djs", "key fit", "bpm diff")
	for _, n := range next {
		fmt.Fprintf(stdout, "%4d  %-50s %6d %5d %7s %8s\n", n.Rank, clip(n.Track, 50), n.Occurrences, n.DJs, opt(n.CamelotScore, "%.2f"), opt(n.MeanBPMDelta, "%+.1f"))
	}
	return 0
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func opt(f *float64, format string) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprintf(format, *f)
}

// openDatabase opens DATABASE_URL for the command cmd; when it cannot, it
// says why and returns the exit code: 2 for the setting, 1 for the server.
func openDatabase(ctx context.Context, cmd string, stderr io.Writer) (*pgxpool.Pool, int) {
	e := config.FromEnv()
	url := e.Required("DATABASE_URL", "postgres://user:pass@host:5432/db")
	if err := e.Err(); err != nil {
		fmt.Fprintf(stderr, "songnodes %s: bad configuration:\n%v\n", cmd, err)
		return nil, 2
	}
	pool, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, fail(stderr, cmd, err, 1)
	}
	return pool, 0
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flags("migrate", stderr, "")
	if err := fs.Parse(args); err != nil {
		return app.FlagExit(err)
	}
	pool, code := openDatabase(ctx, "migrate", stderr)
	if pool == nil {
		return code
	}
	defer pool.Close()
	applied, err := postgres.Migrate(ctx, pool)
	if err != nil {
		return fail(stderr, "migrate", err, 1)
	}
	if len(applied) == 0 {
		fmt.Fprintln(stdout, "database is up to date")
	} else {
		fmt.Fprintf(stdout, "applied migrations %v\n", applied)
	}
	return 0
}

// kafkaConfig reads the KAFKA_* and TOPIC_* settings.
func kafkaConfig(stderr io.Writer, cmd string) (kafka.Config, bool) {
	e := config.FromEnv()
	cfg := kafka.ConfigFromEnv(e)
	if err := e.Err(); err != nil {
		fmt.Fprintf(stderr, "songnodes %s: bad configuration:\n%v\n", cmd, err)
		return cfg, false
	}
	return cfg, true
}

// kafkaCheckTimeout bounds how long a command waits for brokers it
// cannot reach before it gives up.
const kafkaCheckTimeout = 30 * time.Second

// reachKafka checks that the brokers take cfg's credentials before a
// command runs, so that a wrong password or CA is said as such (naming
// the settings), not as a bare EOF or a command that never returns.
func reachKafka(ctx context.Context, cfg kafka.Config, log *slog.Logger, stderr io.Writer, cmd string) bool {
	cctx, cancel := context.WithTimeout(ctx, kafkaCheckTimeout)
	defer cancel()
	if err := cfg.Check(cctx, log); err != nil {
		fmt.Fprintf(stderr, "songnodes %s: %v\n", cmd, err)
		return false
	}
	return true
}

func runDLQ(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "list" && args[0] != "redrive") {
		if len(args) > 0 && isHelp(args[0]) {
			fmt.Fprintln(stdout, "usage: songnodes dlq list|redrive --stage STAGE [flags] ('songnodes dlq list -h' for the flags)")
			return 0
		}
		fmt.Fprintln(stderr, "usage: songnodes dlq list|redrive --stage STAGE [flags]")
		return 2
	}
	sub := args[0]
	fs := flags("dlq "+sub, stderr, "--stage STAGE [flags]")
	stage := fs.String("stage", "", "stage whose dead letters to read: ingest writes none; "+strings.Join(pipeline.LoopNames(), ", ")+"; scrape: the pages the scrapers could not read")
	f := ops.AllLetters
	fs.StringVar(&f.Reason, "reason", "", "only dead letters of this reason (bad_framing, unknown_schema, incompatible_schema, decode_error, oversize, invalid)")
	fs.StringVar(&f.Source, "source", "", "only dead letters of this source")
	since := fs.String("since", "", "only dead letters written at or after this time (RFC 3339, or a date)")
	until := fs.String("until", "", "only dead letters written at or before this time (RFC 3339, or a date)")
	partition := app.IntFlag(fs, "partition", -1, -1, math.MaxInt32, "only this partition of the dead-letter topic (with --from-offset, --to-offset; -1: all)")
	fromOffset := app.Int64Flag(fs, "from-offset", -1, -1, math.MaxInt64, "with --partition: from this offset")
	toOffset := app.Int64Flag(fs, "to-offset", -1, -1, math.MaxInt64, "with --partition: up to this offset, inclusive")
	limit := app.IntFlag(fs, "limit", 0, 0, math.MaxInt, "list: at most this many (0: all)")
	maxRedrives := app.IntFlag(fs, "max-redrives", 3, 1, 1000, "redrive: a record re-driven this many times already is reported, not sent again")
	dryRun := fs.Bool("dry-run", false, "redrive: print what would be sent, send nothing")
	asJSON := fs.Bool("json", false, "redrive: print the report as JSON")
	if err := fs.Parse(args[1:]); err != nil {
		return app.FlagExit(err)
	}
	if *stage == "" {
		fs.Usage()
		return 2
	}
	f.FromOffset, f.ToOffset = *fromOffset, *toOffset
	if !slices.Contains(append(pipeline.LoopNames(), scrape.StageName), *stage) {
		return fail(stderr, "dlq "+sub, fmt.Errorf("--stage %q: want one of %s, %s", *stage, strings.Join(pipeline.LoopNames(), ", "), scrape.StageName), 2)
	}
	if sub == "redrive" && *stage == scrape.StageName {
		return fail(stderr, "dlq redrive", errors.New("the scrapers' dead letters are pages, not records: fix the extractor and raise its version, and the scraper reads them again on its next pass (docs/scrapers.md#unreadable-pages)"), 2)
	}
	var err error
	if f.Since, err = parseTimeFlag(*since); err != nil {
		return fail(stderr, "dlq "+sub, fmt.Errorf("--since: %w", err), 2)
	}
	if f.Until, err = parseTimeFlag(*until); err != nil {
		return fail(stderr, "dlq "+sub, fmt.Errorf("--until: %w", err), 2)
	}
	f.Partition = int32(*partition)
	if *partition < 0 && (f.FromOffset >= 0 || f.ToOffset >= 0) {
		return fail(stderr, "dlq "+sub, errors.New("--from-offset and --to-offset need --partition (offsets are a partition's)"), 2)
	}
	cfg, ok := kafkaConfig(stderr, "dlq")
	if !ok {
		return 2
	}
	log := app.NewLogger(stderr, "warn")
	if !reachKafka(ctx, cfg, log, stderr, "dlq "+sub) {
		return 1
	}
	if sub == "list" {
		if err := ops.ListDLQ(ctx, cfg, *stage, f, *limit, log, stdout); err != nil {
			return fail(stderr, "dlq list", err, 1)
		}
		return 0
	}
	rep, err := ops.Redrive(ctx, cfg, ops.RedriveOptions{Stage: *stage, Filter: f, MaxRedrives: *maxRedrives, DryRun: *dryRun}, log)
	if *asJSON {
		_ = json.NewEncoder(stdout).Encode(rep)
	} else {
		fmt.Fprint(stdout, rep.Summary())
	}
	if err != nil {
		return fail(stderr, "dlq redrive", err, 1)
	}
	if rep.OverLimit > 0 {
		return 3 // sent what could be, but some letters' cause is not fixed
	}
	return 0
}

func runTopic(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "ls" && args[0] != "tail") {
		if len(args) > 0 && isHelp(args[0]) {
			fmt.Fprintln(stdout, "usage: songnodes topic ls [--json] | songnodes topic tail TOPIC [flags] ('songnodes topic tail -h' for the flags)")
			return 0
		}
		fmt.Fprintln(stderr, "usage: songnodes topic ls [--json] | songnodes topic tail TOPIC [flags]")
		return 2
	}
	sub, rest := args[0], args[1:]
	usageLine := "[--json]"
	if sub == "tail" {
		usageLine = "TOPIC [flags]"
	}
	fs := flags("topic "+sub, stderr, usageLine)
	asJSON := fs.Bool("json", false, "ls: print JSON")
	o := ops.TailOptions{Partition: -1, Offset: -1}
	fs.BoolVar(&o.FromBeginning, "from-beginning", false, "tail: from the topic's start (default: only what comes)")
	partition := app.IntFlag(fs, "partition", -1, -1, math.MaxInt32, "tail: only this partition (-1: all)")
	offset := app.Int64Flag(fs, "offset", -1, -1, math.MaxInt64, "tail: with --partition, from this offset")
	fs.StringVar(&o.Key, "key", "", "tail: only records with this key (a playlist key, say)")
	limit := app.IntFlag(fs, "limit", 0, 0, math.MaxInt, "tail: stop after this many records (0: no limit)")
	fs.BoolVar(&o.Exit, "exit", false, "tail: stop at the end of the topic as it was when the command started (default: follow until Ctrl-C)")
	if sub == "tail" {
		if len(rest) > 0 && isHelp(rest[0]) {
			fs.Usage()
			return 0
		}
		if len(rest) == 0 || strings.HasPrefix(rest[0], "-") {
			fmt.Fprintln(stderr, "songnodes topic tail: name the topic: topic tail TOPIC [flags] (songnodes topic ls lists them)")
			return 2
		}
		o.Topic, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return app.FlagExit(err)
	}
	o.Partition, o.Offset, o.Limit = int32(*partition), *offset, *limit
	if o.Offset >= 0 && o.Partition < 0 {
		return fail(stderr, "topic tail", errors.New("--offset needs --partition (offsets are a partition's)"), 2)
	}
	cfg, ok := kafkaConfig(stderr, "topic")
	if !ok {
		return 2
	}
	log := app.NewLogger(stderr, "warn")
	if !reachKafka(ctx, cfg, log, stderr, "topic "+sub) {
		return 1
	}
	if sub == "tail" {
		e := config.FromEnv()
		reg := e.URL("SCHEMA_REGISTRY_URL", serde.DefaultRegistryURL, "http", "https")
		o.RegistryAuth = serde.RegistryAuthFromEnv(e)
		if err := e.Err(); err != nil {
			return fail(stderr, "topic tail", err, 2)
		}
		if err := ops.Tail(ctx, cfg, reg, o, log, stdout); err != nil {
			return fail(stderr, "topic tail", err, 1)
		}
		return 0
	}
	topics, err := ops.ListTopics(ctx, cfg, log)
	if err != nil {
		return fail(stderr, "topic ls", err, 1)
	}
	if *asJSON {
		_ = json.NewEncoder(stdout).Encode(topics)
		return 0
	}
	for _, ti := range topics {
		lag := ""
		for _, g := range slices.Sorted(maps.Keys(ti.Lag)) {
			lag += fmt.Sprintf("  %s lag %d", g, ti.Lag[g])
		}
		var offs []string
		for _, p := range slices.Sorted(maps.Keys(ti.EndOffsets)) {
			offs = append(offs, fmt.Sprintf("%d:%d", p, ti.EndOffsets[p]))
		}
		fmt.Fprintf(stdout, "%-40s %3d partitions %10d records  end offsets %s%s\n", ti.Topic, ti.Partitions, ti.Records, strings.Join(offs, " "), lag)
	}
	return 0
}

// checkAddr checks a listen address: host:port, the host may be empty.
func checkAddr(addr string) error { return config.CheckListenAddr(addr) }

// parseTimeFlag reads a time flag: RFC 3339 or a date; "" is no bound.
func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "-help" }

func parseTimeFlag(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q: want RFC 3339 (2026-11-28T00:00:00Z) or a date (2026-11-28)", s)
}
