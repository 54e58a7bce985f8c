package monitor

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/serde"
)

// The monitor reads records through projections of the pipeline's schemas:
// reader schemas with the same names that keep only the fields it counts.
// Avro resolution skips the other fields without building them, which
// makes reading several times cheaper than decoding whole records, and
// decoding stays strict (truncation, trailing bytes and bad framing are
// still found: the skipped fields are parsed, just not kept).
const (
	rawProjection = `{"type": "record", "name": "ScrapedPlaylist", "namespace": "io.songnodes", "fields": [
  {"name": "source", "type": "string"},
  {"name": "scraped_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
  {"name": "tracks", "type": {"type": "array", "items": {"type": "record", "name": "ScrapedTrack", "fields": [
    {"name": "artist", "type": ["null", "string"], "default": null}
  ]}}, "default": []}
]}`
	lineageProjection = `{"type": "record", "name": "Lineage", "namespace": "io.songnodes", "fields": [
  {"name": "ingested_at", "type": {"type": "long", "logicalType": "timestamp-millis"}}
]}`
	bronzeProjection = `{"type": "record", "name": "BronzePlaylist", "namespace": "io.songnodes", "fields": [
  {"name": "playlist", "type": "io.songnodes.ScrapedPlaylist"},
  {"name": "lineage", "type": "io.songnodes.Lineage"}
]}`
	silverProjection = `{"type": "record", "name": "SilverPlaylist", "namespace": "io.songnodes", "fields": [
  {"name": "source", "type": "string"},
  {"name": "scraped_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
  {"name": "tracks", "type": {"type": "array", "items": {"type": "record", "name": "SilverTrack", "fields": [
    {"name": "artists", "type": {"type": "array", "items": "string"}, "default": []},
    {"name": "status", "type": "string"},
    {"name": "issues", "type": {"type": "array", "items": "string"}, "default": []}
  ]}}, "default": []},
  {"name": "raw_lineage", "type": "io.songnodes.Lineage"}
]}`
)

var rawSchema, bronzeSchema, silverSchema avro.Schema

func init() {
	// A cache of their own: the names are the pipeline's, the fields not.
	cache := &avro.SchemaCache{}
	parse := func(s string) avro.Schema {
		sch, err := avro.ParseWithCache(s, "", cache)
		if err != nil {
			panic(fmt.Sprintf("monitor: projection schema: %v", err))
		}
		return sch
	}
	rawSchema = parse(rawProjection)
	parse(lineageProjection)
	bronzeSchema = parse(bronzeProjection)
	silverSchema = parse(silverProjection)
}

type rawTrack struct {
	Artist *string `avro:"artist"`
}

type rawPlaylist struct {
	Source    string     `avro:"source"`
	ScrapedAt int64      `avro:"scraped_at"`
	Tracks    []rawTrack `avro:"tracks"`
}

type lineage struct {
	IngestedAt int64 `avro:"ingested_at"`
}

type bronzePlaylist struct {
	Playlist rawPlaylist `avro:"playlist"`
	Lineage  lineage     `avro:"lineage"`
}

type silverTrack struct {
	Artists []string `avro:"artists"`
	Status  string   `avro:"status"`
	Issues  []string `avro:"issues"`
}

type silverPlaylist struct {
	Source     string        `avro:"source"`
	ScrapedAt  int64         `avro:"scraped_at"`
	Tracks     []silverTrack `avro:"tracks"`
	RawLineage lineage       `avro:"raw_lineage"`
}

// reader turns records of the monitored topics into observations.
type reader struct {
	topics  kafka.Topics
	raw     *serde.Decoder
	bronze  *serde.Decoder
	silver  *serde.Decoder
	dlqPref string
}

func newReader(topics kafka.Topics, reg *serde.Registry) *reader {
	return &reader{
		topics:  topics,
		raw:     serde.NewDecoder(reg, rawSchema),
		bronze:  serde.NewDecoder(reg, bronzeSchema),
		silver:  serde.NewDecoder(reg, silverSchema),
		dlqPref: topics.DLQ(""),
	}
}

