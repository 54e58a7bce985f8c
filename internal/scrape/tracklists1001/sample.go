package tracklists1001

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"path"
	"strings"
)

// The saved pages (testdata/README.md says where each comes from).
//
//go:embed testdata/tracklist-*.html testdata/sample-listing.html
var sample embed.FS

// samplePages are the saved tracklist pages by tracklist ID.
var samplePages = map[string]string{
	"1tcz79u1": "tracklist-1tcz79u1-deadmau5.html",
	"25fhn7c9": "tracklist-25fhn7c9-sven-vath.html",
	"2gugf5b9": "tracklist-2gugf5b9-armin-van-buuren-marlon-hoffstadt.html",
	"2pxkj38t": "tracklist-2pxkj38t-paul-van-dyk.html",
	"2wrmg6f1": "tracklist-2wrmg6f1-afrojack.html",
	"l3uw499":  "tracklist-l3uw499-matroda.html",
}

// Sample is an offline 1001Tracklists: its home page lists the saved
// tracklists (a listing built by hand in the site's markup,
// testdata/sample-listing.html) and each tracklist URL serves its saved
// page, with an ETag so that a second fetch is a 304; its search finds
// them by artist. `make run` scrapes it (the offline sample) and so do the
// end-to-end tests.
func Sample() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		file := ""
		switch p := r.URL.Path; {
		case p == "/robots.txt":
			_, _ = w.Write([]byte("User-agent: *\nDisallow: /user/\n"))
			return
		case p == "/" || p == "/index.html":
			file = "sample-listing.html"
		case strings.HasPrefix(p, "/tracklist/"):
			id, _, _ := strings.Cut(strings.TrimPrefix(p, "/tracklist/"), "/")
			file = samplePages[id]
		case p == "/search/result.php" && r.Method == http.MethodPost:
			sampleSearch(w, r.PostFormValue("main_search"))
			return
		}
		if file == "" || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		b, err := sample.ReadFile(path.Join("testdata", file))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		sum := sha256.Sum256(b)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(b)
	})
}

// sampleSearch answers the search form with the rows of the sample's
// listing whose title holds the term (the artist of "Artist - Title"):
// the saved tracklists a search of the site would find among them.
func sampleSearch(w http.ResponseWriter, term string) {
	b, err := sample.ReadFile("testdata/sample-listing.html")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	term, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(term)), " - ")
	page := string(b)
	const rowStart = `<div class="bItm`
	first := strings.Index(page, rowStart)
	end := strings.LastIndex(page, "</div> </div> </body>")
	if first < 0 || end < first {
		http.Error(w, "the sample listing has no rows", http.StatusInternalServerError)
		return
	}
	var out strings.Builder
	out.WriteString(page[:first])
	for _, row := range strings.SplitAfter(page[first:end], "</div></div></div> ") {
		if term != "" && strings.Contains(strings.ToLower(row), term) {
			out.WriteString(row)
		}
	}
	out.WriteString(page[end:])
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(out.String()))
}
