package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// checkStrict refuses what encoding/json accepts quietly in a JSON value:
// a key given twice (encoding/json keeps the last, matching keys without
// regard to case, so "name" and "Name" are the same key to it), and a
// lone UTF-16 surrogate escape such as \ud800 (encoding/json stores
// U+FFFD, a character the scraper never sent). The error names the field.
// b is one JSON value that encoding/json has already parsed; anything
// else gets an error, never a panic.
func checkStrict(b []byte) error {
	s := &strictScanner{b: b}
	if err := s.value(""); err != nil {
		return err
	}
	s.ws()
	if s.i != len(s.b) {
		return errMalformed
	}
	return nil
}

var errMalformed = errors.New("malformed JSON")

type strictScanner struct {
	b     []byte
	i     int
	depth int
}

func (s *strictScanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

func (s *strictScanner) value(path string) error {
	s.ws()
	if s.i >= len(s.b) {
		return errMalformed
	}
	switch s.b[s.i] {
	case '{':
		return s.object(path)
	case '[':
		return s.array(path)
	case '"':
		_, err := s.str(path)
		return err
	}
	// A number, true, false or null: encoding/json checked its syntax.
	start := s.i
	for s.i < len(s.b) && !strings.ContainsRune(",]} \t\r\n", rune(s.b[s.i])) {
		s.i++
	}
	if s.i == start {
		return errMalformed
	}
	return nil
}

func (s *strictScanner) enter() error {
	s.depth++
	if s.depth > 10000 { // encoding/json's own limit
		return errMalformed
	}
	s.i++
	return nil
}

func (s *strictScanner) object(path string) error {
	if err := s.enter(); err != nil {
		return err
	}
	seen := map[string]string{} // folded key -> the key as first written
	for first := true; ; first = false {
		s.ws()
		if s.i < len(s.b) && s.b[s.i] == '}' && first {
			s.i++
			s.depth--
			return nil
		}
		key, err := s.str(join(path, "(a key)"))
		if err != nil {
			return err
		}
		field := join(path, key)
		fold := foldKey(key)
		if prev, ok := seen[fold]; ok {
			if prev == key {
				return fmt.Errorf("field %s appears twice: give each field once", field)
			}
			return fmt.Errorf("field %s appears twice (as %q and %q, the same field to a JSON decoder): give each field once", field, prev, key)
		}
		seen[fold] = key
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != ':' {
			return errMalformed
		}
		s.i++
		if err := s.value(field); err != nil {
			return err
		}
		s.ws()
		if s.i >= len(s.b) {
			return errMalformed
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			s.depth--
			return nil
		default:
			return errMalformed
		}
	}
}

func (s *strictScanner) array(path string) error {
	if err := s.enter(); err != nil {
		return err
	}
	for n := 0; ; n++ {
		s.ws()
		if s.i < len(s.b) && s.b[s.i] == ']' && n == 0 {
			s.i++
			s.depth--
			return nil
		}
		if err := s.value(path + "[" + strconv.Itoa(n) + "]"); err != nil {
			return err
		}
		s.ws()
		if s.i >= len(s.b) {
			return errMalformed
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			s.depth--
			return nil
		default:
			return errMalformed
		}
	}
}

// str reads a string at s.i and returns it decoded; a lone surrogate
// escape is an error naming path.
func (s *strictScanner) str(path string) (string, error) {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return "", errMalformed
	}
	s.i++
	var sb strings.Builder
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return sb.String(), nil
		case c == '\\':
			if s.i+1 >= len(s.b) {
				return "", errMalformed
			}
			e := s.b[s.i+1]
			if e != 'u' {
				sb.WriteByte(unescape(e))
				s.i += 2
				continue
			}
			r, ok := s.hex4(s.i + 2)
			if !ok {
				return "", errMalformed
			}
			s.i += 6
			if !utf16.IsSurrogate(r) {
				sb.WriteRune(r)
				continue
			}
			// A high surrogate must be followed by a low one, as \uXXXX.
			if r < 0xdc00 && s.i+1 < len(s.b) && s.b[s.i] == '\\' && s.b[s.i+1] == 'u' {
				if r2, ok := s.hex4(s.i + 2); ok && r2 >= 0xdc00 && r2 <= 0xdfff {
					sb.WriteRune(utf16.DecodeRune(r, r2))
					s.i += 6
					continue
				}
			}
			return "", fmt.Errorf("field %s: \\u%04x is a lone UTF-16 surrogate escape, not a character; send the character itself or a surrogate pair", fieldName(path), r)
		default:
			_, n := utf8.DecodeRune(s.b[s.i:])
			sb.Write(s.b[s.i : s.i+n])
			s.i += n
		}
	}
	return "", errMalformed
}

func (s *strictScanner) hex4(at int) (rune, bool) {
	if at+4 > len(s.b) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(s.b[at:at+4]), 16, 32)
	return rune(v), err == nil
}

func unescape(e byte) byte {
	switch e {
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return e // " \ /
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func fieldName(path string) string {
	if path == "" {
		return "(the value)"
	}
	return path
}

// foldKey folds a key the way encoding/json matches keys to fields:
// without regard to case, with Unicode's simple folding (so "ſ" is "s").
func foldKey(k string) string {
	var sb strings.Builder
	for _, r := range k {
		sb.WriteRune(unicode.ToLower(unicode.ToUpper(r)))
	}
	return sb.String()
}
