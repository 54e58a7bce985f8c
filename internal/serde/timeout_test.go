package serde_test

import (
	"strings"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// A registry that accepts the connection and never answers fails each
// call at SCHEMA_REGISTRY_TIMEOUT, with an error that names the registry
// and the setting: the ping behind /readyz, the registration a stage
// makes at start, and the lookup of a writer schema while decoding.
func TestRegistryHung(t *testing.T) {
	reg, err := serde.NewRegistry("http://"+testenv.Hung(t), serde.RegistryAuth{Timeout: 500 * time.Millisecond})
	testenv.Must(t, err, "registry client")
	framed := []byte{0, 0, 0, 0, 7, 2} // writer schema ID 7
	calls := map[string]func() error{
		"ping":     func() error { return reg.Ping(t.Context()) },
		"register": func() error { _, err := reg.Register(t.Context(), "t-value", record.ScrapedPlaylistSchema); return err },
		"decode": func() error {
			var v record.ScrapedPlaylist
			_, err := serde.NewDecoder(reg, record.ScrapedPlaylistSchema).Decode(t.Context(), framed, &v)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { done <- call() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(time.Minute):
				t.Fatal("still waiting for the hung registry a minute later")
			}
			t.Logf("error: %v", err)
			if err == nil || !strings.Contains(err.Error(), "schema registry") || !strings.Contains(err.Error(), "SCHEMA_REGISTRY_TIMEOUT") {
				t.Fatalf("error %v; want one naming the schema registry and SCHEMA_REGISTRY_TIMEOUT", err)
			}
		})
	}
}

// SCHEMA_REGISTRY_TIMEOUT is read with the registry's other settings;
// unset, it is the default.
func TestRegistryTimeoutSetting(t *testing.T) {
	if got := serde.RegistryAuthFromEnv(config.FromMap(map[string]string{})).Timeout; got != serde.DefaultRegistryTimeout {
		t.Errorf("unset: %v, want %v", got, serde.DefaultRegistryTimeout)
	}
	if got := serde.RegistryAuthFromEnv(config.FromMap(map[string]string{"SCHEMA_REGISTRY_TIMEOUT": "3s"})).Timeout; got != 3*time.Second {
		t.Errorf("3s: %v", got)
	}
	e := config.FromMap(map[string]string{"SCHEMA_REGISTRY_TIMEOUT": "soon"})
	serde.RegistryAuthFromEnv(e)
	if err := e.Err(); err == nil || !strings.Contains(err.Error(), "SCHEMA_REGISTRY_TIMEOUT") {
		t.Errorf("a bad value: %v", err)
	}
}
