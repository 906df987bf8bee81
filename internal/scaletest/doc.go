// Package scaletest runs Steady as it is deployed at scale: two `steady serve` and two
// `steady worker` processes (the real binary) on one PostgreSQL, the serve replicas behind
// HAProxy, every process through PgBouncer in transaction pooling mode. Its one test is skipped
// unless STEADY_SCALE=1; scripts/test-scale.sh (make test-scale) installs and starts HAProxy
// and PgBouncer, builds the binary and runs it. deploy/replicas.md says what it shows.
package scaletest
