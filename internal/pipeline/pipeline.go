// Package pipeline is the list of the pipeline's stages, in the order
// records flow through them. Everything that runs, replays, measures or
// watches the stages reads it: adding a stage is a package with its
// stage.Spec and one line here (docs/architecture.md, "Adding a stage").
package pipeline

import (
	"fmt"
	"strings"

	"github.com/songnodes/pipeline/internal/bronze"
	"github.com/songnodes/pipeline/internal/gold"
	"github.com/songnodes/pipeline/internal/silver"
	"github.com/songnodes/pipeline/internal/stage"
)

// Stages are the pipeline's stages, in order.
var Stages = []stage.Spec{bronze.Spec, silver.Spec, gold.Spec}

// Names are the stages' names, in order.
func Names() []string {
	names := make([]string, len(Stages))
	for i, s := range Stages {
		names[i] = s.Name
	}
	return names
}

// Lookup returns the stage called name.
func Lookup(name string) (stage.Spec, error) {
	for _, s := range Stages {
		if s.Name == name {
			return s, nil
		}
	}
	return stage.Spec{}, fmt.Errorf("unknown stage %q (want %s)", name, strings.Join(Names(), ", "))
}

// Loops are every consume loop of the pipeline's stages, their own and
// their inner ones (gold's pairs loop), in order: a name (its consumer
// group is Topics.Group(name)) and the expression of what it reads.
func Loops() []stage.Inner {
	var out []stage.Inner
	for _, s := range Stages {
		out = append(out, stage.Inner{Name: s.Name, Input: s.Input})
		out = append(out, s.Inner...)
	}
	return out
}

// LoopNames are the names of Loops: each a consumer group, a dead-letter
// topic and a metrics label.
func LoopNames() []string {
	var out []string
	for _, l := range Loops() {
		out = append(out, l.Name)
	}
	return out
}
