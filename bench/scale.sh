#!/usr/bin/env bash
# Loads content 1, 10 and 50 times the size of content/ and reports, for
# each: the time to read, check, render and compress it (the server's own
# start-up log line), the pages, the time from start to the first answered
# request, and the peak memory. Usage: bench/scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

echo "| content | partners | pages | load | first answer | peak memory |"
echo "|---|---:|---:|---:|---:|---:|"
for times in 1 10 50; do
  dir="$work/content-$times"
  bench/generate-content.py "$times" "$dir" >/dev/null
  port=$((18100 + times))
  start=$(date +%s%N)
  RUST_LOG=info ./target/release/aseic serve --addr "127.0.0.1:$port" --content "$dir" 2>"$work/log-$times" &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.002; done
  first=$(( ($(date +%s%N) - start) / 1000000 ))
  line=$(grep -m1 'serving' "$work/log-$times")
  pages=$(sed -E 's/.*\(([0-9]+) pages.*/\1/' <<<"$line")
  load=$(sed -E 's/.*loaded in ([^)]+)\).*/\1/' <<<"$line")
  partners=$(grep -c '^\[\[partner\]\]' "$dir/members.toml")
  memory=$(awk '/VmHWM/ { print $2 " " $3 }' "/proc/$pid/status")
  echo "| ${times}x | $partners | $pages | $load | ${first} ms | $memory |"
  kill -TERM "$pid"; wait "$pid" || true
done
