package tracklist

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A line before its body is parsed: cleaned, markup removed, the cue,
// position and "w/" prefixes and a trailing cue taken off, and classified
// as a track line or not.

// doubt is a set of guesses a parse made. Each becomes an issue code and
// makes a track a warning rather than valid: a guess may be wrong, and
// the graph must be able to tell the lines it can trust.
type doubt uint16

const (
	// doubtNumber: a number before the artist that may be a position or
	// part of the name ("01 Artist", "2 Unlimited", "12:30 Artist").
	doubtNumber doubt = 1 << iota
	// doubtDash: artist and title split at a dash without a space on
	// both sides ("Artist- Title", "Artist-Title").
	doubtDash
	// doubtSeparator: split at something other than a dash (": ", " / ",
	// " by ", ", ").
	doubtSeparator
	// doubtOrder: the title was read before the artist.
	doubtOrder
	// doubtCredit: a word of a remix or version credit that may be a
	// name or a descriptor ("(Limelight Mix)").
	doubtCredit
	// doubtSplit: an "&", "and", "+" or "x" that may join two acts or be
	// part of one act's name.
	doubtSplit
	// doubtParts: more parts than an artist and a title ("A - B - C", a
	// trailing bracket group that names no version), read by guess.
	doubtParts
	// doubtLabel: a label read from text that has no label brackets.
	doubtLabel
)

// doubtCodes are the issue codes of the doubts, in bit order.
var doubtCodes = [...]string{
	IssueNumberPrefix, IssueDashUnspaced, IssueSeparatorGuessed, IssueOrderGuessed,
	IssueCreditUnsure, IssueSplitUnsure, IssueExtraParts, IssueLabelGuessed,
}

// prefixOpts are what the layout of a tracklist says about its prefixes;
// the zero value reads a line alone.
type prefixOpts struct {
	// numbered: the lines carry positions in this form, so a number of
	// that form at the start is a position, without doubt.
	numbered numForm
	// stamps: the lines start with timestamps, so a leading "2:54" is a
	// cue even before a dash.
	stamps bool
	// untimed: the list is long enough to show it, and its other lines
	// start with no timestamp, so "20:20 Vision" is a name.
	untimed bool
	// endStamps: the lines end with timestamps ("Artist - Title 04:46").
	endStamps bool
	// endDots: the lines end with lengths written with a dot ("THE FOX
	// 3.49"): alone, "3.49" could be part of a title.
	endDots bool
	// endYears: the lines end with the year of the record ("Artist:
	// Title 1994"), which is no part of the title.
	endYears bool
	// endNumbers: the lines end with their positions, counting ("Away By
	// Arrhythmia 4", as a copy of a Mixcloud page puts them).
	endNumbers bool
	// dotTimes: the lines start with the hour and minute a track starts,
	// written with a dot and rising down the list ("0.04 JOHNNY PATE
	// 'EL JARDIA'", "1.38 ..."): alone, "1.38" could be a position.
	dotTimes bool
}

// numForm is how a position is written.
type numForm uint8

const (
	numNone  numForm = iota
	numDot           // "1." "01."
	numParen         // "1)", "01/"
	numColon         // "01:"
	numDash          // "1 - "
	numBare          // "01 "
	numHash          // "#1"
)

// lineInfo is a line prepared for its body to be parsed.
type lineInfo struct {
	clean    string // the cleaned line: Track.Line
	invalid  bool   // the input had invalid UTF-8
	body     string // what is left to parse: artist, title, extras
	cue      string
	withPrev bool  // "w/": played together with the previous track
	doubts   doubt // from the prefixes
	notTrack bool  // markup or punctuation alone, a decorated heading (see also isNotTrack)
	form     numForm
	number   int    // the position of a numbered line, 0 when none
	label    string // the label a table gives in a column of its own (tableRows)
	// songField: the line is the value of a "Song" field (markFields),
	// a title alone.
	songField bool
	// record: the line is a record of fields (recordLine): which part is
	// the artist is given, never guessed.
	record bool
}

// prepare cleans a line and takes its prefixes off.
func prepare(line string, o prefixOpts) lineInfo {
	s, invalid := cleanText(line)
	li := lineInfo{clean: s, invalid: invalid}
	m := s
	if rec, ok := recordLine(s); ok {
		m, li.record = rec, true
	} else if isDecoratedHeading(s) || boldPlace(s) {
		li.notTrack = true
		li.body = s
		return li
	}
	var second doubt // a second track on the line
	if mm := stripMarkup(m); !li.record && mm != m {
		if i := strings.Index(m, "'''+'''"); i > 0 {
			// "Artist - Title [Label]", a "+" in bold (three quotes on
			// either side), then "Artist - Title [Label]": MixesDB joins
			// a second track, played with the first; the line is the
			// first's, and holds more.
			mm = stripMarkup(m[:i])
			second = doubtParts
		}
		m, _ = cleanText(mm)
	}
	// "|| (00:40:11) ARMS - Ballad of Big Nothing ||": a frame of bars
	// around the line, as a player's description draws one.
	if len(m) > 4 && strings.HasPrefix(m, "||") && strings.HasSuffix(m, "||") {
		m = trimSpace(m[2 : len(m)-2])
	}
	body, cue, p := stripPrefixes(numberSeparator(m), o)
	li.withPrev, li.doubts, li.form, li.number = p.withPrev, p.doubts|second, p.form, p.number
	// Brackets are paired after the prefixes, because "1)" is a position,
	// not a stray bracket; dropping a stray bracket can uncover another
	// prefix ("(1. Artist"), hence the loop.
	for i := 0; i < 4; i++ {
		repaired := repairBrackets(body)
		if repaired == body {
			break
		}
		li.doubts |= doubtParts // "Bong (Can’t Stop": a bracket left open, or cut off?
		var c string
		body, c, _ = stripPrefixes(repaired, o)
		if cue == "" {
			cue = c
		}
	}
	body, endCue := stripTrailingCue(body, o)
	if len(body) > 1 && body[0] == '*' && isLetterStart(body[1:]) {
		// "*Sade “Smooth Operator”": a list's mark on the line (an
		// optional song), or a name written so ("*NSYNC")?
		body = body[1:]
		li.doubts |= doubtParts
	}
	if k := strings.LastIndexByte(body, ' '); k > 0 && isYear(body[k+1:]) && (o.endYears || body[k-1] == ']') {
		// "Qigong [Pyramid Transmissions] 2001": the release's year, after
		// its label as after every line of a list.
		body = trimJunk(body[:k])
	} else if _, ok := endPosition(body); o.endNumbers && ok {
		body = trimJunk(body[:k])
	}
	if cue == "" {
		cue = endCue
	}
	if b, ok := arrowsAsDashes(body); ok {
		body = b
		li.doubts |= doubtSeparator
	}
	li.body, li.cue = body, cue
	// A line that only markup made ("<list>") or only punctuation ("--").
	// Whether the body names a track is the body's own question
	// (isNotTrack), which a Memo answers once per body.
	li.notTrack = s != "" && (m == "" || body == "" && !hasAlnum(m) ||
		endCue != "" && isMetaLine(m)) // "Length: 01:01:14": the mix's, not a track's
	return li
}

