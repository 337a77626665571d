#!/usr/bin/env bash
# Start/stop the real services the test suite talks to: PostgreSQL, Redis,
# Elasticsearch and stripe-mock, private to this checkout, on loopback only.
#
#   scripts/services.sh start [pg|redis|es|es2|stripe ...]   start (all by default), wait until ready
#   scripts/services.sh stop  [pg|redis|es|es2|stripe ...]   stop; never fails when nothing runs
#   scripts/services.sh status [names]                   one line per service
#   scripts/services.sh env                              export lines: eval "$(scripts/services.sh env)"
#   --es-second-node (or ES_SECOND_NODE=1), before the command's names: Elasticsearch as a
#   two-node cluster (es: master + data, es2: data only, one replica per index); give it to
#   every start/stop/env of that cluster. ES_DIR, ES2_DIR, the ports and ES_CLUSTER_NAME can be
#   set to run a private cluster beside the shared one (tests/search/test_cluster.py does).
#
# State lives in $ROOT/.services/. Binaries come from scripts/install_system_packages.sh.
# Must run as root (it switches to the postgres and esrunner users).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SVC="$ROOT/.services"
HOST=127.0.0.1

PG_PORT="${PG_PORT:-54329}"
REDIS_PORT="${REDIS_PORT:-63799}"
ES_PORT="${ES_PORT:-9209}"
STRIPE_MOCK_PORT="${STRIPE_MOCK_PORT:-12111}"
STRIPE_MOCK_HTTPS_PORT="${STRIPE_MOCK_HTTPS_PORT:-12112}"

ES_VERSION="${ES_VERSION:-8.19.3}"
ES_HOME="${ES_HOME:-$SVC/elasticsearch-$ES_VERSION}"
ES_DIR="${ES_DIR:-$SVC/es}"       # data, logs, pid, tmp: owned by esrunner
ES_CLUSTER_NAME="${ES_CLUSTER_NAME:-binhai-test}"
# Second node (--es-second-node): data only, so losing it never loses the elected master; with
# two master-eligible nodes the cluster would stop on losing the one in the voting configuration.
ES_SECOND_NODE="${ES_SECOND_NODE:-0}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-9309}"
ES2_PORT="${ES2_PORT:-9219}"
ES2_TRANSPORT_PORT="${ES2_TRANSPORT_PORT:-9319}"
ES2_DIR="${ES2_DIR:-$SVC/es2}"
ES_USER=esrunner                  # Elasticsearch refuses to run as root
ES_JAVA_HOME="${ES_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"  # ES 8.x runs on 17; 9.x would need 21
ES_TIMEOUT="${ES_TIMEOUT:-120}"
# C1 only (TieredStopAtLevel=1): the node boots in about half the time (measured
# 13 s against 26 s on 2 busy cores), which matters for a test that restarts it;
# peak speed does not matter for test-sized indices.
ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m -XX:TieredStopAtLevel=1}"

PG_DATA="$SVC/pg"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
# Socket in /tmp: a socket path inside a deep checkout could pass the 107-byte
# limit, and /var/run/postgresql does not exist before the Debian unit has run.
PG_SOCKET_DIR=/tmp

ALL_SERVICES=(pg redis stripe es)

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Print the end of a log and fail: a service that does not come up is loud.
fail_with_log() {
    local name=$1; shift
    log "ERROR: $name did not come up"
    local f
    for f in "$@"; do
        [[ -f $f ]] || continue
        printf -- '----- tail of %s -----\n' "$f" >&2
        tail -n 60 "$f" >&2 || true
    done
    exit 1
}

# kill -0 also succeeds on a zombie; here PID 1 may be slow to reap daemons, so
# a zombie counts as gone.
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    [[ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]]
}

# Pid from a pid file, printed only if that process is alive and its command
# line contains $2 (a stale pid file whose pid was reused does not count).
live_pid() {
    local pidfile=$1 pattern=$2 pid
    [[ -s $pidfile ]] || return 1
    pid="$(tr -dc '0-9' <"$pidfile")"
    [[ -n $pid ]] && alive "$pid" || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern" || return 1
    echo "$pid"
}

