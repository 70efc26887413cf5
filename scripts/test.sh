#!/usr/bin/env bash
# The one test command (README, .ci/run): builds the solution and runs every test project.
# Everything the tests need is installed and started here, on loopback only, and stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f ../shared/data/hebei-units.csv ]; then
  echo "error: ../shared/data/hebei-units.csv is missing; the tests need ../shared beside the repository" >&2
  exit 1
fi

source scripts/postgres.sh
log=$(mktemp)
trap 'pg_stop; rm -f "$log"' EXIT
pg_start

# The console's browser test: Debian's Chromium (with a font for Chinese names) and playwright-core from npm.
if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "installing Debian's chromium and fonts-wqy-microhei for the browser test..."
  apt_install chromium fonts-wqy-microhei
fi
(cd tests/browser && npm ci --no-audit --no-fund --silent)

# The dashboard test runs its own Prometheus on a loopback port. Debian's package would also start a service
# listening on every address, so services are kept from starting while it installs (policy-rc.d).
if ! command -v prometheus >/dev/null; then
  echo "installing Debian's prometheus for the dashboard query test..."
  if [ -e /usr/sbin/policy-rc.d ]; then apt_install --no-install-recommends prometheus
  else
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt_install --no-install-recommends prometheus || { rm -f /usr/sbin/policy-rc.d; exit 1; }
    rm -f /usr/sbin/policy-rc.d
  fi
fi
export PROMETHEUS_BIN="$(command -v prometheus)"

# The manifest test: kubectl's kustomize (Debian's kubernetes-client) and the Kubernetes schemas from npm.
if ! command -v kubectl >/dev/null; then
  echo "installing Debian's kubernetes-client (kubectl) for the manifest test..."
  apt_install kubernetes-client
fi
(cd tests/manifests && npm ci --no-audit --no-fund --silent)

dotnet build KpiMesh.sln -c Release --nologo -v minimal
status=0
dotnet test KpiMesh.sln -c Release --no-build --nologo -v minimal --logger "console;verbosity=detailed" 2>&1 | tee "$log" || status=$?

# One plain closing line over all test assemblies (from each assembly's "Passed: N" / "Failed: N" summary).
awk '/^Total tests:/ { inSummary = 1; next }
     inSummary && $1 == "Passed:" { p += $2 }
     inSummary && $1 == "Failed:" { f += $2 }
     inSummary && $1 == "Total" { inSummary = 0 }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit $status
