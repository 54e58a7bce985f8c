package ingest

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/songnodes/pipeline/ingestclient"
	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/record"
)

// SendMain is `ingest send`: it posts NDJSON from a file or stdin with the
// public client (package ingestclient), in batches, with a progress bar on
// a terminal, and prints every playlist not accepted with its line number
// in the file. Exit code 0 when every playlist was accepted, 1 when some
// were not, 2 on bad usage.
func SendMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := app.NewFlagSet("ingest send", stderr)
	source := fs.String("source", "", "source the playlists come from (required), e.g. mixesdb")
	url := fs.String("url", cmp.Or(os.Getenv("INGEST_URL"), "http://127.0.0.1:8080"), "ingest server URL (env INGEST_URL)")
	batch := app.IntFlag(fs, "batch", 500, 1, 100000, "playlists per request")
	tries := app.IntFlag(fs, "tries", 6, 1, 100, "attempts per request when the server is busy or Kafka is down")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ingest send --source S [flags] FILE|-\n\nPosts NDJSON playlists (one per line) to ingest. The bearer token is read from INGEST_TOKEN.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return app.FlagExit(err)
	}
	if !record.ValidSource(*source) {
		fmt.Fprintf(stderr, "ingest send: --source %q: want a source name (lowercase letters, digits, '_' or '-'), e.g. mixesdb\n", *source)
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	token, err := config.Value("INGEST_TOKEN")
	if err != nil {
		fmt.Fprintf(stderr, "ingest send: %v\n", err)
		return 2
	}
	cl, err := ingestclient.New(*url, ingestclient.WithToken(token),
		ingestclient.WithBatch(*batch, ingestclient.DefaultMaxBatchBytes),
		ingestclient.WithRetries(*tries, ingestclient.DefaultMinBackoff, ingestclient.DefaultMaxBackoff))
	if err != nil {
		fmt.Fprintf(stderr, "ingest send: --url: %v\n", err)
		return 2
	}
	in := io.Reader(os.Stdin)
	size := int64(-1)
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name) //nolint:gosec // a file named on the command line
		if err != nil {
			fmt.Fprintf(stderr, "ingest send: %v\n", err)
			return 2
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		in = f
	}
	var bar *progressbar.ProgressBar
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bar = progressbar.DefaultBytes(size, "sending")
		in = io.TeeReader(in, bar)
	}

	var accepted, rejected, failed, line int
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var chunk [][]byte
	var lines []int
	// The client batches; a chunk bounds what is held in memory and
	// makes the counts move on the way.
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		res, err := cl.PostRaw(ctx, *source, chunk)
		for i, r := range res.Items {
			switch r.Status {
			case ingestclient.Accepted:
				accepted++
			case ingestclient.Rejected:
				rejected++
				fmt.Fprintf(stderr, "line %d: rejected: %s\n", lines[i], r.Error)
			default:
				failed++
				fmt.Fprintf(stderr, "line %d: not stored: %s\n", lines[i], r.Error)
			}
		}
		if err != nil && len(res.Items) == 0 {
			fmt.Fprintf(stderr, "ingest send: %v\n", err)
			failed += len(chunk)
		}
		chunk, lines = chunk[:0], lines[:0]
		return err
	}
	for sc.Scan() {
		line++
		l := bytes.TrimSpace(sc.Bytes())
		if len(l) == 0 {
			continue
		}
		chunk = append(chunk, bytes.Clone(l))
		lines = append(lines, line)
		if len(chunk) >= *batch*4 {
			if err := flush(); err != nil && ctx.Err() != nil {
				break
			}
		}
	}
	_ = flush()
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(stderr)
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "ingest send: read: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d accepted, %d rejected, %d not stored\n", accepted, rejected, failed)
	if rejected+failed > 0 || ctx.Err() != nil {
		return 1
	}
	return 0
}