// prefixResult is what stripPrefixes learnt besides the cue.
type prefixResult struct {
	withPrev bool
	doubts   doubt
	form     numForm
	number   int
}

// stripPrefixes removes cue, timestamp, position and "w/" prefixes and
// returns the first cue it saw.
func stripPrefixes(s string, o prefixOpts) (rest, cue string, p prefixResult) {
	numbers := 0
	for {
		s = trimSpace(s)
		if s == "" {
			return s, cue, p
		}
		c := s[0]
		if !prefixStart(s) {
			return s, cue, p // most lines: the body, from its first letter
		}
		if n, _ := dotMinutes(s); n > 0 && o.dotTimes {
			if cue == "" {
				cue = s[:n]
			}
			s = s[n:]
			continue
		}
		if n := dotStamp(s); n > 0 {
			// "0.02.34: Artist - Title": a time written with dots.
			if cue == "" {
				cue = strings.TrimSuffix(s[:n], ":")
			}
			s = s[n:]
			continue
		}
		switch {
		case c == '[':
			end := strings.IndexByte(s, ']')
			if end > 1 && end <= 16 && isCueText(s[1:end]) {
				if cue == "" {
					cue = s[1:end]
				}
				s = s[end+1:]
				continue
			}
		case c == '+':
			// MixesDB writes "+" before a track played over the previous one.
			if len(s) == 1 || s[1] == ' ' {
				p.withPrev = true
				s = s[1:]
				continue
			}
		case c == '*' || c == '>' || c == '~' || c == '.':
			// "* Artist", "> Artist"; ". Artist": a list whose numbers
			// were lost, their dots kept.
			if len(s) == 1 || s[1] == ' ' {
				s = s[1:]
				continue
			}
			if c == '>' && len(s) > 2 && s[1] == '>' && s[2] == ' ' {
				s = s[2:] // ">> Artist"
				continue
			}
		case c == '=':
			if len(s) > 2 && s[1] == '>' && s[2] == ' ' {
				s = s[2:] // "=> Artist": an arrow typed
				continue
			}
		case c == '#':
			j := 1
			for j < len(s) && j <= 4 && isDigit(s[j]) {
				j++
			}
			if j == len(s) || s[j] == ' ' || s[j] == '.' && j > 1 {
				if j > 1 && p.form == numNone {
					p.form, p.number = numHash, atoi(s[1:j])
				}
				if j < len(s) && s[j] == '.' {
					j++
				}
				s = s[j:]
				continue
			}
		case c == '(' && len(s) > 2 && isDigit(s[1]):
			// "(1) Artist - Title", "(1:19:38) Artist - Title".
			end := strings.IndexByte(s, ')')
			timed := end > 1 && strings.IndexByte(s[1:end], ':') > 0
			if end > 1 && end <= 10 && end+1 < len(s) && (s[end+1] == ' ' || timed && isLetterStart(s[end+1:])) && isCueText(s[1:end]) {
				if timed {
					if cue == "" {
						cue = s[1:end]
					}
				} else if p.form == numNone && allDigits(s[1:end]) {
					p.form, p.number = numParen, atoi(s[1:end])
				}
				s = s[end+1:]
				continue
			}
		case 'A' <= c && c <= 'H':
			if n := sidePosition(s); n > 0 {
				s = s[n:]
				continue
			}
		case c == 'P' || c == 'N' || c == 'p' || c == 'n':
			// "Platz 3 (8): Artist - Title", "No. 12: ...": a chart's place.
			if n := chartPlace(s); n > 0 {
				s = s[n:]
				continue
			}
		case c == 'w' || c == 'W':
			if len(s) >= 3 && s[1] == '/' && s[2] == ' ' {
				p.withPrev = true
				s = s[3:]
				continue
			}
		case isDigit(c) && numbers < 2:
			if cue != "" && clockFirst(s) {
				// "# [095] 20:20 Soundsystem - Flasher": the line has its
				// time; "20:20" after it is a name's.
				return s, cue, p
			}
			// At most a position and a timestamp: "1 - 2 - 3 - ..." must
			// not be peeled number by number (and quadratically).
			if n, j := galleryPlace(s); j > 0 {
				// "1/16Mina – Buttalo via": a place in a gallery of 16,
				// glued to the artist.
				numbers++
				if p.number == 0 {
					p.number = n
				}
				s = s[j:]
				continue
			}
			if r, ts, n, ok := cutNumberPrefix(s, o, &p); ok {
				numbers++
				if ts != "" && cue == "" {
					cue = ts
				}
				if n > 0 && p.number == 0 {
					p.number = n
				}
				s = r
				continue
			}
		case c >= utf8.RuneSelf:
			// Bullets: "• Artist - Title", "· Artist".
			r, n := utf8.DecodeRuneInString(s)
			if (r == '•' || r == '·' || r == '►' || r == '▶' || r == '○' || r == '●') && (n == len(s) || s[n] == ' ') {
				s = s[n:]
				continue
			}
			if n := symbolBullet(s); n > 0 {
				// "🎵 Artist - Title", "→ Artist", "★ Artist": symbols
				// and emoji that mark the lines as bullets do.
				s = s[n:]
				continue
			}
			if j := dashRunAt(s, 0); j > 0 && (j == len(s) || s[j] == ' ') {
				s = s[j:]
				continue
			}
		default:
			if j := dashRunAt(s, 0); j > 0 && (j == len(s) || s[j] == ' ') {
				s = s[j:]
				continue
			}
			if c == '-' && len(s) > 1 && s[1] != '-' && isLetterStart(s[1:]) {
				s = s[1:] // "-Jacques Brel: La chanson de Jacky": a bullet typed close
				continue
			}
		}
		return s, cue, p
	}
}

// symbolBullet is the length of a run of symbols (arrows, stars, notes,
// emoji, with their joiners and variation selectors) at the start of s,
// when a space follows it; 0 otherwise. s starts with a byte that is not
// ASCII.
func symbolBullet(s string) int {
	n := 0
	for n < len(s) && n < 32 {
		r, w := utf8.DecodeRuneInString(s[n:])
		if r == ' ' {
			break
		}
		if !(unicode.In(r, unicode.So, unicode.Sm) && r >= utf8.RuneSelf || r == '\u200D' || r == '\uFE0F' || r == '\u20E3') {
			return 0
		}
		n += w
	}
	if n == 0 || n >= len(s) || s[n] != ' ' || dashRunAt(s, n+1) > 0 {
		return 0 // "✝✝✝ - Bitches Brew": a name of symbols
	}
	return n
}

