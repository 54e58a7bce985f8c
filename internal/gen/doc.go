// Package gen is a synthetic scraper: it makes realistic DJ-set playlists
// as MixesDB and 1001Tracklists scrapers POST them to ingest, a controlled
// share of malformed ones, and says exactly what it injected so that tests
// can reconcile counts. `ingest gen`, the end-to-end tests and the
// benchmarks use it.
//
//	g := gen.New(gen.Config{Source: "mixesdb", Seed: 1, BadRatio: 0.05})
//	var c gen.Counts
//	for range 1000 {
//		it := g.Next()     // it.JSON is one NDJSON line
//		c.Add(it)
//	}
//
// # Determinism
//
// One Config gives one sequence, byte for byte: every draw comes from one
// PCG generator seeded with Config.Seed, and scraped_at is Config.Now plus
// the item's index in seconds. Re-scrapes and bad items take their draws
// from the same stream, so changing BadRatio changes the later items.
//
// # Good playlists
//
// 10 to 30 tracks at positions 1..n. Recordings come from an embedded
// vocabulary of real tracks (vocab/tracks.tsv) with Zipf popularity, so a
// few anthems appear in many sets; half the draws stay in the set's genre
// family and a fifth take the previous track's favourite successor, so the
// same transitions recur across sets. Lines are written the way the sites
// write them (see lines.go): MixesDB "[40:54] Artist - Title (X Remix)
// [Label - CAT123]", "[??] ...", "01. ...", "+ # ..."; 1001Tracklists
// "Artist ft. Featured - Title (Extended Mix) [LABEL]", "A & B - T",
// "A vs. B - T", "w/ ..."; en and em dashes now and then. Hints are filled
// as scrapers do, per page: artist and title (the line's artist and title
// parts, verbatim), bpm (from the genre's tempo range), key (Am, Bbm,
// A minor, 8A, 1m...), genre, label and catalog (verbatim from the
// bracket), cue (whenever the line has one).
//
// Every good Item.Playlist passes (*record.ScrapedPlaylist).Validate, and
// ingest decoding Item.JSON (ingest.DecodePlaylist: played_on as a date
// string, unknown fields refused, source from the URL when absent) gives
// exactly Item.Playlist. Source URLs differ between playlists, except for
// re-scrapes (Config.RescrapeRatio, Generator.Rescrape), which keep the
// URL, playlist ID and name and replace one track.
//
// # Track truth
//
// TrackTruth.Expect is the verdict tracklist.Analyze must give the line
// with its hints. It is decided when the line is drawn:
//
//	unidentified  6% of lines: "ID - ID", "Artist - ID", "ID", "??? - ???" (no hints but the cue)
//	failed        0.33%: words with no " - " and no hints: "an acetate nobody could put a name to"
//	not_track     0.67%: a heading or punctuation: "tracklist to follow", "...", "Part 2", "Track 7"
//	warning       1% + 1% of identified lines: a bpm hint outside 40..220
//	              (999, 1280, 12.8, 300: bpm_out_of_range) or a key hint no
//	              notation knows (H#major, 13A, X minor, Q#m: key_unparsed);
//	              and the lines of titles that end in a short bracket
//	              group a parser cannot tell from a label ("I'm Good
//	              (Blue)": extra_parts)
//	valid         every other line: identified, hints consistent with it
//
// # Malformed playlists
//
// Config.BadRatio of the items are malformed, of a kind drawn from
// Config.BadKinds; see BadKind for what ingest must say about each. For
// records written straight to Kafka, BadRecordValue mangles a framed
// value (FrameFault).
package gen
