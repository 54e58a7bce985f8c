package registry

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
)

// register checks a new version against the subject's level before srfake
// stores it: 409 with the reasons when it breaks the level (Confluent's
// answer), 422 when it is not a valid Avro schema. A schema the subject
// already holds is answered with its ID unchecked, as Confluent does: a
// stage registers its schema at every start, and a level raised since
// must not stop it.
func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	r.Body = nopCloser{bytes.NewReader(body)}
	s.mu.Lock()
	defer s.mu.Unlock()
	var req sr.Schema
	if err := json.Unmarshal(body, &req); err != nil || req.Type != sr.TypeAvro || s.holds(r.PathValue("subject"), body) {
		s.change(w, r) // srfake answers malformed and non-Avro requests, and known schemas
		return
	}
	subject := r.PathValue("subject")
	next, err := s.parse(req)
	if err != nil {
		writeErr(w, http.StatusUnprocessableEntity, 42201, "Invalid schema: "+err.Error())
		return
	}
	earlier, err := s.parsedVersions(subject)
	if err != nil {
		writeErr(w, http.StatusInternalServerError, 50001, err.Error())
		return
	}
	if msgs := Check(s.level(subject), next, earlier); len(msgs) > 0 {
		writeErr(w, http.StatusConflict, 409, fmt.Sprintf("Schema being registered is incompatible with an earlier schema for subject %q, details: [%s]",
			subject, strings.Join(msgs, "; ")))
		return
	}
	s.change(w, r)
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// holds reports whether subject already has the schema in body as a
// version; the caller holds s.mu.
func (s *Server) holds(subject string, body []byte) bool {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/subjects/"+url.PathEscape(subject), bytes.NewReader(body))
	s.fake.Handler().ServeHTTP(rec, req)
	return rec.Code == http.StatusOK
}

// compatibility answers POST /compatibility/subjects/{subject}/versions
// (against the versions the subject's level compares with) and
// .../versions/{version} (against that version, or "latest"), with
// Check: what it calls compatible, register accepts. ?verbose=true adds
// the reasons.
func (s *Server) compatibility(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	subject, version := r.PathValue("subject"), r.PathValue("version")
	var req sr.Schema
	if err := json.Unmarshal(body, &req); err != nil {
		writeErr(w, http.StatusUnprocessableEntity, 42201, "Invalid schema: "+err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var msgs []string
	if req.Type == sr.TypeAvro {
		next, err := s.parse(req)
		if err != nil {
			writeErr(w, http.StatusUnprocessableEntity, 42201, "Invalid schema: "+err.Error())
			return
		}
		earlier, err := s.parsedVersions(subject)
		if err != nil {
			writeErr(w, http.StatusInternalServerError, 50001, err.Error())
			return
		}
		if version != "" {
			v, code, msg := pick(subject, version, earlier)
			if code != 0 {
				writeErr(w, code/100, code, msg)
				return
			}
			earlier = []Version{v}
		}
		msgs = Check(s.level(subject), next, earlier)
	} // other types are compatible: registration does not check them either
	res := map[string]any{"is_compatible": len(msgs) == 0}
	if strings.EqualFold(r.URL.Query().Get("verbose"), "true") {
		res["messages"] = append([]string{}, msgs...)
	}
	respond(w, res)
}

// pick returns the version named (a number, or "latest" or -1), or the
// Confluent error code and message saying why it cannot.
func pick(subject, version string, versions []Version) (Version, int, string) {
	n, err := strconv.Atoi(version)
	if version == "latest" {
		n, err = -1, nil
	}
	if err != nil || n == 0 || n < -1 {
		return Version{}, 42202, fmt.Sprintf("The specified version '%s' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"", version)
	}
	if len(versions) == 0 {
		return Version{}, 40401, fmt.Sprintf("Subject '%s' not found.", subject)
	}
	if n == -1 {
		return versions[len(versions)-1], 0, ""
	}
	for _, v := range versions {
		if v.Version == n {
			return v, 0, ""
		}
	}
	return Version{}, 40402, fmt.Sprintf("Version %d not found.", n)
}

// parsedVersions returns the subject's Avro versions, parsed, oldest
// first; the caller holds s.mu.
func (s *Server) parsedVersions(subject string) ([]Version, error) {
	var out []Version
	for _, e := range s.versions(subject) {
		if e.Type != sr.TypeAvro {
			continue // registered unchecked: nothing to compare with
		}
		sch, err := s.parse(sr.Schema{Schema: e.Schema, References: e.References})
		if err != nil {
			return nil, fmt.Errorf("subject %s version %d (id %d) does not parse: %v", subject, e.Version, e.ID, err)
		}
		out = append(out, Version{Version: e.Version, ID: e.ID, Schema: sch})
	}
	return out, nil
}

// parse parses an Avro schema in a cache of its own, with the named types
// its references bring (registered versions of other subjects).
func (s *Server) parse(ss sr.Schema) (avro.Schema, error) {
	cache := &avro.SchemaCache{}
	if err := s.parseRefs(ss.References, cache, 0); err != nil {
		return nil, err
	}
	return avro.ParseWithCache(ss.Schema, "", cache)
}

func (s *Server) parseRefs(refs []sr.SchemaReference, cache *avro.SchemaCache, depth int) error {
	if depth > 10 {
		return fmt.Errorf("references nest deeper than 10")
	}
	for _, ref := range refs {
		var e entry
		if !s.get(fmt.Sprintf("/subjects/%s/versions/%d", url.PathEscape(ref.Subject), ref.Version), &e) {
			return fmt.Errorf("reference %s: subject %s version %d is not registered", ref.Name, ref.Subject, ref.Version)
		}
		if err := s.parseRefs(e.References, cache, depth+1); err != nil {
			return err
		}
		if _, err := avro.ParseWithCache(e.Schema, "", cache); err != nil {
			return fmt.Errorf("reference %s (%s version %d): %w", ref.Name, ref.Subject, ref.Version, err)
		}
	}
	return nil
}
