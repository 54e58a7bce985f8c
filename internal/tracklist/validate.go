package tracklist

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// Status is the verdict of Analyze on one line.
type Status string

// The four statuses. Exactly one applies to every analysed line:
//
//   - StatusFailed: nothing usable: the line is empty or too long, or no
//     artist and title could be found in the line or the hints. No track ID.
//   - StatusUnidentified: the track is a placeholder ("ID - ID", "Artist -
//     ID", "???", "Unknown - Unknown") that hints could not fill. It has no
//     track ID but must be kept as a placeholder node so that transitions
//     around it are not invented.
//   - StatusWarning: usable (it has a track ID) but Issues is not empty:
//     a hint disagrees, or the parse guessed (IssueSplitUnsure and the
//     other doubt codes), so it may be wrong. A title alone, with a
//     remix or version credit but no artist, is a warning with
//     IssueArtistMissing and no track ID.
//   - StatusValid: usable and no issue at all.
//   - StatusNotTrack: the line names no track: a heading ("CD 2",
//     "Tracklist:"), a link, a line of punctuation. It is kept (positions
//     stay as scraped) but is not a track and makes no transition.
const (
	StatusValid        Status = "valid"
	StatusWarning      Status = "warning"
	StatusUnidentified Status = "unidentified"
	StatusFailed       Status = "failed"
	StatusNotTrack     Status = "not_track"
)

// Issue codes. The list is fixed: consumers may switch on these strings.
const (
	// IssueEmptyLine: the line is empty or only whitespace/prefixes.
	IssueEmptyLine = "empty_line"
	// IssueTooLong: the line is longer than MaxLineBytes; it was not parsed.
	IssueTooLong = "too_long"
	// IssueInvalidUTF8: the line had invalid UTF-8, replaced by U+FFFD.
	IssueInvalidUTF8 = "invalid_utf8"
	// IssueUnparseable: no artist/title separator (" - ") in the line.
	IssueUnparseable = "unparseable"
	// IssueArtistMissing: no artist from the line or the hints.
	IssueArtistMissing = "artist_missing"
	// IssueTitleMissing: no title from the line or the hints.
	IssueTitleMissing = "title_missing"
	// IssueArtistUnidentified: the artist is a placeholder ("ID", "?").
	IssueArtistUnidentified = "artist_unidentified"
	// IssueTitleUnidentified: the title is a placeholder ("ID", "?").
	IssueTitleUnidentified = "title_unidentified"
	// IssueParsedFromHints: the artist and/or title came from the hints
	// because the line lacked them.
	IssueParsedFromHints = "parsed_from_hints"
	// IssueHintMismatch: a hint disagrees with the line (which wins);
	// Analysis.HintMismatches names the fields.
	IssueHintMismatch = "hint_mismatch"
	// IssueKeyUnparsed: Hints.Key was given but is not a key ParseKey knows.
	IssueKeyUnparsed = "key_unparsed"
	// IssueBPMOutOfRange: Hints.BPM is outside [MinBPM, MaxBPM] or not a
	// number; it is dropped.
	IssueBPMOutOfRange = "bpm_out_of_range"
	// IssueNotTrack: the line is a heading, a link or punctuation, not a
	// track (StatusNotTrack).
	IssueNotTrack = "not_track"

	// Doubts: the parse guessed, and may be wrong. Each makes an
	// otherwise valid track a warning.

	// IssueNumberPrefix: a number before the artist was taken as a
	// position, or kept as part of the name, without the tracklist's
	// other lines to say which ("01 Artist", "2 Unlimited", "12:30 Artist").
	IssueNumberPrefix = "number_prefix"
	// IssueDashUnspaced: artist and title were split at a dash without a
	// space on both sides ("Artist- Title", "Artist-Title").
	IssueDashUnspaced = "dash_unspaced"
	// IssueSeparatorGuessed: artist and title were split at something
	// other than a dash: ": ", " / ", " by ", ", ".
	IssueSeparatorGuessed = "separator_guessed"
	// IssueOrderGuessed: the title was read before the artist ("Title
	// (Original Mix) - Artist", "Title by Artist", a tracklist written
	// title first).
	IssueOrderGuessed = "order_guessed"
	// IssueCreditUnsure: a word of a remix or version credit may be a
	// name or a descriptor ("(Limelight Mix)").
	IssueCreditUnsure = "credit_unsure"
	// IssueSplitUnsure: an "&", "and" or "+" may join two acts or belong
	// to one act's name ("Camo & Krooked"); reference data settles it.
	IssueSplitUnsure = "split_unsure"
	// IssueExtraParts: the line has more than an artist and a title (a
	// third part after a dash, a trailing bracket group that names no
	// version), read by guess.
	IssueExtraParts = "extra_parts"
	// IssueLabelGuessed: a label was read from text without label
	// brackets ("Title - Label", "Title (Label)", "(Original Mix) Label").
	IssueLabelGuessed = "label_guessed"
	// IssueLayoutUnknown: most track lines of the tracklist are doubtful
	// or failed: its layout is one the parser does not know, and a line
	// read without a guess of its own may be wrong as well.
	IssueLayoutUnknown = "layout_unknown"
)

