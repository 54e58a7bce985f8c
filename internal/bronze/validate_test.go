package bronze

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
)

// TestIngestRefusesWhatBronzeRefuses: ingest and bronze judge a playlist
// by one check (record.ValidateRaw), so each playlist here is refused by
// both or by neither, with the same field named; ingest answers 422 for
// those it refuses (see ingest's TestRefusedAsBronzeWould).
func TestIngestRefusesWhatBronzeRefuses(t *testing.T) {
	written := time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC)
	const base = `{"source":"mixesdb","source_url":"https://www.mixesdb.com/w/x","name":"x","scraped_at":"2026-11-29T04:00:00Z","parser_version":"t/1","tracks":[{"position":1,"raw_line":"a"}]}`
	topics := kafka.Topics{Prefix: "t"}
	p := &Processor{topics: topics}
	for _, c := range []struct {
		name, json, field string // field: "" for a playlist both take
	}{
		{"good", base, ""},
		{"scraped_at within the hour allowed for clocks", strings.Replace(base, "04:00:00Z", "05:59:00Z", 1), ""},
		{"scraped_at in 2030", strings.Replace(base, "2026-11-29T04:00:00Z", "2030-01-01T00:00:00Z", 1), "scraped_at"},
		{"scraped_at just past the allowance", strings.Replace(base, "04:00:00Z", "06:00:01Z", 1), "scraped_at"},
		{"scraped_at before 1990", strings.Replace(base, "2026-11-29", "1970-01-01", 1), "scraped_at"},
		{"no name", strings.Replace(base, `"name":"x"`, `"name":" "`, 1), "name"},
		{"a position twice", strings.Replace(base, `{"position":1,"raw_line":"a"}`, `{"position":1,"raw_line":"a"},{"position":1,"raw_line":"b"}`, 1), "tracks[1].position"},
		{"a NUL byte", strings.Replace(base, `"raw_line":"a"`, `"raw_line":"a\u0000"`, 1), "tracks[0].raw_line"},
		{"not an http URL", strings.Replace(base, "https://www.mixesdb.com/w/x", "ftp://x/y", 1), "source_url"},
	} {
		var pl record.ScrapedPlaylist
		if err := json.Unmarshal([]byte(c.json), &pl); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		rec := &kgo.Record{Topic: topics.Raw("mixesdb"), Timestamp: written}
		bronzeErr := p.validate(rec, &pl)
		_, ingestErr := ingest.DecodePlaylistAt([]byte(c.json), "mixesdb", written)
		var refused *ingest.RefusedError
		switch {
		case c.field == "" && (bronzeErr != nil || ingestErr != nil):
			t.Errorf("%s: bronze %v, ingest %v; want both to take it", c.name, bronzeErr, ingestErr)
		case c.field != "" && (bronzeErr == nil || !errors.As(ingestErr, &refused)):
			t.Errorf("%s: bronze %v, ingest %v; want both to refuse it (ingest with 422)", c.name, bronzeErr, ingestErr)
		case c.field != "" && (!strings.HasPrefix(bronzeErr.Error(), c.field) || bronzeErr.Error() != ingestErr.Error()):
			t.Errorf("%s: bronze %q, ingest %q; want the same error naming %s", c.name, bronzeErr, ingestErr, c.field)
		}
	}
	// A playlist sent for another source is refused by both too (ingest
	// names the URL's source, bronze the topic's).
	var pl record.ScrapedPlaylist
	_ = json.Unmarshal([]byte(base), &pl)
	if err := p.validate(&kgo.Record{Topic: topics.Raw("setlistfm"), Timestamp: written}, &pl); err == nil || !strings.Contains(err.Error(), "does not match topic") {
		t.Errorf("another source's topic: bronze %v", err)
	}
	var refused *ingest.RefusedError
	if _, err := ingest.DecodePlaylistAt([]byte(base), "setlistfm", written); !errors.As(err, &refused) || !strings.Contains(err.Error(), "field source") {
		t.Errorf("another source's URL: ingest %v", err)
	}
}
