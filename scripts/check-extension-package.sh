#!/usr/bin/env bash
# Extension path b: a separate Swift package (Examples/CustomExplainer) depends on AttriBench's library
# products, defines an explainer, passes the conformance kit, and runs the attribench command line with
# it beside the built-ins. Part of the test command; needs the models (scripts/setup-models.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="$root/Examples/CustomExplainer"
eval "$(bash "$root/scripts/setup-models.sh" | sed 's/^/export /')"
swift build --package-path "$package" --build-tests
swift test --package-path "$package" --skip-build
bin="$(swift build --package-path "$package" --show-bin-path)/custom-attribench"
fail() { echo "check-extension-package: FAILED: $*" >&2; exit 1; }
list="$("$bin" list explainers --json)"
for id in position-prior random raw-attention occlusion; do
  grep -q "\"id\":\"$id\"" <<<"$list" || fail "list explainers does not show $id: $list"
done
explained="$("$bin" explain --model "$DECODER_MODEL" --explainer position-prior --question "When was it finished?" \
  --response " In 1889." --json "The tower is in Paris. It was finished in 1889.")"
grep -q '"word_scores":\[1.0,0.5\]' <<<"$explained" || fail "explain with the user's explainer: $explained"
echo "check-extension-package: the user's package built, passed its conformance test and ran beside the built-ins"

# The command plugin, from the user's package: the built-in tool, and the user's own executable.
cd "$package"
plugin=(swift package --disable-sandbox --allow-writing-to-package-directory attribench)
"${plugin[@]}" list explainers --json | grep -q '"id":"occlusion"' || fail "the plugin did not run attribench list explainers"
via_plugin="$("${plugin[@]}" --product custom-attribench --configuration debug list explainers --json)"
grep -q '"id":"position-prior"' <<<"$via_plugin" || fail "the plugin with --product custom-attribench does not list the user's explainer: $via_plugin"
echo "check-extension-package: the command plugin ran attribench and the user's own executable from the user's package"
