#!/usr/bin/env bash
# Installs the OS packages `make test` needs on a fresh Debian/Ubuntu machine.
#
#   scripts/deps.sh            PostgreSQL server binaries (for scripts/devdb.sh), the CJK
#                              font progress reports draw with and pdftotext (their tests)
#   scripts/deps.sh --browser  also Chromium (/usr/bin/chromium) for browser tests
#
# Checks first: a fast no-op when everything is present. apt-get update runs at
# most once, and only when something is missing. Uses sudo when not root.
set -euo pipefail

STEADY_PROG=deps
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=scripts/lib.sh
. "$SCRIPT_DIR/lib.sh"

browser=0
for arg in "$@"; do
	case $arg in
	--browser) browser=1 ;;
	-h | --help)
		echo "usage: $0 [--browser]"
		exit 0
		;;
	*)
		echo "usage: $0 [--browser]" >&2
		exit 2
		;;
	esac
done

chromium_ok() {
	[ -x /usr/bin/chromium ] || return 1
	# Ubuntu's deb is a shim that only points at the snap; a real build reports its version.
	timeout 30 /usr/bin/chromium --version 2>/dev/null | grep -q '^Chromium [0-9]'
}

package_installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

need_pg=0 browser_pkgs=() report_pkgs=()
bindir=$(steady_pg_bindir) || need_pg=1
# Progress reports (internal/progress) draw Chinese, Japanese and Korean with Droid Sans
# Fallback when it is there; their tests read the PDFs back with poppler's pdftotext.
[ -f /usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf ] || report_pkgs+=(fonts-droid-fallback)
command -v pdftotext >/dev/null 2>&1 || report_pkgs+=(poppler-utils)
if [ "$browser" = 1 ]; then
	chromium_ok || browser_pkgs+=(chromium)
	# Without recommends chromium gets only a minimal font set; with this one
	# pages render with the usual Arial/Times/Courier metrics.
	if command -v dpkg-query >/dev/null 2>&1 && ! package_installed fonts-liberation; then
		browser_pkgs+=(fonts-liberation)
	fi
fi

if [ "$need_pg" = 0 ] && [ "${#browser_pkgs[@]}" -eq 0 ] && [ "${#report_pkgs[@]}" -eq 0 ]; then
	msg="nothing to install: PostgreSQL $(steady_pg_major "$bindir") in $bindir"
	if [ "$browser" = 1 ]; then msg="$msg, $(/usr/bin/chromium --version 2>/dev/null)"; fi
	steady_log "$msg"
	exit 0
fi

if [ "$need_pg" = 1 ]; then
	steady_apt_install postgresql || steady_die "apt-get install postgresql failed"
fi
if [ "${#report_pkgs[@]}" -gt 0 ]; then
	steady_apt_install "${report_pkgs[@]}" || steady_die "apt-get install ${report_pkgs[*]} failed"
fi
if [ "${#browser_pkgs[@]}" -gt 0 ]; then
	steady_apt_install "${browser_pkgs[@]}" ||
		steady_die "apt-get install ${browser_pkgs[*]} failed (Ubuntu has no real chromium deb, only a snap shim): install a Chromium that provides /usr/bin/chromium by hand"
fi

bindir=$(steady_pg_bindir) ||
	steady_die "postgresql is installed but initdb/pg_ctl/postgres are still not found"
steady_log "PostgreSQL $(steady_pg_major "$bindir") binaries in $bindir"
if [ "$browser" = 1 ]; then
	chromium_ok ||
		steady_die "/usr/bin/chromium is missing or is not a real Chromium (on Ubuntu the chromium deb is a snap shim): install a Chromium that provides /usr/bin/chromium, e.g. Debian's chromium package"
	steady_log "$(/usr/bin/chromium --version)"
fi
