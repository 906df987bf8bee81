#!/usr/bin/env bash
# A real Citus cluster for testing Steady past one PostgreSQL: a coordinator and two workers,
# each its own PostgreSQL 15 with shared_preload_libraries = 'citus', on 127.0.0.1.
#
#   scripts/citus.sh start     build Citus if missing, init once, start all three, join them
#   scripts/citus.sh available exit 0 when Citus is installed or its source release is found
#   scripts/citus.sh env       print export lines for the coordinator (like devdb.sh env)
#   scripts/citus.sh psql      a psql on the coordinator's database as the admin (stdin works)
#   scripts/citus.sh stop      stop all three
#   scripts/citus.sh destroy   stop them and delete their data
#
# Data in <repo>/.data/citus/{coordinator,worker1,worker2}; ports $STEADY_CITUS_PORT (default
# 25431) and the next two: below Linux's ephemeral range (32768-60999), so that an outgoing
# connection left by an earlier test (a TIME_WAIT socket on 127.0.0.1:554xx) can never hold a
# node's port, as one did in CI. The nodes reach each other with passwords from a pgpass file the
# servers are started with (PGPASSFILE), as a production cluster would, never with trust.
# Citus is built from the source release in ../shared/citus (or $STEADY_CITUS_SRC) by its
# build.sh; it is a test fixture only, see deploy/scale-out.md for production.
set -euo pipefail

STEADY_PROG=citus
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=scripts/lib.sh
. "$SCRIPT_DIR/lib.sh"
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
ROOT=$REPO_ROOT/.data/citus
PORT=${STEADY_CITUS_PORT:-25431}
NODES=(coordinator worker1 worker2)
RUN_USER=steady-pg
[ "$(id -u)" -eq 0 ] || RUN_USER=$(id -un)
DB=steady

while IFS= read -r v; do case $v in PG*) unset "$v" ;; esac; done < <(compgen -e)

as_pg() {
	if [ "$(id -u)" -ne 0 ]; then (cd / && "$@"); else (cd / && runuser -u "$RUN_USER" -- "$@"); fi
}

node_port() { echo $((PORT + $1)); }

# The Citus source: $STEADY_CITUS_SRC, else a shared/citus folder beside the checkout or
# beside one of its parents (../shared/citus in this project's layout). Empty when none.
citus_src() {
	local d=$REPO_ROOT
	if [ -n "${STEADY_CITUS_SRC:-}" ] && [ -f "$STEADY_CITUS_SRC/build.sh" ]; then
		echo "$STEADY_CITUS_SRC"
		return 0
	fi
	while [ "$d" != / ]; do
		d=$(dirname "$d")
		[ -f "$d/shared/citus/build.sh" ] && { echo "$d/shared/citus"; return 0; }
	done
	return 1
}

# citus_installed: the extension is in this machine's PostgreSQL.
citus_installed() {
	local bindir
	bindir=$(steady_pg_bindir) || return 1
	[ -f "$("$bindir/pg_config" --pkglibdir 2>/dev/null || echo /usr/lib/postgresql/15/lib)/citus.so" ]
}

ensure_citus() {
	steady_pg_bindir >/dev/null || steady_die "PostgreSQL is not installed (run scripts/deps.sh)"
	citus_installed && return 0
	local src
	src=$(citus_src) || steady_die "Citus is not installed and no source release was found: set STEADY_CITUS_SRC to the folder holding its build.sh"
	steady_log "building Citus from $src (about 3 minutes)"
	# build.sh installs postgresql-server-dev-15, which may upgrade the server packages under
	# a running private cluster; devdb.sh is restarted after so it loads the new libraries.
	bash "$src/build.sh" >&2
	if bash "$SCRIPT_DIR/devdb.sh" status >/dev/null 2>&1; then
		bash "$SCRIPT_DIR/devdb.sh" stop && bash "$SCRIPT_DIR/devdb.sh" start
	fi
}

password() { sed -n "s/^$1=//p" "$ROOT/passwords"; }

ensure_passwords() {
	[ -s "$ROOT/passwords" ] && return 0
	( umask 077 && for r in ADMIN OWNER APP; do echo "$r=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')"; done >"$ROOT/passwords" )
}

# Every node connects to every other as the role in use, with this file's passwords.
write_pgpass() {
	local f=$ROOT/pgpass i
	: >"$f"
	for i in 0 1 2; do
		printf '127.0.0.1:%s:*:steady_admin:%s\n127.0.0.1:%s:*:steady_owner:%s\n127.0.0.1:%s:*:steady_app:%s\n' \
			"$(node_port $i)" "$(password ADMIN)" "$(node_port $i)" "$(password OWNER)" "$(node_port $i)" "$(password APP)" >>"$f"
	done
	chmod 600 "$f"
	[ "$(id -u)" -ne 0 ] || chown "$RUN_USER:" "$f"
}

init_node() {
	local i=$1 dir=$ROOT/${NODES[$1]} bindir=$2 pw
	[ -f "$dir/PG_VERSION" ] && return 0
	mkdir -p "$dir" && chmod 700 "$dir"
	[ "$(id -u)" -ne 0 ] || chown "$RUN_USER:" "$dir"
	pw=$(mktemp "$ROOT/.pw.XXXXXX") && password ADMIN >"$pw"
	[ "$(id -u)" -ne 0 ] || chown "$RUN_USER:" "$pw"
	as_pg "$bindir/initdb" -D "$dir" -U steady_admin --pwfile="$pw" -E UTF8 --locale=C.UTF-8 \
		--auth-local=scram-sha-256 --auth-host=scram-sha-256 >"$ROOT/${NODES[$i]}.log" 2>&1 ||
		{ rm -f "$pw"; tail -20 "$ROOT/${NODES[$i]}.log" >&2; steady_die "initdb ${NODES[$i]} failed"; }
	rm -f "$pw"
	cat >>"$dir/postgresql.conf" <<EOF
# scripts/citus.sh
listen_addresses = '127.0.0.1'
port = $(node_port "$i")
unix_socket_directories = ''
shared_preload_libraries = 'citus'
max_connections = 300
shared_buffers = 128MB
random_page_cost = 1.1
max_prepared_transactions = 200
wal_level = logical
password_encryption = 'scram-sha-256'
EOF
}

