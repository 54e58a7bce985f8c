package deploy

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/bronze"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/gold"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/monitor"
	"github.com/songnodes/pipeline/internal/silver"
)

// The compose stack (deploy/compose) is checked statically: no image can
// be pulled or run where the tests run. compose-go is the loader docker
// compose itself uses, so what it refuses, docker compose refuses.

const composeDir = "compose"

func loadStack(t *testing.T) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{filepath.Join(composeDir, "compose.yaml")},
		cli.WithWorkingDirectory(composeDir),
		cli.WithEnvFiles(filepath.Join(composeDir, ".env.example")),
		cli.WithDotEnv,
	)
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("compose.yaml does not load with .env.example: %v", err)
	}
	return p
}

// madeByScript runs make-certs.sh into a temporary directory and returns
// it: what the stack mounts from certs/ and secrets/ must be there.
func madeByScript(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatal("openssl is not installed (make-certs.sh needs it; apt-get install openssl)")
	}
	dir := t.TempDir()
	out, err := exec.Command("bash", filepath.Join(composeDir, "make-certs.sh"), dir).CombinedOutput()
	if err != nil {
		t.Fatalf("make-certs.sh: %v\n%s", err, out)
	}
	return dir
}

// generated maps a path of the stack that make-certs.sh makes (under
// certs/, secrets/ or ca/ of the compose directory) to the same path in
// the script's output dir; ok is false for any other path.
func generated(t *testing.T, path, made string) (string, bool) {
	t.Helper()
	abs, _ := filepath.Abs(composeDir)
	rel, err := filepath.Rel(abs, path)
	if err != nil {
		return "", false
	}
	for _, d := range []string{"certs", "secrets", "ca"} {
		if strings.HasPrefix(rel, d+string(filepath.Separator)) {
			return filepath.Join(made, rel), true
		}
	}
	return "", false
}

// binaryOf says which of the pipeline's binaries a service runs ("" for
// the other services).
func binaryOf(s types.ServiceConfig, bins []string) string {
	if len(s.Command) > 0 && slices.Contains(bins, s.Command[0]) {
		return s.Command[0]
	}
	return ""
}

