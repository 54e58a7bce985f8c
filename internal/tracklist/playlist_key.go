package tracklist

import (
	"net/url"
	"sort"
	"strings"
)

// PlaylistKey returns the identity of a playlist: source + ":" + the
// source's own playlist ID when it has one, else source + ":" + the
// canonical source URL. Every scrape of one playlist has the same key, so a
// re-scrape replaces the earlier version instead of duplicating it.
func PlaylistKey(source, sourcePlaylistID, sourceURL string) string {
	if id := strings.TrimSpace(sourcePlaylistID); id != "" {
		return source + ":" + id
	}
	return source + ":" + CanonicalURL(sourceURL)
}

// trackingParams are query parameters that name a visit, not a page.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "ref": true, "mc_cid": true, "mc_eid": true,
}

// CanonicalURL returns one spelling for the URLs that name the same page:
// https for http, lowercase host without "www." and default port, path
// percent-encoded one way and without a trailing slash, no fragment, no
// user info, tracking parameters dropped and the rest sorted. A string that
// does not parse as an absolute URL is returned trimmed, as it is.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme == "http" {
		scheme = "https"
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	path := strings.TrimRight(u.Path, "/")
	q := u.Query()
	for k := range q {
		if trackingParams[strings.ToLower(k)] || strings.HasPrefix(strings.ToLower(k), "utm_") {
			q.Del(k)
		}
	}
	for _, vs := range q {
		sort.Strings(vs)
	}
	c := url.URL{Scheme: scheme, Host: host, Path: path, RawQuery: q.Encode()}
	return c.String()
}

// SameSet reports whether two playlists' identified track sequences are
// one DJ set seen twice (say on two sites): most of the shorter one's
// tracks appear in the other in the same order. "Most" is at least three
// tracks and at least 60% of the shorter sequence, measured as their
// longest common subsequence, so that a track missed or misidentified by
// one site does not hide the match, and two sets that share a few anthems
// are not merged.
func SameSet(a, b []string) bool {
	n := min(len(a), len(b))
	if n < 3 {
		return false
	}
	l := lcs(a, b)
	return l >= 3 && float64(l) >= 0.6*float64(n)
}

// lcs is the length of the longest common subsequence, in O(len(a)*len(b))
// time and O(len(b)) memory.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
