#!/usr/bin/env bash
# Requests and documents per second of `bylaw serve` on loopback, with wrk,
# against the in-process cost of the same documents.
#
#   scripts/serve_bench.sh [SECONDS] [RULES]     (defaults: 10, rules)
#
# The documents are the lines of Debian's `fortunes` package as JSON. For one
# and two scanners, wrk (one thread) sends them one per request (/v1/scan)
# over 1 connection (the latency of a lone client) and over 4, and 100 per
# request (/v1/scan:batch) over 4; the table shows requests/s, documents/s,
# microseconds per document and the p50 and p99 latency of a request.
# bench/scan_bench, when built, gives the in-process cost of the same lines:
# the per-document cost without HTTP. Uses $BYLAW_BUILD_DIR/cli/bylaw
# (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-10}"
rules="${2:-rules}"
build="${BYLAW_BUILD_DIR:-build}"
bylaw="$build/cli/bylaw"
[ -x "$bylaw" ] || { echo "serve_bench: build $bylaw first (scripts/setup.sh)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "serve_bench: needs wrk (scripts/setup.sh installs it)" >&2; exit 2; }

tmp="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

corpus="$tmp/fortunes.jsonl"
python3 scripts/lib/fortunes_corpus.py /usr/share/games/fortunes "$corpus"
"$bylaw" compile "$rules" -o "$tmp/rules.bylaw" --compile-seconds 86400 >/dev/null

# The in-process cost of the same lines: bench/scan_bench's Scanner::Scan on
# one thread (BM_ScanFortuneLines).
if [ -x "$build/bench/scan_bench" ]; then
  BYLAW_BENCH_RULES="$rules" "$build/bench/scan_bench" --benchmark_filter='BM_ScanFortuneLines$' \
      --benchmark_format=json 2>/dev/null \
    | python3 -c 'import json, sys
rate = json.load(sys.stdin)["benchmarks"][0]["items_per_second"]
print(f"in process (Scanner::Scan, one thread): {rate:,.0f} documents/s, {1e6 / rate:.1f} us/document\n")'
fi

printf '%-9s %-6s %-6s %12s %12s %10s %10s %10s\n' scanners batch conns requests/s documents/s \
  us/doc p50_us p99_us
for scanners in 1 2; do
  "$bylaw" serve "$tmp/rules.bylaw" --port 0 --scanners "$scanners" --reload-poll 0 \
    --max-batch 100 2> "$tmp/serve.err" &
  server=$!
  for _ in $(seq 100); do grep -q "listening on" "$tmp/serve.err" && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.]*:[0-9]*' "$tmp/serve.err")
  for run in "1 1" "1 4" "100 4"; do
    read -r batch connections <<< "$run"
    result=$(wrk -t1 -c"$connections" -d"${seconds}s" -s bench/serve/scan.lua "$url" -- "$corpus" \
             "$batch" | grep '^RESULT')
    read -r _ _ rps _ p50 _ p99 _ errors <<< "$result"
    [ "$errors" = 0 ] || echo "serve_bench: $errors requests failed" >&2
    awk -v s="$scanners" -v b="$batch" -v c="$connections" -v r="$rps" -v p50="$p50" -v p99="$p99" \
      'BEGIN { printf "%-9s %-6s %-6s %12.0f %12.0f %10.1f %10d %10d\n", s, b, c, r, r * b,
               1e6 / (r * b), p50, p99 }' 
  done
  kill "$server"; wait "$server" 2>/dev/null || true
  server=""
done
