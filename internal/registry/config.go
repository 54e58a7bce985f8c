package registry

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/twmb/franz-go/pkg/sr"
)

// Compatibility levels, as Confluent's registry serves them: GET answers
// {"compatibilityLevel": L}, PUT takes and answers {"compatibility": L},
// DELETE answers the level it removed. A subject without a level of its
// own has the global one; GET /config/{subject} says so only with
// ?defaultToGlobal=true, else 404 (error 40408), as Confluent does.

// level returns the level that applies to subject; the caller holds s.mu.
func (s *Server) level(subject string) sr.CompatibilityLevel {
	if l, ok := s.levels[subject]; ok {
		return l
	}
	return s.global
}

func (s *Server) getGlobalConfig(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	respond(w, map[string]sr.CompatibilityLevel{"compatibilityLevel": s.global})
}

func (s *Server) getSubjectConfig(w http.ResponseWriter, r *http.Request) {
	subject := r.PathValue("subject")
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.levels[subject]
	switch {
	case ok:
	case strings.EqualFold(r.URL.Query().Get("defaultToGlobal"), "true"):
		l = s.global
	default:
		writeErr(w, http.StatusNotFound, 40408, fmt.Sprintf("Subject '%s' does not have subject-level compatibility configured", subject))
		return
	}
	respond(w, map[string]sr.CompatibilityLevel{"compatibilityLevel": l})
}

// putConfig sets the global level (PUT /config) or a subject's.
func (s *Server) putConfig(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	var req struct {
		Compatibility string `json:"compatibility"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeErr(w, http.StatusBadRequest, 400, "body: "+err.Error())
		return
	}
	l, err := ParseLevel(req.Compatibility)
	if err != nil {
		writeErr(w, http.StatusUnprocessableEntity, 42203, "Invalid compatibility level: "+err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	subject := r.PathValue("subject")
	oldGlobal, oldLevel, had := s.global, s.levels[subject], false
	if subject == "" {
		s.global = l
	} else {
		_, had = s.levels[subject]
		s.levels[subject] = l
	}
	if err := s.save(); err != nil {
		// Not saved: not changed either, so that a restart agrees.
		s.global = oldGlobal
		if subject != "" {
			if had {
				s.levels[subject] = oldLevel
			} else {
				delete(s.levels, subject)
			}
		}
		writeErr(w, http.StatusInternalServerError, 50001, "save registry: "+err.Error())
		return
	}
	respond(w, map[string]sr.CompatibilityLevel{"compatibility": l})
}

// deleteGlobalConfig puts the global level back to DefaultLevel.
func (s *Server) deleteGlobalConfig(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.global
	s.global = DefaultLevel
	if err := s.save(); err != nil {
		s.global = old
		writeErr(w, http.StatusInternalServerError, 50001, "save registry: "+err.Error())
		return
	}
	respond(w, map[string]sr.CompatibilityLevel{"compatibilityLevel": old})
}

// deleteSubjectConfig removes a subject's own level: the global one
// applies to it again.
func (s *Server) deleteSubjectConfig(w http.ResponseWriter, r *http.Request) {
	subject := r.PathValue("subject")
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.levels[subject]
	if !ok {
		writeErr(w, http.StatusNotFound, 40408, fmt.Sprintf("Subject '%s' does not have subject-level compatibility configured", subject))
		return
	}
	delete(s.levels, subject)
	if err := s.save(); err != nil {
		s.levels[subject] = old
		writeErr(w, http.StatusInternalServerError, 50001, "save registry: "+err.Error())
		return
	}
	respond(w, map[string]sr.CompatibilityLevel{"compatibilityLevel": old})
}
