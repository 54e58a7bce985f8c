package dev

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/songnodes/pipeline/internal/testenv"
)

// Started by root, the private Redis runs as the unprivileged redis user
// (or nobody), every one of its IDs, in a directory that user owns (mode
// 0700), and works there although the clone lies under a directory only
// root may enter (t.TempDir is mode 0700, as root's home is). A log left
// by an earlier run as root is taken over. The daemon `songnodes
// services` starts does the same.
// Started by anyone else, it runs as whoever started it, never as root.
func TestPrivateRedisRunsUnprivileged(t *testing.T) {
	root := os.Geteuid() == 0
	want := &syscall.Credential{Uid: uint32(os.Getuid()), Gid: uint32(os.Getgid())} //nolint:gosec // IDs fit
	if root {
		var err error
		want, err = systemUser("redis", "nobody")
		testenv.Must(t, err, "unprivileged user")
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	private := t.TempDir()
	testenv.Must(t, os.Chmod(private, 0o700), "chmod")
	dir := filepath.Join(private, "a clone", "data")
	if root {
		// As an earlier version left it: root's directory, root's log.
		testenv.Must(t, os.MkdirAll(filepath.Join(dir, "redis"), 0o755), "mkdir")
		testenv.Must(t, os.WriteFile(filepath.Join(dir, "redis", "redis.log"), []byte("an earlier run's log\n"), 0o644), "old log") //nolint:gosec // as it was
	}

	rd, url, err := startRedis(ctx, dir, testenv.FreePort(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	testenv.Must(t, err, "start the private Redis")
	defer rd.stop()
	checkIDs(t, rd.cmd.Process.Pid, want, root)
	checkWorks(t, ctx, url, filepath.Join(dir, "redis"))
	checkOwned(t, filepath.Join(dir, "redis"), want)
	rd.stop()

	// songnodes services: a daemon, in the same directory.
	url, err = startRedisDaemon(ctx, dir, testenv.FreePort(t))
	testenv.Must(t, err, "start the Redis daemon")
	opts, _ := redis.ParseURL(url)
	cl := redis.NewClient(opts)
	defer cl.Close()
	defer cl.ShutdownNoSave(context.WithoutCancel(ctx))
	info, err := cl.InfoMap(ctx, "server").Result()
	testenv.Must(t, err, "INFO server")
	pid, err := strconv.Atoi(info["Server"]["process_id"])
	testenv.Must(t, err, "process_id")
	checkIDs(t, pid, want, root)
	checkWorks(t, ctx, url, filepath.Join(dir, "redis"))
	checkOwned(t, filepath.Join(dir, "redis"), want)
}

// checkIDs checks every user and group ID of process pid (real,
// effective, saved, filesystem), as the kernel reports them, and, when
// noGroups, that it has no supplementary groups (root's are dropped).
func checkIDs(t *testing.T, pid int, want *syscall.Credential, noGroups bool) {
	t.Helper()
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	testenv.Must(t, err, "process status")
	defer f.Close()
	seen := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		name, ids, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "Uid" && name != "Gid" && name != "Groups") {
			continue
		}
		seen++
		wantID := strconv.FormatUint(uint64(want.Uid), 10)
		if name == "Gid" {
			wantID = strconv.FormatUint(uint64(want.Gid), 10)
		}
		for _, id := range strings.Fields(ids) {
			if name == "Groups" && noGroups || name != "Groups" && (id != wantID || id == "0") {
				t.Errorf("redis-server (pid %d) %s: %s; want %s only, no supplementary groups", pid, name, strings.TrimSpace(ids), wantID)
				break
			}
		}
	}
	if seen != 3 {
		t.Fatalf("pid %d: %d of the Uid, Gid and Groups lines", pid, seen)
	}
}

// checkWorks stores and reads a key, and checks where the server works.
func checkWorks(t *testing.T, ctx context.Context, url, dir string) {
	t.Helper()
	opts, err := redis.ParseURL(url)
	testenv.Must(t, err, "URL")
	cl := redis.NewClient(opts)
	defer cl.Close()
	testenv.Must(t, cl.Set(ctx, "k", "v", 0).Err(), "SET")
	if v, err := cl.Get(ctx, "k").Result(); v != "v" || err != nil {
		t.Fatalf("GET k = %q, %v", v, err)
	}
	got, err := cl.ConfigGet(ctx, "dir").Result()
	testenv.Must(t, err, "CONFIG GET dir")
	if got["dir"] != dir {
		t.Errorf("the server works in %q, want %q", got["dir"], dir)
	}
}

// checkOwned checks that dir is want's alone, its log too.
func checkOwned(t *testing.T, dir string, want *syscall.Credential) {
	t.Helper()
	for _, p := range []string{dir, filepath.Join(dir, "redis.log")} {
		fi, err := os.Stat(p)
		testenv.Must(t, err, "stat")
		if st := fi.Sys().(*syscall.Stat_t); st.Uid != want.Uid || st.Gid != want.Gid {
			t.Errorf("%s belongs to %d:%d, want %d:%d", p, st.Uid, st.Gid, want.Uid, want.Gid)
		}
		if p == dir && fi.Mode().Perm() != 0o700 {
			t.Errorf("%s has mode %v, want 0700", p, fi.Mode().Perm())
		}
	}
	log, err := os.ReadFile(filepath.Join(dir, "redis.log")) //nolint:gosec // the test's
	testenv.Must(t, err, "log")
	if !strings.Contains(string(log), "Ready to accept connections") {
		t.Errorf("redis.log has no start of the server:\n%s", log)
	}
}
