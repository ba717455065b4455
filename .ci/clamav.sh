#!/usr/bin/env bash
# Start, stop or check a local ClamAV daemon (clamd) for development and CI.
#
# The daemon loads ONLY the EICAR test signature shipped in the repository
# (cms/security/signatures/eicar-test.ndb); freshclam is never used, so this works
# without internet access. It is a test scanner, not a production one.
#
# Usage (as root the first time, so that clamd can be installed with apt-get):
#   bash .ci/clamav.sh [start]   install if needed, start, wait for PONG, self-test;
#                                prints the unix socket path as the last stdout line
#   bash .ci/clamav.sh stop      stop the daemon started by this script
#   bash .ci/clamav.sh status    exit 0 if the daemon answers PING, 1 otherwise
#   bash .ci/clamav.sh restart
#
# Environment (all optional):
#   CLAMD_DIR            directory dedicated to this daemon (default /tmp/xiuying-clamd);
#                        holds clamd.conf, db/, tmp/, clamd.ctl, clamd.pid, clamd.log
#   CLAMD_SOCKET         unix socket path (default $CLAMD_DIR/clamd.ctl)
#   CLAMD_TCP_ADDR       TCP listen address (default 127.0.0.1)
#   CLAMD_TCP_PORT       TCP port (default 3310); "off" disables the TCP listener
#   CLAMD_STREAM_MAX     StreamMaxLength / MaxFileSize (default 100M, the upload limit)
#   CLAMD_USER           user clamd drops privileges to (default: clamav when run as
#                        root and that user exists; empty = the invoking user)
#   CLAMD_START_TIMEOUT  seconds to wait for PONG (default 60)
#   PYTHON               python interpreter used for the socket checks (default python3,
#                        else the project's .venv/bin/python)
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIGNATURE_SRC="$ROOT_DIR/cms/security/signatures/eicar-test.ndb"

CLAMD_DIR="${CLAMD_DIR:-/tmp/xiuying-clamd}"
CLAMD_SOCKET="${CLAMD_SOCKET:-$CLAMD_DIR/clamd.ctl}"
CLAMD_TCP_ADDR="${CLAMD_TCP_ADDR:-127.0.0.1}"
CLAMD_TCP_PORT="${CLAMD_TCP_PORT:-3310}"
CLAMD_STREAM_MAX="${CLAMD_STREAM_MAX:-100M}"
CLAMD_START_TIMEOUT="${CLAMD_START_TIMEOUT:-60}"
PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1 && [ -x "$ROOT_DIR/.venv/bin/python" ]; then
    PYTHON="$ROOT_DIR/.venv/bin/python"
fi

CONF="$CLAMD_DIR/clamd.conf"
DB_DIR="$CLAMD_DIR/db"
TMP_DIR="$CLAMD_DIR/tmp"
PID_FILE="$CLAMD_DIR/clamd.pid"
LOG_FILE="$CLAMD_DIR/clamd.log"

log() { printf 'clamav.sh: %s\n' "$*" >&2; }
die() {
    printf 'clamav.sh: ERROR: %s\n' "$*" >&2
    exit 1
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

case "$CLAMD_DIR" in
    /?*) ;;
    *) die "CLAMD_DIR must be an absolute path other than / (got '$CLAMD_DIR')" ;;
esac
case "$CLAMD_TCP_PORT" in
    off | [1-9] | [1-9][0-9] | [1-9][0-9][0-9] | [1-9][0-9][0-9][0-9] | [1-9][0-9][0-9][0-9][0-9]) ;;
    *) die "CLAMD_TCP_PORT must be a port number or 'off' (got '$CLAMD_TCP_PORT')" ;;
esac
if [ "${#CLAMD_SOCKET}" -gt 100 ]; then
    die "CLAMD_SOCKET path is too long for a unix socket: $CLAMD_SOCKET"
fi

