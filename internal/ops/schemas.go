package ops

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/pipeline"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/registry"
	"github.com/songnodes/pipeline/internal/serde"
)

// SchemaFile is one .avsc file of a schemas directory, parsed.
type SchemaFile struct {
	File   string // base name, e.g. ScrapedPlaylist.avsc
	Name   string // full name of its type, e.g. io.songnodes.ScrapedPlaylist
	Schema avro.Schema
}

// LoadSchemaFiles parses every .avsc file in dir. A file may use types
// another file defines (BronzePlaylist uses ScrapedPlaylist), in any
// order: files are parsed after the ones they need.
func LoadSchemaFiles(dir string) ([]SchemaFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	texts := map[string][]byte{}
	var pending []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".avsc") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name())) //nolint:gosec // a file of the directory named on the command line
		if err != nil {
			return nil, err
		}
		texts[e.Name()] = b
		pending = append(pending, e.Name())
	}
	if len(pending) == 0 {
		return nil, fmt.Errorf("%s holds no .avsc file", dir)
	}
	var done []SchemaFile
	for len(pending) > 0 {
		var next []string
		errs := map[string]error{}
		for _, name := range pending {
			// A fresh cache holding what parsed so far: a failed parse
			// may leave part of its types behind.
			cache := &avro.SchemaCache{}
			for _, d := range done {
				_, _ = avro.ParseBytesWithCache(texts[d.File], "", cache) // parsed before
			}
			s, err := avro.ParseBytesWithCache(texts[name], "", cache)
			if err != nil {
				errs[name] = err
				next = append(next, name)
				continue
			}
			full := string(s.Type())
			if n, ok := s.(avro.NamedSchema); ok {
				full = n.FullName()
			}
			done = append(done, SchemaFile{File: name, Name: full, Schema: s})
		}
		if len(next) == len(pending) {
			var msgs []string
			for _, name := range next {
				msgs = append(msgs, fmt.Sprintf("%s: %v", filepath.Join(dir, name), errs[name]))
			}
			return nil, fmt.Errorf("schemas that do not parse:\n  %s", strings.Join(msgs, "\n  "))
		}
		pending = next
	}
	sort.Slice(done, func(i, j int) bool { return done[i].File < done[j].File })
	return done, nil
}

// SchemaResult is what `schemas check` or `schemas register` found for
// one schema file and one subject it is registered under.
type SchemaResult struct {
	File    string `json:"file"`
	Type    string `json:"type"` // the full name of the file's type
	Subject string `json:"subject,omitempty"`
	// Status: check: ok, break, new (no version yet), no_subject;
	// register: registered, unchanged, refused, not_registered (another
	// subject refused), no_subject, and with
	// --dry-run would_register, would_refuse.
	Status   string   `json:"status"`
	Level    string   `json:"level,omitempty"`
	Versions []int    `json:"compared_with,omitempty"` // check: the versions compared with
	ID       int      `json:"id,omitempty"`            // register: the schema's ID
	Version  int      `json:"version,omitempty"`       // register: its version in the subject
	Problems []string `json:"problems,omitempty"`      // what breaks, or the registry's reason
}

// Failed reports whether the result is a break or a refusal.
func (r SchemaResult) Failed() bool {
	return r.Status == "break" || r.Status == "refused" || r.Status == "would_refuse"
}

// schemaSubjects returns the subjects a type is registered under, by its
// full name: a stage's output schema under its output topic's subject,
// ScrapedPlaylist under the subject of every raw topic in the registry
// (one per source; ingest registers a new source's).
func schemaSubjects(topics kafka.Topics, registered []string) map[string][]string {
	m := map[string][]string{}
	raw := regexp.MustCompile(topics.RawPattern())
	name := fullName(record.ScrapedPlaylistSchema)
	for _, s := range registered {
		if t, ok := strings.CutSuffix(s, "-value"); ok && raw.MatchString(t) {
			m[name] = append(m[name], s)
		}
	}
	for _, sp := range pipeline.Stages {
		n := fullName(sp.Schema)
		m[n] = append(m[n], sp.Output(topics).Name+"-value")
	}
	for _, subs := range m {
		sort.Strings(subs)
	}
	return m
}

func fullName(s avro.Schema) string {
	if n, ok := s.(avro.NamedSchema); ok {
		return n.FullName()
	}
	return string(s.Type())
}

// registeredSubjects lists the registry's subjects; its error says
// plainly when the registry does not answer.
func registeredSubjects(ctx context.Context, reg *serde.Registry) ([]string, error) {
	subjects, err := reg.Client().Subjects(ctx)
	if err != nil {
		return nil, fmt.Errorf("schema registry does not answer: %w", err)
	}
	return subjects, nil
}

