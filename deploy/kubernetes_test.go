package deploy

// The Kubernetes manifests (kubernetes/: a kustomize base and overlays)
// are rendered with kustomize's Go API, as `kubectl apply -k` renders
// them, and every object is decoded strictly into the typed Kubernetes
// structs: a misspelled or unknown field fails, as the API server would
// refuse it. Then the project's own rules are checked, the settings with
// the binaries' own loaders. No tool is needed.

import (
	"cmp"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"

	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/monitor"
	"github.com/songnodes/pipeline/internal/pipeline"
	"github.com/songnodes/pipeline/internal/stage"
)

// base is the kustomize base; every directory under kubernetes/overlays
// is an overlay of it, and each is tested.
const base = "kubernetes/base"

// kustomizations are the directories `kubectl apply -k` takes.
func kustomizations(t *testing.T) []string {
	t.Helper()
	overlays, err := filepath.Glob("kubernetes/overlays/*")
	if err != nil || len(overlays) == 0 {
		t.Fatalf("no overlay in kubernetes/overlays: %v", err)
	}
	return append([]string{base}, overlays...)
}

// image is the repository's image (the Dockerfile builds it); each
// container picks its binary by command.
const image = "songnodes/pipeline"

// httpShutdown is how long a binary's HTTP server may take to close after
// its component stopped (app.Serve).
const httpShutdown = 10 * time.Second

// manifests are the rendered objects of one kustomization, decoded.
type manifests struct {
	deployments []*appsv1.Deployment
	jobs        []*batchv1.Job
	services    []*corev1.Service
	configMaps  []*corev1.ConfigMap
	pdbs        []*policyv1.PodDisruptionBudget
	policies    []*networkingv1.NetworkPolicy
	accounts    []*corev1.ServiceAccount
}

