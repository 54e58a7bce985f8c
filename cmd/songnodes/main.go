// Command songnodes is the operator's tool: `songnodes dev` runs the whole
// pipeline on embedded defaults; replay, dlq and migrate operate a real one.
package main

import (
	"os"

	"github.com/songnodes/pipeline/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
