#!/usr/bin/env bash
# Benchmarks aseic against nginx serving the same pages, side by side.
#
# Builds the release binary, exports the site, precompresses the export with
# gzip -9 for nginx (gzip_static on, and the same response headers as aseic:
# ETag, Cache-Control, the security headers), then runs wrk on loopback
# against both,
# alternating, for each page. Prints requests/s, p50 and p99 latency, the
# ratio aseic/nginx, and aseic's peak memory. Installs nginx and wrk from
# Debian when missing. Traffic goes to 127.0.0.1 only, bounded in time.
#
# On a machine of two or more cores the servers share core 0 and wrk runs
# alone on core 1 (PIN=0 lets them all float): wrk then cannot steal the
# servers' time, which otherwise makes every figure noisy. Each server gets
# one worker for its one core.
#
# Each page is first loaded for WARMUP seconds on each server (not counted),
# then measured in ROUNDS rounds; the order of the two servers swaps every
# round (aseic-nginx, nginx-aseic, ...), so a slow drift in the machine's
# other load favours neither. The ratio is taken in each round, from the two
# runs side by side, and the median of those ratios is quoted.
#
# nginx runs with Debian's defaults for sending files (sendfile on,
# tcp_nopush on). For pages this small nginx is faster with sendfile off
# (one read and one write instead of sendfile between two setsockopt
# calls): NGINX_SENDFILE=off measures against that.
#
# Last, HTTP/2 over TLS: both servers with the same self-signed certificate,
# nginx with `http2` on, loaded by h2load (16 connections, 10 streams each)
# in alternating rounds like the rest.
#
# Usage: bench/run.sh   (env: DURATION=10 CONNECTIONS=64 ROUNDS=5 WARMUP=2 PIN=1
#                        NGINX_SENDFILE=on PAGES="/asem /members" H2_PAGES="/asem")
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-2}
PAGES=${PAGES:-/asem /members /members/korea}
# Pages made per request (nginx has no equivalent): compared with aseic's own static pages.
DYNAMIC_PAGES=${DYNAMIC_PAGES:-/search?q=korea /members?region=asia&kind=government}
PIN=${PIN:-1}
NGINX_SENDFILE=${NGINX_SENDFILE:-on}
case $NGINX_SENDFILE in on | off) ;; *) echo "NGINX_SENDFILE is on or off, not '$NGINX_SENDFILE'" >&2; exit 2 ;; esac
[ "$(nproc)" -ge 2 ] || PIN=0
if [ "$PIN" = 1 ]; then
  server_cpu="taskset -c 0"; client_cpu="taskset -c 1"; nginx_workers=1
else
  server_cpu=""; client_cpu=""; nginx_workers=auto
fi
ASEIC_PORT=18080
NGINX_PORT=18081
ASEIC_TLS_PORT=18082
NGINX_TLS_PORT=18083
H2_PAGES=${H2_PAGES:-/asem}

if ! command -v wrk >/dev/null || ! [ -x /usr/sbin/nginx ] || ! command -v h2load >/dev/null || ! command -v openssl >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light wrk nghttp2-client openssl >/dev/null
fi

cargo build --release --locked --quiet
work=$(mktemp -d)
chmod 755 "$work"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

./target/release/aseic export --out "$work/site" >/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
find "$work/site" -type f ! -name '*.gz' -exec gzip -9 -k {} +
chmod -R a+rX "$work/site"
# The policy names the inline stylesheet's hash: take it from the export.
csp=$(grep '^add_header Content-Security-Policy' "$work/site/_nginx_headers.conf")

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
  sendfile $NGINX_SENDFILE;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  open_file_cache max=1000 inactive=60s;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    listen 127.0.0.1:$NGINX_TLS_PORT ssl http2;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $work/site;
    gzip_static on;
    location / {
      try_files \$uri \$uri/index.html =404;
      # The same headers aseic sends, so both send the same bytes.
      add_header Cache-Control no-cache;
      $csp
      add_header X-Content-Type-Options nosniff;
      add_header Referrer-Policy strict-origin-when-cross-origin;
      add_header Permissions-Policy "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";
      add_header Cross-Origin-Opener-Policy same-origin;
      add_header X-Frame-Options DENY;
    }
  }
}
CONF
mkdir -p "$work/tmp"
$server_cpu /usr/sbin/nginx -c "$work/nginx.conf" -e "$work/nginx-error.log" &
RUST_LOG=warn $server_cpu ./target/release/aseic serve --addr "127.0.0.1:$ASEIC_PORT" &
aseic_pid=$!
RUST_LOG=warn $server_cpu ./target/release/aseic serve --addr "127.0.0.1:$ASEIC_TLS_PORT" \
  --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" &
sleep 1

# wrk's latency to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); print v }
    else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } }'
}

wrk_threads=2; [ "$PIN" = 1 ] && wrk_threads=1

