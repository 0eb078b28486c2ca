#!/usr/bin/env bash
# The benchmark suite in one command: installs what is missing, builds in
# Release, and runs bench/peers/peer_bench, which checks that bylaw, raw
# Hyperscan, RE2::Set, PCRE2-JIT and YARA match the same terms on every
# document and then prints one table with the issue's targets.
#   scripts/bench.sh                 the full run (1k, 10k and 100k terms; ~10 minutes)
#   scripts/bench.sh --quick         1k and 10k terms, shorter timings
#   scripts/bench.sh --scales 10000 --seconds 3
#   BYLAW_BUILD_DIR   build directory (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
BYLAW_BUILD_TYPE=Release scripts/setup.sh
build_dir="${BYLAW_BUILD_DIR:-build}"
exec "$build_dir/bench/peers/peer_bench" "$@"
