#!/usr/bin/env bash
# Counts the instructions aseic runs in user space per request, with
# valgrind's callgrind: a figure that, unlike requests per second, does not
# move with the machine's other load, so two versions of the code can be
# compared exactly. (The kernel's share, most of a request's time, is not
# counted.)
#
# Runs the release binary (or $BIN) under callgrind twice, sends N1 and then
# N2 requests for PAGE over 4 keep-alive connections, and prints the
# difference in instructions divided by the difference in requests: the
# start-up cancels out. Installs valgrind from Debian when missing. Traffic
# goes to 127.0.0.1 only.
#
# Usage: bench/instructions.sh   (env: PAGE=/asem N1=1000 N2=6000 BIN=target/release/aseic)
set -euo pipefail
cd "$(dirname "$0")/.."

PAGE=${PAGE:-/asem}
N1=${N1:-1000}
N2=${N2:-6000}
PORT=18089

if ! command -v valgrind >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq valgrind >/dev/null
fi
if [ -z "${BIN:-}" ]; then
  cargo build --release --locked --quiet
  BIN=target/release/aseic
fi
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# Instructions run by the server while it answers $1 requests, start-up included.
instructions() {
  RUST_LOG=warn valgrind --tool=callgrind --callgrind-out-file="$work/out" \
    "$BIN" serve --addr "127.0.0.1:$PORT" 2>"$work/log" &
  local server=$!
  for _ in $(seq 150); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
    sleep 0.2
  done
  python3 - "$1" "$PAGE" "$PORT" <<'PY'
import http.client, sys, threading
count, page, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
def client(n):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    for _ in range(n):
        connection.request("GET", page, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            sys.exit(f"{page}: status {response.status}")
clients = [threading.Thread(target=client, args=(count // 4,)) for _ in range(4)]
for c in clients: c.start()
for c in clients: c.join()
PY
  kill -INT "$server"
  wait "$server" || true
  awk '/^(summary|totals):/ { print $2; exit }' "$work/out"
}

first=$(instructions "$N1")
second=$(instructions "$N2")
echo "$PAGE: $(( (second - first) / ((N2 / 4 * 4) - (N1 / 4 * 4)) )) instructions per request ($BIN)"
