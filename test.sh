#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine or a developer's: installs what the tests need if it
# is missing (Debian's redis-server and chromium, npm packages of the peer tests), starts a throwaway
# PostgreSQL on a loopback port, runs `dotnet test`, stops what it started, and prints one line
# `tests: N passed, N failed[, N skipped]`. Exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n==> %s\n' "$*"; }

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
# Browser tests (dashboard, demo page) drive Debian's chromium through Playwright.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "installing ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Node peers (ws, @grpc/grpc-js, playwright-core): every folder with a lockfile under tests/ and clients/.
while IFS= read -r lock; do
  dir=$(dirname "$lock")
  step "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
done < <(find tests clients -name package-lock.json -not -path '*/node_modules/*' 2>/dev/null | sort)

work=$(mktemp -d /tmp/synckairos-test.XXXXXX)
chmod 755 "$work"
pg_bin=/usr/lib/postgresql/15/bin
pg_data="$work/pg"
cleanup() {
  if [ -f "$pg_data/postmaster.pid" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${SYNCKAIROS_TEST_POSTGRES:-}" ] && [ -x "$pg_bin/postgres" ]; then
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  step "starting PostgreSQL 15 on 127.0.0.1:$pg_port"
  mkdir -p "$pg_data" && chown postgres "$pg_data"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_data -c fsync=off -c max_connections=200" start >/dev/null
  export SYNCKAIROS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
  # Tests that stop and start PostgreSQL (outage drills) need to know where it lives.
  export SYNCKAIROS_TEST_POSTGRES_DATA="$pg_data"
  export SYNCKAIROS_TEST_POSTGRES_BIN="$pg_bin"
fi

step "restore and build"
dotnet build SyncKairos.sln -c Release --nologo -v q -clp:ErrorsOnly

if [ "${SKIP_FORMAT:-}" != 1 ]; then
  step "dotnet format --verify-no-changes"
  dotnet format SyncKairos.sln --verify-no-changes --no-restore -v q
fi

# The TypeScript SDK: `npm test` compiles it first (its pretest script), then runs its unit tests (Node's
# test runner); counts join the summary below.
step "clients/js: build and unit tests"
set +e
(cd clients/js && npm test --silent) 2>&1 | tee "$work/sdk-tests.txt"
sdk_rc=${PIPESTATUS[0]}
set -e

step "dotnet test"
results="$root/TestResults"
rm -rf "$results"
set +e
dotnet test SyncKairos.sln -c Release --no-build --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000
test_rc=$?
set -e

python3 - "$results" "$test_rc" "$work/sdk-tests.txt" "$sdk_rc" <<'PY'
import glob, re, sys, xml.etree.ElementTree as ET
results, rc = sys.argv[1], int(sys.argv[2])
passed = failed = skipped = 0
sdk = open(sys.argv[3]).read()
sdk_pass = sum(int(n) for n in re.findall(r"^# pass (\d+)$", sdk, re.M))
sdk_fail = sum(int(n) for n in re.findall(r"^# fail (\d+)$", sdk, re.M))
passed += sdk_pass
failed += sdk_fail if sdk_fail or int(sys.argv[4]) == 0 else 1  # a failed build counts as a failure
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
files = glob.glob(f"{results}/**/*.trx", recursive=True)
for path in files:
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
if rc != 0 and failed == 0:
    failed = 1  # the runner failed without a counted failure (crash, build error): never report green
line = f"tests: {passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print()
print(line)
sys.exit(1 if failed else 0)
PY
