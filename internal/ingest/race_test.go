//go:build race

package ingest_test

// raceEnabled: the race detector multiplies memory, so RSS figures taken
// under it are shown, not held to a bound.
const raceEnabled = true
