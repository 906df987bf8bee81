#!/usr/bin/env bash
# Runs a command with the demo's stand-in for Stripe when no Stripe key is set.
#
#   scripts/with-stripe.sh COMMAND [ARGS...]
#
# With STEADY_STRIPE_SECRET_KEY unset, builds stripe-mock (a Go tool of the module, so go.mod
# pins it) into bin/, starts it on 127.0.0.1:$STEADY_STRIPE_MOCK_PORT (default 12111), exports
# STEADY_STRIPE_MOCK_URL for Steady's development stand-in (internal/billing/devstripe), runs
# the command and stops stripe-mock after. With a key set, runs the command as it is.
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
if [ -n "${STEADY_STRIPE_SECRET_KEY:-}" ]; then
	exec "$@"
fi
port=${STEADY_STRIPE_MOCK_PORT:-12111}
(cd "$root" && go build -o bin/stripe-mock github.com/stripe/stripe-mock)
"$root/bin/stripe-mock" -http-addr "127.0.0.1:$port" -https-addr "127.0.0.1:0" >/dev/null 2>&1 &
mock=$!
trap 'kill $mock 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		break
	fi
	kill -0 $mock 2>/dev/null || { echo "with-stripe: stripe-mock did not start (is port $port free?)" >&2; exit 1; }
	sleep 0.1
done
export STEADY_STRIPE_MOCK_URL="http://127.0.0.1:$port"
"$@"
