#!/usr/bin/env bash
# Many replicas and PgBouncer, tested (make test-scale; deploy/replicas.md says what it shows):
#
#   scripts/with-db.sh scripts/test-scale.sh
#
# 1. Installs haproxy and pgbouncer (Debian packages) when missing.
# 2. Starts PgBouncer in transaction pooling mode on 127.0.0.1:16432 in front of the test
#    PostgreSQL, and HAProxy on 127.0.0.1:18180 (statistics on 18189) in front of two serve
#    replicas on 18181 and 18182, with configs written to a temporary directory.
# 3. Builds the binary and runs internal/scaletest (STEADY_SCALE=1): two `steady serve` and two
#    `steady worker` processes through PgBouncer, a reminder storm with a worker SIGKILLed,
#    sessions across the replicas, a SIGTERM under load.
# 4. Runs a named part of the Go tests with the application role's connections through the
#    same PgBouncer (TEST_APP_POOLER_ADDR, see internal/db/dbtest).
#
# Everything it starts is stopped on exit. The temporary directory (configs, every process's
# log, figures.txt) is removed after a pass and kept, with its path printed, after a failure.
set -euo pipefail

STEADY_PROG=test-scale
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd -- "$here/.." && pwd -P)
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"

: "${TEST_DATABASE_URL:?run through scripts/with-db.sh (make test-scale)}"
app_role=${TEST_APP_DATABASE_ROLE:-steady_app}
app_password=${TEST_APP_DATABASE_PASSWORD:?run through scripts/with-db.sh (make test-scale)}
# host:port of the test PostgreSQL, out of postgres://user:password@host:port/db?...
pg_hostport=$(printf '%s' "$TEST_DATABASE_URL" | sed -E 's#^[a-z]+://([^@/]*@)?([^/?]*).*#\2#')
pg_host=${pg_hostport%:*}
pg_port=${pg_hostport##*:}
[ "$pg_port" != "$pg_hostport" ] || pg_port=5432

bouncer_port=16432
lb_port=18180
stats_port=18189

# --- tools -------------------------------------------------------------------
find_tool() { command -v "$1" 2>/dev/null || { [ -x "/usr/sbin/$1" ] && echo "/usr/sbin/$1"; }; }
missing=()
find_tool haproxy >/dev/null || missing+=(haproxy)
find_tool pgbouncer >/dev/null || missing+=(pgbouncer)
if [ "${#missing[@]}" -gt 0 ]; then
	# Debian's packages may start their own services (not on our ports) where the machine runs them.
	steady_apt_install "${missing[@]}" || steady_die "apt-get install ${missing[*]} failed"
fi
haproxy=$(find_tool haproxy) || steady_die "haproxy not found after installing it"
pgbouncer=$(find_tool pgbouncer) || steady_die "pgbouncer not found after installing it"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$bouncer_port" "$lb_port" "$stats_port" 18181 18182; do
	if port_busy "$p"; then steady_die "127.0.0.1:$p is already in use (another test-scale run?)"; fi
done

# --- cleanup -----------------------------------------------------------------
work=$(mktemp -d /tmp/steady-scale.XXXXXX)
chmod 755 "$work"
pids=()
passed=0
cleanup() {
	local pid
	for pid in ${pids[@]+"${pids[@]}"}; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in ${pids[@]+"${pids[@]}"}; do
		wait "$pid" 2>/dev/null || true
	done
	if [ "$passed" = 1 ]; then
		rm -rf -- "$work"
	else
		steady_log "kept configs and logs in $work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_port PORT WHAT PID: until something accepts on 127.0.0.1:PORT, while PID lives.
wait_port() {
	local deadline=$((SECONDS + 20))
	until port_busy "$1"; do
		kill -0 "$3" 2>/dev/null || { tail -n 20 "$work/$2.log" >&2; steady_die "$2 exited"; }
		[ "$SECONDS" -lt "$deadline" ] || steady_die "$2 did not listen on $1 within 20s"
		sleep 0.1
	done
}

# --- PgBouncer ---------------------------------------------------------------
# PgBouncer refuses to run as root: as root it switches to an unprivileged user, which must
# read its files.
pgb_user=()
if [ "$(id -u)" -eq 0 ]; then
	pgb_user=(-u nobody)
fi
mkdir -m 700 "$work/pgbouncer"
printf '"%s" "%s"\n' "$app_role" "$app_password" >"$work/pgbouncer/userlist.txt"
cat >"$work/pgbouncer/pgbouncer.ini" <<EOF
; Written by scripts/test-scale.sh; deploy/replicas.md explains each setting.
[databases]
; Any database, under its own name, on the test PostgreSQL: the tests make one per test.
* = host=$pg_host port=$pg_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir =
pool_mode = transaction
auth_type = scram-sha-256
auth_file = $work/pgbouncer/userlist.txt
; Client connections: every process's pgxpool, all replicas together.
max_client_conn = 400
; Server connections per (database, user): what PostgreSQL sees from the app.
default_pool_size = 10
reserve_pool_size = 0
; The app role over all databases: a bound under PostgreSQL's max_connections (200 here).
max_user_connections = 60
; A test drops its database at its end, which PostgreSQL refuses while a connection to it is
; open (it waits up to 5s): idle server connections close soon.
server_idle_timeout = 0.2
query_wait_timeout = 60
log_connections = 0
log_disconnections = 0
EOF
if [ "${#pgb_user[@]}" -gt 0 ]; then chown -R nobody "$work/pgbouncer"; fi
"$pgbouncer" ${pgb_user[@]+"${pgb_user[@]}"} "$work/pgbouncer/pgbouncer.ini" >"$work/pgbouncer.log" 2>&1 &
pids+=($!)
wait_port "$bouncer_port" pgbouncer "$!"

# --- HAProxy -----------------------------------------------------------------
cat >"$work/haproxy.cfg" <<EOF
# Written by scripts/test-scale.sh; deploy/replicas.md explains each setting.
global
	log stdout format raw local0 info
	maxconn 1000

defaults
	mode http
	log global
	option httplog
	timeout connect 1s
	timeout client 30s
	timeout server 30s
	timeout check 1s
	# A failed attempt is tried again up to 3 times, each on the other replica.
	retries 3
	option redispatch 1
	# conn-failure: the replica refused the connection (stopped listening); nothing was sent.
	# empty-response: the connection closed before any answer (a replica that died, or closed
	# a kept-alive connection as the request went out). response-timeout: no answer within
	# "timeout server".
	retry-on conn-failure empty-response response-timeout

frontend steady
	bind 127.0.0.1:$lb_port
	default_backend serve

backend serve
	balance roundrobin
	# A replica is in while GET /readyz answers 200; a draining one answers 503.
	option httpchk
	http-check send meth GET uri /readyz
	http-check expect status 200
	default-server check inter 500ms fastinter 250ms fall 2 rise 2
	# The last two conditions above may replay a request the replica had begun: only reads, and
	# the writes that carry an idempotency key, are replayed; other writes fail instead.
	acl replayable method GET HEAD
	acl replayable path /api/homework/responses /api/homework/journal
	http-request disable-l7-retry unless replayable
	# Which replica answered, for the test (and for anyone reading a response).
	http-response set-header X-Steady-Server %[srv_name]
	server s1 127.0.0.1:18181
	server s2 127.0.0.1:18182

frontend stats
	bind 127.0.0.1:$stats_port
	stats enable
	stats uri /stats
EOF
"$haproxy" -c -q -f "$work/haproxy.cfg" || steady_die "haproxy.cfg is not valid"
"$haproxy" -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
pids+=($!)
wait_port "$lb_port" haproxy "$!"

# --- the tests ---------------------------------------------------------------
cd "$root"
steady_log "building the binary"
go build -o "$work/steady" ./cmd/steady
export TEST_APP_POOLER_ADDR=127.0.0.1:$bouncer_port
steady_log "replicas: two serve, two worker, HAProxy, PgBouncer (logs in $work)"
STEADY_SCALE=1 STEADY_SCALE_BIN="$work/steady" STEADY_SCALE_DIR="$work" \
	go test -count=1 -timeout 8m -v -run '^TestReplicas$' ./internal/scaletest
steady_log "Go tests through PgBouncer: tenancy and permissions, answers, reminders, progress, digests"
go test -count=1 -timeout 8m -run 'Tenant|ReusedConnection|Permission' ./internal/app
go test -count=1 -timeout 8m ./internal/homework ./internal/reminders ./internal/progress ./internal/digests
if [ -s "$work/figures.txt" ]; then steady_log "figures: $(cat "$work/figures.txt")"; fi
passed=1
