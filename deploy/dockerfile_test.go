package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The Dockerfile at the repository root is checked statically: no image
// can be built where the tests run. The parser is small on purpose (see
// docs/decisions.md): it handles what a Dockerfile is made of here —
// comments, backslash continuations, JSON and shell forms, --flags — and
// refuses what it does not understand (heredocs, another escape
// character) rather than guessing.

// instruction is one Dockerfile instruction: its keyword, its --flags,
// and its arguments (the JSON array's elements, or the shell form's
// words; raw keeps the shell form's text).
type instruction struct {
	line  int
	cmd   string // upper case
	flags map[string]string
	args  []string
	json  bool
	raw   string
}

type buildStage struct {
	from, name string
	ins        []instruction
}

func parseDockerfile(text string) ([]buildStage, error) {
	var (
		stages  []buildStage
		pending strings.Builder
		start   int
	)
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") {
			if i == 0 && strings.Contains(strings.ToLower(t), "escape=") {
				return nil, fmt.Errorf("line 1: an escape directive is not supported")
			}
			continue // comments end nothing, even inside a continuation
		}
		if pending.Len() == 0 {
			if t == "" {
				continue
			}
			start = i + 1
		}
		if strings.HasSuffix(t, `\`) {
			pending.WriteString(strings.TrimSpace(strings.TrimSuffix(t, `\`)) + " ")
			if i < len(lines)-1 {
				continue
			}
		} else {
			pending.WriteString(t)
		}
		in, err := parseInstruction(start, pending.String())
		pending.Reset()
		if err != nil {
			return nil, err
		}
		if in.cmd == "FROM" {
			if len(in.args) == 0 {
				return nil, fmt.Errorf("line %d: FROM without an image", in.line)
			}
			s := buildStage{from: in.args[0]}
			if len(in.args) == 3 && strings.EqualFold(in.args[1], "AS") {
				s.name = in.args[2]
			}
			stages = append(stages, s)
			continue
		}
		if len(stages) == 0 {
			if in.cmd == "ARG" {
				continue // an ARG before the first FROM
			}
			return nil, fmt.Errorf("line %d: %s before any FROM", in.line, in.cmd)
		}
		stages[len(stages)-1].ins = append(stages[len(stages)-1].ins, in)
	}
	return stages, nil
}

func parseInstruction(line int, s string) (instruction, error) {
	cmd, rest, _ := strings.Cut(strings.TrimSpace(s), " ")
	in := instruction{line: line, cmd: strings.ToUpper(cmd), flags: map[string]string{}}
	rest = strings.TrimSpace(rest)
	for strings.HasPrefix(rest, "--") {
		var f string
		f, rest, _ = strings.Cut(rest, " ")
		rest = strings.TrimSpace(rest)
		k, v, _ := strings.Cut(strings.TrimPrefix(f, "--"), "=")
		if old, ok := in.flags[k]; ok {
			v = old + ";" + v // --mount may repeat
		}
		in.flags[k] = v
	}
	if strings.Contains(rest, "<<") {
		return in, fmt.Errorf("line %d: heredocs are not supported by this check", line)
	}
	// HEALTHCHECK's arguments are "CMD ..." or "NONE".
	if in.cmd == "HEALTHCHECK" {
		kw, r, _ := strings.Cut(rest, " ")
		in.args = []string{strings.ToUpper(kw)}
		rest = strings.TrimSpace(r)
		if rest == "" {
			return in, nil
		}
	}
	in.raw = rest
	if strings.HasPrefix(rest, "[") {
		var a []string
		if err := json.Unmarshal([]byte(rest), &a); err != nil {
			return in, fmt.Errorf("line %d: %s: bad JSON form: %v", line, in.cmd, err)
		}
		in.json = true
		in.args = append(in.args, a...)
		return in, nil
	}
	in.args = append(in.args, strings.Fields(rest)...)
	return in, nil
}

// binaries are the directories under cmd/: each is a binary the image must hold.
func binaries(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir("../cmd")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	if len(out) < 6 {
		t.Fatalf("cmd/ holds %v: expected every binary", out)
	}
	return out
}

var (
	pinned    = regexp.MustCompile(`^[^@\s]+:[A-Za-z0-9][A-Za-z0-9._-]*@sha256:[0-9a-f]{64}$`)
	secretish = regexp.MustCompile(`(?i)(pass|secret|token|credential|private|api_?key|_key$)`)
	remote    = regexp.MustCompile(`^(?i)(https?://|git@|git://)`)
)

// checkDockerfile returns what is wrong with the stages, one problem a line.
func checkDockerfile(stages []buildStage, bins []string) []string {
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if len(stages) < 2 {
		return []string{fmt.Sprintf("%d stage(s): want a build stage and a final stage", len(stages))}
	}
	named := map[string]bool{}
	for _, s := range stages {
		if !named[s.from] && !pinned.MatchString(s.from) {
			bad("FROM %s: pin the base by tag and digest (image:tag@sha256:...)", s.from)
		}
		if strings.Contains(s.from, ":latest") {
			bad("FROM %s: never :latest", s.from)
		}
		named[s.name] = true
		for _, in := range s.ins {
			switch in.cmd {
			case "ADD":
				for _, a := range in.args {
					if remote.MatchString(a) {
						bad("line %d: ADD of a remote source %s: download in a RUN with a checksum, or COPY", in.line, a)
					}
				}
			case "ENV", "ARG":
				for _, kv := range in.args {
					k, v, _ := strings.Cut(kv, "=")
					if secretish.MatchString(k) {
						bad("line %d: %s %s: no secrets in the image (%s persists in its history); mount them at build or run time", in.line, in.cmd, k, in.cmd)
					} else if secretish.MatchString(v) && strings.Contains(v, "://") && strings.Contains(v, "@") {
						bad("line %d: %s %s holds credentials in a URL", in.line, in.cmd, k)
					}
				}
			}
		}
	}

	// The build stage: static, trimmed binaries, every cmd/* built, the
	// module cache mounted.
	var built string
	for _, s := range stages[:len(stages)-1] {
		for _, in := range s.ins {
			if in.cmd == "RUN" && strings.Contains(in.raw, "go build") {
				built += in.raw + " "
				if !strings.Contains(in.flags["mount"], "target=/go/pkg/mod") || !strings.Contains(in.flags["mount"], "type=cache") {
					bad("line %d: go build without the module cache mounted (--mount=type=cache,target=/go/pkg/mod)", in.line)
				}
			}
		}
	}
	if built == "" {
		bad("no RUN go build before the final stage")
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath"} {
		if built != "" && !strings.Contains(built, want) {
			bad("go build without %s", want)
		}
	}
	for _, b := range bins {
		if built != "" && !regexp.MustCompile(`\./cmd/`+regexp.QuoteMeta(b)+`[\s;]`).MatchString(built) && !strings.Contains(built, "./cmd/...") {
			bad("binary %s (cmd/%s) is not built", b, b)
		}
	}

	final := stages[len(stages)-1]
	var user string
	var health, entry, cmd *instruction
	copied := map[string]bool{}
	for i, in := range final.ins {
		switch in.cmd {
		case "USER":
			user = in.raw
		case "HEALTHCHECK":
			health = &final.ins[i]
		case "ENTRYPOINT":
			entry = &final.ins[i]
		case "CMD":
			cmd = &final.ins[i]
		case "COPY":
			if in.flags["from"] == "" {
				continue
			}
			for _, src := range in.args[:len(in.args)-1] {
				copied[filepath.Base(src)] = true
			}
		}
	}
	if u, _, _ := strings.Cut(user, ":"); u == "" || u == "root" || u == "0" {
		bad("final stage runs as %q: set a non-root USER", user)
	}
	for _, b := range bins {
		if !copied[b] {
			bad("binary %s is not copied into the final stage", b)
		}
	}
	switch {
	case health == nil:
		bad("final stage has no HEALTHCHECK")
	case len(health.args) < 3 || health.args[0] != "CMD" || !health.json:
		bad("line %d: HEALTHCHECK must be CMD [\"binary\", \"healthcheck\"] (exec form: the base has no shell)", health.line)
	case !slices.Contains(bins, filepath.Base(health.args[1])) || health.args[2] != "healthcheck":
		bad("line %d: HEALTHCHECK runs %v, not a binary's healthcheck subcommand", health.line, health.args[1:])
	}
	// The command is the binary (docs/deploy.md): the entrypoint is
	// empty, and the default command one of the binaries.
	if entry == nil || !entry.json || len(entry.args) != 0 {
		bad("final stage needs ENTRYPOINT [] so that the command names the binary to run")
	}
	if cmd == nil || !cmd.json || len(cmd.args) == 0 || !slices.Contains(bins, filepath.Base(cmd.args[0])) {
		bad("final stage's CMD must name one of the binaries %v", bins)
	}
	return probs
}

func readDockerfile(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDockerfile(t *testing.T) {
	stages, err := parseDockerfile(readDockerfile(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range checkDockerfile(stages, binaries(t)) {
		t.Error(p)
	}
	final := stages[len(stages)-1]
	if !strings.HasPrefix(final.from, "gcr.io/distroless/static") {
		t.Errorf("final base %s: want distroless static (CA certificates, a nonroot user, no shell)", final.from)
	}
	// The image runs any binary as its command, so every binary must be
	// on the PATH the base sets (/usr/local/bin is on distroless's).
	for _, in := range final.ins {
		if in.cmd == "COPY" && in.args[len(in.args)-1] != "/usr/local/bin/" {
			t.Errorf("line %d: binaries go to /usr/local/bin/, on PATH, got %s", in.line, in.args[len(in.args)-1])
		}
	}
}

// The check catches what it is there to catch: each mutation of the real
// Dockerfile must be reported.
func TestDockerfileCheckFails(t *testing.T) {
	orig := readDockerfile(t)
	bins := binaries(t)
	cases := []struct{ name, old, new, want string }{
		{"root user", "USER 65532:65532", "USER root", "non-root USER"},
		{"no user", "USER 65532:65532\n", "", "non-root USER"},
		{"no healthcheck", "HEALTHCHECK --interval", "LABEL x=y\n#", "no HEALTHCHECK"},
		{"healthcheck not the subcommand", `/ingest", "healthcheck"`, `/ingest", "run"`, "not a binary's healthcheck"},
		{"binary not built", "./cmd/gold ", "", "binary gold (cmd/gold) is not built"},
		{"binary not copied", "/out/monitor ", "", "binary monitor is not copied"},
		{"remote ADD", "USER 65532:65532", "ADD https://example.org/tool.tgz /tmp/\nUSER 65532:65532", "ADD of a remote source"},
		{"secret ENV", "ENV HTTP_ADDR=0.0.0.0:8080", "ENV KAFKA_SASL_PASSWORD=hunter2", "no secrets in the image"},
		{"secret ARG", "WORKDIR /src", "ARG GITHUB_TOKEN\nWORKDIR /src", "no secrets in the image"},
		{"unpinned base", "static-debian12:nonroot@sha256:d093aa3e30dbadd3efe1310db061a14da60299baff8450a17fe0ccc514a16639", "static-debian12:latest", "pin the base"},
		{"cgo", "CGO_ENABLED=0 ", "", "without CGO_ENABLED=0"},
		{"no trimpath", "-trimpath ", "", "without -trimpath"},
		{"an entrypoint", "ENTRYPOINT []", `ENTRYPOINT ["/usr/local/bin/bronze"]`, "ENTRYPOINT []"},
		{"cmd not a binary", `CMD ["songnodes", "--help"]`, `CMD ["sh"]`, "CMD must name one of the binaries"},
		{"single stage", "FROM gcr.io/distroless", "# FROM gcr.io/distroless", "stage(s)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(orig, tc.old) {
				t.Fatalf("the Dockerfile no longer contains %q: update this case", tc.old)
			}
			stages, err := parseDockerfile(strings.Replace(orig, tc.old, tc.new, 1))
			if err != nil {
				t.Fatal(err)
			}
			probs := strings.Join(checkDockerfile(stages, bins), "\n")
			if !strings.Contains(probs, tc.want) {
				t.Errorf("want a problem containing %q, got:\n%s", tc.want, probs)
			}
		})
	}
}

func TestParseDockerfile(t *testing.T) {
	stages, err := parseDockerfile("ARG V=1\nFROM a:1 AS b\n# c\nRUN --mount=type=cache,target=/x \\\n  # inside\n  echo hi \\\n  there\nHEALTHCHECK --interval=5s CMD [\"x\", \"healthcheck\"]\nFROM b\nCOPY --from=b /o/x /o/y /usr/local/bin/\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(stages) != 2 || stages[0].name != "b" || stages[1].from != "b" {
		t.Fatalf("stages %+v", stages)
	}
	run := stages[0].ins[0]
	if run.cmd != "RUN" || run.line != 4 || run.raw != "echo hi there" || run.flags["mount"] != "type=cache,target=/x" {
		t.Errorf("RUN parsed as %+v", run)
	}
	hc := stages[0].ins[1]
	if !slices.Equal(hc.args, []string{"CMD", "x", "healthcheck"}) || !hc.json || hc.flags["interval"] != "5s" {
		t.Errorf("HEALTHCHECK parsed as %+v", hc)
	}
	if cp := stages[1].ins[0]; cp.flags["from"] != "b" || len(cp.args) != 3 {
		t.Errorf("COPY parsed as %+v", cp)
	}
	if _, err := parseDockerfile("FROM a\nRUN <<EOF\nx\nEOF\n"); err == nil {
		t.Error("a heredoc parsed without an error")
	}
}
