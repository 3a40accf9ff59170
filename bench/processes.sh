# Process bookkeeping shared by the bench scripts: `source bench/processes.sh NAME` makes a temporary
# folder $TMP (fake-auth0-NAME.XXXXXX), an array PIDS of the processes to stop, and on exit (also on
# errors, Ctrl-C and SIGTERM) stops each of them (TERM, then KILL after 5 s) and removes $TMP.
# It also defines free_port, which prints a free TCP port on 127.0.0.1.

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fake-auth0-$1.XXXXXX")
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