// prefixStart: a prefix that stripPrefixes takes off may start s, which
// is not empty. Of the words that start with a letter, only side positions
// ("A1", sidePosition), chart places ("Platz 3", "No. 12", chartPlace) and
// "w/" are prefixes; stripNamePrefix relies on that too.
func prefixStart(s string) bool {
	c, next := s[0], byte(0)
	if len(s) > 1 {
		next = s[1]
	}
	lower := c | 0x20 // of a letter
	switch {
	case 'A' <= c && c <= 'H':
		return isDigit(next)
	case lower == 'n' || lower == 'p':
		return next|0x20 == 'l' || next|0x20 == 'o' || next|0x20 == 'r'
	case lower == 'w':
		return next == '/'
	case 'a' <= lower && lower <= 'z':
		return false
	}
	return true
}

// cutNumberPrefix recognises a leading position ("01.", "1)", "09:",
// "1 - ", "01 ") or a timestamp ("1:02:33 ", "40:54 "). Forms that may be
// part of a name ("2 Unlimited", "808 State", "20:20 Vision", "12 - Artist
// - Title" where 12 may be the artist) are taken when the layout of the
// tracklist says the lines are numbered or timed that way, and otherwise
// only with a doubt.
func cutNumberPrefix(s string, o prefixOpts, p *prefixResult) (rest, timestamp string, number int, ok bool) {
	j := 0
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == len(s) {
		return s, "", 0, false
	}
	n := 0
	if j <= 3 {
		n = atoi(s[:j])
	}
	setForm := func(f numForm) {
		if p.form == numNone {
			p.form = f
		}
	}
	// "2-е место Gadjo - ...": a chart's place, as Russian writes it.
	for _, place := range [...]string{"-е место: ", "-е место ", " место: ", " место "} {
		if r, ok := strings.CutPrefix(s[j:], place); ok && j <= 3 {
			setForm(numDot)
			return r, "", n, true
		}
	}
	switch s[j] {
	case '-':
		if j <= 3 && j+1 < len(s) && s[j+1] == ' ' {
			setForm(numDash) // "2- Artist - Title": the dash glued to the position
			return s[j+2:], "", n, true
		}
	case 0xC2:
		// "2º Artist - Title", "2° Artist": an ordinal, as Spanish,
		// Portuguese and Italian charts number.
		if r, ok := strings.CutPrefix(s[j:], "º "); ok && j <= 3 {
			setForm(numDot)
			return r, "", n, true
		}
		if r, ok := strings.CutPrefix(s[j:], "° "); ok && j <= 3 {
			setForm(numDot)
			return r, "", n, true
		}
	case '/':
		if j <= 3 && j+1 < len(s) && s[j+1] == ' ' {
			setForm(numParen) // "01/ Blue Mitchell – « Dorado »"
			return s[j+2:], "", n, true
		}
		if j <= 3 && j+2 < len(s) && s[j+1] == '.' && s[j+2] == ' ' {
			setForm(numParen) // "2/. Gordon Lightfoot – Minstrel Of The Dawn"
			return s[j+3:], "", n, true
		}
	case '.', ')':
		if j > 3 || j+1 >= len(s) {
			break
		}
		if s[j+1] == ' ' {
			if s[j] == '.' {
				setForm(numDot)
			} else {
				setForm(numParen)
			}
			return s[j+2:], "", n, true
		}
		if s[j] == '.' && s[j+1] == '-' && j+2 < len(s) && s[j+2] == ' ' {
			setForm(numDot) // "01.- Artist - Title", as Spanish lists number
			return s[j+3:], "", n, true
		}
		// "1.10 Carl Craig": disc and track, as Discogs numbers them.
		if k := j + 1; s[j] == '.' && j <= 2 && isDigit(s[k]) {
			for k < len(s) && k <= j+3 && isDigit(s[k]) {
				k++
			}
			if k < len(s) && k <= j+3 && s[k] == ' ' && isLetterStart(s[k+1:]) {
				setForm(numDot)
				return s[k+1:], "", n, true
			}
		}
		// "01.Lifeblood": a position glued to the name.
		if s[j] == '.' && isLetterStart(s[j+1:]) {
			setForm(numDot)
			if o.numbered != numDot {
				p.doubts |= doubtNumber
			}
			return s[j+1:], "", n, true
		}
	case ':':
		if j <= 3 && j+1 < len(s) && s[j+1] == ' ' {
			// "09: Artist": a position.
			setForm(numColon)
			return s[j+2:], "", n, true
		}
		// h:mm or h:mm:ss followed by a space
		k := j
		groups := 0
		for k < len(s) && s[k] == ':' && k+2 < len(s) && isDigit(s[k+1]) && isDigit(s[k+2]) {
			k += 3
			groups++
		}
		if m := meridiem(s[k:]); m > 0 && groups > 0 && j <= 2 && k+m < len(s) && s[k+m] == ' ' {
			// "10:02PM Artist – Title": a time of day, as radio stations
			// log their plays; "PM" leaves no doubt that it is one.
			return s[k+m+1:], s[:k+m], 0, true
		}
		skip := 1
		if k+1 < len(s) && s[k] == ':' && s[k+1] == ' ' {
			skip = 2 // "0:00: Artist: Title", the time written as a heading
		}
		if groups == 0 || groups > 2 || j > 3 || k >= len(s) || s[k] != ' ' && skip == 1 {
			return s, "", 0, false
		}
		r := s[k+skip:]
		if d := dashRunAt(r, 0); d > 0 && (d == len(r) || r[d] == ' ') && !o.stamps && p.form == numNone {
			// "2:54 - Creeping": 2:54 is a band, not a timestamp; but
			// after a position ("01 - 00:00 - Artist") it is the time.
			return s, "", 0, false
		}
		if o.untimed {
			return s, "", 0, false // "20:20 Vision - Lifeforce" among untimed lines
		}
		if !o.stamps {
			p.doubts |= doubtNumber // "20:20 Vision - Example"
		}
		return r, s[:k], 0, true
	case ' ':
		if j > 3 || p.form != numNone {
			break // one position per line: "01 808 State"
		}
		r := s[j+1:]
		if strings.HasPrefix(r, ". ") {
			setForm(numDot) // "09 . Artist"
			return r[2:], "", n, true
		}
		if d := dashRunAt(r, 0); d > 0 && d < len(r) && r[d] == ' ' {
			// "1 - Artist - Title"
			if o.numbered == numDash {
				setForm(numDash)
				return r[d+1:], "", n, true
			}
			if _, ok := firstDashSep(r[d+1:]); ok && o.numbered == numNone {
				setForm(numDash)
				p.doubts |= doubtNumber
				return r[d+1:], "", n, true
			}
			break
		}
		if o.numbered == numBare {
			setForm(numBare)
			return r, "", n, true
		}
		if o.numbered == numNone && s[0] == '0' && j >= 2 {
			// "01 Artist - Title": a zero-padded number is a position.
			setForm(numBare)
			p.doubts |= doubtNumber
			return r, "", n, true
		}
		// "2 Unlimited - No Limit": kept, but it may be a position, as
		// "1 De Ambassade" is in a list numbered "1." above it.
		p.doubts |= doubtNumber
	}
	return s, "", 0, false
}

