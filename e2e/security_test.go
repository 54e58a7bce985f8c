package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/songnodes/pipeline/internal/testenv"
)

// The bronze binary, given a SASL password (from KAFKA_SASL_PASSWORD_FILE)
// that the brokers refuse, exits 1 within seconds with a message naming
// the KAFKA_SASL_ settings and without the password; it used to hang in
// "starting". A password file that cannot be read exits 2 naming it.
func TestWrongKafkaPasswordStops(t *testing.T) {
	_, kcfg := testenv.Kafka(t, 1, kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-512", "bronze", "the-right-password"))
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "kafka-password")
	testenv.Must(t, os.WriteFile(pwFile, []byte("wrong-password-e2e-5a7c\n"), 0o600), "password file")
	run := func(pwSetting string) (int, string, time.Duration) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, filepath.Join(bins, "bronze"))
		cmd.Env = []string{
			"KAFKA_BROKERS=" + kcfg.Brokers[0],
			"TOPIC_PREFIX=" + kcfg.Topics.Prefix,
			"KAFKA_SASL_MECHANISM=SCRAM-SHA-512",
			"KAFKA_SASL_USERNAME=bronze",
			pwSetting,
			"DATABASE_URL=postgres://songnodes:db-password-e2e-9d2b@127.0.0.1:1/songnodes",
			fmt.Sprintf("HTTP_ADDR=127.0.0.1:%d", testenv.FreePort(t)),
			"LOG_LEVEL=debug",
			"KAFKA_LOG_LEVEL=debug",
		}
		start := time.Now()
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("bronze: %v, want an exit code\n%s", err, out)
		}
		return ee.ExitCode(), string(out), time.Since(start)
	}

	code, out, took := run("KAFKA_SASL_PASSWORD_FILE=" + pwFile)
	if code != 1 || took > 30*time.Second {
		t.Fatalf("exit %d after %v, want 1 within 30s\n%s", code, took, out)
	}
	for _, want := range []string{"KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not name %s:\n%s", want, out)
		}
	}
	for _, secret := range []string{"wrong-password-e2e-5a7c", "db-password-e2e-9d2b"} {
		if strings.Contains(out, secret) {
			t.Errorf("the output shows a secret:\n%s", out)
		}
	}

	code, out, _ = run("KAFKA_SASL_PASSWORD_FILE=" + filepath.Join(dir, "missing"))
	if code != 2 || !strings.Contains(out, "KAFKA_SASL_PASSWORD_FILE") {
		t.Fatalf("a password file that is not there: exit %d, want 2 naming KAFKA_SASL_PASSWORD_FILE\n%s", code, out)
	}
}
