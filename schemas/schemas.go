// Package schemas embeds the Avro schemas in avro/, the single source of
// truth for every record the pipeline writes. The Go types in
// internal/record are generated from them (go generate ./internal/record).
package schemas

import "embed"

// Avro holds avro/*.avsc.
//
//go:embed avro/*.avsc
var Avro embed.FS
