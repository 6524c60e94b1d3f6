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
# Optimised (-O) but still a debug build (testable imports work): the real-model tests evaluate
# thousands of forward passes, 30 minutes in -Onone against about 1.5 here.
read -ra flags <<< "$(bash scripts/swift-flags.sh)"
swift build --build-tests -Xswiftc -O "${flags[@]}"
swift test --skip-build
# A short run of every libFuzzer target (fuzz/, its own package and .build): a crash, leak, timeout or
# memory blow-up fails the tests. About 5 minutes: a 70 s build, then 20 s per target.
bash scripts/fuzz.sh 20
