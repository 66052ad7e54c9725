#!/usr/bin/env bash
# Drives a release `polylead serve` from wrk (a second process, on loopback) with 64 concurrent
# connections and prints throughput, p50/p99 latency and every error for
#   reads        GET /api/v1/people?limit=50 and GET /api/v1/domains/<id>, in turn (bench/reads.lua)
#   who-decides  POST /api/v1/who-decides for the demo's domains, in turn (bench/who_decides.lua)
#   writes       POST /api/v1/decisions, proposals with unique titles, each must be 201 (bench/decisions.lua)
# on a 240-person demo organisation in SQLite (a temporary file) and in PostgreSQL (a throwaway
# database made and dropped at POLYLEAD_BENCH_POSTGRES_URL, default
# postgres://postgres@127.0.0.1:5432/postgres). Installs Debian's wrk when it is missing.
#
#   ./bench/load.sh                 # both backends, 20 s per run
#   LOAD_DURATION=5s LOAD_BACKENDS=sqlite ./bench/load.sh
# POLYLEAD_BENCH_BINARY runs that binary instead of building target/release/polylead.
set -euo pipefail
cd "$(dirname "$0")/.."

pg=${POLYLEAD_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_base=${pg%/*}
export PGOPTIONS="--client-min-messages=warning"
duration=${LOAD_DURATION:-20s}
connections=${LOAD_CONNECTIONS:-64}
backends=${LOAD_BACKENDS:-sqlite postgres}
polylead=${POLYLEAD_BENCH_BINARY:-${CARGO_TARGET_DIR:-target}/release/polylead}
password=load-bench-password

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package wrk)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
fi

if [ -z "${POLYLEAD_BENCH_BINARY:-}" ]; then
  cargo build --release --locked --quiet -p polylead-cli
fi

work=$(mktemp -d)
server_pid=""
pg_database=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() {
  stop_server
  if [ -n "$pg_database" ]; then
    psql -q "$pg" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# GET with the token; prints the body.
api_get() { curl -sf -H "Authorization: Bearer $token" "$base$1"; }

echo "machine: $(nproc) vCPUs, $(free -g | awk '/^Mem:/ {print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
results="$work/results.md"
echo "| backend | workload | requests/s | p50 ms | p99 ms | max ms | requests | non-2xx (or non-201) | socket errors (connect/read/write/timeout) |" >"$results"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |" >>"$results"

run_wrk() { # backend, workload, script, args…
  local backend=$1 workload=$2 script=$3
  shift 3
  echo "-- $backend: $workload (wrk -t 2 -c $connections -d $duration --latency -s $script)"
  POLYLEAD_BENCH_TOKEN=$token wrk -t 2 -c "$connections" -d "$duration" --latency --timeout 10s \
    -s "$script" "$base" -- "$@" | tee "$work/wrk.txt"
  python3 - "$backend" "$workload" "$work/wrk.txt" >>"$results" <<'PY'
import re, sys
backend, workload, path = sys.argv[1:]
text = open(path).read()
line = re.search(r"^result: (.*)$", text, re.M).group(1)
r = dict(part.split("=") for part in line.split())
non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"| {backend} | {workload} | {float(r['rps']):,.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | "
      f"{int(r['requests']):,} | {r['unexpected']} | {r['connect']}/{r['read']}/{r['write']}/{r['timeout']} |")
PY
}

for backend in $backends; do
  case $backend in
    sqlite) url="sqlite://$work/load.db" ;;
    postgres)
      pg_database=bench_load_$$
      psql -q "$pg" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" -c "CREATE DATABASE $pg_database"
      url="$pg_base/$pg_database"
      ;;
    *) echo "error: unknown backend $backend (sqlite or postgres)" >&2; exit 1 ;;
  esac
  echo "== $backend: demo --people 240"
  "$polylead" --database-url "$url" demo --no-serve --people 240 --until 2026-11-01 --password "$password" >"$work/demo.txt"
  head -n 1 "$work/demo.txt"
  admin=$(sed -n 's/.* as \([^ ]*\) (.*, admin).*/\1/p' "$work/demo.txt")
  token=$("$polylead" --database-url "$url" tokens create "$admin" --scope write --name load --json \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')
  port=$(free_port)
  base="http://127.0.0.1:$port"
  "$polylead" --database-url "$url" serve --addr "127.0.0.1:$port" >"$work/server-$backend.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -sf "$base/api/v1/health" >/dev/null && break
    sleep 0.2
  done

  mapfile -t domains < <(api_get "/api/v1/domains?limit=500" | python3 -c 'import json, sys; [print(d["id"]) for d in json.load(sys.stdin)["items"]]')
  # A domain in which the admin's proposals open (a rule covers them and someone may decide).
  write_domain=""
  for domain in "${domains[@]}"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"title\": \"Load test probe\", \"domain\": \"$domain\"}" "$base/api/v1/decisions")
    if [ "$status" = 201 ]; then write_domain=$domain; break; fi
  done
  echo "${#domains[@]} domains; proposals go to $write_domain"

  run_wrk "$backend" reads bench/reads.lua "${domains[@]}"
  run_wrk "$backend" who-decides bench/who_decides.lua "${domains[@]}"
  run_wrk "$backend" "decision writes" bench/decisions.lua "$write_domain"
  if grep -q -i "error\|panicked" "$work/server-$backend.log"; then
    echo "server log lines with errors ($backend):"
    grep -i "error\|panicked" "$work/server-$backend.log" | head -n 20
  fi
  stop_server
  if [ "$backend" = postgres ]; then
    psql -q "$pg" -c "DROP DATABASE $pg_database WITH (FORCE)"
    pg_database=""
  fi
done

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
cat "$results"
