#!/usr/bin/env bash
# Benchmarks aseic against nginx serving the same pages, side by side.
#
# Builds the release binary, exports the site, precompresses the export with
# gzip -9 for nginx (gzip_static on), then runs wrk on loopback against both,
# alternating, for each page. Prints requests/s, p50 and p99 latency, the
# ratio aseic/nginx, and aseic's peak memory. Installs nginx and wrk from
# Debian when missing. Traffic goes to 127.0.0.1 only, bounded in time.
#
# On a machine of two or more cores the servers share core 0 and wrk runs
# alone on core 1 (PIN=0 lets them all float): wrk then cannot steal the
# servers' time, which otherwise makes every figure noisy. Each server gets
# one worker for its one core.
#
# Usage: bench/run.sh   (env: DURATION=10 CONNECTIONS=64 ROUNDS=3 PIN=1 PAGES="/asem /members")
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
PAGES=${PAGES:-/asem /members /members/korea}
PIN=${PIN:-1}
[ "$(nproc)" -ge 2 ] || PIN=0
if [ "$PIN" = 1 ]; then
  server_cpu="taskset -c 0"; client_cpu="taskset -c 1"; nginx_workers=1
else
  server_cpu=""; client_cpu=""; nginx_workers=auto
fi
ASEIC_PORT=18080
NGINX_PORT=18081

if ! command -v wrk >/dev/null || ! [ -x /usr/sbin/nginx ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light wrk >/dev/null
fi

cargo build --release --locked --quiet
work=$(mktemp -d)
chmod 755 "$work"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

./target/release/aseic export --out "$work/site" >/dev/null
find "$work/site" -type f ! -name '*.gz' -exec gzip -9 -k {} +
chmod -R a+rX "$work/site"

cat > "$work/nginx.conf" <<CONF
worker_processes $nginx_workers;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  open_file_cache max=1000 inactive=60s;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/site;
    gzip_static on;
    location / {
      try_files \$uri \$uri/index.html =404;
      add_header Cache-Control no-cache;
    }
  }
}
CONF
mkdir -p "$work/tmp"
$server_cpu /usr/sbin/nginx -c "$work/nginx.conf" -e "$work/nginx-error.log" &
RUST_LOG=warn $server_cpu ./target/release/aseic serve --addr "127.0.0.1:$ASEIC_PORT" &
aseic_pid=$!
sleep 1

# wrk's latency to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); print v }
    else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } }'
}

wrk_threads=2; [ "$PIN" = 1 ] && wrk_threads=1

# One wrk run: prints "requests_per_second p50_ms p99_ms".
measure() {
  local out
  out=$($client_cpu wrk -t"$wrk_threads" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H 'Accept-Encoding: gzip' "$1")
  if ! grep -q 'Non-2xx' <<<"$out"; then :; else echo "error: non-2xx answers from $1" >&2; exit 1; fi
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  echo "$rps $p50 $p99"
}

for server in "$ASEIC_PORT" "$NGINX_PORT"; do
  curl -sf -o /dev/null -H 'Accept-Encoding: gzip' "http://127.0.0.1:$server/asem" || { echo "server on $server is not answering" >&2; exit 1; }
done

echo "| page | server | requests/s | p50 ms | p99 ms |"
echo "|---|---|---:|---:|---:|"
summary=()
for page in $PAGES; do
  declare -A sum=()
  for round in $(seq "$ROUNDS"); do
    for name in aseic nginx; do
      port=$ASEIC_PORT; [ "$name" = nginx ] && port=$NGINX_PORT
      read -r rps p50 p99 < <(measure "http://127.0.0.1:$port$page")
      echo "| $page | $name (round $round) | $rps | $p50 | $p99 |"
      sum[$name.rps]=$(awk -v a="${sum[$name.rps]:-0}" -v b="$rps" 'BEGIN { print a + b }')
      sum[$name.p99]=$(awk -v a="${sum[$name.p99]:-0}" -v b="$p99" 'BEGIN { print a + b }')
      sum[$name.p50]=$(awk -v a="${sum[$name.p50]:-0}" -v b="$p50" 'BEGIN { print a + b }')
    done
  done
  summary+=("$(awk -v page="$page" -v n="$ROUNDS" -v ar="${sum[aseic.rps]}" -v nr="${sum[nginx.rps]}" \
    -v a50="${sum[aseic.p50]}" -v n50="${sum[nginx.p50]}" -v a99="${sum[aseic.p99]}" -v n99="${sum[nginx.p99]}" \
    'BEGIN { printf "| %s | %.0f | %.0f | **%.2f** | %.2f / %.2f | %.2f / %.2f |", page, ar/n, nr/n, ar/nr, a50/n, n50/n, a99/n, n99/n }')")
  unset sum
done

echo
echo "Mean of $ROUNDS rounds, wrk -t$wrk_threads -c$CONNECTIONS -d${DURATION}s, Accept-Encoding: gzip, PIN=$PIN:"
echo
echo "| page | aseic req/s | nginx req/s | aseic/nginx | p50 ms aseic / nginx | p99 ms aseic / nginx |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${summary[@]}"
echo
echo "aseic peak memory (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' "/proc/$aseic_pid/status")"
