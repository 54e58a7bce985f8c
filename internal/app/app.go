// Package app is the lifecycle every binary shares: configuration from the
// environment, a JSON logger, one Prometheus registry, an HTTP server with
// /metrics, /healthz and /readyz, signal handling and the healthcheck
// subcommand. A binary's main is one call to Main.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/songnodes/pipeline/internal/config"
)

// App is what a component gets to run with.
type App struct {
	Name    string
	Log     *slog.Logger
	Metrics *prometheus.Registry
	Mux     *http.ServeMux
	Health  *Health

	routes []string
}

// New returns an App with a fresh registry (with Go and process metrics),
// mux and health checks.
func New(name string, log *slog.Logger) *App {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a := &App{Name: name, Log: log, Metrics: reg, Mux: http.NewServeMux(), Health: NewHealth()}
	a.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	a.Handle("GET /healthz", http.HandlerFunc(serveAlive))
	a.Handle("GET /readyz", http.HandlerFunc(a.Health.serveReady))
	a.Health.Add("memory", memoryCheck)
	return a
}

// Handle serves pattern with h on a's mux and records the pattern, so
// that what a binary serves can be listed (Routes) and held to its
// documentation.
func (a *App) Handle(pattern string, h http.Handler) {
	a.routes = append(a.routes, pattern)
	a.Mux.Handle(pattern, h)
}

// Routes are the patterns registered with Handle, in order.
func (a *App) Routes() []string { return slices.Clone(a.routes) }

// Component is a runnable part of the pipeline.
type Component interface {
	// Run runs until ctx is cancelled (a clean shutdown: return nil) or a
	// fatal error.
	Run(ctx context.Context, a *App) error
}

// ServerTuner is a component that tunes the HTTP server it is served by
// before it serves (ingest bounds its connections and idle time); the
// listener it returns is served.
type ServerTuner interface {
	TuneServer(srv *http.Server, ln net.Listener) net.Listener
}

// LoadFunc reads a component's settings. Problems are recorded in e, which
// Main reports all at once; an error is for what is not a setting.
type LoadFunc func(e *config.Env) (Component, error)

// Command is a subcommand of a binary besides run and healthcheck; it
// returns the exit code.
type Command func(ctx context.Context, args []string, stdout, stderr io.Writer) int

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitConfig = 2
)

// Main runs a component as a binary: `NAME` (or `NAME run`) runs it,
// `NAME healthcheck` probes a running one, and cmds adds other subcommands.
func Main(name, defaultAddr string, load LoadFunc, cmds map[string]Command) {
	os.Exit(main(name, defaultAddr, load, cmds, os.Args[1:], os.Stdout, os.Stderr))
}

func main(name, defaultAddr string, load LoadFunc, cmds map[string]Command, args []string, stdout, stderr io.Writer) int {
	cmd := "run"
	if len(args) > 0 {
		cmd = args[0]
	}
	if c, ok := cmds[cmd]; ok {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		return c(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 1 && cmds[cmd] == nil && (args[1] == "-h" || args[1] == "--help") {
		cmd = "help"
	} else if len(args) > 1 && cmds[cmd] == nil && !strings.HasPrefix(cmd, "-") {
		// run, healthcheck and version take nothing: a flag given to
		// them would otherwise be ignored without a word.
		fmt.Fprintf(stderr, "%s %s: unexpected argument %q: it takes no flags; settings come from the environment (docs/operations.md)\n", name, cmd, args[1])
		return exitConfig
	}
	env := config.FromEnv()
	addr := env.Addr("HTTP_ADDR", defaultAddr)
	switch cmd {
	case "run", "serve":
	case "healthcheck":
		if err := env.Err(); err != nil {
			fmt.Fprintf(stderr, "%s: bad configuration:\n%v\n", name, err)
			return int(Unhealthy)
		}
		return Probe(addr, stdout)
	case "--version", "version":
		fmt.Fprintln(stdout, Version(name))
		return exitOK
	case "-h", "--help", "help":
		fmt.Fprintf(stdout, "usage: %s [%s]\n\nConfigured by environment variables; see docs/operations.md.\n", name, strings.Join(commandNames(cmds), "|"))
		return exitOK
	default:
		if strings.HasPrefix(cmd, "-") {
			fmt.Fprintf(stderr, "%s: unknown flag %s: settings come from the environment (docs/operations.md); commands: %s\n", name, cmd, strings.Join(commandNames(cmds), ", "))
			return exitConfig
		}
		fmt.Fprintf(stderr, "%s: unknown command %q (want %s)\n", name, cmd, strings.Join(commandNames(cmds), ", "))
		return exitConfig
	}

	log := NewLogger(stderr, env.OneOf("LOG_LEVEL", "info", "debug", "info", "warn", "error"))
	comp, err := load(env)
	if cerr := env.Err(); cerr != nil {
		fmt.Fprintf(stderr, "%s: bad configuration:\n%v\n", name, cerr)
		return exitConfig
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return exitConfig
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	a := New(name, log)
	if soft := setMemoryLimit(); soft > 0 {
		log.Info("memory limit from cgroup", "gomemlimit_bytes", soft)
	}
	if err := Serve(ctx, a, addr, comp); err != nil {
		log.Error("stopped", "err", err)
		return exitFailed
	}
	log.Info("stopped cleanly")
	return exitOK
}

func commandNames(cmds map[string]Command) []string {
	return append([]string{"run", "healthcheck"}, slices.Sorted(maps.Keys(cmds))...)
}

// NewLogger returns the JSON logger every binary logs with.
func NewLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// Serve serves a's HTTP endpoints on addr and runs comp until ctx ends or
// comp fails, then shuts the server down.
func Serve(ctx context.Context, a *App, addr string, comp Component) error {
	// Checked where the setting is read too; here, so that nothing
	// listens on every interface unasked, whoever calls.
	if err := config.CheckListenAddr(addr); err != nil {
		return fmt.Errorf("HTTP_ADDR: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("HTTP_ADDR: listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: a.Mux, ReadHeaderTimeout: 10 * time.Second}
	if t, ok := comp.(ServerTuner); ok {
		ln = t.TuneServer(srv, ln)
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	a.Log.Info("serving", "addr", ln.Addr().String(), "component", a.Name)

	runErr := comp.Run(ctx, a)

	// ctx is done: the shutdown gets its own deadline.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) && runErr == nil {
		runErr = err
	}
	return runErr
}

// Probe asks the binary serving on addr for /readyz and returns the exit
// code of the healthcheck subcommand: 0 healthy, 1 degraded, 2 unhealthy
// (including not answering).
func Probe(addr string, out io.Writer) int {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	url := "http://" + net.JoinHostPort(host, port) + "/readyz"
	cl := &http.Client{Timeout: 5 * time.Second}
	resp, err := cl.Get(url)
	if err != nil {
		fmt.Fprintf(out, "unhealthy: %v\n", err)
		return int(Unhealthy)
	}
	defer resp.Body.Close()
	var rep struct {
		Status string                     `json:"status"`
		Checks map[string]json.RawMessage `json:"checks"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err := json.Unmarshal(body, &rep); err != nil {
		fmt.Fprintf(out, "unhealthy: %s answered %s: %s\n", url, resp.Status, strings.TrimSpace(string(body)))
		return int(Unhealthy)
	}
	fmt.Fprintf(out, "%s\n", strings.TrimSpace(string(body)))
	switch rep.Status {
	case "ok":
		return int(OK)
	case "degraded":
		return int(Degraded)
	}
	return int(Unhealthy)
}