# True when the pid file names a process that no longer exists (crashed while
# starting). A missing pid file, or one whose process is still exec'ing, is not "gone".
pid_gone() {
    local pid
    pid="$(tr -dc '0-9' <"$1" 2>/dev/null)" || return 1
    [[ -n $pid ]] && ! alive "$pid"
}

# Poll "$@" every 0.25 s until it succeeds or $1 seconds pass.
wait_until() {
    local timeout=$1; shift
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || return 1
        sleep 0.25
    done
}

# SIGTERM, wait up to $2 s, then SIGKILL.
stop_pid() {
    local pid=$1 timeout=${2:-30} i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < timeout * 10; i++)); do
        alive "$pid" || return 0
        sleep 0.1
    done
    log "pid $pid ignored SIGTERM for ${timeout}s; killing"
    kill -KILL "$pid" 2>/dev/null || true
}

port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# The postgres and esrunner users must be able to walk down to .services.
# We add o+x (traverse, not list) to whichever ancestors lack it, e.g. /root
# (mode 700) when the repo is cloned under root's home. The alternative, data
# under /tmp, would still leave the Elasticsearch home (which runs as
# esrunner) unreachable, so one rule for both is simpler.
ensure_traversable() {
    local d=$1
    while [[ $d != / && -n $d ]]; do
        if [[ -d $d ]] && ! find "$d" -maxdepth 0 -perm -o+x | grep -q .; then
            log "chmod o+x $d (so postgres/$ES_USER can reach $SVC)"
            chmod o+x "$d"
        fi
        d="$(dirname "$d")"
    done
}

prepare_dirs() {
    mkdir -p "$SVC"
    chmod 755 "$SVC"
    ensure_traversable "$SVC"
}

# ------------------------------------------------------------------ PostgreSQL
pg_ctl_() { runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" "$@"; }
# Line 1 of postmaster.pid is the postmaster's pid.
pg_pid() {
    local pid
    pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null | tr -dc '0-9')" || return 1
    [[ -n $pid ]] && alive "$pid" || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$PG_BIN/postgres" || return 1
    echo "$pid"
}
pg_psql() {
    runuser -u postgres -- "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -d postgres "$@"
}

pg_start() {
    [[ -x $PG_BIN/postgres ]] || die "PostgreSQL not found in $PG_BIN: run scripts/install_system_packages.sh"
    if pid="$(pg_pid)"; then
        log "postgres already running (pid $pid)"
    else
        if [[ ! -s $PG_DATA/PG_VERSION ]]; then
            log "initdb $PG_DATA"
            rm -rf "$PG_DATA"
            install -d -o postgres -g postgres -m 700 "$PG_DATA"
            # peer auth over the socket for our admin psql; passwords over TCP for the app.
            runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
                --auth-local=peer --auth-host=scram-sha-256 >"$SVC/pg-initdb.log" 2>&1 \
                || fail_with_log postgres "$SVC/pg-initdb.log"
            # Test speed over durability: this cluster only ever holds test data.
            # max_connections: a test fires 200 concurrent registrations.
            cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- scripts/services.sh ---
listen_addresses = '$HOST'
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
        fi
        port_busy "$PG_PORT" && die "port $HOST:$PG_PORT is already taken by another process"
        log "starting postgres on $HOST:$PG_PORT"
        # The port is passed at start so PG_PORT can be overridden without re-initdb.
        pg_ctl_ -l "$PG_DATA/server.log" -w -t 60 -o "-c port=$PG_PORT" start >/dev/null 2>&1 9>&- \
            || fail_with_log postgres "$PG_DATA/server.log"
    fi
    wait_until 30 "$PG_BIN/pg_isready" -q -h "$HOST" -p "$PG_PORT" || fail_with_log postgres "$PG_DATA/server.log"
    # Role and database are (re)made on every start: cheap, and repairs a half-made cluster.
    pg_psql -f - <<'EOF' || fail_with_log postgres "$PG_DATA/server.log"
SELECT 'CREATE ROLE marketplace LOGIN CREATEDB'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'marketplace')\gexec
ALTER ROLE marketplace LOGIN CREATEDB PASSWORD 'marketplace';
SELECT 'CREATE DATABASE marketplace OWNER marketplace'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'marketplace')\gexec
EOF
}

