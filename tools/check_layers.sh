#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fails when the pure layers reach for the outside world (docs/architecture.md): src/core and
# src/engine may not do I/O, read the clock or the environment, or include an adapter; core may
# not include engine; adapters may not include engine or app; core/money has no floating point.
# Run by CTest (test "layers") and usable by hand: tools/check_layers.sh [SOURCE_DIR].
set -u
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root/src" || exit 2
fail=0
check() {  # check DESCRIPTION PATTERN DIR...
    local what="$1" pattern="$2"
    shift 2
    local hits
    # Comment lines do not count.
    hits=$(grep -rnE "$pattern" "$@" --include='*.h' --include='*.cpp' 2>/dev/null |
           grep -vE '^[^:]+:[0-9]+:[[:space:]]*//')
    if [[ -n "$hits" ]]; then
        echo "layer rule broken: $what"
        echo "$hits" | sed 's/^/  /'
        fail=1
    fi
}
io='#include <(fstream|iostream|thread|filesystem|cstdio)>|sqlite3\.h|curl/|getenv|localtime|gmtime|system_clock::now|steady_clock::now|std::time\(|[^a-z_]printf\(|fprintf|fopen|std::cout|std::cerr'
check "no I/O, clock or environment in core/ and engine/" "$io" core engine
check "core/ includes nothing of ours outside core/" '#include "(engine|adapters|app)/' core
check "engine/ includes core/ only" '#include "(adapters|app)/' engine
check "adapters/ never include engine/ or app/" '#include "(engine|app)/' adapters
check "no floating point in core/money" '\b(double|float)\b' core/money
if ((fail)); then exit 1; fi
echo "layers: core and engine are pure; dependencies point inward"
