// Package registry is the Confluent-compatible schema registry of the
// all-in-one dev command: franz-go's in-memory srfake, made durable and
// strict.
//
// Durable: after every change the registry's subjects and compatibility
// levels are written to a file, and reloaded at start, so schema IDs
// written into Kafka records stay valid across restarts. Strict: srfake
// accepts every version and answers every compatibility question with
// "compatible"; this registry keeps a compatibility level, global and per
// subject (GET/PUT/DELETE /config, /config/{subject}), refuses a version
// that breaks it (409, with the reasons), and answers POST
// /compatibility/subjects/{subject}/versions[/{version}] with the same
// check (Check), so it never calls compatible what it would refuse. It
// checks Avro only: other schema types are registered unchecked.
package registry

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
)

// Server serves the registry API.
type Server struct {
	fake *srfake.Registry
	path string
	mux  *http.ServeMux

	mu     sync.Mutex // serialises changes, checks and snapshots
	global sr.CompatibilityLevel
	levels map[string]sr.CompatibilityLevel // subject-level overrides
}

// entry is one registered subject version, as saved.
type entry struct {
	Subject    string               `json:"subject"`
	Version    int                  `json:"version"`
	ID         int                  `json:"id"`
	Schema     string               `json:"schema"`
	Type       sr.SchemaType        `json:"schemaType"`
	References []sr.SchemaReference `json:"references,omitempty"`
}

// snapshot is the registry's file. (Files written before compatibility
// levels were kept hold the schemas alone, as a JSON array.)
type snapshot struct {
	Compatibility sr.CompatibilityLevel            `json:"compatibility"`
	Subjects      map[string]sr.CompatibilityLevel `json:"subjectCompatibility,omitempty"`
	Schemas       []entry                          `json:"schemas"`
}

// New returns a registry saved to path ("" keeps it in memory only),
// loading what path holds.
func New(path string) (*Server, error) {
	s := &Server{fake: srfake.NewRegistry(), path: path, global: DefaultLevel, levels: map[string]sr.CompatibilityLevel{}}
	s.routes()
	if path == "" {
		return s, nil
	}
	b, err := os.ReadFile(path) //nolint:gosec // the registry's own file, named by its operator
	if os.IsNotExist(err) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load registry: %w", err)
	}
	var snap snapshot
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '[' {
		err = json.Unmarshal(b, &snap.Schemas)
	} else {
		err = json.Unmarshal(b, &snap)
	}
	if err != nil {
		return nil, fmt.Errorf("load registry %s: %w", path, err)
	}
	if snap.Compatibility != 0 {
		s.global = snap.Compatibility
	}
	for sub, l := range snap.Subjects {
		s.levels[sub] = l
	}
	entries := snap.Schemas
	// In ID order, so that one schema registered under several subjects
	// (one ID) is seeded once and then registered again under the others.
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].ID != entries[j].ID {
			return entries[i].ID < entries[j].ID
		}
		return entries[i].Subject < entries[j].Subject
	})
	seeded := map[int]bool{}
	for _, e := range entries {
		sch := sr.Schema{Schema: e.Schema, Type: e.Type, References: e.References}
		if !seeded[e.ID] {
			s.fake.SeedSchema(e.Subject, e.Version, e.ID, sch)
			seeded[e.ID] = true
			continue
		}
		id, _, err := s.fake.RegisterSchema(e.Subject, sch)
		if err != nil || id != e.ID {
			return nil, fmt.Errorf("load registry %s: re-register %s version %d: got id %d, want %d (%v)", path, e.Subject, e.Version, id, e.ID, err)
		}
	}
	return s, nil
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /config", s.getGlobalConfig)
	m.HandleFunc("PUT /config", s.putConfig)
	m.HandleFunc("DELETE /config", s.deleteGlobalConfig)
	m.HandleFunc("GET /config/{subject}", s.getSubjectConfig)
	m.HandleFunc("PUT /config/{subject}", s.putConfig)
	m.HandleFunc("DELETE /config/{subject}", s.deleteSubjectConfig)
	m.HandleFunc("POST /compatibility/subjects/{subject}/versions", s.compatibility)
	m.HandleFunc("POST /compatibility/subjects/{subject}/versions/{version}", s.compatibility)
	m.HandleFunc("POST /subjects/{subject}/versions", s.register)
	m.HandleFunc("POST /subjects/{subject}", s.fake.Handler().ServeHTTP) // a lookup: changes nothing
	m.HandleFunc("/", s.passThrough)
	s.mux = m
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// passThrough lets srfake answer: reads at once, changes one at a time,
// each followed by a snapshot.
func (s *Server) passThrough(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		s.fake.Handler().ServeHTTP(w, r)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.change(w, r)
}

// change runs a change through srfake and saves the registry after it;
// the caller holds s.mu.
func (s *Server) change(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	s.fake.Handler().ServeHTTP(rec, r)
	if rec.Code < 300 {
		if err := s.save(); err != nil {
			writeErr(w, http.StatusInternalServerError, 50001, "save registry: "+err.Error())
			return
		}
	}
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// get calls the registry's own API.
func (s *Server) get(path string, into any) bool {
	rec := httptest.NewRecorder()
	s.fake.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code == http.StatusOK && json.Unmarshal(rec.Body.Bytes(), into) == nil
}

// versions returns the subject's versions, oldest first (none when the
// subject does not exist).
func (s *Server) versions(subject string) []entry {
	var vs []int
	esc := url.PathEscape(subject)
	if !s.get("/subjects/"+esc+"/versions", &vs) {
		return nil
	}
	sort.Ints(vs)
	var out []entry
	for _, v := range vs {
		var e entry
		if s.get(fmt.Sprintf("/subjects/%s/versions/%d", esc, v), &e) {
			out = append(out, e)
		}
	}
	return out
}

// save writes the levels and every subject version to the file,
// atomically; the caller holds s.mu.
func (s *Server) save() error {
	if s.path == "" {
		return nil
	}
	var subjects []string
	s.get("/subjects", &subjects)
	snap := snapshot{Compatibility: s.global, Subjects: s.levels, Schemas: []entry{}}
	for _, sub := range subjects {
		snap.Schemas = append(snap.Schemas, s.versions(sub)...)
	}
	b, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o750); err != nil {
		return err
	}
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, s.path)
}

// readBody reads a request's body (at most 16 MiB), answering 400 when it
// cannot.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		writeErr(w, http.StatusBadRequest, 400, "read body: "+err.Error())
		return nil, false
	}
	return body, true
}

func respond(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error_code": code, "message": msg})
}
