package tracklist

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// A table pasted as text keeps its cells apart with tabs ("1\tAruna\tLet
// go\tOriginal Mix\tAnjunabeats", a podcast feed's song list) or with runs
// of spaces ("Inside   Tiff Paige", a blog's radio playlist). Cleaning
// turns both into one space, after which nothing tells the artist's cell
// from the title's; so the cells are read before, from the raw lines of
// the list, and each row is written back the way the parser reads it:
// "Artist - Title (Remix)", a label column given apart. One line alone
// does not make a table
// (a tab after a position is common, three spaces may be a typo): the
// rows of a list must agree.

// colRemix is the column of a remix or version ("Original Mix", "Yuri
// Kane Remix"), which a header names in a table pasted as text, though
// not in one copied as a line (columnWord).
const colRemix columnKind = 255

// cellColumn says which column a header's cell names: one word of
// columnWord's, or of the words above; "#" heads the positions.
func cellColumn(c string) columnKind {
	if c == "" {
		return colNone
	}
	switch strings.ToLower(c) {
	case "remix", "mix", "version", "remixer":
		return colRemix
	case "#", "pos", "position":
		return colOther
	}
	if start, end := nextLetterWord(c, 0); start == 0 && end == len(c) {
		return columnWord(c)
	}
	return colNone
}

// tableLine is what a line is to a table pasted as text.
type tableLine uint8

const (
	notTable    tableLine = iota
	tableHeader           // "#  ARTIST  TITLE  REMIX  LABEL"
	tableRow              // a row without a header: the list's votes say its order
	headedRow             // a row under a header, rewritten artist first
)

// tableInfo is what a table says of one of its lines.
type tableInfo struct {
	kind tableLine
	// label is a headed row's label column, given apart as a scraper
	// gives one (Hints.Label): "S107" in its column is a label, though
	// written in the line it would read as a catalog number.
	label string
}

// tableRows rewrites the rows of a table pasted as text (see above) and
// returns the lines, rewritten or not, and what each is to the table.
// lines is returned as it is, and tab nil, when the list holds no table.
func tableRows(lines []string) (out []string, tab []tableInfo) {
	// Most lists have no cells to split: one scan of each line says so.
	spread := 0
	for _, line := range lines {
		if strings.IndexByte(line, '\t') >= 0 || strings.Contains(line, "   ") {
			spread++
		}
	}
	if spread < minLayoutLines {
		return lines, nil
	}
	var cols []columnKind
	headerAt := -1
	rows := 0
	for i, line := range lines {
		cells := splitCells(line)
		if cols == nil {
			if c, ok := headerOf(cells); ok {
				cols, headerAt = c, i
				continue
			}
		}
		if _, content, _ := leadCells(cells); plainCells(content) {
			rows++
		}
	}
	// A headed table needs a few rows under its header; a table without
	// one, that most of the list is rows.
	if rows < minLayoutLines || cols == nil && rows*10 < len(lines)*6 {
		return lines, nil
	}
	out = make([]string, len(lines))
	tab = make([]tableInfo, len(lines))
	for i, line := range lines {
		out[i] = line
		cells := splitCells(line)
		switch {
		case i == headerAt:
			tab[i].kind = tableHeader
		case i > headerAt && cols != nil && len(cells) >= 2:
			out[i], tab[i].label = writeHeadedRow(cells, cols)
			tab[i].kind = headedRow
		case cols == nil:
			if lead, content, trail := leadCells(cells); plainCells(content) {
				// Which cell is the artist's the order votes of the
				// list decide, as for "Title - Artist".
				content = slices.DeleteFunc(content, func(c string) bool { return c == "" })
				out[i], tab[i].kind = joinRow(lead, strings.Join(content, " - "), trail), tableRow
			}
		}
		if len(out[i]) > MaxLineBytes {
			// Too long once rewritten: left as it is, so that a line is
			// too long to be read in the list exactly when it is alone.
			out[i], tab[i] = line, tableInfo{}
		}
	}
	return out, tab
}

