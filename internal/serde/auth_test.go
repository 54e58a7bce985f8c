package serde_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/sr/srfake"

	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// securedRegistry serves a fake registry over TLS with a certificate from
// ca, answering only requests whose Authorization header is want.
func securedRegistry(t *testing.T, ca *testenv.CA, want string) string {
	t.Helper()
	fake := srfake.NewRegistry()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != want {
			http.Error(w, `{"error_code":401,"message":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		fake.Handler().ServeHTTP(w, r)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{ca.Server(t, "registry").TLS}, MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestRegistryAuth(t *testing.T) {
	ca := testenv.NewCA(t, "registry-ca")
	other := testenv.NewCA(t, "other-ca")
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	testenv.Must(t, os.WriteFile(tokenFile, []byte("bearer-tok-51c2e\n"), 0o600), "token file")

	bearerURL := securedRegistry(t, ca, "Bearer bearer-tok-51c2e")
	basicReq, _ := http.NewRequest("GET", "/", nil)
	basicReq.SetBasicAuth("sr-user", "basic-pw-8d0f1")
	basicURL := securedRegistry(t, ca, basicReq.Header.Get("Authorization"))
	u, _ := url.Parse(basicURL)
	u.User = url.UserPassword("sr-user", "basic-pw-8d0f1")
	credsInURL := u.String()

	cases := []struct {
		name    string
		url     string
		env     map[string]string
		wantErr string // "" : Ping works
	}{
		{"bearer token from a file", bearerURL, map[string]string{"SCHEMA_REGISTRY_BEARER_TOKEN_FILE": tokenFile, "SCHEMA_REGISTRY_CA_FILE": ca.File}, ""},
		{"basic auth", basicURL, map[string]string{"SCHEMA_REGISTRY_USERNAME": "sr-user", "SCHEMA_REGISTRY_PASSWORD": "basic-pw-8d0f1", "SCHEMA_REGISTRY_CA_FILE": ca.File}, ""},
		{"basic auth in the URL", credsInURL, map[string]string{"SCHEMA_REGISTRY_CA_FILE": ca.File}, ""},
		{"no token", bearerURL, map[string]string{"SCHEMA_REGISTRY_CA_FILE": ca.File}, "Unauthorized"},
		{"wrong token", bearerURL, map[string]string{"SCHEMA_REGISTRY_BEARER_TOKEN": "bearer-tok-wrong-77", "SCHEMA_REGISTRY_CA_FILE": ca.File}, "Unauthorized"},
		{"wrong CA", bearerURL, map[string]string{"SCHEMA_REGISTRY_BEARER_TOKEN_FILE": tokenFile, "SCHEMA_REGISTRY_CA_FILE": other.File}, "certificate signed by unknown authority"},
		{"no CA", credsInURL, nil, "certificate signed by unknown authority"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := config.FromMap(c.env)
			auth := serde.RegistryAuthFromEnv(env)
			testenv.Must(t, env.Err(), "settings")
			reg, err := serde.NewRegistry(c.url, auth)
			testenv.Must(t, err, "client")
			err = reg.Ping(t.Context())
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("ping: %v", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("ping: %v, want an error with %q", err, c.wantErr)
			}
			if err != nil {
				for _, secret := range []string{"bearer-tok-51c2e", "bearer-tok-wrong-77", "basic-pw-8d0f1"} {
					if strings.Contains(err.Error(), secret) {
						t.Fatalf("the error shows a secret: %v", err)
					}
				}
			}
		})
	}
}

func TestRegistryAuthSettingErrors(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"SCHEMA_REGISTRY_USERNAME": "u"}, "must be set together"},
		{map[string]string{"SCHEMA_REGISTRY_USERNAME": "u", "SCHEMA_REGISTRY_PASSWORD": "p", "SCHEMA_REGISTRY_BEARER_TOKEN": "t"}, "use one"},
		{map[string]string{"SCHEMA_REGISTRY_CA_FILE": "/nonexistent/ca.pem"}, "SCHEMA_REGISTRY_CA_FILE"},
		{map[string]string{"SCHEMA_REGISTRY_BEARER_TOKEN_FILE": "/nonexistent/token"}, "SCHEMA_REGISTRY_BEARER_TOKEN_FILE"},
	} {
		env := config.FromMap(c.env)
		serde.RegistryAuthFromEnv(env)
		if err := env.Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error with %q", c.env, err, c.want)
		}
	}
}
