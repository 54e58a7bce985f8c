// Package registry is the Confluent-compatible schema registry of the
// all-in-one dev command: franz-go's in-memory srfake, made durable and
// strict.
//
// Durable: after every change the registry's subjects are written to a
// file, and reloaded at start, so schema IDs written into Kafka records
// stay valid across restarts. Strict: srfake answers every compatibility
// question with "compatible"; this registry refuses a new version that
// cannot read every earlier version of its subject (BACKWARD_TRANSITIVE),
// as a production registry configured for BACKWARD would.
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

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
)

// Server serves the registry API.
type Server struct {
	fake *srfake.Registry
	path string
	mu   sync.Mutex // serialises changes and snapshots
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

// New returns a registry saved to path ("" keeps it in memory only),
// loading what path holds.
func New(path string) (*Server, error) {
	s := &Server{fake: srfake.NewRegistry(), path: path}
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
	var entries []entry
	if err := json.Unmarshal(b, &entries); err != nil {
		return nil, fmt.Errorf("load registry %s: %w", path, err)
	}
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

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		s.fake.Handler().ServeHTTP(w, r)
		return
	}
	// Changes run one at a time, each followed by a snapshot.
	s.mu.Lock()
	defer s.mu.Unlock()
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		writeErr(w, http.StatusBadRequest, 400, "read body: "+err.Error())
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if subject, ok := registering(r); ok {
		if msg := s.incompatible(subject, body); msg != "" {
			writeErr(w, http.StatusConflict, 409, msg)
			return
		}
	}
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

// registering reports whether r registers a new version, and of which subject.
func registering(r *http.Request) (string, bool) {
	if r.Method != http.MethodPost {
		return "", false
	}
	const pre, post = "/subjects/", "/versions"
	p := r.URL.Path
	if len(p) <= len(pre)+len(post) || p[:len(pre)] != pre || p[len(p)-len(post):] != post {
		return "", false
	}
	subject, err := url.PathUnescape(p[len(pre) : len(p)-len(post)])
	return subject, err == nil
}

// incompatible returns why the schema in body cannot be registered under
// subject, or "".
func (s *Server) incompatible(subject string, body []byte) string {
	var req sr.Schema
	if err := json.Unmarshal(body, &req); err != nil || req.Type != sr.TypeAvro {
		return "" // let srfake answer malformed or non-Avro requests
	}
	next, err := avro.ParseWithCache(req.Schema, "", &avro.SchemaCache{})
	if err != nil {
		return ""
	}
	for _, old := range s.versions(subject) {
		prev, err := avro.ParseWithCache(old.Schema, "", &avro.SchemaCache{})
		if err != nil {
			continue
		}
		if err := avro.NewSchemaCompatibility().Compatible(next, prev); err != nil {
			return fmt.Sprintf("Schema being registered is incompatible with an earlier schema for subject %q (version %d): %v", subject, old.Version, err)
		}
	}
	return ""
}

// get calls the registry's own API.
func (s *Server) get(path string, into any) bool {
	rec := httptest.NewRecorder()
	s.fake.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code == http.StatusOK && json.Unmarshal(rec.Body.Bytes(), into) == nil
}

func (s *Server) versions(subject string) []entry {
	var vs []int
	esc := url.PathEscape(subject)
	if !s.get("/subjects/"+esc+"/versions", &vs) {
		return nil
	}
	var out []entry
	for _, v := range vs {
		var e entry
		if s.get(fmt.Sprintf("/subjects/%s/versions/%d", esc, v), &e) {
			out = append(out, e)
		}
	}
	return out
}

// save writes every subject version to the file, atomically.
func (s *Server) save() error {
	if s.path == "" {
		return nil
	}
	var subjects []string
	s.get("/subjects", &subjects)
	entries := []entry{}
	for _, sub := range subjects {
		entries = append(entries, s.versions(sub)...)
	}
	b, err := json.MarshalIndent(entries, "", "  ")
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

func writeErr(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error_code": code, "message": msg})
}