pg_stop() {
    if pid="$(pg_pid)"; then
        log "stopping postgres (pid $pid)"
        # fast: disconnect clients (a test run may still hold connections).
        pg_ctl_ -m fast -w -t 60 stop >/dev/null 2>&1 || stop_pid "$pid" 30
    fi
}

pg_status() {
    if pid="$(pg_pid)"; then echo "pg      running  pid $pid  postgres://$HOST:$(pg_port_of_running)"; else echo "pg      stopped"; fi
}
# The port actually in use (line 4 of postmaster.pid), in case PG_PORT changed since start.
pg_port_of_running() { sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || echo "$PG_PORT"; }

# ----------------------------------------------------------------------- Redis
REDIS_PID="$SVC/redis.pid"
redis_pid() { live_pid "$REDIS_PID" redis-server; }
redis_ping() { [[ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_start() {
    command -v redis-server >/dev/null || die "redis-server not found: run scripts/install_system_packages.sh"
    if pid="$(redis_pid)"; then
        log "redis already running (pid $pid)"
    else
        port_busy "$REDIS_PORT" && die "port $HOST:$REDIS_PORT is already taken by another process"
        log "starting redis on $HOST:$REDIS_PORT"
        mkdir -p "$SVC/redis"
        rm -f "$REDIS_PID"
        # No persistence: tests must not see data from an earlier run after a restart.
        redis-server --bind "$HOST" --port "$REDIS_PORT" --save '' --appendonly no \
            --daemonize yes --pidfile "$REDIS_PID" --logfile "$SVC/redis.log" --dir "$SVC/redis" \
            --maxclients 1000 </dev/null >/dev/null 2>&1 9>&- || fail_with_log redis "$SVC/redis.log"
    fi
    wait_until 20 redis_ping || fail_with_log redis "$SVC/redis.log"
}

redis_stop() {
    if pid="$(redis_pid)"; then
        log "stopping redis (pid $pid)"
        stop_pid "$pid" 20
    fi
    rm -f "$REDIS_PID"
}

redis_status() {
    if pid="$(redis_pid)"; then echo "redis   running  pid $pid  $HOST:$REDIS_PORT"; else echo "redis   stopped"; fi
}

# --------------------------------------------------------------- Elasticsearch
ES_PID="$ES_DIR/es.pid"
ES_LOG="$ES_DIR/logs/$ES_CLUSTER_NAME.log"
es_pid() { live_pid "$ES_PID" org.elasticsearch; }
es_health() {
    curl -fsS -m 10 "http://$HOST:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=5s"
}
# 0 ready, 2 process gone (fail now rather than wait out the timeout), else not yet.
es_up() { pid_gone "$ES_PID" && return 2; es_health; }

# Start in two halves so that `start` can boot the JVM (the slowest part)
# while PostgreSQL, Redis and stripe-mock come up.
ES_LAUNCHER=""
es_launch() {
    [[ -x $ES_HOME/bin/elasticsearch ]] || die "$ES_HOME missing: run scripts/install_system_packages.sh"
    [[ -x $ES_JAVA_HOME/bin/java ]] || die "no Java at $ES_JAVA_HOME (set ES_JAVA_HOME to a JDK 17+)"
    if pid="$(es_pid)"; then
        log "elasticsearch already running (pid $pid)"
        return
    fi
    if ! id -u "$ES_USER" >/dev/null 2>&1; then
        log "creating system user $ES_USER"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$ES_USER"
    fi
    # ES writes its keystore into config/ and gc.log into logs/ of its home.
    if [[ "$(stat -c %U "$ES_HOME")" != "$ES_USER" ]]; then
        chown -R "$ES_USER:" "$ES_HOME"
    fi
    install -d -o "$ES_USER" -g "$ES_USER" "$ES_DIR" "$ES_DIR/data" "$ES_DIR/logs" "$ES_DIR/tmp"
    port_busy "$ES_PORT" && die "port $HOST:$ES_PORT is already taken by another process"
    local ES_DISCOVERY=(-E discovery.type=single-node)
    if [[ $ES_SECOND_NODE == 1 ]]; then
        port_busy "$ES_TRANSPORT_PORT" && die "port $HOST:$ES_TRANSPORT_PORT is already taken by another process"
        ES_DISCOVERY=(-E transport.port="$ES_TRANSPORT_PORT"
            -E discovery.seed_hosts="$HOST:$ES_TRANSPORT_PORT,$HOST:$ES2_TRANSPORT_PORT"
            -E cluster.initial_master_nodes="$ES_CLUSTER_NAME-node")
    fi
    log "starting elasticsearch on $HOST:$ES_PORT"
    rm -f "$ES_PID"
    # `elasticsearch -d` returns once the node has started and written its pid
    # file; it runs in the background here and es_wait collects its status.
    # The integ-test zip has no ML module, but x-pack-core still knows
    # xpack.ml.enabled; it has no ingest-geoip either, so ingest.geoip.* settings
    # would be rejected as unknown (and are not needed).
    (
        rc=0
        runuser -u "$ES_USER" -- env -i PATH=/usr/bin:/bin HOME="$ES_DIR" \
            ES_JAVA_HOME="$ES_JAVA_HOME" ES_JAVA_OPTS="$ES_JAVA_OPTS" ES_TMPDIR="$ES_DIR/tmp" \
            "$ES_HOME/bin/elasticsearch" -d -p "$ES_PID" \
            -E cluster.name="$ES_CLUSTER_NAME" \
            -E node.name="$ES_CLUSTER_NAME-node" \
            "${ES_DISCOVERY[@]}" \
            -E xpack.security.enabled=false \
            -E network.host="$HOST" \
            -E http.port="$ES_PORT" \
            -E path.data="$ES_DIR/data" \
            -E path.logs="$ES_DIR/logs" \
            -E cluster.routing.allocation.disk.threshold_enabled=false \
            -E xpack.ml.enabled=false \
            </dev/null >"$ES_DIR/console.log" 2>&1 9>&- || rc=$?
        exit "$rc"
    ) &
    ES_LAUNCHER=$!
}

es_wait() {
    if [[ -n $ES_LAUNCHER ]]; then
        wait "$ES_LAUNCHER" || fail_with_log elasticsearch "$ES_DIR/console.log" "$ES_LOG"
        ES_LAUNCHER=""
    fi
    local deadline=$((SECONDS + ES_TIMEOUT)) rc
    while :; do
        rc=0; es_up >/dev/null 2>&1 || rc=$?
        ((rc == 0)) && break
        ((rc == 2)) && fail_with_log elasticsearch "$ES_DIR/console.log" "$ES_LOG"   # process died
        ((SECONDS < deadline)) || fail_with_log elasticsearch "$ES_DIR/console.log" "$ES_LOG"
        sleep 0.5
    done
}

es_start() { es_launch; es_wait; }

es_stop() {
    if pid="$(es_pid)"; then
        log "stopping elasticsearch (pid $pid)"
        stop_pid "$pid" 60
    fi
    rm -f "$ES_PID"
}

es_status() {
    if pid="$(es_pid)"; then echo "es      running  pid $pid  http://$HOST:$ES_PORT"; else echo "es      stopped"; fi
}

# ------------------------------------------ Elasticsearch, second node (--es-second-node)
ES2_PID="$ES2_DIR/es.pid"
es2_pid() { live_pid "$ES2_PID" org.elasticsearch; }
# Ready when this node answers and the cluster it joined has two nodes.
es2_up() {
    pid_gone "$ES2_PID" && return 2
    curl -fsS -m 10 "http://$HOST:$ES2_PORT/_cluster/health?wait_for_nodes=2&timeout=5s" | grep -q '"timed_out":false'
}

ES2_LAUNCHER=""
es2_launch() {
    [[ $ES_SECOND_NODE == 1 ]] || die "es2 needs --es-second-node (and es started with it)"
    [[ -x $ES_HOME/bin/elasticsearch ]] || die "$ES_HOME missing: run scripts/install_system_packages.sh"
    if pid="$(es2_pid)"; then
        log "elasticsearch second node already running (pid $pid)"
        return
    fi
    install -d -o "$ES_USER" -g "$ES_USER" "$ES2_DIR" "$ES2_DIR/data" "$ES2_DIR/logs" "$ES2_DIR/tmp"
    port_busy "$ES2_PORT" && die "port $HOST:$ES2_PORT is already taken by another process"
    port_busy "$ES2_TRANSPORT_PORT" && die "port $HOST:$ES2_TRANSPORT_PORT is already taken by another process"
    log "starting elasticsearch second node on $HOST:$ES2_PORT"
    rm -f "$ES2_PID"
    (
        rc=0
        runuser -u "$ES_USER" -- env -i PATH=/usr/bin:/bin HOME="$ES2_DIR" \
            ES_JAVA_HOME="$ES_JAVA_HOME" ES_JAVA_OPTS="$ES_JAVA_OPTS" ES_TMPDIR="$ES2_DIR/tmp" \
            "$ES_HOME/bin/elasticsearch" -d -p "$ES2_PID" \
            -E cluster.name="$ES_CLUSTER_NAME" \
            -E node.name="$ES_CLUSTER_NAME-node-2" \
            -E node.roles=data,ingest \
            -E discovery.seed_hosts="$HOST:$ES_TRANSPORT_PORT" \
            -E transport.port="$ES2_TRANSPORT_PORT" \
            -E xpack.security.enabled=false \
            -E network.host="$HOST" \
            -E http.port="$ES2_PORT" \
            -E path.data="$ES2_DIR/data" \
            -E path.logs="$ES2_DIR/logs" \
            -E cluster.routing.allocation.disk.threshold_enabled=false \
            -E xpack.ml.enabled=false \
            </dev/null >"$ES2_DIR/console.log" 2>&1 9>&- || rc=$?
        exit "$rc"
    ) &
    ES2_LAUNCHER=$!
}

es2_wait() {
    if [[ -n $ES2_LAUNCHER ]]; then
        wait "$ES2_LAUNCHER" || fail_with_log elasticsearch-2 "$ES2_DIR/console.log" "$ES2_DIR/logs/$ES_CLUSTER_NAME.log"
        ES2_LAUNCHER=""
    fi
    local deadline=$((SECONDS + ES_TIMEOUT)) rc
    while :; do
        rc=0; es2_up >/dev/null 2>&1 || rc=$?
        ((rc == 0)) && break
        ((rc == 2)) && fail_with_log elasticsearch-2 "$ES2_DIR/console.log" "$ES2_DIR/logs/$ES_CLUSTER_NAME.log"
        ((SECONDS < deadline)) || fail_with_log elasticsearch-2 "$ES2_DIR/console.log" "$ES2_DIR/logs/$ES_CLUSTER_NAME.log"
        sleep 0.5
    done
}

es2_start() { es2_launch; es2_wait; }

es2_stop() {
    if pid="$(es2_pid)"; then
        log "stopping elasticsearch second node (pid $pid)"
        stop_pid "$pid" 60
    fi
    rm -f "$ES2_PID"
}

es2_status() {
    if pid="$(es2_pid)"; then echo "es2     running  pid $pid  http://$HOST:$ES2_PORT"; else echo "es2     stopped"; fi
}

# ----------------------------------------------------------------- stripe-mock
STRIPE_BIN="$SVC/bin/stripe-mock"
STRIPE_PID="$SVC/stripe-mock.pid"
STRIPE_LOG="$SVC/stripe-mock.log"
stripe_pid() { live_pid "$STRIPE_PID" stripe-mock; }
stripe_up() {
    pid_gone "$STRIPE_PID" && return 2
    curl -fsS -m 5 -u sk_test_123: "http://$HOST:$STRIPE_MOCK_PORT/v1/customers" >/dev/null
}

stripe_start() {
    [[ -x $STRIPE_BIN ]] || die "$STRIPE_BIN missing: run scripts/install_system_packages.sh"
    if pid="$(stripe_pid)"; then
        log "stripe-mock already running (pid $pid)"
    else
        port_busy "$STRIPE_MOCK_PORT" && die "port $HOST:$STRIPE_MOCK_PORT is already taken by another process"
        log "starting stripe-mock on $HOST:$STRIPE_MOCK_PORT (https $STRIPE_MOCK_HTTPS_PORT)"
        # setsid: its own session, so a Ctrl-C or job-control kill of the caller leaves it running.
        setsid "$STRIPE_BIN" -http-addr "$HOST:$STRIPE_MOCK_PORT" -https-addr "$HOST:$STRIPE_MOCK_HTTPS_PORT" \
            </dev/null >"$STRIPE_LOG" 2>&1 9>&- &
        echo $! >"$STRIPE_PID"
    fi
    local deadline=$((SECONDS + 30)) rc
    while :; do
        rc=0; stripe_up 2>/dev/null || rc=$?
        ((rc == 0)) && break
        ((rc == 2)) && fail_with_log stripe-mock "$STRIPE_LOG"
        ((SECONDS < deadline)) || fail_with_log stripe-mock "$STRIPE_LOG"
        sleep 0.2
    done
}

stripe_stop() {
    if pid="$(stripe_pid)"; then
        log "stopping stripe-mock (pid $pid)"
        stop_pid "$pid" 10
    fi
    rm -f "$STRIPE_PID"
}

stripe_status() {
    if pid="$(stripe_pid)"; then
        echo "stripe  running  pid $pid  http://$HOST:$STRIPE_MOCK_PORT"
    else
        echo "stripe  stopped"
    fi
}

# ------------------------------------------------------------------------ main
canon() {
    case $1 in
        pg | postgres | postgresql) echo pg ;;
        redis) echo redis ;;
        es | elasticsearch) echo es ;;
        es2 | elasticsearch2) echo es2 ;;
        stripe | stripe-mock | stripe_mock) echo stripe ;;
        *) die "unknown service '$1' (pg, redis, es, es2, stripe)" ;;
    esac
}

