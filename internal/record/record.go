// Package record holds the pipeline's records: Go types generated from
// schemas/avro (see types.go) and the parsed schemas themselves.
//
// A schema file may use named types defined in another file (BronzePlaylist
// embeds ScrapedPlaylist and Lineage by name); files are parsed in the
// order of schemaFiles, so a type is defined before it is used. What is
// registered is always the self-contained form (serde.SchemaJSON).
package record

//go:generate go tool avrogen -pkg record -o types.go -tags json:snake ../../schemas/avro/Lineage.avsc ../../schemas/avro/ScrapedPlaylist.avsc ../../schemas/avro/BronzePlaylist.avsc ../../schemas/avro/SilverPlaylist.avsc ../../schemas/avro/GoldTransition.avsc ../../schemas/avro/GoldPairContribution.avsc

import (
	"fmt"

	"github.com/hamba/avro/v2"

	"github.com/songnodes/pipeline/schemas"
)

// schemaFiles lists schemas/avro in dependency order.
var schemaFiles = []string{
	"Lineage",
	"ScrapedPlaylist",
	"BronzePlaylist",
	"SilverPlaylist",
	"GoldTransition",
	"GoldPairContribution",
}

// Schemas of the records, parsed from the embedded files.
var (
	ScrapedPlaylistSchema avro.Schema
	BronzePlaylistSchema  avro.Schema
	SilverPlaylistSchema  avro.Schema
	GoldTransitionSchema  avro.Schema
	// GoldPairContributionSchema: gold's internal topics (see internal/gold).
	GoldPairContributionSchema avro.Schema
)

func init() {
	cache := &avro.SchemaCache{}
	parsed := make(map[string]avro.Schema, len(schemaFiles))
	for _, name := range schemaFiles {
		b, err := schemas.Avro.ReadFile("avro/" + name + ".avsc")
		if err != nil {
			panic(fmt.Sprintf("record: read schema %s: %v", name, err))
		}
		s, err := avro.ParseBytesWithCache(b, "", cache)
		if err != nil {
			panic(fmt.Sprintf("record: parse schema %s: %v", name, err))
		}
		parsed[name] = s
	}
	ScrapedPlaylistSchema = parsed["ScrapedPlaylist"]
	BronzePlaylistSchema = parsed["BronzePlaylist"]
	SilverPlaylistSchema = parsed["SilverPlaylist"]
	GoldTransitionSchema = parsed["GoldTransition"]
	GoldPairContributionSchema = parsed["GoldPairContribution"]
}

// Deref returns *s, or "" when s is nil: the value of an optional string
// field.
func Deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
