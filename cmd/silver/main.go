// Command silver runs the silver stage: bronze playlists parsed,
// normalised, validated and enriched, to <prefix>.silver.playlists and the
// silver tables.
package main

import (
	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/silver"
)

func main() { app.Main("silver", "127.0.0.1:8092", silver.Spec.Load, nil) }
