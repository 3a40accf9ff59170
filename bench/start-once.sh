#!/usr/bin/env bash
# Helper for hyperfine: start fake-auth0 on a fixed port with an existing
# --state dir, spin on curl until GET /.well-known/jwks.json returns 200, then
# stop it (SIGTERM + wait). Timing therefore includes bash/curl spawn overhead
# and the shutdown, so it is an upper bound on start-to-first-200.
set -euo pipefail
bin=$1 port=$2 state=$3
"$bin" --port "$port" --https-port 0 --state "$state" --log-level warning >/dev/null 2>&1 &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
deadline=$(( ${EPOCHREALTIME/./} + 10000000 ))   # 10 s, in microseconds
until curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$port/.well-known/jwks.json"; do
    kill -0 "$pid" 2>/dev/null || { echo "start-once.sh: server exited early" >&2; exit 1; }
    (( ${EPOCHREALTIME/./} < deadline )) || { echo "start-once.sh: timeout" >&2; exit 1; }
done
