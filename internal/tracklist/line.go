package tracklist

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Track is one parsed tracklist line. Strings are NFC, valid UTF-8, with
// whitespace collapsed; names are kept as written (display form). Slices are
// never nil in values returned by this package, so they marshal as [].
type Track struct {
	// Line is the input line after cleaning (invalid UTF-8 replaced by
	// U+FFFD, whitespace collapsed, NFC).
	Line string `json:"line"`
	// Cue is the timestamp or cue text of a "[40:54]" / "[??]" / "12:30"
	// prefix, as written, without brackets.
	Cue string `json:"cue,omitempty"`
	// Artists are the primary artists; Artists[0] is the one the track ID
	// uses. For a mashup they are the artists of all mashed tracks.
	Artists []string `json:"artists"`
	// Featured are "feat." artists from the artist part or the title part.
	Featured []string `json:"featured"`
	// Remixers of a remix, edit, flip, bootleg, rework, VIP or dub.
	Remixers []string `json:"remixers"`
	// Title is the title without version, remix and featuring suffixes. For
	// a "vs" mashup it is the whole mashup credit, e.g. "Artist A vs. Artist
	// B - Mashup Track", which is what the original SongNodes hashed.
	Title string `json:"title"`
	// Version is a version suffix that does not make a different recording
	// for the graph: "Original Mix", "Extended Mix", "Radio Edit", "Edit",
	// "VIP Mix", "Remastered 2011". It is excluded from the track ID. When
	// a remix has a version ("Freemasons Radio Edit") Version holds the
	// version part ("Radio Edit").
	Version string `json:"version"`
	// RemixKind is the lowercase kind word of a remix ("remix", "edit",
	// "flip", "bootleg", "rework", "vip", "dub", "mashup", ...). It is
	// informational and NOT part of the track ID: the original keyed
	// remixes by remixer only, so "(Four Tet Edit)" = "(Four Tet Remix)".
	RemixKind string `json:"remix_kind,omitempty"`
	IsRemix   bool   `json:"is_remix"`
	// IsMashup is set for "A vs. B - T", "A - T1 vs. B - T2" and "(X Mashup)".
	IsMashup bool `json:"is_mashup"`
	// Label and Catalog come from a trailing square-bracket group:
	// "[Drumcode - DC190]" -> Drumcode, DC190; "[Higher Ground/FFRR]" ->
	// label only; "[DC190]" -> catalog only.
	Label   string `json:"label"`
	Catalog string `json:"catalog"`
	// Unidentified marks a placeholder ("ID - ID", "Artist - ID", "???",
	// "Unknown - Unknown"): kept so that transitions around it are not
	// invented, but it has no track ID.
	Unidentified bool `json:"unidentified"`
	// WithPrevious marks a track played together with the one before it
	// ("w/ Artist - Title" on 1001Tracklists).
	WithPrevious bool `json:"with_previous,omitempty"`

	flags  parseFlags
	doubts doubt
}

type parseFlags uint8

const (
	flagInvalidUTF8   parseFlags = 1 << iota // input had invalid UTF-8
	flagNoSeparator                          // no artist/title separator found
	flagArtistUnknown                        // artist part is a placeholder
	flagTitleUnknown                         // title part is a placeholder
	flagVsMashup                             // Title holds the whole "A vs. B - T" credit
	flagNotTrack                             // a heading, a link, a separator: no track
	flagTitleAlone                           // a title and its credits, no artist (titleAlone)
)

