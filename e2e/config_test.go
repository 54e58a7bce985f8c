package e2e

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A bad configuration stops a binary at start, exit code 2, with a
// message naming every bad setting.
func TestBadConfigurationStops(t *testing.T) {
	cmd := exec.Command(filepath.Join(bins, "bronze"))
	cmd.Env = []string{
		"KAFKA_BROKERS=kafka1",
		"TOPIC_PARTITIONS=zero",
		"SCHEMA_REGISTRY_URL=ftp://registry",
		"BATCH_MAX_RECORDS=0",
		"HTTP_ADDR=127.0.0.1:1",
	}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("exit: %v, want code 2\n%s", err, out)
	}
	for _, want := range []string{
		`KAFKA_BROKERS: "kafka1" is not host:port`,
		`TOPIC_PARTITIONS: "zero" is not an integer`,
		`SCHEMA_REGISTRY_URL: scheme "ftp" is not one of http, https`,
		`DATABASE_URL: is required`,
		`BATCH_MAX_RECORDS: 0 is out of range`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("message does not say %q:\n%s", want, out)
		}
	}
}

// The healthcheck subcommand of a binary that is not running says so
// with exit code 2.
func TestHealthcheckUnreachable(t *testing.T) {
	cmd := exec.Command(filepath.Join(bins, "gold"), "healthcheck")
	cmd.Env = []string{"HTTP_ADDR=127.0.0.1:1"}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(out), "unhealthy") {
		t.Fatalf("exit %v: %s", err, out)
	}
}
