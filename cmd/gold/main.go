// Command gold runs the gold stage: the song graph, from silver playlists
// to the compacted <prefix>.gold.transitions topic and the gold tables.
package main

import (
	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/gold"
)

func main() { app.Main("gold", "127.0.0.1:8093", gold.Spec.Load, nil) }
