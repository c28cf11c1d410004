#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end figure: generates N invoices with relance-gen, runs `relance run` on them in a fresh
# temp folder (default settings: ./relance.db, file outbox ./outbox/), then runs the same day
# again (which must send nothing), and reports wall time and peak RSS of each run from
# /usr/bin/time -v (Debian package `time`, listed in scripts/setup.sh). Builds nothing itself.
#
#   bench/e2e.sh N [BUILD_DIR]        BUILD_DIR or $RELANCE_BUILD, default ./build-bench
#   env: SEED (42), DATE (2026-12-03), KEEP=1 keeps the temp folder, TMPDIR picks where it goes
#
# Prints one Markdown table row (CPU = user + system seconds, which other work on a shared machine
# inflates less than wall time):
# | N | wall s | CPU s | peak RSS MiB | reminders written | 2nd run wall s | 2nd run CPU s | 2nd run peak RSS MiB |
set -euo pipefail

n="${1:?usage: bench/e2e.sh N [BUILD_DIR]}"
build="${2:-${RELANCE_BUILD:-build-bench}}"
seed="${SEED:-42}"
date="${DATE:-2026-12-03}"

build="$(cd "$build" && pwd)"
relance="$build/relance"
gen="$build/bench/relance-gen"
for exe in "$relance" "$gen"; do
  [[ -x "$exe" ]] || { echo "e2e: $exe not found: build it first (cmake --build $build)" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "e2e: /usr/bin/time missing: run scripts/setup.sh" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/relance-e2e.XXXXXX")"
cleanup() { if [[ "${KEEP:-0}" == 1 ]]; then echo "e2e: kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
cd "$work"

t0=$(date +%s.%N)
"$gen" "$n" "$seed" "$date" > factures.csv
t1=$(date +%s.%N)
echo "e2e: generated $n invoices ($(stat -c %s factures.csv) bytes) in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s" >&2

# Runs relance under /usr/bin/time -v; sets wall (s), cpu (s), rss (MiB), rc.
timed_run() {
  local tag="$1"
  set +e
  /usr/bin/time -v -o "time_$tag.txt" "$relance" run --source factures.csv --date "$date" --quiet \
    > "run_$tag.out" 2> "run_$tag.err"
  rc=$?
  set -e
  local elapsed
  elapsed=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "time_$tag.txt")
  # h:mm:ss or m:ss(.cc) -> seconds
  wall=$(echo "$elapsed" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
  local kb user sys
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "time_$tag.txt")
  rss=$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')
  user=$(sed -n 's/.*User time (seconds): //p' "time_$tag.txt")
  sys=$(sed -n 's/.*System time (seconds): //p' "time_$tag.txt")
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "e2e: run $tag: exit $rc, wall ${wall} s, CPU ${cpu} s (user $user, sys $sys), peak RSS ${rss} MiB" >&2
  sed -n 's/^\(Reminders sent: .*\)/e2e:   \1/p' "run_$tag.out" >&2
  if [[ $rc -ne 0 ]]; then
    echo "e2e: relance exited $rc; stderr:" >&2
    head -n 20 "run_$tag.err" >&2
    exit 1
  fi
}

timed_run first
wall1=$wall cpu1=$cpu rss1=$rss
written=$(find outbox -maxdepth 1 -name '*.eml' -type f 2>/dev/null | wc -l)
echo "e2e: .eml files in outbox after the first run: $written ($(du -sh outbox | cut -f1))" >&2

timed_run second
wall2=$wall cpu2=$cpu rss2=$rss
written2=$(find outbox -maxdepth 1 -name '*.eml' -type f | wc -l)
if [[ "$written2" != "$written" ]] || ! grep -q "^Reminders sent: 0 " run_second.out; then
  echo "e2e: FAILED: the second run of the same day wrote reminders ($written -> $written2)" >&2
  sed -n '1,10p' run_second.out >&2
  exit 1
fi
echo "e2e: second run wrote nothing (still $written2 .eml files)" >&2

echo "e2e: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs" >&2
printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$wall1" "$cpu1" "$rss1" "$written" "$wall2" "$cpu2" "$rss2"
