#!/usr/bin/env bash
# The project's test command: system packages, the real models (idempotent), then every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-system-deps.sh
bash scripts/setup-models.sh >/dev/null
swift build --build-tests
swift test --skip-build
