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
	"strconv"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

// privateRedis is a redis-server of the dev command's own. Redis is only a
// cache, so nothing is persisted.
type privateRedis struct {
	cmd *exec.Cmd
	log *slog.Logger
}

// redisCommand is the command of a private redis-server on port, its
// files (the log) in dataDir/redis.
//
// Started by root, it runs as the unprivileged user redis (or nobody),
// which owns that directory (mode 0700): a cache that anyone on the
// machine can talk to has no business with root's powers. That user may
// not be able to reach the directory by its path (a clone under root's
// home, mode 0700), so root opens it and hands it down as file 3, and
// redis-server is told its directory is /proc/self/fd/3: following that
// link checks no directory above it. Its log is then a relative path.
//
// closeFn releases what the parent holds once the process has started.
func redisCommand(dataDir string, port int, extra ...string) (cmd *exec.Cmd, dir string, closeFn func(), err error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, "", nil, errors.New("redis-server is not installed (Debian package redis-server)")
	}
	if dir, err = filepath.Abs(filepath.Join(dataDir, "redis")); err != nil {
		return nil, "", nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", nil, err
	}
	args := []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"}
	if os.Geteuid() != 0 {
		args = append(args, "--dir", dir, "--logfile", filepath.Join(dir, "redis.log"))
		return exec.Command(bin, append(args, extra...)...), dir, func() {}, nil //nolint:gosec // the installed redis-server
	}
	cred, err := systemUser("redis", "nobody")
	if err != nil {
		return nil, "", nil, err
	}
	if err := chownDir(dir, int(cred.Uid), int(cred.Gid)); err != nil {
		return nil, "", nil, fmt.Errorf("give %s to uid %d: %w", dir, cred.Uid, err)
	}
	d, err := os.Open(dir) //nolint:gosec // our own data directory
	if err != nil {
		return nil, "", nil, err
	}
	// --dir comes first: redis-server enters it there, and the relative
	// log file is then opened in it.
	args = append(args, "--dir", "/proc/self/fd/3", "--logfile", "redis.log")
	cmd = exec.Command(bin, append(args, extra...)...) //nolint:gosec // the installed redis-server
	cmd.ExtraFiles = []*os.File{d}                     // file 3
	// No supplementary groups: root's would stay otherwise.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	return cmd, dir, func() { d.Close() }, nil
}

// systemUser is the first of names that exists, as credentials.
func systemUser(names ...string) (*syscall.Credential, error) {
	for _, name := range names {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil || uid == 0 {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
	}
	return nil, fmt.Errorf("running as root and there is no unprivileged user (%v) to run redis-server as: run as a normal user or set REDIS_URL", names)
}

// chownDir gives dir, and what an earlier run as another user left in it,
// to uid, and makes dir its alone.
func chownDir(dir string, uid, gid int) error {
	err := filepath.WalkDir(dir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, uid, gid)
	})
	if err != nil {
		return err
	}
	return os.Chmod(dir, 0o700) //nolint:gosec // a directory: its owner must enter it
}

// startRedis starts redis-server on port and returns its URL.
func startRedis(ctx context.Context, dataDir string, port int, log *slog.Logger) (*privateRedis, string, error) {
	cmd, dir, release, err := redisCommand(dataDir, port)
	if err != nil {
		return nil, "", err
	}
	err = cmd.Start()
	release()
	if err != nil {
		return nil, "", fmt.Errorf("start redis-server: %w", err)
	}
	url := fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := pingRedis(ctx, url); err == nil {
			break
		} else if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return nil, "", fmt.Errorf("redis-server did not answer on port %d: %w (see %s)", port, err, filepath.Join(dir, "redis.log"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	return &privateRedis{cmd: cmd, log: log}, url, nil
}

func (r *privateRedis) stop() {
	_ = r.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = r.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = r.cmd.Process.Kill()
	}
}

func pingRedis(ctx context.Context, url string) error {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return err
	}
	cl := redis.NewClient(opts)
	defer cl.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return cl.Ping(ctx).Err()
}

// startRedisDaemon starts a redis-server that outlives this process.
func startRedisDaemon(ctx context.Context, dataDir string, port int) (string, error) {
	cmd, dir, release, err := redisCommand(dataDir, port, "--daemonize", "yes")
	if err != nil {
		return "", err
	}
	out, err := cmd.CombinedOutput()
	release()
	if err != nil {
		return "", fmt.Errorf("start redis-server: %w: %s", err, out)
	}
	url := fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	deadline := time.Now().Add(10 * time.Second)
	for pingRedis(ctx, url) != nil {
		if time.Now().After(deadline) {
			return "", fmt.Errorf("redis-server did not answer on port %d (see %s)", port, filepath.Join(dir, "redis.log"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	return url, nil
}
