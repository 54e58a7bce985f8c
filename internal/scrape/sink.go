package scrape

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/ingestclient"
	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// Sink takes what a scraper produces: playlists, and the pages it could
// not read.
type Sink interface {
	// Playlist sends one playlist; nil means it is stored (acknowledged
	// by the brokers, or by the ingest API).
	Playlist(ctx context.Context, p *record.ScrapedPlaylist) error
	// Unreadable keeps a page the extractor could not read, so that it
	// can be read again once the extractor is fixed.
	Unreadable(ctx context.Context, source string, p Page, why *UnreadableError) error
}

// Dead-letter headers of an unreadable page, besides dlq's.
const (
	// HeaderURL is the page's URL.
	HeaderURL = "songnodes.scrape.url"
	// HeaderUnreadable is the extractor's reason code (no_tracklist...).
	HeaderUnreadable = "songnodes.scrape.reason"
	// HeaderRevision is the page's revision or content hash.
	HeaderRevision = "songnodes.scrape.revision"
)

// StageName is the name scrapers use in dead letters: <prefix>.dlq.scrape.
const StageName = "scrape"

// KafkaSink produces playlists to <prefix>.raw.<source> with the
// idempotent producer, keyed by playlist_key and encoded with the
// registered ScrapedPlaylist schema: bronze cannot tell them from what
// ingest writes. Unreadable pages go to <prefix>.dlq.scrape.
type KafkaSink struct {
	cfg      kafka.Config
	cl       *kgo.Client
	adm      *kadm.Client
	reg      *serde.Registry
	maxBytes int

	mu   sync.Mutex
	encs map[string]*serde.Encoder // by source, once its topic exists
}

// NewKafkaSink connects to the cluster and the registry. maxRecordBytes
// bounds an encoded playlist (MAX_RECORD_BYTES).
// auth, if given, has the registry's credentials and CA.
func NewKafkaSink(cfg kafka.Config, registryURL string, maxRecordBytes int, log *slog.Logger, auth ...serde.RegistryAuth) (*KafkaSink, error) {
	cl, err := cfg.NewClient("songnodes-scrape", log,
		// Idempotence and acks=all are franz-go's defaults; a produced
		// playlist is recorded as produced only once every in-sync
		// replica has it.
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.RecordDeliveryTimeout(time.Minute),
	)
	if err != nil {
		return nil, err
	}
	reg, err := serde.NewRegistry(registryURL, auth...)
	if err != nil {
		cl.Close()
		return nil, err
	}
	return &KafkaSink{cfg: cfg, cl: cl, adm: kadm.NewClient(cl), reg: reg, maxBytes: maxRecordBytes,
		encs: map[string]*serde.Encoder{}}, nil
}

// Close flushes and closes the producer.
func (s *KafkaSink) Close() { s.cl.Close() }

// Ping checks that the brokers answer (for /readyz).
func (s *KafkaSink) Ping(ctx context.Context) error { return s.cl.Ping(ctx) }

func (s *KafkaSink) encoder(ctx context.Context, source string) (*serde.Encoder, error) {
	s.mu.Lock()
	enc := s.encs[source]
	s.mu.Unlock()
	if enc != nil {
		return enc, nil
	}
	topic := s.cfg.Topics.Raw(source)
	if err := s.cfg.EnsureTopics(ctx, s.adm, kafka.TopicSpec{Name: topic}, kafka.TopicSpec{Name: s.cfg.Topics.DLQ(StageName)}); err != nil {
		return nil, err
	}
	enc, err := serde.NewEncoder(ctx, s.reg, topic+"-value", record.ScrapedPlaylistSchema)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.encs[source] = enc
	s.mu.Unlock()
	return enc, nil
}

// Playlist implements Sink.
func (s *KafkaSink) Playlist(ctx context.Context, p *record.ScrapedPlaylist) error {
	enc, err := s.encoder(ctx, p.Source)
	if err != nil {
		return err
	}
	val, err := enc.Encode(p)
	if err != nil {
		return err
	}
	if len(val) > s.maxBytes {
		return fmt.Errorf("the playlist is %d bytes encoded, more than %d (MAX_RECORD_BYTES)", len(val), s.maxBytes)
	}
	key := tracklist.PlaylistKey(p.Source, record.Deref(p.SourcePlaylistID), p.SourceURL)
	r := stage.SetSource(&kgo.Record{Topic: s.cfg.Topics.Raw(p.Source), Key: []byte(key), Value: val}, p.Source)
	return s.cl.ProduceSync(ctx, r).FirstErr()
}

