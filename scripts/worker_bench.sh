#!/usr/bin/env bash
# Entries per second of `bylaw worker` reading a Redis stream, with one and
# with two workers in one consumer group, on a local redis-server.
#
#   scripts/worker_bench.sh [ENTRIES]        (default 200000)
#
# Each run fills the stream `bench` with ENTRIES documents (the lines of
# rules/samples/flagged.jsonl, over and over), starts the workers with the
# bundled rules and --until-idle, and times them until they exit. The time
# includes each worker's start (compiling rules/), measured on its own as
# `start-up`. Uses $BYLAW_BUILD_DIR/cli/bylaw (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."

entries="${1:-200000}"
bylaw="${BYLAW_BUILD_DIR:-build}/cli/bylaw"
corpus=rules/samples/flagged.jsonl
[ -x "$bylaw" ] || { echo "worker_bench: build $bylaw first (scripts/setup.sh)" >&2; exit 2; }
source scripts/lib/redis.sh

tmp="$(mktemp -d)"
cleanup() {
  redis_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
redis_start "$tmp"

fill() { redis_fill bench "$entries" "$corpus"; }

now() { date +%s.%N; }
# Arithmetic on decimals: calc EXPRESSION (awk, so that bc is not needed).
calc() { awk "BEGIN { print $1 }"; }

uri() { echo "redis://127.0.0.1:$redis_port/bench?group=g&consumer=$1&batch=256&block-ms=50"; }

# Start-up: one worker on an empty stream, until it sees nothing to do.
cli del bench >/dev/null
start=$(now)
"$bylaw" worker rules --source "$(uri warmup)" --until-idle 2>/dev/null
startup=$(calc "$(now) - $start")
printf 'start-up (compile rules/, connect, one empty read): %.3f s\n' "$startup"

for workers in 1 2; do
  cli del bench bench:verdicts >/dev/null
  fill
  start=$(now)
  pids=()
  for ((w = 1; w <= workers; w++)); do
    "$bylaw" worker rules --source "$(uri "w$w")" --until-idle 2>"$tmp/w$w.err" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  seconds=$(calc "$(now) - $start")
  verdicts=$(cli xlen bench:verdicts)
  [ "$verdicts" -eq "$entries" ] || { echo "worker_bench: $verdicts verdicts for $entries entries" >&2; exit 1; }
  printf '%d worker(s): %d entries in %.3f s: %.0f entries/s (%.0f entries/s without start-up)\n' \
    "$workers" "$entries" "$seconds" "$(calc "$entries / $seconds")" \
    "$(calc "$entries / ($seconds - $startup)")"
done
