#!/usr/bin/env bash
# Pages made per request against the empty search page, in one run: the
# empty search page (`/search?q=`: the layout made and compressed per
# request, no search), the 300 varied queries of bench/queries.txt in
# rotation, the directory filtered in rotation (regions, kinds and names),
# and the pre-rendered /asem for scale. wrk sends a browser's
# Accept-Encoding (gzip, deflate, br, zstd). The server runs on core 0
# with no access log, wrk on core 1. Each binary given is measured in
# turn, round after round, so that they share the machine's moods.
# Traffic goes to 127.0.0.1 only, bounded in time.
#
# Usage: bench/made.sh [BINARY...]   (default: the release build of this
#        tree; env: DURATION=5 CONNECTIONS=32 ROUNDS=3)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-3}
PORT=18094
ENCODINGS='gzip, deflate, br, zstd'
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
if [ "$#" -eq 0 ]; then
  cargo build --release --locked --quiet
  set -- target/release/aseic
fi
server_cpu=""; client_cpu=""
if [ "$(nproc)" -ge 2 ]; then server_cpu="taskset -c 0"; client_cpu="taskset -c 1"; fi
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# The rotations, as Lua tables of paths for wrk.
python3 - bench/queries.txt "$work" <<'PY'
import sys, urllib.parse, itertools
queries = [line.strip() for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
searches = ["/search?q=" + urllib.parse.quote_plus(q) for q in queries]
regions = ["", "asia", "europe"]
kinds = ["", "government", "other"]
names = ["", "korea", "ministry", "environment", "fin", "viet", "de"]
filters = ["/members?" + urllib.parse.urlencode({k: v for k, v in (("region", r), ("kind", t), ("q", n)) if v})
           for r, t, n in itertools.product(regions, kinds, names) if r or t or n]
for name, paths in (("search", searches), ("members", filters)):
    with open(f"{sys.argv[2]}/{name}.lua", "w") as out:
        out.write("paths = {\n" + "".join(f'  "{p}",\n' for p in paths) + "}\n")
        out.write("i = 0\nrequest = function() i = i % #paths + 1; return wrk.format('GET', paths[i]) end\n")
PY

# Requests per second of one wrk run; fails on any answer but 2xx.
measure() {
  local out
  out=$($client_cpu wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -H "Accept-Encoding: $ENCODINGS" "$@")
  if grep -q 'Non-2xx' <<<"$out"; then echo "error: non-2xx answers: $*" >&2; echo "$out" >&2; exit 1; fi
  awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
}

base="http://127.0.0.1:$PORT"
echo "| round | binary | /asem | empty search | 300 queries | filtered directory | queries / empty | directory / empty |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
for round in $(seq "$ROUNDS"); do
  for binary in "$@"; do
    RUST_LOG=warn $server_cpu "$binary" serve --addr "127.0.0.1:$PORT" &
    server=$!
    until curl -sf -o /dev/null "$base/healthz"; do sleep 0.05; done
    measure -s "$work/search.lua" "$base/" >/dev/null   # warm up
    asem=$(measure "$base/asem")
    empty=$(measure "$base/search?q=")
    search=$(measure -s "$work/search.lua" "$base/")
    members=$(measure -s "$work/members.lua" "$base/")
    kill "$server"; wait "$server" 2>/dev/null || true
    awk -v r="$round" -v b="$binary" -v a="$asem" -v e="$empty" -v s="$search" -v m="$members" \
      'BEGIN { printf "| %d | %s | %.0f | %.0f | %.0f | %.0f | %.3f | %.3f |\n", r, b, a, e, s, m, s / e, m / e }'
  done
done
