// Package serde reads and writes Kafka values in Confluent framing: a magic
// byte 0, the 4-byte big-endian registry ID of the writer schema, then the
// Avro binary encoding. Any standard Confluent client can read what it
// writes with nothing but the registry URL.
//
// Decoding is strict, because hamba/avro is lenient in ways that would let
// damaged records through unnoticed: input cut at a field boundary decodes
// to zero values, trailing bytes are ignored and invalid UTF-8 is accepted.
// Decode checks all three and reports them as permanent *dlq.Error values;
// every other error it returns (registry unreachable, ...) is transient.
package serde

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/songnodes/pipeline/internal/dlq"
)

// unknownTTL is how long an ID the registry does not know is remembered as
// unknown: long enough that a flood of records with a bogus ID does not
// flood the registry, short enough that a schema registered late is found.
const unknownTTL = time.Minute

// Registry is a schema-registry client with the caches a stage needs:
// writer schemas by ID and their resolution against each reader schema.
// It is safe for concurrent use.
type Registry struct {
	cl *sr.Client

	mu       sync.Mutex
	writers  map[int]avro.Schema
	unknown  map[int]time.Time
	resolved map[resolveKey]resolution
	inflight map[int]*call
}

type resolveKey struct {
	id     int
	reader [32]byte // reader schema fingerprint
}

type resolution struct {
	schema avro.Schema
	err    *dlq.Error // permanent failure to resolve, cached like a success
}

type call struct {
	done   chan struct{}
	schema avro.Schema
	err    error
}

// DefaultRegistryURL is the schema registry an empty environment names.
const DefaultRegistryURL = "http://127.0.0.1:8081"

// NewRegistry returns a client for the registry at rawURL. Credentials in
// the URL (https://user:pass@host) are sent as basic auth; auth, if
// given, adds credentials and a CA (see RegistryAuth).
func NewRegistry(rawURL string, auth ...RegistryAuth) (*Registry, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("schema registry URL %s: want http(s)://host:port", RedactURL(rawURL))
	}
	var ra RegistryAuth
	if len(auth) > 0 {
		ra = auth[0]
	}
	hc, err := ra.httpClient()
	if err != nil {
		return nil, err
	}
	opts := []sr.ClientOpt{sr.HTTPClient(hc)}
	switch {
	case ra.BearerToken != "":
		opts = append(opts, sr.BearerToken(ra.BearerToken))
	case ra.Username != "":
		opts = append(opts, sr.BasicAuth(ra.Username, ra.Password))
	case u.User != nil:
		pass, _ := u.User.Password()
		opts = append(opts, sr.BasicAuth(u.User.Username(), pass))
	}
	u.User = nil
	opts = append(opts, sr.URLs(u.String()))
	cl, err := sr.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("schema registry client: %w", err)
	}
	return &Registry{
		cl:       cl,
		writers:  make(map[int]avro.Schema),
		unknown:  make(map[int]time.Time),
		resolved: make(map[resolveKey]resolution),
		inflight: make(map[int]*call),
	}, nil
}

// Client returns the underlying registry client.
func (r *Registry) Client() *sr.Client { return r.cl }

// Ping checks that the registry answers.
func (r *Registry) Ping(ctx context.Context) error {
	_, err := r.cl.Subjects(ctx)
	return err
}

// SchemaJSON renders s as the self-contained JSON that gets registered:
// named types referenced from other files are inlined, and defaults and
// docs are kept (the canonical form drops defaults, which BACKWARD
// compatibility depends on).
func SchemaJSON(s avro.Schema) (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("render schema %s: %w", s.Fingerprint(), err)
	}
	return string(b), nil
}

// Register registers s under subject and returns its ID. Before it does, it
// checks that s can read data written with every earlier version of the
// subject (BACKWARD_TRANSITIVE), whatever the registry itself enforces: a
// registry that accepts anything must not let a stage start with a reader
// that cannot read the topic's history.
func (r *Registry) Register(ctx context.Context, subject string, s avro.Schema) (int, error) {
	text, err := SchemaJSON(s)
	if err != nil {
		return 0, err
	}
	earlier, err := r.cl.Schemas(ctx, subject)
	if err != nil && !IsNotFound(err) {
		return 0, fmt.Errorf("list versions of %s: %w", subject, err)
	}
	for _, old := range earlier {
		if old.Type != sr.TypeAvro {
			return 0, fmt.Errorf("subject %s version %d is %s, not Avro", subject, old.Version, old.Type)
		}
		w, err := r.parse(ctx, old.Schema)
		if err != nil {
			var de *dlq.Error
			if errors.As(err, &de) {
				err = de.Err
			}
			return 0, fmt.Errorf("subject %s version %d: %w", subject, old.Version, err)
		}
		if err := avro.NewSchemaCompatibility().Compatible(s, w); err != nil {
			return 0, fmt.Errorf("schema for %s cannot read version %d (id %d) already registered, so it is not BACKWARD compatible: %w",
				subject, old.Version, old.ID, err)
		}
	}
	ss, err := r.cl.CreateSchema(ctx, subject, sr.Schema{Schema: text, Type: sr.TypeAvro})
	if err != nil {
		return 0, fmt.Errorf("register %s: %w", subject, err)
	}
	r.mu.Lock()
	r.writers[ss.ID] = s
	r.mu.Unlock()
	return ss.ID, nil
}

