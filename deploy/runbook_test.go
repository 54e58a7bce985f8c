package deploy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/songnodes/pipeline/internal/cli"
	"github.com/songnodes/pipeline/internal/testenv"
)

// A runbook is read on the worst day and copied as written. Every alert's
// runbook, and the section of the docs it links to, writes what to type in
// backquotes; this test checks each: a songnodes command exists with those
// flags (and a change is shown with --dry-run first), a PromQL expression
// parses (promtool), a SQL query runs on the schema the migrations make.
func TestRunbooksNameWhatExists(t *testing.T) {
	runbooks := alertRunbooks(t)
	if len(runbooks) < 10 {
		t.Fatalf("found %d runbooks", len(runbooks))
	}
	var commands, promql, sql []snippet
	for _, rb := range runbooks {
		texts := append([]string{rb.text}, linkedSections(t, rb.text)...)
		for _, text := range texts {
			text = fillTemplates(text)
			if bare := bareCommand(text); bare != "" {
				t.Errorf("%s: the runbook names %q outside backquotes: quote it, so this test checks it", rb.alert, bare)
			}
			for _, s := range backquoted(text) {
				sn := snippet{alert: rb.alert, text: s, context: text}
				switch {
				case strings.HasPrefix(s, "songnodes "):
					commands = append(commands, sn)
				case regexp.MustCompile(`(?i)^(SELECT|WITH)\s`).MatchString(s):
					sql = append(sql, sn)
				case strings.Contains(s, "songnodes_") && strings.Contains(s, "("):
					promql = append(promql, sn)
				}
			}
		}
	}
	if len(commands) < 5 || len(promql) < 2 || len(sql) < 1 {
		t.Fatalf("found %d commands, %d PromQL expressions, %d SQL queries in the runbooks: fewer than they hold", len(commands), len(promql), len(sql))
	}
	t.Run("commands", func(t *testing.T) {
		for _, c := range commands {
			checkCommand(t, c)
		}
	})
	t.Run("promql", func(t *testing.T) { checkPromQL(t, promql) })
	t.Run("sql", func(t *testing.T) { checkSQL(t, sql) })
}

type runbook struct{ alert, text string }

type snippet struct{ alert, text, context string }

// alertRunbooks reads the runbook annotation of every alert. The rules
// keep each annotation on one line, as a double-quoted YAML string.
func alertRunbooks(t *testing.T) []runbook {
	alertRe := regexp.MustCompile(`^\s*- alert:\s*(\S+)`)
	runbookRe := regexp.MustCompile(`^\s*runbook:\s*"(.*)"\s*$`)
	var out []runbook
	for _, f := range glob(t, "prometheus/rules/*.yml") {
		alert := ""
		eachLine(t, f, func(l string) {
			if m := alertRe.FindStringSubmatch(l); m != nil {
				alert = m[1]
			}
			if m := runbookRe.FindStringSubmatch(l); m != nil {
				out = append(out, runbook{alert, strings.ReplaceAll(m[1], `\"`, `"`)})
			}
		})
	}
	return out
}

// linkedSections returns the sections of docs/x.md#anchor the runbook
// links to, and fails when a link leads nowhere.
func linkedSections(t *testing.T, text string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`docs/([a-z-]+\.md)#([a-z0-9-]+)`).FindAllStringSubmatch(text, -1) {
		out = append(out, section(t, m))
	}
	return out
}

func section(t *testing.T, m []string) string {
	body, err := os.ReadFile(filepath.Join("..", "docs", m[1]))
	if err != nil {
		t.Fatalf("runbook links to %s: %v", m[0], err)
	}
	lines := strings.Split(string(body), "\n")
	for i, l := range lines {
		level := len(l) - len(strings.TrimLeft(l, "#"))
		if level == 0 || anchor(l[level:]) != m[2] {
			continue
		}
		var sec []string
		for _, l := range lines[i+1:] {
			if n := len(l) - len(strings.TrimLeft(l, "#")); n > 0 && n <= level {
				break
			}
			sec = append(sec, l)
		}
		return strings.Join(sec, "\n")
	}
	t.Errorf("runbook links to %s: no such heading", m[0])
	return ""
}

// anchor is the fragment a Markdown renderer gives a heading.
func anchor(heading string) string {
	h := strings.ToLower(strings.TrimSpace(heading))
	h = regexp.MustCompile("[^a-z0-9 -]").ReplaceAllString(h, "")
	return strings.ReplaceAll(h, " ", "-")
}

// fillTemplates puts example values where the rules have label templates
// and the docs have placeholders.
func fillTemplates(s string) string {
	return strings.NewReplacer(
		"{{ $labels.stage }}", "bronze", "{{ $labels.source }}", "mixesdb", "{{ $labels.reason }}", "unknown_schema",
		"<stage>", "bronze", "<source>", "mixesdb", "<reason>", "unknown_schema",
	).Replace(s)
}

// backquoted returns the lines of fenced code blocks and the inline code
// spans of s.
func backquoted(s string) []string {
	var out []string
	fence := regexp.MustCompile("(?s)```[a-z]*\n(.*?)```")
	for _, m := range fence.FindAllStringSubmatch(s, -1) {
		for l := range strings.Lines(m[1]) {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				out = append(out, l)
			}
		}
	}
	s = strings.ReplaceAll(fence.ReplaceAllString(s, ""), "\n", " ")
	for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(s, -1) {
		out = append(out, strings.Join(strings.Fields(m[1]), " "))
	}
	return out
}

