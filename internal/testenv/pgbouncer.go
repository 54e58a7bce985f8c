package testenv

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
)

// PgBouncer starts Debian's pgbouncer in transaction pooling in front of
// the database at dbURL, with poolSize server connections shared by all
// its clients and no prepared statements kept across transactions (the
// strictest setting, and the only one before PgBouncer 1.21), and returns
// the URL to reach the database through it. It stops when the test ends.
// A missing pgbouncer fails the test: CI has it.
func PgBouncer(t testing.TB, dbURL string, poolSize int) string {
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
	_ = os.Chmod(dir, 0o777) //nolint:gosec // pgbouncer runs as another user when the tests run as root: it writes its log here
	listen := FreePort(t)
	cfg := fmt.Sprintf(`[databases]
* = host=%s port=%s
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = trust
auth_file = %s/users.txt
pool_mode = transaction
default_pool_size = %d
max_client_conn = 200
logfile = %s/pgbouncer.log
`, host, port, listen, dir, poolSize, dir)
	if keepsPrepared(bin) {
		// 1.21 and later can keep prepared statements (1.22 does by
		// default); turned off, a client that relies on them fails here
		// as it would on older poolers.
		cfg += "max_prepared_statements = 0\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "pgbouncer.ini"), []byte(cfg), 0o644); err != nil { //nolint:gosec // read by pgbouncer as another user; holds no secret
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "users.txt"), []byte(fmt.Sprintf("%q \"\"\n", u.User.Username())), 0o644); err != nil { //nolint:gosec // read by pgbouncer as another user; no password
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
	Eventually(t, 10*time.Second, "pgbouncer to listen", func() bool {
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "pgbouncer.log")) //nolint:gosec // the test's own temporary directory
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

// keepsPrepared says whether the pgbouncer at bin knows
// max_prepared_statements (1.21 and later); older ones refuse to start
// with it.
func keepsPrepared(bin string) bool {
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return false
	}
	var major, minor int
	if _, err := fmt.Sscanf(string(out), "PgBouncer %d.%d", &major, &minor); err != nil {
		return false
	}
	return major > 1 || major == 1 && minor >= 21
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