// Patterns returns the regular expressions of the topics the monitor reads.
func Patterns(t kafka.Topics) []string {
	exact := func(s string) string { return "^" + regexp.QuoteMeta(s) + "$" }
	return []string{
		t.RawPattern(),
		exact(t.Bronze()),
		exact(t.Silver()),
		"^" + regexp.QuoteMeta(t.DLQ("")) + "[a-z0-9][a-z0-9_-]*$",
	}
}

// read makes the observation of r. An error is transient (the registry
// does not answer): the record must be read again later. A record that can
// never be decoded is an observation of kind obsUnreadable.
func (rd *reader) read(ctx context.Context, r *kgo.Record) (obs, error) {
	o := obs{ts: r.Timestamp.UnixMilli(), topic: r.Topic, partition: r.Partition, offset: r.Offset}
	if strings.HasPrefix(r.Topic, rd.dlqPref) {
		rd.reject(r, &o)
		return o, nil
	}
	var err error
	switch {
	case r.Topic == rd.topics.Bronze():
		o.stage = stBronze
		var p bronzePlaylist
		if _, err = rd.bronze.Decode(ctx, r.Value, &p); err == nil {
			o.source = cmp.Or(dlq.Header(r, dlq.HeaderSource), p.Playlist.Source)
			o.playlist(&p.Playlist)
			o.ingested = p.Lineage.IngestedAt
		}
	case r.Topic == rd.topics.Silver():
		o.stage = stSilver
		var p silverPlaylist
		if _, err = rd.silver.Decode(ctx, r.Value, &p); err == nil {
			o.source = cmp.Or(dlq.Header(r, dlq.HeaderSource), p.Source)
			o.kind = obsPlaylist
			o.scraped = p.ScrapedAt
			o.ingested = p.RawLineage.IngestedAt
			for i := range p.Tracks {
				t := &p.Tracks[i]
				st := statusID(t.Status)
				o.status[st]++
				if st == statusNotTrack {
					continue // a heading, a link: not a track
				}
				o.tracks++
				if len(t.Artists) > 0 {
					o.artists++
				}
				doubtful := false
				for _, code := range t.Issues {
					if o.issues == nil {
						o.issues = make([]uint32, len(issueCodes))
					}
					o.issues[issueID(code)]++
					doubtful = doubtful || doubtCodes[code]
				}
				if doubtful {
					o.doubtful++
				}
			}
		}
	default: // a raw topic: the topic names the source
		o.stage = stRaw
		o.source = rd.topics.SourceOfRaw(r.Topic)
		var p rawPlaylist
		if _, err = rd.raw.Decode(ctx, r.Value, &p); err == nil {
			o.playlist(&p)
		}
	}
	if err != nil {
		var de *dlq.Error
		if !errors.As(err, &de) {
			return obs{}, fmt.Errorf("decode %s/%d@%d: %w", r.Topic, r.Partition, r.Offset, err)
		}
		o.kind = obsUnreadable
		o.reason = string(de.Reason)
		o.source = cmp.Or(o.source, dlq.Header(r, dlq.HeaderSource))
	}
	return o, nil
}

// playlist counts a raw or bronze playlist. The artist is the scraper's
// hint at these stages; silver says whether the parser identified one.
func (o *obs) playlist(p *rawPlaylist) {
	o.kind = obsPlaylist
	o.scraped = p.ScrapedAt
	o.tracks = uint32(len(p.Tracks))
	for _, t := range p.Tracks {
		if t.Artist != nil && strings.TrimSpace(*t.Artist) != "" {
			o.artists++
		}
	}
}

// reject reads a dead letter's headers: the stage that rejected it, the
// reason, and the source (the original record's source header, else the
// raw topic it came from).
func (rd *reader) reject(r *kgo.Record, o *obs) {
	o.kind = obsReject
	o.stage = stageID(cmp.Or(dlq.Header(r, dlq.HeaderStage), strings.TrimPrefix(r.Topic, rd.dlqPref)))
	if o.stage == stRaw { // "raw" is a topic layer, never a stage that rejects
		o.stage = stUnknown
	}
	o.reason = sanitizeReason(dlq.Header(r, dlq.HeaderReason))
	o.source = cmp.Or(dlq.Header(r, dlq.HeaderSource), rd.topics.SourceOfRaw(dlq.Header(r, dlq.HeaderTopic)))
}
