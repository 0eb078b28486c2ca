#!/usr/bin/env bash
# Replays the classes of hostile input that an outside review found against a
# build of bylaw, and fails if any of them crashes, hangs, leaks a file,
# writes a raw control character or runs past its memory:
#
#   symlinks       a rules folder, a `diff REV:PATH` revision and a `files:`
#                  folder with symlinks to a secret outside, and a symlink loop
#   program files  a compiled program with bytes flipped and the checksum
#                  made to match again (a forger's file), many times over
#   rules          `rule(a) and rule(a)` 40 deep; a rule() chain 20,000 long;
#                  a YAML alias bomb; a 200,000-deep `[` line; a regex with
#                  which some Hyperscan releases abort every long scan
#   documents      lone surrogates and invalid UTF-8 in JSON; a term padded
#                  with 40,000 zero-width spaces, streamed; CR-only WebVTT;
#                  a caption line of a million `<`; a refused document whose
#                  id holds terminal escapes; a megabyte of letters spelled
#                  out or masked, with one regex match growing through it;
#                  a megabyte with a match every other byte, in 128 MiB
#   metrics        slow and idle clients against a worker's metrics endpoint
#                  (only when redis-server is installed)
#
# Every command runs under `timeout` and an address-space limit: a hang or a
# runaway allocation is a failure, not a stuck script. Prints one line per
# case and a count; exits 1 if any case failed.
#   scripts/adversarial.sh [BUILD_DIR]     default: build (scripts/setup.sh)
#   BYLAW_ADVERSARIAL_SEED  seed of the flipped bytes (default 1)
#   BYLAW_ADVERSARIAL_FLIPS forged program files to try (default 200)
set -uo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
bylaw="$(pwd)/$build/cli/bylaw"
[ -x "$bylaw" ] || { echo "adversarial: no $bylaw; build first (scripts/setup.sh)"; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/bylaw-adversarial.XXXXXX")"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
secret="CI_SECRET=hunter2-$RANDOM"

pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1: $2"; }

# run SECONDS COMMAND...: the command under a time limit and $memory_kib
# KiB of address space (4 GiB unless a case says less); its output in
# $work/out, its status in $status.
memory_kib=$((4 * 1024 * 1024))
run() {
  local seconds="$1"
  shift
  (ulimit -v "$memory_kib"; timeout "$seconds" "$@") >"$work/out" 2>&1
  status=$?
}

# expect NAME STATUSES [PATTERN]: the last run ended with one of STATUSES
# (a space-separated list) and, when given, printed PATTERN; never a signal
# (a crash is 128 + signal), never a timeout (124), never the secret, never
# a raw ESC.
expect() {
  local name="$1" statuses="$2" pattern="${3:-}"
  if [ "$status" -eq 124 ]; then fail "$name" "timed out"; return; fi
  if [ "$status" -gt 128 ]; then fail "$name" "killed by signal $((status - 128))"; return; fi
  if ! [[ " $statuses " == *" $status "* ]]; then
    fail "$name" "exit $status, expected one of: $statuses ($(head -c 300 "$work/out"))"
    return
  fi
  if grep -q "hunter2" "$work/out"; then fail "$name" "the secret reached the output"; return; fi
  if grep -q $'\x1b' "$work/out"; then fail "$name" "a raw ESC reached the output"; return; fi
  if [ -n "$pattern" ] && ! grep -q -- "$pattern" "$work/out"; then
    fail "$name" "no \`$pattern\` in: $(head -c 300 "$work/out")"
    return
  fi
  pass "$name"
}

# A rules folder: the test taxonomy and a pack `rules.yaml` with RULES.
make_rules() {  # make_rules DIR RULES_YAML
  mkdir -p "$1"
  cat >"$1/taxonomy.yaml" <<'EOF'
categories:
  - { id: frauds-and-scams, title: Frauds and scams }
EOF
  printf 'category: frauds-and-scams\nterms:\n  gift: [gift card]\n  refund: [refund]\nrules:\n%s' \
    "$2" >"$1/pack.yaml"
}

echo "$secret" >"$work/secret.yaml"

# ---- symlinks ---------------------------------------------------------------
make_rules "$work/links" "  - { id: r, when: gift }
"
ln -s "$work/secret.yaml" "$work/links/leak.yaml"
ln -s /proc/self/environ "$work/links/environ.yaml"
run 60 env CI_SECRET=hunter2 "$bylaw" check "$work/links"
expect "check: symlinks out of the rules folder are errors, not read" "1" "symlink leads outside"
run 60 "$bylaw" lint "$work/links"
expect "lint: the same folder" "1 2"

make_rules "$work/loop" "  - { id: r, when: gift }
"
ln -s loop.yaml "$work/loop/loop.yaml"
run 60 "$bylaw" check "$work/loop"
expect "check: a symlink loop is reported, not thrown" "1" "cannot follow symlink"

(
  cd "$work" && mkdir repo && cd repo && git init -q && make_rules rules "  - { id: r, when: gift }
" && ln -s "$work/secret.yaml" rules/leak.yaml && git add -A && git -c user.name=a -c user.email=a@b \
    commit -q -m x
) >/dev/null 2>&1
echo '{"id":"1","text":"a gift card"}' >"$work/corpus.jsonl"
(cd "$work/repo" && run 60 "$bylaw" diff HEAD:rules HEAD:rules "$work/corpus.jsonl"; echo "$status" >"$work/status")
status="$(cat "$work/status")"
expect "diff REV:PATH: a committed symlink is not followed" "1 2"

mkdir -p "$work/files"
echo "a gift card" >"$work/files/post.txt"
ln -s "$work/secret.yaml" "$work/files/leak.txt"
make_rules "$work/plain" "  - { id: r, when: gift }
"
run 60 "$bylaw" replay "$work/plain" "files:$work/files"
expect "files:DIR: a symlink out of the folder is not read" "0" "symlink out of the folder"

# ---- forged program files ---------------------------------------------------
run 120 "$bylaw" compile "$work/plain" -o "$work/good.bylaw"
expect "compile a program file to forge" "0"
python3 - "$work/good.bylaw" "$work/forged" "${BYLAW_ADVERSARIAL_SEED:-1}" \
  "${BYLAW_ADVERSARIAL_FLIPS:-200}" <<'EOF'
# Writes forged copies of a program file: body bytes changed (flipped,
# counts made huge), the body size and SHA-256 in the header made to match.
import hashlib, os, random, struct, sys
good, out, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
data = open(good, 'rb').read()
header, body = data[:88], bytearray(data[88:])
rng = random.Random(seed)
os.makedirs(out, exist_ok=True)
for n in range(count):
    forged = bytearray(body)
    for _ in range(rng.choice([1, 1, 2, 8])):
        at = rng.randrange(len(forged))
        if rng.random() < 0.3 and at + 8 <= len(forged):
            forged[at:at + 8] = struct.pack('<Q', rng.choice([2**32 - 1, 2**40, 2**63, len(forged)]))
        else:
            forged[at] ^= 1 << rng.randrange(8)
    head = header[:16] + struct.pack('<Q', len(forged)) + hashlib.sha256(forged).hexdigest().encode()
    open(os.path.join(out, f'{n:04d}.bylaw'), 'wb').write(head + forged)
EOF
forged_failures=0
for file in "$work"/forged/*.bylaw; do
  run 30 "$bylaw" scan "$file" "a gift card and a refund"
  if [ "$status" -eq 124 ] || [ "$status" -gt 128 ]; then
    forged_failures=$((forged_failures + 1))
    echo "      $(basename "$file"): status $status"
  fi
done
if [ "$forged_failures" -eq 0 ]; then
  pass "forged program files: each refused or decided, none crashed or hung"
else
  fail "forged program files" "$forged_failures crashed or hung (kept in $work/forged)"
  trap - EXIT
fi

# ---- hostile rules ----------------------------------------------------------
rules="  - { id: r0, when: 'gift and not refund' }
"
for i in $(seq 1 40); do rules+="  - { id: r$i, when: 'rule(r$((i - 1))) and rule(r$((i - 1)))' }
"; done
make_rules "$work/shared" "$rules"
run 120 "$bylaw" check "$work/shared"
expect "rule(a) and rule(a) 40 deep compiles in linear time" "0"

python3 - "$work/chain" <<'EOF'
import os, sys
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
open(f'{d}/taxonomy.yaml', 'w').write('categories:\n  - { id: frauds-and-scams, title: F }\n')
rules = ''.join(f"  - {{ id: r{i}, when: 'rule(r{i - 1})' }}\n" for i in range(1, 20000))
open(f'{d}/pack.yaml', 'w').write(
    'category: frauds-and-scams\nterms:\n  gift: [gift card]\nrules:\n  - { id: r0, when: gift }\n' + rules)
EOF
run 300 "$bylaw" check "$work/chain"
expect "a rule() chain 20,000 long is one error, not a stack overflow" "1" "levels of conditions"

python3 - "$work/aliases" <<'EOF'
import os, sys
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
open(f'{d}/taxonomy.yaml', 'w').write('categories:\n  - { id: frauds-and-scams, title: F }\n')
big = 'a' * 400
open(f'{d}/pack.yaml', 'w').write('category: frauds-and-scams\nterms:\n  big: [&big \'' + big + "'" +
                                  ', *big' * 100000 + ']\nrules: [{ id: r, when: big }]\n')
EOF
run 120 "$bylaw" check "$work/aliases"
expect "a YAML alias bomb is refused within the memory limit" "1" "aliases expand"

make_rules "$work/brackets" ""
python3 -c "print('category: frauds-and-scams\nterms: ' + '[' * 200000)" >"$work/brackets/pack.yaml"
run 120 "$bylaw" check "$work/brackets"
lines_long="$(awk 'length > 400' "$work/out" | wc -l)"
if [ "$lines_long" -ne 0 ]; then status=99; fi
expect "200,000 nested \`[\` are quoted as a short excerpt" "1"

# vectorscan 5.4.9 aborts every scan of more than 255 bytes with this regex:
# an error at compile time where the library has the bug, a verdict where not.
make_rules "$work/reverse" ""
printf '%s\n' 'category: frauds-and-scams' 'terms:' "  zs: [{ regex: '\\bz{3,}\\b' }]" \
  'rules:' '  - { id: r, when: zs }' >"$work/reverse/pack.yaml"
run 120 "$bylaw" scan "$work/reverse" "$(printf 'x%.0s' {1..300}) zzzz"
expect "a regex that aborts some Hyperscan releases on long texts never aborts a scan" "0 1 3"

# ---- hostile documents ------------------------------------------------------
make_rules "$work/doc" "  - { id: r, when: gift }
"
printf '%s\n' '{"id":"js","text":"a gift\ud800 card"}' >"$work/bad.jsonl"
printf '{"id":"bytes","text":"a gift card \xff"}\n' >>"$work/bad.jsonl"
run 60 "$bylaw" replay "$work/doc" "$work/bad.jsonl"
decided="$(grep -c '"decision"' "$work/out")"
expect "lone surrogates and invalid UTF-8 are decided, with a warning" "0" "read as U+FFFD"
[ "$decided" -eq 2 ] || fail "both documents decided" "$decided verdicts"

python3 -c "
import json
print(json.dumps({'id': 'padded', 'text': 'a gi' + '\u200b' * 40000 + 'ft card'}))" >"$work/padded.jsonl"
run 60 "$bylaw" replay --max-document-bytes 1K "$work/doc" "$work/padded.jsonl"
expect "40,000 zero-width spaces inside a term, streamed, still match" "0" '"rules":\[{"rule":"r"'

printf 'WEBVTT\r\r00:00:01.000 --> 00:00:02.000\ra gift\r\r00:00:02.000 --> 00:00:03.000\rcard\r' \
  >"$work/cr.vtt"
run 60 "$bylaw" replay "$work/doc" "captions:$work/cr.vtt"
expect "CR-only WebVTT is read cue by cue" "0" '"rules":\[{"rule":"r"'

python3 -c "print('1\n00:00:01,000 --> 00:00:02,000\n' + '<' * 1000000 + ' gift card')" >"$work/angles.srt"
run 60 "$bylaw" replay "$work/doc" "captions:$work/angles.srt"
expect "a caption line of a million \`<\` is stripped in one pass" "0"

# Spelled-out letters join one at a time, every `*` of a masked word had its
# stretch of the word read, and a regex reports every end of a growing
# match: each once cost the square of the run (minutes a megabyte).
make_rules "$work/runs" ""
printf '%s\n' 'category: frauds-and-scams' 'terms:' "  spaced: [{ regex: '\\b(?:\\w[ .]){3,}\\w\\b' }]" \
  '  gift: [gift card]' 'rules:' '  - { id: r, when: spaced and gift }' >"$work/runs/pack.yaml"
python3 -c "
import json
print(json.dumps({'id': 'dots', 'text': 't.i.d.e ' * 125000 + 'gift card'}))
print(json.dumps({'id': 'spaces', 'text': 'x y z ' * 160000 + 'gift card'}))
print(json.dumps({'id': 'masks', 'text': 'ab*' * 300000 + ' gift card'}))" >"$work/runs.jsonl"
run 60 "$bylaw" replay --max-document-bytes 2M "$work/runs" "$work/runs.jsonl"
expect "a megabyte of spelled-out letters, of masks, one regex match across it: linear time" "0" \
  '"id":"spaces","decision":"review"'

# A whole scan keeps every match of a field at once: a megabyte with a match
# every other byte took 134 MB (690 MB of leet symbols with the bundled
# packs). A whole scan now stops at a number of matches in proportion to
# the text, and the document is streamed.
make_rules "$work/dense" ""
printf '%s\n' 'category: frauds-and-scams' 'terms:' "  digit: [{ regex: '\\b\\d\\b' }]" \
  "  price: [{ regex: '\\\$\\d' }]" 'rules:' "  - { id: r, when: 'count(digit) >= 3 and price' }" \
  >"$work/dense/pack.yaml"
python3 -c "import json; print(json.dumps({'id': 'dense', 'text': '1 2 \$3 4 5 6 7 8 9 0 ' * 49000}))" \
  >"$work/dense.jsonl"
memory_kib=$((128 * 1024))
run 60 "$bylaw" replay "$work/dense" "$work/dense.jsonl"
memory_kib=$((4 * 1024 * 1024))
expect "a megabyte dense with matches is decided in 128 MiB of address space" "0" \
  '"id":"dense","decision":"review"'

printf '{"id":"\\u001b]0;pwned\\u0007\\u001b[2Jfake","text":"%s"}\n' "$(head -c 200 /dev/zero | tr '\0' a)" \
  >"$work/escape.jsonl"
run 60 "$bylaw" replay --oversize refuse --max-document-bytes 10 "$work/doc" "$work/escape.jsonl"
# Exit 5: its one document was refused, more than half of the input.
expect "a refused document's id is escaped in the log" "5" 'x1b'

# ---- metrics endpoint -------------------------------------------------------
if command -v redis-server >/dev/null && command -v python3 >/dev/null; then
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  redis-server --port "$port" --save '' --appendonly no --daemonize yes \
    --pidfile "$work/redis.pid" >/dev/null
  "$bylaw" worker "$work/doc" --source "redis://127.0.0.1:$port/in" --metrics-port 0 \
    >"$work/worker.out" 2>&1 &
  worker=$!
  for _ in $(seq 100); do grep -q "metrics on" "$work/worker.out" && break; sleep 0.1; done
  metrics="$(grep -o 'http://[^ ]*' "$work/worker.out" | head -1)"
  run 60 python3 - "$metrics" <<'EOF'
# Holds 40 idle and 3 trickling connections open, then scrapes: the scrape
# must be answered while they hang on.
import socket, sys, threading, time, urllib.parse, urllib.request
url = sys.argv[1]
host, port = urllib.parse.urlparse(url).hostname, urllib.parse.urlparse(url).port
idle = [socket.create_connection((host, port)) for _ in range(40)]
done = False
def trickle():
    s = socket.create_connection((host, port))
    for b in b'GET /metrics HTTP/1.1\r\nX: ' + b'a' * 1000:
        if done: break
        try: s.send(bytes([b]))
        except OSError: break
        time.sleep(0.5)
threads = [threading.Thread(target=trickle, daemon=True) for _ in range(3)]
for t in threads: t.start()
time.sleep(1)
body = urllib.request.urlopen(url, timeout=10).read().decode()
done = True
print('scraped' if 'bylaw_' in body else 'empty: ' + body[:200])
EOF
  expect "metrics answer a scrape while slow and idle clients hang on" "0" "scraped"
  kill -TERM "$worker"
  start=$SECONDS
  wait "$worker"
  status=$?
  if [ $((SECONDS - start)) -gt 10 ]; then status=124; fi
  expect "SIGTERM is not delayed by them" "0"
  kill "$(cat "$work/redis.pid")" 2>/dev/null
else
  echo "skip  metrics endpoint (no redis-server)"
fi

echo "adversarial: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
