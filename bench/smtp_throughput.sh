#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SMTP delivery throughput: N reminders (one per invoice, all due for level 1) sent by
# `relance run` through one reused connection to the test SMTP server (tests/tools/smtp_sink.py,
# aiosmtpd on 127.0.0.1, which writes each message to disk). Prints messages per second.
# Usage: bench/smtp_throughput.sh [N] [BUILD_DIR]   (default 2000, build)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-2000}"
bin="$(cd "${2:-$here/build}" && pwd)/relance"
work="$(mktemp -d)"
trap 'kill "$sink" 2>/dev/null || true; rm -rf "$work"' EXIT
/usr/bin/python3 - "$n" >"$work/factures.csv" <<'PY'
import sys
n = int(sys.argv[1])
print("invoice_number;customer_id;customer_name;customer_email;issue_date;due_date;total;paid;status")
for i in range(1, n + 1):
    print(f"F-{i:06d};C-{i:06d};Client {i};c{i:06d}@client.example;2026-03-01;2026-03-31;100,00;0;open")
PY
/usr/bin/python3 "$here/tests/tools/smtp_sink.py" --dir "$work/received" --port-file "$work/port" &
sink=$!
for _ in $(seq 100); do [[ -f "$work/port" ]] && break; sleep 0.05; done
cat >"$work/relance.toml" <<TOML
[company]
email = "relances@atelier.example"
[store]
path = "relance.db"
[delivery]
channel = "smtp"
[delivery.smtp]
host = "127.0.0.1"
port = $(cat "$work/port")
security = "none"
[[sources]]
name = "csv"
type = "csv"
path = "factures.csv"
TOML
start=$(date +%s.%N)
/usr/bin/time -f "relance: %e s wall, %U s user, %S s sys, %M KiB peak" "$bin" run --config "$work/relance.toml" --date 2026-04-08 --quiet >"$work/out.txt" || true
end=$(date +%s.%N)
received=$(ls "$work/received" | grep -c '\.eml$' || true)
python3 -c "
s=$end-$start; print(f'{$n} reminders, {$received} received in {s:.2f} s: {$received/s:.0f} messages/s')"
