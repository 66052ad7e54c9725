#!/usr/bin/env bash
# Real-browser tests of the web app: a demo organisation in a temporary SQLite file, the
# polylead server on a free loopback port, and e2e/journeys.mjs driving Debian's Chromium
# (headless, through playwright-core) through the journeys, with axe-core on every page.
#
# Needs: node and npm; installs Debian's chromium when /usr/bin/chromium is missing (never a
# browser download of its own). Uses ${CARGO_TARGET_DIR:-target}/debug/polylead (built when
# missing). Screenshots go to <target>/screenshots/. Arguments are passed to journeys.mjs
# (names of journeys to run, e.g. `e2e/run.sh sign-in not-found`).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
target_dir=${CARGO_TARGET_DIR:-$repo/target}
case $target_dir in /*) ;; *) target_dir=$repo/$target_dir ;; esac

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

chromium=${POLYLEAD_E2E_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "installing Chromium (Debian packages chromium, chromium-driver)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "installing Node.js (Debian packages nodejs, npm)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "error: playwright-core needs Node.js 20 or newer; this is $(node --version) ($(command -v node))" >&2
  exit 1
fi

# playwright-core and axe-core at the versions in e2e/package-lock.json; reinstalled only when
# the lock file changed since the last install (a copy of it is kept as the stamp).
stamp=e2e/node_modules/.installed-package-lock.json
if ! cmp -s e2e/package-lock.json "$stamp" 2>/dev/null; then
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
  cp e2e/package-lock.json "$stamp"
fi

polylead=$target_dir/debug/polylead
if [ ! -x "$polylead" ]; then
  echo "building polylead (cargo build -p polylead-cli)"
  cargo build -p polylead-cli
fi

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# Every demo person gets an account with this password; the top person is an admin.
password=e2e-demo-password
# Small enough that the debug build serves the analytics page quickly.
people=${POLYLEAD_E2E_PEOPLE:-80}
db_url="sqlite://$tmp/demo.db"
if "$polylead" demo --help | grep -q -- '--password'; then
  "$polylead" --database-url "$db_url" demo --no-serve --people "$people" --password "$password" --until 2026-11-01 >"$tmp/demo.log"
else
  # Until `polylead demo --password` exists: accounts written straight into the file, with
  # the argon2id hash (PHC string) of $password.
  "$polylead" --database-url "$db_url" demo --no-serve --people "$people" --until 2026-11-01 >"$tmp/demo.log"
  python3 - "$tmp/demo.db" <<'EOF'
import sqlite3, sys
HASH = '$argon2id$v=19$m=19456,t=2,p=1$DMWCCyBRfaTH5xBaNeUK/A$UCLfMgF6yOmfD3WTAzh6dNOtTWwcIswCGeeQHFtAbSU'
db = sqlite3.connect(sys.argv[1])
top = db.execute("SELECT id FROM people WHERE superior_id IS NULL OR superior_id = '' ORDER BY id LIMIT 1").fetchone()[0]
people = db.execute("SELECT id FROM people WHERE left_on IS NULL OR left_on = ''").fetchall()
db.executemany(
    "INSERT INTO accounts (person_id, role, password_hash, failed_sign_ins, locked_until, created_at) VALUES (?, ?, ?, 0, NULL, 0)",
    [(person, 'admin' if person == top else 'member', HASH) for (person,) in people],
)
db.commit()
EOF
fi
cat "$tmp/demo.log"
admin=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT person_id FROM accounts WHERE role = 'admin' ORDER BY person_id LIMIT 1\").fetchone()[0])" "$tmp/demo.db")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
"$polylead" --database-url "$db_url" serve --addr "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  if curl -fsS "$base/api/v1/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "error: the polylead server stopped while starting; its log:" >&2
    cat "$tmp/server.log" >&2
    exit 1
  fi
  sleep 0.2
done
curl -fsS "$base/api/v1/health" >/dev/null || { echo "error: no answer from $base/api/v1/health" >&2; exit 1; }

# Screenshots of this run only (kept after it, for people to look at).
rm -rf "$target_dir/screenshots"
status=0
POLYLEAD_E2E_ADMIN=$admin POLYLEAD_E2E_PASSWORD=$password POLYLEAD_E2E_CHROMIUM=$chromium \
  POLYLEAD_E2E_SCREENSHOTS=$target_dir/screenshots \
  node e2e/journeys.mjs "$base" "$@" || status=$?
if [ "$status" != 0 ]; then
  echo "server log (last 40 lines):"
  tail -n 40 "$tmp/server.log"
fi
exit "$status"
