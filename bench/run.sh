#!/usr/bin/env bash
# Benchmark fake-auth0: startup latency, discovery/JWKS throughput, token
# issuance throughput vs. raw RSA-2048 signing speed, CIBA flow and poll
# latency. Loopback only.
# Usage: bench/run.sh [path-to-binary]   (default .build/release/fake-auth0)
#        bench/run.sh compare [path-to-binary]   (side by side with reference servers: compare.sh)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# `bench/run.sh compare [binary]`: the fake next to nginx, openssl speed and oidc-provider-mock.
if [[ ${1:-} == compare ]]; then
    shift
    exec "$BENCH_DIR/compare.sh" "$@"
fi
REPO_DIR=$(dirname "$BENCH_DIR")
BIN=${1:-$REPO_DIR/.build/release/fake-auth0}
[[ $BIN = /* ]] || BIN=$PWD/$BIN

STARTUP_RUNS=${STARTUP_RUNS:-20}
WRK_ARGS=(-t2 -c32 -d5s)
STARTUP_TARGET_MS=50
TOKEN_TARGET_PCT=80
CIBA_FLOW_TARGET_MS=50
FGA_CHECK_TARGET_MS=1
FGA_BATCH_TARGET_MS=20

die() { echo "bench: $*" >&2; exit 1; }

[[ -x $BIN ]] || die "binary not found or not executable: $BIN (build with: swift build -c release)"

# --- tools -------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v hyperfine >/dev/null || missing+=(hyperfine)
if ((${#missing[@]})); then
    SUDO=
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || die "need root or sudo to install: ${missing[*]}"
        SUDO=sudo
    fi
    echo "bench: installing ${missing[*]} via apt-get" >&2
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi
for t in curl openssl python3 wrk hyperfine; do
    command -v "$t" >/dev/null || die "missing tool: $t"
done

# --- process bookkeeping -------------------------------------------------------
# shellcheck source=processes.sh
source "$BENCH_DIR/processes.sh" bench

# start_server NAME ARGS... : starts BIN in the background, waits for the
# ready file, sets SERVER_PID and SERVER_URL.
start_server() {
    local name=$1; shift
    local ready=$TMP/$name.ready.json
    rm -f "$ready"
    "$BIN" "$@" --ready-file "$ready" >"$TMP/$name.out" 2>"$TMP/$name.err" &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    local deadline=$((SECONDS + 20))
    until [[ -s $ready ]] && SERVER_URL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http_url"])' "$ready" 2>/dev/null); do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/$name.err" >&2; die "$name: server exited early"; }
        ((SECONDS < deadline)) || { cat "$TMP/$name.err" >&2; die "$name: not ready after 20 s"; }
        sleep 0.05
    done
}

stop_server() {
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
}

# wrk_run NAME URL [wrk args...] : runs wrk, leaves output in $TMP/NAME.wrk
wrk_run() {
    local name=$1 url=$2; shift 2
    wrk "${WRK_ARGS[@]}" --latency "$@" "$url" >"$TMP/$name.wrk" 2>&1 || { cat "$TMP/$name.wrk" >&2; die "wrk failed ($name)"; }
}
wrk_rps()     { awk '/^Requests\/sec:/ {print $2}' "$TMP/$1.wrk"; }
wrk_p99()     { awk '$1 == "99%" {print $2}' "$TMP/$1.wrk"; }
wrk_non2xx()  { awk '/Non-2xx or 3xx responses:/ {n=$NF} END {print n+0}' "$TMP/$1.wrk"; }
wrk_errors()  { awk '/Socket errors:/ {gsub(",", ""); print $4+$6+$8+$10; f=1} END {if (!f) print 0}' "$TMP/$1.wrk"; }
verdict()     { if python3 -c "import sys; sys.exit(0 if $1 else 1)"; then echo PASS; else echo FAIL; fi; }

echo "fake-auth0 benchmark: $BIN" >&2

# --- 1. start-to-first-200 with existing state --------------------------------
STATE=$TMP/state
mkdir -p "$STATE"
start_server init --port 0 --state "$STATE" --log-level warning
curl -sf -o /dev/null "$SERVER_URL/.well-known/jwks.json" || die "init: JWKS not served"
stop_server
[[ -e $STATE/state.sqlite ]] || die "init: $STATE/state.sqlite was not created"

SPORT=$(free_port)
echo "bench: start-to-first-200 x$STARTUP_RUNS (port $SPORT, existing state)..." >&2
read -r S_MED S_MIN S_MAX S_N < <(python3 "$BENCH_DIR/startup.py" --bin "$BIN" --port "$SPORT" --state "$STATE" --runs "$STARTUP_RUNS")

echo "bench: hyperfine cross-check (includes bash+curl spawn and shutdown)..." >&2
hyperfine -N --style none --warmup 2 --runs "$STARTUP_RUNS" --export-json "$TMP/hyperfine.json" \
    "$BENCH_DIR/start-once.sh $BIN $SPORT $STATE" >"$TMP/hyperfine.out" 2>&1 \
    || { cat "$TMP/hyperfine.out" >&2; die "hyperfine failed"; }
read -r H_MED H_MIN H_MAX < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(*("%.1f" % (r[k]*1000) for k in ("median","min","max")))' "$TMP/hyperfine.json")

# --- 2./3. throughput ------------------------------------------------------------
PORT=$(free_port)
start_server load --log-level warning --ephemeral --port "$PORT" --https-port 0
BASE=$SERVER_URL

# sanity: the token endpoint really issues tokens
curl -sf -X POST "$BASE/oauth/token" \
    --data 'grant_type=client_credentials&client_id=demo-m2m&client_secret=demo-m2m-secret&audience=https%3A%2F%2Fapi.example.com%2F' \
    | grep -q '"access_token"' || die "token endpoint did not return an access_token"

echo "bench: wrk ${WRK_ARGS[*]} openid-configuration..." >&2
wrk_run discovery "$BASE/.well-known/openid-configuration"
echo "bench: wrk ${WRK_ARGS[*]} jwks.json..." >&2
wrk_run jwks "$BASE/.well-known/jwks.json"
echo "bench: wrk ${WRK_ARGS[*]} POST /oauth/token..." >&2
wrk_run token "$BASE/oauth/token" -s "$BENCH_DIR/token.lua"
stop_server
TOKEN_NON2XX=$(awk '/^non2xx:/ {print $2}' "$TMP/token.wrk")
[[ -n $TOKEN_NON2XX ]] || die "token.lua did not report non2xx"

# --- 4. raw RSA-2048 signing --------------------------------------------------
echo "bench: openssl speed -seconds 3 rsa2048..." >&2
openssl speed -seconds 3 rsa2048 >"$TMP/openssl.out" 2>/dev/null || die "openssl speed failed"
# header words e.g. "sign verify sign/s verify/s" (3.0) or
# "sign verify encrypt decrypt sign/s verify/s encr./s decr./s" (3.2+);
# data line "rsa 2048 bits <cols...>"
RSA_SIGN=$(awk '
    /sign\/s/ && !h { for (i = 1; i <= NF; i++) if ($i == "sign/s") col = i; h = 1; next }
    h && $1 == "rsa" && $2 == "2048" { print $(col + 3); exit }' "$TMP/openssl.out")
[[ -n $RSA_SIGN ]] || { cat "$TMP/openssl.out" >&2; die "could not parse openssl speed output"; }
# The same measurement without OpenSSL's AVX-512 IFMA RSA path (CPUID.7:EBX bit 21 masked), which
# BoringSSL (inside swift-crypto, which signs the fake's tokens) does not have: the like-for-like rate.
OPENSSL_ia32cap=":~0x200000" openssl speed -seconds 3 rsa2048 >"$TMP/openssl-noifma.out" 2>/dev/null || die "openssl speed failed"
RSA_SIGN_NOIFMA=$(awk '
    /sign\/s/ && !h { for (i = 1; i <= NF; i++) if ($i == "sign/s") col = i; h = 1; next }
    h && $1 == "rsa" && $2 == "2048" { print $(col + 3); exit }' "$TMP/openssl-noifma.out")

# --- 5. CIBA flows and polls --------------------------------------------------
echo "bench: ciba.py (200 approve flows, 500 polls over 1000 pending requests)..." >&2
read -r C_FLOWS C_MED C_P95 C_MAX C_PER_FLOW C_POLLS C_PMED C_PP95 C_PMAX C_PENDING \
    < <(python3 "$BENCH_DIR/ciba.py" --bin "$BIN" --flows 200 --pending 1000 --polls 500) \
    || die "ciba.py failed"
[[ -n ${C_PENDING:-} ]] || die "ciba.py printed no result"

# --- 6. FGA check and batch-check ------------------------------------------------
echo "bench: fga.py (1000 checks, 50 batch-checks of 100 on 10,000 tuples)..." >&2
read -r F_TUPLES F_N F_MED F_P95 F_MAX F_BATCHES F_BMED F_BP95 \
    < <(python3 "$BENCH_DIR/fga.py" --bin "$BIN" --checks 1000 --batches 50) \
    || die "fga.py failed"
[[ -n ${F_BP95:-} ]] || die "fga.py printed no result"

TOKEN_RPS=$(wrk_rps token)
TOKEN_PCT=$(python3 -c "print('%.0f' % (100.0 * $TOKEN_RPS / $RSA_SIGN))")
TOKEN_PCT_NOIFMA=$(python3 -c "print('%.0f' % (100.0 * $TOKEN_RPS / ${RSA_SIGN_NOIFMA:-$RSA_SIGN}))")

# --- report -------------------------------------------------------------------
row() { printf '%-44s %-28s %-12s %s\n' "$@"; }
echo
echo "fake-auth0 benchmark  binary=$BIN"
echo "host: $(nproc) CPUs, $(openssl version | cut -d' ' -f1-2), wrk ${WRK_ARGS[*]}"
row "metric" "result" "target" "verdict"
row "------" "------" "------" "-------"
row "start-to-first-200 (existing state, n=$S_N)" "median $S_MED ms" "< $STARTUP_TARGET_MS ms" "$(verdict "$S_MED < $STARTUP_TARGET_MS")"
row "  min / max" "$S_MIN / $S_MAX ms" "" ""
row "  hyperfine+curl+shutdown (upper bound)" "median $H_MED ms" "" "($H_MIN / $H_MAX ms)"
row "GET /.well-known/openid-configuration" "$(wrk_rps discovery) req/s" "" "p99 $(wrk_p99 discovery), non-2xx/3xx $(wrk_non2xx discovery), sock err $(wrk_errors discovery)"
row "GET /.well-known/jwks.json" "$(wrk_rps jwks) req/s" "" "p99 $(wrk_p99 jwks), non-2xx/3xx $(wrk_non2xx jwks), sock err $(wrk_errors jwks)"
row "POST /oauth/token client_credentials" "$TOKEN_RPS tokens/s" "" "p99 $(wrk_p99 token), sock err $(wrk_errors token)"
row "  non-2xx responses" "$TOKEN_NON2XX" "0" "$(verdict "$TOKEN_NON2XX == 0")"
row "openssl speed rsa2048 (1 core)" "$RSA_SIGN sign/s" "" ""
row "  tokens/s as % of sign/s" "$TOKEN_PCT %" ">= $TOKEN_TARGET_PCT %" "$(verdict "$TOKEN_PCT >= $TOKEN_TARGET_PCT")"
row "openssl rsa2048 without AVX-512 IFMA" "${RSA_SIGN_NOIFMA:-n/a} sign/s" "" "(the BoringSSL-equivalent rate)"
row "  tokens/s as % of that" "$TOKEN_PCT_NOIFMA %" ">= $TOKEN_TARGET_PCT %" "$(verdict "$TOKEN_PCT_NOIFMA >= $TOKEN_TARGET_PCT")"
row "CIBA approve flow (n=$C_FLOWS, $C_PER_FLOW req each)" "p95 $C_P95 ms" "< $CIBA_FLOW_TARGET_MS ms" "$(verdict "$C_P95 < $CIBA_FLOW_TARGET_MS")"
row "  median / max" "$C_MED / $C_MAX ms" "" ""
row "CIBA poll, pending (n=$C_POLLS of $C_PENDING)" "median $C_PMED ms" "" "p95 $C_PP95 ms, max $C_PMAX ms"
row "FGA check over HTTP ($F_TUPLES tuples, n=$F_N)" "median $F_MED ms" "< $FGA_CHECK_TARGET_MS ms" "$(verdict "$F_MED < $FGA_CHECK_TARGET_MS")"
row "  p95 / max" "$F_P95 / $F_MAX ms" "" ""
row "FGA batch-check of 100 (2 x 50, n=$F_BATCHES)" "median $F_BMED ms" "< $FGA_BATCH_TARGET_MS ms" "$(verdict "$F_BMED < $FGA_BATCH_TARGET_MS")"
