#!/usr/bin/env bash
# Serves the real binary for the browser tests: a fresh, migrated database named steady_e2e on
# the test cluster, and `bin/steady serve` on 127.0.0.1:18080. Playwright starts and stops it.
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
: "${TEST_DATABASE_URL:?run through scripts/with-db.sh (make test-e2e)}"
port=${STEADY_E2E_PORT:-18080}
name=steady_e2e

# TEST_DATABASE_URL points at a maintenance database; swap in ours, and the app role.
owner_url=$(printf '%s' "$TEST_DATABASE_URL" | sed -E "s#/[^/?]*(\\?|\$)#/$name\\1#")
app_url=$(printf '%s' "$owner_url" | sed -E "s#//[^@]*@#//${TEST_APP_DATABASE_ROLE:-steady_app}:${TEST_APP_DATABASE_PASSWORD:-}@#")

psql -q -v ON_ERROR_STOP=1 "$TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
MIGRATION_DATABASE_URL=$owner_url DATABASE_URL=$app_url "$root/bin/steady" migrate
# Billing runs against the development stand-in over stripe-mock, as in make run.
exec env DATABASE_URL="$app_url" STEADY_ADDR="127.0.0.1:$port" STEADY_PUBLIC_URL="http://127.0.0.1:$port" \
	STEADY_STRIPE_SECRET_KEY= STEADY_STRIPE_MOCK_PORT="${STEADY_E2E_STRIPE_PORT:-12113}" \
	"$root/scripts/with-stripe.sh" "$root/bin/steady" serve 2>>"$root/.data/e2e-server.log"