// meridiem is the length of "AM" or "PM" (either case, with or without
// a space before it) at the start of s, or 0.
func meridiem(s string) int {
	n := 0
	if strings.HasPrefix(s, " ") {
		n = 1
	}
	if len(s) < n+2 || (s[n+1] != 'M' && s[n+1] != 'm') {
		return 0
	}
	switch s[n] {
	case 'A', 'a', 'P', 'p':
		return n + 2
	}
	return 0
}

// sidePosition is the length of a vinyl side's position before a track,
// with the space after it: "A1. ", "B2) ", "C1 - " when a dash still
// separates artist and title after it (the boy band "A1 - Caught in the
// Middle" keeps its name); 0 when s starts otherwise.
func sidePosition(s string) int {
	j := 1
	for j < len(s) && j <= 2 && isDigit(s[j]) {
		j++
	}
	if j == 1 || j+1 >= len(s) {
		return 0
	}
	switch {
	case (s[j] == '.' || s[j] == ')') && s[j+1] == ' ':
		return j + 2
	case s[j] == ' ':
		if d := dashRunAt(s, j+1); d > j+1 && d < len(s) && s[d] == ' ' && hasDashSep(s[d+1:]) {
			return d + 1
		}
	}
	return 0
}

func isLetterStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// isCueText accepts the content of a cue bracket: digits, '?', ':' and '.',
// with at least one digit or '?'.
func isCueText(s string) bool {
	any := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c) || c == '?':
			any = true
		case c == ':' || c == '.':
		default:
			return false
		}
	}
	return any
}

// isTimestamp accepts "h:mm", "mm:ss" and "h:mm:ss" (hours of up to
// three digits) and says how many ":" groups it has.
func isTimestamp(s string) (groups int, ok bool) {
	j := 0
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == 0 || j > 3 {
		return 0, false
	}
	for j < len(s) {
		if j+3 > len(s) || s[j] != ':' || !isDigit(s[j+1]) || !isDigit(s[j+2]) {
			return 0, false
		}
		j += 3
		groups++
	}
	return groups, groups >= 1 && groups <= 2
}

// stripTrailingCue takes a cue off the end of a body: "[12:30]",
// "(1:02:33)", a bare "1:02:33", and a bare "04:46" when the tracklist
// ends its lines with timestamps (or "3.49" when it ends them so).
func stripTrailingCue(s string, o prefixOpts) (string, string) {
	if s == "" {
		return s, ""
	}
	if last := s[len(s)-1]; last == ']' || last == ')' {
		opener := byte('(')
		if last == ']' {
			opener = '['
		}
		open := strings.LastIndexByte(s, opener)
		if open > 0 && s[open-1] == ' ' {
			in := s[open+1 : len(s)-1]
			if g, ok := isTimestamp(in); ok && (g == 2 || strings.IndexByte(in, ':') > 0) {
				return trimJunk(s[:open]), in
			}
			// "(01:43 - 05:42)": when the track starts and ends.
			if from, to, ok := strings.Cut(in, " - "); ok && strings.IndexByte(from, ':') > 0 {
				if _, ok := isTimestamp(from); ok {
					if _, ok := isTimestamp(to); ok {
						return trimJunk(s[:open]), in
					}
				}
			}
		}
		return s, ""
	}
	i := strings.LastIndexByte(s, ' ')
	if i <= 0 {
		return s, ""
	}
	// A length with a dot ("3.49") ends a title too ("Version 2.01"?):
	// taken when the list writes them; with minute marks ("6'07") it is a
	// length alone.
	if g, ok := isTimestamp(s[i+1:]); ok && (g == 2 || o.endStamps) || (o.endDots || strings.IndexByte(s[i+1:], '.') < 0) && isDotDuration(s[i+1:]) {
		return trimJunk(s[:i]), s[i+1:]
	}
	return s, ""
}

// isDotDuration: a length written "3.49" or "10.21", minutes and seconds,
// or with the marks of minutes and seconds: "3'49", "3'49\"", "3′49″".
func isDotDuration(s string) bool {
	if len(s) < 4 || !isDigit(s[0]) {
		return false // most last words: one byte tells
	}
	m, sec, ok := strings.Cut(s, ".")
	if !ok {
		if m, sec, ok = strings.Cut(s, "'"); !ok {
			m, sec, ok = strings.Cut(s, "′")
		}
		for _, mark := range [...]string{"''", "\"", "″"} {
			if strings.HasSuffix(sec, mark) {
				sec = sec[:len(sec)-len(mark)]
				break
			}
		}
	}
	return ok && len(m) >= 1 && len(m) <= 2 && allDigits(m) && len(sec) == 2 && allDigits(sec) && sec[0] <= '5'
}

// isDecoratedHeading recognises a heading by its decoration: a MixesDB
// definition line (";Part 1"), a line wrapped in bold or rules ("”'CD1”'",
// "**Part 2**", "--- Hour 2 ---", "== CD 2 ==").
func isDecoratedHeading(s string) bool {
	if len(s) < 2 {
		return false
	}
	switch s[0] {
	case ';':
		return true
	case '\'', '*', '=', '-', '_', '#': // the markers' first bytes
	default:
		return false
	}
	for _, w := range [...]string{"'''", "**", "==", "--", "__", "##"} {
		if len(s) > 2*len(w) && strings.HasPrefix(s, w) && strings.HasSuffix(s, w) {
			inner := strings.Trim(s, "'*=-_# ")
			return inner != "" && !strings.Contains(inner, " - ")
		}
	}
	return false
}

