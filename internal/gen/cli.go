package gen

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"golang.org/x/time/rate"

	"github.com/songnodes/pipeline/ingestclient"
	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// Summary is what `ingest gen` prints when it is done.
type Summary struct {
	Sent      int            `json:"sent"`
	Accepted  int            `json:"accepted"`
	Rejected  int            `json:"rejected"`
	Failed    int            `json:"failed"`
	ByKind    map[string]int `json:"rejected_by_kind,omitempty"` // what was injected, among the rejected
	Injected  Counts         `json:"injected"`
	Seconds   float64        `json:"seconds"`
	PerSecond float64        `json:"playlists_per_second"`
}

// Main is `ingest gen`: a synthetic scraper. It sends to an ingest server
// (--url), writes straight to Kafka (--brokers), or prints NDJSON (--out).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := app.NewFlagSet("ingest gen", stderr)
	cfg := Config{}
	fs.StringVar(&cfg.Source, "source", "mixesdb", "source to scrape as (mixesdb, 1001tracklists, or any other name)")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed: the same seed gives the same playlists")
	badRatio := app.FloatFlag(fs, "bad-ratio", 0, 0, 1, "share of malformed playlists, 0..1")
	rescrapeRatio := app.FloatFlag(fs, "rescrape-ratio", 0, 0, 1, "share of re-scrapes of earlier playlists, 0..1")
	count := app.IntFlag(fs, "count", 1000, 0, 1_000_000_000, "playlists to make")
	rateLimit := app.FloatFlag(fs, "rate", 0, 0, 1e9, "playlists per second (0: as fast as the target takes them)")
	url := fs.String("url", "", "ingest server to POST to, e.g. http://127.0.0.1:8080 (token from INGEST_TOKEN)")
	brokers := fs.String("brokers", "", "Kafka brokers to write to directly (host:port,...), with --registry")
	registryURL := fs.String("registry", serde.DefaultRegistryURL, "schema registry, with --brokers")
	prefix := fs.String("topic-prefix", "songnodes", "topic prefix, with --brokers")
	out := fs.String("out", "", "write NDJSON to this file (- for stdout) instead of sending")
	batch := app.IntFlag(fs, "batch", 200, 1, 100000, "playlists per request or produce batch")
	workers := app.IntFlag(fs, "concurrency", 4, 1, 1000, "requests in flight")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ingest gen [flags] (--url URL | --brokers HOSTS | --out FILE)\n\nMakes realistic DJ-set playlists and sends them; prints a JSON summary.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return app.FlagExit(err)
	}
	targets := 0
	for _, s := range []string{*url, *brokers, *out} {
		if s != "" {
			targets++
		}
	}
	cfg.BadRatio, cfg.RescrapeRatio = *badRatio, *rescrapeRatio
	switch {
	case targets != 1:
		fmt.Fprintln(stderr, "ingest gen: give one of --url, --brokers and --out")
		return 2
	case !record.ValidSource(cfg.Source):
		fmt.Fprintf(stderr, "ingest gen: --source %q: want lowercase letters, digits, '_' or '-' (at most 64)\n", cfg.Source)
		return 2
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "ingest gen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *brokers != "" {
		if err := kafka.CheckPrefix(*prefix); err != nil {
			fmt.Fprintf(stderr, "ingest gen: --topic-prefix: %v\n", err)
			return 2
		}
	}
	cfg.Now = time.Now().UTC().Add(-time.Duration(*count) * time.Second)

	var send sender
	switch {
	case *out != "":
		w := stdout
		if *out != "-" {
			f, err := os.Create(*out)
			if err != nil {
				fmt.Fprintf(stderr, "ingest gen: %v\n", err)
				return 2
			}
			defer f.Close()
			w = f
		}
		send = &fileSender{w: w}
	case *url != "":
		token, err := config.Value("INGEST_TOKEN")
		if err != nil {
			fmt.Fprintf(stderr, "ingest gen: %v\n", err)
			return 2
		}
		cl, err := ingestclient.New(*url, ingestclient.WithToken(token),
			ingestclient.WithRetries(8, ingestclient.DefaultMinBackoff, ingestclient.DefaultMaxBackoff))
		if err != nil {
			fmt.Fprintf(stderr, "ingest gen: --url: %v\n", err)
			return 2
		}
		send = &httpSender{cl: cl, source: cfg.Source}
	default:
		ks, err := newKafkaSender(ctx, *brokers, *registryURL, *prefix, cfg.Source, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "ingest gen: %v\n", err)
			return 1
		}
		defer ks.cl.Close()
		send = ks
	}

	g := New(cfg)
	var lim *rate.Limiter
	if *rateLimit > 0 {
		lim = rate.NewLimiter(rate.Limit(*rateLimit), max(1, *batch))
	}
	sum := Summary{ByKind: map[string]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	jobs := make(chan []Item, *workers)
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for items := range jobs {
				res := send.send(ctx, items)
				mu.Lock()
				for i, st := range res {
					sum.Sent++
					switch st {
					case "accepted":
						sum.Accepted++
					case "rejected":
						sum.Rejected++
						sum.ByKind[string(items[i].Bad)]++
					default:
						sum.Failed++
					}
				}
				mu.Unlock()
			}
		}()
	}
	start := time.Now()
	for done := 0; done < *count && ctx.Err() == nil; {
		n := min(*batch, *count-done)
		if lim != nil && lim.WaitN(ctx, n) != nil {
			break
		}
		items := make([]Item, n)
		for i := range items {
			items[i] = g.Next()
			sum.Injected.Add(items[i])
		}
		jobs <- items
		done += n
	}
	close(jobs)
	wg.Wait()
	sum.Seconds = time.Since(start).Seconds()
	sum.PerSecond = float64(sum.Sent) / sum.Seconds
	// The summary goes where the items do not: a closed pipe is no
	// failure of the run.
	if *out == "-" {
		_ = json.NewEncoder(stderr).Encode(sum)
	} else {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(sum)
	}
	if sum.Failed > 0 || ctx.Err() != nil {
		return 1
	}
	return 0
}

