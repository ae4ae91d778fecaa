#!/usr/bin/env bash
# Runs every test. Installs what the tests need (PostgreSQL, Chromium and Firefox ESR from Debian packages; s3rver,
# axe-core and puppeteer-core from npm), starts a
# throwaway PostgreSQL cluster on a free loopback port, runs all test projects, stops the cluster,
# and ends with one line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$(pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- PostgreSQL -------------------------------------------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing PostgreSQL (Debian package)..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# --- s3rver (a real S3-protocol server for the media tests; npm) -------------------------------
if [ ! -d tests/s3rver/node_modules/s3rver ]; then
  echo "Installing s3rver (npm)..."
  npm ci --prefix tests/s3rver --no-audit --no-fund --loglevel=error >/dev/null
fi

# --- axe-core (the accessibility engine the widget's Chromium tests run in the page; npm) ----------
if [ ! -f tests/axe/node_modules/axe-core/axe.min.js ]; then
  echo "Installing axe-core (npm)..."
  npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error >/dev/null
fi

# --- puppeteer-core (drives Firefox over WebDriver BiDi for the widget's Firefox test; npm) -------
if [ ! -d tests/firefox/node_modules/puppeteer-core ]; then
  echo "Installing puppeteer-core (npm)..."
  # Firefox comes from Debian below; puppeteer-core never downloads a browser.
  npm ci --prefix tests/firefox --no-audit --no-fund --loglevel=error >/dev/null
fi

# --- Chromium (the merchant pages are checked in a real browser) -------------------------------
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium (Debian package)..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

# --- Firefox ESR (the widget is also checked in Firefox; Playwright cannot drive a stock Firefox) ---
if [ ! -x /usr/bin/firefox-esr ]; then
  echo "Installing Firefox ESR (Debian package)..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq firefox-esr >/dev/null
fi

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( (RANDOM % 20000) + 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port found" >&2; return 1
}

pg_port=$(free_port)
pg_data=$(mktemp -d /tmp/plaudit-pg.XXXXXX)
pg_user=$(id -un)
run_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: run the cluster as the 'postgres' system user the package creates.
  id postgres >/dev/null 2>&1 || useradd --system --home "$pg_data" postgres
  chown postgres "$pg_data"
  run_pg() { runuser -u postgres -- "$@"; }
fi

stop_pg() {
  run_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_data"
}
trap stop_pg EXIT

run_pg "$pg_bin/initdb" -D "$pg_data" -U plaudit -A trust -E UTF8 --no-sync >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -o \
  "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port (as $pg_user)"
export PLAUDIT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=plaudit;Database=postgres;Pooling=false"

# --- Tests ------------------------------------------------------------------------------------
results="$root_dir/TestResults"
rm -rf "$results"
# Screenshots of the merchant pages end up beside the test reports.
export PLAUDIT_TEST_ARTIFACTS="$results/screenshots"
status=0
dotnet test Plaudit.slnx --configuration Release --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" || status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # build failure or crashed test host
echo "$passed passed, $failed failed"
exit "$status"
