package dev

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// privateRedis is a redis-server of the dev command's own. Redis is only a
// cache, so nothing is persisted.
type privateRedis struct {
	cmd *exec.Cmd
	log *slog.Logger
}

// startRedis starts redis-server on port and returns its URL.
func startRedis(ctx context.Context, dataDir string, port int, log *slog.Logger) (*privateRedis, string, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, "", fmt.Errorf("redis-server is not installed (Debian package redis-server)")
	}
	dir, err := filepath.Abs(filepath.Join(dataDir, "redis"))
	if err != nil {
		return nil, "", err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, "", err
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", dir, "--logfile", filepath.Join(dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("start redis-server: %w", err)
	}
	url := fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := pingRedis(ctx, url); err == nil {
			break
		} else if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
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
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return "", fmt.Errorf("redis-server is not installed (Debian package redis-server)")
	}
	dir, err := filepath.Abs(filepath.Join(dataDir, "redis"))
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	out, err := exec.CommandContext(ctx, bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", dir, "--logfile", filepath.Join(dir, "redis.log"), "--daemonize", "yes").CombinedOutput()
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
