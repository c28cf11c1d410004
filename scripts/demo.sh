#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Quick start, command 1: set up, build, and run relance on the bundled sample invoices.
# It plays five weekly passes (2026-11-05 .. 2026-12-03) so the reminders escalate as they
# would after a month of daily use, prints the last summary, then runs that day again to show
# that nothing is ever sent twice. Everything is written to ./demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
rm -rf demo
./build/relance init demo >/dev/null
relance() { ./build/relance "$@"; }
# Internal alerts go to Slack and to the finance manager by e-mail (demo/internal/). Slack is
# played by a local stand-in (tests/tools/http_stub.py) that logs what a real webhook would get.
sed -i 's|^channels = \[\]  *# where alerts go.*|channels = ["slack", "email"]|; s|^to = \[\]  *# the finance manager.*|to = ["compta@entreprise.example"]|' demo/relance.toml
if command -v python3 >/dev/null; then
  echo '[{"method": "POST", "path": "/services/T0DEMO/B0DEMO/demo-secret", "responses": [{"status": 200, "body": "ok"}]}]' >demo/slack-routes.json
  python3 tests/tools/http_stub.py --routes demo/slack-routes.json --log demo/slack.log --port-file demo/slack.port &
  slack_pid=$!
  trap 'kill "$slack_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [ -s demo/slack.port ] && break; sleep 0.1; done
  export RELANCE_SLACK_WEBHOOK_URL="http://127.0.0.1:$(cat demo/slack.port)/services/T0DEMO/B0DEMO/demo-secret"
else
  sed -i 's|^channels = \["slack", "email"\]|channels = ["email"]|' demo/relance.toml
fi
for d in 2026-11-05 2026-11-12 2026-11-19 2026-11-26; do
  relance run --config demo/relance.toml --source samples/factures.csv --date "$d" --quiet >"demo/run-$d.txt" || true
  echo "pass of $d: $(grep -m1 '^Reminders sent' "demo/run-$d.txt")"
done
echo
relance run --config demo/relance.toml --source samples/factures.csv --date 2026-12-03 || true
echo
echo "=== the same day again: nothing is sent twice ==="
relance run --config demo/relance.toml --source samples/factures.csv --date 2026-12-03 | sed -n '1,4p' || true
echo
echo "Reminders written in demo/outbox/ ($(ls demo/outbox | wc -l) files), e.g.:"
ls demo/outbox | head -5
echo "Open one with any mail client, or: less demo/outbox/$(ls demo/outbox | head -1)"
if [ -d demo/letters ]; then
  echo
  echo "Formal-notice letters (PDF, to post by registered mail) in demo/letters/ ($(ls demo/letters | wc -l) files), e.g.:"
  ls demo/letters | head -3
fi
echo
echo "Internal alerts, each raised once (again only when it gets worse): the finance manager's"
echo "e-mails are in demo/internal/ ($(ls demo/internal 2>/dev/null | wc -l) files)."
if [ -s demo/slack.log ]; then
  echo "Slack (#finance-alertes, played locally) received $(wc -l <demo/slack.log) Block Kit messages; the last ones:"
  python3 -c 'import json,sys; [print("  " + json.loads(json.loads(l)["body"])["text"]) for l in open(sys.argv[1]).readlines()[-5:]]' demo/slack.log
fi
echo
echo "Follow-up tasks (relance tasks; close one with: relance tasks done ID --note \"...\"):"
if ./build/relance tasks --help >/dev/null 2>&1; then
  relance tasks --config demo/relance.toml | grep '^#' | head -8 || true
fi
