package gen

// Counts tallies items so that a test can reconcile what the pipeline
// stored with what was sent.
type Counts struct {
	Playlists int             `json:"playlists"` // items
	Good      int             `json:"good"`      // valid playlists (including re-scrapes)
	Bad       int             `json:"bad"`       // malformed items
	Rescrapes int             `json:"rescrapes"` // good items that re-scrape an earlier playlist (same key)
	BadByKind map[BadKind]int `json:"bad_by_kind"`

	// Track lines of good items.
	Tracks         int            `json:"tracks"`
	TracksByExpect map[string]int `json:"tracks_by_expect"` // by TrackTruth.Expect
	TracksByIssue  map[string]int `json:"tracks_by_issue"`  // by TrackTruth.Issue, "" excluded
	// TracksWithArtist counts lines whose truth has an artist: valid and
	// warning lines, and "Artist - ID" placeholders.
	TracksWithArtist int `json:"tracks_with_artist"`
}

// Add counts one item.
func (c *Counts) Add(it Item) {
	if c.BadByKind == nil {
		c.BadByKind = map[BadKind]int{}
		c.TracksByExpect = map[string]int{}
		c.TracksByIssue = map[string]int{}
	}
	c.Playlists++
	if it.Bad != "" {
		c.Bad++
		c.BadByKind[it.Bad]++
		return
	}
	c.Good++
	if it.RescrapeOf >= 0 {
		c.Rescrapes++
	}
	for _, t := range it.Tracks {
		c.Tracks++
		c.TracksByExpect[t.Expect]++
		if t.Issue != "" {
			c.TracksByIssue[t.Issue]++
		}
		if t.Artist != "" {
			c.TracksWithArtist++
		}
	}
}
