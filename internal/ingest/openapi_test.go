package ingest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/testenv"
)

func init() {
	// NDJSON bodies are checked line by line against the document's
	// array of playlists.
	openapi3filter.RegisterBodyDecoder("application/x-ndjson", func(r io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		var out []any
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			var v any
			if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, sc.Err()
	})
}

// openAPI loads the embedded document, checks that it is valid OpenAPI,
// and points it at the server under test.
func openAPI(t *testing.T, url string) (*openapi3.T, routers.Router) {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(ingest.OpenAPI())
	testenv.Must(t, err, "load openapi.json")
	testenv.Must(t, doc.Validate(context.Background()), "openapi.json is not valid OpenAPI")
	doc.Servers = openapi3.Servers{{URL: url}}
	r, err := legacy.NewRouter(doc)
	testenv.Must(t, err, "router")
	return doc, r
}

// operations are the documented operations as mux patterns ("POST /path").
func operations(doc *openapi3.T) []string {
	var ops []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, method+" "+path)
		}
	}
	slices.Sort(ops)
	return ops
}

func TestOpenAPIServedAndValid(t *testing.T) {
	e := start(t, nil)
	resp, err := http.Get(e.url + "/openapi.json")
	testenv.Must(t, err, "get")
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" || !bytes.Equal(b, ingest.OpenAPI()) {
		t.Fatalf("HTTP %d %s, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(b))
	}
	openAPI(t, e.url)
}

// Every route the ingest binary serves is documented, every documented
// operation is a route, and the mux sends each documented path to it.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	e := start(t, nil)
	doc, _ := openAPI(t, e.url)
	routes := e.a.Routes()
	slices.Sort(routes)
	if ops := operations(doc); !slices.Equal(ops, routes) {
		t.Fatalf("documented %q, served %q", ops, routes)
	}
	for _, op := range routes {
		method, path, _ := strings.Cut(op, " ")
		req, _ := http.NewRequest(method, strings.ReplaceAll(path, "{source}", "mixesdb"), nil)
		if _, pattern := e.a.Mux.Handler(req); pattern != op {
			t.Errorf("%s goes to %q", op, pattern)
		}
	}
}

// exchange is one request to the real server, the status it must get,
// and whether the request itself is one the document allows.
type exchange struct {
	name, method, path, contentType, token, body string
	status                                       int
	validRequest                                 bool
}

// check sends each exchange to the server and validates the answer
// (status, headers, body) against the document, and the request too; it
// returns the operations seen.
func check(t *testing.T, e *env, exchanges []exchange) map[string]bool {
	t.Helper()
	_, router := openAPI(t, e.url)
	seen := map[string]bool{}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	for _, x := range exchanges {
		newReq := func() *http.Request {
			req, _ := http.NewRequest(x.method, e.url+x.path, strings.NewReader(x.body))
			if x.contentType != "" {
				req.Header.Set("Content-Type", x.contentType)
			}
			if x.token != "" {
				req.Header.Set("Authorization", "Bearer "+x.token)
			}
			return req
		}
		req := newReq()
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Errorf("%s: %s %s is not in the document: %v", x.name, x.method, x.path, err)
			continue
		}
		seen[route.Method+" "+route.Path] = true
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
		if err := openapi3filter.ValidateRequest(t.Context(), in); (err == nil) != x.validRequest {
			t.Errorf("%s: request valid per the document: %v, want %v (%v)", x.name, err == nil, x.validRequest, err)
		}
		resp, err := http.DefaultClient.Do(newReq())
		testenv.Must(t, err, "%s", x.name)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != x.status {
			t.Errorf("%s: HTTP %d %s, want %d", x.name, resp.StatusCode, body, x.status)
			continue
		}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
			Body: io.NopCloser(bytes.NewReader(body)), Options: opts}
		if err := openapi3filter.ValidateResponse(t.Context(), out); err != nil {
			t.Errorf("%s: the answer HTTP %d %s does not match the document: %v", x.name, resp.StatusCode, body, err)
		}
	}
	return seen
}

const playlists = "/v1/sources/mixesdb/playlists"

