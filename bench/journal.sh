#!/usr/bin/env bash
# The journal's cost on the token endpoint: client_credentials tokens/s with the journal off
# (--journal-size 0) and on (the default ring of 10,000), in alternating rounds on the same binary so
# that background load hits both alike. Loopback only; every server started is stopped on exit.
# Usage: bench/journal.sh [path-to-binary] (default .build/release/fake-auth0); ROUNDS=3 DURATION=5s
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BIN=${1:-$(dirname "$BENCH_DIR")/.build/release/fake-auth0}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
die() { echo "bench: $*" >&2; exit 1; }
[[ -x $BIN ]] || die "binary not found: $BIN"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fake-auth0-journal-bench.XXXXXX")
SERVER_PID=
cleanup() {
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# run SIZE: one server with --journal-size SIZE, one wrk run; prints tokens/s.
run() {
    local ready=$TMP/ready.json
    rm -f "$ready"
    "$BIN" --ephemeral --no-https --port 0 --log-level warning --journal-size "$1" --ready-file "$ready" \
        >"$TMP/out" 2>"$TMP/err" &
    SERVER_PID=$!
    local deadline=$((SECONDS + 20)) url=
    until [[ -s $ready ]] && url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http_url"])' "$ready" 2>/dev/null); do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/err" >&2; die "server exited early"; }
        ((SECONDS < deadline)) || die "server not ready after 20 s"
        sleep 0.05
    done
    wrk -t2 -c32 -d"$DURATION" -s "$BENCH_DIR/token.lua" "$url/oauth/token" >"$TMP/wrk" 2>&1 || die "wrk failed"
    grep -q '^non2xx: 0$' "$TMP/wrk" || { cat "$TMP/wrk" >&2; die "non-2xx answers"; }
    kill -TERM "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
    awk '/^Requests\/sec:/ {print $2}' "$TMP/wrk"
}

off=() on=()
for round in $(seq "$ROUNDS"); do
    off+=("$(run 0)")
    on+=("$(run 10000)")
    echo "bench: round $round: off ${off[-1]} tokens/s, on ${on[-1]} tokens/s" >&2
done
python3 - "${off[*]}" "${on[*]}" <<'PY'
import statistics, sys
off = [float(x) for x in sys.argv[1].split()]
on = [float(x) for x in sys.argv[2].split()]
m_off, m_on = statistics.median(off), statistics.median(on)
print(f"journal off: median {m_off:.0f} tokens/s  (runs: {', '.join(f'{x:.0f}' for x in off)})")
print(f"journal on:  median {m_on:.0f} tokens/s  (runs: {', '.join(f'{x:.0f}' for x in on)})")
print(f"on / off: {100 * m_on / m_off:.1f} %  (target >= 95 %)")
PY