find_clamd() {
    local candidate
    for candidate in "$(command -v clamd 2>/dev/null || true)" /usr/sbin/clamd /usr/local/sbin/clamd; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

POLICY_RC_D=/usr/sbin/policy-rc.d
POLICY_RC_D_CREATED=0
remove_policy_rc_d() {
    if [ "$POLICY_RC_D_CREATED" -eq 1 ]; then
        rm -f "$POLICY_RC_D"
        POLICY_RC_D_CREATED=0
    fi
}

install_clamd() {
    [ "$(id -u)" -eq 0 ] || die "clamd is not installed; run this script as root once (it runs: apt-get install clamav clamav-daemon)"
    command -v apt-get >/dev/null || die "clamd is not installed and apt-get is not available"
    local started apt_log
    started="$(now)"
    apt_log="$(mktemp)"
    # Keep the packages' own services (system clamd, freshclam) from being started
    # by the maintainer scripts: freshclam cannot reach its mirrors here, and the
    # system clamd would start without a database. Standard Debian mechanism;
    # an existing policy-rc.d is left alone.
    if [ ! -e "$POLICY_RC_D" ]; then
        POLICY_RC_D_CREATED=1
        trap remove_policy_rc_d EXIT
        printf '#!/bin/sh\n# Temporary, from .ci/clamav.sh\nexit 101\n' >"$POLICY_RC_D"
        chmod 755 "$POLICY_RC_D"
    fi
    log "installing clamav and clamav-daemon with apt-get (log: $apt_log)"
    local rc=0
    {
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
                clamav clamav-daemon
    } >"$apt_log" 2>&1 || rc=$?
    remove_policy_rc_d
    if [ "$rc" -ne 0 ]; then
        tail -n 30 "$apt_log" >&2 || true
        die "apt-get install clamav clamav-daemon failed (exit $rc)"
    fi
    rm -f "$apt_log"
    log "installed clamav in $(elapsed "$started") s"
}

# Talk to clamd over the unix socket. Modes: ping, selftest.
clamd_check() {
    "$PYTHON" - "$CLAMD_SOCKET" "$1" <<'PY'
import socket
import struct
import sys

path, mode = sys.argv[1], sys.argv[2]


def command(cmd, payload=None):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect(path)
        sock.sendall(b"z" + cmd + b"\0")
        if payload is not None:
            sock.sendall(struct.pack(">I", len(payload)) + payload + struct.pack(">I", 0))
        reply = b""
        while True:
            data = sock.recv(4096)
            if not data:
                break
            reply += data
        return reply.rstrip(b"\0").decode("utf-8", "replace")


try:
    if mode == "ping":
        sys.exit(0 if command(b"PING") == "PONG" else 1)
    # Built from two halves so that this script is not itself an EICAR file.
    eicar = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
    # Signatures from unsigned databases are reported with a ".UNOFFICIAL" suffix.
    found = ("stream: Eicar-Test-Signature FOUND", "stream: Eicar-Test-Signature.UNOFFICIAL FOUND")
    checks = [
        ("plain EICAR", eicar, found),
        ("EICAR inside a PDF", b"%PDF-1.4\n1 0 obj\n(" + eicar + b")\nendobj\n%%EOF\n", found),
        ("EICAR inside a PNG", b"\x89PNG\r\n\x1a\n" + bytes(2000) + eicar + bytes(2000), found),
        ("clean data", b"hello, clamd\n" * 100, ("stream: OK",)),
    ]
    for label, payload, expected in checks:
        reply = command(b"INSTREAM", payload)
        if reply not in expected:
            print(f"self-test '{label}': expected {expected!r}, got {reply!r}", file=sys.stderr)
            sys.exit(1)
except OSError as exc:
    if mode != "ping":
        print(f"self-test: {exc}", file=sys.stderr)
    sys.exit(1)
PY
}

read_pid() {
    local pid=""
    if [ -r "$PID_FILE" ]; then
        # clamd removes its pid file when it exits, possibly right now.
        pid="$({ tr -dc '0-9' <"$PID_FILE"; } 2>/dev/null || true)"
    fi
    printf '%s\n' "$pid"
}

# True if the pid file names a live clamd process.
daemon_alive() {
    local pid
    pid="$(read_pid)"
    [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "clamd" ]
}

stop_daemon() {
    local pid i
    pid="$(read_pid)"
    if ! daemon_alive; then
        rm -f "$PID_FILE"
        if [ -S "$CLAMD_SOCKET" ] && clamd_check ping; then
            die "a clamd answers on $CLAMD_SOCKET but was not started from $CLAMD_DIR; not stopping it"
        fi
        rm -f "$CLAMD_SOCKET"
        log "clamd is not running (CLAMD_DIR=$CLAMD_DIR)"
        return 0
    fi
    kill -TERM "$pid"
    for ((i = 0; i < 150; i++)); do
        daemon_alive || break
        sleep 0.2
    done
    if daemon_alive; then
        log "clamd (pid $pid) did not stop after 30 s; sending SIGKILL"
        kill -KILL "$pid" || true
        sleep 0.5
    fi
    rm -f "$PID_FILE" "$CLAMD_SOCKET"
    log "stopped clamd (pid $pid)"
}

write_config() {
    local target="$1" user="$2"
    {
        echo "# Generated by .ci/clamav.sh -- development/CI clamd, EICAR-only database."
        echo "Foreground no"
        echo "LocalSocket $CLAMD_SOCKET"
        echo "LocalSocketMode 666"
        echo "FixStaleSocket yes"
        if [ "$CLAMD_TCP_PORT" != "off" ]; then
            echo "TCPSocket $CLAMD_TCP_PORT"
            echo "TCPAddr $CLAMD_TCP_ADDR"
        fi
        echo "DatabaseDirectory $DB_DIR"
        echo "TemporaryDirectory $TMP_DIR"
        echo "PidFile $PID_FILE"
        echo "LogFile $LOG_FILE"
        echo "LogTime yes"
        echo "LogFileMaxSize 10M"
        if [ -n "$user" ]; then
            echo "User $user"
        fi
        echo "StreamMaxLength $CLAMD_STREAM_MAX"
        echo "MaxFileSize $CLAMD_STREAM_MAX"
        echo "MaxScanSize 400M"
        # Report files that could not be scanned completely (size, recursion,
        # time limits) as Heuristics.Limits.Exceeded.* instead of "OK": fail closed.
        echo "AlertExceedsMax yes"
        echo "MaxThreads 4"
        echo "ReadTimeout 120"
        echo "CommandReadTimeout 30"
        echo "SelfCheck 3600"
    } >"$target"
}

start_daemon() {
    local clamd user started
    [ -r "$SIGNATURE_SRC" ] || die "signature file not found: $SIGNATURE_SRC"
    command -v "$PYTHON" >/dev/null || die "python interpreter '$PYTHON' not found (set PYTHON=...)"

    if ! clamd="$(find_clamd)"; then
        install_clamd
        clamd="$(find_clamd)" || die "clamd still not found after apt-get install"
    fi

    if [ -n "${CLAMD_USER+set}" ]; then
        user="$CLAMD_USER"
    elif [ "$(id -u)" -eq 0 ] && id clamav >/dev/null 2>&1; then
        user=clamav
    else
        user=""
    fi

    mkdir -p "$CLAMD_DIR" "$DB_DIR" "$TMP_DIR"
    local new_conf="$CLAMD_DIR/clamd.conf.new"
    write_config "$new_conf" "$user"

    if daemon_alive && clamd_check ping; then
        if cmp -s "$new_conf" "$CONF" && cmp -s "$SIGNATURE_SRC" "$DB_DIR/eicar-test.ndb" &&
            clamd_check selftest; then
            rm -f "$new_conf"
            log "clamd already running (pid $(read_pid)), configuration unchanged, self-test passed"
            printf '%s\n' "$CLAMD_SOCKET"
            return 0
        fi
        log "configuration, signatures or self-test differ; restarting clamd"
        stop_daemon
    elif daemon_alive; then
        log "clamd (pid $(read_pid)) does not answer PING; restarting it"
        stop_daemon
    fi

    # The database directory holds nothing but the EICAR test signature.
    find "$DB_DIR" -mindepth 1 -delete
    install -m 0644 "$SIGNATURE_SRC" "$DB_DIR/eicar-test.ndb"
    mv -f "$new_conf" "$CONF"
    rm -f "$PID_FILE"
    : >"$LOG_FILE"
    if [ -n "$user" ]; then
        # clamd drops privileges before it creates the socket and pid file.
        chown "$user" "$CLAMD_DIR" "$TMP_DIR" "$LOG_FILE"
    fi
    chmod 0755 "$CLAMD_DIR" "$DB_DIR"
    chmod 0700 "$TMP_DIR"

    started="$(now)"
    log "starting $clamd --config-file=$CONF"
    if ! "$clamd" --config-file="$CONF" >>"$LOG_FILE" 2>&1; then
        tail -n 30 "$LOG_FILE" >&2 || true
        die "clamd failed to start (log: $LOG_FILE)"
    fi

    local deadline=$((SECONDS + CLAMD_START_TIMEOUT))
    until clamd_check ping; do
        if [ -s "$PID_FILE" ] && ! daemon_alive; then
            tail -n 30 "$LOG_FILE" >&2 || true
            die "clamd exited during start-up (log: $LOG_FILE)"
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            tail -n 30 "$LOG_FILE" >&2 || true
            die "clamd did not answer PING on $CLAMD_SOCKET within $CLAMD_START_TIMEOUT s (log: $LOG_FILE)"
        fi
        sleep 0.2
    done
    log "clamd answers PONG on $CLAMD_SOCKET after $(elapsed "$started") s (pid $(read_pid))"

    # clamd keeps running on its unix socket when the TCP port cannot be bound.
    if [ "$CLAMD_TCP_PORT" != "off" ] && ! grep -q "TCP: Bound to" "$LOG_FILE"; then
        grep -i "tcp" "$LOG_FILE" >&2 || true
        stop_daemon
        die "clamd could not listen on $CLAMD_TCP_ADDR:$CLAMD_TCP_PORT (port in use?); set CLAMD_TCP_PORT=off or another port"
    fi

    if ! clamd_check selftest; then
        stop_daemon
        die "clamd started but did not detect the EICAR test file as expected; stopped it again"
    fi
    log "self-test passed: EICAR detected (plain, inside a PDF, inside a PNG), clean data OK"
    printf '%s\n' "$CLAMD_SOCKET"
}

case "${1:-start}" in
    start) start_daemon ;;
    stop) stop_daemon ;;
    restart)
        stop_daemon
        start_daemon
        ;;
    status)
        if clamd_check ping; then
            log "clamd answers PONG on $CLAMD_SOCKET"
            printf '%s\n' "$CLAMD_SOCKET"
        else
            log "clamd does not answer on $CLAMD_SOCKET"
            exit 1
        fi
        ;;
    *) die "usage: $0 [start|stop|restart|status]" ;;
esac
