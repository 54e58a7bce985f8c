package dev

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/ops"
)

// The dev process's admin endpoint: `songnodes replay --dev` asks it to
// pause a stage, move the stage's group and resume it. The HTTP address
// may be bound to every interface (--http-addr 0.0.0.0:8080), so the endpoint
// wants a token: a random one per start, in a file of the data directory
// that only its owner can read. Whoever can read it could stop the
// process anyway.

// AdminFile is the file, under the data directory, that says how to reach
// the running dev process's admin endpoint.
const AdminFile = "admin.json"

// replayPath is the admin endpoint that replays a stage.
const replayPath = "/admin/replay"

// Admin is how to reach a running dev process: its URL and token.
type Admin struct {
	URL   string `json:"url"`
	Token string `json:"token"`
}

// newAdmin makes a token and writes the admin file, the owner's alone.
func newAdmin(dataDir, httpAddr string) (Admin, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return Admin{}, err
	}
	adm := Admin{URL: "http://" + dialAddr(httpAddr), Token: hex.EncodeToString(b)}
	data, err := json.Marshal(adm)
	if err != nil {
		return Admin{}, err
	}
	// A file left by an earlier run may have other modes: WriteFile
	// would keep them, so it goes first.
	path := filepath.Join(dataDir, AdminFile)
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return Admin{}, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) //nolint:gosec // the data directory is the operator's
	if err != nil {
		return Admin{}, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return Admin{}, err
	}
	return adm, f.Close()
}

// dialAddr is where a client on this machine reaches a listen address.
func dialAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// ReadAdmin reads the admin file of the dev process whose data directory
// is dataDir.
func ReadAdmin(dataDir string) (Admin, error) {
	path := filepath.Join(dataDir, AdminFile)
	data, err := os.ReadFile(path) //nolint:gosec // the data directory the operator names
	if errors.Is(err, os.ErrNotExist) {
		return Admin{}, fmt.Errorf("no running songnodes dev found: %s does not exist (is songnodes dev running with --data-dir %s?)", path, dataDir)
	}
	if err != nil {
		return Admin{}, err
	}
	var adm Admin
	if err := json.Unmarshal(data, &adm); err != nil || adm.URL == "" || adm.Token == "" {
		return Admin{}, fmt.Errorf("%s is not a songnodes dev admin file", path)
	}
	return adm, nil
}

// replayResponse is the endpoint's answer: the plan, or what went wrong.
type replayResponse struct {
	Plan  *ops.ReplayPlan `json:"plan,omitempty"`
	Error string          `json:"error,omitempty"`
}

// Replay asks the dev process to replay: it pauses the stage, moves its
// group and resumes it (a dry run only plans). An error the request
// itself causes is an *ops.InputError.
func (a Admin) Replay(ctx context.Context, o ops.ReplayOptions) (*ops.ReplayPlan, error) {
	body, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.URL+replayPath, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+a.Token)
	req.Header.Set("Content-Type", "application/json")
	// The stage finishes its batch in flight before it pauses.
	resp, err := (&http.Client{Timeout: 5 * time.Minute}).Do(req)
	if err != nil {
		return nil, fmt.Errorf("the dev process at %s does not answer (is songnodes dev running?): %w", a.URL, err)
	}
	defer resp.Body.Close()
	var rr replayResponse
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err := json.Unmarshal(data, &rr); err != nil {
		return nil, fmt.Errorf("the dev process at %s answered %s: %.200s", a.URL, resp.Status, data)
	}
	switch {
	case resp.StatusCode == http.StatusOK && rr.Plan != nil:
		return rr.Plan, nil
	case resp.StatusCode == http.StatusBadRequest:
		return nil, &ops.InputError{Err: errors.New(rr.Error)}
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, fmt.Errorf("the dev process at %s refused the token of its admin file: %s (another dev process, or the file of an earlier run?)", a.URL, rr.Error)
	}
	return nil, fmt.Errorf("the dev process at %s: %s", a.URL, rr.Error)
}

// replayer serves the replay endpoint of the dev process.
type replayer struct {
	token  string
	url    string
	kafka  kafka.Config
	stages map[string]*pausable
	log    *slog.Logger
}

func (rp *replayer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	answer := func(code int, rr replayResponse) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(rr)
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(rp.token)) != 1 {
		answer(http.StatusUnauthorized, replayResponse{Error: "wrong or missing token (Authorization: Bearer, from the data directory's " + AdminFile + ")"})
		return
	}
	var o ops.ReplayOptions
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		answer(http.StatusBadRequest, replayResponse{Error: "bad request: " + err.Error()})
		return
	}
	plan, err := rp.replay(r.Context(), o)
	var inErr *ops.InputError
	switch {
	case errors.As(err, &inErr):
		answer(http.StatusBadRequest, replayResponse{Error: err.Error()})
	case err != nil:
		answer(http.StatusInternalServerError, replayResponse{Error: err.Error()})
	default:
		answer(http.StatusOK, replayResponse{Plan: plan})
	}
}

// replay plans first, so that a bad request never pauses the stage; then
// it pauses the stage, moves its group and resumes the stage.
func (rp *replayer) replay(ctx context.Context, o ops.ReplayOptions) (*ops.ReplayPlan, error) {
	adm, err := rp.kafka.NewAdmin("songnodes-dev-replay", rp.log)
	if err != nil {
		return nil, err
	}
	defer adm.Close()
	t := rp.kafka.Topics
	dry := o
	dry.DryRun = true
	plan, err := ops.ReplayWith(ctx, adm, t, dry)
	if err != nil {
		return nil, err
	}
	if o.DryRun {
		plan.Dev = fmt.Sprintf("dry run: the dev process at %s changed nothing", rp.url)
		return plan, nil
	}
	p, ok := rp.stages[o.Stage]
	if !ok {
		return nil, fmt.Errorf("the dev process does not run stage %s", o.Stage)
	}
	err = p.whilePaused(ctx, func() error {
		if err := waitEmpty(ctx, adm, t.Group(o.Stage)); err != nil {
			return err
		}
		plan, err = ops.ReplayWith(ctx, adm, t, o)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("stage %s of the dev process at %s paused, group not moved, resumed: %w", o.Stage, rp.url, err)
	}
	plan.Dev = fmt.Sprintf("stage %s of the dev process at %s paused, group moved, resumed", o.Stage, rp.url)
	rp.log.Info("replay: "+plan.Dev, "target", plan.Target, "reprocess", plan.Reprocess, "skip", plan.Skip)
	return plan, nil
}

// waitEmpty waits for the group to have no members: a paused loop leaves
// it as it stops, and the broker may take a moment to say so.
func waitEmpty(ctx context.Context, adm *kadm.Client, group string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		described, err := adm.DescribeGroups(ctx, group)
		if err != nil {
			return err
		}
		g := described[group]
		if g.Err != nil || len(g.Members) == 0 {
			return nil // no group is an empty one
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("group %s still has %d members after the stage stopped", group, len(g.Members))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}
