package app

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Status of a check, from best to worst.
type Status int

// The statuses: OK serves, Degraded serves with less (a cache down, no
// partitions assigned), Unhealthy does not serve.
const (
	OK Status = iota
	Degraded
	Unhealthy
)

func (s Status) String() string {
	switch s {
	case OK:
		return "ok"
	case Degraded:
		return "degraded"
	}
	return "unhealthy"
}

// MarshalJSON writes the status as its name.
func (s Status) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// CheckFunc reports the state of one dependency or loop; detail says why
// when the state is not OK.
type CheckFunc func(ctx context.Context) (Status, string)

// Ping is the check of a dependency that answers pings: unhealthy, with
// its error, while the ping fails.
func Ping(ping func(context.Context) error) CheckFunc {
	return func(ctx context.Context) (Status, string) {
		if err := ping(ctx); err != nil {
			return Unhealthy, err.Error()
		}
		return OK, ""
	}
}

// Health aggregates a binary's readiness checks. /healthz answers while the
// process runs; /readyz runs every check and answers 200 when none is
// Unhealthy (the body says "degraded" when one is) and 503 otherwise.
type Health struct {
	mu     sync.Mutex
	checks map[string]CheckFunc
}

// NewHealth returns an empty set of checks.
func NewHealth() *Health { return &Health{checks: map[string]CheckFunc{}} }

// Add registers a check under name, replacing any check of that name.
func (h *Health) Add(name string, fn CheckFunc) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.checks[name] = fn
}

// Remove drops a check (one that stood for a step of the start).
func (h *Health) Remove(name string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.checks, name)
}

// Report is what /readyz answers.
type Report struct {
	Status Status                 `json:"status"`
	Checks map[string]CheckResult `json:"checks"`
}

// CheckResult is one check's outcome.
type CheckResult struct {
	Status Status `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// Check runs every check, each with a short timeout so that one hung
// dependency cannot hang the probe.
func (h *Health) Check(ctx context.Context) Report {
	h.mu.Lock()
	names := slices.Sorted(maps.Keys(h.checks))
	checks := make([]CheckFunc, len(names))
	for i, n := range names {
		checks[i] = h.checks[n]
	}
	h.mu.Unlock()

	rep := Report{Checks: make(map[string]CheckResult, len(names))}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			defer cancel()
			st, detail := checks[i](cctx)
			if cctx.Err() != nil && st == OK {
				st, detail = Unhealthy, "check timed out"
			}
			mu.Lock()
			rep.Checks[name] = CheckResult{Status: st, Detail: detail}
			if st > rep.Status {
				rep.Status = st
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return rep
}

func (h *Health) serveReady(w http.ResponseWriter, r *http.Request) {
	rep := h.Check(r.Context())
	w.Header().Set("Content-Type", "application/json")
	if rep.Status == Unhealthy {
		// Every 503 says when to ask again.
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(rep)
}

func serveAlive(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}
