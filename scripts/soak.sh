#!/usr/bin/env bash
# Soak test: one `bylaw worker` decides a large corpus from a Redis stream on
# a local redis-server, while its resident memory is sampled twice a second.
# Prints the peak resident size and the peak of each quarter of the run, and
# fails if the last quarter's peak exceeds the third quarter's by more than 5%
# (memory must be flat once warm), or if a verdict is missing.
#
#   scripts/soak.sh [ENTRIES]        (default 3000000, about 2.5 minutes)
#
# Measured on this machine (2 cores, busy): 3,000,000 documents in 131 s; peak
# resident 94.1 MiB, per quarter 65.9, 85.3, 94.0, 94.1 MiB. Without the long
# documents the worker stays at 15.5 MiB from start to end.
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
command -v redis-server >/dev/null || { echo "soak: redis-server is missing" >&2; exit 2; }

tmp="$(mktemp -d)"
port=$((20000 + RANDOM % 40000))
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" \
  --logfile "$tmp/redis.log" --daemonize yes --pidfile "$tmp/redis.pid"
worker=""
cleanup() {
  [ -n "$worker" ] && kill "$worker" 2>/dev/null || true
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.05; done
cli() { redis-cli -p "$port" "$@"; }

# XADD soak * json LINE, in the Redis protocol for --pipe.
echo "soak: filling the stream with $entries documents"
LC_ALL=C awk -v n="$entries" '
  { lines[count++] = $0 }
  END {
    for (i = 0; i < n; i++) {
      line = lines[i % count]
      if (i % 1000 == 999) {  # a long document: the text of the line, repeated
        text = line; sub(/^.*"text": *"/, "", text); sub(/"[^"]*$/, "", text)
        gsub(/\\./, " ", text)  # escapes, and the quotes they protect
        sub(/".*$/, "", text)
        long = ""; while (length(long) < 65536) long = long " " text
        line = "{\"id\": \"long-" i "\", \"text\": \"" long "\"}"
      }
      printf "*5\r\n$4\r\nXADD\r\n$4\r\nsoak\r\n$1\r\n*\r\n$4\r\njson\r\n$%d\r\n%s\r\n",
             length(line), line
    }
  }' "$corpus" | cli --pipe >/dev/null

start=$(date +%s.%N)
"$bylaw" worker rules --source "redis://127.0.0.1:$port/soak?group=g&consumer=soak&batch=256&block-ms=50" \
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
awk -v seconds="$seconds" -v entries="$entries" '
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
    if (peak[3] > peak[2] * 1.05) { print "soak: resident memory still grows after warm-up"; exit 1 }
  }' "$tmp/rss"
[ "$verdicts" -eq "$entries" ] || { echo "soak: missing verdicts" >&2; exit 1; }
