package stage_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
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
	"github.com/songnodes/pipeline/internal/postgres"
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

// A stage warns at start when the server's autovacuum is off (its
// statistics would stay those of small tables), and only then.
func TestAutovacuumOffWarned(t *testing.T) {
	dbURL := testenv.Postgres(t)
	var autovacuum string
	testenv.Must(t, testenv.Pool(t, dbURL).QueryRow(t.Context(), "SHOW autovacuum").Scan(&autovacuum), "show autovacuum")
	_, regURL := testenv.Registry(t)
	e := config.FromMap(map[string]string{"DATABASE_URL": dbURL, "SCHEMA_REGISTRY_URL": regURL})
	s := stage.LoadSettings(e, "bronze", 100)
	testenv.Must(t, e.Err(), "settings")
	var logs bytes.Buffer
	conn, err := stage.Connect(t.Context(), app.New("bronze", slog.New(slog.NewTextHandler(&logs, nil))), s)
	testenv.Must(t, err, "connect")
	conn.Close()
	warned := strings.Contains(logs.String(), "autovacuum is off")
	if warned != (autovacuum == "off") {
		t.Fatalf("autovacuum %s, warned %v:\n%s", autovacuum, warned, logs.String())
	}
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

// writer copies its input to its output and writes each value to
// PostgreSQL in the batch's transaction; hang, once set, makes the next
// batch's server stop answering just before its COPY.
type writer struct{ hang atomic.Pointer[func()] }

func (w *writer) Process(ctx context.Context, tx pgx.Tx, batch []stage.In[[]byte]) (stage.Result[[]byte], error) {
	if h := w.hang.Swap(nil); h != nil {
		(*h)()
	}
	rows := make([][]any, len(batch))
	var res stage.Result[[]byte]
	for i, in := range batch {
		rows[i] = []any{string(in.Value)}
		res.Outputs = append(res.Outputs, stage.Out[[]byte]{Key: string(in.Record.Key), Encoded: in.Value})
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"hang_values"}, []string{"v"}, pgx.CopyFromRows(rows))
	return res, err
}

// A PostgreSQL that stops answering in the middle of a stage's batch
// (inside its COPY) fails the batch at DATABASE_TIMEOUT: the stage says
// so in /readyz, naming PostgreSQL and the setting, long before
// STALL_TIMEOUT, and commits nothing of that batch to Kafka.
func TestStageHungPostgres(t *testing.T) {
	direct := testenv.Postgres(t)
	setup := testenv.Pool(t, direct)
	_, err := setup.Exec(t.Context(), "CREATE TABLE hang_values (v text)")
	testenv.Must(t, err, "create table")
	u, err := url.Parse(direct)
	testenv.Must(t, err, "parse URL")

	var pool interface{ Close() }
	t.Cleanup(func() { pool.Close() }) // after the proxy's cleanup
	addr, hang := testenv.HangProxy(t, u.Host)
	u.Host = addr
	db, err := postgres.Open(t.Context(), u.String())
	testenv.Must(t, err, "open through the proxy")
	pool = db

	_, kcfg := testenv.Kafka(t, 1)
	r := &rig{t: t, kcfg: kcfg, in: kcfg.Topics.Raw("test"), out: kcfg.Topics.Prefix + ".out"}
	adm, err := kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	defer adm.Close()
	testenv.Must(t, kcfg.EnsureTopics(t.Context(), adm, kafka.TopicSpec{Name: r.in}), "create %s", r.in)
	r.cl = testenv.Client(t, kcfg)

	w := &writer{}
	w.hang.Store(&hang)
	a := app.New("hung-pg", testenv.Logger(t))
	cfg := stage.Config{Name: "loop", Topics: []string{r.in}, Group: kcfg.Topics.Group("loop"), TxnID: "hung-pg", MaxBatch: 100,
		Outputs: []kafka.TopicSpec{{Name: r.out}}, DBTimeout: time.Second, DBDeadline: 2 * time.Second, StallTimeout: time.Hour}
	loop := stage.New(cfg, stage.Deps{Kafka: kcfg, DB: db, Log: testenv.Logger(t), Metrics: a.Metrics, Health: a.Health}, decodeBytes, nil, stage.Processor[[]byte, []byte](w))
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- loop.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("the loop: %v", err)
		}
	}()

	r.produce("a", "b")
	testenv.Eventually(t, 2*time.Minute, "the stage unready, naming PostgreSQL and DATABASE_TIMEOUT", func() bool {
		c := a.Health.Check(t.Context()).Checks["loop"]
		return c.Status == app.Unhealthy && strings.Contains(c.Detail, "PostgreSQL") && strings.Contains(c.Detail, "DATABASE_TIMEOUT")
	})
	t.Logf("readiness: %s", a.Health.Check(t.Context()).Checks["loop"].Detail)
	if got := testenv.ReadAll(t, kcfg, r.out); len(got) != 0 {
		t.Errorf("%d outputs committed while PostgreSQL hung", len(got))
	}
	if n := testenv.Metric(t, a.Metrics, "songnodes_stage_retries_total", "stage", "loop"); n < 1 {
		t.Errorf("songnodes_stage_retries_total = %v, want the failed batch counted", n)
	}
}
