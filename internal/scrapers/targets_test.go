package scrapers

import (
	"bytes"
	"strings"
	"testing"
)

// The wanted tracks the project ships read as search terms; a file that
// is not a list of tracks stops the command with the line at fault.
func TestTargetsFile(t *testing.T) {
	terms, err := readTargets("../../deploy/scrape/targets.txt")
	if err != nil || len(terms) != 145 || terms[0] != "Swedish House Mafia - Don't You Worry Child" {
		t.Fatalf("%d terms, first %q: %v", len(terms), terms[0], err)
	}
	var out, errs bytes.Buffer
	code := Main(t.Context(), []string{"mixesdb", "--dry-run", "--targets", "targets_test.go"}, &out, &errs)
	if code != 2 || !strings.Contains(errs.String(), "targets_test.go line 1: want 'Artist - Title'") {
		t.Errorf("exit %d: %s", code, errs.String())
	}
}
