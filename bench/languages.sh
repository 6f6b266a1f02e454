#!/usr/bin/env bash
# What the Korean translation costs: the load time and the memory of the
# server with the built-in content in English alone and in English and
# Korean, and the speed of a Korean page against its English twin, side by
# side in one run. Traffic goes to 127.0.0.1 only, bounded in time.
#
# The server runs on core 0 and wrk on core 1 (PIN=0 lets them float).
# Each pair of pages is measured in ROUNDS rounds, the order swapped every
# round; the ratio Korean/English of each round is printed.
#
# Usage: bench/languages.sh   (env: DURATION=5 CONNECTIONS=32 ROUNDS=4 PIN=1)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-4}
PIN=${PIN:-1}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
cargo build --release --locked --quiet
BIN=target/release/aseic
PORT=18191
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

# The content in English alone: no list of languages, no ko/ folder.
cp -r content "$work/english"
rm -rf "$work/english/ko"
python3 - "$work/english/site.toml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
open(path, "w").write(re.sub(r"languages = \[.*?\]\n", "", text, flags=re.S))
PY
cp -r content "$work/both"

server_core() { if [ "$PIN" = 1 ]; then echo "taskset -c 0"; fi; }
client_core() { if [ "$PIN" = 1 ]; then echo "taskset -c 1"; fi; }

start() {
  RUST_LOG=info $(server_core) "$BIN" serve --no-watch --content "$1" --addr "127.0.0.1:$PORT" 2>"$work/log" &
  server=$!
  for _ in $(seq 100); do grep -q "serving" "$work/log" 2>/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2; cat "$work/log" >&2; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; }

echo "== load time and memory, 3 starts each"
for content in english both; do
  for _ in 1 2 3; do
    start "$work/$content"
    loaded=$(grep -o "loaded in [0-9.]*m\?s" "$work/log" | head -1)
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
    pages=$(grep -o "([0-9]* pages" "$work/log" | head -1)
    echo "$content: $loaded, RSS $((rss / 1024)) MiB, $pages)"
    stop
  done
done

echo "== Korean pages against their English twins (requests/s; $ROUNDS rounds of ${DURATION}s, $CONNECTIONS connections)"
start "$work/both"
rate() {
  $(client_core) wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -H 'Accept-Encoding: gzip, deflate, br, zstd' \
    "http://127.0.0.1:$PORT$1" | awk '/Requests\/sec/ {print $2}'
}
for pair in "/asem /ko/asem" "/members/korea /ko/members/korea" "/search?q=ministry /ko/search?q=%ED%99%98%EA%B2%BD%EB%B6%80"; do
  set -- $pair
  for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then en=$(rate "$1"); ko=$(rate "$2"); else ko=$(rate "$2"); en=$(rate "$1"); fi
    ratio=$(python3 -c "print(f'{$ko / $en:.2f}')")
    echo "$1 $en | $2 $ko | ratio $ratio"
  done
done
stop
