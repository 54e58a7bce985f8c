package registry

import (
	"fmt"
	"strings"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
)

// DefaultLevel is the dev registry's global compatibility level until
// PUT /config changes it. FULL_TRANSITIVE, not Confluent's BACKWARD: the
// raw topics are written by scrapers in other repositories, upgraded
// independently of bronze (an old reader meets new data: FORWARD), and
// every topic is replayed from its start (a new reader meets the oldest
// data: BACKWARD, against every version: TRANSITIVE).
const DefaultLevel = sr.CompatFullTransitive

// Version is one registered version of a subject, parsed.
type Version struct {
	Version int
	ID      int
	Schema  avro.Schema
}

// Levels are the compatibility levels, in Confluent's names.
var Levels = []sr.CompatibilityLevel{
	sr.CompatNone, sr.CompatBackward, sr.CompatBackwardTransitive,
	sr.CompatForward, sr.CompatForwardTransitive, sr.CompatFull, sr.CompatFullTransitive,
}

// ParseLevel reads a compatibility level by its name, in any case.
func ParseLevel(s string) (sr.CompatibilityLevel, error) {
	var l sr.CompatibilityLevel
	if err := l.UnmarshalText([]byte(s)); err != nil {
		names := make([]string, len(Levels))
		for i, l := range Levels {
			names[i] = l.String()
		}
		return 0, fmt.Errorf("%q is not a compatibility level (%s)", s, strings.Join(names, ", "))
	}
	return l, nil
}

// Check returns why next may not follow the subject's earlier versions
// (oldest first) at level, one message per version and direction that
// breaks; none when it may. The dev registry refuses a registration and
// answers /compatibility with this one function, so the two cannot
// disagree; `songnodes schemas check` runs it too.
//
// BACKWARD: the new schema reads data written with the earlier one.
// FORWARD: the earlier schema reads data written with the new one. FULL:
// both. Plain levels compare with the latest version, _TRANSITIVE ones
// with every version.
func Check(level sr.CompatibilityLevel, next avro.Schema, earlier []Version) []string {
	against := earlier
	if !Transitive(level) && len(earlier) > 1 {
		against = earlier[len(earlier)-1:]
	}
	backward, forward := directions(level)
	var msgs []string
	for _, v := range against {
		if backward {
			if err := avro.NewSchemaCompatibility().Compatible(next, v.Schema); err != nil {
				msgs = append(msgs, fmt.Sprintf("%s: the new schema cannot read data written with version %d (id %d): %v", level, v.Version, v.ID, err))
			}
		}
		if forward {
			if err := avro.NewSchemaCompatibility().Compatible(v.Schema, next); err != nil {
				msgs = append(msgs, fmt.Sprintf("%s: version %d (id %d) cannot read data written with the new schema: %v", level, v.Version, v.ID, err))
			}
		}
	}
	return msgs
}

// Transitive reports whether level compares with every earlier version.
func Transitive(level sr.CompatibilityLevel) bool {
	switch level {
	case sr.CompatBackwardTransitive, sr.CompatForwardTransitive, sr.CompatFullTransitive:
		return true
	}
	return false
}

func directions(level sr.CompatibilityLevel) (backward, forward bool) {
	switch level {
	case sr.CompatBackward, sr.CompatBackwardTransitive:
		return true, false
	case sr.CompatForward, sr.CompatForwardTransitive:
		return false, true
	case sr.CompatFull, sr.CompatFullTransitive:
		return true, true
	}
	return false, false // NONE
}
