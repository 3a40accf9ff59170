#!/usr/bin/env bash
# fake-auth0 next to reference servers, in one run on one machine: `bench/run.sh compare [binary]`.
# Prints one table: the fake's figure, the reference's figure measured in the same run, their ratio and
# the target. Loopback only; every step is bounded in time and every process started here is stopped on
# exit (also on errors, Ctrl-C and SIGTERM). About 2-3 minutes.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
BIN=${1:-$REPO_DIR/.build/release/fake-auth0}
[[ $BIN = /* ]] || BIN=$PWD/$BIN

DURATION=${DURATION:-5s}
WRK_ARGS=(-t2 -c16 -d"$DURATION")
STARTUP_RUNS=${STARTUP_RUNS:-20}
BIG_USERS=${BIG_USERS:-10000}
BIG_RUNS=${BIG_RUNS:-3}
SPEED_SECONDS=${SPEED_SECONDS:-3}
TOKEN_ROUNDS=${TOKEN_ROUNDS:-3}
MOCK_VERSION=0.3.4
VENV=${FAKE_AUTH0_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/fake-auth0-bench/venv}
# OpenSSL 3's AVX-512 IFMA RSA code runs only when CPUID.7:EBX has AVX512F (16), AVX512DQ (17),
# AVX512IFMA (21) and AVX512VL (31); masking bit 21 in the second capability word turns it off.
NO_IFMA=":~0x200000"

die() { echo "compare: $*" >&2; exit 1; }
[[ -x $BIN ]] || die "binary not found or not executable: $BIN (build with: swift build -c release)"

# --- tools -------------------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null || missing+=(nginx-light)
if ((${#missing[@]})); then
    SUDO=
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || die "need root or sudo to install: ${missing[*]}"
        SUDO=sudo
    fi
    echo "compare: installing ${missing[*]} via apt-get" >&2
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for t in curl openssl python3 wrk "$NGINX"; do command -v "$t" >/dev/null || die "missing tool: $t"; done
if [[ ! -x $VENV/bin/oidc-provider-mock ]]; then
    echo "compare: installing oidc-provider-mock==$MOCK_VERSION into $VENV" >&2
    python3 -m venv "$VENV" >&2 || die "python3 -m venv failed (apt-get install python3-venv)"
    timeout 300 "$VENV/bin/pip" install -q "oidc-provider-mock==$MOCK_VERSION" >&2 || die "pip install failed"
fi

# --- process bookkeeping ---------------------------------------------------------------------------
# shellcheck source=processes.sh
source "$BENCH_DIR/processes.sh" compare

# wait_http PID URL NAME: waits (at most 30 s) until URL answers 200
wait_http() {
    local pid=$1 url=$2 name=$3 deadline=$((SECONDS + 30))
    until curl -sf -o /dev/null --max-time 2 "$url"; do
        kill -0 "$pid" 2>/dev/null || { cat "$TMP/$name.err" >&2 2>/dev/null; die "$name exited early"; }
        ((SECONDS < deadline)) || die "$name: no 200 from $url after 30 s"
        sleep 0.05
    done
}

stop_pid() {
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

# wrk_run NAME URL [wrk args...]: leaves wrk's output in $TMP/NAME.wrk
wrk_run() {
    local name=$1 url=$2; shift 2
    echo "compare: wrk ${WRK_ARGS[*]} $name" >&2
    timeout 120 wrk "${WRK_ARGS[@]}" "$@" "$url" >"$TMP/$name.wrk" 2>&1 || { cat "$TMP/$name.wrk" >&2; die "wrk failed ($name)"; }
    local bad
    bad=$(awk '/Non-2xx or 3xx responses:/ {n=$NF} END {print n+0}' "$TMP/$name.wrk")
    [[ $bad == 0 ]] || die "$name: $bad non-2xx responses"
}
wrk_rps() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$TMP/$1.wrk"; }

# speed ENV: 2-process RSA-2048 sign/s
speed() {
    env "$@" timeout 120 openssl speed -multi 2 -seconds "$SPEED_SECONDS" rsa2048 2>/dev/null | awk '
        /sign\/s/ { for (i = 1; i <= NF; i++) if ($i == "sign/s") col = i; h = 1; next }
        h && $1 == "rsa" && $2 == "2048" { printf "%.0f", $(col + 3); exit }'
}

echo "compare: $BIN" >&2

# --- 1. the fake under load (HTTPS on, default scenario) --------------------------------------------
PORT=$(free_port)
"$BIN" --ephemeral --log-level warning --port "$PORT" --https-port 0 >"$TMP/fake.out" 2>"$TMP/fake.err" &
FAKE=$!
PIDS+=("$FAKE")
BASE=http://127.0.0.1:$PORT
wait_http "$FAKE" "$BASE/.well-known/jwks.json" fake
curl -sf -X POST "$BASE/oauth/token" \
    --data 'grant_type=client_credentials&client_id=demo-m2m&client_secret=demo-m2m-secret&audience=https%3A%2F%2Fapi.example.com%2F' \
    | grep -q '"access_token"' || die "the token endpoint did not return an access_token"
mkdir -p "$TMP/www/.well-known"
curl -sf -o "$TMP/www/.well-known/jwks.json" "$BASE/.well-known/jwks.json"
curl -sf -o "$TMP/www/.well-known/openid-configuration" "$BASE/.well-known/openid-configuration"
wrk_run fake-discovery "$BASE/.well-known/openid-configuration"
wrk_run fake-jwks "$BASE/.well-known/jwks.json"
# Tokens and OpenSSL's signing rate alternate, TOKEN_ROUNDS times, and each side is the median of its
# rounds: the machine's speed drifts during a run (other tenants of the host), and so both sides of the
# ratio are measured under the same drift.
TOKEN_RUNS=() RSA_RUNS=()
for ((round = 1; round <= TOKEN_ROUNDS; round++)); do
    wrk_run "fake-token-$round" "$BASE/oauth/token" -s "$BENCH_DIR/token.lua"
    TOKEN_NON2XX=$(awk '/^non2xx:/ {print $2}' "$TMP/fake-token-$round.wrk")
    [[ $TOKEN_NON2XX == 0 ]] || die "token: ${TOKEN_NON2XX:-?} non-2xx responses"
    TOKEN_RUNS+=("$(wrk_rps "fake-token-$round")")
    echo "compare: openssl speed -multi 2 rsa2048 (round $round)" >&2
    RSA_RUNS+=("$(speed)")
done
LOADED_RSS=$(rss_mb "$FAKE")
stop_pid "$FAKE"

# --- 2. nginx serving the same bytes ---------------------------------------------------------------
NPORT=$(free_port)
mkdir -p "$TMP/nginx/logs"
chmod -R a+rX "$TMP/www"
{
    [[ $(id -u) -eq 0 ]] && echo "user root;"
    cat <<EOF
worker_processes 2;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$NPORT;
        root $TMP/www;
        default_type application/json;
        location / { add_header Cache-Control "public, max-age=15"; }
    }
}
EOF
} >"$TMP/nginx/nginx.conf"
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" >"$TMP/nginx.out" 2>"$TMP/nginx.err" &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
wait_http "$NGINX_PID" "http://127.0.0.1:$NPORT/.well-known/jwks.json" nginx
cmp -s <(curl -sf "http://127.0.0.1:$NPORT/.well-known/jwks.json") "$TMP/www/.well-known/jwks.json" \
    || die "nginx does not serve the fake's JWKS bytes"
wrk_run nginx-jwks "http://127.0.0.1:$NPORT/.well-known/jwks.json"
wrk_run nginx-discovery "http://127.0.0.1:$NPORT/.well-known/openid-configuration"
stop_pid "$NGINX_PID"

# --- 3. oidc-provider-mock ---------------------------------------------------------------------------
MPORT=$(free_port)
"$VENV/bin/oidc-provider-mock" --port "$MPORT" >"$TMP/mock.out" 2>"$TMP/mock.err" &
MOCK=$!
PIDS+=("$MOCK")
wait_http "$MOCK" "http://127.0.0.1:$MPORT/.well-known/openid-configuration" mock
wrk_run mock-discovery "http://127.0.0.1:$MPORT/.well-known/openid-configuration"
stop_pid "$MOCK"

# --- 4. RSA signing: OpenSSL on both cores, with and without the IFMA path -------------------------
echo "compare: openssl speed -multi 2 rsa2048 with AVX-512 IFMA masked" >&2
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]}'; }
RSA=$(median "${RSA_RUNS[@]}")
RSA_NOIFMA=$(speed OPENSSL_ia32cap="$NO_IFMA")
[[ -n $RSA && -n $RSA_NOIFMA ]] || die "could not parse openssl speed output"
IFMA=no
grep -qw avx512ifma /proc/cpuinfo && IFMA=yes

# --- 5. start to first 200 and idle memory -----------------------------------------------------------
STATE=$TMP/state
PORT=$(free_port)
"$BIN" --state "$STATE" --port "$PORT" --https-port 0 --log-level warning >"$TMP/init.out" 2>"$TMP/init.err" &
FAKE=$!
PIDS+=("$FAKE")
wait_http "$FAKE" "http://127.0.0.1:$PORT/.well-known/jwks.json" init
curl -sf -o /dev/null "http://127.0.0.1:$PORT/.well-known/openid-configuration"
sleep 2
IDLE_RSS=$(rss_mb "$FAKE")
stop_pid "$FAKE"
echo "compare: start to first 200 x$STARTUP_RUNS (existing state, HTTPS on)" >&2
read -r S_MED S_MIN S_MAX S_N S_RSS < <(timeout 300 python3 "$BENCH_DIR/startup.py" --bin "$BIN" \
    --port "$(free_port)" --state "$STATE" --runs "$STARTUP_RUNS" --rss) || die "startup.py failed (fake)"
echo "compare: oidc-provider-mock start to first 200 x5" >&2
read -r M_MED M_MIN M_MAX M_N M_RSS < <(timeout 300 python3 "$BENCH_DIR/startup.py" --port "$(free_port)" \
    --runs 5 --rss --path /.well-known/openid-configuration -- "$VENV/bin/oidc-provider-mock" --port "{port}") \
    || die "startup.py failed (oidc-provider-mock)"

# --- 6. a big scenario: 10,000 users, each with a vault account -------------------------------------
python3 "$BENCH_DIR/gen-scenario.py" --users "$BIG_USERS" -o "$TMP/big.yaml"
BIG_KB=$(($(stat -c %s "$TMP/big.yaml") / 1024))
echo "compare: validate and start a scenario of $BIG_USERS users ($BIG_KB KiB) x$BIG_RUNS" >&2
VALIDATE_MS=$(python3 - "$BIN" "$TMP/big.yaml" 2>"$TMP/validate.err" <<'EOF'
import statistics, subprocess, sys, time
samples = []
for _ in range(3):
    t0 = time.perf_counter()
    done = subprocess.run([sys.argv[1], "validate", sys.argv[2]], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        sys.exit(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "validate failed")
    samples.append((time.perf_counter() - t0) * 1000)
print(f"{statistics.median(samples):.0f}")
EOF
) || true
B_MED=n/a B_RSS=n/a VALIDATED="validate alone: $VALIDATE_MS ms"
if [[ -n $VALIDATE_MS ]]; then
    # each run starts from a copy of the state above: signing key and certificates exist, the accounts do not
    read -r B_MED B_MIN B_MAX B_N B_RSS < <(timeout 300 python3 "$BENCH_DIR/startup.py" --bin "$BIN" \
        --port "$(free_port)" --state "$STATE" --fresh-state --scenario "$TMP/big.yaml" --runs "$BIG_RUNS" \
        --rss --timeout 60) || die "startup.py failed (big scenario)"
else
    VALIDATED="refused: $(tail -c 300 "$TMP/validate.err")"
    echo "compare: the big scenario was $VALIDATED" >&2
fi

# --- report --------------------------------------------------------------------------------------------
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print('%.0f %%' % (100 * a / b) if b else 'n/a')" "$1" "$2"; }
verdict() { if python3 -c "import sys; sys.exit(0 if $1 else 1)"; then echo PASS; else echo FAIL; fi; }
row() { printf '%-36s %-16s %-40s %-8s %s\n' "$@"; }
TOKENS=$(median "${TOKEN_RUNS[@]}")
JWKS=$(wrk_rps fake-jwks)
DISC=$(wrk_rps fake-discovery)
NJWKS=$(wrk_rps nginx-jwks)
NDISC=$(wrk_rps nginx-discovery)
MDISC=$(wrk_rps mock-discovery)
echo
echo "fake-auth0 compare  binary=$BIN"
echo "host: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), AVX-512 IFMA: $IFMA," \
    "$(openssl version | cut -d' ' -f1-2), wrk ${WRK_ARGS[*]}, loopback"
row "figure" "fake-auth0" "reference (same run)" "ratio" "target"
row "------" "----------" "--------------------" "-----" "------"
row "client_credentials tokens/s" "$TOKENS" "openssl speed -multi 2 rsa2048: $RSA/s" "$(ratio "$TOKENS" "$RSA")" \
    ">= 80 % $(verdict "$TOKENS >= 0.8 * $RSA")"
row "  median of $TOKEN_ROUNDS, alternating" "${TOKEN_RUNS[*]}" "  ${RSA_RUNS[*]}" "" ""
row "" "" "  the same, IFMA path masked: $RSA_NOIFMA/s" "$(ratio "$TOKENS" "$RSA_NOIFMA")" ""
row "JWKS req/s" "$JWKS" "nginx, same bytes: $NJWKS" "$(ratio "$JWKS" "$NJWKS")" \
    ">= 80 % $(verdict "$JWKS >= 0.8 * $NJWKS")"
row "discovery req/s" "$DISC" "nginx, same bytes: $NDISC" "$(ratio "$DISC" "$NDISC")" \
    ">= 80 % $(verdict "$DISC >= 0.8 * $NDISC")"
row "" "" "  oidc-provider-mock $MOCK_VERSION: $MDISC" "$(ratio "$DISC" "$MDISC")" ""
row "start to first 200 (state, HTTPS)" "$S_MED ms" "oidc-provider-mock: $M_MED ms" "$(ratio "$S_MED" "$M_MED")" \
    "<= 25 ms $(verdict "$S_MED <= 25")"
row "  min / max (n=$S_N)" "$S_MIN / $S_MAX" "  $M_MIN / $M_MAX ms (n=$M_N)" "" ""
row "RSS idle" "$IDLE_RSS MB" "oidc-provider-mock at start: $M_RSS MB" "" "<= 30 MB $(verdict "$IDLE_RSS <= 30")"
row "  at first 200 / after the load" "$S_RSS / $LOADED_RSS MB" "" "" ""
big_verdict() { if [[ $2 == n/a ]]; then echo FAIL; else verdict "$2 < $1"; fi; }
row "$BIG_USERS users + vault accounts: start" "$B_MED ms" "$VALIDATED" "" \
    "< 300 ms $(big_verdict 300 "$B_MED")"
row "  RSS at first 200 ($BIG_KB KiB file)" "$B_RSS MB" "" "" "< 80 MB $(big_verdict 80 "$B_RSS")"