usage() {
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while [[ ${1:-} == --* ]]; do
    case $1 in
        --es-second-node) ES_SECOND_NODE=1 ;;
        -h | --help) usage ;;
        *) die "unknown flag $1" ;;
    esac
    shift
done
cmd="${1:-}"
[[ -n $cmd ]] || usage
shift
services=()
for s in "$@"; do
    if [[ $s == --es-second-node ]]; then ES_SECOND_NODE=1; continue; fi
    services+=("$(canon "$s")")
done
if ((${#services[@]} == 0)); then
    services=("${ALL_SERVICES[@]}")
    [[ $ES_SECOND_NODE == 1 ]] && services+=(es2)
fi

# Serialise start/stop (a test may restart ES while another shell starts everything).
# Every daemon is launched with 9>&- so that none inherits (and holds) the lock.
lock() {
    prepare_dirs
    exec 9>"$SVC/.lock"
    flock -n 9 || { log "waiting for another services.sh (lock $SVC/.lock)"; flock -w 300 9; } || die "another services.sh holds $SVC/.lock"
}
need_root() { [[ $(id -u) -eq 0 ]] || die "must run as root (uses runuser, chown, useradd)"; }

case $cmd in
    start)
        need_root; lock
        t0=$SECONDS
        # Elasticsearch boots slowest: launch it first, start the others, then wait for it.
        # The second node is launched with the first, so both JVMs boot at once.
        for s in "${services[@]}"; do if [[ $s == es || $s == es2 ]]; then "${s}_launch"; fi; done
        for s in "${services[@]}"; do if [[ $s != es && $s != es2 ]]; then "${s}_start"; fi; done
        for s in "${services[@]}"; do if [[ $s == es || $s == es2 ]]; then "${s}_wait"; fi; done
        log "ready: ${services[*]} ($((SECONDS - t0))s)"
        ;;
    stop)
        need_root
        [[ -d $SVC ]] || exit 0
        lock
        # Reverse order of start.
        for ((i = ${#services[@]} - 1; i >= 0; i--)); do "${services[i]}_stop"; done
        ;;
    status)
        for s in "${services[@]}"; do "${s}_status"; done
        ;;
    env)
        cat <<EOF
export DATABASE_URL=postgres://marketplace:marketplace@$HOST:$PG_PORT/marketplace
export REDIS_URL=redis://$HOST:$REDIS_PORT/0
export ELASTICSEARCH_URL=http://$HOST:$ES_PORT$([[ $ES_SECOND_NODE == 1 ]] && echo ",http://$HOST:$ES2_PORT")
export STRIPE_API_BASE=http://$HOST:$STRIPE_MOCK_PORT
EOF
        if [[ $ES_SECOND_NODE == 1 ]]; then echo "export ELASTICSEARCH_REPLICAS=1"; fi
        ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
