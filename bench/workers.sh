#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Throughput of the shared pass on PostgreSQL with 1, 2 and 4 workers (issue 7): N invoices split
# over T tenants (relance-gen, seed 42 + tenant index, due dates up to 2026-12-03), each tenant
# writing to the file outbox (.eml files: isolates the store from any mail server), every tenant
# in Europe/Paris, the pass run as of 2026-12-03 10:00 UTC. For each worker count: a fresh
# database, `relance migrate` of every tenant, then W `relance run --worker` started together;
# wall time from their start to the last one's exit. Prints one Markdown row per worker count:
# | workers | wall s | invoices planned/s | reminders written/s | CPU s (all workers) | load before |
#
#   bench/workers.sh N T "1 2 4" [BUILD_DIR]      BUILD_DIR or $RELANCE_BUILD, default ./build
#   env: RELANCE_BENCH_PG=postgresql://... (else a throwaway server is started with
#        scripts/pg_server.sh), KEEP=1 keeps the temp folder, TMPDIR picks where it goes
set -euo pipefail

n="${1:?usage: bench/workers.sh N TENANTS \"1 2 4\" [BUILD_DIR]}"
tenants="${2:?tenants}"
counts="${3:-1 2 4}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${4:-${RELANCE_BUILD:-$root/build}}" && pwd)"
relance="$build/relance"
gen="$build/bench/relance-gen"
for exe in "$relance" "$gen"; do
  [[ -x "$exe" ]] || { echo "workers bench: $exe not found: build it first" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/relance-wbench.XXXXXX")"
pgdir=""
cleanup() {
  if [[ -n "$pgdir" ]]; then bash "$root/scripts/pg_server.sh" stop "$pgdir"; rm -rf "$pgdir"; fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "workers bench: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
server="${RELANCE_BENCH_PG:-}"
if [[ -z "$server" ]]; then
  pgdir="$(mktemp -d /tmp/relance-pg.XXXXXX)"
  server="$(bash "$root/scripts/pg_server.sh" start "$pgdir")"
fi
echo "workers bench: server $server, $n invoices over $tenants tenants, workers: $counts" >&2

per=$((n / tenants))
for ((i = 0; i < tenants; i++)); do
  t=$(printf "t%02d" "$i")
  "$gen" "$per" $((42 + i)) 2026-12-03 > "$work/$t.csv"
done
echo "workers bench: generated $((per * tenants)) invoices ($(du -sh "$work" | cut -f1))" >&2

echo "| workers | wall s | invoices planned/s | reminders written/s | CPU s (all workers) | load before |"
echo "|---|---|---|---|---|---|"
for w in $counts; do
  db="relance_wbench_$$_$w"
  psql "$server" -qc "CREATE DATABASE $db"
  url="${server%/*}/$db"
  dir="$work/tenants_$w"
  for ((i = 0; i < tenants; i++)); do
    t=$(printf "t%02d" "$i")
    mkdir -p "$dir/$t"
    printf '[company]\nname = "Bench %s"\nemail = "relances@%s.example"\ntimezone = "Europe/Paris"\n[delivery]\nchannel = "outbox"\noutbox_dir = "outbox"\n[[sources]]\nname = "csv"\ntype = "csv"\npath = "%s"\n' \
      "$t" "$t" "$work/$t.csv" > "$dir/$t/relance.toml"
  done
  "$relance" migrate --tenants "$dir" --all-tenants --store "$url" > "$work/migrate_$w.log" 2>&1 \
    || { echo "workers bench: migrate failed:" >&2; tail -5 "$work/migrate_$w.log" >&2; exit 1; }
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s.%N)
  pids=()
  for ((k = 1; k <= w; k++)); do
    /usr/bin/time -f "%U %S" -o "$work/time_${w}_$k.txt" \
      "$relance" run --worker --worker-name "b$k" --tenants "$dir" --store "$url" \
      --now 2026-12-03T10:00:00Z -q > "$work/worker_${w}_$k.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  t1=$(date +%s.%N)
  cpu=$(cat "$work"/time_"${w}"_*.txt | awk '{ s += $1 + $2 } END { printf "%.1f", s }')
  sent=$("$relance" status --workers --store "$url" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"]["sent"])')
  done_n=$("$relance" status --workers --store "$url" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"].get("done", 0))')
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  echo "workers bench: $w worker(s): $done_n/$tenants tenants done, $sent reminders, ${wall} s" >&2
  awk -v w="$w" -v wall="$wall" -v n="$((per * tenants))" -v s="$sent" -v cpu="$cpu" -v load="$load" \
    'BEGIN { printf "| %d | %.1f | %.0f | %.0f | %s | %s |\n", w, wall, n / wall, s / wall, cpu, load }'
  psql "$server" -qc "DROP DATABASE $db WITH (FORCE)"
  rm -rf "$dir"  # the .eml files of this run (tmpfs fills up otherwise)
done