// splitCells splits a line at its tabs, or, when it has none, at its runs
// of three spaces or more. The cells are trimmed; a tab between two others
// makes an empty cell, so that a row's cells stay under their header's.
func splitCells(line string) []string {
	var cells []string
	if strings.IndexByte(line, '\t') >= 0 {
		cells = strings.Split(line, "\t")
	} else {
		for {
			i := strings.Index(line, "   ")
			if i < 0 {
				cells = append(cells, line)
				break
			}
			cells = append(cells, line[:i])
			line = strings.TrimLeft(line[i:], " ")
		}
	}
	for i, c := range cells {
		cells[i] = trimSpace(c)
	}
	// Cells at the ends are empty when the line starts or ends with
	// the separator.
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// headerOf reads a table's header: cells that name columns, an artist's
// and a title's among them, and few others ("#  ARTIST  TITLE  REMIX
// LABEL  EDIT  DELETE", the last two the links of a web page's table).
func headerOf(cells []string) ([]columnKind, bool) {
	if len(cells) < 2 {
		return nil, false
	}
	cols := make([]columnKind, len(cells))
	var artist, title bool
	known := 0
	for i, c := range cells {
		cols[i] = cellColumn(c)
		if cols[i] != colNone {
			known++
		}
		artist = artist || cols[i] == colArtist
		title = title || cols[i] == colTitle
	}
	return cols, artist && title && known*2 >= len(cells)
}

// leadCells splits off the cells in front that are a position or a time
// (no letter, or a side of a record: "A1", "B"), and those at the end
// that hold no letter (a length: "6:05"), which stay in front of and after
// the content cells, where the prefixes and a trailing cue are read.
func leadCells(cells []string) (lead, content, trail []string) {
	i := 0
	for i < len(cells) && (!hasLetter(cells[i]) || sideCell(cells[i])) {
		i++
	}
	j := len(cells)
	for j > i && !hasLetter(cells[j-1]) {
		j--
	}
	return cells[:i], cells[i:j], cells[j:]
}

// sideCell: "A1", "B", "AA2": a record's side and a track on it, as
// release pages number their tracks.
func sideCell(c string) bool {
	k := 0
	for k < len(c) && 'A' <= c[k] && c[k] <= 'D' {
		k++
	}
	return k >= 1 && k <= 2 && strings.Trim(c[k:], "0123456789") == ""
}

// plainCells says whether cells are two columns or more of their own:
// none already holds a spaced dash, and none starts or ends with a
// separator, which would join it to its neighbour ("Janis Joplin-
// \"Cry Baby\"", spaces that only pad). Empty cells do not count.
func plainCells(cells []string) bool {
	n := 0
	for _, c := range cells {
		if c == "" {
			continue
		}
		if len(dashSeps(c, nil)) > 0 {
			return false
		}
		first, _ := utf8.DecodeRuneInString(c)
		last, _ := utf8.DecodeLastRuneInString(c)
		for _, r := range [...]rune{first, last} {
			if isDash(r) || r == ':' || r == '/' || r == '|' || r == ';' || r == ',' {
				return false
			}
		}
		n++
	}
	return n >= 2
}

// writeHeadedRow writes a row of a headed table as "Artist - Title
// (Remix)", a position or a time of the other columns in front of it, a
// time (a length) after it, and returns its label apart. What else the
// other columns hold (an album, a year) is not the line's.
func writeHeadedRow(cells []string, cols []columnKind) (line, label string) {
	var lead, trail []string
	var artist, title, remix string
	for i, c := range cells {
		if i >= len(cols) || c == "" {
			continue
		}
		switch cols[i] {
		case colOther, colNone:
			_, timed := isTimestamp(c)
			switch {
			case artist == "" && title == "" && (timed || allDigits(c) || sideCell(c)):
				lead = append(lead, c)
			case (artist != "" || title != "") && timed:
				trail = append(trail, c)
			}
		case colArtist:
			artist = c
		case colTitle:
			title = c
		case colRemix:
			remix = c
		case colLabel:
			if !isPlaceholder(c) { // "Unknown": no label given
				label = c
			}
		}
	}
	body := title
	switch {
	case artist != "" && title != "":
		body = artist + " - " + title
	case artist != "":
		body = artist
	}
	if remix != "" {
		if remix[0] != '(' && remix[0] != '[' {
			remix = "(" + remix + ")"
		}
		body += " " + remix
	}
	return joinRow(lead, body, trail), label
}

// joinRow puts a row's lead cells back in front of its body, and its
// trailing ones after it. A number or a record's side alone in its cell
// is a position, whatever the numbers above and below it: it is written
// "7.", "A1." so that the prefixes read it so, not as the start of a name
// ("7 W&W").
func joinRow(lead []string, body string, trail []string) string {
	var b strings.Builder
	for _, c := range lead {
		if c == "" {
			continue
		}
		b.WriteString(c)
		if strings.Trim(c, "0123456789") == "" || sideCell(c) {
			b.WriteByte('.')
		}
		b.WriteByte(' ')
	}
	b.WriteString(body)
	for _, c := range trail {
		if c != "" {
			b.WriteByte(' ')
			b.WriteString(c)
		}
	}
	return b.String()
}

// prepareRow prepares line i of a list whose lines tableRows returned
// (tab nil when the list holds no table): the rewritten line is read, the
// raw one kept as Track.Line.
func prepareRow(lines, raw []string, tab []tableInfo, i int, prefix prefixOpts) lineInfo {
	li := prepare(lines[i], prefix)
	if tab == nil {
		return li
	}
	if lines[i] != raw[i] {
		li.clean, _ = cleanText(raw[i])
	}
	li.notTrack = li.notTrack || tab[i].kind == tableHeader
	li.label = tab[i].label
	return li
}

// headedOrder reads the rows of a headed table artist first, as they
// were written from its columns, whatever the list's votes say.
func headedOrder(tab []tableInfo, opts []bodyOpts) {
	for i := range tab {
		if tab[i].kind == headedRow {
			opts[i] &^= bodyTitleFirst | bodyOrderUnshown
		}
	}
}

// withTableLabel completes a line's hints with the label its table gives
// in a column: a scraper's hint comes first.
func withTableLabel(h Hints, li lineInfo) Hints {
	if h.Label == "" {
		h.Label = li.label
	}
	return h
}
