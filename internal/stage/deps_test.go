package stage_test

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
)

// A stage refuses to start on a database whose synchronous_commit is off
// (set per database, as an operator might), naming the setting and the
// way out; told the database is a throwaway, it starts.
func TestSynchronousCommitOffRefused(t *testing.T) {
	dbURL := testenv.Postgres(t)
	u, err := url.Parse(dbURL)
	testenv.Must(t, err, "parse URL")
	name := strings.TrimPrefix(u.Path, "/")
	admin := testenv.Pool(t, dbURL)
	_, err = admin.Exec(t.Context(), "ALTER DATABASE "+pgx.Identifier{name}.Sanitize()+" SET synchronous_commit = off")
	testenv.Must(t, err, "alter database")
	admin.Close() // new sessions get the setting

	_, regURL := testenv.Registry(t)
	load := func(env map[string]string) stage.Settings {
		env["DATABASE_URL"], env["SCHEMA_REGISTRY_URL"] = dbURL, regURL
		e := config.FromMap(env)
		s := stage.LoadSettings(e, "bronze", 100)
		testenv.Must(t, e.Err(), "settings")
		return s
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	a := app.New("bronze", testenv.Logger(t))
	conn, err := stage.Connect(ctx, a, load(map[string]string{}))
	if err == nil {
		conn.Close()
		t.Fatal("the stage connected to a database with synchronous_commit=off")
	}
	t.Logf("error: %v", err)
	for _, w := range []string{"synchronous_commit", "DATABASE_THROWAWAY"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("the refusal does not name %s: %v", w, err)
		}
	}

	a = app.New("bronze", testenv.Logger(t))
	conn, err = stage.Connect(ctx, a, load(map[string]string{"DATABASE_THROWAWAY": "true"}))
	testenv.Must(t, err, "connect with DATABASE_THROWAWAY=true")
	conn.Close()

	// The same database with synchronous_commit back on: no flag needed.
	admin = testenv.Pool(t, dbURL)
	_, err = admin.Exec(t.Context(), "ALTER DATABASE "+pgx.Identifier{name}.Sanitize()+" SET synchronous_commit = remote_apply")
	testenv.Must(t, err, "alter database")
	admin.Close()
	conn, err = stage.Connect(ctx, app.New("bronze", testenv.Logger(t)), load(map[string]string{}))
	testenv.Must(t, err, "connect with synchronous_commit=remote_apply")
	conn.Close()
}

// DATABASE_TIMEOUT defaults to the statement timeout and 30s more, and
// may not be shorter than it.
func TestDatabaseTimeoutSetting(t *testing.T) {
	load := func(env map[string]string) (stage.Settings, error) {
		env["DATABASE_URL"] = "postgres://u@127.0.0.1:5432/db"
		e := config.FromMap(env)
		s := stage.LoadSettings(e, "bronze", 100)
		return s, e.Err()
	}
	s, err := load(map[string]string{"DATABASE_STATEMENT_TIMEOUT": "20s"})
	testenv.Must(t, err, "settings")
	if s.Loop.DBDeadline != 50*time.Second {
		t.Errorf("DATABASE_TIMEOUT unset: %v, want 50s", s.Loop.DBDeadline)
	}
	if _, err := load(map[string]string{"DATABASE_STATEMENT_TIMEOUT": "20s", "DATABASE_TIMEOUT": "10s"}); err == nil || !strings.Contains(err.Error(), "DATABASE_TIMEOUT") {
		t.Errorf("DATABASE_TIMEOUT below the statement timeout: %v", err)
	}
}

// A broker that stops answering EndTxn does not hold the loop: the
// commit fails at KAFKA_TRANSACTION_TIMEOUT, the stage says why in
// /readyz (naming Kafka and the setting), and once the broker answers
// again the records come through exactly once.
func TestEndTxnHung(t *testing.T) {
	cluster, kcfg := testenv.Kafka(t, 1)
	r := &rig{t: t, kcfg: kcfg, in: kcfg.Topics.Raw("test"), out: kcfg.Topics.Prefix + ".out"}
	adm, err := kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	defer adm.Close()
	testenv.Must(t, kcfg.EnsureTopics(t.Context(), adm, kafka.TopicSpec{Name: r.in}), "create %s", r.in)
	r.cl = testenv.Client(t, kcfg)

	var hang atomic.Bool
	hang.Store(true)
	release := make(chan struct{})
	var held atomic.Int64
	cluster.ControlKey(int16(kmsg.EndTxn), func(kmsg.Request) (kmsg.Response, error, bool) {
		cluster.KeepControl()
		if hang.Load() {
			held.Add(1)
			cluster.SleepControl(func() { <-release })
		}
		return nil, nil, false
	})
	t.Cleanup(func() {
		if hang.Swap(false) {
			close(release)
		}
	})

	r.produce("a", "b", "c")
	a, _ := r.start("hung", stage.Config{TxnTimeout: 5 * time.Second}, decodeBytes, &failing{calls: 100})
	testenv.Eventually(t, 2*time.Minute, "the stage unready, naming Kafka and KAFKA_TRANSACTION_TIMEOUT", func() bool {
		c := a.Health.Check(t.Context()).Checks["loop"]
		return c.Status == app.Unhealthy && strings.Contains(c.Detail, "kafka") && strings.Contains(c.Detail, "KAFKA_TRANSACTION_TIMEOUT")
	})
	t.Logf("readiness: %s; EndTxn requests held: %d", a.Health.Check(t.Context()).Checks["loop"].Detail, held.Load())
	hang.Store(false)
	close(release)
	r.committed(3, a)
	r.exactlyOnce([]string{"a", "b", "c"})
}

// A stage binary given a password the brokers refuse exits 1 at start,
// naming the SASL settings and not showing the password, instead of
// waiting in "starting".
func TestStageBinaryWrongSASLPassword(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the bronze binary")
	}
	_, kcfg := testenv.Kafka(t, 1, kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-512", "songnodes", "right-pass-81c2"))
	_, regURL := testenv.Registry(t)
	bin := filepath.Join(t.TempDir(), "bronze")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, "github.com/songnodes/pipeline/cmd/bronze")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(),
		"KAFKA_BROKERS="+strings.Join(kcfg.Brokers, ","), "TOPIC_PREFIX="+kcfg.Topics.Prefix,
		"KAFKA_SASL_MECHANISM=SCRAM-SHA-512", "KAFKA_SASL_USERNAME=songnodes", "KAFKA_SASL_PASSWORD=wrong-pass-3e7a",
		"SCHEMA_REGISTRY_URL="+regURL, "DATABASE_URL=postgres://u@127.0.0.1:1/db", "HTTP_ADDR=127.0.0.1:0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || ctx.Err() != nil {
		t.Fatalf("bronze: %v (context: %v); want exit status 1 at start\n%s", err, ctx.Err(), stderr.String())
	}
	out := stderr.String()
	t.Logf("stderr:\n%s", out)
	for _, w := range []string{"KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"} {
		if !strings.Contains(out, w) {
			t.Errorf("the message does not name %s", w)
		}
	}
	if strings.Contains(out, "wrong-pass-3e7a") {
		t.Error("the output shows the password")
	}
}
