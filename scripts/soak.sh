#!/usr/bin/env bash
# Soak test: one `bylaw worker` decides a large corpus from a Redis stream on
# a local redis-server, while its resident memory is sampled twice a second.
# Prints the peak resident size and the peak of each quarter of the run, and
# fails if memory still grows after a warm-up of 10 s (the last quarter of
# the rest peaks more than 5% above its first), or if a verdict is missing.
#
#   scripts/soak.sh [ENTRIES]        (default 3000000, about 2.5 minutes)
#
# Measured on this machine (2 cores, busy): 3,000,000 documents in 128 s; peak
# resident 24.4 MiB, per quarter 24.3, 24.3, 24.3, 24.4 MiB. Before the Redis
# sink gave back the memory of long verdicts it climbed: 65.2, 86.5, 96.0,
# 96.1 MiB. Without the long documents the worker stays at 15.5 MiB; the rest
# is the scanner's state for the longest document, reached at the first one.
#
# The corpus is the lines of rules/samples/flagged.jsonl over and over, with
# every 1000th entry a document of about 64 KB (a sample's text repeated).
# Uses $BYLAW_BUILD_DIR/cli/bylaw (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."

entries="${1:-3000000}"
bylaw="${BYLAW_BUILD_DIR:-build}/cli/bylaw"
corpus=rules/samples/flagged.jsonl
[ -x "$bylaw" ] || { echo "soak: build $bylaw first (scripts/setup.sh)" >&2; exit 2; }
source scripts/lib/redis.sh

tmp="$(mktemp -d)"
worker=""
cleanup() {
  [ -n "$worker" ] && kill "$worker" 2>/dev/null || true
  redis_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
redis_start "$tmp"

echo "soak: filling the stream with $entries documents"
redis_fill soak "$entries" "$corpus" 1000

start=$(date +%s.%N)
"$bylaw" worker rules --source "redis://127.0.0.1:$redis_port/soak?group=g&consumer=soak&batch=256&block-ms=50" \
  --until-idle 2>"$tmp/worker.err" &
worker=$!
: >"$tmp/rss"
while kill -0 "$worker" 2>/dev/null; do
  awk '/^VmRSS:/ { print $2 }' "/proc/$worker/status" 2>/dev/null >>"$tmp/rss" || true
  sleep 0.5
done
wait "$worker" || { cat "$tmp/worker.err" >&2; echo "soak: the worker failed" >&2; exit 1; }
worker=""
seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
verdicts=$(cli xlen soak:verdicts)
echo "soak: $verdicts verdicts for $entries documents in $seconds s"

# Peak resident size over the run, and per quarter of the samples (KiB).
# Flatness is judged after a warm-up of 10 s (20 samples: start-up, and the
# first long documents sizing the scanner): the last quarter of the rest may
# not peak more than 5% above its first quarter.
awk -v seconds="$seconds" -v entries="$entries" -v warm=20 '
  { rss[n++] = $1 }
  END {
    if (n < 4) { print "soak: too few samples (" n ")"; exit 1 }
    for (i = 0; i < n; i++) {
      q = int(4 * i / n); if (rss[i] > peak[q]) peak[q] = rss[i]
      if (rss[i] > max) max = rss[i]
    }
    printf "soak: peak resident %.1f MiB; per quarter %.1f %.1f %.1f %.1f MiB (%d samples, %.0f docs/s)\n",
           max / 1024, peak[0] / 1024, peak[1] / 1024, peak[2] / 1024, peak[3] / 1024, n,
           entries / seconds
    if (n - warm < 8) { print "soak: too short to judge whether memory is flat (run it longer)"; exit 0 }
    for (i = warm; i < n; i++) {
      q = int(4 * (i - warm) / (n - warm)); if (rss[i] > after[q]) after[q] = rss[i]
    }
    if (after[3] > after[0] * 1.05) {
      printf "soak: resident memory still grows after warm-up: %.1f MiB, then %.1f MiB\n",
             after[0] / 1024, after[3] / 1024
      exit 1
    }
  }' "$tmp/rss"
[ "$verdicts" -eq "$entries" ] || { echo "soak: missing verdicts" >&2; exit 1; }
