#!/usr/bin/env bash
# Builds and runs the whole test suite under AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/), then the concurrency tests under
# ThreadSanitizer (build-tsan/). Any report fails the run.
#   scripts/sanitize.sh            both
#   scripts/sanitize.sh asan       ASan + UBSan only (what CI runs)
#   scripts/sanitize.sh tsan       TSan only
#   BYLAW_ASAN_TESTS   ctest -R regex to run a subset under ASan (default: all)
#   BYLAW_ASAN_EXCLUDE ctest -E regex of tests to leave out under ASan (default: none)
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
jobs="$(nproc)"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

# -O1 with line tables only: sanitizer builds compile in a fraction of the
# time of -O2 -g, and stack traces still name files and lines.
# BYLAW_SANITIZE leaves the Python package out (BYLAW_BUILD_PYTHON is off by
# default): python3 cannot load a sanitized module without preloading the
# sanitizer's runtime. The plain pass runs its tests.
configure() {  # configure DIR SANITIZERS
  cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -g1" \
    -DBYLAW_SANITIZE="$2" -DBYLAW_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
}

# Any report fails the test that caused it. (A guarded Hyperscan compile
# that is meant to hit its memory limit makes ASan print an allocation
# failure from the child process; the test checks that it was reported.)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"

if [ "$which" = all ] || [ "$which" = asan ]; then
  start=$SECONDS
  # The compile child (bylaw-compile-child) runs Hyperscan's compiler, not
  # bylaw's code. Under ASan's allocator that compiler is many times slower
  # (the bundled packs pass the 60 s limit of one database) and ASan's own
  # reservations take the child's memory limit, so the ASan pass starts the
  # plain build's child; the sanitizers check the processes that start it.
  if [ -z "${BYLAW_COMPILE_CHILD:-}" ]; then
    plain="${BYLAW_BUILD_DIR:-build}"
    [ -f "$plain/build.ninja" ] || cmake -S . -B "$plain" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
    cmake --build "$plain" -j "$jobs" --target bylaw-compile-child
    export BYLAW_COMPILE_CHILD="$PWD/$plain/engine/bylaw-compile-child"
  fi
  configure build-asan address,undefined
  cmake --build build-asan -j "$jobs"
  built=$SECONDS
  ctest --test-dir build-asan --output-on-failure -j "$jobs" ${BYLAW_ASAN_TESTS:+-R "$BYLAW_ASAN_TESTS"} ${BYLAW_ASAN_EXCLUDE:+-E "$BYLAW_ASAN_EXCLUDE"}
  echo "sanitize: ASan+UBSan build $((built - start)) s, tests $((SECONDS - built)) s"
fi

if [ "$which" = all ] || [ "$which" = tsan ]; then
  start=$SECONDS
  configure build-tsan thread
  cmake --build build-tsan -j "$jobs" --target bylaw_tests
  built=$SECONDS
  # Threads scanning while the program is swapped under them.
  build-tsan/tests/bylaw_tests --gtest_filter='Concurrency*'
  echo "sanitize: TSan build $((built - start)) s, tests $((SECONDS - built)) s"
fi
