package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/songnodes/pipeline/internal/testenv"
)

// Commands that read Kafka, given a password the brokers refuse, exit 1
// promptly with a message that names the SASL settings (not a bare EOF),
// and never show the password. With the right one they work.
func TestKafkaCommandsWithWrongPassword(t *testing.T) {
	_, kcfg := testenv.Kafka(t, 1, kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-256", "ops", "right-pass-0b1d"))
	t.Setenv("KAFKA_BROKERS", strings.Join(kcfg.Brokers, ","))
	t.Setenv("TOPIC_PREFIX", kcfg.Topics.Prefix)
	t.Setenv("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256")
	t.Setenv("KAFKA_SASL_USERNAME", "ops")
	t.Setenv("KAFKA_SASL_PASSWORD", "wrong-pass-4c9e")
	t.Setenv("DATABASE_URL", testenv.Postgres(t)) // scrape's crawl state
	for _, args := range [][]string{
		{"topic", "ls"},
		{"dlq", "list", "--stage", "bronze"},
		{"replay", "--stage", "bronze", "--to-start", "--dry-run"},
		{"scrape", "mixesdb", "--once", "--base-url", "http://127.0.0.1:1"},
	} {
		start := time.Now()
		code, out, errs := runCLI(args...)
		if took := time.Since(start); code != 1 || took > 20*time.Second {
			t.Errorf("%v: exit %d after %v; want 1 at once\n%s%s", args, code, took, out, errs)
		}
		for _, w := range []string{"KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"} {
			if !strings.Contains(errs, w) {
				t.Errorf("%v: the message does not name %s: %s", args, w, errs)
			}
		}
		if strings.Contains(out+errs, "wrong-pass-4c9e") {
			t.Errorf("%v: the output shows the password", args)
		}
	}
	t.Setenv("KAFKA_SASL_PASSWORD", "right-pass-0b1d")
	if code, out, errs := runCLI("topic", "ls"); code != 0 {
		t.Errorf("topic ls with the right password: exit %d\n%s%s", code, out, errs)
	}
}
