#!/usr/bin/env bash
# Installs every Debian package bylaw needs (only when something is missing,
# so a second run touches nothing) and builds the project into build/.
#   BYLAW_BUILD_DIR   build directory (default: build)
#   BYLAW_BUILD_TYPE  CMake build type (default: Release)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  libvectorscan-dev   # Hyperscan 5.4.9, the maintained fork (provides libhs)
  libyaml-cpp-dev libboost-dev libspdlog-dev nlohmann-json3-dev libicu-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  fortunes            # everyday English for precision checks and throughput figures
  wamerican           # word list: lint's Scunthorpe check, generated benchmark packs
  libhiredis-dev redis-server   # Redis Streams worker and its tests against a real server
  libcpp-httplib-dev  # bylaw serve's HTTP server, and the client of its tests
  wrk                 # load generator of the serve benchmark
  libre2-dev libpcre2-dev libyara-dev   # peers in the benchmark suite
  clang libfuzzer-14-dev        # libFuzzer harnesses
  chromium            # renders replay reports in a test
  pybind11-dev python3-dev python3-pytest   # the Python package (python/) and its tests
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build_dir="${BYLAW_BUILD_DIR:-build}"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${BYLAW_BUILD_TYPE:-Release}" "${launcher[@]}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
