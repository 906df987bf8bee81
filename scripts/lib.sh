# shellcheck shell=bash
# Shared helpers for scripts/devdb.sh and scripts/deps.sh. Source it; do not run it.

steady_log() { printf '%s: %s\n' "${STEADY_PROG:-steady}" "$*" >&2; }
steady_die() { printf '%s: error: %s\n' "${STEADY_PROG:-steady}" "$*" >&2; exit 1; }

# Directory holding initdb, pg_ctl and postgres, or return 1.
# Order: /usr/lib/postgresql/$1/bin (when a major version is given, e.g. the one
# an existing data directory was made with), pg_config --bindir, the highest
# /usr/lib/postgresql/*/bin, then PATH.
# (pg_config alone proves nothing: libpq-dev ships it without the server.)
steady_pg_bindir() {
	local want=${1:-} d candidates=()
	if [ -n "$want" ]; then
		candidates+=("/usr/lib/postgresql/$want/bin")
	fi
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null) || d=
		[ -z "$d" ] || candidates+=("$d")
	fi
	if [ -d /usr/lib/postgresql ]; then
		while IFS= read -r d; do
			candidates+=("$d")
		done < <(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -t/ -k5,5Vr)
	fi
	if d=$(command -v initdb 2>/dev/null); then
		candidates+=("$(dirname "$(readlink -f "$d")")")
	fi
	for d in ${candidates[@]+"${candidates[@]}"}; do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
			printf '%s\n' "$d"
			return 0
		fi
	done
	return 1
}

# Major version of the postgres binary in directory $1 (e.g. 15).
steady_pg_major() {
	"$1/postgres" -V 2>/dev/null | sed -n 's/^[^0-9]*\([0-9][0-9]*\).*/\1/p'
}

# Installs Debian packages (returns non-zero when apt-get install fails).
# apt-get update runs at most once per shell (not per subshell).
STEADY_APT_UPDATED=${STEADY_APT_UPDATED:-0}
steady_apt_install() {
	local sudo=()
	command -v apt-get >/dev/null 2>&1 ||
		steady_die "apt-get not found; install these packages by hand: $*"
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null 2>&1 ||
			steady_die "need root (or sudo) to install: $*"
		sudo=(sudo)
	fi
	if [ "$STEADY_APT_UPDATED" != 1 ]; then
		steady_log "apt-get update"
		${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 ||
			steady_die "apt-get update failed"
		STEADY_APT_UPDATED=1
	fi
	steady_log "installing: $*"
	${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "$@" >&2
}

# Prints the bindir, installing Debian's postgresql package first if needed.
steady_ensure_pg() {
	local d
	if d=$(steady_pg_bindir "${1:-}"); then
		printf '%s\n' "$d"
		return 0
	fi
	steady_log "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found"
	steady_apt_install postgresql || steady_die "apt-get install postgresql failed"
	d=$(steady_pg_bindir "${1:-}") ||
		steady_die "installed postgresql but still cannot find initdb/pg_ctl/postgres"
	printf '%s\n' "$d"
}
