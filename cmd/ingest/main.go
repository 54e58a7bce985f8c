// Command ingest is the pipeline's front door: `ingest serve` runs the HTTP
// API, `ingest send` posts NDJSON from a file or stdin, `ingest scrape`
// runs a site's scraper (docs/scrapers.md), and `ingest gen` is a
// synthetic scraper.
package main

import (
	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/scrapers"
)

func main() {
	app.Main("ingest", "127.0.0.1:8080", ingest.Load, map[string]app.Command{
		"send":   ingest.SendMain,
		"scrape": scrapers.Main,
		"gen":    gen.Main,
	})
}
