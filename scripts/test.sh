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
ctest --test-dir build --output-on-failure -j "$(nproc)" 2>&1 | tail -n 40
