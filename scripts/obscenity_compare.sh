#!/usr/bin/env bash
# bylaw against the npm package `obscenity` on its own English dataset:
# disguised words per class, and false positives on every line of Debian's
# `fortunes`. Installs obscenity from npm into build-obscenity/ beside the
# build (not committed, not needed by CI) and runs
# bench/obscenity/compare.mjs, which prints the tables of bench/RESULTS.md.
#   BYLAW_BUILD_DIR       build directory with cli/bylaw (default: build)
#   OBSCENITY_VERSION     the npm version to compare with (default: 0.4.6)
#   extra arguments go to compare.mjs (e.g. --level aggressive)
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${BYLAW_BUILD_DIR:-build}"
version="${OBSCENITY_VERSION:-0.4.6}"
[ -x "$build_dir/cli/bylaw" ] || BYLAW_BUILD_DIR="$build_dir" bash scripts/setup.sh
command -v node >/dev/null || { echo "obscenity_compare: needs node and npm (apt-get install nodejs npm)" >&2; exit 2; }

peer_dir="build-obscenity"
installed="$peer_dir/node_modules/obscenity/package.json"
if [ ! -f "$installed" ] || ! grep -q "\"version\": \"$version\"" "$installed"; then
  mkdir -p "$peer_dir"
  [ -f "$peer_dir/package.json" ] || echo '{ "private": true }' > "$peer_dir/package.json"
  npm install --prefix "$peer_dir" --no-audit --no-fund --silent "obscenity@$version"
fi
node bench/obscenity/compare.mjs --bylaw "$build_dir/cli/bylaw" \
  --obscenity "$peer_dir/node_modules/obscenity" --work "$peer_dir/work" \
  --taxonomy rules/taxonomy.yaml "$@"
