package kafka

import (
	"regexp"
	"strings"
)

// Topics names the pipeline's topics under one prefix.
type Topics struct{ Prefix string }

// Raw is the topic scrapers of source write to.
func (t Topics) Raw(source string) string { return t.Prefix + ".raw." + source }

// RawPattern matches every raw topic; bronze subscribes with it, so that a
// new source needs no configuration downstream.
func (t Topics) RawPattern() string {
	return "^" + regexp.QuoteMeta(t.Prefix+".raw.") + "[a-z0-9][a-z0-9_-]*$"
}

// SourceOfRaw returns the source a raw topic belongs to, or "".
func (t Topics) SourceOfRaw(topic string) string {
	s, ok := strings.CutPrefix(topic, t.Prefix+".raw.")
	if !ok {
		return ""
	}
	return s
}

// Bronze is the bronze stage's output topic.
func (t Topics) Bronze() string { return t.Prefix + ".bronze.playlists" }

// Silver is the silver stage's output topic.
func (t Topics) Silver() string { return t.Prefix + ".silver.playlists" }

// Gold is the gold stage's output topic.
func (t Topics) Gold() string { return t.Prefix + ".gold.transitions" }

// DLQ is the dead-letter topic of a stage.
func (t Topics) DLQ(stage string) string { return t.Prefix + ".dlq." + stage }

// Group is the consumer group of a stage.
func (t Topics) Group(stage string) string { return t.Prefix + "." + stage }