// render builds dir with kustomize and decodes every object strictly.
func render(t *testing.T, dir string) *manifests {
	t.Helper()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	rm, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	m := &manifests{}
	for _, r := range rm.Resources() {
		y, err := r.AsYAML()
		if err != nil {
			t.Fatalf("%s: %s: %v", dir, r.CurId(), err)
		}
		if err := m.add(r.GetApiVersion(), r.GetKind(), y); err != nil {
			t.Errorf("%s: %s %s: %v", dir, r.GetKind(), r.GetName(), err)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return m
}

// add decodes one object strictly into its typed struct. A kind the
// manifests are not expected to hold (a Secret above all: its values
// would be in the repository) is an error.
func (m *manifests) add(apiVersion, kind string, y []byte) error {
	var obj any
	switch apiVersion + " " + kind {
	case "apps/v1 Deployment":
		d := &appsv1.Deployment{}
		m.deployments, obj = append(m.deployments, d), d
	case "batch/v1 Job":
		j := &batchv1.Job{}
		m.jobs, obj = append(m.jobs, j), j
	case "v1 Service":
		s := &corev1.Service{}
		m.services, obj = append(m.services, s), s
	case "v1 ConfigMap":
		c := &corev1.ConfigMap{}
		m.configMaps, obj = append(m.configMaps, c), c
	case "policy/v1 PodDisruptionBudget":
		p := &policyv1.PodDisruptionBudget{}
		m.pdbs, obj = append(m.pdbs, p), p
	case "networking.k8s.io/v1 NetworkPolicy":
		p := &networkingv1.NetworkPolicy{}
		m.policies, obj = append(m.policies, p), p
	case "v1 ServiceAccount":
		a := &corev1.ServiceAccount{}
		m.accounts, obj = append(m.accounts, a), a
	default:
		return fmt.Errorf("unexpected object %s %s (a Secret's values never go in the manifests)", apiVersion, kind)
	}
	return yaml.UnmarshalStrict(y, obj)
}

// workload is a Deployment's or a Job's pod template.
type workload struct {
	kind, name, namespace string
	replicas              int32
	deployment            bool
	labels                map[string]string
	pod                   corev1.PodSpec
}

func (m *manifests) workloads() []workload {
	var ws []workload
	for _, d := range m.deployments {
		r := int32(1)
		if d.Spec.Replicas != nil {
			r = *d.Spec.Replicas
		}
		ws = append(ws, workload{"Deployment", d.Name, d.Namespace, r, true, d.Spec.Template.Labels, d.Spec.Template.Spec})
	}
	for _, j := range m.jobs {
		ws = append(ws, workload{"Job", j.Name, j.Namespace, 1, false, j.Spec.Template.Labels, j.Spec.Template.Spec})
	}
	return ws
}

func TestKubernetesManifests(t *testing.T) {
	for _, dir := range kustomizations(t) {
		t.Run(dir, func(t *testing.T) {
			m := render(t, dir)
			// What the pipeline needs is there: a Deployment for each
			// stage, ingest and the monitor, and the migrations' Job.
			var binaries []string
			for _, w := range m.workloads() {
				for _, c := range w.pod.Containers {
					binaries = append(binaries, strings.Join(c.Command, " "))
				}
			}
			for _, want := range append(pipeline.Names(), "ingest serve", "monitor", "songnodes migrate") {
				if !slices.Contains(binaries, want) {
					t.Errorf("no container runs %q (have %q)", want, binaries)
				}
			}
			for _, p := range m.problems() {
				t.Error(p)
			}
		})
	}
}

// problems are every broken rule, each naming the object.
func (m *manifests) problems() []string {
	var ps []string
	for _, w := range m.workloads() {
		for _, p := range m.checkWorkload(w) {
			ps = append(ps, fmt.Sprintf("%s %s: %s", w.kind, w.name, p))
		}
	}
	for _, c := range m.configMaps {
		for k, v := range c.Data {
			if why := inlineSecret(k, v); why != "" {
				ps = append(ps, fmt.Sprintf("ConfigMap %s: %s %s", c.Name, k, why))
			}
		}
	}
	for _, s := range m.services {
		if !m.selectsDeployment(s.Namespace, &metav1.LabelSelector{MatchLabels: s.Spec.Selector}) {
			ps = append(ps, fmt.Sprintf("Service %s: selects no Deployment's pods", s.Name))
		}
	}
	return ps
}

func (m *manifests) selectsDeployment(ns string, sel *metav1.LabelSelector) bool {
	for _, w := range m.workloads() {
		if w.deployment && w.namespace == ns && selects(sel, w.labels) {
			return true
		}
	}
	return false
}

func selects(sel *metav1.LabelSelector, l map[string]string) bool {
	s, err := metav1.LabelSelectorAsSelector(sel)
	return err == nil && !s.Empty() && s.Matches(labels.Set(l))
}

func (m *manifests) checkWorkload(w workload) []string {
	var ps []string
	bad := func(format string, args ...any) { ps = append(ps, fmt.Sprintf(format, args...)) }
	if w.pod.SecurityContext == nil || w.pod.SecurityContext.RunAsNonRoot == nil || !*w.pod.SecurityContext.RunAsNonRoot {
		bad("the pod's securityContext lacks runAsNonRoot: true")
	}
	if w.deployment && !slices.ContainsFunc(m.pdbs, func(p *policyv1.PodDisruptionBudget) bool {
		return p.Namespace == w.namespace && selects(p.Spec.Selector, w.labels)
	}) {
		bad("no PodDisruptionBudget selects its pods")
	}
	if len(w.pod.Containers) != 1 || len(w.pod.InitContainers) != 0 {
		bad("want one container, have %d (and %d init containers)", len(w.pod.Containers), len(w.pod.InitContainers))
		return ps
	}
	c := w.pod.Containers[0]
	ps = append(ps, checkContainer(c)...)
	env, envProblems := m.environment(w, c)
	ps = append(ps, envProblems...)
	if w.deployment {
		ps = append(ps, checkProbes(c, env)...)
	}
	return append(ps, checkSettings(w, c, env)...)
}

// checkContainer checks the image, resources and security context.
func checkContainer(c corev1.Container) []string {
	var ps []string
	bad := func(format string, args ...any) { ps = append(ps, fmt.Sprintf(format, args...)) }
	if repo, tag, _ := strings.Cut(c.Image, ":"); repo != image || tag == "" || tag == "latest" {
		bad("image %q: want %s with a version tag", c.Image, image)
	}
	for _, res := range []corev1.ResourceName{corev1.ResourceMemory, corev1.ResourceCPU} {
		req, okReq := c.Resources.Requests[res]
		lim, okLim := c.Resources.Limits[res]
		if !okReq || !okLim {
			bad("%s: want both a request and a limit", res)
		} else if req.Cmp(lim) > 0 {
			bad("%s: request %s above limit %s", res, req.String(), lim.String())
		}
	}
	sc := c.SecurityContext
	switch {
	case sc == nil:
		bad("no securityContext")
	case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
		bad("securityContext: want allowPrivilegeEscalation: false")
	case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
		bad("securityContext: want readOnlyRootFilesystem: true")
	case sc.Privileged != nil && *sc.Privileged:
		bad("securityContext: privileged")
	case sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") || len(sc.Capabilities.Add) > 0:
		bad("securityContext: want capabilities drop [ALL] and nothing added")
	}
	return ps
}

// secretPlaceholders stand for what the cluster's Secret holds, so that
// the binaries' loaders can check the rest: a value of each setting's
// kind.
var secretPlaceholders = map[string]string{
	"DATABASE_URL":        "postgres://songnodes:secret@postgres:5432/songnodes",
	"REDIS_URL":           "redis://:secret@redis:6379/0",
	"KAFKA_SASL_PASSWORD": "secret",
	"INGEST_TOKENS":       "*=0123456789abcdef0123",
}

// environment is a container's environment as the binary sees it: the
// ConfigMaps it reads, then its own variables. A secret (a secretKeyRef,
// or a NAME_FILE naming a mounted key of a Secret) stands as its
// placeholder under NAME; an inline value that looks like a secret is a
// problem.
func (m *manifests) environment(w workload, c corev1.Container) (map[string]string, []string) {
	var ps []string
	env := map[string]string{}
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil:
			i := slices.IndexFunc(m.configMaps, func(cm *corev1.ConfigMap) bool {
				return cm.Name == from.ConfigMapRef.Name && cm.Namespace == w.namespace
			})
			if i < 0 {
				ps = append(ps, fmt.Sprintf("envFrom: no ConfigMap %s in the manifests", from.ConfigMapRef.Name))
				continue
			}
			for k, v := range m.configMaps[i].Data {
				env[from.Prefix+k] = v
			}
		default:
			ps = append(ps, "envFrom: only ConfigMaps (secrets by key, so that a container sees only its own)")
		}
	}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil:
			env[e.Name] = cmp.Or(secretPlaceholders[e.Name], "secret")
		case e.ValueFrom != nil:
			env[e.Name] = "from-" + e.Name
		case strings.HasSuffix(e.Name, "_FILE") && secretPlaceholders[strings.TrimSuffix(e.Name, "_FILE")] != "":
			if why := secretFile(w.pod, c, e.Value); why != "" {
				ps = append(ps, fmt.Sprintf("%s=%s: %s", e.Name, e.Value, why))
			}
			name := strings.TrimSuffix(e.Name, "_FILE")
			env[name] = secretPlaceholders[name]
		default:
			if why := inlineSecret(e.Name, e.Value); why != "" {
				ps = append(ps, e.Name+" "+why)
			}
			env[e.Name] = e.Value
		}
	}
	return env, ps
}