// IssueCodes returns every issue code, sorted.
func IssueCodes() []string {
	codes := []string{
		IssueArtistMissing, IssueArtistUnidentified, IssueBPMOutOfRange,
		IssueEmptyLine, IssueHintMismatch, IssueInvalidUTF8, IssueKeyUnparsed,
		IssueNotTrack, IssueParsedFromHints, IssueTitleMissing, IssueTitleUnidentified,
		IssueTooLong, IssueUnparseable,
	}
	codes = append(codes, doubtCodes[:]...)
	codes = append(codes, IssueLayoutUnknown)
	sort.Strings(codes)
	return codes
}

// DoubtCodes returns the issue codes that mark a guess, sorted.
func DoubtCodes() []string {
	codes := append([]string(nil), doubtCodes[:]...)
	codes = append(codes, IssueLayoutUnknown)
	sort.Strings(codes)
	return codes
}

// MaxLineBytes is the longest line Analyze parses. Real track lines are
// well under 300 bytes; anything longer is a scraping accident (a whole
// page in one cell) and is failed with IssueTooLong instead of parsed.
const MaxLineBytes = 1000

// Hints are the fields a scraper may have extracted separately from the raw
// line (1001Tracklists has separate artist/title/label spans, Beatport
// gives key and BPM). All are optional; BPM 0 means unknown.
type Hints struct {
	Artist  string
	Title   string
	Label   string
	Catalog string
	Key     string
	Genre   string
	BPM     float64
}

// Analysis is a Track plus what Analyze adds: key, BPM and genre from the
// hints, the track ID, and the verdict.
type Analysis struct {
	Track
	// Key is the canonical key name (Key.String) of Hints.Key.
	Key string
	// Camelot is the Camelot code of Hints.Key.
	Camelot string
	// BPM is Hints.BPM when plausible, else 0.
	BPM   float64
	Genre string
	// TrackID is Track.ID() for valid and warning lines, "" otherwise.
	TrackID string
	Status  Status
	// Issues are issue codes, sorted, without duplicates; never nil.
	Issues []string
	// HintMismatches names the hint fields that disagreed with the line:
	// "artist", "title", "label", "catalog".
	HintMismatches []string
}

