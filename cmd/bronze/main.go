// Command bronze runs the bronze stage: raw playlists from every
// <prefix>.raw.<source> topic, schema-checked, with lineage, to
// <prefix>.bronze.playlists and the bronze tables.
package main

import (
	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/bronze"
)

func main() { app.Main("bronze", "127.0.0.1:8091", bronze.Spec.Load, nil) }
