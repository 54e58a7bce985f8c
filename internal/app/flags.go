package app

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"
)

// NewFlagSet is the flag set of a command: it reports to stderr and
// returns its errors (see FlagExit) rather than exiting.
func NewFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// The flags below take a value only within bounds. A value out of them
// fails to parse like a value that is no number at all, so the command
// says "invalid value ... for flag -NAME: ..." and exits 2 (FlagExit)
// before it does anything: a negative partition count or a zero interval
// is refused at the door, never half way through.

// IntFlag defines an int flag taking min..max.
func IntFlag(fs *flag.FlagSet, name string, value, min, max int, usage string) *int {
	p := new(int)
	*p = value
	fs.Var(&bounded[int]{p: p, min: min, max: max, parse: func(s string) (int, error) {
		n, err := strconv.ParseInt(s, 0, strconv.IntSize)
		return int(n), err
	}, kind: "an integer"}, name, usage)
	return p
}

// Int64Flag defines an int64 flag taking min..max.
func Int64Flag(fs *flag.FlagSet, name string, value, min, max int64, usage string) *int64 {
	p := new(int64)
	*p = value
	fs.Var(&bounded[int64]{p: p, min: min, max: max, parse: func(s string) (int64, error) {
		return strconv.ParseInt(s, 0, 64)
	}, kind: "an integer"}, name, usage)
	return p
}

// FloatFlag defines a float64 flag taking min..max.
func FloatFlag(fs *flag.FlagSet, name string, value, min, max float64, usage string) *float64 {
	p := new(float64)
	*p = value
	fs.Var(&bounded[float64]{p: p, min: min, max: max, parse: func(s string) (float64, error) {
		return strconv.ParseFloat(s, 64)
	}, kind: "a number"}, name, usage)
	return p
}

// DurationFlag defines a duration flag (1m30s) taking min..max.
func DurationFlag(fs *flag.FlagSet, name string, value, min, max time.Duration, usage string) *time.Duration {
	p := new(time.Duration)
	*p = value
	fs.Var(&bounded[time.Duration]{p: p, min: min, max: max, parse: time.ParseDuration, kind: "a duration (e.g. 500ms, 2s, 1h30m)"}, name, usage)
	return p
}

type number interface {
	~int | ~int64 | ~float64
}

// bounded is a flag.Value of a number within [min, max].
type bounded[T number] struct {
	p        *T
	min, max T
	parse    func(string) (T, error)
	kind     string
}

func (b *bounded[T]) String() string {
	if b == nil || b.p == nil {
		return ""
	}
	if d, ok := any(*b.p).(time.Duration); ok {
		return d.String()
	}
	return fmt.Sprint(*b.p)
}

func (b *bounded[T]) Set(s string) error {
	v, err := b.parse(s)
	if err != nil {
		return fmt.Errorf("want %s", b.kind)
	}
	if v < b.min || v > b.max {
		return fmt.Errorf("want %s from %s to %s", b.kind, b.format(b.min), b.format(b.max))
	}
	*b.p = v
	return nil
}

func (b *bounded[T]) format(v T) string {
	if d, ok := any(v).(time.Duration); ok {
		return d.String()
	}
	return fmt.Sprint(v)
}