// secretFile says what is wrong with path as a secret file: it must be a
// key of a Secret mounted into c.
func secretFile(pod corev1.PodSpec, c corev1.Container, path string) string {
	for _, vm := range c.VolumeMounts {
		rel, ok := strings.CutPrefix(path, strings.TrimSuffix(vm.MountPath, "/")+"/")
		if !ok {
			continue
		}
		i := slices.IndexFunc(pod.Volumes, func(v corev1.Volume) bool { return v.Name == vm.Name })
		if i < 0 || pod.Volumes[i].Secret == nil {
			return "is not in a Secret's volume"
		}
		if !slices.ContainsFunc(pod.Volumes[i].Secret.Items, func(k corev1.KeyToPath) bool { return k.Path == rel }) {
			return fmt.Sprintf("volume %s mounts no key at %s", vm.Name, rel)
		}
		return ""
	}
	return "no volume is mounted there"
}

// secretName matches the names of settings that hold secrets.
var secretName = regexp.MustCompile(`(?i)(PASSWORD|PASSWD|SECRET|TOKENS?|API_KEY|PRIVATE_KEY|CREDENTIALS?)$`)

// inlineSecret says why a literal value must not be in the manifests, or
// "" when it may.
func inlineSecret(name, value string) string {
	if value == "" {
		return ""
	}
	if secretName.MatchString(name) {
		return "is a secret written inline: take it from a secretKeyRef or a NAME_FILE"
	}
	for _, v := range strings.Split(value, ",") {
		if u, err := url.Parse(strings.TrimSpace(v)); err == nil && u.User != nil {
			return "holds credentials in a URL: take it from a secretKeyRef or a NAME_FILE"
		}
	}
	return ""
}