// Writer returns the schema a record was written with, by its ID (from
// the record's frame), fetching it once: for tools that show any topic.
func (r *Registry) Writer(ctx context.Context, id int) (avro.Schema, error) { return r.writer(ctx, id) }

// writer returns the writer schema with the given ID, fetching it once.
// A *dlq.Error means the registry does not know the ID.
func (r *Registry) writer(ctx context.Context, id int) (avro.Schema, error) {
	r.mu.Lock()
	if s, ok := r.writers[id]; ok {
		r.mu.Unlock()
		return s, nil
	}
	if t, ok := r.unknown[id]; ok && time.Since(t) < unknownTTL {
		r.mu.Unlock()
		return nil, dlq.Errorf(dlq.UnknownSchema, "schema ID %d is not in the registry", id)
	}
	if c, ok := r.inflight[id]; ok {
		r.mu.Unlock()
		select {
		case <-c.done:
			return c.schema, c.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	c := &call{done: make(chan struct{})}
	r.inflight[id] = c
	r.mu.Unlock()

	c.schema, c.err = r.fetch(ctx, id)

	r.mu.Lock()
	delete(r.inflight, id)
	var de *dlq.Error
	switch {
	case c.err == nil:
		r.writers[id] = c.schema
	case errors.As(c.err, &de) && de.Reason == dlq.UnknownSchema:
		r.unknown[id] = time.Now()
	}
	r.mu.Unlock()
	close(c.done)
	return c.schema, c.err
}

func (r *Registry) fetch(ctx context.Context, id int) (avro.Schema, error) {
	ss, err := r.cl.SchemaByID(ctx, id)
	if err != nil {
		if IsNotFound(err) {
			return nil, dlq.Errorf(dlq.UnknownSchema, "schema ID %d is not in the registry", id)
		}
		return nil, fmt.Errorf("fetch schema %d: %w", id, err)
	}
	if ss.Type != sr.TypeAvro {
		return nil, dlq.Errorf(dlq.IncompatibleSchema, "schema ID %d is %s, not Avro", id, ss.Type)
	}
	// A writer schema may reference types registered under other
	// subjects: parse handles those.
	s, err := r.parse(ctx, ss)
	if err != nil {
		var de *dlq.Error
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, dlq.Errorf(dlq.IncompatibleSchema, "schema ID %d does not parse: %v", id, err)
	}
	return s, nil
}

func (r *Registry) parseRefs(ctx context.Context, refs []sr.SchemaReference, cache *avro.SchemaCache, depth int) error {
	if depth > 10 {
		return dlq.Errorf(dlq.IncompatibleSchema, "schema references nest deeper than 10")
	}
	for _, ref := range refs {
		ss, err := r.cl.SchemaByVersion(ctx, ref.Subject, ref.Version)
		if err != nil {
			if IsNotFound(err) {
				return dlq.Errorf(dlq.UnknownSchema, "referenced schema %s version %d is not in the registry", ref.Subject, ref.Version)
			}
			return fmt.Errorf("fetch referenced schema %s/%d: %w", ref.Subject, ref.Version, err)
		}
		if err := r.parseRefs(ctx, ss.References, cache, depth+1); err != nil {
			return err
		}
		if _, err := avro.ParseWithCache(ss.Schema.Schema, "", cache); err != nil {
			return dlq.Errorf(dlq.IncompatibleSchema, "referenced schema %s version %d does not parse: %v", ref.Subject, ref.Version, err)
		}
	}
	return nil
}

// parse parses a schema fetched from the registry in a cache of its own, so
// that its named types cannot clash with ours.
func (r *Registry) parse(ctx context.Context, ss sr.Schema) (avro.Schema, error) {
	cache := &avro.SchemaCache{}
	if err := r.parseRefs(ctx, ss.References, cache, 0); err != nil {
		return nil, err
	}
	return avro.ParseWithCache(ss.Schema, "", cache)
}

// resolve returns the schema that decodes data written with schema id into
// values of the reader schema.
func (r *Registry) resolve(ctx context.Context, id int, reader avro.Schema, readerFP [32]byte) (avro.Schema, error) {
	key := resolveKey{id: id, reader: readerFP}
	r.mu.Lock()
	res, ok := r.resolved[key]
	r.mu.Unlock()
	if ok {
		if res.err != nil {
			return nil, res.err
		}
		return res.schema, nil
	}
	w, err := r.writer(ctx, id)
	if err != nil {
		return nil, err
	}
	if w.Fingerprint() == readerFP {
		res.schema = reader
	} else if s, err := avro.NewSchemaCompatibility().Resolve(reader, w); err != nil {
		res.err = dlq.Errorf(dlq.IncompatibleSchema, "writer schema %d cannot be read as %s: %v", id, schemaName(reader), err)
	} else {
		res.schema = s
	}
	r.mu.Lock()
	r.resolved[key] = res
	r.mu.Unlock()
	if res.err != nil {
		return nil, res.err
	}
	return res.schema, nil
}

func schemaName(s avro.Schema) string {
	if n, ok := s.(avro.NamedSchema); ok {
		return n.FullName()
	}
	return string(s.Type())
}

// IsNotFound reports whether the registry answered that the subject, version
// or schema does not exist (error codes 40401-40403, or a plain 404).
func IsNotFound(err error) bool {
	var re *sr.ResponseError
	if !errors.As(err, &re) {
		return false
	}
	return re.StatusCode == http.StatusNotFound || (re.ErrorCode >= 40401 && re.ErrorCode <= 40403)
}