// isNotTrack recognises bodies that name no track: headings ("Tracklist:",
// "CD 2", "Part 1", "Hour 2"), links, and lines of punctuation ("...").
func isNotTrack(s string) bool {
	if s == "" {
		return false
	}
	if strings.HasSuffix(s, ":") && (!hasDashSep(s) || hasHeadingWord(s)) {
		// "Tracklist:", "Tracklist CD 1 – compiled by X:"; but "(1)
		// Artist – Title (Label, 2003):" heads a comment on its track.
		return true
	}
	letters := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letters = true
			break
		}
	}
	if !letters {
		return !strings.ContainsRune(s, '?') // "???" is a placeholder
	}
	if isLink(s) || isMetaLine(s) {
		return true
	}
	if _, ok := columnHeader(s); ok {
		return true
	}
	// A bracket group alone: a shortcode ("[accordion]"), a note.
	// Its first byte is asked first: the group is looked for only then.
	if s != "" && (s[0] == '[' || s[0] == '{' || s[0] == '<') {
		if open, _, ok := trailingGroup(s); ok && open == 0 {
			return true
		}
	}
	// "(Hybrid’s “Music To Plow Fields To” Mix)" alone: the credit of the
	// line above, wrapped onto a line of its own.
	if s[0] == '(' {
		if open, content, ok := trailingGroup(s); ok && open == 0 && !hasDashSep(content) && classifySuffix(content, true).kind != sufNone {
			return true
		}
	}
	d, dashed := firstDashSep(s)
	if dashed && setHeading(s) {
		return true
	}
	if dashed && (isSectionHead(s[:d.start]) || isCreditLine(s[:d.start]) || isShoutOut(s[d.end:]) ||
		isClockText(s[:d.start]) && isClockText(s[d.end:]) && !(allDigits(trimSpace(s[:d.start])) && allDigits(trimSpace(s[d.end:])))) {
		return true // "Guest Mix - X", "7 – 8 pm": a part of the show
	}
	// The searches below are asked only of lines that hold the byte they
	// need (strings.IndexByte is much cheaper than strings.Index).
	if strings.IndexByte(s, '|') >= 0 {
		if i := strings.Index(s, " | "); i > 0 && isSectionHead(s[:i]) {
			return true // "SIDE A | by Jarle Bråthen"
		}
	}
	// "LEMON JELLY - LIVE MANDELA HALL BELFAST 2005 (320kbs-m4a/82mb/35mins)":
	// a file of that bitrate and length is the mix posted, not a track
	// (a track's file alone may give its bitrate: "(320 kbps)").
	if hasBitrate(s) && mixMinutes(s) {
		return true
	}
	// "Please set a backlink ...: https://...": prose with a link.
	if !dashed && strings.IndexByte(s, ':') >= 0 && (strings.Contains(s, "http://") || strings.Contains(s, "https://")) {
		return true
	}
	if dashed {
		return false
	}
	words := strings.Fields(s)
	// "1st Hour Mixed by Thebigzill Onair": who mixed the part that follows.
	if len(words) <= 8 && isCreditLine(s) {
		return true
	}
	// "A State Of Trance Preview Part 1": a heading that ends in its part.
	if n := len(words); n >= 2 && allDigits(words[n-1]) && len(words[n-1]) <= 2 && isHeadingWord(words[n-2]) {
		return true
	}
	// "Track 3" alone: the number of the track the next lines describe.
	if len(words) == 2 && allDigits(words[1]) && len(words[1]) <= 2 && strings.EqualFold(words[0], "track") {
		return true
	}
	// "@handle#1234": a chat handle heading its poster's picks.
	if len(words) == 1 && s[0] == '@' {
		return true
	}
	// "... broadcast: 4th July 2020", "Recorded live 2005": a note with a
	// date, no track.
	if d, _, _, ok := findDate(s); ok && d.m != 0 && len(words) <= 8 && strings.ContainsAny(s, ":") {
		return true
	}
	// "Interview with Martin Kennedy from All India Radio": a spoken part
	// of the show and who speaks, as radio lists write it.
	if len(words) >= 2 && len(words) <= 12 && (words[0] == "Interview" || words[0] == "INTERVIEW" || words[0] == "interview") {
		return true
	}
	if isComment(s, words) {
		return true
	}
	if listIntro(s, words) {
		return true
	}
	if len(words) > 4 {
		return false
	}
	for _, w := range words {
		if isHeadingWord(strings.TrimRight(w, ":.")) {
			// "Talk Talk Chameleon Day": the word is a known act's
			// name's, then the title follows, as a table copied without
			// its columns reads ("Caught Up Skit" stays a skit).
			k := knownPrefix(s)
			return k == 0 || !strings.Contains(s[:k], w)
		}
	}
	return false
}

// listIntro: a short sentence that introduces the list and ends as a lead
// to it does ("Here is the final tracklist…", "Check the playlist
// below:"): the list's own word in it, no separator.
func listIntro(s string, words []string) bool {
	if len(words) < 3 || len(words) > 8 || hasDashSep(s) ||
		!(strings.HasSuffix(s, ":") || strings.HasSuffix(s, "…") || strings.HasSuffix(s, "...")) {
		return false
	}
	for _, w := range words {
		switch strings.ToLower(strings.TrimRight(w, ":.…")) {
		case "tracklist", "tracklisting", "playlist", "setlist":
			return true
		}
	}
	return false
}

// isComment: s is a sentence or more, a comment between the tracks ("Ein
// schamloses Eigenlob, aber wir hatten so viel Spaß, diesen Track zu
// machen, ...", "This is the first single from the band's forthcoming
// 2nd album, ..."): ten words or more, at least half of them lowercase,
// and a sentence's punctuation. Titles that long are rarely written in
// lowercase; a comment that names its track first ("Kanye West- “School
// Spirit”: I'm not going to ...") keeps it, in quotes or after a dash,
// and is left to the parse, as is a line of columns.
func isComment(s string, words []string) bool {
	if len(words) < 10 || !strings.ContainsAny(s, ".,!?…") || strings.ContainsAny(s, "\"“”«»") ||
		strings.Contains(s, " / ") || strings.Contains(s, " | ") { // columns: a track's, however long
		return false
	}
	lower := 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) {
			lower++
		}
		if d := dashRunAt(w, 0); d > 0 || isDash(lastRune(w)) {
			return false // a dash at a word's edge: "Artist- Title"
		}
	}
	return lower*2 >= len(words)
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// hasBitrate: s gives an audio file's bitrate, "320kbs", "192 kbps",
// "128kbit".
func hasBitrate(s string) bool {
	// Every unit starts with a b after the k ("kbps", "kbs", "kbit"):
	// only the b's are looked at, found by strings.IndexByte, which is
	// much cheaper than a test of every byte on lines that have none.
	for _, b := range [...]byte{'b', 'B'} {
		for from := 2; from+2 <= len(s); {
			p := strings.IndexByte(s[from:len(s)-1], b)
			if p < 0 {
				break
			}
			p += from
			from = p + 1
			if bitrateAt(s, p-1) {
				return true
			}
		}
	}
	return false
}

