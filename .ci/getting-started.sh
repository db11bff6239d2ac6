#!/usr/bin/env bash
# Runs docs/getting-started.md's archetype section exactly as a reader would, so that the page
# cannot drift from what works. Every ```sh block of the page preceded by the line
#   <!-- ci: getting-started -->
# is run, in page order, in one shell started at the root of a fresh clone of this repository
# (HEAD of the checkout this script belongs to). A block preceded by
#   <!-- ci: getting-started, serve -->
# starts the service: it is run in the background, in the directory the earlier blocks ended in,
# with PORT=0 (a free port), and must log "listening on http://HOST:PORT" and answer GET /health.
# Then the script checks:
#   - the clone is untouched (`git status --short` is empty);
#   - the generated project ran an *IT test with failsafe;
#   - a second start on the port the first one holds exits non-zero, in bounded time, with one line
#     naming the address and no stack trace;
#   - SIGTERM stops the first one.
# Takes 2 to 4 minutes (measured 2 min 20 s and 4 min on 2 cores shared with other builds): an
# install of Eddy without tests, then the generated project's `mvn verify`. Needs git, mvn,
# java, curl, setsid.
# Set EDDY_GS_MAVEN_OPTS (e.g. "-Dmaven.repo.local=/tmp/m2/repository") to keep the page's
# `mvn install` out of ~/.m2.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
page_marker='<!-- ci: getting-started -->'
serve_marker='<!-- ci: getting-started, serve -->'
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill -KILL -- "-$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "getting-started: FAIL: $*" >&2; exit 1; }
if [ -n "${EDDY_GS_MAVEN_OPTS:-}" ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} $EDDY_GS_MAVEN_OPTS"
fi

# The page's blocks: those to run in order, and the one that serves.
extract() { # $1: the marker line; prints the ```sh block after each marker
  awk -v marker="$1" '
    $0 == marker { armed = 1; next }
    armed && /^```sh$/ { inside = 1; armed = 0; next }
    inside && /^```$/ { inside = 0; next }
    inside { print }
    armed && NF { armed = 0 }' "$repo/docs/getting-started.md"
}
extract "$page_marker" >"$work/steps.sh"
extract "$serve_marker" >"$work/serve.sh"
[ -s "$work/steps.sh" ] || fail "no block of docs/getting-started.md is marked $page_marker"
[ -s "$work/serve.sh" ] || fail "no block of docs/getting-started.md is marked $serve_marker"
echo "== getting-started: the page's commands"; cat "$work/steps.sh" "$work/serve.sh"

clone="$work/eddy"
git clone -q --no-checkout "$repo" "$clone"
git -C "$clone" checkout -q "$(git -C "$repo" rev-parse HEAD)"

echo "== getting-started: running them from the root of a fresh clone ($clone)"
# The directory the blocks end in, whatever they end with (the status is the last command's).
sed -i '1i trap '"'"'pwd >"$1"'"'"' EXIT' "$work/steps.sh"
(cd "$clone" && bash -ex "$work/steps.sh" "$work/cwd") \
  || fail "a command of the page failed (see above)"
project=$(cat "$work/cwd")

changed=$(git -C "$clone" status --short)
[ -z "$changed" ] || fail "the page's commands changed the clone:
$changed"
case "$project" in "$clone"*) fail "the project was generated inside the clone: $project" ;; esac
ls "$project"/target/failsafe-reports/TEST-*IT.xml >/dev/null 2>&1 \
  || fail "the generated project ran no *IT test (no failsafe report in $project/target)"

# Starts the page's serve block in a process group of its own (pid in $!), its output in $1.
serve() {
  (cd "$project" && PORT=$2 exec setsid bash "$work/serve.sh") >"$1" 2>&1 &
}
echo "== getting-started: starting the service"
serve "$work/serve.log" 0
server_pid=$!
port=
for _ in $(seq 1 120); do
  port=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9][0-9]*\).*/\1/ip' "$work/serve.log" \
    | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$port" ]; then
  cat "$work/serve.log"
  fail "the service did not log 'listening on http://HOST:PORT'"
fi
health=$(curl -sS --max-time 10 "http://127.0.0.1:$port/health") \
  || fail "GET /health on port $port failed"
echo "GET /health: $health"
case "$health" in *'"UP"'*) ;; *) fail "GET /health answered $health" ;; esac

echo "== getting-started: a second start on the taken port $port"
serve "$work/second.log" "$port"
second=$!
status=
for _ in $(seq 1 60); do
  if ! kill -0 "$second" 2>/dev/null; then
    wait "$second" && status=0 || status=$?
    break
  fi
  sleep 0.5
done
cat "$work/second.log"
if [ -z "$status" ]; then
  kill -KILL -- "-$second" 2>/dev/null || true
  fail "the second start did not exit within 30 s although port $port is taken"
fi
[ "$status" -ne 0 ] || fail "the second start exited 0 although port $port is taken"
grep -q "127.0.0.1:$port" "$work/second.log" \
  || fail "the second start's output does not name the address 127.0.0.1:$port"
[ "$(grep -c . "$work/second.log")" -eq 1 ] || fail "the second start printed more than one line"

echo "== getting-started: SIGTERM"
kill -TERM -- "-$server_pid"
for _ in $(seq 1 60); do
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.5
done
kill -0 "$server_pid" 2>/dev/null && fail "the service did not stop within 30 s of SIGTERM"
server_pid=
echo "== getting-started: OK"
