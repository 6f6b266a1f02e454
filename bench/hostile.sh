#!/usr/bin/env bash
# Slow readers over HTTP/2, and the server's memory: CONNECTIONS
# connections from ADDRESSES loopback addresses (127.0.1.x), each opening
# STREAMS searches with a receive window of 0 that it never opens, and
# answering pings (examples/slow_reader.rs). Meanwhile a visitor at
# 127.0.0.1 fetches /asem 60 times and one search. The server's RSS is
# sampled before, at its peak, and 30 s after the attack. Traffic goes to
# loopback only, bounded in time.
#
# Usage: bench/hostile.sh [BINARY...]   (default: the release build of this
#        tree; env: CONNECTIONS=400 STREAMS=100 ADDRESSES=40 HOLD=20 AFTER=30)
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-400}
STREAMS=${STREAMS:-100}
ADDRESSES=${ADDRESSES:-40}
HOLD=${HOLD:-20}
AFTER=${AFTER:-30}
PORT=18095
cargo build --release --locked --quiet --example slow_reader
if [ "$#" -eq 0 ]; then
  cargo build --release --locked --quiet
  set -- target/release/aseic
fi
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# The visitor: 60 fetches of /asem (median and worst, ms, failures), then
# the seconds a search takes to come back with results.
visit() {
  local times=() failed=0 t
  for _ in $(seq 60); do
    if t=$(curl -sk -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 "https://localhost:$PORT/asem" \
           --resolve "localhost:$PORT:127.0.0.1"); then
      [ "${t%% *}" = 200 ] || failed=$((failed + 1))
      times+=("${t#* }")
    else
      failed=$((failed + 1))
    fi
    sleep 0.1
  done
  local search
  search=$(curl -sk -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 \
    "https://localhost:$PORT/search?q=ministry+environment" --resolve "localhost:$PORT:127.0.0.1" || echo "failed 10")
  printf '%s\n' "${times[@]}" | sort -g | awk -v failed="$failed" -v search="$search" \
    '{ v[NR] = $1 * 1000 } END { printf "/asem median %.1f ms, worst %.1f ms, %d of 60 failed; a search: %s s\n", v[int((NR + 1) / 2)], v[NR], failed, search }'
}

for binary in "$@"; do
  RUST_LOG=warn "$binary" serve --addr "127.0.0.1:$PORT" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" 2>/dev/null &
  server=$!
  until curl -skf -o /dev/null "https://127.0.0.1:$PORT/healthz"; do sleep 0.05; done
  for _ in $(seq 20); do curl -sk -o /dev/null "https://127.0.0.1:$PORT/search?q=water"; done
  start=$(rss_mb "$server")
  target/release/examples/slow_reader "127.0.0.1:$PORT" "$CONNECTIONS" "$STREAMS" "$ADDRESSES" "$HOLD" > "$work/attack.txt" &
  attack=$!
  peak=$start
  ( while kill -0 "$attack" 2>/dev/null; do rss_mb "$server"; echo; sleep 0.2; done ) > "$work/rss.txt" &
  sampler=$!
  sleep 3
  visited=$(visit)
  wait "$attack" || true
  wait "$sampler" || true
  peak=$(sort -n "$work/rss.txt" | tail -1)
  sleep "$AFTER"
  after=$(rss_mb "$server")
  kill "$server"; wait "$server" 2>/dev/null || true
  echo "$binary: RSS ${start} MB at the start, ${peak} MB at the peak, ${after} MB ${AFTER} s after; $(cat "$work/attack.txt"); $visited"
done
