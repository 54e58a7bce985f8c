package stage

import (
	"context"

	"github.com/hamba/avro/v2"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/serde"
)

// Spec declares a stage: its name, what it reads and writes, and how its
// loop is built. internal/pipeline lists the pipeline's stages; the
// binaries, `songnodes dev`, replay, the monitor's lag probe, the tests
// and the benchmarks read that list, so that a stage is declared once.
type Spec struct {
	Name string
	// Input is the regular expression of the topics the stage reads. The
	// loop subscribes to it, so that a topic created later is read too.
	Input func(kafka.Topics) string
	// Output is the topic the stage writes, created at start.
	Output func(kafka.Topics) kafka.TopicSpec
	// Schema is the Avro schema of the output's values, registered at
	// start under the output's subject.
	Schema avro.Schema
	// DefaultBatch is BATCH_MAX_RECORDS when the environment names none.
	DefaultBatch int
	// Inner are the loops the stage runs besides its own, each with its
	// consumer group (Topics.Group(Name)): gold's pairs loop. The monitor
	// watches their lag as a stage's.
	Inner []Inner
	// New builds the stage's loop. release, when not nil, frees what
	// the loop holds besides its Env's connections.
	New func(ctx context.Context, env Env) (loop Runner, release func(), err error)
}

// Inner is a loop a stage runs besides its own: its name and the regular
// expression of the topics it reads.
type Inner struct {
	Name  string
	Input func(kafka.Topics) string
}

// Env is what a stage's loop is built with.
type Env struct {
	App      *app.App
	Settings Settings
	Conn     *Conn
	Config   Config         // the loop's configuration, with the stage's input and output
	Encoder  *serde.Encoder // of the output's values, its schema registered
}

// Deps are the loop's dependencies.
func (e Env) Deps() Deps {
	return Deps{Kafka: e.Settings.Kafka, DB: e.Conn.DB, Log: e.App.Log, Metrics: e.App.Metrics, Health: e.App.Health}
}

// Build builds the stage's loop on conn: it registers the output's
// schema (waiting for the registry if need be) and calls New.
func (sp Spec) Build(ctx context.Context, a *app.App, s Settings, conn *Conn) (Runner, func(), error) {
	t := s.Kafka.Topics
	enc, err := conn.Encoder(ctx, a.Log, sp.Output(t).Name, sp.Schema)
	if err != nil {
		return nil, nil, err
	}
	cfg := s.Loop
	cfg.Topics = []string{sp.Input(t)}
	cfg.Regex = true // waits for the input to exist instead of failing
	cfg.Outputs = []kafka.TopicSpec{sp.Output(t)}
	return sp.New(ctx, Env{App: a, Settings: s, Conn: conn, Config: cfg, Encoder: enc})
}

// Load reads the stage's settings from the environment and returns it as
// a binary's component (an app.LoadFunc).
func (sp Spec) Load(e *config.Env) (app.Component, error) {
	return component{spec: sp, settings: LoadSettings(e, sp.Name, sp.DefaultBatch)}, nil
}
