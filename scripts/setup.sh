#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages relance needs to build and test, if any are missing.
# Idempotent: on a machine that has everything it only checks (no apt call).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ca-certificates tzdata ccache
  libsqlite3-dev libsqlitecpp-dev libgmime-3.0-dev libglib2.0-dev
  libkainjow-mustache-dev libcli11-dev libfmt-dev libtomlplusplus-dev
  libhowardhinnant-date-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcurl4-openssl-dev nlohmann-json3-dev python3 python3-aiosmtpd
  time  # /usr/bin/time -v: wall time and peak RSS in bench/e2e.sh
  libcpp-httplib-dev libsodium-dev  # the dashboard: HTTP server, Argon2id password hashes
  chromium  # the browser test (playwright-core comes from npm into the build folder)
  libcairo2-dev libpango1.0-dev fonts-dejavu-core  # formal-notice letters (PDF)
  poppler-utils  # pdftotext/pdftoppm: the letter tests read the PDFs back
  libpq-dev postgresql  # the PostgreSQL store (libpq) and the test server scripts/pg_server.sh starts
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "relance setup: installing ${#missing[@]} missing Debian package(s): ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "relance setup: all Debian packages present"
fi
