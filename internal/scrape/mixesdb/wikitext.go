package mixesdb

import (
	"strings"

	"github.com/songnodes/pipeline/internal/record"
)

// tracklistLines reads the tracks off a page's wikitext; found is false
// when it has no tracklist section. The section runs from its heading
// ("== Tracklist ==", any level, any case) to the next heading of the
// same level or higher; deeper headings inside it are skipped.
//
// MixesDB writes a tracklist two ways (mixesdb/userscripts,
// shared/page_creator): a "#" numbered list when every track is named,
// and plain lines inside <list>...</list> when there are "?" tracks and
// "..." gaps. So a track line is
//
//   - a line of the section starting with "#" (one or more: "##" is a
//     nested item), but not "#:", "#*" or "#;", which continue the item
//     above as indented text;
//   - any line inside <list>...</list>;
//   - a line starting with "+" (a track played over the one before);
//   - the text after a <br> in one of these, a line of its own on the page
//     ("# [042:10] E-Smoove -The Guitar [Henry Street Music]<br>+ [44:16]
//     C & C Music Factory - ..." is two tracks).
//
// Other lines are not tracks: DJ headings (";Pete Tong", a bold "Riva
// Starr = [[...]]"), notes, "[http://... Tracklist source]" links, templates and
// categories. Inside a list, gaps ("...", a run of dots) and the "--"
// MixesDB writes in an empty part are no tracks either, nor are headings,
// [[Category:]] and [[File:]] lines, or "*" bullets, which list things
// heard in no order ("Includes the following acapellas:" then a <list> of
// "* Blaze - My Beat (Acapella) [Slip-N-Slide]"...). Comments (<!-- -->)
// hide what they hold: a line that is only a comment is none.
//
// RawLine is the line as the wikitext writes it, markup and comments
// included, with only the list marker ("#", "##") and the blanks around
// it taken off, so that a numbered line and a <list> line read alike; the
// <br> a line was split at goes too. The cue is the bracket at the start
// ("[12]", "[1:02:03]", "[000:00]") when all of it is digits; "[??]",
// "[0??]" and "[3?]" say the time is not known and give none. A "+" before
// or after the cue marks the track WithPrevious.
func tracklistLines(wikitext string) (tracks []record.ScrapedTrack, found bool) {
	lines := strings.Split(wikitext, "\n")
	start, level := -1, 0
	for i, l := range lines {
		if lv, text, ok := heading(l); ok && strings.EqualFold(text, "Tracklist") {
			start, level = i+1, lv
			break
		}
	}
	if start < 0 {
		return nil, false
	}
	tracks = []record.ScrapedTrack{}
	var c commentState
	inList := false
	for _, l := range lines[start:] {
		l = strings.TrimRight(l, "\r")
		if !c.open {
			if lv, _, ok := heading(l); ok {
				if lv <= level {
					break
				}
				continue
			}
		}
		kept := c.keep(l)
		// <list> and </list> open and close a list on their own line or at
		// the start and the end of one.
		body := strings.TrimSpace(kept)
		if rest, ok := cutTag(body, "<list"); ok {
			inList, body = true, rest
		}
		closes := false
		if rest, ok := cutEndTag(body, "</list>"); ok {
			closes, body = true, rest
		}
		// A part after a <br> belongs to the item the line started: it is a
		// track if that line is a track line.
		lineMarked := inList
		for i, part := range splitBR(body) {
			raw := strings.TrimSpace(part)
			vis := strings.TrimSpace(stripComments(raw))
			if vis == "" {
				continue
			}
			marked := lineMarked
			if i == 0 {
				marked = inList
			}
			switch {
			case vis[0] == '#':
				n := countPrefix(vis, '#')
				if n < len(vis) && strings.IndexByte(":*;", vis[n]) >= 0 {
					continue
				}
				raw = strings.TrimSpace(strings.TrimLeft(raw, "#"))
				vis = strings.TrimSpace(vis[n:])
				marked = true
			case vis[0] == '+':
				marked = true
			}
			if i == 0 {
				lineMarked = marked
			}
			if !marked || vis == "" || notTrack(vis) {
				continue
			}
			t := record.ScrapedTrack{Position: len(tracks) + 1, RawLine: raw}
			cue, with := cueOf(vis)
			if cue != "" {
				t.Cue = ptr(cue)
			}
			if with {
				t.WithPrevious = ptr(true)
			}
			tracks = append(tracks, t)
		}
		if closes {
			inList = false
		}
	}
	return tracks, true
}

// heading reads a "== Text ==" line.
func heading(l string) (level int, text string, ok bool) {
	l = strings.TrimSpace(l)
	left, right := countPrefix(l, '='), 0
	for right < len(l) && l[len(l)-1-right] == '=' {
		right++
	}
	if left == 0 || right == 0 || left+right >= len(l) {
		return 0, "", false
	}
	return min(left, right), strings.TrimSpace(l[left : len(l)-right]), true
}

