// Package config reads settings from the environment. Every getter records
// a problem instead of failing at once, so that a binary started with a bad
// configuration names every bad setting in one message and stops.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Env reads settings from a lookup function (os.LookupEnv by default).
//
// Every setting NAME can be given as NAME_FILE instead: the path of a
// file holding the value (a mounted Kubernetes or compose secret), so
// that a secret need not sit in the environment, where `ps e`, `docker
// inspect` and crash dumps show it. Surrounding whitespace (the newline
// an editor adds) is dropped.
type Env struct {
	lookup   func(string) (string, bool)
	readFile func(string) ([]byte, error)
	errs     []error
	failed   map[string]bool // settings whose _FILE problem is recorded already
}

// FromEnv reads the process environment.
func FromEnv() *Env { return &Env{lookup: os.LookupEnv, readFile: os.ReadFile} }

// FromMap reads settings from m (tests); NAME_FILE paths are read from disk.
func FromMap(m map[string]string) *Env {
	return &Env{lookup: func(k string) (string, bool) { v, ok := m[k]; return v, ok }, readFile: os.ReadFile}
}

// Err returns every problem found so far, one per line, or nil.
func (e *Env) Err() error { return errors.Join(e.errs...) }

// Fail records a problem with a setting.
func (e *Env) Fail(name, format string, args ...any) {
	e.errs = append(e.errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
}

func (e *Env) raw(name string) (string, bool) {
	v, ok := e.lookup(name)
	v = strings.TrimSpace(v)
	if path, fok := e.lookup(name + "_FILE"); fok && strings.TrimSpace(path) != "" {
		if ok && v != "" {
			e.failOnce(name, "%s and %s_FILE are both set: set one", name, name)
			return "", false
		}
		return e.fromFile(name, strings.TrimSpace(path))
	}
	if !ok {
		return "", false
	}
	return v, v != ""
}

// fromFile reads NAME's value from the file NAME_FILE names. The error
// names the setting and the path, never what the file holds.
func (e *Env) fromFile(name, path string) (string, bool) {
	b, err := e.readFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is said once, below
		}
		e.failOnce(name, "%s_FILE: cannot read %s: %v", name, path, err)
		return "", false
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		e.failOnce(name, "%s_FILE: %s is empty", name, path)
	}
	return v, v != ""
}

// failOnce records a problem with name's _FILE once, however many times
// the setting is read.
func (e *Env) failOnce(name, format string, args ...any) {
	if e.failed[name] {
		return
	}
	if e.failed == nil {
		e.failed = map[string]bool{}
	}
	e.failed[name] = true
	e.errs = append(e.errs, fmt.Errorf(format, args...))
}

// String returns the setting or def when it is unset or empty.
func (e *Env) String(name, def string) string {
	if v, ok := e.raw(name); ok {
		return v
	}
	return def
}

// Required returns the setting and records a problem when it is unset.
func (e *Env) Required(name, what string) string {
	v, ok := e.raw(name)
	if !ok {
		e.Fail(name, "is required (%s)", what)
	}
	return v
}

// Int returns an integer setting within [min, max].
func (e *Env) Int(name string, def, min, max int) int {
	return number(e, name, def, min, max, strconv.Atoi, "an integer")
}

// Float returns a float setting within [min, max].
func (e *Env) Float(name string, def, min, max float64) float64 {
	parse := func(v string) (float64, error) { return strconv.ParseFloat(v, 64) }
	return number(e, name, def, min, max, parse, "a number")
}

// number returns a setting parse reads, within [min, max]; what names
// the kind of value wanted when it does not parse.
func number[T int | float64 | time.Duration](e *Env, name string, def, min, max T, parse func(string) (T, error), what string) T {
	v, ok := e.raw(name)
	if !ok {
		return def
	}
	n, err := parse(v)
	if err != nil {
		e.Fail(name, "%q is not %s", v, what)
		return def
	}
	if n < min || n > max {
		e.Fail(name, "%v is out of range [%v, %v]", n, min, max)
		return def
	}
	return n
}

// Bool returns a boolean setting (true/false, 1/0, yes/no).
func (e *Env) Bool(name string, def bool) bool {
	v, ok := e.raw(name)
	if !ok {
		return def
	}
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off":
		return false
	}
	e.Fail(name, "%q is not a boolean (true or false)", v)
	return def
}

// Duration returns a duration setting ("500ms", "30s", "5m") within [min, max].
func (e *Env) Duration(name string, def, min, max time.Duration) time.Duration {
	return number(e, name, def, min, max, time.ParseDuration, "a duration (e.g. 500ms, 30s, 5m)")
}

// List returns a comma-separated list setting, empty items dropped.
func (e *Env) List(name string, def []string) []string {
	v, ok := e.raw(name)
	if !ok {
		return def
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// HostPorts returns a list of host:port settings.
func (e *Env) HostPorts(name string, def []string) []string {
	hps := e.List(name, def)
	if len(hps) == 0 {
		e.Fail(name, "is empty; want host:port[,host:port...]")
	}
	for _, hp := range hps {
		if _, port, err := net.SplitHostPort(hp); err != nil || port == "" {
			e.Fail(name, "%q is not host:port", hp)
		}
	}
	return hps
}

// Addr returns a listen address setting: host:port, with a host
// (CheckListenAddr).
func (e *Env) Addr(name, def string) string {
	v := e.String(name, def)
	if err := CheckListenAddr(v); err != nil {
		e.Fail(name, "%v", err)
	}
	return v
}

// URL returns a URL setting whose scheme is one of schemes.
func (e *Env) URL(name, def string, schemes ...string) string {
	v := e.String(name, def)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil {
		e.Fail(name, "is not a URL: %v", redactErr(err, v))
		return v
	}
	for _, s := range schemes {
		if u.Scheme == s {
			return v
		}
	}
	e.Fail(name, "scheme %q is not one of %s", u.Scheme, strings.Join(schemes, ", "))
	return v
}

// redactErr says why raw is not a URL without showing raw: url.Parse's
// errors quote the whole URL, password included, and a URL that does not
// parse cannot be trusted to have its password found and masked.
func redactErr(err error, _ string) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	msg := err.Error()
	if strings.Contains(msg, "invalid port") || strings.Contains(msg, "invalid character") {
		// These quote a part of the URL, which may be the password.
		return "it does not parse (the value is not shown: it may hold a password)"
	}
	return msg
}

// OneOf returns a setting that must be one of the allowed values.
func (e *Env) OneOf(name, def string, allowed ...string) string {
	v := e.String(name, def)
	for _, a := range allowed {
		if strings.EqualFold(v, a) {
			return a
		}
	}
	e.Fail(name, "%q is not one of %s", v, strings.Join(allowed, ", "))
	return def
}

// Value returns one setting of the process environment (NAME or the file
// NAME_FILE names), for a command that reads one or two settings among
// its flags; the error names the setting.
func Value(name string) (string, error) {
	e := FromEnv()
	v := e.String(name, "")
	return v, e.Err()
}