// bitrateAt: s[i] is the k of a bitrate's unit after its number.
func bitrateAt(s string, i int) bool {
	if s[i] != 'k' && s[i] != 'K' {
		return false
	}
	j := i
	if s[j-1] == ' ' && j >= 2 {
		j-- // "192 kbps"
	}
	if !isDigit(s[j-1]) {
		return false
	}
	rest := strings.ToLower(s[i+1:])
	for _, unit := range [...]string{"bps", "bs", "bit"} {
		if strings.HasPrefix(rest, unit) && (len(rest) == len(unit) || !isAlnumASCII(rest[len(unit)])) {
			return true
		}
	}
	return false
}

// mixMinutes: s gives a length of 20 minutes or more, "35mins", "67
// min": a mix's, longer than tracks are.
func mixMinutes(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || i > 0 && isDigit(s[i-1]) {
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		k := j
		if k < len(s) && s[k] == ' ' {
			k++
		}
		if rest := strings.ToLower(s[k:]); strings.HasPrefix(rest, "min") && j-i <= 3 && atoi(s[i:j]) >= 20 {
			return true
		}
		i = j
	}
	return false
}

// isMetaLine: a line that gives a field of the release above it, not a
// track: "Label - Drag City", "Album: Kaya", "Format: Vinyl & Download".
func isMetaLine(s string) bool {
	// The field's name is short and ASCII; a dash is "-", or starts with
	// 0xE2 in UTF-8 (–, —).
	k := -1
	for i := 1; i < len(s) && i <= 12; i++ {
		if c := s[i]; c == ':' || c == '-' || c == 0xE2 {
			k = i
			break
		}
	}
	if k <= 0 {
		return false
	}
	if s[k] == ':' && mediaFields.has(trimSpace(s[:k])) {
		return true // "Quality: 320 kBit/s", "Length: 01:01:14" (its time read as a cue)
	}
	return metaFields.has(trimSpace(s[:k])) && hasLetter(s[k:])
}

// mediaFields name what a page says of the mix's file, after a colon.
var mediaFields = newFoldSet("length", "duration", "runtime", "total time", "playtime", "quality", "bitrate", "size", "file size")

var metaFields = newFoldSet("label", "album", "format", "catalog", "catalogue", "cat", "cat.", "cat no", "cat. no.", "release", "released",
	"genre", "style", "country", "year")

func hasAlnum(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// isLink: a URL or a bare domain with a path, alone.
func isLink(s string) bool {
	if strings.IndexByte(s, ' ') >= 0 {
		return false
	}
	// Compared without a lowercase copy: it runs on the last word of
	// every line, and the schemes are ASCII.
	return hasPrefixFoldASCII(s, "http://") || hasPrefixFoldASCII(s, "https://") || hasPrefixFoldASCII(s, "www.") ||
		strings.IndexByte(s, '.') >= 0 && strings.IndexByte(s, '/') >= 0
}

// dotStamp is the length of a time written "h.mm.ss" (with a colon
// after it, or not) at the start of s, followed by a space; 0 when there
// is none.
func dotStamp(s string) int {
	i := 0
	for i < len(s) && i < 2 && isDigit(s[i]) {
		i++
	}
	if i == 0 || len(s) < i+7 || s[i] != '.' || s[i+3] != '.' ||
		!isDigit(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+4]) || !isDigit(s[i+5]) {
		return 0
	}
	n := i + 6
	if n < len(s) && s[n] == ':' {
		n++
	}
	if n >= len(s) || s[n] != ' ' {
		return 0
	}
	return n
}

// dotMinutes reads "h.mm " at the start of s, the hour and minute of a
// long mix written with a dot: its length (without the space) and the
// minutes it says; 0 when there is none.
func dotMinutes(s string) (n, minutes int) {
	i := 0
	for i < len(s) && i < 2 && isDigit(s[i]) {
		i++
	}
	if i == 0 || len(s) < i+5 || s[i] != '.' || !isDigit(s[i+1]) || !isDigit(s[i+2]) || s[i+3] != ' ' || s[i+1] > '5' {
		return 0, 0
	}
	return i + 3, atoi(s[:i])*60 + atoi(s[i+1:i+3])
}

// chartPlace is the length of a chart's place at the start of s,
// "Platz 3 (8): ", "No. 12: ", "Nr. 1 (new). "; 0 when there is none.
func chartPlace(s string) int {
	word, rest, ok := strings.Cut(s, " ")
	if !ok {
		return 0
	}
	switch strings.ToLower(word) {
	case "platz", "place", "no.", "nr.", "no", "nr", "position", "pos.":
	default:
		return 0
	}
	j := 0
	for j < len(rest) && isDigit(rest[j]) {
		j++
	}
	if j == 0 {
		return 0
	}
	tail := rest[j:]
	if strings.HasPrefix(tail, " (") {
		if k := strings.IndexByte(tail, ')'); k > 0 && k < 10 {
			tail = tail[k+1:]
		}
	}
	if len(tail) < 2 || tail[0] != ':' && tail[0] != '.' || tail[1] != ' ' {
		return 0
	}
	return len(s) - len(tail) + 2
}

// boldPlace: a name in MixesDB's bold (three quotes either side) and
// where it played ("Sasha @ Kelly's, Lush, Port Rush"), heading that DJ's
// part of a page of several sets.
func boldPlace(s string) bool {
	if !strings.HasPrefix(s, "'''") {
		return false
	}
	end := strings.Index(s[3:], "'''")
	if end <= 0 {
		return false
	}
	rest := s[3+end+3:]
	return strings.HasPrefix(rest, " @ ") && !hasDashSep(rest)
}

// galleryPlace reads "N/M" at the start of s glued to a capital letter
// ("1/16Mina"), a place among M pictures; j is where the name starts, 0
// when s starts otherwise. A date is never glued to a name.
func galleryPlace(s string) (n, j int) {
	i := 0
	for i < len(s) && i < 3 && isDigit(s[i]) {
		i++
	}
	if i == 0 || i >= len(s) || s[i] != '/' {
		return 0, 0
	}
	k := i + 1
	for k < len(s) && k-i-1 < 3 && isDigit(s[k]) {
		k++
	}
	if k == i+1 || k >= len(s) || !('A' <= s[k] && s[k] <= 'Z') || atoi(s[:i]) > atoi(s[i+1:k]) {
		return 0, 0
	}
	return atoi(s[:i]), k
}

