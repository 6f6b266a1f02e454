#!/usr/bin/env bash
# Two builds of aseic side by side on the same pages: A (the binary $A) and
# B (the binary $B), each on core 0 with one worker thread, wrk alone on
# core 1, in alternating rounds; prints each round and the median ratio
# B/A per page. Traffic goes to 127.0.0.1 only.
#
# Usage: A=path/to/aseic B=path/to/aseic bench/ab.sh
#        (env: DURATION=8 CONNECTIONS=64 ROUNDS=6 PAGES="/asem /members/korea")
set -euo pipefail
cd "$(dirname "$0")/.."

: "${A:?set A to the first binary}"
: "${B:?set B to the second binary}"
DURATION=${DURATION:-8}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-6}
PAGES=${PAGES:-/asem /members /members/korea /search?q=korea /members?region=asia&kind=government}
PORT_A=18091
PORT_B=18092

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
pin_server=""; pin_client=""
if [ "$(nproc)" -ge 2 ]; then pin_server="taskset -c 0"; pin_client="taskset -c 1"; fi
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT

RUST_LOG=warn $pin_server "$A" serve --addr "127.0.0.1:$PORT_A" &
RUST_LOG=warn $pin_server "$B" serve --addr "127.0.0.1:$PORT_B" &
for port in $PORT_A $PORT_B; do
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
done

rate() {
  $pin_client wrk -t1 -c"$CONNECTIONS" -d"${2:-$DURATION}s" -H 'Accept-Encoding: gzip' "$1" |
    awk '/^Requests\/sec:/ { print $2 }'
}
median() { tr ' ' '\n' <<<"$*" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| page | A req/s | B req/s | B/A |"
echo "|---|---:|---:|---:|"
for page in $PAGES; do
  rate "http://127.0.0.1:$PORT_A$page" 2 >/dev/null; rate "http://127.0.0.1:$PORT_B$page" 2 >/dev/null
  as=""; bs=""; ratios=""
  for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then
      a=$(rate "http://127.0.0.1:$PORT_A$page"); b=$(rate "http://127.0.0.1:$PORT_B$page")
    else
      b=$(rate "http://127.0.0.1:$PORT_B$page"); a=$(rate "http://127.0.0.1:$PORT_A$page")
    fi
    as+="$a "; bs+="$b "; ratios+="$(awk -v a="$a" -v b="$b" 'BEGIN { print b / a }') "
  done
  printf '| %s | %.0f | %.0f | **%.3f** (rounds: %s) |\n' "$page" "$(median $as)" "$(median $bs)" "$(median $ratios)" \
    "$(for r in $ratios; do printf '%.2f ' "$r"; done | sed 's/ $//')"
done
