package tracklist

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// markupBytes are the bytes markup starts with.
var markupBytes = newByteSet("'[{<&*_")

// stripMarkup removes the markup tracklists are published with, keeping
// the text a reader sees: MixesDB's wikitext (” and ”' emphasis,
// [[Link|Text]] and [[Name]] links, {{templates}}, <s>, <small> and other
// tags), markdown emphasis (**bold**, __bold__) and HTML entities (&amp;).
// A line without any of those characters is returned as it is.
func stripMarkup(s string) string {
	// MixesDB's page, copied as it shows, ends in its categories, glued
	// to the list's last line: "Phase - The DialogueCategory:Tracklist:
	// complete". A word glued to "Category:" is no title's.
	if i := strings.Index(s, "Category:"); i > 0 && s[i-1] != ' ' && s[i-1] != '[' && s[i-1] != ':' {
		s = trimSpace(s[:i])
	}
	if !markupBytes.in(s) {
		return s
	}
	if hasEntityStart(s) {
		s = html.UnescapeString(s)
	}
	// The steps below only take bytes out of s (dropTags leaves a space
	// for a tag): a marker whose first byte s lacks now cannot appear
	// later, and is not searched for. Most lines with a markup byte have
	// one kind only: an apostrophe ("Don't"), an ampersand, a label's
	// square bracket.
	var has [128]bool
	for _, c := range [...]byte{'[', '{', '<', '\'', '*', '_'} { // the markers' first bytes
		has[c] = strings.IndexByte(s, c) >= 0 // vectorised: cheaper than a test of every byte
	}
	if has['['] && strings.Contains(s, "[[") {
		s = unlink(s)
	}
	if has['['] && strings.Contains(s, "[http") {
		s = unlinkExternal(s)
	}
	if has['{'] && strings.Contains(s, "{{") {
		s = untemplate(s)
	}
	if has['<'] {
		if strings.Contains(s, "<!--") {
			// A comment the editor left for editors; one left open runs
			// on past the line.
			s = dropBetween(s, "<!--", "-->")
			if i := strings.Index(s, "<!--"); i >= 0 {
				s = s[:i]
			}
		}
		s = dropTags(s)
	}
	if !has['\''] && !has['*'] && !has['_'] {
		return s
	}
	// A bold lead ending in a colon is a segment name, not part of the
	// line: "'''Rewind 2…1999:''' Artist - Title".
	if i := strings.Index(s, "'''"); i >= 0 && i <= 4 {
		if j := strings.Index(s[i+3:], ":'''"); j >= 0 {
			s = s[:i] + s[i+3+j+4:]
		}
	}
	if has['\''] {
		s = dropGuessMark(s)
	}
	for _, m := range [...]string{"'''", "''", "**", "__"} {
		if !has[m[0]] {
			continue
		}
		if m == "**" && (strings.Contains(s, "***") || censored(s)) {
			continue // "**** You", "Lovesick F**k": a word censored, not bold
		}
		if strings.Contains(s, m) {
			s = strings.ReplaceAll(s, m, "")
		}
	}
	return s
}

// censored: stars stand inside a word of s, between two letters or
// digits, as they hide a word's letters ("F**k"); bold's stars stand at
// a word's ends.
func censored(s string) bool {
	for i := strings.Index(s, "**"); i >= 0; {
		if i > 0 && i+2 < len(s) && isAlnumASCII(s[i-1]) && isAlnumASCII(s[i+2]) {
			return true
		}
		j := strings.Index(s[i+2:], "**")
		if j < 0 {
			return false
		}
		i += 2 + j
	}
	return false
}

// hasEntityStart: an "&" of s stands before a letter, a digit or "#", as
// an entity's does. html.UnescapeString leaves every other "&" as it is,
// but copies the string to find out ("Chris Lake & Sante Sansone").
func hasEntityStart(s string) bool {
	// The ampersands are found by strings.IndexByte (vectorised): most
	// lines that get here have none.
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 || i+1 >= len(s) {
			return false
		}
		if c := s[i+1]; isAlnumASCII(c) || c == '#' {
			return true
		}
		s = s[i+1:]
	}
}

