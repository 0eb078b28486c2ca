#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz/ (clang, ASan + UBSan) and
# runs each one for SECONDS (default 60), one after the other, in one process
# each (no -jobs: the machine is shared).
# New corpus entries go to build-fuzz/corpus/<harness>/ (the seeds under
# tests/fuzz/corpus/ are read, never written); a crash leaves its input in
# build-fuzz/artifacts/<harness>/: copy it to tests/fuzz/regressions/<harness>/
# with the fix. Prints executions and time per harness.
#   scripts/fuzz.sh [SECONDS] [HARNESS...]      e.g. scripts/fuzz.sh 300 scan
#   BYLAW_FUZZ_DIR  build directory (default: build-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
build_dir="${BYLAW_FUZZ_DIR:-build-fuzz}"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DBYLAW_BUILD_FUZZERS=ON -DBYLAW_BUILD_TESTS=OFF \
  -DBYLAW_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null

harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for source in tests/fuzz/*_fuzzer.cc; do
    name="$(basename "$source" .cc)"
    harnesses+=("${name%_fuzzer}")
  done
fi
# The harnesses that compile rules start bylaw-compile-child (the isolated
# Hyperscan compile), found in the build tree.
cmake --build "$build_dir" -j "$(nproc)" --target "${harnesses[@]/%/_fuzzer}" bylaw-compile-child

status=0
for name in "${harnesses[@]}"; do
  corpus="$build_dir/corpus/$name"
  artifacts="$build_dir/artifacts/$name"
  mkdir -p "$corpus" "$artifacts"
  log="$build_dir/fuzz-$name.log"
  echo "fuzz: $name for ${seconds}s (log: $log)"
  # Inputs up to 64 KiB; a Hyperscan compile is bounded by the harness's own
  # compile limits, so a per-input timeout of 30 s means a real hang.
  if ! "$build_dir/tests/fuzz/${name}_fuzzer" -max_total_time="$seconds" \
      -max_len=65536 -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$corpus" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
    echo "fuzz: $name FAILED; input in $artifacts/, details in $log"
    status=1
  fi
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)"
  echo "fuzz: $name: ${runs:-?} executions in ${seconds}s, corpus $(ls "$corpus" | wc -l) inputs"
done
exit $status
