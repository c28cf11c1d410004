#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Quick start, command 2: set up, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
# The IBM accounts-receivable sample has no licence, so it is not in the repository; its test
# runs when the shared research folder is next to this checkout and reports itself skipped otherwise.
ibm="$(pwd)/../shared/fixtures/ibm_accounts_receivable/WA_Fn-UseC_-Accounts-Receivable.csv"
if [[ -f "$ibm" && -z "${RELANCE_IBM_CSV:-}" ]]; then export RELANCE_IBM_CSV="$ibm"; fi
# A throwaway PostgreSQL server on 127.0.0.1 for the PostgreSQL store's tests (RELANCE_TEST_PG).
# When it cannot start, those tests report themselves skipped, and this says so loudly here.
if [[ -z "${RELANCE_TEST_PG:-}" ]]; then
  pgdir="$(mktemp -d /tmp/relance-pg.XXXXXX)"
  trap 'bash scripts/pg_server.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
  if url="$(bash scripts/pg_server.sh start "$pgdir")"; then
    export RELANCE_TEST_PG="$url"
    echo "relance tests: PostgreSQL test server at $url"
  else
    echo "relance tests: WARNING: the PostgreSQL test server did not start; its tests will be SKIPPED" >&2
  fi
fi
ctest --test-dir build --output-on-failure -j "$(nproc)" 2>&1 | tail -n 40