func TestOpenAPIMatchesTheAnswers(t *testing.T) {
	e := start(t, nil)
	var pretty bytes.Buffer
	_ = json.Indent(&pretty, []byte(good), "", "  ")
	bad := `{"source_url":"https://a.b/c","name":"y","scraped_at":"2026-11-29T04:00:00Z","parser_version":"1","tracks":[{"position":"2","raw_line":"b"}]}`
	seen := check(t, e, []exchange{
		{"one JSON playlist", "POST", playlists, "application/json", "", pretty.String(), 202, true},
		{"NDJSON", "POST", playlists, "application/x-ndjson", "", good + "\n\n" + good + "\n", 202, true},
		{"some rejected", "POST", playlists, "application/x-ndjson", "", good + "\n" + bad + "\n", 207, false},
		{"all rejected", "POST", playlists, "application/json", "", bad, 400, false},
		{"refused as bronze would", "POST", playlists, "application/json", "", strings.Replace(good, "2026-11-29T04:00:00Z", "2030-01-01T00:00:00Z", 1), 422, true},
		{"a field twice", "POST", playlists, "application/json", "", strings.Replace(good, `"name"`, `"name":"x","name"`, 1), 400, true},
		{"unknown field", "POST", playlists, "application/json", "", strings.Replace(good, `"name"`, `"colour":"red","name"`, 1), 400, false},
		{"empty body", "POST", playlists, "application/json", "", "", 400, false},
		{"bad source", "POST", "/v1/sources/Not%20A%20Source/playlists", "application/json", "", good, 400, false},
		{"openapi.json", "GET", "/openapi.json", "", "", "", 200, true},
		{"healthz", "GET", "/healthz", "", "", "", 200, true},
		{"readyz", "GET", "/readyz", "", "", "", 200, true},
		{"metrics", "GET", "/metrics", "", "", "", 200, true},
	})
	doc, _ := openAPI(t, e.url)
	if ops := operations(doc); !slices.Equal(ops, slices.Sorted(maps.Keys(seen))) {
		t.Errorf("checked %v of %v", slices.Sorted(maps.Keys(seen)), ops)
	}
}

func TestOpenAPIMatchesTheRefusals(t *testing.T) {
	e := start(t, func(s *ingest.Settings) {
		s.Tokens = map[string]string{"*": "admin-secret-0123456789", "setlistfm": "setlistfm-secret-0123456789"}
	})
	check(t, e, []exchange{
		{"no token", "POST", playlists, "application/json", "", good, 401, true},
		{"a token for another source", "POST", playlists, "application/json", "setlistfm-secret-0123456789", good, 403, true},
		{"wrong token", "POST", playlists, "application/json", "wrong-token-0123456789", good, 401, true},
		{"the token", "POST", playlists, "application/json", "admin-secret-0123456789", good, 202, true},
	})
	e = start(t, func(s *ingest.Settings) { s.MaxBodyBytes = 2048 })
	check(t, e, []exchange{{"too large", "POST", playlists, "application/x-ndjson", "", strings.Repeat(good+"\n", 10), 413, true}})
	e = start(t, func(s *ingest.Settings) { s.RateLimit, s.RateBurst = 0.01, 2 })
	check(t, e, []exchange{
		{"within the burst", "POST", playlists, "application/x-ndjson", "", good + "\n" + good, 202, true},
		{"rate limited", "POST", playlists, "application/json", "", good, 429, true},
		{"over the burst", "POST", playlists, "application/x-ndjson", "", strings.Repeat(good+"\n", 3), 413, true},
	})
	e = start(t, func(s *ingest.Settings) {
		s.Tokens = map[string]string{"*": "admin-secret-0123456789"}
		s.NewSourcesPerHour, s.AuthFailuresPerMin = 1, 1
	})
	check(t, e, []exchange{
		{"a first source", "POST", playlists, "application/json", "admin-secret-0123456789", good, 202, true},
		{"a second new source", "POST", "/v1/sources/setlistfm/playlists", "application/json", "admin-secret-0123456789", good, 429, true},
		{"a failed authentication", "POST", playlists, "application/json", "wrong-token-0123456789", good, 401, true},
		{"past the failed authentications", "POST", playlists, "application/json", "admin-secret-0123456789", good, 429, true},
	})
	e = start(t, func(s *ingest.Settings) { s.ProduceTimeout = time.Second })
	check(t, e, []exchange{{"before Kafka stops", "POST", playlists, "application/json", "", good, 202, true}})
	e.cluster.Close()
	check(t, e, []exchange{
		{"Kafka down", "POST", playlists, "application/json", "", good, 503, true},
		{"readyz with Kafka down", "GET", "/readyz", "", "", "", 503, true},
	})
}
