#!/usr/bin/env bash
# Installs, builds and runs bylaw's main job: check and lint the bundled rule
# packs, run their examples, then replay the sample corpus of flagged content.
# Verdicts go to build/sample-verdicts.jsonl and an HTML report to
# build/sample-report.html; the summary is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build_dir="${BYLAW_BUILD_DIR:-build}"
"$build_dir/cli/bylaw" check rules
"$build_dir/cli/bylaw" lint rules
"$build_dir/cli/bylaw" test rules
"$build_dir/cli/bylaw" replay rules rules/samples/flagged.jsonl -o "$build_dir/sample-verdicts.jsonl" \
  --report "$build_dir/sample-report.html"
echo "verdicts: $build_dir/sample-verdicts.jsonl"
echo "report: $build_dir/sample-report.html"
