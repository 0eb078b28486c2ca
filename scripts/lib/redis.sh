# A throwaway redis-server on a random loopback port, for the scripts that
# drive workers through a Redis stream (soak.sh, worker_bench.sh). Source it;
# it defines:
#
#   redis_start DIR       start redis-server (no persistence, data and log in
#                         DIR) on $redis_port, and wait until it answers
#   redis_stop            shut it down (harmless if it is not running); call
#                         it from the caller's EXIT trap
#   cli ARGS...           redis-cli on that server
#   redis_fill STREAM ENTRIES CORPUS [LONG_EVERY]
#                         XADD ENTRIES entries to STREAM, field `json`: the
#                         lines of CORPUS over and over; with LONG_EVERY > 0,
#                         every LONG_EVERY-th entry is instead a document of
#                         about 64 KB (its line's text, repeated)

command -v redis-server >/dev/null || { echo "${0##*/}: redis-server is missing" >&2; exit 2; }

redis_port=$((20000 + RANDOM % 40000))

cli() { redis-cli -p "$redis_port" "$@"; }

redis_start() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$1" \
    --logfile "$1/redis.log" --daemonize yes --pidfile "$1/redis.pid"
  until cli ping >/dev/null 2>&1; do sleep 0.05; done
}

redis_stop() { cli shutdown nosave >/dev/null 2>&1 || true; }

# The entries in the Redis protocol, piped: far faster than one XADD a call.
redis_fill() {
  LC_ALL=C awk -v stream="$1" -v n="$2" -v long_every="${4:-0}" '
    { lines[count++] = $0 }
    END {
      for (i = 0; i < n; i++) {
        line = lines[i % count]
        if (long_every > 0 && i % long_every == long_every - 1) {
          text = line; sub(/^.*"text": *"/, "", text); sub(/"[^"]*$/, "", text)
          gsub(/\\./, " ", text)  # escapes, and the quotes they protect
          sub(/".*$/, "", text)
          long = ""; while (length(long) < 65536) long = long " " text
          line = "{\"id\": \"long-" i "\", \"text\": \"" long "\"}"
        }
        printf "*5\r\n$4\r\nXADD\r\n$%d\r\n%s\r\n$1\r\n*\r\n$4\r\njson\r\n$%d\r\n%s\r\n",
               length(stream), stream, length(line), line
      }
    }' "$3" | cli --pipe >/dev/null
}
