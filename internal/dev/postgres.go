package dev

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// privatePostgres is a PostgreSQL cluster of the dev command's own, under
// its data directory, started with the system's initdb and pg_ctl.
type privatePostgres struct {
	bin  string // directory holding initdb and pg_ctl
	dir  string
	port int
	attr *syscall.SysProcAttr // who the cluster runs as, when we are root
	log  *slog.Logger
}

// pgBinDir finds the newest installed PostgreSQL's binaries.
func pgBinDir() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("no PostgreSQL server binaries found (install the Debian package postgresql, or set DATABASE_URL)")
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// startPostgres initialises the cluster on first use and starts it; it
// returns the URL of database "songnodes" in it.
func startPostgres(ctx context.Context, dataDir string, port int, log *slog.Logger) (*privatePostgres, string, error) {
	bin, err := pgBinDir()
	if err != nil {
		return nil, "", err
	}
	dir, err := filepath.Abs(filepath.Join(dataDir, "postgres"))
	if err != nil {
		return nil, "", err
	}
	pg := &privatePostgres{bin: bin, dir: dir, port: port, log: log}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", err
	}
	_, err = os.Stat(filepath.Join(dir, "PG_VERSION"))
	fresh := os.IsNotExist(err)
	if os.Geteuid() == 0 {
		if pg.attr, err = runAs(dir, fresh); err != nil {
			return nil, "", err
		}
	}
	if fresh {
		log.Info("initialising a private PostgreSQL cluster", "dir", dir)
		if err := pg.run(ctx, "initdb", "-D", dir, "-U", "songnodes", "-A", "trust", "-E", "UTF8", "--no-locale"); err != nil {
			return nil, "", pg.explain(err)
		}
	}
	admin := fmt.Sprintf("postgres://songnodes@127.0.0.1:%d/postgres?sslmode=disable", port)
	running := pg.run(ctx, "pg_ctl", "-D", dir, "status") == nil
	if running && syncCommitOff(ctx, admin) {
		// Started by an earlier songnodes with synchronous_commit=off,
		// which the stages now refuse: restart it with the options below.
		log.Info("restarting the private PostgreSQL with synchronous_commit on", "port", port)
		if err := pg.run(ctx, "pg_ctl", "-D", dir, "-m", "fast", "-w", "stop"); err != nil {
			return nil, "", err
		}
		running = false
	}
	if !running {
		log.Info("starting the private PostgreSQL", "port", port)
		// TCP only: a Unix socket under the data directory would break on
		// paths longer than the 107 bytes a socket address holds.
		// synchronous_commit stays on, as the stages' start-up check
		// wants (docs/decisions.md): fsync=off loses data only when the
		// machine crashes, synchronous_commit=off when PostgreSQL does.
		opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=on", port)
		if err := pg.run(ctx, "pg_ctl", "-D", dir, "-l", filepath.Join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
			return nil, "", fmt.Errorf("%w (see %s)", pg.explain(err), filepath.Join(dir, "server.log"))
		}
	}
	url := fmt.Sprintf("postgres://songnodes@127.0.0.1:%d/songnodes?sslmode=disable", port)
	if err := createDatabase(ctx, admin, "songnodes"); err != nil {
		return nil, "", err
	}
	return pg, url, nil
}

func (pg *privatePostgres) run(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(pg.bin, name), args...)
	cmd.Dir = pg.dir
	cmd.SysProcAttr = pg.attr
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, out)
	}
	return nil
}

// explain turns the failure of a cluster that runs as another user and
// cannot reach its directory into what to do about it.
func (pg *privatePostgres) explain(err error) error {
	if pg.attr == nil || pg.attr.Credential == nil || !errors.Is(err, fs.ErrPermission) {
		return err
	}
	return fmt.Errorf("the private PostgreSQL runs as uid %d, which cannot enter %s: clone under a directory other users can enter, run as a normal user, or set DATABASE_URL",
		pg.attr.Credential.Uid, pg.dir)
}

// stop stops the cluster (fast shutdown: sessions are ended, nothing lost).
func (pg *privatePostgres) stop(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := pg.run(ctx, "pg_ctl", "-D", pg.dir, "-m", "fast", "-w", "stop"); err != nil {
		pg.log.Warn("stop private PostgreSQL", "err", err)
	}
}

// runAs says who a cluster of root's runs as. PostgreSQL refuses to run as
// root. An existing cluster runs as the user that owns it. A new one, or one
// root owns, runs in a user namespace where root appears as an ordinary
// user: it keeps root's access to the files, so it works wherever root
// cloned, a private home (mode 0700) included. Where user namespaces are
// not allowed (some containers), it runs as the unprivileged "postgres" (or
// "nobody"), which must be able to enter the directory.
func runAs(dir string, fresh bool) (*syscall.SysProcAttr, error) {
	if !fresh {
		fi, err := os.Stat(dir)
		if err != nil {
			return nil, err
		}
		if st := fi.Sys().(*syscall.Stat_t); st.Uid != 0 {
			return &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: st.Uid, Gid: st.Gid}}, nil
		}
	}
	if userNamespaces() {
		// In-namespace IDs: any but 0. Host root maps to them, so files
		// the cluster writes belong to root.
		ids := []syscall.SysProcIDMap{{ContainerID: 1000, HostID: 0, Size: 1}}
		return &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWUSER, UidMappings: ids, GidMappings: ids}, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
		return &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}, nil
	}
	return nil, errors.New("running as root, user namespaces are not available and there is no unprivileged user (postgres, nobody) to run PostgreSQL as: run as a normal user or set DATABASE_URL")
}

// userNamespaces reports whether this process may start a child in a new
// user namespace.
func userNamespaces() bool {
	cmd := exec.Command("/bin/true")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWUSER}
	return cmd.Run() == nil
}

// createDatabase creates database name unless it exists.
func createDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	return err
}

// syncCommitOff reports whether the server at url answers with
// synchronous_commit off.
func syncCommitOff(ctx context.Context, url string) bool {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return false
	}
	defer conn.Close(ctx)
	var v string
	return conn.QueryRow(ctx, "SHOW synchronous_commit").Scan(&v) == nil && v == "off"
}

// reachable reports whether the database at url answers within a few seconds.
func reachable(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}