// MarshalJSON writes the shape the `songnodes parse` CLI emits: line,
// artists, featured, remixers, title, version, label, catalog, key,
// camelot, track_id, status, issues, plus cue, bpm, genre, remix flags and
// hint_mismatches when set. Lists are [] rather than null.
func (a Analysis) MarshalJSON() ([]byte, error) {
	return marshalJSON(struct {
		Line           string   `json:"line"`
		Cue            string   `json:"cue,omitempty"`
		Artists        []string `json:"artists"`
		Featured       []string `json:"featured"`
		Remixers       []string `json:"remixers"`
		Title          string   `json:"title"`
		Version        string   `json:"version"`
		Label          string   `json:"label"`
		Catalog        string   `json:"catalog"`
		Key            string   `json:"key"`
		Camelot        string   `json:"camelot"`
		BPM            float64  `json:"bpm,omitempty"`
		Genre          string   `json:"genre,omitempty"`
		IsRemix        bool     `json:"is_remix,omitempty"`
		RemixKind      string   `json:"remix_kind,omitempty"`
		IsMashup       bool     `json:"is_mashup,omitempty"`
		WithPrevious   bool     `json:"with_previous,omitempty"`
		TrackID        string   `json:"track_id"`
		Status         Status   `json:"status"`
		Issues         []string `json:"issues"`
		HintMismatches []string `json:"hint_mismatches,omitempty"`
	}{
		a.Line, a.Cue, nonNil(a.Artists), nonNil(a.Featured), nonNil(a.Remixers),
		a.Title, a.Version, a.Label, a.Catalog, a.Key, a.Camelot, a.BPM, a.Genre,
		a.IsRemix, a.RemixKind, a.IsMashup, a.WithPrevious, a.TrackID, a.Status, nonNil(a.Issues),
		a.HintMismatches,
	})
}

// Analyze parses a line like ParseLine, completes it from the scraper's
// hints and gives a verdict. Rules:
//
//   - The line wins whenever it yields a field; a hint that disagrees is
//     reported (IssueHintMismatch) but not used.
//   - Hints fill gaps: an unparseable or empty line, a missing or
//     placeholder artist or title, a missing label or catalog. Filling the
//     artist or title adds IssueParsedFromHints. When the line has no
//     separator and only one of artist/title is hinted, the line text is
//     taken as the other one.
//   - Hints.Key is parsed to the canonical key and Camelot code
//     (IssueKeyUnparsed if it cannot be); Hints.BPM is kept when
//     ValidBPM (IssueBPMOutOfRange otherwise).
//   - Status: see the Status constants.
//
// Analyze is pure and safe for concurrent use.
func Analyze(line string, h Hints) Analysis {
	if len(line) > MaxLineBytes {
		s, _ := cleanText(truncateUTF8(line, MaxLineBytes))
		issues := []string{IssueTooLong}
		if !utf8.ValidString(line) {
			issues = append(issues, IssueInvalidUTF8)
		}
		return Analysis{
			Track:  Track{Line: s, Artists: []string{}, Featured: []string{}, Remixers: []string{}},
			Status: StatusFailed, Issues: finishIssues(issues),
		}
	}
	return analyze(ParseLine(line), h, nil)
}

// analyze is Analyze on a parsed line. e, if not nil, is the Memo's entry
// of the line's body: what analyze derives from the body alone, and from
// the body and one hint, it takes from there.
func analyze(parsed Track, h Hints, e *memoEntry) Analysis {
	var a Analysis
	analyzeInto(&a, parsed, h, e)
	return a
}

