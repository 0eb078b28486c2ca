#!/usr/bin/env bash
# Installs a build into a scratch prefix, then builds and runs the consumer
# project (tests/consumer/) against the installed tree alone, as a user's
# program would: through CMake (find_package(bylaw)) and through pkg-config,
# each with the shared libraries and with the static archives. Fails on a
# link error (a dependency an archive does not declare), on a wrong verdict,
# or when a program links other than what it asked for.
#   BYLAW_BUILD_DIR   the build to install, already built (default: build)
#   CXX, CC           the compilers for the pkg-config builds (default: g++, gcc)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BYLAW_BUILD_DIR:-build}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
libdir="$(dirname "$(find "$prefix" -name bylaw-runtime.pc -print -quit)")/.."
# The library was configured for another prefix: name the installed child,
# as a program installed elsewhere than it was built for does.
export BYLAW_COMPILE_CHILD="$prefix/libexec/bylaw-compile-child"
rules="$PWD/tests/testdata/tiny_rules"

fail() { echo "consumer: $*" >&2; exit 1; }

# run_pair DIR LINKAGE: runs DIR/compile_and_scan, DIR/load_and_replay and
# DIR/c_scan and checks their verdicts and what they link (shared or static).
run_pair() {
  local dir="$1" linkage="$2" out
  out="$("$dir/compile_and_scan" "$rules" "$dir/tiny.bylaw" "who's doing the blackout challenge tonight")" \
    || fail "$dir/compile_and_scan failed: $out"
  [ "$out" = "decision remove" ] || fail "$dir/compile_and_scan said: $out"
  out="$(printf '%s\n' '{"id":"a","text":"the blackout challenge"}' '{"id":"b","text":"a quiet day"}' \
         | "$dir/load_and_replay" "$dir/tiny.bylaw")" || fail "$dir/load_and_replay failed"
  [ "$out" = $'a remove\nb allow' ] || fail "$dir/load_and_replay said: $out"
  out="$("$dir/c_scan" "$rules" "the blackout challenge")" || fail "$dir/c_scan failed: $out"
  [ "$out" = "decision remove" ] || fail "$dir/c_scan said: $out"
  for program in compile_and_scan load_and_replay c_scan; do
    libraries="$(ldd "$dir/$program")"
    if [[ "$libraries" == *libbylaw_* ]]; then found=shared; else found=static; fi
    [ "$found" = "$linkage" ] || fail "$dir/$program links bylaw $found, not $linkage"
  done
  echo "consumer: $dir ($linkage) ok"
}

# Through CMake.
for linkage in shared static; do
  static=OFF
  [ "$linkage" = static ] && static=ON
  cmake -S tests/consumer -B "$work/cmake-$linkage" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
    -DBYLAW_CONSUMER_STATIC="$static" >/dev/null
  cmake --build "$work/cmake-$linkage" >/dev/null
  run_pair "$work/cmake-$linkage" "$linkage"
done

# Through pkg-config.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cxx="${CXX:-g++}"
flags=(-std=c++20 -Wall -Wextra -Werror)
cc="${CC:-gcc}"
cflags=(-std=c11 -Wall -Wextra -Werror)
mkdir -p "$work/pc-shared" "$work/pc-static"
"$cxx" "${flags[@]}" tests/consumer/compile_and_scan.cc -o "$work/pc-shared/compile_and_scan" \
  $(pkg-config --cflags --libs bylaw-compiler) -Wl,-rpath,"$libdir"
"$cxx" "${flags[@]}" tests/consumer/load_and_replay.cc -o "$work/pc-shared/load_and_replay" \
  $(pkg-config --cflags --libs bylaw-adapters bylaw-runtime) -Wl,-rpath,"$libdir"
"$cc" "${cflags[@]}" tests/consumer/c_scan.c -o "$work/pc-shared/c_scan" \
  $(pkg-config --cflags --libs bylaw-compiler) -Wl,-rpath,"$libdir"
run_pair "$work/pc-shared" shared
# --static lists the archives' own dependencies; the archive is named by path
# so that the linker cannot pick the shared library beside it.
static_libs() { pkg-config --static --libs "$@" | sed "s|-lbylaw_\([a-z]*\)|$libdir/libbylaw_\1.a|g"; }
"$cxx" "${flags[@]}" tests/consumer/compile_and_scan.cc -o "$work/pc-static/compile_and_scan" \
  $(pkg-config --cflags bylaw-compiler) $(static_libs bylaw-compiler)
"$cxx" "${flags[@]}" tests/consumer/load_and_replay.cc -o "$work/pc-static/load_and_replay" \
  $(pkg-config --cflags bylaw-adapters bylaw-runtime) $(static_libs bylaw-adapters bylaw-runtime)
"$cc" "${cflags[@]}" tests/consumer/c_scan.c -o "$work/pc-static/c_scan" \
  $(pkg-config --cflags bylaw-compiler) $(static_libs bylaw-compiler)
run_pair "$work/pc-static" static

# The Python package, installed with its compile child beside the module:
# it imports from the installed tree and compiles with that child (the
# environment names none).
module="$(find "$prefix" -name '_bylaw*.so' -print -quit)"
if [ -n "$module" ]; then
  python="$(sed -n 's/^Python3_EXECUTABLE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")"
  [ -x "$(dirname "$module")/bylaw-compile-child" ] || fail "no compile child beside $module"
  out="$(env -u BYLAW_COMPILE_CHILD PYTHONPATH="$(dirname "$(dirname "$module")")" "$python" -c '
import sys, bylaw
assert bylaw.__file__.startswith(sys.argv[1]), bylaw.__file__
print(bylaw.Rules.compile(sys.argv[2]).scan("the blackout challenge").decision)' "$prefix" "$rules")" \
    || fail "the installed Python package failed: $out"
  [ "$out" = "remove" ] || fail "the installed Python package said: $out"
  echo "consumer: Python package ok"
fi