// unlink turns [[Target|Text]] into Text and [[Name]] into Name. A web
// address in double brackets ("[[http://... Free Release]]") points
// somewhere else and names nothing of the track: it goes, as does a
// category ("[[Category:Tracklist: complete]]"), which the page does not
// show where it is written ("[[:Category:X|X]]" is a link, and stays).
func unlink(s string) string {
	return replaceLinks(s, "[[", "]]", func(link string) (string, bool) {
		if strings.HasPrefix(link, "http://") || strings.HasPrefix(link, "https://") {
			return "", true
		}
		if strings.HasPrefix(link, "Category:") {
			return "", true // files the page under a category; shows nothing
		}
		if k := strings.LastIndexByte(link, '|'); k >= 0 {
			link = link[k+1:]
		}
		return link, true
	})
}

// untemplate removes {{templates}}, except MixesDB's audio sample,
// {{Sample|file|Artist - Title}}, whose last part is the track it plays.
func untemplate(s string) string {
	return replaceLinks(s, "{{", "}}", func(t string) (string, bool) {
		if len(t) > 7 && strings.EqualFold(t[:7], "sample|") {
			return t[strings.LastIndexByte(t, '|')+1:], true
		}
		return "", true
	})
}

// unlinkExternal turns wikitext's external links [https://url Text] into
// Text; a bare [https://url] stays (it shows as a link, not as words).
func unlinkExternal(s string) string {
	return replaceLinks(s, "[http", "]", func(link string) (string, bool) {
		sp := strings.IndexByte(link, ' ')
		ok := sp >= 0 && (strings.HasPrefix(link, "://") || strings.HasPrefix(link, "s://"))
		return trimSpace(link[sp+1:]), ok
	})
}

// replaceLinks replaces each open...close span of s with what text makes
// of what it encloses; a span text refuses, or one left open, ends the
// replacing there.
func replaceLinks(s, open, close string, text func(link string) (string, bool)) string {
	var b strings.Builder
	for {
		i := strings.Index(s, open)
		if i < 0 {
			break
		}
		j := strings.Index(s[i+len(open):], close)
		if j < 0 {
			break
		}
		t, ok := text(s[i+len(open) : i+len(open)+j])
		if !ok {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(t)
		s = s[i+len(open)+j+len(close):]
	}
	b.WriteString(s)
	return b.String()
}

// dropBetween removes every open...close span of s.
func dropBetween(s, open, close string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, open)
		if i < 0 {
			break
		}
		j := strings.Index(s[i+len(open):], close)
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		s = s[i+len(open)+j+len(close):]
	}
	b.WriteString(s)
	return b.String()
}

// dropTags removes HTML tags (<s>, </s>, <br/>, <small>...), keeping the
// text between them. A "<" that does not start a tag ("<3") stays.
func dropTags(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 || i+1 >= len(s) {
			break
		}
		c := s[i+1]
		if !(c == '/' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// dropGuessMark drops the question mark MixesDB's editors put at the end
// of a track they set in italics (two apostrophes each side), as unsure,
// to say the title is a guess: "Casanova - World War 3?" in italics, or
// "Joe Tex - I Gotcha" in italics and then the mark. The mark stands
// right after a word; a "?" alone is an unknown title ("Graffino - ?")
// and one after a bracket is the bracket's.
func dropGuessMark(s string) string {
	t := strings.TrimRight(s, " ")
	var i int // the mark's index in t
	switch {
	case strings.HasSuffix(t, "''?") && !strings.HasSuffix(t, "'''?"):
		i = len(t) - 1
		if !isWordEnd(t[:i-2]) {
			return s
		}
	case strings.HasSuffix(t, "?''") && !strings.HasSuffix(t, "?'''"):
		i = len(t) - 3
		if !isWordEnd(t[:i]) {
			return s
		}
	default:
		return s
	}
	if strings.Count(t, "''") < 2 {
		return s // no italics opened before it
	}
	return t[:i] + t[i+1:]
}

// isWordEnd: s ends in a letter or a digit.
func isWordEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