// analyzeInto is analyze writing its result into *a, so that a Memo
// fills a tracklist's slice in place instead of copying each result
// (an Analysis is some 400 bytes) into it.
func analyzeInto(a *Analysis, parsed Track, h Hints, e *memoEntry) {
	*a = Analysis{Track: parsed}
	var issues [16]string
	ni := 0
	add := func(code string) {
		if ni < len(issues) {
			issues[ni] = code
			ni++
		}
	}
	t := &a.Track
	if t.flags&flagInvalidUTF8 != 0 {
		add(IssueInvalidUTF8)
	}
	if t.flags&flagNotTrack != 0 {
		add(IssueNotTrack)
		a.Status = StatusNotTrack
		a.Issues = finishIssues(issues[:ni])
		return
	}
	empty := t.Line == ""
	fromHints := false

	hArtist, _ := cleanText(h.Artist)
	hTitle, _ := cleanText(h.Title)
	hArtist, hTitle = repairBrackets(hArtist), repairBrackets(hTitle)
	if isPlaceholder(hArtist) {
		hArtist = ""
	}
	if isPlaceholder(hTitle) {
		hTitle = ""
	}

	// Unparseable line: the line text may be the half the hints lack.
	noSep := t.flags&flagNoSeparator != 0
	if noSep && !empty {
		body := prepare(t.Line, prefixOpts{}).body
		body, _, _ = extractLabel(stripExtras(body), false)
		body = trimJunk(body)
		if body != "" {
			switch {
			case hArtist != "" && hTitle == "":
				hTitle = body
			case hTitle != "" && hArtist == "":
				hArtist = body
			}
		}
	}

	artistGap := len(t.Artists) == 0
	titleGap := t.Title == ""
	if artistGap && hArtist != "" {
		r := splitNames(hArtist, splitTrack)
		if len(r.names) > 0 {
			t.Artists = appendUnique(t.Artists, r.names...)
			t.Featured = appendUnique(t.Featured, r.featured...)
			t.flags &^= flagArtistUnknown
			fromHints = true
		}
	}
	if titleGap && hTitle != "" {
		var tp titleParts
		processTitle(hTitle, &tp)
		if tp.title != "" && !isPlaceholder(tp.title) {
			t.Title = tp.title
			if t.Version == "" {
				t.Version = tp.version
			}
			if !t.IsRemix && tp.isRemix {
				t.IsRemix, t.RemixKind = true, tp.remixKind
			}
			t.IsMashup = t.IsMashup || tp.isMashup
			t.Remixers = appendUnique(t.Remixers, tp.remixers...)
			t.Featured = appendUnique(t.Featured, tp.featured...)
			t.flags &^= flagTitleUnknown
			fromHints = true
		}
	}
	t.Unidentified = t.flags&(flagArtistUnknown|flagTitleUnknown) != 0
	if len(t.Artists) > 0 && t.Title != "" {
		t.flags &^= flagNoSeparator // complete now: String renders it
	}

	// Disagreements: only where the line provided the field itself.
	// Each comparison below is between a hint and what the line itself
	// gave, so e can remember its verdict; the artists are the line's
	// alone unless a title hint brought featured artists.
	if !artistGap && hArtist != "" && !e.agrees(hintArtist, hArtist, !fromHints, func() bool { return artistsAgree(t, hArtist) }) {
		a.HintMismatches = append(a.HintMismatches, "artist")
	}
	if !titleGap && hTitle != "" && !e.agrees(hintTitle, hTitle, true, func() bool { return titlesAgree(t.Title, hTitle) }) {
		a.HintMismatches = append(a.HintMismatches, "title")
	}
	hLabel, _ := cleanText(h.Label)
	hCatalog, _ := cleanText(h.Catalog)
	switch {
	case hLabel == "":
	case t.Label == "":
		t.Label = hLabel
	case !e.agrees(hintLabel, hLabel, true, func() bool { return Norm(t.Label) == Norm(hLabel) }):
		a.HintMismatches = append(a.HintMismatches, "label")
	}
	switch {
	case hCatalog == "":
	case t.Catalog == "":
		t.Catalog = hCatalog
	case !e.agrees(hintCatalog, hCatalog, true, func() bool { return catalogKey(t.Catalog) == catalogKey(hCatalog) }):
		a.HintMismatches = append(a.HintMismatches, "catalog")
	}
	if len(a.HintMismatches) > 0 {
		add(IssueHintMismatch)
	}

	if strings.TrimSpace(h.Key) != "" {
		if k, ok := ParseKey(h.Key); ok {
			a.Key, a.Camelot = k.String(), k.Camelot()
		} else {
			add(IssueKeyUnparsed)
		}
	}
	if h.BPM != 0 {
		if ValidBPM(h.BPM) {
			a.BPM = math.Round(h.BPM*100) / 100
		} else {
			add(IssueBPMOutOfRange)
		}
	}
	a.Genre, _ = cleanText(h.Genre)

	if fromHints {
		add(IssueParsedFromHints)
	}
	// "11. The Reckoning (Nihil Young Remix)": a track whose artist the
	// line does not give (titleAlone). It is a track, with a warning, but
	// has no track ID: a title alone would make one node of the graph of
	// every song of that title (docs/decisions.md).
	titleAlone := t.flags&flagTitleAlone != 0 && len(t.Artists) == 0 && t.Title != "" && !t.Unidentified
	if empty {
		add(IssueEmptyLine)
	} else if noSep && !titleAlone {
		add(IssueUnparseable)
	}
	artistUnknown := t.flags&flagArtistUnknown != 0
	titleUnknown := t.flags&flagTitleUnknown != 0
	switch {
	case artistUnknown:
		add(IssueArtistUnidentified)
	case len(t.Artists) == 0:
		add(IssueArtistMissing)
	}
	switch {
	case titleUnknown:
		add(IssueTitleUnidentified)
	case t.Title == "":
		add(IssueTitleMissing)
	}

	if t.Unidentified || titleAlone || len(t.Artists) > 0 && t.Title != "" {
		for i, code := range doubtCodes {
			if t.doubts&(1<<i) != 0 {
				add(code)
			}
		}
	}
	switch {
	case t.Unidentified:
		a.Status = StatusUnidentified
	case titleAlone:
		a.Status = StatusWarning // no track ID
	case len(t.Artists) == 0 || t.Title == "":
		a.Status = StatusFailed
	default:
		if e != nil && !fromHints {
			// The hints changed nothing the ID is made of.
			a.TrackID = e.id
		} else {
			a.TrackID = t.ID()
		}
		if ni == 0 {
			a.Status = StatusValid
		} else {
			a.Status = StatusWarning
		}
	}
	a.Issues = finishIssues(issues[:ni])
}

