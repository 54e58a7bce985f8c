package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/twmb/franz-go/pkg/sr"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/registry"
	"github.com/songnodes/pipeline/internal/serde"
)

const schemasUsage = `usage: songnodes schemas check [--level LEVEL] [--dir DIR] [--json]
       songnodes schemas register [--dry-run] [--dir DIR] [--json]

check compares each schema file with every version registered under its
subjects, at each subject's level in the registry (or --level), and exits 1
when one breaks it. register registers the files' schemas; a refusal is
reported with the registry's reason and exits 1. SCHEMA_REGISTRY_URL names
the registry, TOPIC_PREFIX the subjects (docs/operations.md#schemas).`

// runSchemas is `songnodes schemas check|register`: exit 0 when every
// subject is fine, 1 on a break, a refusal or a registry that does not
// answer, 2 on a bad flag or setting.
func runSchemas(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(stdout, schemasUsage)
		return 0
	}
	if len(args) == 0 || (args[0] != "check" && args[0] != "register") {
		if len(args) > 0 {
			fmt.Fprintf(stderr, "songnodes schemas: unknown subcommand %q\n", args[0])
		}
		fmt.Fprintln(stderr, schemasUsage)
		return 2
	}
	sub := args[0]
	fs := flags("schemas "+sub, stderr, "[flags]")
	dir := fs.String("dir", "schemas/avro", "the directory of .avsc files")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	level := fs.String("level", "", "check: compare at this level instead of each subject's own: "+levelNames())
	dryRun := fs.Bool("dry-run", false, "register: ask the registry what it would do, register nothing")
	if err := fs.Parse(args[1:]); err != nil {
		return app.FlagExit(err)
	}
	if fs.NArg() > 0 {
		return fail(stderr, "schemas "+sub, fmt.Errorf("unexpected argument %q (the files are found with --dir)", fs.Arg(0)), 2)
	}
	var lvl sr.CompatibilityLevel
	if *level != "" {
		if sub != "check" {
			return fail(stderr, "schemas "+sub, fmt.Errorf("--level: only check takes it (register is judged at the registry's level)"), 2)
		}
		var err error
		if lvl, err = registry.ParseLevel(*level); err != nil {
			return fail(stderr, "schemas "+sub, fmt.Errorf("--level: %w", err), 2)
		}
	}
	if *dryRun && sub != "register" {
		return fail(stderr, "schemas "+sub, fmt.Errorf("--dry-run: only register takes it"), 2)
	}
	if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
		return fail(stderr, "schemas "+sub, fmt.Errorf("--dir: %s is not a directory", *dir), 2)
	}
	e := config.FromEnv()
	regURL := e.URL("SCHEMA_REGISTRY_URL", serde.DefaultRegistryURL, "http", "https")
	regAuth := serde.RegistryAuthFromEnv(e)
	topics := kafka.ConfigFromEnv(e).Topics
	if err := e.Err(); err != nil {
		fmt.Fprintf(stderr, "songnodes schemas: bad configuration:\n%v\n", err)
		return 2
	}
	files, err := ops.LoadSchemaFiles(*dir)
	if err != nil {
		return fail(stderr, "schemas "+sub, err, 1) // a schema that does not parse is a break
	}
	reg, err := serde.NewRegistry(regURL, regAuth)
	if err != nil {
		return fail(stderr, "schemas "+sub, err, 2)
	}
	var results []ops.SchemaResult
	if sub == "check" {
		results, err = ops.CheckSchemas(ctx, reg, topics, files, lvl)
	} else {
		results, err = ops.RegisterSchemas(ctx, reg, topics, files, *dryRun)
	}
	if err != nil {
		return fail(stderr, "schemas "+sub, fmt.Errorf("%w (SCHEMA_REGISTRY_URL=%s)", err, redactURL(regURL)), 1)
	}
	failed := 0
	for _, r := range results {
		if r.Failed() {
			failed++
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(struct {
			OK      bool               `json:"ok"`
			Results []ops.SchemaResult `json:"results"`
		}{failed == 0, results})
	} else {
		for _, r := range results {
			fmt.Fprintln(stdout, schemaLine(r))
		}
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// schemaLine is one result as a line: status, subject, file, then what
// was compared or done, or what breaks.
func schemaLine(r ops.SchemaResult) string {
	if r.Status == "no_subject" {
		return fmt.Sprintf("%-14s %-44s %s: no subject of the registry takes %s (a type used inside others; a raw topic's is registered by its first producer)", "-", "(no subject)", r.File, r.Type)
	}
	detail := ""
	switch r.Status {
	case "ok":
		detail = fmt.Sprintf("%s, compared with %s", r.Level, versionList(r.Versions))
	case "new":
		detail = r.Level + ", no version registered yet"
	case "registered", "unchanged":
		detail = fmt.Sprintf("version %d, id %d", r.Version, r.ID)
	case "would_register":
		detail = "the registry would accept it"
	case "not_registered":
		detail = r.Problems[0]
	default:
		detail = strings.Join(r.Problems, "; ")
		if r.Level != "" {
			detail = fmt.Sprintf("%s, compared with %s: %s", r.Level, versionList(r.Versions), detail)
		}
	}
	return fmt.Sprintf("%-14s %-44s %s: %s", strings.ToUpper(r.Status), r.Subject, r.File, detail)
}

func versionList(vs []int) string {
	if len(vs) == 1 {
		return fmt.Sprintf("version %d", vs[0])
	}
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = fmt.Sprint(v)
	}
	return "versions " + strings.Join(s, ", ")
}

func levelNames() string {
	names := make([]string, len(registry.Levels))
	for i, l := range registry.Levels {
		names[i] = l.String()
	}
	return strings.Join(names, ", ")
}

// redactURL hides the password of a URL that carries one.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	return s
}