// MarshalJSON writes the Track with its track_id and with [] for empty
// lists.
func (t Track) MarshalJSON() ([]byte, error) {
	return marshalJSON(struct {
		Line         string   `json:"line"`
		Cue          string   `json:"cue,omitempty"`
		Artists      []string `json:"artists"`
		Featured     []string `json:"featured"`
		Remixers     []string `json:"remixers"`
		Title        string   `json:"title"`
		Version      string   `json:"version"`
		RemixKind    string   `json:"remix_kind,omitempty"`
		IsRemix      bool     `json:"is_remix"`
		IsMashup     bool     `json:"is_mashup"`
		Label        string   `json:"label"`
		Catalog      string   `json:"catalog"`
		Unidentified bool     `json:"unidentified"`
		TrackID      string   `json:"track_id"`
	}{
		t.Line, t.Cue, nonNil(t.Artists), nonNil(t.Featured), nonNil(t.Remixers),
		t.Title, t.Version, t.RemixKind, t.IsRemix, t.IsMashup, t.Label, t.Catalog,
		t.Unidentified, t.ID(),
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ParseLine parses one tracklist line as people publish it (MixesDB,
// 1001Tracklists, SoundCloud and YouTube descriptions, blogs):
//
//	[40:54] Adam Beyer, Bart Skils - Your Mind (Extended Mix) [Drumcode - DC190]
//
// It reads the line alone; AnalyzeLines reads the lines of a tracklist
// together, which settles what one line cannot ("01 Artist": a position or
// part of the name?). It never fails: what cannot be parsed is left empty
// (see Analyze for a verdict with issue codes). It is pure, allocation-light
// and safe for concurrent use. The steps, in order:
//
//  1. clean: invalid UTF-8 -> U+FFFD, whitespace collapsed, NFC; wiki and
//     HTML markup removed (see stripMarkup); headings, links and lines of
//     punctuation are not tracks;
//  2. strip cue and position prefixes: "[30]", "[1:02:33]", "[??]", "12:30",
//     "+", "#", "# 12", "w/", "01.", "1)", "09:", "- ", in any combination,
//     and a cue at the end; pair up brackets (see repairBrackets);
//  3. drop release notes ("(unreleased)", "[free download]") and take a
//     trailing "[...]" or "{...}" that is not a remix/version/feat group as
//     label (and catalog after a " - ");
//  4. split artist from title on the FIRST dash that has whitespace on both
//     sides (-, ‐, ‒, –, —, ―, −, ﹣, －). First, because artist names
//     practically never contain " - " while titles often do
//     ("(It Goes Like) Nanana - Edit", "Million Dollar Bill - Freemasons
//     Radio Edit"); a dash without spaces ("Jay-Z") does not split. Without
//     such a dash: a quoted title (Artist "Title"), then, as guesses, a
//     dash with a space on one side, ": ", " by ", a lone hyphen;
//  5. split the artist part into primary and featured artists (see
//     SplitArtists); a "vs" between artists makes a mashup;
//  6. peel suffixes off the end of the title, right to left: bracket groups
//     "(X Remix)", "[X Edit]", "(feat. X)", "(Extended Mix)", and dash
//     suffixes " - X Remix", " - Radio Edit"; stop at the first suffix that
//     is not one of these, so "(It Goes Like)" and "(Stay Away)" stay in
//     the title; then a bare "feat. X" in the title;
//  7. recognise placeholders ("ID", "?", "???", "Unknown").
//
// Every step that guesses records it (see Analyze's issue codes).
func ParseLine(line string) Track {
	return parseWith(line, layout{})
}

// parseWith parses one line of a tracklist written in the given layout.
func parseWith(line string, lay layout) Track {
	return parsePrepared(prepare(line, lay.prefix), lay.body)
}

// parsePrepared parses a prepared line's body in a layout.
func parsePrepared(li lineInfo, o bodyOpts) Track {
	o |= cuedOpts(li)
	if li.notTrack || isNotTrack(li.body) {
		return notTrack(li)
	}
	t := Track{Line: li.clean, Artists: []string{}, Featured: []string{}, Remixers: []string{}}
	if li.invalid {
		t.flags |= flagInvalidUTF8
	}
	if !parseTrackBody(&t, li.body, o) {
		return notTrack(li)
	}
	t.finishLine(li)
	return t
}

// parseTrackBody parses a line's body in a layout into t, and says false
// when the parse shows that it names no track after all. Memo keeps its
// result with the body's parse.
func parseTrackBody(t *Track, body string, o bodyOpts) bool {
	if rest, ok := cutShowPart(body); ok {
		if r, _ := utf8.DecodeRuneInString(rest); isOpenQuote(r) && !hasDashSep(rest) {
			// "(interlude) \"people from the other side...\"": words
			// quoted from a record or a film between the tracks.
			return false
		}
		body = rest // "(intro) deadbeat - \"abu ghraib\"": where it was played
	}
	if rest, ok := cutPlayedOf(body); ok {
		body = rest // "snippet of Al Green's \"Here I Am\"": part of the record
		t.doubts |= doubtParts
	}
	parseBody(t, body, o)
	if misshapen(t) {
		t.doubts |= doubtParts
	}
	// "Joe Kay - An Interview with Juls": who speaks, then the talk.
	return len(t.Artists) == 0 || !spokenTitle(t.Title)
}

// misshapen: a name or the title is cut where no name or title is, a
// sign that the line was split in the wrong place, whatever rule split
// it: a name that starts or ends with a dash or a colon ("Janis Joplin-",
// "-Jacques Brel"), a featuring left inside a name ("Jigg f. Rick
// James"), a title that starts with a separator.
func misshapen(t *Track) bool {
	for _, name := range t.Artists {
		if cutName(name) {
			return true
		}
	}
	first, _ := utf8.DecodeRuneInString(t.Title)
	return strings.ContainsRune("-–—:;,", first)
}

// cutName: see misshapen.
func cutName(name string) bool {
	if name == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(name)
	last, _ := utf8.DecodeLastRuneInString(name)
	if strings.ContainsRune("-–—:;,?", first) || strings.ContainsRune("-–—:;,", last) {
		return true
	}
	if i := strings.IndexByte(name, ' '); i > 1 && isDigit(name[0]) && strings.ContainsRune(".)'", rune(name[i-1])) && allDigits(strings.TrimRight(name[:i-1], ".)'")) {
		return true // "11'. Bob Sinclar": a position the prefixes did not take
	}
	// Word by word without strings.FieldsSeq, whose closure would make
	// name escape: this runs on every line's artists.
	for rest := name; rest != ""; {
		w := rest
		if i := strings.IndexByte(rest, ' '); i >= 0 {
			w, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if w == "f." || equalFoldASCII(w, "ft.") || equalFoldASCII(w, "feat.") || equalFoldASCII(w, "featuring") {
			return true // "Jigg f. Rick James"; "Allesandro F." is an initial
		}
	}
	return false
}

// cutShowPart cuts a leading "(intro)", "(outro)" or "(interlude)" group,
// the part of the show a line's record or words were played in.
func cutShowPart(s string) (rest string, ok bool) {
	if len(s) < 3 || s[0] != '(' {
		return s, false
	}
	end := strings.IndexByte(s, ')')
	if end < 0 || !showPart(s[1:end]) {
		return s, false
	}
	rest = trimSpace(s[end+1:])
	return rest, rest != ""
}

// cutPlayedOf cuts "snippet of", "excerpt of", "extract from" and their
// like before a credit: how much of the record was played, as a
// "(Snippet)" after it says.
func cutPlayedOf(s string) (rest string, ok bool) {
	if len(s) < 12 || s[0]|0x20 != 's' && s[0]|0x20 != 'e' {
		return s, false // most lines: one look at the first byte
	}
	k := strings.IndexByte(s, ' ')
	if k < 0 || !playedPart(s[:k]) {
		return s, false
	}
	for _, w := range [...]string{"of ", "from "} {
		if r, found := cutPrefixFold(s[k+1:], w); found && (isLetterStart(r) || r[0] == '"') {
			return r, true
		}
	}
	return s, false
}

// playedPart: a version of one word that tells how much of the record was
// played, "Excerpt", "Snippet", "Extract".
func playedPart(s string) bool {
	for _, w := range [...]string{"excerpt", "snippet", "extract"} {
		if equalFoldASCII(s, w) {
			return true
		}
	}
	return false
}

// spokenTitle reports whether a title names a spoken part of the show
// rather than a record: "Interview with X", "An Interview with X", as
// radio lists bill a talk under the name of who speaks. A song called
// "Interview" alone stays a title.
func spokenTitle(title string) bool {
	rest, _ := cutPrefixFold(title, "an ")
	rest, ok := cutPrefixFold(rest, "interview with ")
	return ok && hasLetter(rest)
}

// cutLeadingVs cuts a "vs." or "vs" that opens the artist part, the
// credit's first act missing; name is what follows it.
func cutLeadingVs(s string) (name string, ok bool) {
	for _, p := range [...]string{"vs. ", "vs "} {
		if name, ok = cutPrefixFold(s, p); ok && hasLetter(name) {
			return trimSpace(name), true
		}
	}
	return s, false
}

// whiteLabel reports whether an artist part is "white label": a record
// without a printed sleeve or credit, so its artist is not known ("white
// label - \"acid track\""). In the label's place the words are kept as a
// label, which lists write them as.
func whiteLabel(s string) bool {
	s = trimSpace(s)
	if len(s) < len("whitelabel") || len(s) > len("unknown white label") || s[0]|0x20 != 'w' && s[0]|0x20 != 'u' {
		return false // most artists: asked for every line, it must cost nothing
	}
	for _, w := range [...]string{"white label", "whitelabel", "white-label", "unknown white label"} {
		if strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}

// notTrack is a line that names no track; it keeps its cue ("[00:00:00]
// Intro": when the talk began).
func notTrack(li lineInfo) Track {
	f := flagNotTrack
	if li.invalid {
		f |= flagInvalidUTF8
	}
	return Track{Line: li.clean, Cue: li.cue, Artists: []string{}, Featured: []string{}, Remixers: []string{}, flags: f}
}

// bareVersionWord lists the words that name a version even alone at the
// end of a title: "Cascade Extended". Others ("Talk Dirty") are titles.
// A rerub or refix is a remix's kind no title ends in ("Open Up Rerub",
// "Halo Rerub"); a title may end in "Remix" or "Dub" ("Hot Remix",
// "Street Dub").
func bareVersionWord(w string) bool {
	switch strings.ToLower(w) {
	case "extended", "instrumental", "remastered", "acapella", "acappella", "a-cappella", "inst.", "instr.", "vip",
		"rerub", "re-rub", "refix", "re-fix":
		return true
	}
	return false
}

// readColumns reads "Artist | Title | Album | Label | 0:07:13 (Pop-up)":
// the first two columns are the artist and the title, a time is the cue;
// which of the others is the label a column count does not say, so they
// are left out, and the line says so (extra_parts). It returns the line as
// "Artist - Title".
func (t *Track) readColumns(s string) string {
	cols := strings.Split(s, " | ")
	if len(cols) < 2 {
		return s
	}
	for _, c := range cols[2:] {
		c = trimSpace(c)
		if open, _, ok := trailingGroup(c); ok && open > 0 {
			c = trimSpace(c[:open]) // "0:07:13 (Pop-up)"
		}
		if _, ok := isTimestamp(c); ok {
			t.Cue = c
		} else {
			t.doubts |= doubtParts
		}
	}
	return trimSpace(cols[0]) + " - " + trimSpace(cols[1])
}

// readCommaColumns reads "artist, title, label;" and "artist, title, x
// remix, label;": the first column is the artist, the second the title,
// the last the label, and a remix or version credit between them the
// title's. That the columns mean so is a guess (separator_guessed); a
// column between that is no credit is left out (extra_parts). It returns
// the line as "Artist - Title (Credit)".
func (t *Track) readCommaColumns(s string) string {
	cols := strings.Split(trimSpace(strings.TrimRight(s, ";. ")), ", ")
	if len(cols) < 3 {
		return s
	}
	t.doubts |= doubtSeparator
	t.Label = trimSpace(cols[len(cols)-1])
	title := trimSpace(cols[1])
	for _, c := range cols[2 : len(cols)-1] {
		if c = trimSpace(c); classifySuffix(c, true).kind != sufNone {
			title += " (" + c + ")"
		} else {
			t.doubts |= doubtParts
		}
	}
	return trimSpace(cols[0]) + " - " + title
}

// finishLine adds what the line's prefixes said to a parsed body.
func (t *Track) finishLine(li lineInfo) {
	if li.cue != "" {
		t.Cue = li.cue
	}
	t.WithPrevious = li.withPrev
	t.doubts |= li.doubts
}

// parseBody parses a line's body (see prepare) into t. The only cue it sets
// is one uncovered inside the first artist's name; a prefix's cue takes
// precedence over it.
func parseBody(t *Track, rest string, o bodyOpts) {
	// "Bipolar (forthcoming Butterz)": the label it will come out on.
	if open, content, ok := trailingGroup(rest); ok && open > 0 && rest[open] == '(' {
		if label, ok := cutPrefixFold(content, "forthcoming on "); ok || hasPrefixFoldASCII(content, "forthcoming ") {
			if !ok {
				label = content[len("forthcoming "):]
			}
			if label = trimJunk(label); hasLetter(label) && !isReleaseNote(label) {
				rest, t.Label = trimJunk(rest[:open]), label
			}
		}
	}
	if strings.IndexByte(rest, '/') > 0 {
		i := lastIndex(rest, "] // ")
		if i < 0 {
			i = lastIndex(rest, ") // ")
		}
		if i > 0 && !strings.Contains(rest[i+5:], " - ") {
			// "Title [Label] // Country", "Title (Label) // Hong Kong": a
			// note after the label.
			rest = rest[:i+1]
			if open, content, ok := trailingGroup(rest); ok && rest[open] == '(' && t.Label == "" &&
				classifySuffix(content, true).kind == sufNone && !isProse(content) && !isYearList(content) {
				// in round brackets as in square ones; "Title taken from
				// Album (Label)": the album is left out.
				rest, t.Label = trimJunk(rest[:open]), trimJunk(content)
				if k := lastIndex(rest, " taken from "); k > 0 {
					rest = rest[:k]
				}
				t.doubts |= doubtLabel
			}
			t.doubts |= doubtParts
		}
	}
	rest = stripExtras(rest)
	if t.Label == "" && len(rest) > 0 && rest[len(rest)-1] == ']' {
		if open, content, ok := trailingGroup(rest); ok && open > 0 && rest[open] == '[' && squareComment(content, rest[:open]) {
			// "Automatic [im Mitschnitt übersteuert]": a comment on how
			// the track was played, in words, not a label.
			rest = trimJunk(rest[:open])
			t.doubts |= doubtParts
		}
	}
	if t.Label == "" {
		rest, t.Label, t.Catalog = extractLabelIn(rest, o&bodyLabelNumber != 0, o&bodySquareLabel != 0)
		if t.Catalog == "" && squareCreditDoubt(rest, t.Label, o&bodySquareLabel != 0) {
			t.doubts |= doubtLabel
		}
		if k := strings.LastIndexByte(t.Label, ' '); k > 0 && t.Catalog == "" && isDigit(t.Label[k+1]) {
			t.doubts |= doubtLabel // "[Tresor 106]": a label and its number, or "[Downtown 161]"?
		} else if t.Label != "" && isDigit(t.Label[0]) && allDigits(t.Label) {
			t.doubts |= doubtLabel // "[3024]": a label's name, or a number of another kind?
		}
		if k := lastIndex(t.Label, ", "); k > 0 && t.Catalog == "" {
			// "[Bodymovin EP, Diynamic]": the release, then its label, as
			// MixesDB writes some; or a label with a comma in its name.
			t.Label, t.doubts = trimSpace(t.Label[k+2:]), t.doubts|doubtLabel
		}
	}
	rest = trimJunk(rest)
	if rest == "" {
		t.flags |= flagNoSeparator
		return
	}
	if isPlaceholder(rest) {
		t.flags |= flagArtistUnknown | flagTitleUnknown
		t.Unidentified = true
		return
	}
	// "? (Acapella)", "? (Instrumental)": an unknown record, and what of
	// it was played.
	if open, content, ok := trailingGroup(rest); ok && open > 0 && isPlaceholder(rest[:open]) && !hasDashSep(rest) {
		if sc := classifySuffix(content, true); sc.kind == sufVersion || sc.kind == sufRemix {
			// "ID (Tale Of Us Remix)": whose remix is known, of what not.
			t.flags |= flagArtistUnknown | flagTitleUnknown
			t.Unidentified = true
			t.Version = sc.version
			if sc.kind == sufRemix {
				t.IsRemix, t.RemixKind = true, sc.remixKind
				t.Remixers = splitNames(sc.names, splitTrack).names
			}
			return
		}
	}
	if q := stripQuotes(rest); q != rest && hasDashSep(q) {
		rest = q // "\"Donk Master - Fenrick\"": the whole credit in quotes
	}
	if o&bodyPipe != 0 && !hasDashSep(rest) {
		rest = t.readColumns(rest)
	} else if strings.IndexByte(rest, '|') > 0 && countTopLevel(rest, " | ") >= 2 && !hasDashSep(rest) {
		// "Jake Mason Trio | The Grain Store | The Stranger In The
		// Mirror": three columns or more are a table's, as a radio
		// playlist's rows read, whatever the list's other lines show.
		rest = t.readColumns(rest)
		t.doubts |= doubtSeparator
	} else if o&bodyCommaColumns != 0 && !hasDashSep(rest) {
		rest = t.readCommaColumns(rest)
	}
	// "Intro – Joe Driscoll & Sekou Kouyate – Passport": the part of the
	// show the track was played in, then the track. The part is one word,
	// the line's first: only then is the dash looked for.
	if p := trimSpace(rest); showPart(p[:max(strings.IndexByte(p, ' '), 0)]) {
		if sep, ok := firstDashSep(rest); ok && showPart(trimSpace(rest[:sep.start])) && hasDashSep(rest[sep.end:]) {
			rest = rest[sep.end:]
			t.doubts |= doubtParts
		}
	}
	if r, ok := cutRelease(rest); ok {
		// "Artist – Title – CD – Album": the format and what follows it
		// are the release, not the track.
		rest = r
		t.doubts |= doubtParts
	}
	var artistPart, titlePart, tail string
	var d doubt
	ok := false
	if k := creditThenName(rest); k > 0 && o&columnOpts == 0 && !strings.Contains(rest, ": ") &&
		!strings.Contains(rest, " / ") && !strings.Contains(rest[k:], " by ") && !quoteSepFound(rest) {
		// "Warning (Powder Mix) Firefox and 4Tee", "Shed A Light (feat.
		// Cheat Codes) Robin Schulz & David Guetta": the credit ends the
		// title, the name follows; no other separator is looked for (a
		// known name would cut the artists in two).
		artistPart, titlePart, d, ok = rest[k+1:], rest[:k], doubtSeparator|doubtOrder, true
	} else {
		artistPart, titlePart, tail, d, ok = splitArtistTitle(rest, o)
	}
	if !ok && len(rest) > 3 && rest[0] == 'I' && strings.HasPrefix(rest, "ID ") && hasLetter(rest[3:]) {
		// "ID You're So Special If You Just Believe": the artist is
		// unknown, the title not, as in "? Now Is Ever".
		artistPart, titlePart, d, ok = "ID", rest[3:], doubtSeparator, true
	}
	if !ok {
		t.flags |= flagNoSeparator
		t.titleAlone(rest, o&bodyTitlesAlone != 0)
		return
	}
	t.doubts |= d
	if k := strings.Index(artistPart, ": "); k > 0 && d&^doubtOrder == 0 && hasLetter(artistPart[k+2:]) && !titleBefore(rest, titlePart, artistPart) &&
		(strings.Count(artistPart[:k], " ") < 3 && colonSep(artistPart) == k || lowerWord(artistPart[:k]) || capsHeading(artistPart[:k])) {
		// "Guest: Artist - Title", "Most Rated: Artist - Title": who
		// chose the track, or the list's section, before the artist;
		// "La pépite tropicale de Jean-Kevin : Sabrina – Hot Girl": a
		// heading in words, as names are not written.
		artistPart = artistPart[k+2:]
		t.doubts |= doubtParts
	} else if w, name, ok := strings.Cut(artistPart, ". "); ok && showPart(w) && hasLetter(name) {
		// "15. Bonus. Catia de Franca – Sustenta a Pisada": the part of
		// the list, then the artist.
		artistPart = name
		t.doubts |= doubtParts
	}
	if k := strings.Index(artistPart, ": "); k > 0 && (d&doubtOrder != 0 || o&bodyTitleFirst != 0) && titleBefore(rest, titlePart, artistPart) &&
		strings.IndexByte(artistPart[:k], '(') < 0 && hasLetter(artistPart[k+2:]) {
		// "Tango - Peggy Lee: Mirrors", read title first: the artist,
		// then the album the record is from.
		artistPart = artistPart[:k]
		t.doubts |= doubtParts
	}
	if o&bodyQuotedTitles != 0 && d&doubtOrder == 0 && isQuoted(artistPart) && !isQuoted(titlePart) {
		// "Intro: \"Cozy's Mambo\" - Cozy Cole" in a list written
		// "Artist - \"Title\"": the list quotes its titles.
		artistPart, titlePart = titlePart, artistPart
		t.doubts |= doubtOrder
	}
	// A split at something other than a spaced dash may cut a bracket
	// pair in two ("(Artist-Title)"): each side keeps only whole pairs.
	artistPart, titlePart = trimJunk(dropStrayBrackets(artistPart)), trimJunk(dropStrayBrackets(titlePart))
	if t.Label == "" && tail != "" {
		t.Label, t.doubts = tail, t.doubts|doubtLabel
	}
	// "Sweet Shop w/ Justice vs. Simian - We Are Your Friends": a second
	// record played over the first, on the same line (MixesDB,
	// 1001Tracklists); the line names the first.
	if i := strings.Index(titlePart, " w/ "); i > 0 {
		titlePart = trimJunk(titlePart[:i])
		t.doubts |= doubtParts
	}
	beforeLabel, hadLabel := titlePart, t.Label != ""
	if o&bodyParenLabel == 0 || !quotedIn(rest, titlePart) {
		// "Amaro Freitas: “Mapinguari (Encantado da Mata)”.": a group
		// inside the quotes is the title's, though the list writes
		// labels in parentheses after its titles.
		titlePart = t.takeTitleLabel(titlePart, o)
	}
	if t.Label == "" {
		if rest, label, ok := recordsGroup(titlePart); ok {
			titlePart, t.Label = rest, label
			t.doubts |= doubtLabel
		}
	} else if t.doubts&doubtLabel != 0 && startsReleaseNote(t.Label) {
		t.Label = releaseLabel(t.Label) // "(Single on Bongo Joe 2024)": the label of a single
	}
	// The label is asked for first: the group is looked for only then.
	if !hadLabel && t.Label != "" {
		if _, content, ok := trailingGroup(beforeLabel); ok && trimSpace(content) == t.Label {
			_, vs := findVs(titlePart)
			if sep, ok := firstDashSep(titlePart); ok && !vs && classifySuffix(titlePart[sep.end:], false).kind == sufNone {
				// "Kraftwerk – Computer Love – Computer World (WB) 1981": the
				// label ends the release the part after the title names;
				// "Elden St' from the LP - Great Lengths (3024)" says so.
				titlePart = trimJunk(titlePart[:sep.start])
				for _, from := range [...]string{" from the LP", " from the album", " from the EP"} {
					if len(titlePart) > len(from) && strings.EqualFold(titlePart[len(titlePart)-len(from):], from) {
						titlePart = trimJunk(titlePart[:len(titlePart)-len(from)])
						break
					}
				}
				t.doubts |= doubtParts
			}
		}
	}
	if q := stripQuotes(titlePart); q != titlePart {
		titlePart = q // "Artist - "Title (X Remix)""
	} else if r, _ := utf8.DecodeRuneInString(titlePart); isOpenQuote(r) {
		// "Artist – ‘Title’ from Album", "Artist – “Title” Album;": the
		// quotes end the title.
		if inner, rest, ok := quoted(titlePart); ok && rest != "" && !isOpen(rest[0]) && !startFeat(rest) && rest[0] != ',' {
			titlePart = inner
			t.doubts |= doubtParts
			if label := fromNoteLabel(rest); label != "" && t.Label == "" {
				t.Label = label // "“Title”. From “Album” (Label 2024)."
				t.doubts |= doubtLabel
			}
		} else if open, content, ok := trailingGroup(rest); ok && open == 0 && isProse(content) {
			// "« Dorado » (1973, un grand titre de funk jazz ...)": a
			// comment after the quoted title.
			titlePart = inner
			t.doubts |= doubtParts
		} else if ok && rest != "" && groupsOnly(rest) {
			// "Artist – “Title” (Label, 1999)", "“Title” (X Remix)
			// (Label)": the groups after the quotes are read as after a
			// title written without them.
			titlePart = inner + " " + rest
		} else if !ok && !isCornerQuote(r) && !strings.ContainsRune(titlePart[utf8.RuneLen(r):], r) {
			// "Amaro Freitas: “Viva Nana": a quote opened and never
			// closed, as where a page's copy breaks off.
			titlePart = trimSpace(titlePart[utf8.RuneLen(r):])
			t.doubts |= doubtParts
		}
	}

	var tp titleParts
	processTitle(titlePart, &tp)

	// "A - T1 vs. B - T2": a mashup written as two full credits. It is
	// looked for in the title left after peeling suffixes, which is what
	// the canonical line writes back.
	vsTitle := false
	if vs, ok := findVs(tp.title); ok {
		if d, ok := firstDashSep(tp.title[vs.end:]); ok {
			vsTitle = true
			second := splitNames(tp.title[vs.end:vs.end+d.start], splitTrack)
			tp.extraArtists = second.names
		}
	}

	if name, ok := cutLeadingVs(artistPart); ok {
		// "vs. The Tribe - Frantik": the line holds the second act of a
		// "vs." credit only; the first was lost (to the line before, or
		// to the list's copy). The act that is there is kept, in doubt.
		artistPart = name
		t.doubts |= doubtParts
	}
	if isPlaceholder(artistPart) || whiteLabel(artistPart) {
		t.flags |= flagArtistUnknown
	} else {
		r := splitNames(artistPart, splitTrack)
		if r.unsure {
			t.doubts |= doubtSplit
		}
		// Dropping a stray bracket can uncover a prefix ("(0:00 Artist",
		// "(1. Artist"); the first name never starts with one, so that the
		// canonical line reads back the same.
		for len(r.names) > 0 {
			name, cue, changed := stripNamePrefix(r.names[0], prefixOpts{untimed: o&bodyUntimed != 0})
			if !changed {
				break
			}
			if t.Cue == "" {
				t.Cue = cue
			}
			switch {
			case name == "":
				r.names = r.names[1:]
			case isPlaceholder(name):
				r.names = r.names[1:]
				r.placeholders++
			default:
				r.names[0] = name
			}
		}
		if len(r.names) == 0 && r.placeholders > 0 {
			t.flags |= flagArtistUnknown
		}
		t.Artists = adoptUnique(t.Artists, r.names)
		t.Featured = adoptUnique(t.Featured, r.featured)
		if _, dashed := firstDashSep(rest); r.vs && dashed && !titleBefore(rest, titlePart, artistPart) {
			// "A vs. B - Title" is a mashup's credit (the original's
			// IDs); "Move Your Body (Club Mix) - A Vs B", written title
			// first, credits two acts, as "&" would, and so does "A vs
			// B: Title", which the original did not read.
			vsTitle = true
		}
	}
	t.Artists = adoptUnique(t.Artists, tp.extraArtists)
	t.Featured = adoptUnique(t.Featured, tp.featured)
	if slices.ContainsFunc(t.Artists, oddName) || slices.ContainsFunc(t.Featured, oddName) {
		t.doubts |= doubtParts
	}
	for i := range t.Artists {
		t.Artists[i] = dropNote(t.Artists[i])
		if endsWithFeat(t.Artists[i]) {
			// "lady blackbird feat – blackbird": a featuring word with
			// no name after it is no part of the name (oddName doubts it).
			t.Artists[i] = trimJunk(t.Artists[i][:strings.LastIndexByte(t.Artists[i], ' ')])
		}
	}
	for i := range t.Featured {
		t.Featured[i] = dropNote(t.Featured[i])
	}
	t.Remixers = adoptUnique(t.Remixers, tp.remixers)
	t.Version = tp.version
	t.RemixKind = tp.remixKind
	t.IsRemix = tp.isRemix
	t.IsMashup = tp.isMashup || vsTitle

	if t.flags&flagArtistUnknown != 0 && equalFoldASCII(tp.title, "untitled") || equalFoldASCII(tp.title, "unreleased") {
		tp.title = "?" // "Unknown - Untitled"; "Artist - Unreleased" names no track
	}
	if i := strings.IndexByte(tp.title, '('); i > 0 && isPlaceholder(tp.title[:i]) {
		tp.title = "?" // "ID (Bad Girls)": a guess at the title, no more
	}
	// "Cascade Extended", "Title Original Mix": a version without brackets.
	if tp.version == "" && !vsTitle {
		// "Gorilla Funky EP": an EP's or album's name is the title.
		if k, v := trailingVersion(tp.title); k > 0 && (strings.Contains(v, " ") || bareVersionWord(v)) &&
			!strings.EqualFold(lastField(v), "EP") && !strings.EqualFold(lastField(v), "LP") {
			tp.title, t.Version = trimJunk(tp.title[:k]), v
			t.doubts |= doubtCredit // without brackets, the words may be the title's
		}
	}
	if tp.title == "" || isPlaceholder(tp.title) {
		if tp.title != "" {
			t.flags |= flagTitleUnknown
		}
	} else {
		t.Title = tp.title
		if idTitle(tp.title) {
			t.flags |= flagTitleUnknown // "Creamfields 2019 ID": a name for an unknown track
		}
		if vsTitle {
			// The whole credit, with its dash as written.
			dash := "-"
			if sep, ok := firstDashSep(rest); ok {
				dash = trimSpace(rest[sep.start:sep.end])
			}
			t.Title = artistPart + " " + dash + " " + tp.title
			t.flags |= flagVsMashup
		}
		// What is left of the title may hold more than a title: a part
		// after a dash (a label? a subtitle?), a bracket group that
		// names no version (a subtitle? a label? an album?).
		if _, ok := firstDashSep(tp.title); ok && !vsTitle {
			t.doubts |= doubtParts
		} else if k := strings.Index(tp.title, ": "); k > 0 && isProse(tp.title[k+2:]) {
			// "Save Room: The "Legend" is back with a new album": a
			// comment after the title.
			t.Title = trimJunk(tp.title[:k])
			t.doubts |= doubtParts
		} else if open, content, ok := trailingGroup(tp.title); ok && open > 0 && isProse(content) {
			// "Hush Boy (The current single, out on XL next week)": a
			// comment on the track, not a part of its title.
			t.Title = trimJunk(tp.title[:open])
			t.doubts |= doubtParts
		} else if open, _, ok := trailingGroup(tp.title); ok && open > 0 {
			// A bracket group left in the title: "(MCA)", "(Retouched Mix
			// Digital Bonus)", "[Java Java Vol 1]", and even one written as
			// a subtitle is ("(I Found U)", "(The Cosmic Blast)",
			// "(rewind)"): on the labelled corpus one in six of those read
			// as valid was a version, a note, an album or a source.
			t.doubts |= doubtParts
		}
		if classifySuffix(tp.title, false).kind != sufNone {
			t.doubts |= doubtCredit // "Artist - Roland Leesker Remix": where is the title?
		}
		if !vsTitle && crowdedTitle(t.Title) {
			t.doubts |= doubtParts
		}
		if w := t.Title[strings.LastIndexByte(t.Title, ' ')+1:]; w != t.Title && (equalFoldASCII(w, "records") || equalFoldASCII(w, "recordings")) {
			// "Tribute To Afro Brotherz Drum Kulture Records": a label
			// after the title? Where would it start?
			t.doubts |= doubtParts
		}
	}
	t.doubts |= tp.doubts
	if t.doubts&doubtCredit != 0 {
		t.selfRemix()
	}
	// The label is written back in brackets: it keeps only whole pairs.
	t.Label = trimJunk(dropStrayBrackets(t.Label))
	if t.Label != "" && t.Catalog == "" && (isLabelPlaceholder(t.Label) || strings.Contains(t.Label, " vs. ")) {
		// "Title – (No Label)": wherever it stood, it names no label;
		// "[Knife Party vs. Deichkind]", the records a bootleg mixes.
		t.Label = ""
	}
	if len(t.Artists) == 0 && t.flags&flagArtistUnknown == 0 && t.Title != "" &&
		(len(t.Featured) > 0 || len(t.Remixers) > 0 || t.Version != "") {
		// "1. "Metal Bars" (Ft. Masta Ace & Nature)": no artist, but a
		// title and its credits, as titleAlone reads them.
		t.flags |= flagTitleAlone
	}
	if t.flags&(flagArtistUnknown|flagTitleUnknown) != 0 {
		t.Unidentified = true
		if t.flags&flagArtistUnknown != 0 {
			t.Artists = t.Artists[:0]
		}
	}
}

func quoteSepFound(s string) bool {
	_, _, _, _, ok := quoteSep(s)
	return ok
}

// columnOpts are the layouts whose lines have a separator other than a
// dash.
const columnOpts = bodyComma | bodyParenArtist | bodyPipe | bodySlash | bodyColon | bodyHyphen | bodyCommaColumns

// squareComment: content, of a square group after the title (before),
// is a comment in words: three words or more, the first and another in
// lower case, in a line that writes capitals elsewhere ("[ausgeblendet
// bzw reingeredet]", "[wegen Moderatoren Brechreiz abgebrochen]");
// labels are names, capitalised, or a list is written in lower case
// throughout.
func squareComment(content, before string) bool {
	r, _ := utf8.DecodeRuneInString(content)
	if !unicode.IsLower(r) || strings.Count(content, " ") < 2 || strings.Contains(content, "://") || strings.IndexFunc(before, unicode.IsUpper) < 0 {
		return false
	}
	if sep, ok := lastDashSep(content); ok && strings.ContainsAny(content[sep.end:], "0123456789") {
		return false // "[dnuoS ytiviL - 399YTIVIL]": a label and its catalogue number
	}
	lower := 0
	for w := range strings.FieldsSeq(content) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
			lower++
		}
	}
	return lower >= 2
}

// capsHeading: s, before a colon, is a heading in capitals with a number
// ("TOP 5 SCHEISSLIEDER 2012", "PART 2"), as lists head a section.
func capsHeading(s string) bool {
	return strings.IndexByte(s, ' ') > 0 && strings.ContainsAny(s, "0123456789") && isUpperText(s)
}

// creditThenName finds, in a line without a separator, a remix, version
// or featuring group followed by words without brackets: "Warning (Powder
// Mix) Firefox and 4Tee", "everything i wanted (Digitalism-Edit) Billie
// Eilish", as blogs and tables copied without their columns write a title
// and then its artist. It returns the index of the space after the
// group, or 0. A credit ends a title, hardly ever a name.
func creditThenName(s string) int {
	// Most lines end in a bracket, or hold a dash (every separator's
	// dash starts with "-" or with the byte 0xE2 or 0xEF in UTF-8), found
	// early by a vectorised search: the line has a separator, or may.
	if s == "" || isClose(s[len(s)-1]) || strings.IndexByte(s, '-') >= 0 || strings.IndexByte(s, 0xE2) >= 0 || strings.IndexByte(s, 0xEF) >= 0 {
		return 0
	}
	k := strings.LastIndexAny(s, ")]")
	if k <= 0 || k+2 >= len(s) || s[k+1] != ' ' || !hasLetter(s[k+2:]) || strings.ContainsAny(s[k+1:], "([{\"“”«»") {
		return 0
	}
	open, content, ok := trailingGroup(s[:k+1])
	if !ok || open == 0 || classifySuffix(content, true).kind == sufNone {
		return 0
	}
	return k + 1
}

// groupsOnly: s is one bracket group or more, and nothing else: "(X
// Remix) (Label)".
func groupsOnly(s string) bool {
	for i := 0; i < 4 && s != ""; i++ {
		open, _, ok := trailingGroup(s)
		if !ok {
			return false
		}
		s = trimSpace(s[:open])
	}
	return s == ""
}

// quotedIn: title stands in s right after an opening quote: the quotes
// that wrapped it were taken off.
func quotedIn(s, title string) bool {
	i := strings.Index(s, title)
	if i <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isOpenQuote(r)
}

// titleBefore: the title part stands before the artist part in the line
// s they were split from (a list written title first).
func titleBefore(s, title, artist string) bool {
	i, j := strings.Index(s, title), strings.Index(s, artist)
	return title != "" && i >= 0 && j >= 0 && i < j
}

// showPart: w names a part of a show a track is played in ("Intro",
// "Outro"). Other heading words ("Audio", "Session") are names too.
func showPart(w string) bool {
	ascii := isASCII(w) // most are: compared without Unicode's folding
	for _, p := range [...]string{"intro", "outro", "interlude", "encore", "bonus"} {
		if ascii && equalFoldASCII(w, p) || !ascii && strings.EqualFold(w, p) {
			return true
		}
	}
	return false
}

// releaseFormat: a part of a line that names a record's format ("CD",
// "LP", "MC"), as radio playlists write "Artist – Title – CD – Album". A
// size in inches is left out: "(12″)" names a version of the track.
func releaseFormat(s string) bool {
	// Every format is a short ASCII word: lowered in a buffer, without
	// the allocation of strings.ToLower (which lowers no other
	// character to ASCII letters of these words).
	var buf [8]byte
	l, ok := lowerASCII(buf[:], trimSpace(s))
	if !ok {
		return false
	}
	switch string(l) {
	case "cd", "cdr", "cd-r", "lp", "2lp", "mc", "cassette", "tape", "vinyl":
		return true
	}
	return false
}

// cutRelease cuts "Artist – Title – CD – Album" and "Artist – Title –
// Album – CD" to "Artist – Title": a part that names a format says that
// the parts after the title are the release's. A format right after the
// first part ("Trio Caprice – CD – Album") leaves the first part alone;
// in two parts a format word is a title ("Artist – Vinyl").
func cutRelease(s string) (string, bool) {
	// Two separators need two dashes: most lines have one, counted much
	// faster than the separators are found (every separator's dash
	// starts with "-" or with the first byte, 0xE2 or 0xEF, of one in
	// UTF-8: dashOrBracketBytes).
	n := strings.Count(s, "-")
	for _, b := range [...]string{"\xE2", "\xEF"} {
		if n < 2 && strings.IndexByte(s, b[0]) >= 0 { // most lines have neither
			n += strings.Count(s, b)
		}
	}
	if n < 2 {
		return s, false
	}
	var buf [8]sepSpan
	seps := dashSeps(s, buf[:0])
	if len(seps) < 2 {
		return s, false
	}
	for i, sep := range seps {
		end := len(s)
		if i+1 < len(seps) {
			end = seps[i+1].start
		}
		if end < sep.end {
			continue // "A - - B": two dashes share a space
		}
		if releaseFormat(s[sep.end:end]) {
			if i >= 1 {
				return s[:seps[1].start], true
			}
			return s[:sep.start], true
		}
	}
	return s, false
}

// titleAlone reads a line that names no artist but ends in a remix,
// version or featuring credit: "11. The Reckoning (Nihil Young Remix)" is
// a title. The credit is what shows it is a track's line and not a
// heading; words alone ("01 Space") may as well be an artist and a title
// written without a separator, and stay unparsed, unless their list
// shows it names titles alone (words, see bodyTitlesAlone). A title alone
// is a track without a track ID (Analyze; docs/decisions.md).
func (t *Track) titleAlone(s string, words bool) {
	if q := stripQuotes(trimSpace(s)); q != trimSpace(s) && hasLetter(q) && !hasDashSep(q) {
		s, words = q, true // "“Everyday People”": a title in quotes, its artist not named
	}
	if open, content, ok := trailingGroup(s); !words && (!ok || open == 0 || classifySuffix(content, true).kind == sufNone) {
		return
	}
	var tp titleParts
	processTitle(s, &tp)
	if tp.title == "" || isPlaceholder(tp.title) || !balanced(tp.title) {
		return
	}
	t.Title, t.Version, t.RemixKind, t.IsRemix = tp.title, tp.version, tp.remixKind, tp.isRemix
	t.flags |= flagTitleAlone
	t.doubts |= tp.doubts
	t.Remixers = appendUnique(t.Remixers, tp.remixers...)
	t.Featured = appendUnique(t.Featured, tp.featured...)
}

// isProse: a bracket group that reads as a sentence, not as a subtitle:
// six words or more, two of them or more lowercase words that title case
// would capitalise ("(first of two tracks from the album)"). A guest's
// credit is no sentence, however lowercase its names ("(feat. mc ras
// t-weed and dj collage)").
func isProse(s string) bool {
	words := strings.Fields(s)
	if len(words) < 6 || startFeat(s) {
		return false
	}
	lower := 0
	for _, w := range words {
		if hasLower(w[:1]) && !isLittleWord(w) {
			lower++
		}
	}
	return lower >= 2
}

// idTitle: a title that names a track nobody has identified, as
// 1001Tracklists lists write them: "Creamfields 2019 ID", "Soho Miami ID
// 02".
func idTitle(s string) bool {
	if i := strings.LastIndexByte(s, ' '); i > 0 && allDigits(s[i+1:]) {
		s = s[:i] // "… ID 02"
	}
	if w := s[strings.LastIndexByte(s, ' ')+1:]; w == "ID" || len(w) > 2 && len(w) <= 5 && strings.HasPrefix(w, "ID") && allDigits(w[2:]) {
		return true // "ID 02", "ID2", "EPIC Radio 020 ID02": a record nobody identified
	}
	return strings.HasSuffix(s, " ID") && len(s) > 3
}

// crowdedTitle: a title that holds more than a title: a bracket left
// open ("Cecile (Scissor And Thread]"), a second track ("Hawai You +
// ID?", "The Jolka Experience [Sect] / Davor O."), a time ("Skywalkers
// 00:38:08- DIALEKT TRACK OF THE WEEK"), or a comment's length of words.
func crowdedTitle(s string) bool {
	var round, square, spaces int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			round++
		case ')':
			round--
		case '[':
			square++
		case ']':
			square--
			if i+1 < len(s) && s[i+1] == ' ' {
				return true // a label's bracket inside, as of a second record
			}
		case ' ':
			spaces++
		}
	}
	if round != 0 || square != 0 || spaces >= 15 || strings.Contains(s, " + ID") {
		return true
	}
	for i := strings.IndexByte(s, ':'); i >= 0; {
		w := s[strings.LastIndexByte(s[:i], ' ')+1:]
		w, _, _ = strings.Cut(w, " ")
		if _, ok := isTimestamp(strings.TrimRight(w, "-.,)]")); ok {
			return true
		}
		j := strings.IndexByte(s[i+1:], ':')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isLittleWord(w string) bool {
	switch strings.ToLower(w) {
	case "the", "a", "an", "of", "to", "in", "on", "my", "your", "me", "you", "i", "it", "is", "and", "&", "for", "with", "no", "not", "be", "we":
		return true
	}
	return false
}

// selfRemix settles a doubtful credit with the line's own names: in
// "Alan De Laniere, Tribalizer - Believe Me (Tribalizer Mix)" Tribalizer
// is a name, not a version, and "(Armin van Buuren Club Mix)" on Armin's
// own track is his remix.
func (t *Track) selfRemix() {
	names := append(t.Artists[:len(t.Artists):len(t.Artists)], t.Featured...)
	for _, n := range names {
		if rest, ok := cutPrefixFold(t.Version, n+" "); ok && !t.IsRemix {
			t.Remixers = appendUnique(t.Remixers, n)
			t.IsRemix, t.RemixKind, t.Version = true, "remix", rest
			break
		}
	}
	if len(t.Remixers) == 0 {
		return
	}
	if len(t.Remixers) == 1 {
		// "Solarstone - Seven Cities (Solarstone Pure Mix)": the artist's
		// own remix, named "Pure Mix".
		for _, n := range names {
			if rest, ok := cutPrefixFold(t.Remixers[0], n+" "); ok && !isParticle(strings.ToLower(firstWord(rest))) {
				t.Remixers[0] = n
				t.Version = trimSpace(rest + " " + t.Version)
				break
			}
		}
	}
	for _, r := range t.Remixers {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, r) }) {
			return
		}
	}
	t.doubts &^= doubtCredit
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) > len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// appendUnique appends names not already present (exact match).
func appendUnique(dst []string, names ...string) []string {
	if len(dst)+len(names) > 16 {
		// Long lists only come from junk input; keep them linear.
		seen := make(map[string]bool, len(dst)+len(names))
		for _, d := range dst {
			seen[d] = true
		}
		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				dst = append(dst, n)
			}
		}
		return dst
	}