// checkProbes checks that the liveness and readiness probes ask /healthz
// and /readyz on the port the binary listens on (HTTP_ADDR).
func checkProbes(c corev1.Container, env map[string]string) []string {
	var ps []string
	_, port, err := net.SplitHostPort(env["HTTP_ADDR"])
	i := slices.IndexFunc(c.Ports, func(p corev1.ContainerPort) bool { return p.Name == "http" })
	if err != nil || i < 0 || fmt.Sprint(c.Ports[i].ContainerPort) != port {
		return []string{fmt.Sprintf("HTTP_ADDR %q and the container port named http disagree", env["HTTP_ADDR"])}
	}
	for _, p := range []struct {
		what  string
		probe *corev1.Probe
		path  string
	}{{"livenessProbe", c.LivenessProbe, "/healthz"}, {"readinessProbe", c.ReadinessProbe, "/readyz"}} {
		if p.probe == nil || p.probe.HTTPGet == nil {
			ps = append(ps, p.what+": want an httpGet of "+p.path)
			continue
		}
		g := p.probe.HTTPGet
		if g.Path != p.path || (g.Port.String() != "http" && g.Port.String() != port) {
			ps = append(ps, fmt.Sprintf("%s: asks %s on port %s, want %s on http (%s)", p.what, g.Path, g.Port.String(), p.path, port))
		}
	}
	return ps
}

// checkSettings runs the binary's own loader on the container's
// environment: a setting it refuses, one it requires and misses, or a
// default useless in a cluster (loopback addresses) is a problem. The
// loaded settings then bound the replicas (the partitions) and the grace
// period (the batch's).
func checkSettings(w workload, c corev1.Container, env map[string]string) []string {
	var ps []string
	bad := func(format string, args ...any) { ps = append(ps, fmt.Sprintf(format, args...)) }
	e := config.FromLookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	for _, k := range []string{"KAFKA_BROKERS", "SCHEMA_REGISTRY_URL", "HTTP_ADDR"} {
		if env[k] == "" && !slices.Equal(c.Command, []string{"songnodes", "migrate"}) {
			bad("%s is not set (its default is a loopback address)", k)
		}
	}
	if host, _, _ := net.SplitHostPort(env["HTTP_ADDR"]); host != "0.0.0.0" && host != "::" {
		bad("HTTP_ADDR %q: the probes and Prometheus reach the pod's address, not %s", env["HTTP_ADDR"], host)
	}
	grace := 30 * time.Second // Kubernetes' default
	if w.pod.TerminationGracePeriodSeconds != nil {
		grace = time.Duration(*w.pod.TerminationGracePeriodSeconds) * time.Second
	}
	bin := strings.Join(c.Command, " ")
	switch bin {
	case "ingest serve":
		s := ingest.LoadSettings(e)
		if len(s.Tokens) == 0 {
			bad("INGEST_TOKENS is not set: ingest would answer loopback requests only")
		}
	case "monitor":
		s := monitor.LoadSettings(e)
		if s.RedisURL == "" {
			bad("REDIS_URL is not set: the monitor's state would not survive a restart")
		}
		if w.replicas != 1 {
			bad("replicas %d: run one monitor (docs/monitoring.md)", w.replicas)
		}
	case "songnodes migrate":
		if env["DATABASE_URL"] == "" {
			bad("DATABASE_URL is not set")
		}
	default:
		spec, err := pipeline.Lookup(bin)
		if err != nil {
			bad("command %q runs no binary of the image", bin)
			break
		}
		s := stage.LoadSettings(e, spec.Name, spec.DefaultBatch)
		if s.Kafka.Partitions < int(w.replicas) {
			bad("replicas %d above TOPIC_PARTITIONS %d: the replicas beyond it would hold no partition", w.replicas, s.Kafka.Partitions)
		}
		// After SIGTERM the batch in flight gets STALL_TIMEOUT/4 to
		// finish (stage.Loop), then the HTTP server closes.
		if need := s.Loop.StallTimeout/4 + httpShutdown; grace <= need {
			bad("terminationGracePeriodSeconds %s: want more than a batch's grace after SIGTERM and the server's shutdown (%s, STALL_TIMEOUT %s)", grace, need, s.Loop.StallTimeout)
		}
		if spec.Name == "silver" && s.RedisURL == "" {
			bad("REDIS_URL is not set: silver would read PostgreSQL for every lookup")
		}
	}
	if err := e.Err(); err != nil {
		bad("the binary would refuse its settings:\n%v", err)
	}
	return ps
}

