#!/usr/bin/env bash
# The project's test command: system packages, the real models (idempotent), every test, then the two
# ways users add an explainer (a scaffolded module in a copy of the repo; a separate package).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-system-deps.sh
bash scripts/setup-models.sh >/dev/null
bash scripts/check-workflows.sh
bash scripts/check-scaffold.sh
bash scripts/check-extension-package.sh
swift build --build-tests
swift test --skip-build
