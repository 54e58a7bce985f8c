package mixesdb

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/scrape/fetch"
)

// A challenge page where the API's JSON was expected (made by hand: the
// shape of a Cloudflare interstitial, served with 200).
const challengePage = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head>` +
	`<body><div id="challenge-platform"></div><noscript>Enable JavaScript and cookies to continue</noscript></body></html>`

// apiServer answers the API queries the site makes from the saved files,
// routing on the query parameters, and keeps every query it was asked.
type apiServer struct {
	t   *testing.T
	srv *httptest.Server
	mu  sync.Mutex
	got []url.Values
}

func newAPIServer(t *testing.T) *apiServer {
	t.Helper()
	a := &apiServer{t: t}
	a.srv = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *apiServer) site() *Site { return New(a.srv.URL) }

func (a *apiServer) queries() []url.Values {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]url.Values(nil), a.got...)
}

func (a *apiServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/robots.txt" { // the client's, not the site's
		Sample().ServeHTTP(w, r)
		return
	}
	q := r.URL.Query()
	a.mu.Lock()
	a.got = append(a.got, q)
	a.mu.Unlock()
	if r.URL.Path != "/w/api.php" || q.Get("action") != "query" || q.Get("format") != "json" || q.Get("formatversion") != "2" {
		a.t.Errorf("unexpected request %s", r.URL)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	switch id := q.Get("pageids"); {
	case id == "424242":
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		_, _ = w.Write([]byte(challengePage))
		return
	case id == "999999":
		_, _ = w.Write([]byte(`{"batchcomplete":true,"query":{"pages":[{"pageid":999999,"missing":true}]}}`))
		return
	}
	if sampleFile(r) == "" {
		if t := q.Get("titles"); t != "" && q.Get("pageids") == "" {
			_, _ = w.Write([]byte(`{"batchcomplete":true,"query":{"pages":[{"ns":0,"title":` + jsonString(t) + `,"missing":true}]}}`))
			return
		}
		a.t.Errorf("no answer for %s", r.URL)
	}
	Sample().ServeHTTP(w, r)
}

// pageFile is the saved page of a page ID.
func pageFile(id string) string {
	for _, p := range samplePages {
		if p[0] == id {
			return p[2]
		}
	}
	return ""
}

func jsonString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// client is the real client without its politeness delay for the local
// server.
func client() *fetch.Client {
	return fetch.New(fetch.Options{HostDelay: map[string]time.Duration{"127.0.0.1": 0}})
}

func discover(t *testing.T, s *Site, q scrape.Query) []scrape.Ref {
	t.Helper()
	var refs []scrape.Ref
	if err := s.Discover(context.Background(), client(), q, func(r scrape.Ref) error {
		refs = append(refs, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return refs
}

// ref is the Ref discovery gives for a saved page.
func ref(s *Site, id, title, rev string) scrape.Ref {
	return scrape.Ref{URL: s.PageURL(title), Title: title, ID: id, Revision: rev}
}

const (
	tDesus     = "2025-10-05 - dESUS, Apjok Csaba - Thee pHactory 042, Radio Buena Vida"
	tGorgon    = "2014-08-23 - Gorgon City - Essential Mix"
	tTini      = "2013-07-24 - tINI @ Paradise, DC10, Ibiza (Essential Mix, 2013-08-03)"
	tCarter    = "2002-05-19 - Derrick Carter - Essential Mix"
	tMasters   = "2005-07-09 - Masters At Work - Essential Mix"
	tPortishd  = "1995-04-23 - Portishead - Essential Mix"
	tUnkle     = "2002-01-06 - UNKLE - Essential Mix"
	tBK        = "2004-07-04 - BK, Pete Wardman @ Big Gay Out - Essential Mix"
	tHolmes    = "1997-12-31 - David Holmes - Essential Mix"
	tDeadGuett = "2012-06-2X - Deadmau5, David Guetta @ BBC Radio 1 Hackney Weekend, Marshes, UK (Essential Mix)"
)

func TestDiscoverRecentChanges(t *testing.T) {
	a := newAPIServer(t)
	s := a.site()
	got := discover(t, s, scrape.Query{})
	want := []scrape.Ref{
		ref(s, "100110", tDesus, "1500110"),
		ref(s, "100109", tGorgon, "1500109"),
		ref(s, "100108", tTini, "1500108"),
		ref(s, "100104", tCarter, "1500104"),
		ref(s, "100106", tMasters, "1500106"),
		ref(s, "100101", tPortishd, "1500101"),
		ref(s, "100103", tUnkle, "1500103"),
		ref(s, "100105", tBK, "1500105"),
		ref(s, "100102", tHolmes, "1500102"),
		ref(s, "100107", tDeadGuett, "1500107"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("refs:\n got %+v\nwant %+v", got, want)
	}
	if got[2].URL != a.srv.URL+"/w/2013-07-24_-_tINI_@_Paradise,_DC10,_Ibiza_(Essential_Mix,_2013-08-03)" {
		t.Errorf("URL %s", got[2].URL)
	}
	qs := a.queries()
	if len(qs) != 3 {
		t.Fatalf("%d requests, want 3 (three pages of changes)", len(qs))
	}
	for k, v := range map[string]string{
		"list": "recentchanges", "rcnamespace": "0", "rctype": "new|edit", "rcprop": "title|ids|timestamp",
		"rctoponly": "1", "rclimit": "100", "rcend": "",
	} {
		if qs[0].Get(k) != v {
			t.Errorf("%s=%q, want %q", k, qs[0].Get(k), v)
		}
	}
	if qs[1].Get("rccontinue") != "20260820101500|5000006" || qs[1].Get("continue") != "-||" {
		t.Errorf("second request does not continue the first: %v", qs[1])
	}
	if qs[2].Get("rccontinue") != "20260820084500|5000003" {
		t.Errorf("third request does not continue the second: %v", qs[2])
	}
}

func TestDiscoverSince(t *testing.T) {
	a := newAPIServer(t)
	s := a.site()
	since := time.Date(2026, 8, 20, 9, 30, 0, 0, time.UTC)
	got := discover(t, s, scrape.Query{Since: since})
	want := []scrape.Ref{
		ref(s, "100110", tDesus, "1500110"),
		ref(s, "100109", tGorgon, "1500109"),
		ref(s, "100108", tTini, "1500108"),
		ref(s, "100104", tCarter, "1500104"),
		ref(s, "100106", tMasters, "1500106"), // 09:50; Portishead, 09:20, ends it
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("refs:\n got %+v\nwant %+v", got, want)
	}
	qs := a.queries()
	if len(qs) != 2 {
		t.Errorf("%d requests, want 2: the third page is all older than Since", len(qs))
	}
	if qs[0].Get("rcend") != "2026-08-20T09:30:00Z" {
		t.Errorf("rcend=%q", qs[0].Get("rcend"))
	}
}

func TestDiscoverLimit(t *testing.T) {
	for _, c := range []struct {
		limit, requests int
		last            string
	}{
		{limit: 2, requests: 1, last: tGorgon},
		{limit: 3, requests: 1, last: tTini},
		{limit: 4, requests: 2, last: tCarter},
	} {
		a := newAPIServer(t)
		got := discover(t, a.site(), scrape.Query{Limit: c.limit})
		if len(got) != c.limit || got[len(got)-1].Title != c.last {
			t.Errorf("limit %d: %d refs, last %q", c.limit, len(got), got[len(got)-1].Title)
		}
		if n := len(a.queries()); n != c.requests {
			t.Errorf("limit %d: %d requests, want %d", c.limit, n, c.requests)
		}
	}
}

func TestDiscoverStopsOnYieldError(t *testing.T) {
	a := newAPIServer(t)
	stop := errors.New("enough")
	n := 0
	err := a.site().Discover(context.Background(), client(), scrape.Query{}, func(scrape.Ref) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 2 || len(a.queries()) != 1 {
		t.Errorf("err %v after %d refs and %d requests", err, n, len(a.queries()))
	}
}

func TestDiscoverSearch(t *testing.T) {
	a := newAPIServer(t)
	s := a.site()
	got := discover(t, s, scrape.Query{Search: []string{"Essential Mix", "Gorgon City"}})
	// Main Page is no mix; the second term finds Gorgon City again.
	want := []scrape.Ref{
		ref(s, "100109", tGorgon, ""),
		ref(s, "100104", tCarter, ""),
		ref(s, "100106", tMasters, ""),
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("refs:\n got %+v\nwant %+v", got, want)
	}
	qs := a.queries()
	if len(qs) != 3 {
		t.Fatalf("%d requests, want 3", len(qs))
	}
	for k, v := range map[string]string{"list": "search", "srsearch": "Essential Mix", "srnamespace": "0", "srprop": "timestamp", "srlimit": "50"} {
		if qs[0].Get(k) != v {
			t.Errorf("%s=%q, want %q", k, qs[0].Get(k), v)
		}
	}
	if qs[1].Get("sroffset") != "2" || qs[2].Get("srsearch") != "Gorgon City" || qs[2].Get("sroffset") != "" {
		t.Errorf("pagination: %v then %v", qs[1], qs[2])
	}

	a = newAPIServer(t)
	got = discover(t, a.site(), scrape.Query{Search: []string{"Essential Mix", "Gorgon City"}, Limit: 2})
	if len(got) != 2 || got[1].Title != tCarter || len(a.queries()) != 1 {
		t.Errorf("limit 2: %+v after %d requests", got, len(a.queries()))
	}

	// Since skips the older results and goes on: the search is not in time order.
	a = newAPIServer(t)
	got = discover(t, a.site(), scrape.Query{Search: []string{"Essential Mix"}, Since: time.Date(2026, 8, 20, 10, 0, 0, 0, time.UTC)})
	if len(got) != 2 || got[0].Title != tGorgon || got[1].Title != tCarter || len(a.queries()) != 2 {
		t.Errorf("since: %+v after %d requests", got, len(a.queries()))
	}
}

func TestDiscoverCategory(t *testing.T) {
	a := newAPIServer(t)
	s := a.site()
	s.Category = "Essential Mix"
	got := discover(t, s, scrape.Query{Since: time.Date(2026, 8, 20, 9, 30, 0, 0, time.UTC)})
	want := []scrape.Ref{
		ref(s, "100109", tGorgon, ""),
		ref(s, "100108", tTini, ""),
		ref(s, "100104", tCarter, ""),
		ref(s, "100106", tMasters, ""),
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("refs:\n got %+v\nwant %+v", got, want)
	}
	qs := a.queries()
	if len(qs) != 2 {
		t.Fatalf("%d requests, want 2", len(qs))
	}
	for k, v := range map[string]string{
		"list": "categorymembers", "cmtitle": "Category:Essential Mix", "cmnamespace": "0", "cmprop": "ids|title|timestamp",
		"cmsort": "timestamp", "cmdir": "desc", "cmlimit": "100", "cmend": "2026-08-20T09:30:00Z",
	} {
		if qs[0].Get(k) != v {
			t.Errorf("%s=%q, want %q", k, qs[0].Get(k), v)
		}
	}
	if qs[1].Get("cmcontinue") != "20260820101500|100104" {
		t.Errorf("second request: %v", qs[1])
	}
}

func TestFetch(t *testing.T) {
	a := newAPIServer(t)
	s := a.site()
	r := ref(s, "100109", tGorgon, "1500109")
	p, err := s.Fetch(context.Background(), client(), r, scrape.Validators{Revision: "1400109"})
	if err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(filepath.Join("testdata", "pages", pageFile("100109")))
	if err != nil {
		t.Fatal(err)
	}
	if p.NotModified || p.Revision != "1500109" || string(p.Body) != string(saved) || p.Ref != r {
		t.Errorf("page %+v", p)
	}
	qs := a.queries()
	if len(qs) != 1 {
		t.Fatalf("%d requests", len(qs))
	}
	for k, v := range map[string]string{
		"pageids": "100109", "titles": "", "prop": "revisions|categories", "rvprop": "ids|timestamp|content",
		"rvslots": "main", "cllimit": "max", "redirects": "1",
	} {
		if qs[0].Get(k) != v {
			t.Errorf("%s=%q, want %q", k, qs[0].Get(k), v)
		}
	}
}

func TestFetchUnchangedRevisionMakesNoRequest(t *testing.T) {
	a := newAPIServer(t)
	s := a.site()
	r := ref(s, "100109", tGorgon, "1500109")
	p, err := s.Fetch(context.Background(), client(), r, scrape.Validators{Revision: "1500109"})
	if err != nil {
		t.Fatal(err)
	}
	if !p.NotModified || p.Body != nil || p.Revision != "1500109" || p.Ref != r {
		t.Errorf("page %+v", p)
	}
	if n := len(a.queries()); n != 0 {
		t.Errorf("%d requests, want none", n)
	}

	// A ref without a revision (the search gives none) costs a request,
	// which tells the revision is the same.
	r.Revision = ""
	p, err = s.Fetch(context.Background(), client(), r, scrape.Validators{Revision: "1500109"})
	if err != nil {
		t.Fatal(err)
	}
	if !p.NotModified || p.Body != nil || p.Revision != "1500109" {
		t.Errorf("page %+v", p)
	}
	if n := len(a.queries()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestFetchByTitle(t *testing.T) {
	a := newAPIServer(t)
	s := a.site()
	for _, r := range []scrape.Ref{{Title: tGorgon}, {URL: s.PageURL(tGorgon)}} {
		p, err := s.Fetch(context.Background(), client(), r, scrape.Validators{})
		if err != nil {
			t.Fatal(err)
		}
		if p.ID != "100109" || p.Title != tGorgon || p.URL != s.PageURL(tGorgon) || p.Revision != "1500109" {
			t.Errorf("page %+v", p.Ref)
		}
	}
	for _, q := range a.queries() {
		if q.Get("titles") != tGorgon || q.Has("pageids") {
			t.Errorf("query %v", q)
		}
	}
}

func TestFetchMissing(t *testing.T) {
	a := newAPIServer(t)
	s := a.site()
	_, err := s.Fetch(context.Background(), client(), scrape.Ref{ID: "999999"}, scrape.Validators{})
	if !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), "999999") {
		t.Errorf("by ID: %v", err)
	}
	_, err = s.Fetch(context.Background(), client(), scrape.Ref{Title: "2099-01-01 - Nobody - Nothing"}, scrape.Validators{})
	if !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), "2099-01-01 - Nobody - Nothing") {
		t.Errorf("by title: %v", err)
	}
}

// A challenge page where the API's JSON was expected is the client's to
// spot (it counts towards the breaker); any other page that is not JSON
// is unreadable.
func TestFetchChallengePage(t *testing.T) {
	a := newAPIServer(t)
	s := a.site()
	_, err := s.Fetch(context.Background(), client(), scrape.Ref{ID: "424242"}, scrape.Validators{})
	if !errors.Is(err, fetch.ErrChallenge) {
		t.Fatalf("fetch of a challenge page: %v", err)
	}
	maintenance := "<!DOCTYPE html><html><body>Down for maintenance</body></html>"
	_, err = s.Extract(scrape.Page{Ref: scrape.Ref{URL: s.PageURL(tGorgon)}, Body: []byte(maintenance)})
	var ue *scrape.UnreadableError
	if !errors.As(err, &ue) || ue.Reason != "not_json" || !strings.Contains(ue.Detail, "<!DOCTYPE html>") {
		t.Errorf("extract: %v", err)
	}
}

// track is one expected track; Position is its place in the list.
type track struct {
	raw  string
	cue  string // "" none
	with bool
}

type wantPlaylist struct {
	id       string
	name     string
	djs      []string
	event    string
	venue    string
	date     string // played_on_text
	playedOn string // "" none
	tracks   []track
}

var extractCases = []wantPlaylist{
	{
		id: "100101", name: tPortishd, djs: []string{"Portishead"}, event: "Essential Mix",
		date: "1995-04-23", playedOn: "1995-04-23",
		tracks: []track{
			{raw: "{{Sample|1995 - Portishead - ID.mp3|Portishead - Untitled [Go Beat]}}"},
			{raw: "Portishead - Strangers [Go Beat]"},
			{raw: "Depth Charge - Number 9 [Vinyl Solution]"},
			{raw: "Original Concept - Can You Feel It [Def Jam]"},
			{raw: "Brand Nubian - Punks Jump Up To Get Beat Down [Elektra]"},
			{raw: "? - My Thing [Skool Beats]"},
			{raw: "James Brown - Blind Man Can See It [Corel]"},
			{raw: "Barry White - Can't Seem To Find Him [Pye]"},
		},
	},
	{
		// The comment and the discogs link above the list are no tracks.
		id: "100103", name: tUnkle, djs: []string{"UNKLE"}, event: "Essential Mix",
		date: "2002-01-06", playedOn: "2002-01-06",
		tracks: []track{
			{raw: "[000] UNKLE Sounds - Intro", cue: "000"},
			{raw: "[002] Rare Earth - Get Ready", cue: "002"},
			{raw: "[004] UNKLE Feat. Richard Ashcroft - Lonely Soul (UNKLE Sounds Edit)", cue: "004"},
			{raw: "[011] DJ Shadow - Organ Donor (UNKLE Sounds Edit)", cue: "011"},
			{raw: "[018] DMX / Tears For Fears - Who We Be / Shout (UNKLE Sounds Edit)", cue: "018"},
			{raw: "[024] Queens Of The Stone Age - Feel Good Hit Of The Summer (UNKLE Sounds Edit)", cue: "024"},
			{raw: "[027] UNKLE Sounds - The Enemy / Hope Street Sessions", cue: "027"},
			{raw: "[035] ''Unknown Artist'' - Star Wars Theme (Obscure Version)", cue: "035"},
			{raw: "[036] Girls On Top - I Wanna Dance With Numbers (UNKLE Sounds Edit)", cue: "036"},
		},
	},
	{
		// One wikitext line holds two tracks, split at its <br>.
		id: "100104", name: tCarter, djs: []string{"Derrick Carter"}, event: "Essential Mix",
		date: "2002-05-19", playedOn: "2002-05-19",
		tracks: []track{
			{raw: "[000:00] DJ Rhythm - Utopian Jazz Project Part 1 [Camouflage]", cue: "000:00"},
			{raw: "[001:25] St. Germain - Rose Rouge (Blaze Mix) [Blue Note]", cue: "001:25"},
			{raw: "[006:15] Julius Papp - Libido (Sunset Drums) [Estereo - 031/931]", cue: "006:15"},
			{raw: "[010:40] Luca Ricci - Deep Inside [EIII]", cue: "010:40"},
			{raw: "[015:30] Louis Botella - Chinese Pleasures [Classic]", cue: "015:30"},
			{raw: "[020:45] Jephte Guillaume - The Prayer (Acapella) [Spiritual Life]", cue: "020:45"},
			{raw: "[024:15] Martin Venetjoki - Festarinna [Loaded - LOAD 073D]", cue: "024:15"},
			{raw: "[028:40] Jill Scott - He Loves Me 'Lyzel in E Flat' (Chris Lum & Jay-J Mix) [White]", cue: "028:40"},
			{raw: "[032:15] ?", cue: "032:15"},
			{raw: "[037:15] Swirl People - We Are [Seasons]", cue: "037:15"},
			{raw: "[042:10] E-Smoove -The Guitar [Henry Street Music]", cue: "042:10"},
			{raw: "+ ''[44:16] C & C Music Factory - Music is My Life (Acapella)''", cue: "44:16", with: true},
			{raw: "[048:55] ''Fred Nasen - Sunday Visitor [Visitor]'' ?", cue: "048:55"},
		},
	},
	{
		// "Tracklist: none": an empty <list>.
		id: "100105", name: tBK, djs: []string{"BK", "Pete Wardman"}, event: "Essential Mix", venue: "Big Gay Out",
		date: "2004-07-04", playedOn: "2004-07-04",
		tracks: []track{},
	},
	{
		// A <list> with "?" tracks and "..." gaps; the title's "Masters At
		// Work" is its category, not "Masters" at a venue "Work".
		id: "100106", name: tMasters, djs: []string{"Masters At Work"}, event: "Essential Mix",
		date: "2005-07-09", playedOn: "2005-07-09",
		tracks: []track{
			{raw: "[000] ?", cue: "000"},
			{raw: "[006] Peter King - Shango [Strut - 044CD]", cue: "006"},
			{raw: "[008] The Sahara All Stars - Alikali Adajo [51 Lexington - 51LEX 128]", cue: "008"},
			{raw: "[010] ?", cue: "010"},
			{raw: "[013] Dynamic Africana - Igbehin Lalayo Nta [Strut - 035CD]", cue: "013"},
			{raw: "[016] ?", cue: "016"},
			{raw: "[032] Orlando Julius - Home Sweet Home [Vampi Soul - VAMPI 091]", cue: "032"},
		},
	},
	{
		// Unknown day "2X"; two sets under bold headings; "+" after the cue.
		id: "100107", name: tDeadGuett, djs: []string{"Deadmau5", "David Guetta"},
		event: "Essential Mix", venue: "BBC Radio 1 Hackney Weekend, Marshes, UK", date: "2012-06-2X",
		tracks: []track{
			{raw: "Deadmau5 - FML (Faster Stronger) [Ultra]"},
			{raw: "Deadmau5 - Professional Griefers [Mau5trap]"},
			{raw: "Deadmau5 & Rob Swire - Ghosts 'N' Stuff"},
			{raw: "[00] David Guetta Feat. Sia - Titanium (Alesso Remix)", cue: "00"},
			{raw: "[0?] Jack Back Feat. David Guetta & Nicky Romero & Sia - Wild One Two?"},
			{raw: "[13] Daddy's Groove - Turn The Light Down (David Guetta Re-Edit)", cue: "13"},
			{raw: "[16] ''David Guetta & Nicky Romero - Body High (Working Title)''", cue: "16"},
			{raw: "[47] Diddy Dirty Money Feat. Skylar Grey - Coming Home (Dirty South Remix)", cue: "47"},
			{raw: "[??] + Afrojack - Pacha On Acid", with: true},
			{raw: "[??] + Daft Punk - Aerodynamic", with: true},
		},
	},
	{
		id: "100108", name: tTini, djs: []string{"tINI"},
		event: "Essential Mix", venue: "Paradise, DC10, Ibiza", date: "2013-07-24", playedOn: "2013-07-24",
		tracks: []track{
			{raw: "[00] Joy Orbison & Boddika - Dun Dun", cue: "00"},
			{raw: "[04] Head High - Keep On Talking (Dirt Mix) [Power House - PH 404]", cue: "04"},
			{raw: "[07] ?", cue: "07"},
			{raw: "[15] tINI - Hat Baxx", cue: "15"},
			{raw: "[28] Kelvin K - 12th Street Tunnel [Amenti - 063]", cue: "28"},
			{raw: "[32] Luc Ringeisen - Moody [Movida - 008]", cue: "32"},
			{raw: "[38] Unknown - Ltd (Jack Wickham Edit)", cue: "38"},
			{raw: "[44] Jerome.c - Unlimited", cue: "44"},
			{raw: "[55] Boo Williams - Evil Ways [Another Day - 0001 AD]", cue: "55"},
		},
	},
	{
		// The comment stays in the raw line; it is not a comment line.
		id: "100109", name: tGorgon, djs: []string{"Gorgon City"}, event: "Essential Mix",
		date: "2014-08-23", playedOn: "2014-08-23",
		tracks: []track{
			{raw: "[000] Robert Hood - Minus [Tresor]", cue: "000"},
			{raw: "[???] Gorgon City - Intro [White]"},
			{raw: "[003] Curses! - Slow Lights [Safer At Night - SAN 001]", cue: "003"},
			{raw: "[005] Gorgon City Feat. Zak Abel - Unmissable (DJ Anna Remix)", cue: "005"},
			{raw: "[010] Artifact Feat. Yasmin - Even (Huxley Remix)", cue: "010"},
			{raw: "[???] + Gorgon City - Real (Acapella) [Saints & Sonnets]", with: true},
			{raw: "[012] Jessie Ware - Tough Love (Cyril Hahn Remix) [Island]", cue: "012"},
			{raw: "[015] Scandal - Just Let Me Dance (Maxxi Soundsystem Remix) [Nurvous]", cue: "015"},
			{raw: "[020] Hot Since 82 Feat. Alex Mills - Shadows", cue: "020"},
			{raw: "[???] + Gorgon City - Unknown<!-- actual title --> (Acapella) [Moda Black]", with: true},
		},
	},
	{
		// Two parts under ";" headings; the second is MixesDB's empty "--".
		id: "100110", name: tDesus, djs: []string{"dESUS", "Apjok Csaba"},
		event: "Thee pHactory 042, Radio Buena Vida", date: "2025-10-05", playedOn: "2025-10-05",
		tracks: []track{
			{raw: "Intro"},
			{raw: "Toki Fuko - Dub Tales (Retouched Mix Digital Bonus) [Ivano Tetelepta]"},
			{raw: "Alexander Bogdanov - Elevation [Spclnch]"},
			{raw: "Frenk Dublin - Into The Void [Moonshine]"},
			{raw: "Altone - Unnaturally Balanced (Another Channel Version) [MixCult]"},
			{raw: "SoulParlor - Dub Tube [Insectorama]"},
			{raw: "Schulz Audio - Riddim Room [Axaminer]"},
		},
	},
}

func loadPage(t testing.TB, s *Site, id string) scrape.Page {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "pages", pageFile(id)))
	if err != nil {
		t.Fatal(err)
	}
	return scrape.Page{Ref: scrape.Ref{ID: id}, Body: b}
}

func TestExtract(t *testing.T) {
	s := New("")
	for _, c := range extractCases {
		t.Run(c.id, func(t *testing.T) {
			got, err := s.Extract(loadPage(t, s, c.id))
			if err != nil {
				t.Fatal(err)
			}
			want := record.ScrapedPlaylist{
				Source:           "mixesdb",
				SourceURL:        s.PageURL(c.name),
				SourcePlaylistID: ptr(c.id),
				Name:             c.name,
				DjNames:          c.djs,
				Event:            opt(c.event),
				Venue:            opt(c.venue),
				PlayedOnText:     opt(c.date),
				ParserVersion:    "mixesdb/1",
				Tracks:           make([]record.ScrapedTrack, len(c.tracks)),
			}
			if c.playedOn != "" {
				d, _ := time.Parse(time.DateOnly, c.playedOn)
				want.PlayedOn = &d
			}
			for i, tr := range c.tracks {
				want.Tracks[i] = record.ScrapedTrack{Position: i + 1, RawLine: tr.raw, Cue: opt(tr.cue)}
				if tr.with {
					want.Tracks[i].WithPrevious = ptr(true)
				}
			}
			compare(t, got, want)
		})
	}
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// compare reports each field that differs, each track on its own.
func compare(t *testing.T, got, want record.ScrapedPlaylist) {
	t.Helper()
	gt, wt := got.Tracks, want.Tracks
	got.Tracks, want.Tracks = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("playlist:\n got %s\nwant %s", show(got), show(want))
	}
	if gt == nil {
		t.Errorf("tracks are nil, want an empty list")
	}
	for i := 0; i < max(len(gt), len(wt)); i++ {
		switch {
		case i >= len(gt):
			t.Errorf("track %d missing: %s", i+1, show(wt[i]))
		case i >= len(wt):
			t.Errorf("track %d extra: %s", i+1, show(gt[i]))
		case !reflect.DeepEqual(gt[i], wt[i]):
			t.Errorf("track %d:\n got %s\nwant %s", i+1, show(gt[i]), show(wt[i]))
		}
	}
}

// show writes a playlist or a track as JSON, pointers followed.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func TestExtractUnreadable(t *testing.T) {
	s := New("")
	page := func(body string) scrape.Page { return scrape.Page{Body: []byte(body)} }
	for _, c := range []struct {
		name, reason string
		page         scrape.Page
	}{
		// A "{{Repeat}}" page: the broadcast was a repeat, the tracklist is
		// on the first one's page.
		{"repeat page", "no_tracklist", loadPage(t, s, "100102")},
		{"challenge page", "not_json", page(challengePage)},
		{"empty body", "not_json", page("")},
		// A revision whose text is hidden (MediaWiki's answer for a
		// suppressed revision: "texthidden" and no content).
		{"hidden text", "no_content", page(`{"batchcomplete":true,"query":{"pages":[{"pageid":100102,"ns":0,` +
			`"title":"1997-12-31 - David Holmes - Essential Mix","revisions":[{"revid":1500102,"parentid":1400102,` +
			`"timestamp":"2026-08-20T07:55:00Z","slots":{"main":{"texthidden":true}}}]}]}}`)},
		{"no revisions", "no_content", page(`{"batchcomplete":true,"query":{"pages":[{"pageid":100102,"ns":0,` +
			`"title":"1997-12-31 - David Holmes - Essential Mix"}]}}`)},
		{"missing page", "no_content", page(`{"batchcomplete":true,"query":{"pages":[{"pageid":999999,"missing":true}]}}`)},
		{"no pages", "no_content", page(`{"batchcomplete":true}`)},
		// formatversion=1 keys the pages by ID.
		{"formatversion 1", "no_content", page(`{"batchcomplete":"","query":{"pages":{"100102":{"pageid":100102}}}}`)},
	} {
		_, err := s.Extract(c.page)
		var ue *scrape.UnreadableError
		if !errors.As(err, &ue) || ue.Reason != c.reason {
			t.Errorf("%s: %v, want reason %s", c.name, err, c.reason)
		}
	}
}

func TestPageURL(t *testing.T) {
	s := New("")
	// Titles and the URLs MixesDB's own category pages link them with
	// (Kalli/EssentialMixStats@5d102f6, data.json keys).
	for title, want := range map[string]string{
		"1994-03-12 - DJ Professor, RAF, DJ Pierre & Clock - Essential Mix":                        "/w/1994-03-12_-_DJ_Professor,_RAF,_DJ_Pierre_%26_Clock_-_Essential_Mix",
		"2013-04-20 - Catz 'N Dogz - Essential Mix":                                                "/w/2013-04-20_-_Catz_%27N_Dogz_-_Essential_Mix",
		"2014-12-20 - Oliver $ - Essential Mix":                                                    "/w/2014-12-20_-_Oliver_$_-_Essential_Mix",
		"2005-08-04 - Tiësto @ Cream, Amnesia, Ibiza (Essential Mix, 2005-08-07)":                  "/w/2005-08-04_-_Ti%C3%ABsto_@_Cream,_Amnesia,_Ibiza_(Essential_Mix,_2005-08-07)",
		"2003-06-29 - Erol Alkan, Mr. C, Layo & Bushwacka! @ Glastonbury Festival - Essential Mix": "/w/2003-06-29_-_Erol_Alkan,_Mr._C,_Layo_%26_Bushwacka!_@_Glastonbury_Festival_-_Essential_Mix",
	} {
		if got := s.PageURL(title); got != DefaultBaseURL+want {
			t.Errorf("%s:\n got %s\nwant %s", title, got, DefaultBaseURL+want)
		}
		if got := titleFromURL(s.PageURL(title)); got != title {
			t.Errorf("title back from the URL: %q", got)
		}
	}
}

func TestIsMixTitle(t *testing.T) {
	for title, want := range map[string]bool{
		tTini:      true,
		tDeadGuett: true,
		"200X - Raresh & Zip - Unknown (Uptown Top Sessions)": true,
		"2011-10 - VA @ ADE (Essential Mix, 2011-10-29)":      true,
		"1998 - Sasha - Essential Mix":                        true,
		"Main Page":                                           false,
		"2011-10-29":                                          false,
		"2011-10-29 Essential Mix":                            false,
		"Essential Mix - 2011-10-29":                          false,
		"20111-10-29 - A - B":                                 false,
	} {
		if IsMixTitle(title) != want {
			t.Errorf("IsMixTitle(%q) = %v", title, !want)
		}
	}
}

// The DJs of real titles with their real categories
// (Kalli/EssentialMixStats@5d102f6, data.json): the categories correct
// ParseTitle's split and spelling, never add a DJ.
func TestDJNamesFromCategories(t *testing.T) {
	s := New("")
	for _, c := range []struct {
		title string
		cats  []string
		want  []string
	}{
		{"1997-10-26 - Tuff & Jam - Essential Mix", []string{"1997", "Tuff & Jam", "Essential Mix", "House"}, []string{"Tuff & Jam"}},
		{"1998-07-26 - Man With No Name - Essential Mix", []string{"Man With No Name", "Essential Mix", "Progressive"}, []string{"Man With No Name"}},
		{"2012-12-08 - Calyx & Teebee - Essential Mix", []string{"Calyx", "Teebee", "Essential Mix", "Drum & Bass"}, []string{"Calyx", "Teebee"}},
		{"2013-11-23 - Claude Vonstroke - Essential Mix", []string{"Claude VonStroke", "Essential Mix", "House"}, []string{"Claude VonStroke"}},
		// No category for the name as written: the title's names stand.
		{"1995-02-19 - Evil Eddie Richards - Essential Mix", []string{"Eddie Richards", "Essential Mix"}, []string{"Evil Eddie Richards"}},
		{"2008-01-05 - Herve & Sinden - Essential Mix", []string{"The Count & Sinden", "Essential Mix"}, []string{"Herve", "Sinden"}},
		// A venue's category over a DJ's name is not the DJ.
		{"2016-07-24 - Solomun @ Solomun +1, Pacha, Ibiza (Essential Mix, 2016-07-30)", []string{"Solomun", "Solomun +1", "Pacha (Ibiza)"}, []string{"Solomun"}},
		// VA: the categories name DJs, a venue and a style alike; none is added.
		{"2012-08-04 - VA @ Cream, Privilege, Ibiza (Essential Mix, 2012-08-10)", []string{"Pete Tong", "Alesso", "Cream", "Privilege (Ibiza)", "Progressive House"}, []string{}},
	} {
		body := `{"batchcomplete":true,"query":{"pages":[{"pageid":1,"ns":0,"title":` + jsonString(c.title) + `,"categories":[`
		for i, k := range c.cats {
			if i > 0 {
				body += ","
			}
			body += `{"ns":14,"title":` + jsonString("Category:"+k) + `}`
		}
		body += `],"revisions":[{"revid":2,"slots":{"main":{"contentmodel":"wikitext","content":"== Tracklist ==\n"}}}]}]}}`
		p, err := s.Extract(scrape.Page{Body: []byte(body)})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p.DjNames, c.want) {
			t.Errorf("%s: %q, want %q", c.title, p.DjNames, c.want)
		}
	}
}

// The line rules on markup the saved pages do not hold.
func TestTracklistLines(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []track
	}{
		{"nested item and continuation", "== Tracklist ==\n# A - B\n## C - D\n#: a note under B\n#* another\n", []track{{raw: "A - B"}, {raw: "C - D"}}},
		{"multi-line comment", "== Tracklist ==\n# A - B <!-- was\n# C - D\n-->\n# E - F\n", []track{{raw: "A - B"}, {raw: "E - F"}}},
		{"br variants", "== Tracklist ==\n# [1:02:03] A - B<br />+ C - D<BR/>E - F\n", []track{{raw: "[1:02:03] A - B", cue: "1:02:03"}, {raw: "+ C - D", with: true}, {raw: "E - F"}}},
		{"heading ends the section", "== Tracklist ==\n=== Part 1 ===\n# A - B\n== Notes ==\n# C - D\n", []track{{raw: "A - B"}}},
		{"list tags on track lines", "==Tracklist==\n<list>[01] A - B\n....\n* bullet\n[XX] C - D</list>\nE - F\n", []track{{raw: "[01] A - B", cue: "01"}, {raw: "[XX] C - D"}}},
		{"plus line", "== Tracklist ==\n# A - B\n+ C - D\n", []track{{raw: "A - B"}, {raw: "+ C - D", with: true}}},
	} {
		got, found := tracklistLines(c.text)
		if !found {
			t.Errorf("%s: no section", c.name)
			continue
		}
		want := make([]record.ScrapedTrack, len(c.want))
		for i, tr := range c.want {
			want[i] = record.ScrapedTrack{Position: i + 1, RawLine: tr.raw, Cue: opt(tr.cue)}
			if tr.with {
				want[i].WithPrevious = ptr(true)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", c.name, got, want)
		}
	}
}

// BenchmarkExtract reads every saved page with a tracklist.
func BenchmarkExtract(b *testing.B) {
	s := New("")
	var pages []scrape.Page
	for _, c := range extractCases {
		pages = append(pages, loadPage(b, s, c.id))
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, p := range pages {
			if _, err := s.Extract(p); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}