func countPrefix(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// notTrack: a line inside the list that names no track.
func notTrack(v string) bool {
	switch {
	case strings.Trim(v, ".…") == "": // a gap: "...", "....", "…"
		return true
	case strings.Trim(v, "-–") == "": // "--": an empty part
		return true
	case v[0] == ';' || v[0] == '=':
		return true
	case v[0] == '*': // a bullet: things heard in no order
		return true
	case hasPrefixFold(v, "[[Category:"), hasPrefixFold(v, "[[File:"), hasPrefixFold(v, "[[Image:"):
		return true
	}
	return false
}

func hasPrefixFold(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
}

// cutTag takes an opening tag such as "<list>" or "<list class=...>" off
// the start of s.
func cutTag(s, open string) (string, bool) {
	if !hasPrefixFold(s, open) || len(s) == len(open) || (s[len(open)] != '>' && s[len(open)] != ' ') {
		return s, false
	}
	i := strings.IndexByte(s, '>')
	if i < 0 {
		return s, false
	}
	return strings.TrimSpace(s[i+1:]), true
}

// cutEndTag takes a closing tag off the end of s.
func cutEndTag(s, tag string) (string, bool) {
	if len(s) < len(tag) || !strings.EqualFold(s[len(s)-len(tag):], tag) {
		return s, false
	}
	return strings.TrimSpace(s[:len(s)-len(tag)]), true
}

// cueOf reads the cue at the start of a track line (after its marker):
// the time when the bracket holds one, "" when there is none or it holds
// "?" or "X"; with is set by a "+" before or after the bracket.
func cueOf(v string) (cue string, with bool) {
	v = strings.TrimLeft(v, "' ")
	if strings.HasPrefix(v, "+") {
		with = true
		v = strings.TrimLeft(v[1:], "' ")
	}
	if len(v) < 3 || v[0] != '[' {
		return "", with
	}
	end := strings.IndexByte(v, ']')
	if end < 0 {
		return "", with
	}
	in := v[1:end]
	if !cueShaped(in) {
		return "", with
	}
	if strings.HasPrefix(strings.TrimLeft(v[end+1:], "' "), "+") {
		with = true
	}
	if strings.ContainsAny(in, "?Xx") {
		return "", with
	}
	return in, with
}

// cueShaped: 1 to 3 digits, then up to two ":" and 1 or 2 digits, any of
// them "?" or "X" ("12", "0??", "1:02:03", "000:00", "???").
func cueShaped(s string) bool {
	groups := strings.Split(s, ":")
	if len(groups) > 3 {
		return false
	}
	for i, g := range groups {
		if g == "" || len(g) > 3 || i > 0 && len(g) > 2 {
			return false
		}
		for j := 0; j < len(g); j++ {
			if c := g[j]; !('0' <= c && c <= '9' || c == '?' || c == 'X' || c == 'x') {
				return false
			}
		}
	}
	return true
}

// commentState carries a comment left open at the end of a line.
type commentState struct{ open bool }

// keep is the line with what an open comment hides taken off: the part of
// a comment begun on a line above, and a comment left open at its end.
// Comments that open and close on the line are kept.
func (c *commentState) keep(l string) string {
	if c.open {
		i := strings.Index(l, "-->")
		if i < 0 {
			return ""
		}
		c.open = false
		l = l[i+3:]
	}
	for from := 0; ; {
		i := strings.Index(l[from:], "<!--")
		if i < 0 {
			return l
		}
		i += from
		j := strings.Index(l[i+4:], "-->")
		if j < 0 {
			c.open = true
			return l[:i]
		}
		from = i + 4 + j + 3
	}
}

// stripComments takes the (closed) comments out of s.
func stripComments(s string) string {
	if !strings.Contains(s, "<!--") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "<!--")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.Index(s[i+4:], "-->")
		if j < 0 {
			return b.String()
		}
		s = s[i+4+j+3:]
	}
}

// splitBR splits s at <br>, <br/> and <br /> outside comments.
func splitBR(s string) []string {
	if !strings.Contains(strings.ToLower(s), "<br") {
		return []string{s}
	}
	var parts []string
	last := 0
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "<!--") {
			j := strings.Index(s[i+4:], "-->")
			if j < 0 {
				break
			}
			i += 4 + j + 3
			continue
		}
		if hasPrefixFold(s[i:], "<br") {
			// "<br>", "<br/>", "<br />": nothing but blanks and "/" before ">".
			if j := strings.IndexByte(s[i:], '>'); j >= 3 && strings.Trim(s[i+3:i+j], " /") == "" {
				parts = append(parts, s[last:i])
				i += j + 1
				last = i
				continue
			}
		}
		i++
	}
	return append(parts, s[last:])
}
