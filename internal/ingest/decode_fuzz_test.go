package ingest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/songnodes/pipeline/internal/ingest"
)

// FuzzDecodeBody feeds any body to the decoder as the API does (split
// into playlists, each decoded strictly). It must not panic, must judge a
// body the same way twice, and what it accepts must pass the check bronze
// makes and hold no U+FFFD the body did not send (a lone surrogate
// escape must be refused, not replaced). Seeds:
// testdata/fuzz/FuzzDecodeBody; `go test -fuzz FuzzDecodeBody
// ./internal/ingest` runs it longer.
func FuzzDecodeBody(f *testing.F) {
	written := time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, it := range ingest.SplitBody(body) {
			p, err := ingest.DecodePlaylistAt(it.Raw, "mixesdb", written)
			_, err2 := ingest.DecodePlaylistAt(it.Raw, "mixesdb", written)
			if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
				t.Fatalf("judged twice differently: %v, then %v", err, err2)
			}
			if err != nil {
				var refused *ingest.RefusedError
				if errors.As(err, &refused) && refused.Err == nil {
					t.Fatalf("a refusal without its reason")
				}
				continue
			}
			if err := p.ValidateRaw("mixesdb", written); err != nil {
				t.Fatalf("accepted, but bronze would refuse it: %v", err)
			}
			out, err := json.Marshal(p)
			if err != nil {
				t.Fatalf("accepted, but cannot be encoded again: %v", err)
			}
			if bytes.ContainsRune(out, utf8.RuneError) && !bytes.ContainsRune(it.Raw, utf8.RuneError) &&
				!strings.Contains(strings.ToLower(string(it.Raw)), `\ufffd`) {
				t.Fatalf("accepted with a U+FFFD the body did not send: %s", it.Raw)
			}
		}
	})
}
