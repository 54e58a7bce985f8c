// Package cache is the Redis cache in front of PostgreSQL lookups. Redis is
// never the source of truth: every miss and every Redis error falls back to
// the loader, so results are the same with Redis down, flushed or absent;
// only slower.
package cache

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/redis/go-redis/v9"
)

// go-redis logs its connection failures to stderr on its own; the cache
// counts and logs them itself (songnodes_cache_errors_total).
func init() { redis.SetLogger(quiet{}) }

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

// cooldown is how long the cache leaves Redis alone after an error, so a
// Redis that is down costs one timeout now and then, not one per batch.
const cooldown = 5 * time.Second

// Cache caches string values by key with a TTL.
type Cache struct {
	rdb       *redis.Client // nil: no Redis configured
	ttl       time.Duration
	log       *slog.Logger
	downUntil atomic.Int64 // unix nanos

	hits, misses, errors prometheus.Counter
	up                   prometheus.Gauge
}

// New returns a cache on the Redis at url; url "" gives a cache that always
// misses. Counters carry the stage label.
func New(url string, ttl time.Duration, stage string, reg prometheus.Registerer, log *slog.Logger) (*Cache, error) {
	f := promauto.With(reg)
	l := prometheus.Labels{"stage": stage}
	c := &Cache{
		ttl: ttl, log: log,
		hits:   f.NewCounter(prometheus.CounterOpts{Name: "songnodes_cache_hits_total", ConstLabels: l, Help: "Lookups answered by the Redis cache."}),
		misses: f.NewCounter(prometheus.CounterOpts{Name: "songnodes_cache_misses_total", ConstLabels: l, Help: "Lookups the Redis cache did not have (read from PostgreSQL)."}),
		errors: f.NewCounter(prometheus.CounterOpts{Name: "songnodes_cache_errors_total", ConstLabels: l, Help: "Redis operations that failed; the lookups fell back to PostgreSQL."}),
		up:     f.NewGauge(prometheus.GaugeOpts{Name: "songnodes_cache_up", ConstLabels: l, Help: "1 when the last Redis operation succeeded, 0 when Redis is failing or not configured."}),
	}
	if url == "" {
		return c, nil
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	// Short timeouts: a cache that waits seconds for Redis is worse than
	// no cache.
	opts.DialTimeout = 500 * time.Millisecond
	opts.ReadTimeout = 500 * time.Millisecond
	opts.WriteTimeout = 500 * time.Millisecond
	opts.MaxRetries = 0
	opts.DialerRetries = 1
	c.rdb = redis.NewClient(opts)
	c.up.Set(1)
	return c, nil
}

// Close closes the Redis client.
func (c *Cache) Close() {
	if c.rdb != nil {
		_ = c.rdb.Close()
	}
}

// Ping reports whether Redis answers (nil when none is configured).
func (c *Cache) Ping(ctx context.Context) error {
	if c.rdb == nil {
		return nil
	}
	return c.rdb.Ping(ctx).Err()
}

// Enabled reports whether a Redis is configured.
func (c *Cache) Enabled() bool { return c.rdb != nil }

func (c *Cache) available() bool {
	return c.rdb != nil && time.Now().UnixNano() >= c.downUntil.Load()
}

func (c *Cache) failed(op string, err error) {
	c.errors.Inc()
	c.up.Set(0)
	if time.Now().UnixNano() >= c.downUntil.Load() {
		c.log.Warn("Redis failed; using PostgreSQL alone for a while", "op", op, "err", err)
	}
	c.downUntil.Store(time.Now().Add(cooldown).UnixNano())
}

// Get returns the cached values of keys that Redis has. Keys it does not
// have, or all of them when Redis fails, are absent from the map: the
// caller loads them.
func (c *Cache) Get(ctx context.Context, keys []string) map[string]string {
	out := make(map[string]string, len(keys))
	if len(keys) == 0 {
		return out
	}
	if !c.available() {
		c.misses.Add(float64(len(keys)))
		return out
	}
	vals, err := c.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		c.failed("get", err)
		c.misses.Add(float64(len(keys)))
		return out
	}
	c.up.Set(1)
	for i, v := range vals {
		if s, ok := v.(string); ok {
			out[keys[i]] = s
		}
	}
	c.hits.Add(float64(len(out)))
	c.misses.Add(float64(len(keys) - len(out)))
	return out
}

// Set stores values with the cache's TTL, best effort.
func (c *Cache) Set(ctx context.Context, kv map[string]string) {
	if len(kv) == 0 || !c.available() {
		return
	}
	pipe := c.rdb.Pipeline()
	for k, v := range kv {
		pipe.Set(ctx, k, v, c.ttl)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		c.failed("set", err)
	}
}
