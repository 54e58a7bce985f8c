// Command monitor is the pipeline's watchdog: it reads every raw, bronze,
// silver and dead-letter topic and the stage groups' lag, and serves per
// source rates, artist coverage, freshness, rejects and latency on
// /metrics, with a status page at / and /api/status.
package main

import (
	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/monitor"
)

func main() { app.Main("monitor", "127.0.0.1:8094", monitor.Load, nil) }
