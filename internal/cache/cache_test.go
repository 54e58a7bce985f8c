package cache_test

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/songnodes/pipeline/internal/cache"
	"github.com/songnodes/pipeline/internal/testenv"
)

// A Redis that accepts connections and never answers costs one
// REDIS_TIMEOUT: a lookup falls back to the loader (every key a miss),
// the failure is counted, and the ping behind /readyz fails naming Redis
// and the setting.
func TestHungRedis(t *testing.T) {
	reg := prometheus.NewRegistry()
	c, err := cache.New("redis://"+testenv.Hung(t)+"/0", time.Hour, "silver", reg, testenv.Logger(t), cache.WithTimeout(300*time.Millisecond))
	testenv.Must(t, err, "cache")
	defer c.Close()

	done := make(chan map[string]string, 1)
	go func() { done <- c.Get(t.Context(), []string{"a", "b"}) }()
	select {
	case got := <-done:
		if len(got) != 0 {
			t.Errorf("a hung Redis answered %v", got)
		}
	case <-time.After(time.Minute):
		t.Fatal("Get still waits for the hung Redis a minute later")
	}
	if n := testenv.Metric(t, reg, "songnodes_cache_errors_total"); n != 1 {
		t.Errorf("songnodes_cache_errors_total = %v, want 1", n)
	}
	if n := testenv.Metric(t, reg, "songnodes_cache_misses_total"); n != 2 {
		t.Errorf("songnodes_cache_misses_total = %v, want 2 (both keys go to the loader)", n)
	}

	perr := make(chan error, 1)
	go func() { perr <- c.Ping(t.Context()) }()
	select {
	case err := <-perr:
		t.Logf("ping: %v", err)
		if err == nil || !strings.Contains(err.Error(), "redis") || !strings.Contains(err.Error(), "REDIS_TIMEOUT") {
			t.Errorf("ping: %v; want an error naming Redis and REDIS_TIMEOUT", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Ping still waits for the hung Redis a minute later")
	}
}

// With a Redis that answers, the same cache works (the timeout is not
// too short for a real server).
func TestRedisAnswers(t *testing.T) {
	reg := prometheus.NewRegistry()
	c, err := cache.New(testenv.RedisURL(t), time.Minute, "silver", reg, testenv.Logger(t))
	testenv.Must(t, err, "cache")
	defer c.Close()
	testenv.Must(t, c.Ping(t.Context()), "ping")
	key := "songnodes-cache-test:" + t.Name()
	c.Set(t.Context(), map[string]string{key: "v"})
	if got := c.Get(t.Context(), []string{key}); got[key] != "v" {
		t.Fatalf("Get after Set: %v", got)
	}
	testenv.DeleteRedisKeys(t, testenv.RedisURL(t), "songnodes-cache-test:")
}