# One wrk run of $2 seconds (DURATION by default): prints
# "requests_per_second p50_ms p99_ms".
measure() {
  local out
  out=$($client_cpu wrk -t"$wrk_threads" -c"$CONNECTIONS" -d"${2:-$DURATION}s" --latency -H 'Accept-Encoding: gzip' "$1")
  if grep -q 'Non-2xx' <<<"$out"; then echo "error: non-2xx answers from $1" >&2; exit 1; fi
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
static_all=""
# The median of a list of numbers.
median() { tr ' ' '\n' <<<"$*" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# The smallest of a list of numbers.
lowest() { tr ' ' '\n' <<<"$*" | sort -g | head -n 1; }
for page in $PAGES; do
  declare -A runs=()
  for port in "$ASEIC_PORT" "$NGINX_PORT"; do measure "http://127.0.0.1:$port$page" "$WARMUP" >/dev/null; done
  for round in $(seq "$ROUNDS"); do
    order="aseic nginx"; [ $((round % 2)) = 0 ] && order="nginx aseic"
    for name in $order; do
      port=$ASEIC_PORT; [ "$name" = nginx ] && port=$NGINX_PORT
      read -r rps p50 p99 < <(measure "http://127.0.0.1:$port$page")
      echo "| $page | $name (round $round) | $rps | $p50 | $p99 |"
      runs[$name.rps]+="$rps "; runs[$name.p50]+="$p50 "; runs[$name.p99]+="$p99 "
      runs[$name.last]=$rps; runs[$name.last99]=$p99
    done
    runs[ratio]+="$(awk -v a="${runs[aseic.last]}" -v n="${runs[nginx.last]}" 'BEGIN { print a / n }') "
    awk -v a="${runs[aseic.last99]}" -v n="${runs[nginx.last99]}" 'BEGIN { exit !(a <= n) }' && runs[p99wins]+="x"
  done
  ar=$(median ${runs[aseic.rps]}); nr=$(median ${runs[nginx.rps]})
  static_all+="$ar "
  summary+=("$(awk -v page="$page" -v ar="$ar" -v nr="$nr" -v ratio="$(median ${runs[ratio]})" \
    -v low="$(lowest ${runs[ratio]})" \
    -v a50="$(median ${runs[aseic.p50]})" -v n50="$(median ${runs[nginx.p50]})" \
    -v a99="$(median ${runs[aseic.p99]})" -v n99="$(median ${runs[nginx.p99]})" \
    -v wins="${#runs[p99wins]}" -v rounds="$ROUNDS" \
    'BEGIN { printf "| %s | %.0f | %.0f | **%.2f** (lowest %.2f) | %.2f / %.2f | %.2f / %.2f | %d of %d |", page, ar, nr, ratio, low, a50, n50, a99, n99, wins, rounds }')")
  unset runs
done

echo
echo "Median of $ROUNDS rounds (the ratio: median of the rounds' ratios), wrk -t$wrk_threads -c$CONNECTIONS -d${DURATION}s, Accept-Encoding: gzip, PIN=$PIN, nginx sendfile $NGINX_SENDFILE:"
echo
echo "| page | aseic req/s | nginx req/s | aseic/nginx | p50 ms aseic / nginx | p99 ms aseic / nginx | rounds with aseic's p99 no worse |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${summary[@]}"
static_rps=$(median ${static_all})
echo
echo "Pages made per request, aseic only, against the median of its static pages ($static_rps req/s):"
echo
echo "| page | aseic req/s | p50 ms | p99 ms | of static |"
echo "|---|---:|---:|---:|---:|"
for page in $DYNAMIC_PAGES; do
  read -r rps p50 p99 < <(measure "http://127.0.0.1:$ASEIC_PORT$page")
  awk -v page="$page" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v s="$static_rps" \
    'BEGIN { printf "| %s | %.0f | %.2f | %.2f | %.2f |\n", page, rps, p50, p99, rps / s }'
done

echo
echo "aseic peak memory (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' "/proc/$aseic_pid/status")"

# One h2load run of DURATION seconds over HTTP/2 and TLS: "requests_per_second mean_ms".
measure_h2() {
  local out
  out=$($client_cpu h2load -c16 -m10 -D"$DURATION" --warm-up-time=1 -H 'accept-encoding: gzip' "$1" 2>&1)
  if ! grep -q ' 0 failed, 0 errored' <<<"$out" || ! grep -q ' 0 4xx, 0 5xx' <<<"$out"; then
    echo "error: h2load saw failures from $1:" >&2; echo "$out" >&2; exit 1
  fi
  awk '/^finished in/ { gsub(",", ""); rps = $4 } /^time for request:/ { mean = $6 } END {
    if (mean ~ /us$/) { sub(/us$/, "", mean); mean /= 1000 } else if (mean ~ /ms$/) { sub(/ms$/, "", mean) }
    print rps, mean }' <<<"$out"
}

echo
echo "HTTP/2 over TLS (h2load -c16 -m10 -D${DURATION}, accept-encoding: gzip), median of $ROUNDS alternating rounds:"
echo
echo "| page | aseic req/s | nginx req/s | aseic/nginx | mean ms aseic / nginx |"
echo "|---|---:|---:|---:|---:|"
for page in $H2_PAGES; do
  as=""; ns=""; am=""; nm=""; ratios=""
  for round in $(seq "$ROUNDS"); do
    order="aseic nginx"; [ $((round % 2)) = 0 ] && order="nginx aseic"
    for name in $order; do
      port=$ASEIC_TLS_PORT; [ "$name" = nginx ] && port=$NGINX_TLS_PORT
      read -r rps mean < <(measure_h2 "https://127.0.0.1:$port$page")
      if [ "$name" = aseic ]; then a=$rps; as+="$rps "; am+="$mean "; else n=$rps; ns+="$rps "; nm+="$mean "; fi
    done
    ratios+="$(awk -v a="$a" -v n="$n" 'BEGIN { print a / n }') "
  done
  printf '| %s | %.0f | %.0f | **%.2f** | %.2f / %.2f |\n' "$page" "$(median $as)" "$(median $ns)" \
    "$(median $ratios)" "$(median $am)" "$(median $nm)"
done
