#!/usr/bin/env bash
# Search under a varied load, against a pre-rendered page in the same run.
#
# wrk sends the 300 queries of bench/queries.txt in rotation (words of the
# content, alone and in twos and threes, some mistyped, and the queries of
# the search issue), so that no answer can be remembered; then, for
# comparison, a pre-rendered page. The server runs on core 0 with no
# access log, wrk on core 1. Rounds alternate the order of the two loads;
# the figure is the median, over rounds, of search's requests per second
# divided by the page's in the same round.
#
# Usage: bench/search.sh   (env: DURATION=10 CONNECTIONS=32 ROUNDS=5 PAGE=/asem)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-5}
PAGE=${PAGE:-/asem}
PORT=18090

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
server_cpu=""; client_cpu=""
if [ "$(nproc)" -ge 2 ]; then server_cpu="taskset -c 0"; client_cpu="taskset -c 1"; fi

cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# The queries as paths, URL-encoded, in a Lua table for wrk.
python3 - bench/queries.txt > "$work/rotate.lua" <<'PY'
import sys, urllib.parse
queries = [line.strip() for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
print("paths = {")
for q in queries:
    print('  "/search?q=%s",' % urllib.parse.quote_plus(q))
print("}")
print("i = 0")
print("request = function() i = i % #paths + 1; return wrk.format('GET', paths[i]) end")
PY

RUST_LOG=warn $server_cpu ./target/release/aseic serve --addr "127.0.0.1:$PORT" &
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.05; done

# Requests per second, and p50 and p99 in ms, of one wrk run.
measure() {
  local out
  out=$($client_cpu wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H 'Accept-Encoding: gzip, br' "$@")
  if grep -q 'Non-2xx' <<<"$out"; then echo "error: non-2xx answers: $*" >&2; exit 1; fi
  awk '/^Requests\/sec:/ { rps = $2 }
       function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
       $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
       END { print rps, p50, p99 }' <<<"$out"
}

search="http://127.0.0.1:$PORT/"
page="http://127.0.0.1:$PORT$PAGE"
measure -s "$work/rotate.lua" "$search" >/dev/null
echo "| round | search req/s | p50 ms | p99 ms | $PAGE req/s | search / page |"
echo "|---:|---:|---:|---:|---:|---:|"
ratios=()
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    read -r s50 s_p50 s_p99 < <(measure -s "$work/rotate.lua" "$search")
    read -r p_rps _ _ < <(measure "$page")
  else
    read -r p_rps _ _ < <(measure "$page")
    read -r s50 s_p50 s_p99 < <(measure -s "$work/rotate.lua" "$search")
  fi
  ratio=$(awk -v s="$s50" -v p="$p_rps" 'BEGIN { printf "%.3f", s / p }')
  ratios+=("$ratio")
  echo "| $round | $s50 | $s_p50 | $s_p99 | $p_rps | $ratio |"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo
echo "Median search / page over $ROUNDS rounds: **$median** (wrk -t1 -c$CONNECTIONS -d${DURATION}s, 300 queries in rotation)"
