package tracklists1001

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Small helpers over golang.org/x/net/html nodes: the pages are read with
// a real parser and these few lookups, no selector engine.

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	if n.Type != html.ElementNode {
		return false
	}
	v := attr(n, "class")
	for len(v) > 0 {
		k := 0
		for k < len(v) && !isSpace(v[k]) {
			k++
		}
		if v[:k] == class {
			return true
		}
		for k < len(v) && isSpace(v[k]) {
			k++
		}
		v = v[k:]
	}
	return false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// find returns the first element under n (n included) in document order
// for which match holds.
func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, match); f != nil {
			return f
		}
	}
	return nil
}

// walk calls visit for every element under n (n included) in document
// order; visit returns false to skip the element's children.
func walk(n *html.Node, visit func(*html.Node) bool) {
	if n.Type == html.ElementNode && !visit(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func byID(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attr(n, "id") == id }
}

func byAtom(a atom.Atom) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.DataAtom == a }
}

func byClass(class string) func(*html.Node) bool {
	return func(n *html.Node) bool { return hasClass(n, class) }
}

// text is the text of n as the page shows it: hidden elements (class
// tgHid: link icons shown on hover) left out, a space where the page pads
// an element with CSS (spL, spR, spLR: "Frankie Knuckles pres." then
// "Director's Cut" in two spans), no-break spaces as spaces, runs of
// spaces collapsed, trimmed.
func text(nodes ...*html.Node) string {
	var b strings.Builder
	for _, n := range nodes {
		writeText(&b, n)
	}
	return collapse(b.String())
}

// textOmitting is text(n) without the elements of the given class.
func textOmitting(n *html.Node, class string) string {
	var b strings.Builder
	writeText(&b, n, class)
	return collapse(b.String())
}

func writeText(b *strings.Builder, n *html.Node, omit ...string) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		if hasClass(n, "tgHid") || n.DataAtom == atom.Script || n.DataAtom == atom.Style {
			return
		}
		for _, c := range omit {
			if hasClass(n, c) {
				return
			}
		}
	default:
		return
	}
	padL := hasClass(n, "spL") || hasClass(n, "spLR")
	padR := hasClass(n, "spR") || hasClass(n, "spLR")
	if padL {
		b.WriteByte(' ')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeText(b, c, omit...)
	}
	if padR {
		b.WriteByte(' ')
	}
}

// collapse turns no-break spaces and runs of white space into one space
// and trims the ends.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