func TestComposeStackLoads(t *testing.T) {
	p := loadStack(t)
	bins := binaries(t)
	want := map[string]bool{}
	for _, s := range []string{"kafka1", "kafka2", "kafka3", "kafka-setup", "schema-registry", "postgres", "pgbouncer", "redis", "migrate", "ingest", "bronze", "silver", "gold", "monitor", "prometheus", "alertmanager", "grafana"} {
		want[s] = true
	}
	for name := range p.Services {
		delete(want, name)
	}
	for s := range want {
		t.Errorf("the stack has no service %s", s)
	}

	// The pipeline's image is the one `make image` builds from the
	// Dockerfile; every other image has a pinned tag.
	mk, err := os.ReadFile("../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^IMAGE \?= (\S+)$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("the Makefile sets no IMAGE ?= ...")
	}
	ownImage := string(m[1])
	built := false
	for name, s := range p.Services {
		if s.Image == "" {
			t.Errorf("%s: no image", name)
			continue
		}
		ref := s.Image[strings.LastIndex(s.Image, "/")+1:]
		_, tag, hasTag := strings.Cut(strings.Split(ref, "@")[0], ":")
		if !hasTag || tag == "" || tag == "latest" {
			t.Errorf("%s: image %s: pin a tag (never :latest)", name, s.Image)
		}
		if binaryOf(s, bins) != "" || (len(s.Command) > 0 && s.Command[0] == "songnodes") {
			if s.Image != ownImage {
				t.Errorf("%s runs the pipeline's binary %s with image %s, want %s (the Dockerfile's, make image)", name, s.Command[0], s.Image, ownImage)
			}
			if s.Build != nil {
				if _, err := os.Stat(filepath.Join(s.Build.Context, s.Build.Dockerfile)); err != nil {
					t.Errorf("%s builds from %s: %v", name, filepath.Join(s.Build.Context, s.Build.Dockerfile), err)
				}
				abs, _ := filepath.Abs("..")
				if s.Build.Context != abs {
					t.Errorf("%s builds from %s, want the repository root %s", name, s.Build.Context, abs)
				}
				built = true
			}
		}
	}
	if !built {
		t.Error("no pipeline service says how to build the image (build: the repository's Dockerfile)")
	}

	// Two replicas of each stage; published ports unique, below 32768.
	for _, st := range []string{"bronze", "silver", "gold"} {
		if s, ok := p.Services[st]; ok && s.GetScale() != 2 {
			t.Errorf("%s has %d replica(s), want 2 (deploy.replicas)", st, s.GetScale())
		}
	}
	seen := map[string]string{}
	for name, s := range p.Services {
		for _, port := range s.Ports {
			n, err := strconv.Atoi(port.Published)
			if err != nil || n <= 0 || n >= 32768 {
				t.Errorf("%s publishes %q: want one port in 1..32767 (above is the ephemeral range)", name, port.Published)
			}
			if other, dup := seen[port.Published]; dup {
				t.Errorf("%s and %s both publish port %s", name, other, port.Published)
			}
			seen[port.Published] = name
		}
	}

	// Order: the stages start after the migrations and the Kafka users;
	// every service another waits healthy for has a health check.
	for _, st := range []string{"bronze", "silver", "gold", "monitor"} {
		for dep, cond := range map[string]string{"migrate": types.ServiceConditionCompletedSuccessfully, "kafka-setup": types.ServiceConditionCompletedSuccessfully, "schema-registry": types.ServiceConditionHealthy} {
			if d, ok := p.Services[st].DependsOn[dep]; !ok || d.Condition != cond {
				t.Errorf("%s must depend on %s with condition %s, got %+v", st, dep, cond, d)
			}
		}
	}
	for name, s := range p.Services {
		for dep, d := range s.DependsOn {
			if d.Condition != types.ServiceConditionHealthy {
				continue
			}
			ds := p.Services[dep]
			if binaryOf(ds, bins) != "" {
				continue // the image's HEALTHCHECK (Dockerfile)
			}
			if ds.HealthCheck == nil || ds.HealthCheck.Disable || len(ds.HealthCheck.Test) == 0 {
				t.Errorf("%s waits for %s to be healthy, which has no health check", name, dep)
			}
		}
	}
}

// Every file the stack mounts is in the repository or made by
// make-certs.sh; every secret a service names is declared with a file the
// script makes; every path a setting names is mounted.
func TestComposeStackFiles(t *testing.T) {
	p := loadStack(t)
	made := madeByScript(t)
	for name, s := range p.Services {
		targets := map[string]bool{}
		for _, v := range s.Volumes {
			targets[v.Target] = true
			if v.Type != types.VolumeTypeBind {
				continue
			}
			if gen, ok := generated(t, v.Source, made); ok {
				if _, err := os.Stat(gen); err != nil {
					t.Errorf("%s mounts %s, which make-certs.sh does not make", name, v.Source)
				}
				continue
			}
			if _, err := os.Stat(v.Source); err != nil {
				t.Errorf("%s mounts %s: %v", name, v.Source, err)
			}
		}
		for _, sec := range s.Secrets {
			top, ok := p.Secrets[sec.Source]
			if !ok {
				t.Errorf("%s names secret %s, not declared at the top level", name, sec.Source)
				continue
			}
			if top.File == "" {
				t.Errorf("secret %s has no file", sec.Source)
				continue
			}
			gen, ok := generated(t, top.File, made)
			if !ok {
				t.Errorf("secret %s's file %s is not under secrets/ (make-certs.sh)", sec.Source, top.File)
			} else if b, err := os.ReadFile(gen); err != nil || len(b) == 0 {
				t.Errorf("secret %s: make-certs.sh makes no %s", sec.Source, gen)
			}
			target := sec.Target
			if target == "" {
				target = sec.Source
			}
			if !strings.HasPrefix(target, "/") {
				target = "/run/secrets/" + target
			}
			targets[target] = true
		}
		// A setting naming a file inside the container must name a
		// mounted one: KAFKA_TLS_CA_FILE, *_FILE, keystore locations.
		for k, v := range s.Environment {
			if v == nil || !strings.HasPrefix(*v, "/") || !strings.Contains(k, "FILE") && !strings.Contains(k, "LOCATION") {
				continue
			}
			if !targets[*v] {
				t.Errorf("%s: %s=%s is not mounted in the container", name, k, *v)
			}
		}
	}
	// Each broker mounts the certificate kafka/start.sh points it at.
	for _, b := range []string{"kafka1", "kafka2", "kafka3"} {
		s := p.Services[b]
		host := s.Environment["KAFKA_HOST"]
		if host == nil || !slices.ContainsFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool { return v.Target == "/etc/kafka/certs/"+*host+".pem" }) {
			t.Errorf("%s does not mount /etc/kafka/certs/<KAFKA_HOST>.pem", b)
		}
	}
}

