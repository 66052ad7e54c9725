#!/usr/bin/env bash
# Runs schemathesis (from PyPI, pinned, in a venv under target/) against the OpenAPI document a
# real `polylead serve` publishes, on a small demo organisation in a temporary SQLite file,
# authenticated as the demo's admin with a write token. Fails on any 5xx, any response that
# breaks the documented schema, or any undocumented status code, and prints
#   schemathesis: N requests over M operations, F failures
#
# SCHEMATHESIS_MAX_EXAMPLES (default 50) bounds the test cases per operation and phase;
# SCHEMATHESIS_SEED (default 1) seeds the generator (and no example database is kept).
set -euo pipefail
cd "$(dirname "$0")/.."

schemathesis_version=4.32.5
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-50}
seed=${SCHEMATHESIS_SEED:-1}
target_dir=${CARGO_TARGET_DIR:-target}

printf '\n==> schemathesis against a served demo (%s examples per operation and phase, seed %s)\n' "$max_examples" "$seed"

# CPython 3.11 can fail inside hypothesis with "AST constructor recursion depth mismatch"
# (fixed in 3.12), so the newest Python at hand makes the venv.
python=python3
candidates=(python3.13 python3.12)
if command -v pyenv >/dev/null 2>&1; then
  candidates+=("$(pyenv root)"/versions/3.1[2-9]*/bin/python3)
fi
for candidate in "${candidates[@]}"; do
  if "$candidate" -c 'import venv' >/dev/null 2>&1; then
    python=$candidate
    break
  fi
done
venv=target/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ] || [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $schemathesis_version" ]; then
  echo "creating the schemathesis venv ($venv: schemathesis $schemathesis_version, $($python --version))"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$schemathesis_version"
fi

polylead="$target_dir/debug/polylead"
if [ ! -x "$polylead" ] || [ -z "${POLYLEAD_SCHEMATHESIS_NO_BUILD:-}" ]; then
  cargo build --quiet --locked -p polylead-cli
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

database="sqlite://$work/polylead.db"
"$polylead" --database-url "$database" demo --no-serve --people 60 --until 2026-11-01 \
  --password schemathesis-demo >"$work/demo.txt"
admin=$(sed -n 's/.* as \([^ ]*\) (.*, admin).*/\1/p' "$work/demo.txt")
if [ -z "$admin" ]; then
  echo "error: the demo printed no admin; its output was:" >&2
  cat "$work/demo.txt" >&2
  exit 1
fi
secret=$("$polylead" --database-url "$database" tokens create "$admin" --scope write --name schemathesis --json \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$polylead" --database-url "$database" serve --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  if python3 -c "import urllib.request; urllib.request.urlopen('$base/api/v1/health', timeout=1)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "error: polylead serve exited; its log:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.2
done

# From the temporary directory, so its cache (.schemathesis/) is not left in the work tree.
status=0
venv_bin="$PWD/$venv/bin"
(cd "$work" && "$venv_bin/schemathesis" run "$base/api/v1/openapi.json" \
  --header "Authorization: Bearer $secret" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --max-examples "$max_examples" \
  --seed "$seed" \
  --generation-database none \
  --workers 2 \
  --request-timeout 30 \
  --no-color \
  --report ndjson --report-ndjson-path "$work/events.ndjson" \
  >"$work/schemathesis.txt" 2>&1) || status=$?

summary=$("$venv/bin/python" - "$work/events.ndjson" <<'PY'
import json, sys

requests, operations, failures, errors = 0, 0, set(), 0
with open(sys.argv[1]) as events:
    for line in events:
        event = json.loads(line)
        if "NonFatalError" in event:
            errors += 1
        loaded = event.get("LoadingFinished")
        if loaded:
            operations = loaded["statistic"]["operations"]["selected"]
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        requests += len(recorder.get("interactions", {}))
        for case_id, checks in recorder.get("checks", {}).items():
            case = recorder["cases"].get(case_id, {}).get("value", {})
            for check in checks:
                if check["status"] == "failure":
                    failures.add((case.get("method"), case.get("path"), check["name"]))
print(f"schemathesis: {requests} requests over {operations} operations, "
      f"{len(failures) + errors} failures ({len(failures)} failing checks, {errors} errors)")
PY
)
if [ "$status" != 0 ]; then
  cat "$work/schemathesis.txt"
  echo "--- server log (last 50 lines) ---"
  tail -n 50 "$work/server.log"
else
  sed -n '/Examples (/,$p' "$work/schemathesis.txt"
fi
echo "$summary"
if [ -n "${POLYLEAD_TEST_SUMMARY_DIR:-}" ]; then
  echo "$summary" >"$POLYLEAD_TEST_SUMMARY_DIR/schemathesis"
fi
exit "$status"
