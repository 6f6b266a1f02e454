#!/usr/bin/env bash
# A search flood against a visitor of a pre-rendered page: one client
# floods /search with the 300 varied queries of bench/queries.txt, at full
# speed over 64 connections (wrk); meanwhile a second client fetches /asem
# every few milliseconds over one keep-alive connection. The second
# client's p50 and p99 are measured idle and under the flood, side by side
# for each binary given; no request of the second client may fail. Traffic
# goes to 127.0.0.1 only, bounded in time.
#
# The server runs on core 0, both clients on core 1 (PIN=0 lets them float).
#
# Usage: bench/flood.sh [BINARY...]   (default: the release build of this
#        tree; env: PROBES=1500 FLOOD_SECONDS=20 CONNECTIONS=64 PIN=1)
set -euo pipefail
cd "$(dirname "$0")/.."

PROBES=${PROBES:-1500}
FLOOD_SECONDS=${FLOOD_SECONDS:-20}
CONNECTIONS=${CONNECTIONS:-64}
PIN=${PIN:-1}
PORT=18093
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
if [ "$#" -eq 0 ]; then
  cargo build --release --locked --quiet
  set -- target/release/aseic
fi
server_cpu=""; client_cpu=""
if [ "$PIN" = 1 ] && [ "$(nproc)" -ge 2 ]; then server_cpu="taskset -c 0"; client_cpu="taskset -c 1"; fi
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

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

# The visitor: PROBES requests of /asem, one every 2 ms, on one connection;
# prints p50 and p99 in ms and the count of failures.
cat > "$work/probe.py" <<'PY'
import http.client, sys, time
port, count = int(sys.argv[1]), int(sys.argv[2])
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
times, failed = [], 0
for _ in range(count):
    start = time.perf_counter()
    try:
        connection.request("GET", "/asem", headers={"Accept-Encoding": "br, gzip"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            failed += 1
    except Exception:
        failed += 1
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    times.append((time.perf_counter() - start) * 1000)
    time.sleep(0.002)
times.sort()
print(f"{times[len(times) // 2]:.2f} {times[int(len(times) * 0.99)]:.2f} {failed}")
PY

for binary in "$@"; do
  RUST_LOG=warn $server_cpu "$binary" serve --addr "127.0.0.1:$PORT" 2>/dev/null &
  server=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.05; done
  read -r idle50 idle99 idle_failed < <($client_cpu python3 "$work/probe.py" "$PORT" "$PROBES")
  $client_cpu wrk -t1 -c"$CONNECTIONS" -d"${FLOOD_SECONDS}s" -s "$work/rotate.lua" \
    -H 'Accept-Encoding: gzip, deflate, br, zstd' "http://127.0.0.1:$PORT" > "$work/flood.txt" &
  flood=$!
  sleep 2
  read -r flood50 flood99 flood_failed < <($client_cpu python3 "$work/probe.py" "$PORT" "$PROBES")
  wait "$flood"
  searches=$(awk '/^Requests\/sec:/ { print $2 }' "$work/flood.txt")
  non2xx=$(awk '/Non-2xx/ { print $5 }' "$work/flood.txt")
  kill "$server"; wait "$server" 2>/dev/null || true
  ratio=$(python3 -c "print(f'{$flood99 / $idle99:.2f}')")
  echo "$binary: /asem idle p50 ${idle50} ms p99 ${idle99} ms; under the flood p50 ${flood50} ms p99 ${flood99} ms (${ratio}x idle p99); failed ${idle_failed}+${flood_failed}; flood ${searches} searches/s, ${non2xx:-0} of them not 2xx"
done