outer:
	for _, n := range names {
		for _, d := range dst {
			if d == n {
				continue outer
			}
		}
		dst = append(dst, n)
	}
	return dst
}

// adoptUnique is appendUnique(dst, names...) for names that the caller
// owns and drops: when dst is empty, the result takes over names' array
// rather than a copy of it, one allocation less for each list of a line.
func adoptUnique(dst, names []string) []string {
	if len(dst) > 0 || len(names) == 0 || len(names) > 16 {
		return appendUnique(dst, names...)
	}
	out := names[:0]
	for _, n := range names {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// stripNamePrefix removes from a first artist name what stripPrefixes
// would remove if the name started a line "name - title".
// cuedOpts: a line that has its cue already ("# [095] 20:20 Soundsystem
// - Flasher") reads a time of two parts after it as a name's, as a list
// without timestamps does.
func cuedOpts(li lineInfo) bodyOpts {
	if li.cue != "" && clockFirst(li.body) {
		return bodyUntimed
	}
	return 0
}

// clockFirst: s starts with a time of two parts ("20:20 Soundsystem").
func clockFirst(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	if strings.Count(w, ":") != 1 {
		return false
	}
	_, ok := isTimestamp(w)
	return ok
}

func stripNamePrefix(name string, o prefixOpts) (string, string, bool) {
	if name != "" && !prefixStart(name) {
		return name, "", false // most names: no need for the probe's copy
	}
	const tail = " - x"
	probe := name + tail
	rest, cue, _ := stripPrefixes(probe, o)
	if rest == probe {
		return name, "", false
	}
	if len(rest) <= len(tail) {
		return "", cue, true
	}
	return trimJunk(rest[:len(rest)-len(tail)]), cue, true
}

// isPlaceholder reports whether a field is an unidentified-track
// placeholder: "ID", "I.D.", "?", "???", "Unknown", "Unknown Artist",
// "Unknown Track", "Unknown Title" (case-insensitive).
func isPlaceholder(s string) bool {
	s = trimSpace(s)
	if s == "" {
		return false
	}
	if (s[0] == '[' && s[len(s)-1] == ']' || s[0] == '(' && s[len(s)-1] == ')') && len(s) > 2 && isLetterStart(s[1:]) {
		s = s[1 : len(s)-1] // "Artist - [unknown]"; "[??]" is MixesDB's cue
	}
	// Every placeholder below starts with one of "?xiuatn" in either case:
	// most fields are passed over on their first byte.
	if !placeholderFirst[s[0]] {
		return false
	}
	// "???", and "xxxxxx" where a list hides a title ("XXX" is a title).
	if s[0] == '?' && strings.Trim(s, "?") == "" || len(s) >= 5 && s[0]|0x20 == 'x' && strings.Trim(s, "xX") == "" {
		return true
	}
	if len(s) > 22 {
		return false
	}
	var buf [22]byte
	l, ok := lowerASCII(buf[:], s)
	if !ok {
		return false
	}
	switch string(bytes.TrimRight(l, "?")) { // "Unknown?": a placeholder in doubt is one still
	case "id", "i.d.", "unknown", "unknown artist", "unknown track", "unknown title", "unknown id",
		"unknownartist", "artist unknown", "unknown tune", "tba", "t.b.a.", "tbc",
		"track id", "id not available", "track id not available", "id unknown", "no info",
		"n/a": // "N/A - For All Mankind": not available, as a form says
		return true
	}
	return false
}

// placeholderFirst marks the bytes a placeholder of isPlaceholder may
// start with.
var placeholderFirst = func() (t [256]bool) {
	for _, c := range []byte("?xiuatnXIUATN") {
		t[c] = true
	}
	return t
}()

// extractLabel takes a trailing "[Label - CAT]" group off s; numbered
// when the tracklist writes "[Label 019]".
func extractLabel(s string, numbered bool) (rest, label, catalog string) {
	return extractLabelIn(s, numbered, false)
}

// extractLabelIn is extractLabel in a list whose lines end with their
// labels in square brackets (squares): there "[Big & Dirty]" and
// "[GROTESQUE REWORKED]" are labels, though their words could name a
// version or a remix.
func extractLabelIn(s string, numbered, squares bool) (rest, label, catalog string) {
	if len(s) == 0 || s[len(s)-1] != ']' {
		return s, "", ""
	}
	open, content, ok := trailingGroup(s)
	if !ok || open == 0 || s[open] != '[' {
		return s, "", ""
	}
	if strings.IndexByte(content, '[') >= 0 || strings.IndexByte(content, ']') >= 0 {
		// "[[Label]]": square brackets in a label, written back inside
		// its own, would read as a wiki link.
		content = strings.NewReplacer("[", "", "]", "").Replace(content)
	}
	content = trimJunk(content)
	before := trimSpace(s[:open])
	if content == "" {
		return before, "", ""
	}
	// "[Don't Be Afraid - DUB 002]": a label and its catalogue number,
	// though the words could read as a credit.
	// In a list of labels in square brackets, a word and a number after
	// the dash are a series' number too ("[50 Weapons - Remix 10]").
	if sep, ok := lastDashSep(content); ok && (looksLikeCatalog(content[sep.end:]) || squares && wordAndNumber(content[sep.end:])) && hasLetter(content[:sep.start]) {
		return before, trimJunk(content[:sep.start]), trimJunk(content[sep.end:])
	}
	// In such a list, a version of one word after a group in round
	// brackets is a label too ("(Chantappella) [Stereo]"): the version
	// is written in round ones.
	// A word that says how much of the record was played ("[Excerpt]")
	// notes the mix, never a label's name.
	// A word glued to "mix" alone names a label as often ("[Offbokmix]");
	// in round brackets it is read as a version ("(Clubmix)").
	if k := classifySuffix(content, true).kind; k != sufNone && !loneGluedMix(content) && (playedPart(content) || !(squares && (k == sufVersion && (strings.IndexByte(content, ' ') > 0 || strings.HasSuffix(before, ")")) || isUpperText(content)))) {
		return s, "", ""
	}
	if creditNote(content) {
		return s, "", "" // "[Prod. By Navie D.]": no label; processTitle drops it
	}
	if strings.Count(content, " ") >= 3 && possessiveName(content) && !isUpperText(content) {
		// "[Octo Octa's Dream On And On Suite]": a name's, then words, as
		// remixers name their versions; labels named so are short
		// ("[Fool's Gold]", "[Razor's Edge]").
		return s, "", ""
	}
	if isLabelPlaceholder(content) || hasPrefixFoldASCII(content, "unreleased") || indexFoldASCII(content, "exclusive") >= 0 {
		return before, "", "" // "[Unreleased / FACT mix exclusive]"
	}
	if len(content) <= 3 && isDigit(content[0]) {
		if _, ok := ParseKey(content); ok {
			return before, "", "" // "[9m]", "[8A]": the track's key, as DJ software writes it
		}
	}
	if i := lastIndex(content, ", "); i > 0 && isReleaseNote(content[i+2:]) {
		content = content[:i] // "[My Love Is Underground, unreleased]"
	}
	if i := strings.LastIndexByte(content, '/'); i > 0 && isReleaseNote(content[i+1:]) {
		content = trimSpace(content[:i]) // "[SPINNIN'/FREE]"
	} else if i := strings.IndexByte(content, '/'); i > 0 && isReleaseNote(content[:i]) {
		content = trimSpace(content[i+1:]) // "[Free Track / Mouseville]"
	}
	if i := strings.LastIndexByte(content, ' '); i > 0 && isReleaseNote(content[i+1:]) && !isLabelPlaceholder(content) {
		content = trimSpace(content[:i]) // "[CICUTA NETLABEL soon]"
	}
	if sep, ok := lastDashSep(content); ok && isReleaseNote(content[sep.end:]) {
		content = trimJunk(content[:sep.start]) // "[Ovum - Test Pressing]"
	}
	// "[Label - CAT 001]"; but "[Echospace - Detroit]" is one name: a
	// catalogue number has digits.
	// A code of capitals alone is one too, after a name that is not
	// written in capitals ("[Planet Rhythm - PRRUKLTDTWR]", "[Can You
	// Feel The Sun - CYFUSOUL]"), and digits of any script count ("[Siamese
	// Twins - ST-๐๐๙]").
	if sep, ok := lastDashSep(content); ok && (strings.ContainsAny(content[sep.end:], "0123456789") || codeAfterName(content[:sep.start], content[sep.end:])) {
		if cat := trimJunk(content[sep.end:]); strings.Count(cat, " ") < 3 || isUpperText(cat) {
			return before, trimJunk(content[:sep.start]), cat
		}
		// "[Kickin - Hard Leaders presents Jungle Dub 3 LP]": the
		// label, then the record's title; a number is a word or two.
		return before, trimJunk(content[:sep.start]), ""
	}
	if looksLikeCatalog(content) {
		return before, "", content
	}
	// "[New Bounce #011]", "[MUTEX RECORDINGS LP001]": a label and its
	// number.
	if i := strings.LastIndexByte(content, ' '); i > 0 && hasLetter(content[:i]) {
		if num := content[i+1:]; isCatalogNumber(num) || catalogToken(num) || numbered && len(num) >= 2 && allDigits(num) {
			return before, trimJunk(content[:i]), num
		}
		// "[Sleaze 053]", "[Search 404-5]": a number padded with a zero,
		// or written with a dash, is a release's number; names that end
		// in a number write it plainly ("[Downtown 161]", "[Bar 25]").
		if num := content[i+1:]; paddedNumber(num) || dashedNumber(num) {
			return before, trimJunk(content[:i]), num
		}
	}
	if len(content) >= 2 && len(content) <= 5 && allDigits(content) && !isYear(content) {
		// "[3024]", "[1605]", "[47]": labels named by a number, as lists
		// that write labels in square brackets show them (a guess:
		// parseBody marks it); "[1994]" is the record's year.
		return before, content, ""
	}
	if !hasLetter(content) {
		return s, "", "" // "[0)0]", "[1994]": no label's name
	}
	return before, content, ""
}

// squareCreditDoubt: the square brackets at the end of a line are read
// as a label (label) though their words read as a credit ("[Trust In Bass
// Dub]": a label's dub plate, or a version?), or, in a list that writes
// its labels in square brackets (squares), one word is read as a version
// though it stands where the labels stand ("[Dub]", "[Bootleg]": the
// record, or the label's name?). Either is a guess.
func squareCreditDoubt(rest, label string, squares bool) bool {
	if label != "" {
		return classifySuffix(label, true).kind != sufNone
	}
	if !squares || len(rest) == 0 || rest[len(rest)-1] != ']' {
		return false
	}
	open, content, ok := trailingGroup(rest)
	return ok && open > 0 && rest[open] == '[' && strings.IndexByte(trimSpace(content), ' ') < 0 &&
		!playedPart(content) && classifySuffix(content, true).kind != sufNone
}

// codeAfterName: code, after a dash in a label's square brackets, is a
// catalogue number though it has no ASCII digit: one word in capitals
// (of five letters or more, after a name not written in capitals), or
// one with digits of another script.
func codeAfterName(name, code string) bool {
	code = trimJunk(code)
	if code == "" || strings.IndexByte(code, ' ') >= 0 {
		return false
	}
	if !isASCII(code) && strings.IndexFunc(code, unicode.IsDigit) >= 0 {
		return true
	}
	return len(code) >= 5 && allLetters(code) && isUpperText(code) && !isUpperText(name) && hasLetter(name)
}

// labelNumber: s ends with "[Words 019]", a label and a number.
func labelNumber(s string) bool {
	open, content, ok := trailingGroup(s)
	if !ok || open == 0 || s[open] != '[' {
		return false
	}
	if _, dashed := lastDashSep(content); dashed {
		return false // "[Label - CAT 16]"
	}
	i := strings.LastIndexByte(content, ' ')
	return i > 0 && len(content)-i > 2 && allDigits(content[i+1:]) && hasLetter(content[:i])
}

// possessiveFirst: a group that starts with a possessive, as remix
// credits do ("(Blawan's Trecther Mechanica)").
func possessiveFirst(s string) bool {
	w, _, _ := strings.Cut(trimSpace(s), " ")
	_, ok := cutPossessive(w)
	return ok
}

// possessiveName: s starts with a name of one or two words in the
// possessive, and two words or more follow it ("Octo Octa's Dream On And
// On Suite").
func possessiveName(s string) bool {
	w1, rest, _ := strings.Cut(s, " ")
	if _, ok := cutPossessive(w1); ok {
		return strings.IndexByte(trimSpace(rest), ' ') > 0
	}
	w2, rest, _ := strings.Cut(rest, " ")
	if _, ok := cutPossessive(w2); ok && isLetterStart(w1) {
		return strings.IndexByte(trimSpace(rest), ' ') > 0
	}
	return false
}

// cutEllipsis: s without the ellipsis it ends in, if it ends in one.
func cutEllipsis(s string) (string, bool) {
	if rest, ok := strings.CutSuffix(s, "..."); ok {
		return rest, true
	}
	return strings.CutSuffix(s, "…")
}

// oddName: a name that may hold more than a name: a note in brackets
// after it (annotated), a heading before a colon ("Background music for
// the show: Mr. T. Bone & Friends"), a quote or a bracket before it
// ("«Beat the Track» Carl Cox", "(4 track 24) Soundless Mind Eraser"),
// a second name it presents ("Malente Pres. Manrox": one act or two?
// people write it both ways).
func oddName(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	if annotated(name) || strings.IndexByte(name, ':') >= 0 && strings.Contains(name, ": ") || isOpenQuote(r) || r == '(' || r == '[' ||
		strings.HasPrefix(name, "ID ") || endsWithFeat(name) {
		return true // "ID Chuck Roberts", "lady blackbird feat"
	}
	if strings.IndexByte(name, '/') > 0 && !isKnownName(name) {
		return true // "Doja/weeknd": two names, or one ("AC/DC")?
	}
	if yearNote(name) {
		return true // "Wayne Shorter in 1965": a note on the name
	}
	if cut, ok := cutEllipsis(name); ok && isWordEnd(cut) {
		return true // "JME, Frisco...": a list of names cut short
	}
	if proseName(name) {
		return true // "but just listen to how he sings the words": a sentence
	}
	if r >= 'a' && r <= 'z' {
		// "read by Steve Steele", "narrated by X": who read or played
		// the work, after its author; no act is named so.
		if w, rest, ok := strings.Cut(name, " "); ok && !strings.ContainsRune(w, '.') && (rest == "by" || strings.HasPrefix(rest, "by ")) {
			return true
		}
	}
	for i := strings.IndexByte(name, ' '); i >= 0; {
		rest := name[i+1:]
		w := rest // the next word
		j := strings.IndexByte(rest, ' ')
		if j >= 0 {
			w = rest[:j]
		}
		if w != "" && (w[0]|0x20 == 'p' || w[0]|0x20 == 'a') && // the words' first letters, asked first
			(equalFoldASCII(w, "pres.") || equalFoldASCII(w, "presents") || equalFoldASCII(w, "alongside")) {
			return true
		}
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// proseName: name is words of a sentence, not a name: six words or more,
// two of them or more in lowercase and no particle of names ("de", "van",
// "the"), or the words "produced by" ("Africanism Produced By Bob
// Sinclar": who made the record, after the act).
func proseName(name string) bool {
	if strings.Count(name, " ") < 2 {
		return false
	}
	// Words are compared in a lowercase copy on the stack: oddName asks
	// this of most names.
	words, lower := 0, 0
	var buf, prevBuf [16]byte
	prev := prevBuf[:0]
	for w := range strings.FieldsSeq(name) {
		l, ok := lowerASCII(buf[:], w)
		if !ok {
			l = nil // not ASCII, or longer than any word below
		}
		if string(l) == "by" && (string(prev) == "produced" || string(prev) == "prod." || string(prev) == "written") {
			return true
		}
		prev = append(prevBuf[:0], l...)
		words++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) && !isNameParticle(string(l)) && !isParticle(string(l)) &&
			string(l) != "and" && string(l) != "feat." && string(l) != "ft." && string(l) != "feat" {
			lower++
		}
	}
	return words >= 6 && lower >= 2
}

// yearNote: name ends in " in " and a year ("Wayne Shorter in 1965"). A
// year has no space: it is the last word, looked at before any search.
func yearNote(name string) bool {
	k := strings.LastIndexByte(name, ' ')
	return k > 3 && isYear(name[k+1:]) && strings.HasSuffix(name[:k+1], " in ")
}

// dropNote takes a note in brackets off a name: who is behind it
// ("LADA (Dasha Rush & Lars Hemmerling)", "Percussions (Four Tet)"), where
// from ("Baaba Maal (Senegal)"), Discogs' index ("Joel Graham (2)"), a
// comment. A short code stays: sites credit "ESSE (US)", "Addam (Be)",
// "Clockwork (C/W)" so, to tell acts of one name apart.
func dropNote(name string) string {
	if name == "" || name[len(name)-1] != ')' {
		return name
	}
	open, content, ok := trailingGroup(name)
	if !ok || open == 0 || name[open] != '(' || len(content) <= 3 && allLetters(content) || len(content) <= 4 && strings.ContainsAny(content, "/.") {
		return name // "Ø [Phase]": square brackets are the name's own
	}
	if before := trimSpace(name[:open]); before != "" {
		return before
	}
	return name
}

// endsWithFeat: "lady blackbird feat", a featuring word with no name.
func endsWithFeat(name string) bool {
	if name == "" {
		return false
	}
	switch name[len(name)-1] { // how the words end: most names end otherwise
	case 't', 'T', 'g', 'G', '.':
	default:
		return false
	}
	i := strings.LastIndexByte(name, ' ')
	if i < 0 {
		return false
	}
	switch w := strings.TrimSuffix(name[i+1:], "."); {
	case equalFoldASCII(w, "feat"), equalFoldASCII(w, "ft"), equalFoldASCII(w, "featuring"):
		return true
	}
	return false
}

// annotated: a name followed by a note in brackets that is neither a
// country's code ("ESSE (US)") nor a known act, the singer's band ("Olly
// Alexander (Years & Years)"): "Abu Talib (Bobby Wright)", "Suzie
// (Klee)". The note may be part of the name, or not.
func annotated(name string) bool {
	open, content, ok := trailingGroup(name)
	if !ok || open == 0 {
		return false
	}
	return !(len(content) <= 3 && isUpperText(content)) && !knownArtist(content) && !knownWord(content) &&
		!actsWithSeparators[actLowerKey(content)]
}

// isCatalogNumber: "#011", a release's number within its label's. A bare
// number may be the label's own ("Downtown 161", "Mr. 305").
func isCatalogNumber(w string) bool {
	d, ok := strings.CutPrefix(w, "#")
	return ok && d != "" && allDigits(d)
}

// paddedNumber: "053", "001", a number of three digits or more padded
// with a zero, as labels number their releases.
func paddedNumber(w string) bool {
	return len(w) >= 3 && w[0] == '0' && allDigits(w)
}

// dashedNumber: "404-5", "76-017", digits on both sides of a dash.
func dashedNumber(w string) bool {
	a, b, ok := strings.Cut(w, "-")
	return ok && a != "" && b != "" && allDigits(a) && allDigits(b)
}

// isLabelPlaceholder lists bracket contents that 1001Tracklists puts where
// a label would be but that name no label.
func isLabelPlaceholder(s string) bool {
	if isPlaceholder(s) {
		return true
	}
	if len(s) > 16 {
		return false
	}
	var buf [16]byte
	l, ok := lowerASCII(buf[:], s)
	if !ok {
		return false
	}
	switch string(l) {
	case "unreleased", "free download", "free dl", "promo", "dubplate", "n/a", "not on label", "self-released", "none",
		"label unknown", "unknown label", "no label", // a label no one knew is no label
		"acetate", "cdr", "cd-r", "test pressing": // what an unreleased record was cut on
		return true
	}
	return false
}

func looksLikeCatalog(s string) bool {
	if prefix, num, ok := strings.Cut(s, " "); ok {
		return len(prefix) >= 2 && len(prefix) <= 5 && allLetters(prefix) && len(num) >= 3 && num[0] == '0' && allDigits(num)
	}
	return catalogToken(s)
}

// wordAndNumber: s is a word and a number ("Remix 10", "Dub 3").
func wordAndNumber(s string) bool {
	w, num, ok := strings.Cut(trimSpace(s), " ")
	return ok && allLetters(w) && allDigits(num)
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return len(s) > 0
}

func catalogToken(s string) bool {
	// Letters then digits ("DC190", "ANJ-123", "PRX004"): a capitalised
	// prefix, or a zero-padded number. "Bar25" and "LE7ELS" are labels.
	i := len(s)
	for i > 0 && isDigit(s[i-1]) {
		i--
	}
	if i == len(s) || i == 0 {
		return false
	}
	prefix := strings.TrimRight(s[:i], "-._ ")
	if prefix == "" || strings.IndexFunc(prefix, unicode.IsDigit) >= 0 {
		return false
	}
	// "BRUK4": one digit after three capitals or more.
	if len(s)-i < 2 && (utf8.RuneCountInString(prefix) < 3 || strings.ToUpper(prefix) != prefix) {
		return false
	}
	if strings.ToUpper(prefix) != prefix && s[i] != '0' {
		return false
	}
	return catalogChars(s)
}

func catalogChars(s string) bool {
	if len(s) < 3 || len(s) > 24 {
		return false
	}
	letters, digits := false, false
	for _, c := range s {
		switch {
		case isDigit(byte(c)) && c < utf8.RuneSelf:
			digits = true
		case unicode.IsLetter(c): // "HØFF003"
			letters = true
		case c == '-' || c == '.' || c == '_':
		default:
			return false
		}
	}
	return letters && digits
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return len(s) > 0
}

// findVs finds the first " vs " / " vs. " / " versus " word outside brackets.
func findVs(s string) (sepSpan, bool) {
	// The words classifySepWord reads as "vs" all start with a v: most
	// titles have none.
	if strings.IndexByte(s, 'v') < 0 && strings.IndexByte(s, 'V') < 0 {
		return sepSpan{}, false
	}
	var d outside
	for i := 0; i < len(s); i++ {
		if !d.at(s[i]) || s[i] != ' ' || i == 0 {
			continue
		}
		k := strings.IndexByte(s[i+1:], ' ')
		if k < 0 {
			return sepSpan{}, false
		}
		k += i + 1
		if _, _, vs := classifySepWord(s[i+1:k], splitTrack); vs {
			return sepSpan{i, k + 1}, true
		}
	}
	return sepSpan{}, false
}

// String renders the track as a canonical line: "[cue] A & B - Title
// (feat. F) (R Remix) (Version) [Label - CAT]" (the cleaned Line when the
// line had no separator). Parsing the canonical line
// of a track parsed without a guess (no doubt code) gives a track with the
// same ID; the fuzz tests check this. Names are joined with " & " unless that would glue two names into a
// known act, then with " / ".
func (t Track) String() string {
	if t.flags&flagNoSeparator != 0 {
		return t.Line // nothing was parsed; the cleaned line is all there is
	}
	var b strings.Builder
	if t.Cue != "" {
		b.WriteByte('[')
		b.WriteString(t.Cue)
		b.WriteString("] ")
	}
	// A first name that starts like a position ("000 vs 0", kept as a name
	// because the line had a position before it) gets one written before
	// it, so that it reads back as a name.
	first := t.Title
	if t.flags&flagVsMashup == 0 && len(t.Artists) > 0 {
		first = t.Artists[0]
	}
	if probe := first + " - x"; first != "" {
		if rest, _, _ := stripPrefixes(probe, prefixOpts{}); rest != probe {
			b.WriteString("1. ")
		}
	}
	if t.flags&flagVsMashup != 0 && t.Title != "" {
		b.WriteString(t.Title)
	} else {
		switch {
		case len(t.Artists) > 0:
			b.WriteString(joinArtists(t.Artists))
		default:
			b.WriteString("ID")
		}
		b.WriteString(" - ")
		if t.Title != "" {
			b.WriteString(t.Title)
		} else {
			b.WriteString("ID")
		}
		// Featured artists go in a "(feat. X)" group after the title,
		// where a name may contain " - ". Names never have unbalanced
		// brackets (splitNames drops stray ones), so the group is safe.
		if len(t.Featured) > 0 {
			b.WriteString(" (feat. ")
			b.WriteString(joinNames(t.Featured))
			b.WriteByte(')')
		}
	}
	if t.IsRemix {
		b.WriteString(" (")
		if len(t.Remixers) > 0 {
			b.WriteString(joinNames(remixerOrder(t.Remixers)))
			b.WriteByte(' ')
		}
		if t.RemixKind == "mashup" {
			b.WriteString("Mashup")
		} else {
			b.WriteString("Remix")
		}
		b.WriteByte(')')
	}
	if t.Version != "" && classifySuffix(t.Version, true).kind == sufVersion {
		b.WriteString(" (")
		b.WriteString(t.Version)
		b.WriteByte(')')
	}
	switch {
	case t.Label != "" && t.Catalog != "":
		b.WriteString(" [" + t.Label + " - " + t.Catalog + "]")
	case t.Label != "":
		b.WriteString(" [" + t.Label + "]")
	case t.Catalog != "":
		b.WriteString(" [" + t.Catalog + "]")
	default:
		// A title that ends in "]" must not be read back as a label.
		if out := b.String(); strings.HasSuffix(out, "]") {
			b.WriteString(" []")
		}
	}
	return b.String()
}

// remixerOrder orders remixers for a "(R1 & R2 Remix)" group so that the
// last one does not end in a version word ("Radio"), which would be read
// back as a qualifier. When every remixer does, a trailing placeholder "ID"
// (an unknown co-remixer, dropped on parsing) protects the last name. The
// order does not matter for the track ID, which sorts remixers.
func remixerOrder(names []string) []string {
	last := len(names) - 1
	if !endsWithVersionWord(names[last]) {
		return names
	}
	out := append([]string(nil), names...)
	for i := range out {
		if !endsWithVersionWord(out[i]) {
			out[i], out[last] = out[last], out[i]
			return out
		}
	}
	return append(out, "ID")
}

// joinArtists is joinNames for the primary artists, which start the line:
// the joined text must also not read as a cue or position prefix ("0." +
// " & " would).
func joinArtists(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	for _, sep := range [...]string{" & ", " / ", ", "} {
		j := strings.Join(names, sep)
		if _, _, changed := stripNamePrefix(j, prefixOpts{}); changed {
			continue
		}
		r := splitNames(j, splitTrack)
		if len(r.featured) == 0 && !r.vs && reflect.DeepEqual(r.names, names) {
			return j
		}
	}
	return joinNames(names)
}

// joinNames joins names so that splitting the result gives them back:
// " & " normally, " / " or ", " when " & " would glue two names into a
// known act or make a separator word out of a name's last word.
func joinNames(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	for _, sep := range [...]string{" & ", " / ", ", "} {
		j := strings.Join(names, sep)
		r := splitNames(j, splitTrack)
		if len(r.featured) == 0 && !r.vs && reflect.DeepEqual(r.names, names) {
			return j
		}
	}
	return strings.Join(names, " & ")
}

// balanced reports whether every bracket in s is closed in order.
// Blocks of eight bytes without a bracket are passed over at once
// (bracket8), the last bytes too when the last eight hold none.
func balanced(s string) bool {
	depth := 0
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if bracket8(load8(s, i)) {
			if depth = bracketDepth(s[i:i+8], depth); depth < 0 {
				return false
			}
		}
	}
	if i < len(s) && (len(s) < 8 || bracket8(load8(s, len(s)-8))) {
		depth = bracketDepth(s[i:], depth)
	}
	return depth == 0
}

// bracketDepth is depth after the brackets of s, -1 at a closer that
// has no opener.
func bracketDepth(s string, depth int) int {
	for i := 0; i < len(s); i++ {
		if !bracketBytes[s[i]] { // most bytes: one look-up
			continue
		}
		if isOpen(s[i]) {
			depth++
		} else if isClose(s[i]) {
			if depth == 0 {
				return -1
			}
			depth--
		}
	}
	return depth
}

// dropStrayBrackets removes brackets that have no partner: "Y (Z" -> "Y Z",
// "0(" -> "0", "X(0" -> "X0". Names are made balanced so that they can always be written
// inside a "(X Remix)" or "(feat. X)" group and read back.
func dropStrayBrackets(s string) string {
	if balanced(s) {
		return s
	}
	keep := make([]bool, len(s))
	for i := range keep {
		keep[i] = true
	}
	var stack []int
	for i := 0; i < len(s); i++ {
		switch {
		case isOpen(s[i]):
			stack = append(stack, i)
		case isClose(s[i]):
			if len(stack) == 0 {
				keep[i] = false
			} else {
				stack = stack[:len(stack)-1]
			}
		}
	}
	for _, i := range stack {
		keep[i] = false
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if keep[i] {
			b = append(b, s[i])
		}
	}
	return trimJunk(collapseSpaces(string(b)))
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// loneGluedMix: s is one word with a mix's kind glued to its end
// ("Clubmix", "Offbokmix"; not "Remix").
func loneGluedMix(s string) bool {
	return len(s) > 5 && strings.IndexByte(s, ' ') < 0 && equalFoldASCII(s[len(s)-3:], "mix") && gluedMix(lowerASCIIString(s))
}