// setHeading: s is the title of a MixesDB page ("2012-06-23 - Deadmau5 @
// BBC Radio 1 Hackney Weekend"), or a name and a link to one ("Axwell =
// 2011-03-27 - Axwell, Norman Doray @ Surfcomber Hotel"): a page holding
// several sets heads each so.
func setHeading(s string) bool {
	if i := strings.Index(s, " = "); i > 0 {
		s = s[i+3:]
	}
	if len(s) < 16 || s[4] != '-' || s[7] != '-' || s[10:13] != " - " || !strings.Contains(s[13:], " @ ") {
		return false
	}
	for i, c := range []byte(s[:10]) {
		if i != 4 && i != 7 && !isDigit(c) && c != 'X' && c != 'x' && c != '?' {
			return false
		}
	}
	return true
}

// isSectionHead: the start of a line that opens a part of a show rather
// than naming a track: "Guest Mix - Natasha Kitty Katt", "First Hour -
// Ollie Blackmore", "Hour 2 - X", "Part 1 - Y".
func isSectionHead(s string) bool {
	if len(s) > 24 || s == "" {
		return false
	}
	// Its first word is one of the words below: most lines' first
	// letter or digit is none of theirs (keep the two lists together).
	if c := s[0] | 0x20; 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
		switch c {
		case 'g', 'f', 's', 't', 'l', 'o', 'c', '1', '2', '3', '4', 'm', 'h', 'p':
		default:
			return false
		}
	}
	var buf [16]byte
	n, head, qualifier := 0, false, false
	for w := range strings.FieldsSeq(s) {
		for len(w) > 0 && (w[len(w)-1] == ':' || w[len(w)-1] == '.') {
			w = w[:len(w)-1] // "Hour 2:", "Pt."
		}
		l, ok := lowerASCII(buf[:], w)
		if !ok || n == 4 { // "Hour 1 Part 1"
			return false
		}
		switch string(l) {
		case "guest", "first", "second", "third", "fourth", "last", "final", "opening", "closing", "1st", "2nd", "3rd", "4th":
			qualifier = true // the part it qualifies follows
		case "mix", "hour", "part", "set", "half", "cd", "side", "segment":
			head, qualifier = true, false
		default:
			// "Hour 2", "Side A"
			if n == 0 || !allDigits(string(l)) && !(len(l) == 1 && 'a' <= l[0] && l[0] <= 'd') {
				return false
			}
			qualifier = false
		}
		n++
	}
	return head && !qualifier
}

// isCreditLine: the start of a line that credits a show's people:
// "Hosted by Joe Kay - ...", "Soulection Radio, Hosted by Joe Kay - ...".
func isCreditLine(s string) bool {
	if !hasByWord(s) {
		return false
	}
	// "Remixed by X" on a line of its own credits the record above, as a
	// sleeve's list does.
	for _, w := range [...]string{"hosted by ", "mixed by ", "presented by ", "compiled by ", "remixed by "} {
		if i := indexFoldASCII(s, w); i == 0 || i > 0 && s[i-1] == ' ' {
			return true
		}
	}
	return false
}

// hasByWord: s holds "by ", "By " or "BY ", looked for in one pass (it
// runs on most lines).
func hasByWord(s string) bool {
	for i := 2; i < len(s); i++ {
		if s[i] == ' ' {
			switch s[i-2 : i] {
			case "by", "By", "BY":
				return true
			}
		}
	}
	return false
}

// numberSeparator writes the tab or "|" that follows a line's leading
// number or time as a space: "08\tArtist - Title", "001|Artist - Title",
// "0:05:09|Artist - Title".
func numberSeparator(s string) string {
	i := 0
	for i < len(s) && (isDigit(s[i]) || s[i] == ':') {
		i++
	}
	if i == 0 || i > 8 || i >= len(s)-1 || s[i] != '|' && s[i] != '\t' {
		return s
	}
	return s[:i] + " " + strings.TrimLeft(s[i+1:], " \t")
}

// isClockText: "7", "8 pm", "19:00", "10am": an hour of a broadcast.
func isClockText(s string) bool {
	if s = trimSpace(s); s == "" || !isDigit(s[0]) {
		return false // most lines: a name, not an hour
	}
	s = strings.ToLower(s)
	for _, suf := range [...]string{" am", " pm", "am", "pm", "h"} {
		if t, ok := strings.CutSuffix(s, suf); ok {
			s = t
			break
		}
	}
	h, m, _ := strings.Cut(s, ":")
	return h != "" && len(h) <= 2 && allDigits(h) && (m == "" || len(m) == 2 && allDigits(m))
}

// isShoutOut: "Tatoun - S/o to JAEL & Aaliyah", a greeting in a list.
func isShoutOut(s string) bool {
	if s == "" || s[0] != 's' && s[0] != 'S' {
		return false
	}
	return hasPrefixFoldASCII(s, "s/o ") || hasPrefixFoldASCII(s, "shout out ") || hasPrefixFoldASCII(s, "shoutout ")
}

// hasHeadingWord: a word of s is a heading's (isHeadingWord).
func hasHeadingWord(s string) bool {
	for w := range strings.FieldsSeq(s) {
		if isHeadingWord(strings.TrimRight(w, ":.")) {
			return true
		}
	}
	return false
}

// isHeadingWord: w names a part of a list or a show ("Part", "CD",
// "Hour", "Tracklist", "Intro"), not a track.
func isHeadingWord(w string) bool {
	var buf [16]byte
	l, ok := lowerASCII(buf[:], w)
	if !ok {
		return false
	}
	switch string(l) {
	case "part", "pt", "cd", "cd1", "cd2", "cd3", "disc", "disk", "side", "hour", "tracklist", "tracklisting",
		"playlist", "setlist", "intro", "outro", "interview", "talk", "bonus", "encore", "chapter", "segment",
		"session", "sessions", "video", "audio", "player", "skit", "history":
		return true
	}
	return false
}

// columns is what a table's header row says of the rows below it.
type columns struct {
	titleFirst bool // the title's column comes before the artist's
	album      bool // an album's column follows the title's, and no label's does
	// dashLabel: the header's cells are set apart by dashes and end in a
	// label's column after the artist's and the title's: "Tracklisting –
	// Artist – Track – Label".
	dashLabel bool
}

// columnHeader reads a table's header row copied with the table: "Artist
// | Track | Album | Label | Approx. start time", "Titel Interpret", "No.
// Artist / Title Start", "Playlist: Artist – “Song/Piece” – Album". It is
// a line of column names, an artist's and a title's among them, and few
// other words.
func columnHeader(s string) (columns, bool) {
	var c columns
	artist, title, label := -1, -1, false
	n, known, lastKind := 0, 0, colNone
	for i := 0; i < len(s); {
		start, end := nextLetterWord(s, i)
		if start == end {
			break
		}
		w := s[start:end]
		i = end
		if n++; n > 10 {
			return columns{}, false
		}
		kind := columnWord(w)
		if kind == colNone {
			kind = swappedColumnWord(w)
		}
		lastKind = kind
		switch kind {
		case colArtist:
			if artist < 0 {
				artist = n
			}
		case colTitle:
			if title < 0 {
				title = n
			}
		case colAlbum:
			c.album = title >= 0
		case colLabel:
			label = true
		case colOther:
		default:
			if n-known > 1 {
				return columns{}, false // a header row holds a word of its own at most
			}
			continue
		}
		known++
	}
	if n < 2 || artist < 0 || title < 0 || 4*known < 3*n {
		return columns{}, false
	}
	c.titleFirst, c.album = title < artist, c.album && !label
	c.dashLabel = lastKind == colLabel && !c.album && hasDashSep(s)
	return c, true
}

