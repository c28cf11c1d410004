#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, then configures and builds relance in ./build (Ninja, ccache).
# Warnings are errors (-Werror), in CI and on a developer's machine alike.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Warnings are errors everywhere (not only in CI), so that the two quick-start commands share one
# build: a flag that differed between them would rebuild everything.
werror=ON
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRELANCE_WERROR="$werror" >/dev/null
echo "relance: building (first build takes a few minutes on 2 cores)..."
cmake --build build -j "$(nproc)"
