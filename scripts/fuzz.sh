#!/usr/bin/env bash
# make fuzz, and the short run at the end of make test: each fuzz target
# given as package:Target (the Makefile's FUZZ_TARGETS) fuzzed for TIME,
# one after the other, with a line per target saying how many inputs it
# ran. A failing input is written to the package's
# testdata/fuzz/<Target>/, where plain go test replays it: commit it with
# the fix, as a seed.
#
#	scripts/fuzz.sh TIME package:Target...
#
# Each package's fuzzing test binary is built once (go test -c -fuzz) and
# run for each of its targets, as go test -fuzz would run it: linking it
# again for every target cost more than a short run's fuzzing.
set -uo pipefail
cd "$(dirname "$0")/.."

time=${1:?usage: scripts/fuzz.sh TIME package:Target...}
shift
go=${GO:-go}
root=$PWD
module=$("$go" list -m)
cache=$("$go" env GOCACHE)/fuzz
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT

failed=()
for spec in "$@"; do
  pkg=${spec%%:*} target=${spec#*:}
  exe=$bin/${pkg//\//_}.test
  if [ ! -x "$exe" ] && ! "$go" test -c -fuzz=. -o "$exe" "./$pkg/"; then
    failed+=("$spec")
    continue
  fi
  # The last progress line holds the totals: "fuzz: elapsed: 4s, execs:
  # 52113 (13028/sec), new interesting: 3 (total: 40)".
  out=$(cd "$root/$pkg" && "$exe" -test.run='^$' -test.fuzz="^${target}\$" -test.fuzztime="$time" \
    -test.fuzzcachedir="$cache/$module/$pkg" -test.paniconexit0 -test.timeout=10m 2>&1)
  rc=$?
  last=$(grep -E '^fuzz: elapsed: ' <<<"$out" | tail -n 1)
  execs=$(sed -nE 's/.*execs: ([0-9]+).*/\1/p' <<<"$last")
  elapsed=$(sed -nE 's/^fuzz: elapsed: ([^,]+),.*/\1/p' <<<"$last")
  corpus=$(sed -nE 's/.*\(total: ([0-9]+)\).*/\1/p' <<<"$last")
  if [ $rc -ne 0 ]; then
    printf 'FAIL %-22s %-16s %10s execs in %s\n' "$target" "$pkg" "${execs:-?}" "${elapsed:-?}"
    grep -vE '^fuzz: elapsed: ' <<<"$out" | cut -c1-400 | sed 's/^/    /'
    failed+=("$spec")
    continue
  fi
  printf 'ok   %-22s %-16s %10s execs in %s (corpus %s)\n' "$target" "$pkg" "${execs:-?}" "${elapsed:-?}" "${corpus:-?}"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing failed: ${failed[*]}" >&2
  exit 1
fi
