package postgres_test

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/testenv"
)

// pgbouncer starts Debian's pgbouncer in transaction pooling in front of
// the database at dbURL and returns the URL to reach it through it.
func pgbouncer(t *testing.T, dbURL string) string {
	t.Helper()
	bin, err := exec.LookPath("pgbouncer")
	if err != nil {
		bin = "/usr/sbin/pgbouncer"
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatal("pgbouncer is not installed (Debian package pgbouncer; .ci/run installs it)")
	}
	u, _ := url.Parse(dbURL)
	host, port, _ := net.SplitHostPort(u.Host)
	if port == "" {
		port = "5432"
	}
	// A directory of its own that the unprivileged user can reach.
	dir, err := os.MkdirTemp("", "pgbouncer")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	_ = os.Chmod(dir, 0o777)
	listen := testenv.FreePort(t)
	cfg := fmt.Sprintf(`[databases]
* = host=%s port=%s
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = trust
auth_file = %s/users.txt
pool_mode = transaction
default_pool_size = 3
max_client_conn = 100
logfile = %s/pgbouncer.log
`, host, port, listen, dir, dir)
	if err := os.WriteFile(filepath.Join(dir, "pgbouncer.ini"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "users.txt"), []byte(fmt.Sprintf("%q \"\"\n", u.User.Username())), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, filepath.Join(dir, "pgbouncer.ini"))
	if os.Geteuid() == 0 { // pgbouncer refuses to run as root
		pu, err := user.Lookup("postgres")
		if err != nil {
			pu, err = user.Lookup("nobody")
		}
		if err != nil {
			t.Fatal("running as root and no postgres or nobody user to run pgbouncer as")
		}
		uid, _ := strconv.Atoi(pu.Uid)
		gid, _ := strconv.Atoi(pu.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-exited })
	bu := *u
	bu.Host = fmt.Sprintf("127.0.0.1:%d", listen)
	testenv.Eventually(t, 10*time.Second, "pgbouncer to listen", func() bool {
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "pgbouncer.log"))
			t.Fatalf("pgbouncer exited: %s %s", out.String(), log)
		default:
		}
		c, err := net.Dial("tcp", bu.Host)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	return bu.String()
}

// Migrations and COPY work through PgBouncer in transaction pooling, with
// replicas migrating at once.
func TestThroughPgBouncer(t *testing.T) {
	direct := testenv.EmptyPostgres(t)
	through := pgbouncer(t, direct)
	ctx := t.Context()

	var wg sync.WaitGroup
	applied := make([][]int, 4)
	errs := make([]error, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pool, err := postgres.Open(ctx, through)
			if err != nil {
				errs[i] = err
				return
			}
			defer pool.Close()
			applied[i], errs[i] = postgres.Migrate(ctx, pool)
		}()
	}
	wg.Wait()
	migs, _ := postgres.Migrations()
	total := 0
	for i := range 4 {
		if errs[i] != nil {
			t.Fatalf("replica %d: %v", i, errs[i])
		}
		total += len(applied[i])
	}
	if total != len(migs) {
		t.Fatalf("%d migrations applied in all, want each of the %d once", total, len(migs))
	}

	pool := testenv.Pool(t, through)
	// A statement timeout per transaction, a COPY, and parameters, many
	// times over the few server connections the pooler shares.
	for i := range 20 {
		err := postgres.Tx(ctx, pool, 5*time.Second, func(tx pgx.Tx) error {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"bronze_tracks"},
				[]string{"source_topic", "source_partition", "source_offset", "position", "raw_line"},
				pgx.CopyFromRows([][]any{{"t", int32(0), int64(i), int32(1), "'; DROP TABLE x; --"}})); err != nil {
				return err
			}
			var n int
			return tx.QueryRow(ctx, "SELECT count(*) FROM bronze_tracks WHERE source_offset <= $1", int64(i)).Scan(&n)
		})
		if err != nil {
			t.Fatalf("transaction %d through pgbouncer: %v", i, err)
		}
	}
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM bronze_tracks WHERE raw_line = $1", "'; DROP TABLE x; --").Scan(&n); err != nil || n != 20 {
		t.Fatalf("rows: %d, %v", n, err)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.b)
}