// Unreadable implements Sink: the page goes to <prefix>.dlq.scrape, keyed
// by its URL, its body (bounded by dlq.MaxValueBytes) as the value. It
// names no source topic, so `songnodes dlq redrive` passes it over: a page
// is read again by the scraper, not re-driven into a raw topic.
func (s *KafkaSink) Unreadable(ctx context.Context, source string, p Page, why *UnreadableError) error {
	if _, err := s.encoder(ctx, source); err != nil {
		return err
	}
	value := p.Body
	headers := []kgo.RecordHeader{
		{Key: dlq.HeaderSource, Value: []byte(source)},
		{Key: HeaderURL, Value: []byte(p.URL)},
		{Key: HeaderUnreadable, Value: []byte(why.Reason)},
		{Key: HeaderRevision, Value: []byte(p.Revision)},
		{Key: dlq.HeaderStage, Value: []byte(StageName)},
		{Key: dlq.HeaderReason, Value: []byte(dlq.Unreadable)},
		{Key: dlq.HeaderMessage, Value: []byte(why.Error())},
		{Key: dlq.HeaderTime, Value: []byte(time.Now().UTC().Format(time.RFC3339Nano))},
	}
	if len(value) > dlq.MaxValueBytes {
		value = value[:dlq.MaxValueBytes]
		headers = append(headers, kgo.RecordHeader{Key: dlq.HeaderTruncated, Value: []byte(strconv.Itoa(len(p.Body)))})
	}
	r := &kgo.Record{Topic: s.cfg.Topics.DLQ(StageName), Key: []byte(p.URL), Value: value, Headers: headers}
	return s.cl.ProduceSync(ctx, r).FirstErr()
}

// IngestSink posts playlists to the ingest API with the public client
// (package ingestclient), as a scraper of another repository would. It
// has no dead-letter topic: an unreadable page is logged and counted, and
// stays in the crawl state with its reason.
type IngestSink struct {
	Client *ingestclient.Client
	Log    *slog.Logger
}

// Playlist implements Sink: nil once ingest has stored the playlist; an
// error when it rejected it (naming the field) or could not store it.
func (s *IngestSink) Playlist(ctx context.Context, p *record.ScrapedPlaylist) error {
	res, err := s.Client.Post(ctx, p.Source, ToIngest(p))
	if err != nil {
		return err
	}
	if it := res.Items[0]; it.Status != ingestclient.Accepted {
		return fmt.Errorf("ingest %s the playlist: %s", it.Status, it.Error)
	}
	return nil
}

// Unreadable implements Sink.
func (s *IngestSink) Unreadable(_ context.Context, source string, p Page, why *UnreadableError) error {
	s.Log.Warn("unreadable page (no dead-letter topic through the ingest API)", "source", source, "url", p.URL, "reason", why.Reason, "err", why.Detail)
	return nil
}

// DryRun prints each playlist as the JSON the ingest API takes, one per
// line, and produces nothing.
type DryRun struct {
	mu  sync.Mutex
	Out io.Writer
	Log *slog.Logger
}

// Playlist implements Sink.
func (d *DryRun) Playlist(_ context.Context, p *record.ScrapedPlaylist) error {
	b, err := MarshalJSON(p)
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	_, err = fmt.Fprintf(d.Out, "%s\n", b)
	return err
}

// Unreadable implements Sink.
func (d *DryRun) Unreadable(_ context.Context, source string, p Page, why *UnreadableError) error {
	d.Log.Warn("unreadable page", "source", source, "url", p.URL, "reason", why.Reason, "err", why.Detail)
	return nil
}

// MarshalJSON writes a playlist as the ingest API takes it: exactly what
// IngestSink posts.
func MarshalJSON(p *record.ScrapedPlaylist) ([]byte, error) {
	return json.Marshal(ToIngest(p))
}

// ToIngest is a playlist as the ingest API takes it: played_on is the
// date text as scraped (ingest fills in the date from a full one), and
// what the scraper left unset is left out.
func ToIngest(p *record.ScrapedPlaylist) ingestclient.Playlist {
	out := ingestclient.Playlist{
		Source:           p.Source,
		SourceURL:        p.SourceURL,
		SourcePlaylistID: record.Deref(p.SourcePlaylistID),
		Name:             p.Name,
		DJNames:          p.DjNames,
		Event:            record.Deref(p.Event),
		Venue:            record.Deref(p.Venue),
		PlayedOn:         record.Deref(p.PlayedOnText),
		ScrapedAt:        p.ScrapedAt,
		ParserVersion:    p.ParserVersion,
		SourceRevision:   record.Deref(p.SourceRevision),
		HintsFromMarkup:  p.HintsFromMarkup,
		Tracks:           make([]ingestclient.Track, len(p.Tracks)),
	}
	if out.PlayedOn == "" && p.PlayedOn != nil {
		out.PlayedOn = p.PlayedOn.Format(time.DateOnly)
	}
	for i, t := range p.Tracks {
		out.Tracks[i] = ingestclient.Track{
			Position: t.Position, RawLine: t.RawLine,
			Artist: record.Deref(t.Artist), Title: record.Deref(t.Title), Label: record.Deref(t.Label),
			Catalog: record.Deref(t.Catalog), Key: record.Deref(t.Key), Genre: record.Deref(t.Genre),
			Cue: record.Deref(t.Cue), Remix: record.Deref(t.Remix),
		}
		if t.Bpm != nil {
			out.Tracks[i].BPM = *t.Bpm
		}
		if t.WithPrevious != nil {
			out.Tracks[i].WithPrevious = *t.WithPrevious
		}
	}
	return out
}
