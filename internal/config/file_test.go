package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/songnodes/pipeline/internal/config"
)

func TestNameFile(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "password")
	if err := os.WriteFile(secret, []byte("s3cret-from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dbURL := filepath.Join(dir, "db")
	if err := os.WriteFile(dbURL, []byte("postgres://u:pw-in-file@db:5432/x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := config.FromMap(map[string]string{"KAFKA_SASL_PASSWORD_FILE": secret, "DATABASE_URL_FILE": dbURL})
	if got := e.String("KAFKA_SASL_PASSWORD", ""); got != "s3cret-from-file" {
		t.Errorf("KAFKA_SASL_PASSWORD from its _FILE = %q", got)
	}
	if got := e.URL("DATABASE_URL", "", "postgres"); got != "postgres://u:pw-in-file@db:5432/x" {
		t.Errorf("DATABASE_URL from its _FILE = %q", got)
	}
	if err := e.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestNameFileErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		env  map[string]string
		want []string
	}{
		{map[string]string{"REDIS_URL_FILE": filepath.Join(dir, "missing")}, []string{"REDIS_URL_FILE", "missing", "no such file"}},
		{map[string]string{"REDIS_URL_FILE": empty}, []string{"REDIS_URL_FILE", "is empty"}},
		{map[string]string{"REDIS_URL_FILE": empty, "REDIS_URL": "redis://:hunter2-pw@r:6379/0"}, []string{"REDIS_URL and REDIS_URL_FILE are both set"}},
	}
	for _, c := range cases {
		e := config.FromMap(c.env)
		e.URL("REDIS_URL", "", "redis")
		e.URL("REDIS_URL", "", "redis") // read twice: said once
		err := e.Err()
		if err == nil {
			t.Fatalf("%v: no error", c.env)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: %q does not say %q", c.env, err, w)
			}
		}
		if strings.Count(err.Error(), "REDIS_URL") != strings.Count(c.want[0], "REDIS_URL") {
			t.Errorf("%v: said more than once: %q", c.env, err)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("the error shows the secret: %q", err)
		}
	}
}

func TestBadURLNotShown(t *testing.T) {
	for _, raw := range []string{"postgres://u:pw-9x1@db:bad port/x", "postgres://u:pw-9x1@db\x7f/x", "postgres://u:pw 9x1@db/x%zz"} {
		e := config.FromMap(map[string]string{"DATABASE_URL": raw})
		e.URL("DATABASE_URL", "", "postgres")
		err := e.Err()
		if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") {
			t.Fatalf("%q: %v, want an error naming DATABASE_URL", raw, err)
		}
		if strings.Contains(err.Error(), "9x1") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
}