// bareCommand returns a "songnodes COMMAND" written outside backquotes.
func bareCommand(s string) string {
	s = regexp.MustCompile("(?s)```.*?```|`[^`]*`").ReplaceAllString(s, "")
	return regexp.MustCompile(`songnodes [a-z]+`).FindString(s)
}

// checkCommand checks a command against the flags the real command line
// declares: the words before the first flag name the command, each flag
// must exist, value flags get a value, and the whole line with -h appended
// is accepted (exit 0). A command that changes something must appear in
// the same runbook with --dry-run too.
func checkCommand(t *testing.T, c snippet) {
	bad := false
	fail := func(format string, args ...any) {
		t.Helper()
		bad = true
		t.Errorf("%s: `%s`: "+format, append([]any{c.alert, c.text}, args...)...)
	}
	args := strings.Fields(strings.TrimPrefix(c.text, "songnodes "))
	words := 0
	for words < len(args) && !strings.HasPrefix(args[words], "-") {
		words++
	}
	var usage bytes.Buffer
	if code := cli.Main(append(slices.Clone(args[:words]), "-h"), io.Discard, &usage); code != 0 {
		fail("no such command (songnodes %s -h exits %d)", strings.Join(args[:words], " "), code)
		return
	}
	declared := map[string]bool{} // flag name -> takes a value
	for _, m := range regexp.MustCompile(`(?m)^  -(\S+)( \S+)?$`).FindAllStringSubmatch(usage.String(), -1) {
		declared[m[1]] = m[2] != ""
	}
	for _, alternatives := range requiredFlags(usage.String()) {
		if !slices.ContainsFunc(alternatives, func(f string) bool {
			return slices.ContainsFunc(args, func(a string) bool { return a == f || strings.HasPrefix(a, f+"=") })
		}) {
			fail("needs %s", strings.Join(alternatives, " or "))
		}
	}
	for i := words; i < len(args); i++ {
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		takesValue, ok := declared[name]
		switch {
		case !strings.HasPrefix(args[i], "-"):
			fail("%q is not a flag (arguments go before the flags)", args[i])
		case !ok:
			fail("songnodes %s has no flag %s", strings.Join(args[:words], " "), args[i])
		case takesValue && !hasValue:
			if i++; i == len(args) {
				fail("%s needs a value", args[i-1])
			}
		}
	}
	if bad {
		return // with a stray argument, -h would not be reached: the command would run
	}
	if code := cli.Main(append(slices.Clone(args), "-h"), io.Discard, io.Discard); code != 0 {
		t.Errorf("%s: `%s -h` exits %d", c.alert, c.text, code)
	}
	if changes(args[:words]) && !slices.Contains(args, "--dry-run") && !strings.Contains(c.context, c.text+" --dry-run") {
		t.Errorf("%s: `%s` changes things: the runbook must show it with --dry-run first", c.alert, c.text)
	}
}

// requiredFlags reads the usage line, "usage: songnodes replay --stage
// STAGE (--to-start | --to-end) [--dry-run]": flags outside square
// brackets are required, and one of each group in parentheses.
func requiredFlags(usage string) [][]string {
	line, _, _ := strings.Cut(usage, "\n")
	var out [][]string
	var group []string
	square, round := 0, 0
	for _, tok := range strings.Fields(line) {
		square += strings.Count(tok, "[")
		if strings.HasPrefix(tok, "(") {
			round++
		}
		if flag := strings.Trim(tok, "[]()|"); square == 0 && strings.HasPrefix(flag, "--") {
			if round > 0 {
				group = append(group, flag)
			} else {
				out = append(out, []string{flag})
			}
		}
		square -= strings.Count(tok, "]")
		if strings.HasSuffix(tok, ")") && round > 0 {
			round--
			out = append(out, group)
			group = nil
		}
	}
	return out
}

// changes: the commands that move offsets or send records.
func changes(words []string) bool {
	cmd := strings.Join(words, " ")
	return cmd == "dlq redrive" || cmd == "replay" || cmd == "schemas register"
}

// checkPromQL parses every expression with promtool, as recording rules.
func checkPromQL(t *testing.T, exprs []snippet) {
	var b strings.Builder
	b.WriteString("groups:\n  - name: runbooks\n    rules:\n")
	for i, e := range exprs {
		fmt.Fprintf(&b, "      - record: runbook:expr%d\n        expr: %q\n", i, e.text)
	}
	f := filepath.Join(t.TempDir(), "runbooks.yml")
	if err := os.WriteFile(f, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	out := run(t, ".", "promtool", "check", "rules", f)
	if !strings.Contains(out, "SUCCESS") {
		t.Fatalf("promtool check rules on the runbooks' expressions:\n%s\n%s", out, b.String())
	}
}

// checkSQL runs every query on a freshly migrated database.
func checkSQL(t *testing.T, queries []snippet) {
	pool := testenv.Pool(t, testenv.Postgres(t))
	for _, q := range queries {
		rows, err := pool.Query(context.Background(), strings.TrimSuffix(q.text, ";"))
		if err == nil {
			rows.Close()
			err = rows.Err()
		}
		if err != nil {
			t.Errorf("%s: `%s`: %v", q.alert, q.text, err)
		}
	}
}
