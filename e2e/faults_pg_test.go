//go:build faults

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/testenv"
)

// crashablePostgres is a PostgreSQL server of the test's own (initdb and
// pg_ctl of the machine's PostgreSQL), with fsync and synchronous_commit
// on, that the test can crash and start again.
type crashablePostgres struct {
	t    *testing.T
	bin  string
	dir  string
	port int
	attr *syscall.SysProcAttr // the postgres user, when the test runs as root
}

func startCrashablePostgres(t *testing.T) (*crashablePostgres, string) {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		bins = append(bins, p)
	}
	if len(bins) == 0 {
		t.Fatal("no pg_ctl: install the PostgreSQL server (make deps)")
	}
	sort.Strings(bins)
	dir, err := os.MkdirTemp("", "songnodes-pgcrash")
	testenv.Must(t, err, "temp dir")
	t.Cleanup(func() { os.RemoveAll(dir) })
	pg := &crashablePostgres{t: t, bin: filepath.Dir(bins[len(bins)-1]), dir: filepath.Join(dir, "data"), port: testenv.FreePort(t)}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root.
		u, err := user.Lookup("postgres")
		testenv.Must(t, err, "user postgres")
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		testenv.Must(t, os.Chown(dir, uid, gid), "chown")
		pg.attr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	pg.run("initdb", "-D", pg.dir, "-U", "songnodes", "-A", "trust", "-E", "UTF8", "--no-locale")
	pg.start()
	t.Cleanup(func() { _ = pg.cmd("pg_ctl", "-D", pg.dir, "-m", "immediate", "-w", "stop").Run() })
	return pg, fmt.Sprintf("postgres://songnodes@127.0.0.1:%d/postgres?sslmode=disable", pg.port)
}

func (pg *crashablePostgres) cmd(name string, args ...string) *exec.Cmd {
	c := exec.Command(filepath.Join(pg.bin, name), args...)
	c.Dir = filepath.Dir(pg.dir)
	c.SysProcAttr = pg.attr
	return c
}

func (pg *crashablePostgres) run(name string, args ...string) {
	pg.t.Helper()
	out, err := pg.cmd(name, args...).CombinedOutput()
	testenv.Must(pg.t, err, "%s: %s", name, out)
}

func (pg *crashablePostgres) start() {
	pg.t.Helper()
	opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=on -c synchronous_commit=on -c max_connections=200", pg.port)
	pg.run("pg_ctl", "-D", pg.dir, "-l", filepath.Join(pg.dir, "server.log"), "-o", opts, "-w", "-t", "120", "start")
}

// crash kills the postmaster with SIGKILL, then its backends (which a
// postmaster killed so leaves running until they notice), as a machine
// losing the server would: no checkpoint, no shutdown; the next start
// recovers from the WAL.
func (pg *crashablePostgres) crash() {
	pg.t.Helper()
	b, err := os.ReadFile(filepath.Join(pg.dir, "postmaster.pid"))
	testenv.Must(pg.t, err, "postmaster.pid")
	var pid int
	_, err = fmt.Sscan(string(b), &pid)
	testenv.Must(pg.t, err, "postmaster.pid")
	testenv.Must(pg.t, syscall.Kill(pid, syscall.SIGKILL), "kill -9 the postmaster")
	// The backends are the postmaster's children; they exit once they see
	// it gone, and the next start waits for them (it refuses to start
	// while they hold its shared memory).
	for _, child := range childrenOf(pid) {
		_ = syscall.Kill(child, syscall.SIGKILL)
	}
}

// childrenOf lists the processes whose parent is pid (from /proc).
func childrenOf(pid int) []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var out []int
	for _, st := range stats {
		b, err := os.ReadFile(st)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces; cut at its ')'.
		i := strings.LastIndexByte(string(b), ')')
		f := strings.Fields(string(b)[i+1:])
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			c, _ := strconv.Atoi(filepath.Base(filepath.Dir(st)))
			out = append(out, c)
		}
	}
	return out
}

// PostgreSQL crashes (kill -9 of the server, fsync and synchronous_commit
// on) three times while bronze, silver and gold work, and comes back after
// a few seconds; the stages ride it out (their batches fail and are
// retried, nothing is committed to Kafka that PostgreSQL lost) and end
// with nothing lost or duplicated.
func TestFaultPostgresCrash(t *testing.T) {
	records := faultRecords(t, 12000) / 2
	pg, url := startCrashablePostgres(t)
	t.Setenv("TEST_DATABASE_URL", url) // the stack's database is on the server to crash
	s := newStack(t, stackOptions{})
	procs := []*exec.Cmd{s.startProcess("bronze"), s.startProcess("silver"), s.startProcess("gold")}
	t.Cleanup(func() {
		for _, p := range procs {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	})
	const crashes = 3
	for c := range crashes {
		s.feed(records/2/crashes, uint64(9000+10*c))
		testenv.Eventually(t, 2*time.Minute, "the stages to write", func() bool {
			return s.count("SELECT count(*) FROM bronze_playlists") > 0
		})
		time.Sleep(time.Second) // in the middle of batches
		stored := s.count("SELECT count(*) FROM bronze_playlists")
		pg.crash()
		time.Sleep(3 * time.Second)
		pg.start()
		t.Logf("crash %d: PostgreSQL killed with %d bronze rows stored, down 3s, recovered", c+1, stored)
	}
	raw := s.rawRecords()
	want := expectations(t, s, raw)
	s.settleScaled(want)
	s.reportFigures("postgres-crash", raw, want, map[string]int{})
	if !t.Failed() {
		s.assertScaled(raw, want)
	}
}
