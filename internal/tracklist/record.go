package tracklist

import "strings"

// recordLine reads a track written as a record of fields, one per line,
// as tools that recognise a mix's tracks save them: a Python dict or a
// JSON object, "{'title': 'Deep Inside', 'artists': 'Hardrive'}". It
// returns the line the parser reads ("Hardrive - Deep Inside", a label
// field in square brackets after it); ok is false when s is no such
// record or names no title.
func recordLine(s string) (line string, ok bool) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return "", false
	}
	var artist, title, label string
	named := false // a title or an artist field, empty or not
	rest := trimSpace(s[1 : len(s)-1])
	for rest != "" {
		key, r, ok := recordString(rest)
		if !ok {
			return "", false
		}
		r = trimSpace(r)
		if r == "" || r[0] != ':' {
			return "", false
		}
		r = trimSpace(r[1:])
		var value string
		if strings.HasPrefix(r, "None") || strings.HasPrefix(r, "null") {
			r = r[4:]
		} else if value, r, ok = recordString(r); !ok {
			return "", false
		}
		switch strings.ToLower(key) {
		case "title", "track", "song", "name":
			title, named = value, true
		case "artist", "artists", "performer", "subtitle":
			artist, named = value, true
		case "label":
			label = value
		}
		r = trimSpace(r)
		if r != "" && r[0] != ',' {
			return "", false
		}
		if r != "" {
			r = trimSpace(r[1:])
		}
		rest = r
	}
	title, artist, label = trimSpace(title), trimSpace(artist), trimSpace(label)
	if title == "" && artist == "" && named {
		return "ID - ID", true // "{'title': '', 'artists': ''}": a track not recognised
	}
	if title == "" {
		return "", false
	}
	line = title
	if artist != "" {
		line = artist + " - " + title
	}
	if label != "" {
		line += " [" + label + "]"
	}
	return line, true
}

// recordString reads a string in single or double quotes at the start
// of s, with backslash escapes as Python and JSON write them, and
// returns it and what follows.
func recordString(s string) (value, rest string, ok bool) {
	if s == "" || s[0] != '\'' && s[0] != '"' {
		return "", "", false
	}
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n', 't':
				b.WriteByte(' ')
			default:
				b.WriteByte(s[i]) // \' \" \\ \/
			}
		case c == q:
			return b.String(), s[i+1:], true
		default:
			b.WriteByte(c)
		}
	}
	return "", "", false
}
