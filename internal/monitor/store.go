package monitor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// go-redis logs connection failures to stderr on its own, in its own
// format; the monitor logs them itself and reports them in /readyz and
// songnodes_monitor_redis_up.
func init() { redis.SetLogger(quiet{}) }

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

// stateVersion is the layout of what the store writes. A monitor that
// finds another version starts afresh rather than misread it.
const stateVersion = 1

// store keeps the monitor's state in Redis under a key prefix:
//
//	<prefix>sources  hash: source name -> JSON of its counts, windows, last-seen times
//	<prefix>offsets  hash: "topic/partition" -> next offset to read
//	<prefix>meta     JSON: layout version, time of the last flush
//
// A flush writes the changed sources, every offset and the meta in one
// MULTI/EXEC transaction, so what Redis holds is always a state together
// with exactly the offsets it counted up to. Values are absolute, never
// increments, so a flush whose outcome is unknown can simply be repeated.
type store struct {
	rdb    *redis.Client
	prefix string
}

func newStore(url, prefix string) (*store, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	// Fail fast: the monitor keeps counting while Redis is down and
	// must not stall on it.
	opts.DialTimeout = time.Second
	opts.ReadTimeout = 2 * time.Second
	opts.WriteTimeout = 2 * time.Second
	opts.MaxRetries = 1
	opts.PoolSize = 4
	return &store{rdb: redis.NewClient(opts), prefix: prefix}, nil
}

func (s *store) close() error { return s.rdb.Close() }

func (s *store) ping(ctx context.Context) error { return s.rdb.Ping(ctx).Err() }

type meta struct {
	Version int   `json:"version"`
	Flushed int64 `json:"flushed_unix_ms"`
}

// load reads the persisted state; ok is false when there is none (or one
// of another layout, which is then ignored).
func (s *store) load(ctx context.Context) (snap snapshot, ok bool, err error) {
	pipe := s.rdb.TxPipeline()
	mg := pipe.Get(ctx, s.prefix+"meta")
	sg := pipe.HGetAll(ctx, s.prefix+"sources")
	og := pipe.HGetAll(ctx, s.prefix+"offsets")
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return snapshot{}, false, fmt.Errorf("load monitor state: %w", err)
	}
	mb, err := mg.Bytes()
	if errors.Is(err, redis.Nil) {
		return snapshot{}, false, nil
	}
	if err != nil {
		return snapshot{}, false, fmt.Errorf("load monitor state: %w", err)
	}
	var m meta
	if err := json.Unmarshal(mb, &m); err != nil || m.Version != stateVersion {
		return snapshot{}, false, nil
	}
	snap = snapshot{sources: map[string][]byte{}, offsets: map[string]map[int32]int64{}}
	for name, v := range sg.Val() {
		snap.sources[name] = []byte(v)
	}
	for k, v := range og.Val() {
		topic, p, off, err := parseOffset(k, v)
		if err != nil {
			return snapshot{}, false, fmt.Errorf("load monitor state: %w", err)
		}
		if snap.offsets[topic] == nil {
			snap.offsets[topic] = map[int32]int64{}
		}
		snap.offsets[topic][p] = off
	}
	return snap, true, nil
}

func parseOffset(k, v string) (string, int32, int64, error) {
	i := strings.LastIndexByte(k, '/')
	if i < 0 {
		return "", 0, 0, fmt.Errorf("offset field %q is not topic/partition", k)
	}
	p, err := strconv.ParseInt(k[i+1:], 10, 32)
	if err != nil {
		return "", 0, 0, fmt.Errorf("offset field %q: %w", k, err)
	}
	off, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return "", 0, 0, fmt.Errorf("offset of %q: %w", k, err)
	}
	return k[:i], int32(p), off, nil
}

// save writes snap in one transaction.
func (s *store) save(ctx context.Context, snap snapshot, now time.Time) error {
	mb, _ := json.Marshal(meta{Version: stateVersion, Flushed: now.UnixMilli()})
	_, err := s.rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		if len(snap.sources) > 0 {
			args := make([]any, 0, 2*len(snap.sources))
			for name, b := range snap.sources {
				args = append(args, name, b)
			}
			pipe.HSet(ctx, s.prefix+"sources", args...)
		}
		if len(snap.offsets) > 0 {
			var args []any
			for t, ps := range snap.offsets {
				for p, o := range ps {
					args = append(args, t+"/"+strconv.Itoa(int(p)), o)
				}
			}
			pipe.HSet(ctx, s.prefix+"offsets", args...)
		}
		pipe.Set(ctx, s.prefix+"meta", mb, 0)
		return nil
	})
	if err != nil {
		return fmt.Errorf("save monitor state: %w", err)
	}
	return nil
}
