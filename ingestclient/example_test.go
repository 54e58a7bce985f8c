package ingestclient_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/songnodes/pipeline/ingestclient"
)

// ingestURL is a real ingest server on an in-process Kafka, started by
// TestMain for the examples; a scraper would use its deployment's URL,
// e.g. "http://127.0.0.1:8080".
var ingestURL string

func TestMain(m *testing.M) {
	s, err := startServer(slog.New(slog.DiscardHandler), nil, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "start ingest:", err)
		os.Exit(1)
	}
	ingestURL = s.url
	code := m.Run()
	s.close()
	os.Exit(code)
}

// A scraper posts what it scraped and learns what became of each
// playlist.
func Example() {
	c, err := ingestclient.New(ingestURL,
		ingestclient.WithToken(os.Getenv("INGEST_TOKEN")), // the source's token (INGEST_TOKENS)
		ingestclient.WithBatch(200, 4<<20),                // at most 200 playlists or 4 MiB per request
	)
	if err != nil {
		log.Fatal(err)
	}
	set := ingestclient.Playlist{
		SourceURL:     "https://www.mixesdb.com/w/2021-04-03_-_Benny_Benassi_-_Sputnik_Club",
		Name:          "2021-04-03 - Benny Benassi - Sputnik Club",
		DJNames:       []string{"Benny Benassi"},
		PlayedOn:      "2021-04-03",
		ScrapedAt:     time.Date(2026, 11, 29, 4, 0, 0, 0, time.UTC),
		ParserVersion: "my-scraper/1.0",
		Tracks: []ingestclient.Track{
			{Position: 1, RawLine: "[00] Deadmau5 - Strobe", BPM: 128, Key: "Am"},
			{Position: 2, RawLine: "Eric Prydz - Opus (Four Tet Remix)"},
		},
	}
	untitled := set
	untitled.Name = ""

	res, err := c.Post(context.Background(), "mixesdb", set, untitled)
	if err != nil {
		// Some playlists could not be stored (they are Failed in res) or
		// the server refused the requests (*ingestclient.StatusError).
		log.Fatal(err)
	}
	fmt.Printf("%d accepted, %d rejected\n", res.Accepted, res.Rejected)
	for _, it := range res.Items {
		if it.Status == ingestclient.Accepted {
			fmt.Printf("playlist %d: accepted as %s\n", it.Index, it.PlaylistKey)
		} else {
			fmt.Printf("playlist %d: %s: %s\n", it.Index, it.Status, it.Error)
		}
	}
	// Output:
	// 1 accepted, 1 rejected
	// playlist 0: accepted as mixesdb:https://mixesdb.com/w/2021-04-03_-_Benny_Benassi_-_Sputnik_Club
	// playlist 1: rejected: name is required (the page title as scraped)
}
