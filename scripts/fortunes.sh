#!/usr/bin/env bash
# Everyday English: every line of Debian's `fortunes` package decided by the
# rules; prints how many lines each category enforces (review or stricter)
# and the lines themselves. A precision check: the bundled packs enforce at
# most 0.1% of these lines.
#   scripts/fortunes.sh [RULES] [BYLAW]      defaults: rules, build/cli/bylaw
#   BYLAW_FORTUNES_LIST=0  counts only
set -euo pipefail
cd "$(dirname "$0")/.."
rules="${1:-rules}"
bylaw="${2:-${BYLAW_BUILD_DIR:-build}/cli/bylaw}"
corpus="${BYLAW_BUILD_DIR:-build}/fortunes.jsonl"
mkdir -p "$(dirname "$corpus")"
python3 scripts/lib/fortunes_corpus.py /usr/share/games/fortunes "$corpus"
"$bylaw" replay "$rules" "$corpus" 2>/dev/null | python3 scripts/lib/enforced_lines.py "$corpus" "${BYLAW_FORTUNES_LIST:-1}"
