package serde

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/songnodes/pipeline/internal/config"
)

// RegistryAuth is how a client proves itself to the schema registry and
// which CA it trusts. The zero value sends no credentials (beyond any in
// the URL) and trusts the system's CAs.
type RegistryAuth struct {
	Username, Password string // basic auth; wins over credentials in the URL
	BearerToken        string // Authorization: Bearer; wins over basic auth
	CAFile             string // PEM CA certificates for an https registry
	// Timeout bounds each request (SCHEMA_REGISTRY_TIMEOUT); zero:
	// DefaultRegistryTimeout. It lives here, with the other settings of
	// the registry's HTTP client, so that every binary reads it in the
	// one place it reads those.
	Timeout time.Duration
}

// DefaultRegistryTimeout bounds a registry request when
// SCHEMA_REGISTRY_TIMEOUT is unset.
const DefaultRegistryTimeout = 10 * time.Second

// RegistryAuthFromEnv reads SCHEMA_REGISTRY_USERNAME, _PASSWORD,
// _BEARER_TOKEN and _CA_FILE (secrets can come from NAME_FILE).
func RegistryAuthFromEnv(e *config.Env) RegistryAuth {
	a := RegistryAuth{
		Username:    e.String("SCHEMA_REGISTRY_USERNAME", ""),
		Password:    e.String("SCHEMA_REGISTRY_PASSWORD", ""),
		BearerToken: e.String("SCHEMA_REGISTRY_BEARER_TOKEN", ""),
		CAFile:      e.String("SCHEMA_REGISTRY_CA_FILE", ""),
		Timeout:     e.Duration("SCHEMA_REGISTRY_TIMEOUT", DefaultRegistryTimeout, 100*time.Millisecond, 10*time.Minute),
	}
	if (a.Username == "") != (a.Password == "") {
		e.Fail("SCHEMA_REGISTRY_USERNAME", "and SCHEMA_REGISTRY_PASSWORD must be set together")
	}
	if a.BearerToken != "" && a.Username != "" {
		e.Fail("SCHEMA_REGISTRY_BEARER_TOKEN", "and SCHEMA_REGISTRY_USERNAME are both set: use one")
	}
	if a.CAFile != "" {
		if _, err := a.pool(); err != nil {
			e.Fail("SCHEMA_REGISTRY_CA_FILE", "%v", err)
		}
	}
	return a
}

func (a RegistryAuth) pool() (*x509.CertPool, error) {
	pem, err := os.ReadFile(a.CAFile)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", a.CAFile, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("no PEM certificate in %s", a.CAFile)
	}
	return pool, nil
}

func (a RegistryAuth) httpClient() (*http.Client, error) {
	timeout := a.Timeout
	if timeout <= 0 {
		timeout = DefaultRegistryTimeout
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if a.CAFile != "" {
		pool, err := a.pool()
		if err != nil {
			return nil, fmt.Errorf("SCHEMA_REGISTRY_CA_FILE: %w", err)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: namedErrors{base: tr, timeout: timeout}}, nil
}

// namedErrors bounds each request by timeout, headers and body, and names
// the schema registry in a failed request's error, with the setting when
// the request ran out of time: a bare `Get "http://...": context
// deadline exceeded` says neither which dependency hung nor what bounds
// the wait. (http.Client.Timeout would bound it too, but its error says
// only "request canceled".)
type namedErrors struct {
	base    http.RoundTripper
	timeout time.Duration
}

func (n namedErrors) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeoutCause(req.Context(), n.timeout, errRegistryTimeout)
	resp, err := n.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, n.name(ctx, err)
	}
	resp.Body = &timedBody{ReadCloser: resp.Body, ctx: ctx, cancel: cancel, n: n}
	return resp, nil
}

var errRegistryTimeout = errors.New("schema registry did not answer")

func (n namedErrors) name(ctx context.Context, err error) error {
	if errors.Is(context.Cause(ctx), errRegistryTimeout) {
		if errors.Is(err, errRegistryTimeout) { // the transport returned the cause itself
			err = context.DeadlineExceeded
		}
		return fmt.Errorf("%w within SCHEMA_REGISTRY_TIMEOUT (%s): %w", errRegistryTimeout, n.timeout, err)
	}
	return fmt.Errorf("schema registry: %w", err)
}

// timedBody keeps the request's deadline while the body is read and
// releases it when the body is closed.
type timedBody struct {
	io.ReadCloser
	ctx    context.Context
	cancel context.CancelFunc
	n      namedErrors
}

func (b *timedBody) Read(p []byte) (int, error) {
	k, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = b.n.name(b.ctx, err)
	}
	return k, err
}

func (b *timedBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// RedactURL returns rawURL without its password, for messages; a URL that
// does not parse is not shown at all, since it may hold one.
func RedactURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(a URL that does not parse)"
	}
	return u.Redacted()
}
