package dev

import (
	"context"
	"errors"
	"fmt"
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
	cred *syscall.Credential // run as this user when we are root
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
	// initdb refuses to run as root: run the cluster as an unprivileged
	// user that owns its directory.
	if os.Geteuid() == 0 {
		cred, err := unprivileged()
		if err != nil {
			return nil, "", err
		}
		pg.cred = cred
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", err
	}
	if pg.cred != nil {
		if err := os.Chown(dir, int(pg.cred.Uid), int(pg.cred.Gid)); err != nil {
			return nil, "", err
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); os.IsNotExist(err) {
		log.Info("initialising a private PostgreSQL cluster", "dir", dir)
		if err := pg.run(ctx, "initdb", "-D", dir, "-U", "songnodes", "-A", "trust", "-E", "UTF8", "--no-locale"); err != nil {
			return nil, "", err
		}
	}
	if err := pg.run(ctx, "pg_ctl", "-D", dir, "status"); err != nil {
		log.Info("starting the private PostgreSQL", "port", port)
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", port, dir)
		if err := pg.run(ctx, "pg_ctl", "-D", dir, "-l", filepath.Join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
			return nil, "", fmt.Errorf("%w (see %s)", err, filepath.Join(dir, "server.log"))
		}
	}
	url := fmt.Sprintf("postgres://songnodes@127.0.0.1:%d/songnodes?sslmode=disable", port)
	if err := createDatabase(ctx, fmt.Sprintf("postgres://songnodes@127.0.0.1:%d/postgres?sslmode=disable", port), "songnodes"); err != nil {
		return nil, "", err
	}
	return pg, url, nil
}

func (pg *privatePostgres) run(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(pg.bin, name), args...)
	cmd.Dir = pg.dir
	if pg.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: pg.cred}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, out)
	}
	return nil
}

// stop stops the cluster (fast shutdown: sessions are ended, nothing lost).
func (pg *privatePostgres) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := pg.run(ctx, "pg_ctl", "-D", pg.dir, "-m", "fast", "-w", "stop"); err != nil {
		pg.log.Warn("stop private PostgreSQL", "err", err)
	}
}

// unprivileged returns the user to run PostgreSQL as: "postgres" (which the
// Debian package creates), else "nobody".
func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as")
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
