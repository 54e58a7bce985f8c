package serde

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
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
	return &http.Client{Timeout: timeout, Transport: namedErrors{base: tr, timeout: timeout}}, nil
}

// namedErrors names the schema registry in a failed request's error, and
// the setting when the request ran out of time: a bare `Get
// "http://...": context deadline exceeded` does not say which dependency
// hung, nor what bounds the wait.
type namedErrors struct {
	base    http.RoundTripper
	timeout time.Duration
}

func (n namedErrors) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := n.base.RoundTrip(req)
	if err == nil {
		return resp, nil
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(req.Context().Err(), context.DeadlineExceeded) {
		return nil, fmt.Errorf("schema registry did not answer within SCHEMA_REGISTRY_TIMEOUT (%s) or the caller's deadline: %w", n.timeout, err)
	}
	return nil, fmt.Errorf("schema registry: %w", err)
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