// TestKubernetesRulesFail breaks the rendered base one rule at a time:
// each rule must catch its break, so that the test above can fail.
func TestKubernetesRulesFail(t *testing.T) {
	dep := func(m *manifests, name string) *appsv1.Deployment {
		for _, d := range m.deployments {
			if d.Name == "songnodes-"+name {
				return d
			}
		}
		t.Fatalf("no Deployment songnodes-%s", name)
		return nil
	}
	ctr := func(m *manifests, name string) *corev1.Container {
		return &dep(m, name).Spec.Template.Spec.Containers[0]
	}
	setting := func(m *manifests, k, v string) {
		for _, c := range m.configMaps {
			c.Data[k] = v
		}
	}
	ptr := func(v int64) *int64 { return &v }
	cases := []struct {
		name   string
		breakt func(m *manifests)
		want   string
	}{
		{"no liveness probe", func(m *manifests) { ctr(m, "bronze").LivenessProbe = nil }, "Deployment songnodes-bronze: livenessProbe"},
		{"readiness on /healthz", func(m *manifests) { ctr(m, "silver").ReadinessProbe.HTTPGet.Path = "/healthz" }, "readinessProbe: asks /healthz"},
		{"probe on another port", func(m *manifests) { ctr(m, "gold").LivenessProbe.HTTPGet.Port.StrVal = "metrics" }, "livenessProbe: asks /healthz on port metrics"},
		{"no memory limit", func(m *manifests) { delete(ctr(m, "silver").Resources.Limits, corev1.ResourceMemory) }, "songnodes-silver: memory: want both"},
		{"root allowed", func(m *manifests) { dep(m, "gold").Spec.Template.Spec.SecurityContext.RunAsNonRoot = nil }, "songnodes-gold: the pod's securityContext lacks runAsNonRoot"},
		{"writable root", func(m *manifests) { *ctr(m, "ingest").SecurityContext.ReadOnlyRootFilesystem = false }, "songnodes-ingest: securityContext: want readOnlyRootFilesystem"},
		{"capabilities kept", func(m *manifests) { ctr(m, "monitor").SecurityContext.Capabilities.Drop = nil }, "drop [ALL]"},
		{"no PDB", func(m *manifests) {
			m.pdbs = slices.DeleteFunc(m.pdbs, func(p *policyv1.PodDisruptionBudget) bool { return p.Name == "songnodes-gold" })
		}, "songnodes-gold: no PodDisruptionBudget"},
		{"more replicas than partitions", func(m *manifests) { *dep(m, "bronze").Spec.Replicas = 7 }, "replicas 7 above TOPIC_PARTITIONS 6"},
		{"fewer partitions", func(m *manifests) { setting(m, "TOPIC_PARTITIONS", "1") }, "replicas 2 above TOPIC_PARTITIONS 1"},
		{"two monitors", func(m *manifests) { *dep(m, "monitor").Spec.Replicas = 2 }, "replicas 2: run one monitor"},
		{"short grace", func(m *manifests) { dep(m, "silver").Spec.Template.Spec.TerminationGracePeriodSeconds = ptr(40) }, "terminationGracePeriodSeconds 40s"},
		{"longer stall", func(m *manifests) { setting(m, "STALL_TIMEOUT", "10m") }, "STALL_TIMEOUT 10m0s"},
		{"password in a URL", func(m *manifests) {
			c := ctr(m, "bronze")
			c.Env = append(c.Env, corev1.EnvVar{Name: "DATABASE_URL", Value: "postgres://songnodes:hunter2@db/songnodes"})
		}, "DATABASE_URL holds credentials in a URL"},
		{"password in the ConfigMap", func(m *manifests) { setting(m, "KAFKA_SASL_PASSWORD", "hunter2") }, "KAFKA_SASL_PASSWORD is a secret written inline"},
		{"token inline", func(m *manifests) {
			ctr(m, "ingest").Env[0] = corev1.EnvVar{Name: "INGEST_TOKENS", Value: "*=0123456789abcdef0123"}
		}, "INGEST_TOKENS is a secret written inline"},
		{"no database", func(m *manifests) { ctr(m, "gold").Env = nil }, "DATABASE_URL: is required"},
		{"no tokens", func(m *manifests) { ctr(m, "ingest").Env = nil }, "INGEST_TOKENS is not set"},
		{"secret file not mounted", func(m *manifests) { ctr(m, "silver").Env[0].Value = "/run/database-url" }, "DATABASE_URL_FILE=/run/database-url: no volume is mounted there"},
		{"secret key not mounted", func(m *manifests) { ctr(m, "silver").Env[0].Value = "/etc/songnodes/secrets/db" }, "volume secrets mounts no key at db"},
		{"loopback address", func(m *manifests) { setting(m, "HTTP_ADDR", "127.0.0.1:8080") }, "HTTP_ADDR \"127.0.0.1:8080\": the probes"},
		{"port mismatch", func(m *manifests) { setting(m, "HTTP_ADDR", "0.0.0.0:9000") }, "HTTP_ADDR \"0.0.0.0:9000\" and the container port named http disagree"},
		{"bad brokers", func(m *manifests) { setting(m, "KAFKA_BROKERS", "kafka1") }, "KAFKA_BROKERS: \"kafka1\" is not host:port"},
		{"no registry", func(m *manifests) { setting(m, "SCHEMA_REGISTRY_URL", "") }, "SCHEMA_REGISTRY_URL is not set"},
		{"SASL without a password", func(m *manifests) {
			setting(m, "KAFKA_SASL_MECHANISM", "PLAIN")
			setting(m, "KAFKA_SASL_USERNAME", "u")
		}, "KAFKA_SASL_USERNAME: and KAFKA_SASL_PASSWORD are required"},
		{"latest image", func(m *manifests) { ctr(m, "gold").Image = image + ":latest" }, "want songnodes/pipeline with a version tag"},
		{"Service selecting nothing", func(m *manifests) { m.services[0].Spec.Selector = map[string]string{"app": "x"} }, "selects no Deployment's pods"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := render(t, base)
			if ps := m.problems(); len(ps) > 0 {
				t.Fatalf("the base breaks rules before the change: %q", ps)
			}
			tc.breakt(m)
			ps := m.problems()
			if !slices.ContainsFunc(ps, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Fatalf("no problem says %q; got %q", tc.want, ps)
			}
		})
	}
}

// TestKubernetesStrictDecoding: a misspelled field, or a Secret, is
// refused when the rendered objects are read.
func TestKubernetesStrictDecoding(t *testing.T) {
	deployment := []byte(`apiVersion: apps/v1
kind: Deployment
metadata: {name: x}
spec:
  selector: {matchLabels: {a: b}}
  template:
    metadata: {labels: {a: b}}
    spec:
      containers:
        - name: x
          image: songnodes/pipeline:0.1.0
          livenesProbe: {httpGet: {path: /healthz, port: 8080}}
`)
	m := &manifests{}
	if err := m.add("apps/v1", "Deployment", deployment); err == nil || !strings.Contains(err.Error(), "livenesProbe") {
		t.Fatalf("a misspelled field decoded: %v", err)
	}
	if err := m.add("apps/v1", "Deployment", []byte(strings.Replace(string(deployment), "livenesProbe", "livenessProbe", 1))); err != nil {
		t.Fatalf("the same Deployment spelled right: %v", err)
	}
	if err := m.add("v1", "Secret", []byte("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: x}\n")); err == nil {
		t.Fatal("a Secret in the manifests was accepted")
	}
}