// nextLetterWord returns the bounds of the first run of letters in
// s[from:] (start == end when there is none): the words of
// strings.FieldsFunc(s, not unicode.IsLetter), found without a call for
// each ASCII byte.
func nextLetterWord(s string, from int) (start, end int) {
	i := from
	for i < len(s) { // to the first letter
		if c := s[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) {
			break
		}
		i += n
	}
	if i >= len(s) {
		return len(s), len(s)
	}
	start = i
	for i < len(s) { // to the first byte after the letters
		if c := s[i]; c < utf8.RuneSelf {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
				return start, i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			return start, i
		}
		i += n
	}
	return start, len(s)
}

type columnKind uint8

const (
	colNone columnKind = iota
	colArtist
	colTitle
	colAlbum
	colLabel
	colOther
)

// columnWord says which column a word of a header row names.
// It runs on the first words of every line: columnWordSet tells most
// words apart before they are lowercased.
func columnWord(w string) columnKind {
	if columnWordSet.has(w) {
		var buf [12]byte
		l, _ := lowerASCII(buf[:], w)
		return columnWords[string(l)]
	}
	// The two names with a letter outside ASCII; an ASCII word folds to
	// neither, and a word that does starts with a k (or the Kelvin sign,
	// 0xE2 in UTF-8) or a t.
	switch w[0] {
	case 'k', 'K', 0xE2:
		if strings.EqualFold(w, "künstler") {
			return colArtist
		}
	case 't', 'T':
		if strings.EqualFold(w, "título") {
			return colTitle
		}
	}
	return colNone
}

// swappedColumnWord reads an artist's, a title's, an album's or a
// label's column word with two neighbouring letters swapped ("Aritst",
// "Lable"), as a header typed in haste has them. Only a header's words
// are read so, where the other cells already name columns.
func swappedColumnWord(w string) columnKind {
	n := len(w)
	if n < 5 || n > 8 || !isASCII(w) || !swappedCandidates[n][letterMask(w)] {
		return colNone // asked for most words of every line: a swap keeps the letters
	}
	var buf [8]byte
	copy(buf[:], w)
	for i := 1; i+1 < n; i++ { // the first letter is kept
		buf[i], buf[i+1] = buf[i+1], buf[i]
		switch k := columnWord(string(buf[:n])); k {
		case colArtist, colTitle, colAlbum, colLabel:
			return k
		}
		buf[i], buf[i+1] = buf[i+1], buf[i]
	}
	return colNone
}

// swappedCandidates holds, by length, the letters of the column words
// swappedColumnWord can find: a word with other letters is none of them.
var swappedCandidates = func() (c [9]map[uint32]bool) {
	for w, k := range columnWords {
		if k != colOther && len(w) < len(c) {
			if c[len(w)] == nil {
				c[len(w)] = map[uint32]bool{}
			}
			c[len(w)][letterMask(w)] = true
		}
	}
	return c
}()

// letterMask is the set of ASCII letters in w, without regard to case.
func letterMask(w string) uint32 {
	var m uint32
	for i := 0; i < len(w); i++ {
		if c := w[i] | 0x20; 'a' <= c && c <= 'z' {
			m |= 1 << (c - 'a')
		}
	}
	return m
}

var columnWords = map[string]columnKind{
	"artist": colArtist, "artists": colArtist, "interpret": colArtist, "artiste": colArtist, "artista": colArtist, "performer": colArtist,
	"title": colTitle, "titel": colTitle, "titre": colTitle, "titolo": colTitle, "titulo": colTitle, "track": colTitle, "song": colTitle, "piece": colTitle,
	"album": colAlbum, "label": colLabel,
	"no": colOther, "nr": colOther, "year": colOther, "time": colOther, "start": colOther, "approx": colOther, "length": colOther,
	"duration": colOther, "country": colOther, "images": colOther, "sound": colOther, "bpm": colOther, "key": colOther, "playlist": colOther,
	// "Artist | Track/Song Name | Album Title | Label/Distributor | Comments"
	"name": colOther, "distributor": colOther, "comments": colOther, "comment": colOther, "genre": colOther,
}

var columnWordSet = func() *foldSet {
	var ws []string
	for w := range columnWords {
		ws = append(ws, w)
	}
	return newFoldSet(ws...)
}()

// endPosition reads a position at the end of a line: a number of at most
// three digits after a space, unless the word before it makes it part of
// a title ("Part 2", "Vol 3", "Chapter 4", "#5").
func endPosition(line string) (int, bool) {
	k := strings.LastIndexByte(line, ' ')
	if k <= 0 || len(line)-k-1 > 3 || !allDigits(line[k+1:]) {
		return 0, false
	}
	before := line[:k]
	w := strings.ToLower(strings.TrimRight(before[strings.LastIndexByte(before, ' ')+1:], ".:"))
	switch w {
	case "part", "pt", "vol", "volume", "chapter", "no", "nr", "number", "episode", "ep", "op", "opus",
		"track", "side", "cd", "disc", "mix", "act", "scene", "movement", "book", "level", "round", "#":
		return 0, false
	}
	n, _ := strconv.Atoi(line[k+1:])
	return n, true
}

// arrowsAsDashes reads "DJ Qu > Mixing Room > Strength Music" as
// "DJ Qu - Mixing Room - Strength Music": a line without a spaced dash
// whose parts one or two spaced ">" join is written with arrows for
// dashes, artist, title and maybe label, as a list's own dashes are read
// (a label after the third part in a list that writes one). More arrows,
// or a line that starts or ends with one (">> Chris Phinney ..."), are
// something else.
func arrowsAsDashes(s string) (string, bool) {
	if strings.IndexByte(s, '>') < 0 || hasDashSep(s) {
		return s, false // most lines: one byte search
	}
	n := countTopLevel(s, " > ")
	if n < 1 || n > 2 || strings.HasPrefix(s, ">") || strings.HasSuffix(s, ">") || strings.Contains(s, ">>") {
		return s, false
	}
	return strings.ReplaceAll(s, " > ", " - "), true
}