// finishIssues sorts and deduplicates, returning a non-nil slice.
func finishIssues(in []string) []string {
	if len(in) == 0 {
		return []string{}
	}
	out := make([]string, len(in))
	copy(out, in)
	sort.Strings(out)
	j := 1
	for i := 1; i < len(out); i++ {
		if out[i] != out[j-1] {
			out[j] = out[i]
			j++
		}
	}
	return out[:j]
}

// artistsAgree: some hinted artist is among the line's artists or featured
// artists (compared by ArtistKey). A hint "Chris Lake & Sante Sansone"
// agrees with a line whose artists are [Chris Lake, Sante Sansone].
func artistsAgree(t *Track, hint string) bool {
	r := splitNames(hint, splitTrack)
	keys := make(map[string]bool, len(t.Artists)+len(t.Featured))
	for _, n := range t.Artists {
		keys[ArtistKey(n)] = true
	}
	for _, n := range t.Featured {
		keys[ArtistKey(n)] = true
	}
	for _, hn := range append(r.names, r.featured...) {
		if keys[ArtistKey(hn)] {
			return true
		}
	}
	return false
}

// titlesAgree compares titles after peeling versions and remixes off the
// hint and normalising both with Norm; one containing the other counts as
// agreement (a mashup title contains its track's title).
func titlesAgree(lineTitle, hint string) bool {
	var tp titleParts
	processTitle(hint, &tp)
	a, b := Norm(lineTitle), Norm(tp.title)
	if b == "" {
		b = Norm(hint)
	}
	return a == b || strings.Contains(a, b) || strings.Contains(b, a)
}

// catalogKey compares catalog numbers ignoring case, spaces and dashes:
// "DC 190" = "dc-190" = "DC190".
func catalogKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if isPyWord(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
