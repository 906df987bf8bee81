#!/usr/bin/env bash
# Runs a command with Steady's database settings in the environment.
#
#   scripts/with-db.sh COMMAND [ARGS...]
#
# With DATABASE_URL unset, starts (or reuses) the private cluster of scripts/devdb.sh and
# exports its URLs. With DATABASE_URL set, uses that database as it is; the tests then also
# need TEST_DATABASE_URL (a role with CREATEDB), or they use the private cluster too.
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
if [ -z "${DATABASE_URL:-}" ] || [ -z "${TEST_DATABASE_URL:-}" ]; then
	bash "$here/devdb.sh" start
	private=$(bash "$here/devdb.sh" env)
	if [ -z "${DATABASE_URL:-}" ]; then
		eval "$private"
	else
		# Keep the caller's database for the app; take only the test settings.
		eval "$(printf '%s\n' "$private" | grep -E '^export TEST_')"
	fi
fi
exec "$@"
