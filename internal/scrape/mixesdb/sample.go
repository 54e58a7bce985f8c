package mixesdb

import (
	"embed"
	"net/http"
	"path"
	"strings"
)

// The saved pages and listings (testdata/README.md says where each comes
// from and what is real).
//
//go:embed testdata/pages/*.json testdata/listings/*.json
var sample embed.FS

// samplePages are the saved pages: page ID, title, file.
var samplePages = [][3]string{
	{"100101", "1995-04-23 - Portishead - Essential Mix", "1995-04-23_portishead.json"},
	{"100102", "1997-12-31 - David Holmes - Essential Mix", "1997-12-31_david_holmes_repeat.json"},
	{"100103", "2002-01-06 - UNKLE - Essential Mix", "2002-01-06_unkle.json"},
	{"100104", "2002-05-19 - Derrick Carter - Essential Mix", "2002-05-19_derrick_carter.json"},
	{"100105", "2004-07-04 - BK, Pete Wardman @ Big Gay Out - Essential Mix", "2004-07-04_bk_pete_wardman.json"},
	{"100106", "2005-07-09 - Masters At Work - Essential Mix", "2005-07-09_masters_at_work.json"},
	{"100107", "2012-06-2X - Deadmau5, David Guetta @ BBC Radio 1 Hackney Weekend, Marshes, UK (Essential Mix)", "2012-06-2X_deadmau5_david_guetta.json"},
	{"100108", "2013-07-24 - tINI @ Paradise, DC10, Ibiza (Essential Mix, 2013-08-03)", "2013-07-24_tini_dc10.json"},
	{"100109", "2014-08-23 - Gorgon City - Essential Mix", "2014-08-23_gorgon_city.json"},
	{"100110", "2025-10-05 - dESUS, Apjok Csaba - Thee pHactory 042, Radio Buena Vida", "2025-10-05_desus_apjok_csaba.json"},
}

// Sample is an offline MixesDB: its API answering, from the saved pages
// and listings, the queries this package makes, and a robots.txt that
// allows them. `make run` scrapes it (the offline sample) and so do the
// tests; a query it holds no answer for gets a 404.
func Sample() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			_, _ = w.Write([]byte("User-agent: *\nDisallow: /w/Special:\n"))
			return
		}
		file := sampleFile(r)
		if file == "" && r.URL.Query().Get("list") == "search" {
			// A search the sample holds no answer for finds nothing,
			// as the site's would.
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, _ = w.Write([]byte(`{"batchcomplete":true,"query":{"searchinfo":{"totalhits":0},"search":[]}}`))
			return
		}
		if file == "" {
			http.Error(w, "the offline sample holds no answer for this query", http.StatusNotFound)
			return
		}
		b, err := sample.ReadFile(path.Join("testdata", file))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(b)
	})
}

// sampleFile is the saved answer to an API query, or "".
func sampleFile(r *http.Request) string {
	q := r.URL.Query()
	if r.URL.Path != DefaultAPIPath || q.Get("action") != "query" || q.Get("format") != "json" {
		return ""
	}
	switch {
	case q.Get("list") == "recentchanges":
		return map[string]string{
			"":                       "listings/recentchanges_1.json",
			"20260820101500|5000006": "listings/recentchanges_2.json",
			"20260820084500|5000003": "listings/recentchanges_3.json",
		}[q.Get("rccontinue")]
	case q.Get("list") == "search":
		return map[string]string{
			"Essential Mix|":  "listings/search_essential_mix_1.json",
			"Essential Mix|2": "listings/search_essential_mix_2.json",
			"Gorgon City|":    "listings/search_gorgon_city_1.json",
		}[q.Get("srsearch")+"|"+q.Get("sroffset")]
	case q.Get("list") == "categorymembers" && q.Get("cmtitle") == "Category:Essential Mix":
		return map[string]string{
			"":                      "listings/categorymembers_1.json",
			"20260820101500|100104": "listings/categorymembers_2.json",
		}[q.Get("cmcontinue")]
	case strings.HasPrefix(q.Get("prop"), "revisions"):
		for _, p := range samplePages {
			if q.Get("pageids") == p[0] || q.Get("pageids") == "" && q.Get("titles") == p[1] {
				return "pages/" + p[2]
			}
		}
	}
	return ""
}
