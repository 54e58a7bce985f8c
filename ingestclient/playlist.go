package ingestclient

import "time"

// Playlist is one scraped playlist (a DJ set's tracklist) as the ingest
// API takes it. The JSON field names are the API's (docs/ingest-api.md).
// Optional text fields left empty are not sent: the pipeline stores them
// as unknown.
type Playlist struct {
	// Source may be left empty: it comes from the source Post is given
	// (when set, it must match).
	Source string `json:"source,omitempty"`
	// SourceURL is the scraped page, an absolute http(s) URL. Required.
	SourceURL string `json:"source_url"`
	// SourcePlaylistID is the site's own ID for the playlist, when it has
	// one; it then names the playlist instead of the URL.
	SourcePlaylistID string `json:"source_playlist_id,omitempty"`
	// Name is the page title as scraped. Required.
	Name string `json:"name"`
	// DJNames are the DJs as the page names them.
	DJNames []string `json:"dj_names,omitempty"`
	Event   string   `json:"event,omitempty"`
	Venue   string   `json:"venue,omitempty"`
	// PlayedOn is the set's date as scraped: a full date ("2021-04-03")
	// or a partial one ("2009-11", "1998").
	PlayedOn string `json:"played_on,omitempty"`
	// ScrapedAt is when the page was read. Required.
	ScrapedAt time.Time `json:"scraped_at"`
	// ParserVersion names the scraper's release, to trace a bad batch
	// back to it. Required.
	ParserVersion string `json:"parser_version"`
	// SourceRevision is the page's revision: the site's revision ID, or
	// "sha256:" and the hash of the page.
	SourceRevision string `json:"source_revision,omitempty"`
	// HintsFromMarkup says the tracks' artist, title, remix and label are
	// the page's own markup, not the scraper's guess.
	HintsFromMarkup bool    `json:"hints_from_markup,omitempty"`
	Tracks          []Track `json:"tracks"`
}

// Track is one line of a tracklist. Position and RawLine are required;
// the rest are hints (the pipeline parses the raw line itself).
type Track struct {
	// Position is the 1-based position in the playlist, unique within it.
	Position int `json:"position"`
	// RawLine is the line exactly as scraped.
	RawLine string `json:"raw_line"`
	Artist  string `json:"artist,omitempty"`
	Title   string `json:"title,omitempty"`
	Label   string `json:"label,omitempty"`
	Catalog string `json:"catalog,omitempty"`
	// BPM of the track; 0 is unknown.
	BPM float64 `json:"bpm,omitempty"`
	// Key is the musical key in any notation (Am, 8A, A minor...).
	Key   string `json:"key,omitempty"`
	Genre string `json:"genre,omitempty"`
	// Cue is the cue time as scraped, e.g. "40:54".
	Cue string `json:"cue,omitempty"`
	// Remix is the remix or version as the page marks it apart from the
	// title, e.g. "Tale Of Us Remix".
	Remix string `json:"remix,omitempty"`
	// WithPrevious says the page marks this track as played together with
	// the one before it.
	WithPrevious bool `json:"with_previous,omitempty"`
}