// sender delivers a batch and says what became of each item: accepted,
// rejected or failed.
type sender interface {
	send(ctx context.Context, items []Item) []string
}

type fileSender struct {
	mu sync.Mutex
	w  io.Writer
}

func (f *fileSender) send(_ context.Context, items []Item) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	res := make([]string, len(items))
	for i, it := range items {
		res[i] = "failed"
		if _, err := f.w.Write(append(it.JSON, '\n')); err == nil {
			res[i] = "accepted"
		}
	}
	return res
}

type httpSender struct {
	cl     *ingestclient.Client
	source string
}

func (h *httpSender) send(ctx context.Context, items []Item) []string {
	bodies := make([][]byte, len(items))
	for i, it := range items {
		bodies[i] = it.JSON
	}
	res, _ := h.cl.PostRaw(ctx, h.source, bodies)
	out := make([]string, len(items))
	for i := range out {
		out[i] = string(ingestclient.Failed)
		if i < len(res.Items) {
			out[i] = string(res.Items[i].Status)
		}
	}
	return out
}

// kafkaSender writes straight to the raw topic, as a scraper using a Kafka
// client would. Malformed items become what such a scraper could write:
// invalid playlists are encoded as they are (bronze rejects them), and
// JSON-level faults become framing faults (see FrameFault).
type kafkaSender struct {
	cl     *kgo.Client
	enc    *serde.Encoder
	topic  string
	source string
	mu     sync.Mutex
	last   []byte // a good encoded value, for framing faults
	n      int
}

func newKafkaSender(ctx context.Context, brokers, registryURL, prefix, source string, stderr io.Writer) (*kafkaSender, error) {
	kcfg := kafka.DefaultConfig()
	kcfg.Brokers, kcfg.Topics.Prefix = strings.Split(brokers, ","), prefix
	if err := kafka.CheckPrefix(prefix); err != nil {
		return nil, err
	}
	log := app.NewLogger(stderr, "warn")
	adm, err := kcfg.NewAdmin("ingest-gen", log)
	if err != nil {
		return nil, err
	}
	defer adm.Close()
	topic := kcfg.Topics.Raw(source)
	if err := kcfg.EnsureTopics(ctx, adm, kafka.TopicSpec{Name: topic}); err != nil {
		return nil, err
	}
	reg, err := serde.NewRegistry(registryURL)
	if err != nil {
		return nil, err
	}
	enc, err := serde.NewEncoder(ctx, reg, topic+"-value", record.ScrapedPlaylistSchema)
	if err != nil {
		return nil, err
	}
	cl, err := kcfg.NewClient("ingest-gen", log)
	if err != nil {
		return nil, err
	}
	return &kafkaSender{cl: cl, enc: enc, topic: topic, source: source}, nil
}

func (k *kafkaSender) send(ctx context.Context, items []Item) []string {
	recs := make([]*kgo.Record, 0, len(items))
	idx := make([]int, 0, len(items)) // item of each record
	for i, it := range items {
		var val []byte
		key := ""
		if it.Playlist != nil {
			v, err := k.enc.Encode(it.Playlist)
			if err != nil {
				continue
			}
			val = v
			p := it.Playlist
			key = tracklist.PlaylistKey(p.Source, record.Deref(p.SourcePlaylistID), p.SourceURL)
			if it.Good() {
				k.mu.Lock()
				k.last = v
				k.mu.Unlock()
			}
		} else {
			k.mu.Lock()
			fault := FrameFaults[k.n%len(FrameFaults)]
			k.n++
			good := k.last
			k.mu.Unlock()
			if good == nil {
				continue
			}
			val = BadRecordValue(fault, good, 1<<20)
		}
		recs = append(recs, stage.SetSource(&kgo.Record{Topic: k.topic, Key: []byte(key), Value: val}, k.source))
		idx = append(idx, i)
	}
	res := k.cl.ProduceSync(ctx, recs...)
	out := make([]string, len(items))
	for i := range out {
		out[i] = "failed"
	}
	// A malformed item the broker took is "accepted" here: it becomes a
	// dead letter downstream.
	for j, r := range res {
		if r.Err == nil {
			out[idx[j]] = "accepted"
		}
	}
	return out
}
