#!/usr/bin/env bash
# Extension path a: `swift package attribench new-explainer` (the command plugin) in a copy of this repository scaffolds a module that
# builds, is registered, and passes its own tests and the catalog's conformance test at once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
copy="$(mktemp -d)/attribench"
trap 'rm -rf "$(dirname "$copy")"' EXIT
mkdir -p "$copy"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$copy")
cd "$copy"
# Through the command plugin, as a user would: swift package attribench new-explainer NAME.
swift package --disable-sandbox --allow-writing-to-package-directory attribench new-explainer scaffold-check --family perturbation
swift build --build-tests
swift test --skip-build --filter "ScaffoldCheckExplainerTests|CatalogConformanceTests"
"$(swift build --show-bin-path)/attribench" list explainers --json | grep -q '"id":"scaffold-check"' \
  || { echo "check-scaffold: FAILED: the scaffolded explainer is not listed" >&2; exit 1; }
echo "check-scaffold: the scaffolded explainer built, registered itself and passed its tests"
