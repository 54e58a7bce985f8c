// Package deploy holds the Prometheus rules and configuration, the
// Alertmanager example and the Grafana dashboards. Its tests run the
// tools operators run: promtool and amtool (Debian's prometheus and
// prometheus-alertmanager packages; scripts/deps.sh installs them). A
// missing tool fails the tests: a rule nobody checked is how the system
// this replaces ended up alerting on metrics nobody emitted.
//
// The dashboards' and rules' queries are checked against a real
// Prometheus, and against the metrics the binaries really emit, in
// e2e.TestObservability.
//
// The Kubernetes manifests (kubernetes/) are checked with Go libraries
// only, no tool: kubernetes_test.go.
package deploy

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed (run scripts/deps.sh, or apt-get install prometheus prometheus-alertmanager): %v", name, err)
	}
	return p
}

func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(tool(t, name), args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func glob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		t.Fatalf("no file matches %s", pattern)
	}
	return m
}

func TestPromtoolCheckRules(t *testing.T) {
	for _, f := range glob(t, "prometheus/rules/*.yml") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			out := run(t, ".", "promtool", "check", "rules", f)
			if !strings.Contains(out, "SUCCESS") {
				t.Fatalf("promtool check rules %s:\n%s", f, out)
			}
		})
	}
}

func TestPromtoolTestRules(t *testing.T) {
	for _, f := range glob(t, "prometheus/tests/*_test.yml") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			out := run(t, "prometheus", "promtool", "test", "rules", strings.TrimPrefix(f, "prometheus/"))
			if !strings.Contains(out, "SUCCESS") {
				t.Fatalf("promtool test rules %s:\n%s", f, out)
			}
		})
	}
}

func TestPromtoolCheckConfig(t *testing.T) {
	for _, f := range glob(t, "prometheus/prometheus*.yml") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			run(t, ".", "promtool", "check", "config", f)
		})
	}
}

func TestAmtoolCheckConfig(t *testing.T) {
	out := run(t, ".", "amtool", "check-config", "alertmanager/alertmanager.yml")
	if !strings.Contains(out, "SUCCESS") {
		t.Fatalf("amtool check-config:\n%s", out)
	}
}

// Every alert has a test case where it fires and one where it does not:
// a rule that was never seen firing proves nothing, and one never seen
// quiet may fire all the time.
func TestEveryAlertFiresAndStaysQuietInATest(t *testing.T) {
	alertRe := regexp.MustCompile(`^\s*- alert:\s*(\S+)`)
	var alerts []string
	for _, f := range glob(t, "prometheus/rules/*.yml") {
		eachLine(t, f, func(l string) {
			if m := alertRe.FindStringSubmatch(l); m != nil {
				alerts = append(alerts, m[1])
			}
		})
	}
	if len(alerts) < 8 {
		t.Fatalf("found only %d alerts: %v", len(alerts), alerts)
	}
	fires, quiet := map[string]bool{}, map[string]bool{}
	nameRe := regexp.MustCompile(`^\s*alertname:\s*(\S+)`)
	expRe := regexp.MustCompile(`^\s*exp_alerts:\s*(\[\])?\s*(#.*)?$`)
	for _, f := range glob(t, "prometheus/tests/*_test.yml") {
		current := ""
		eachLine(t, f, func(l string) {
			if m := nameRe.FindStringSubmatch(l); m != nil {
				current = m[1]
			}
			if m := expRe.FindStringSubmatch(l); m != nil && current != "" {
				if m[1] == "[]" {
					quiet[current] = true
				} else {
					fires[current] = true
				}
				current = ""
			}
		})
	}
	for _, a := range alerts {
		if !fires[a] {
			t.Errorf("alert %s has no test case where it fires", a)
		}
		if !quiet[a] {
			t.Errorf("alert %s has no test case where it stays quiet", a)
		}
	}
}

func eachLine(t *testing.T, path string, fn func(string)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fn(sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
