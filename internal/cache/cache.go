// Package cache is the Redis cache in front of PostgreSQL lookups. Redis is
// never the source of truth: every miss and every Redis error falls back to
// the loader, so results are the same with Redis down, flushed or absent;
// only slower.
package cache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
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

// DefaultTimeout bounds a Redis command when REDIS_TIMEOUT is unset:
// short, because a cache that waits seconds for Redis is worse than no
// cache.
const DefaultTimeout = 500 * time.Millisecond

// Option configures a Cache.
type Option func(*Cache)

// WithTimeout bounds each Redis command, the dial and the wait for a
// pooled connection included (REDIS_TIMEOUT); zero keeps DefaultTimeout.
func WithTimeout(d time.Duration) Option {
	return func(c *Cache) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// Cache caches string values by key with a TTL.
type Cache struct {
	rdb       *redis.Client // nil: no Redis configured
	ttl       time.Duration
	timeout   time.Duration
	log       *slog.Logger
	downUntil atomic.Int64 // unix nanos

	hits, misses, errors prometheus.Counter
	up                   prometheus.Gauge
}

// New returns a cache on the Redis at url; url "" gives a cache that always
// misses. Counters carry the stage label.
func New(url string, ttl time.Duration, stage string, reg prometheus.Registerer, log *slog.Logger, opts ...Option) (*Cache, error) {
	f := promauto.With(reg)
	l := prometheus.Labels{"stage": stage}
	c := &Cache{
		ttl: ttl, log: log, timeout: DefaultTimeout,
		hits:   f.NewCounter(prometheus.CounterOpts{Name: "songnodes_cache_hits_total", ConstLabels: l, Help: "Lookups answered by the Redis cache."}),
		misses: f.NewCounter(prometheus.CounterOpts{Name: "songnodes_cache_misses_total", ConstLabels: l, Help: "Lookups the Redis cache did not have (read from PostgreSQL)."}),
		errors: f.NewCounter(prometheus.CounterOpts{Name: "songnodes_cache_errors_total", ConstLabels: l, Help: "Redis operations that failed; the lookups fell back to PostgreSQL."}),
		up:     f.NewGauge(prometheus.GaugeOpts{Name: "songnodes_cache_up", ConstLabels: l, Help: "1 when the last Redis operation succeeded, 0 when Redis is failing or not configured."}),
	}
	for _, o := range opts {
		o(c)
	}
	if url == "" {
		return c, nil
	}
	ro, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	// Every wait is bounded by the one timeout: the socket's reads and
	// writes, the dial, a free pooled connection, and (with
	// ContextTimeoutEnabled) the deadline of each command's context, so
	// that a Redis that accepts connections and then says nothing costs
	// one timeout, not a stalled batch.
	ro.DialTimeout = c.timeout
	ro.ReadTimeout = c.timeout
	ro.WriteTimeout = c.timeout
	ro.PoolTimeout = c.timeout
	ro.ContextTimeoutEnabled = true
	ro.MaxRetries = 0
	ro.DialerRetries = 1
	c.rdb = redis.NewClient(ro)
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
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	return c.named(c.rdb.Ping(ctx).Err())
}

// named says that err is Redis's, and names REDIS_TIMEOUT when Redis did
// not answer in time.
func (c *Cache) named(err error) error {
	if err == nil {
		return nil
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Errorf("redis did not answer within REDIS_TIMEOUT (%s): %w", c.timeout, err)
	}
	return fmt.Errorf("redis: %w", err)
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
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	vals, err := c.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		c.failed("get", c.named(err))
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
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	pipe := c.rdb.Pipeline()
	for k, v := range kv {
		pipe.Set(ctx, k, v, c.ttl)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		c.failed("set", c.named(err))
	}
}