// CheckSchemas compares each file's schema with the versions of every
// subject it is registered under, at level (0: each subject's own level
// in the registry), as the registry itself would (registry.Check).
func CheckSchemas(ctx context.Context, reg *serde.Registry, topics kafka.Topics, files []SchemaFile, level sr.CompatibilityLevel) ([]SchemaResult, error) {
	registered, err := registeredSubjects(ctx, reg)
	if err != nil {
		return nil, err
	}
	subjects := schemaSubjects(topics, registered)
	var out []SchemaResult
	for _, f := range files {
		if len(subjects[f.Name]) == 0 {
			out = append(out, SchemaResult{File: f.File, Type: f.Name, Status: "no_subject"})
			continue
		}
		for _, subject := range subjects[f.Name] {
			r, err := checkSubject(ctx, reg, f, subject, level)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
	}
	return out, nil
}

func checkSubject(ctx context.Context, reg *serde.Registry, f SchemaFile, subject string, level sr.CompatibilityLevel) (SchemaResult, error) {
	r := SchemaResult{File: f.File, Type: f.Name, Subject: subject}
	cl := reg.Client()
	if level == 0 {
		c := cl.Compatibility(sr.WithParams(ctx, sr.DefaultToGlobal), subject)[0]
		if c.Err != nil {
			return r, fmt.Errorf("compatibility level of %s: %w", subject, c.Err)
		}
		level = c.Level
	}
	r.Level = level.String()
	versions, err := cl.Schemas(ctx, subject)
	if serde.IsNotFound(err) || err == nil && len(versions) == 0 {
		r.Status = "new"
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("versions of %s: %w", subject, err)
	}
	slices.SortFunc(versions, func(a, b sr.SubjectSchema) int { return a.Version - b.Version })
	var earlier []registry.Version
	for _, v := range versions {
		if v.Type != sr.TypeAvro {
			continue
		}
		s, err := reg.Writer(ctx, v.ID)
		if err != nil {
			return r, fmt.Errorf("%s version %d (id %d): %w", subject, v.Version, v.ID, err)
		}
		earlier = append(earlier, registry.Version{Version: v.Version, ID: v.ID, Schema: s})
	}
	compared := earlier
	if !registry.Transitive(level) && len(earlier) > 1 {
		compared = earlier[len(earlier)-1:]
	}
	for _, v := range compared {
		r.Versions = append(r.Versions, v.Version)
	}
	r.Problems = registry.Check(level, f.Schema, earlier)
	r.Status = "ok"
	if len(r.Problems) > 0 {
		r.Status = "break"
	}
	return r, nil
}

// RegisterSchemas registers each file's schema under every subject it is
// registered under. It first asks the registry what it would do (its own
// compatibility check, at each subject's level) and registers nothing
// when it would refuse one: a type is used inside several schemas
// (ScrapedPlaylist inside BronzePlaylist), and half a change registered
// is worse than none. dryRun stops after asking. A refusal is a result
// with the registry's reason; the error is for a registry that does not
// answer.
func RegisterSchemas(ctx context.Context, reg *serde.Registry, topics kafka.Topics, files []SchemaFile, dryRun bool) ([]SchemaResult, error) {
	registered, err := registeredSubjects(ctx, reg)
	if err != nil {
		return nil, err
	}
	subjects := schemaSubjects(topics, registered)
	cl := reg.Client()
	var out []SchemaResult
	texts := map[string]sr.Schema{}
	refused := false
	for _, f := range files {
		if len(subjects[f.Name]) == 0 {
			out = append(out, SchemaResult{File: f.File, Type: f.Name, Status: "no_subject"})
			continue
		}
		text, err := serde.SchemaJSON(f.Schema)
		if err != nil {
			return nil, err
		}
		s := sr.Schema{Schema: text, Type: sr.TypeAvro}
		texts[f.File] = s
		for _, subject := range subjects[f.Name] {
			r := SchemaResult{File: f.File, Type: f.Name, Subject: subject}
			held, err := cl.LookupSchema(ctx, subject, s)
			if err == nil {
				r.Status, r.ID, r.Version = "unchanged", held.ID, held.Version
				out = append(out, r)
				continue
			} else if !serde.IsNotFound(err) {
				return nil, fmt.Errorf("look up %s: %w", subject, err)
			}
			res, err := cl.CheckCompatibility(sr.WithParams(ctx, sr.Verbose), subject, -2, s)
			switch {
			case serde.IsNotFound(err) || err == nil && res.Is:
				r.Status = "would_register"
			case err == nil:
				r.Status, r.Problems = "would_refuse", res.Messages
			case refusal(err) != "":
				r.Status, r.Problems = "would_refuse", []string{refusal(err)}
			default:
				return nil, fmt.Errorf("check %s: %w", subject, err)
			}
			refused = refused || r.Status == "would_refuse"
			out = append(out, r)
		}
	}
	if dryRun {
		return out, nil
	}
	for i := range out {
		r := &out[i]
		switch {
		case refused && r.Status == "would_refuse":
			r.Status = "refused"
		case refused && r.Status == "would_register":
			r.Status, r.Problems = "not_registered", []string{"nothing is registered while another subject refuses its schema"}
		case r.Status == "would_register":
			ss, err := cl.CreateSchema(ctx, r.Subject, texts[r.File])
			switch {
			case err == nil:
				r.Status, r.ID, r.Version = "registered", ss.ID, ss.Version
			case refusal(err) != "":
				// The check passed but registration refused (a registry
				// whose check is not its registration's).
				r.Status, r.Problems = "refused", []string{refusal(err)}
			default:
				return nil, fmt.Errorf("register %s: %w", r.Subject, err)
			}
		}
	}
	return out, nil
}

// refusal returns the registry's reason when err is its refusal of the
// schema (409 incompatible, 422 invalid), or "".
func refusal(err error) string {
	var re *sr.ResponseError
	if errors.As(err, &re) && (re.StatusCode == 409 || re.StatusCode == 422) {
		return fmt.Sprintf("%s (HTTP %d, error %d)", re.Message, re.StatusCode, re.ErrorCode)
	}
	return ""
}
