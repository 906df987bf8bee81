#!/usr/bin/env bash
# Runs Steady on a real Citus cluster (make test-citus; deploy/scale-out.md is the runbook):
# a coordinator and two workers (scripts/citus.sh, Citus built from source if missing), the
# migrations, the schema distributed by `steady citus-plan`, the demo, a check of the demo
# through the API, and a named part of the Go suite with a cluster database per test.
#
#   scripts/test-citus.sh            everything, then the cluster is destroyed
#   KEEP_CITUS=1 scripts/test-citus.sh   leave the cluster running afterwards
set -euo pipefail
cd "$(dirname "$0")/.."
STEADY_PROG=test-citus
. scripts/lib.sh

# The part of the suite that runs on Citus: the tenancy rules, every domain that writes
# through triggers, River jobs or locking reads, and the HTTP tenancy and permission checks.
PACKAGES=${CITUS_PACKAGES:-"./internal/db/ ./internal/safety/ ./internal/homework/ ./internal/progress/ ./internal/reminders/
	./internal/digests/ ./internal/alertrules/ ./internal/clients/ ./internal/links/ ./internal/assignments/ ./internal/checkins/
	./internal/audit/ ./internal/datakeys/ ./internal/practicedata/"}

if ! bash scripts/citus.sh available; then
	# Said loudly, and in the CI log: this machine has neither Citus nor its source.
	steady_log "SKIPPED: Citus is not installed and its source release was not found (set STEADY_CITUS_SRC)"
	exit 0
fi
start=$(date +%s)
bash scripts/citus.sh destroy
[ -n "${KEEP_CITUS:-}" ] || trap 'bash scripts/citus.sh destroy' EXIT
bash scripts/citus.sh start
eval "$(bash scripts/citus.sh env)"
psql=$(steady_pg_bindir)/psql

make --no-print-directory build >/dev/null
t0=$(date +%s)
bin/steady migrate 2>/dev/null
t1=$(date +%s)
bin/steady citus-plan >.data/citus/plan.sql 2>/dev/null
"$psql" "$MIGRATION_DATABASE_URL" -X -q -v ON_ERROR_STOP=1 -o /dev/null -f .data/citus/plan.sql 2>&1 | grep -v '^NOTICE\|^HINT\|^DETAIL' || true
[ -z "$(bin/steady citus-plan 2>/dev/null)" ] || steady_die "the plan is not empty after it ran"
t2=$(date +%s)
bin/steady demo >.data/citus/demo.txt 2>/dev/null
t3=$(date +%s)
read -r reference distributed shards < <("$psql" "$MIGRATION_DATABASE_URL" -X -At -F ' ' -c "
	SELECT count(*) FILTER (WHERE repmodel = 't'), count(*) FILTER (WHERE partmethod = 'h'),
		(SELECT count(*) FROM pg_dist_shard s JOIN pg_dist_partition p USING (logicalrelid) WHERE p.partmethod = 'h')
	FROM pg_dist_partition")
steady_log "migrated in $((t1 - t0)) s, distributed in $((t2 - t1)) s ($reference reference tables, $distributed distributed, $shards shards), demo in $((t3 - t2)) s"

# The demo through the API and the services: a clinician signs in and reads the caseload, a
# client submits a check-in whose alert job River works, the next reminder is dispatched.
if ! STEADY_CITUS_SMOKE=1 go test -count=1 -run TestDemoOnCitus ./internal/app/ -v >.data/citus/smoke.log 2>&1; then
	cat .data/citus/smoke.log >&2
	steady_die "the demo on Citus failed"
fi
grep -E '^(--- |ok)|citus_' .data/citus/smoke.log

t4=$(date +%s)
# shellcheck disable=SC2086
go test -count=1 -p 2 $PACKAGES
t5=$(date +%s)
steady_log "named suite on Citus in $((t5 - t4)) s; all in $((t5 - start)) s"