start_node() {
	local i=$1 dir=$ROOT/${NODES[$1]} bindir=$2
	"$bindir/pg_isready" -q -h 127.0.0.1 -p "$(node_port "$i")" -t 1 && return 0
	touch "$ROOT/${NODES[$i]}.log"
	[ "$(id -u)" -ne 0 ] || chown "$RUN_USER:" "$ROOT/${NODES[$i]}.log"
	as_pg env PGPASSFILE="$ROOT/pgpass" "$bindir/pg_ctl" -D "$dir" -l "$ROOT/${NODES[$i]}.log" -w -t 60 start >/dev/null ||
		{ tail -20 "$ROOT/${NODES[$i]}.log" >&2; steady_die "${NODES[$i]} did not start"; }
}

# admin_sql NODE SQL...: runs SQL as the admin on a node's database (postgres until it exists).
admin_sql() {
	local i=$1 db=$2
	shift 2
	PGPASSWORD=$(password ADMIN) "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(node_port "$i")" -U steady_admin -d "$db" "$@"
}

# Roles and the database on every node (roles are per cluster, and the workers need the same
# ones: the coordinator connects as the role in use), then Citus joins them.
bootstrap() {
	local i
	for i in 0 1 2; do
		admin_sql "$i" postgres <<EOF
SET client_min_messages = warning;
SELECT 'CREATE ROLE steady_owner' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steady_owner') \gexec
ALTER ROLE steady_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '$(password OWNER)';
SELECT 'CREATE ROLE steady_app' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steady_app') \gexec
ALTER ROLE steady_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '$(password APP)';
SELECT 'CREATE DATABASE $DB OWNER steady_owner' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB') \gexec
\connect $DB
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS citus;
ALTER SCHEMA public OWNER TO steady_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO steady_app;
EOF
	done
	admin_sql 0 "$DB" <<EOF
SET client_min_messages = warning;
SELECT citus_set_coordinator_host('127.0.0.1', $(node_port 0));
SELECT citus_add_node('127.0.0.1', $(node_port 1)) WHERE NOT EXISTS (SELECT FROM pg_dist_node WHERE nodeport = $(node_port 1));
SELECT citus_add_node('127.0.0.1', $(node_port 2)) WHERE NOT EXISTS (SELECT FROM pg_dist_node WHERE nodeport = $(node_port 2));
EOF
	: >"$ROOT/bootstrap.done"
}

cmd_start() {
	ensure_citus
	local bindir i
	bindir=$(steady_pg_bindir)
	PSQL=$bindir/psql
	mkdir -p "$ROOT" && chmod 711 "$REPO_ROOT/.data" "$ROOT" 2>/dev/null || true
	ensure_passwords
	write_pgpass
	for i in 0 1 2; do init_node "$i" "$bindir"; done
	for i in 0 1 2; do start_node "$i" "$bindir"; done
	[ -f "$ROOT/bootstrap.done" ] || bootstrap
	steady_log "coordinator 127.0.0.1:$(node_port 0), workers :$(node_port 1) and :$(node_port 2)"
}

cmd_stop() {
	local bindir i
	bindir=$(steady_pg_bindir)
	for i in 0 1 2; do
		[ -f "$ROOT/${NODES[$i]}/postmaster.pid" ] || continue
		as_pg "$bindir/pg_ctl" -D "$ROOT/${NODES[$i]}" -m fast -w -t 60 stop >/dev/null || true
	done
}

cmd_env() {
	local u=postgres://steady_app:$(password APP)@127.0.0.1:$(node_port 0)/$DB?sslmode=disable
	echo "export DATABASE_URL='$u'"
	echo "export MIGRATION_DATABASE_URL='postgres://steady_owner:$(password OWNER)@127.0.0.1:$(node_port 0)/$DB?sslmode=disable'"
	echo "export CITUS_ADMIN_URL='postgres://steady_admin:$(password ADMIN)@127.0.0.1:$(node_port 0)/$DB?sslmode=disable'"
	# For the Go tests (internal/db/dbtest): a database per test on every node.
	local admins=() i
	for i in 0 1 2; do admins+=("postgres://steady_admin:$(password ADMIN)@127.0.0.1:$(node_port $i)/postgres?sslmode=disable"); done
	echo "export TEST_DATABASE_URL='postgres://steady_owner:$(password OWNER)@127.0.0.1:$(node_port 0)/postgres?sslmode=disable'"
	echo "export TEST_CITUS_ADMIN_URLS='$(IFS=,; echo "${admins[*]}")'"
	echo "export TEST_APP_DATABASE_ROLE=steady_app TEST_APP_DATABASE_PASSWORD='$(password APP)'"
}

case ${1:-} in
start) cmd_start ;;
available) citus_installed || citus_src >/dev/null ;;
stop) cmd_stop ;;
env) cmd_env ;;
psql)
	PSQL=$(steady_pg_bindir)/psql
	shift
	admin_sql 0 "$DB" "$@"
	;;
destroy)
	cmd_stop
	rm -rf -- "$ROOT"
	;;
*)
	echo "usage: $0 start|env|psql|stop|destroy" >&2
	exit 2
	;;
esac