// Each pipeline binary of the stack starts with its settings: its own
// Load function reads the service's environment, with each NAME_FILE read
// from the secret make-certs.sh makes, and reports no problem; and the
// settings a container needs are set, not left to a default that only
// works on one machine.
func TestComposeStackSettings(t *testing.T) {
	p := loadStack(t)
	made := madeByScript(t)
	bins := binaries(t)
	load := map[string]app.LoadFunc{
		"ingest":  ingest.Load,
		"bronze":  bronze.Spec.Load,
		"silver":  silver.Spec.Load,
		"gold":    gold.Spec.Load,
		"monitor": monitor.Load,
	}
	common := []string{"KAFKA_BROKERS", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD", "KAFKA_TLS", "KAFKA_TLS_CA_FILE", "SCHEMA_REGISTRY_URL", "HTTP_ADDR", "TOPIC_REPLICATION"}
	required := map[string][]string{
		"ingest":  {"INGEST_TOKENS"},
		"bronze":  {"DATABASE_URL"},
		"silver":  {"DATABASE_URL", "REDIS_URL"},
		"gold":    {"DATABASE_URL"},
		"monitor": {"REDIS_URL", "DATABASE_URL"},
	}
	documented := documentedSettings(t)
	ran := 0
	for name, s := range p.Services {
		bin := binaryOf(s, bins)
		if bin == "" || bin == "songnodes" {
			continue // the operator CLI (migrate) is checked below
		}
		lf, ok := load[bin]
		if !ok {
			t.Errorf("%s runs %s, which this test has no Load function for: add it", name, bin)
			continue
		}
		env := resolveFiles(t, p, s, made)
		for k := range env {
			if !documented[k] && !documented[strings.TrimSuffix(k, "_FILE")] {
				t.Errorf("%s sets %s, which docs/operations.md does not document (a typo?)", name, k)
			}
		}
		for _, k := range append(slices.Clone(common), required[bin]...) {
			if env[k] == "" {
				t.Errorf("%s (%s) does not set %s", name, bin, k)
			}
		}
		if host, _, _ := net.SplitHostPort(env["HTTP_ADDR"]); env["HTTP_ADDR"] != "" && host != "0.0.0.0" && host != "::" {
			t.Errorf("%s: HTTP_ADDR=%s: listen on every interface (0.0.0.0:8080), or Prometheus cannot scrape it", name, env["HTTP_ADDR"])
		}
		// The binary reads the environment as it would in the container.
		for _, k := range documentedList(documented) {
			t.Setenv(k, "")
		}
		for k, v := range env {
			if !strings.HasSuffix(k, "_FILE") || k == "KAFKA_TLS_CA_FILE" || k == "KAFKA_TLS_CERT_FILE" || k == "KAFKA_TLS_KEY_FILE" {
				t.Setenv(k, v)
			}
		}
		e := config.FromEnv()
		if _, err := lf(e); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if err := e.Err(); err != nil {
			t.Errorf("%s (%s) would not start: bad configuration:\n%v", name, bin, err)
		}
		ran++
	}
	if ran < 5 {
		t.Errorf("checked %d pipeline services, want ingest, bronze, silver, gold and monitor", ran)
	}
	if m := p.Services["migrate"]; len(m.Command) < 2 || m.Command[0] != "songnodes" || m.Command[1] != "migrate" {
		t.Errorf("migrate runs %v, want songnodes migrate", m.Command)
	} else if env := resolveFiles(t, p, m, made); !strings.HasPrefix(env["DATABASE_URL"], "postgres://") {
		t.Errorf("migrate has no DATABASE_URL (got %q)", env["DATABASE_URL"])
	}
}

// resolveFiles returns the service's environment with each NAME_FILE that
// names one of its secrets also set as NAME, read from the file
// make-certs.sh made: what the binaries will read once NAME_FILE is
// supported (a setting in flight; see docs/deploy.md).
func resolveFiles(t *testing.T, p *types.Project, s types.ServiceConfig, made string) map[string]string {
	t.Helper()
	env := map[string]string{}
	for k, v := range s.Environment {
		if v != nil {
			env[k] = *v
		}
	}
	for k, v := range env {
		name, ok := strings.CutSuffix(k, "_FILE")
		if !ok || !strings.HasPrefix(v, "/run/secrets/") {
			continue
		}
		sec := strings.TrimPrefix(v, "/run/secrets/")
		top, ok := p.Secrets[sec]
		if !ok {
			t.Errorf("%s: %s names secret %s, which is not declared", s.Name, k, sec)
			continue
		}
		gen, ok := generated(t, top.File, made)
		if !ok {
			continue
		}
		b, err := os.ReadFile(gen)
		if err != nil {
			t.Errorf("%s: %s: %v", s.Name, k, err)
			continue
		}
		env[name] = strings.TrimSpace(string(b))
	}
	return env
}

// documentedSettings are the settings docs/operations.md names (in
// backquotes, upper case).
func documentedSettings(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, m := range regexp.MustCompile("`([A-Z][A-Z0-9_]{2,})`").FindAllStringSubmatch(string(b), -1) {
		out[m[1]] = true
	}
	if !out["KAFKA_BROKERS"] || !out["DATABASE_URL"] {
		t.Fatal("docs/operations.md's settings table was not found")
	}
	return out
}

func documentedList(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// make-certs.sh makes a CA and certificates that chain to it, with the
// names the brokers are reached by, and PEM files whose key is the
// certificate's (what Kafka and the registry load).
func TestMakeCerts(t *testing.T) {
	made := madeByScript(t)
	certs := filepath.Join(made, "certs")
	roots := x509.NewCertPool()
	caPEM, err := os.ReadFile(filepath.Join(certs, "ca.crt"))
	if err != nil {
		t.Fatal(err)
	}
	if !roots.AppendCertsFromPEM(caPEM) {
		t.Fatal("ca.crt holds no certificate")
	}
	if _, err := os.Stat(filepath.Join(certs, "ca.key")); err == nil {
		t.Error("the CA's key is in certs/, which containers mount: keep it in ca/")
	}
	cases := []struct {
		name, cn, host string
		usage          x509.ExtKeyUsage
	}{
		{"kafka1", "broker", "kafka1", x509.ExtKeyUsageServerAuth},
		{"kafka2", "broker", "kafka2", x509.ExtKeyUsageServerAuth},
		{"kafka3", "broker", "localhost", x509.ExtKeyUsageServerAuth},
		{"kafka3", "broker", "", x509.ExtKeyUsageClientAuth},
		{"admin", "admin", "", x509.ExtKeyUsageClientAuth},
		{"schema-registry", "schema-registry", "", x509.ExtKeyUsageClientAuth},
		{"pipeline", "pipeline", "", x509.ExtKeyUsageClientAuth},
	}
	for _, tc := range cases {
		b, err := os.ReadFile(filepath.Join(certs, tc.name+".pem"))
		if err != nil {
			t.Fatal(err)
		}
		var key any
		var leaf *x509.Certificate
		for blk, rest := pem.Decode(b); blk != nil; blk, rest = pem.Decode(rest) {
			switch blk.Type {
			case "PRIVATE KEY":
				if key, err = x509.ParsePKCS8PrivateKey(blk.Bytes); err != nil {
					t.Fatalf("%s.pem: key: %v", tc.name, err)
				}
			case "CERTIFICATE":
				if leaf == nil {
					if leaf, err = x509.ParseCertificate(blk.Bytes); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		if key == nil || leaf == nil {
			t.Fatalf("%s.pem: want an unencrypted PKCS#8 key and the certificate", tc.name)
		}
		if pub, ok := key.(crypto.Signer); !ok || !pub.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(leaf.PublicKey) {
			t.Errorf("%s.pem: the key is not the certificate's", tc.name)
		}
		if leaf.Subject.CommonName != tc.cn {
			t.Errorf("%s: CN %q, want %q (the principal the ACLs name)", tc.name, leaf.Subject.CommonName, tc.cn)
		}
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: tc.host, KeyUsages: []x509.ExtKeyUsage{tc.usage}}); err != nil {
			t.Errorf("%s for %q: %v", tc.name, tc.host, err)
		}
	}
	// Run again: nothing is remade (the brokers keep their certificates,
	// the database its password).
	before, _ := os.ReadFile(filepath.Join(made, "secrets", "database-url"))
	crt, _ := os.ReadFile(filepath.Join(certs, "kafka1.crt"))
	if out, err := exec.Command("bash", filepath.Join(composeDir, "make-certs.sh"), made).CombinedOutput(); err != nil {
		t.Fatalf("make-certs.sh again: %v\n%s", err, out)
	}
	after, _ := os.ReadFile(filepath.Join(made, "secrets", "database-url"))
	crt2, _ := os.ReadFile(filepath.Join(certs, "kafka1.crt"))
	if string(before) != string(after) || string(crt) != string(crt2) {
		t.Error("a second run of make-certs.sh changed what the first made")
	}
	pw, _ := os.ReadFile(filepath.Join(made, "secrets", "postgres-password"))
	ul, _ := os.ReadFile(filepath.Join(made, "secrets", "pgbouncer-userlist.txt"))
	if !strings.Contains(string(after), ":"+string(pw)+"@pgbouncer:6432/") || string(ul) != `"songnodes" "`+string(pw)+`"` {
		t.Errorf("DATABASE_URL (%s) and PgBouncer's userlist (%s) must carry PostgreSQL's password", after, ul)
	}
}

// The stack's Prometheus configuration is valid and scrapes the jobs the
// rules expect, the same as the one-machine configuration.
func TestComposePrometheus(t *testing.T) {
	run(t, filepath.Join(composeDir, "prometheus"), "promtool", "check", "config", "prometheus.yml")
	jobs := func(path string) []string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range regexp.MustCompile(`(?m)job_name: (songnodes-(?:ingest|bronze|silver|gold|monitor))$`).FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[1])
		}
		slices.Sort(out)
		return out
	}
	got, want := jobs(filepath.Join(composeDir, "prometheus", "prometheus.yml")), jobs(filepath.Join("prometheus", "prometheus.yml"))
	if len(want) != 5 || !slices.Equal(got, want) {
		t.Errorf("the stack scrapes jobs %v, want %v", got, want)
	}
}
