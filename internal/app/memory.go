package app

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// cgroupMemory returns the memory limit and current usage of the cgroup this
// process runs in (v2, then v1). ok is false when there is no limit: a
// container's health is judged against its own limit, never the host's.
func cgroupMemory() (limit, usage int64, ok bool) {
	if l, err := readInt("/sys/fs/cgroup/memory.max"); err == nil {
		u, _ := readInt("/sys/fs/cgroup/memory.current")
		return l, u, true
	}
	if l, err := readInt("/sys/fs/cgroup/memory/memory.limit_in_bytes"); err == nil && l < 1<<62 {
		u, _ := readInt("/sys/fs/cgroup/memory/memory.usage_in_bytes")
		return l, u, true
	}
	return 0, 0, false
}

// readInt reads a cgroup file holding one integer; "max" is no limit.
func readInt(path string) (int64, error) {
	b, err := os.ReadFile(path) //nolint:gosec // a cgroup file of a fixed set
	if err != nil {
		return 0, err
	}
	s := strings.TrimSpace(string(b))
	if s == "max" {
		return 0, fmt.Errorf("no limit")
	}
	return strconv.ParseInt(s, 10, 64)
}

// setMemoryLimit gives the Go runtime a soft limit of 90% of the cgroup's,
// unless GOMEMLIMIT says otherwise, so the GC works harder before the
// kernel's OOM killer steps in.
func setMemoryLimit() int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	limit, _, ok := cgroupMemory()
	if !ok {
		return 0
	}
	soft := limit / 10 * 9
	debug.SetMemoryLimit(soft)
	return soft
}

// memoryCheck is degraded above 90% of the cgroup limit and unhealthy
// above 98%.
func memoryCheck(context.Context) (Status, string) {
	limit, usage, ok := cgroupMemory()
	if !ok || limit <= 0 {
		return OK, "no cgroup memory limit"
	}
	share := float64(usage) / float64(limit)
	detail := fmt.Sprintf("%d of %d bytes (%.0f%%) of the cgroup limit", usage, limit, share*100)
	switch {
	case share > 0.98:
		return Unhealthy, detail
	case share > 0.90:
		return Degraded, detail
	}
	return OK, detail
}
