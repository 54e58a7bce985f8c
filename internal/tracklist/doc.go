// Package tracklist is the one place where SongNodes reads tracklist text:
// track lines, playlist titles, musical keys, artist names and track IDs.
//
// The system it replaces had four normalisers that disagreed with each
// other: one rewrote substrings ("canvas" became "canversus"), one was
// ASCII-only, one lost flats, two of three Camelot tables were wrong. Every
// rule now lives here, once, with a test.
//
// # Reading a track line
//
//	t := tracklist.ParseLine("[40:54] Adam Beyer, Bart Skils - Your Mind (Extended Mix) [Drumcode - DC190]")
//	t.Cue      // "40:54"
//	t.Artists  // ["Adam Beyer", "Bart Skils"]
//	t.Title    // "Your Mind"
//	t.Version  // "Extended Mix"   (not part of the ID)
//	t.Label    // "Drumcode"
//	t.Catalog  // "DC190"
//	t.ID()     // "b8455b53baf86b60"
//
// ParseLine never fails and never panics; what it cannot read it leaves
// empty. Analyze wraps it for the ingestion pipeline: it completes the track
// from the scraper's separately scraped fields (Hints), parses the key and
// BPM, and returns a Status (valid, warning, unidentified, failed) with
// machine-readable Issues. Its JSON is what `songnodes parse` prints.
//
// The decisions that shape every parse:
//
//   - Text is cleaned first: invalid UTF-8 becomes U+FFFD, whitespace runs
//     become one space, zero-width characters go, everything is NFC.
//     Letters of every script are kept as they are: "Tiësto" stays
//     "Tiësto", "GATTÜSO" stays "GATTÜSO".
//   - Nothing is rewritten inside a word. Separators are whole words: "vs"
//     in "Canvas", "ft" in "Daft Punk", "x" in "Charli xcx" are letters.
//   - Artist and title are split at the FIRST dash that has a space on both
//     sides (-, –, —, −, ‒ and friends). Artist names practically never
//     contain " - "; titles often do ("(It Goes Like) Nanana - Edit"), and
//     a dash suffix that names a version or remix is then peeled off the
//     title.
//   - "&" splits artists ("Chris Lake & Sante Sansone" is two, as in the
//     original), except for acts whose name contains one ("Above & Beyond",
//     "Dimitri Vegas & Like Mike"), reference data that outside sources
//     bill as one act (acts.txt). " and " joins one-word names of a track
//     credit ("Simon and Garfunkel", "Sam and the Womp"). See SplitArtists.
//   - Versions (Original Mix, Extended Mix, Radio Edit, Club Mix, VIP Mix,
//     Remastered, ...) are stripped from the title and kept in Version;
//     versions of one song share its track ID. Remixes, edits, flips,
//     bootlegs, reworks, VIPs and dubs credited to someone are remixes and
//     get their own ID, keyed by remixer: "(Four Tet Edit)" and "(Four Tet
//     Remix)" share one, as in the original.
//   - "ID - ID", "Artist - ID", "???" and "Unknown" are placeholders: kept
//     (Unidentified, status "unidentified") so that no transition is
//     invented across a gap, but they get no track ID.
//
// # Track IDs
//
// TrackID and Track.ID reproduce the original SongNodes IDs bit for bit, so
// existing graph nodes carry over: sha256 over "::"-joined normalised
// components, first 16 hex characters; see TrackID. Norm is the
// normaliser, frozen to the original Python semantics (including Python's
// view that combining marks are not word characters). ArtistKey is the
// separate, friendlier key for comparing artist names.
//
// # Playlist titles
//
// ParseTitle reads MixesDB page titles ("2009-11-03 - DJ1, DJ2 & DJ3 @
// Venue, City - Event") into date, DJs, venue and event. On the 1,137 real
// MixesDB titles in testdata, 98.6% yield a date and at least one DJ; the
// rest credit only "VA" (various artists), which is reported in
// Title.VariousArtists rather than invented as a DJ.
//
// # Keys and BPM
//
// ParseKey reads every common key notation (Am, A minor, Amin, A#m, Bbm,
// B♭m, Db major, Camelot 8A / 08A, Open Key 1m / 1d) into a Key with one
// canonical spelling (sharps: "G#m", "A#", as the original Camelot table's
// first spelling). Compatibility and CompatibleKeys reproduce the
// original's Camelot-wheel scores. ValidBPM bounds plausible tempos.
//
// # Performance and safety
//
// Everything is pure and safe for concurrent use. ParseLine uses no regular
// expressions and takes a few microseconds per line on one core, track ID
// included (docs/benchmarks.md has the measured figures); all
// parsers are linear-time on adversarial input (see robust_test.go) and
// are fuzzed (fuzz_test.go).
package tracklist

// Version names this parser in what it writes (silver records it on every
// playlist, whose lines are written with it): after an upgrade, the rows
// read by an older version can be found and re-read by replaying silver
// (docs/parsing.md). It changes whenever the same line reads differently.
const Version = "tracklist/14"
