package restoredrill

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/db"
)

// TestMain lets the drill start this test binary as `steady demo`, `serve` and `worker`:
// cmd/steady's main is one call to app.Main, so this is the same program, without a second
// build of the whole module on a busy machine.
func TestMain(m *testing.M) {
	if command := os.Getenv(runEnv); command != "" {
		os.Exit(app.Main([]string{command}, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// mayBeEmpty are the tables the drill leaves empty, and why.
var mayBeEmpty = map[string]string{
	"river_notification": "River does not use it on PostgreSQL",
}

// TestRestoreDrill is the restore drill of docs/operations.md, end to end.
func TestRestoreDrill(t *testing.T) {
	began := time.Now()
	s := fill(t)
	before := take(t, s.app.Env.OwnerURL)
	rows := 0
	for table, n := range before.Rows {
		if mayBeEmpty[table] == "" {
			require.Positive(t, n, "%s is empty, so the drill proves nothing for it: fill it in fill_test.go", table)
		}
		rows += n
	}
	pending := readJobs(t, s.app.Env.OwnerURL, pendingSQL)
	states := countStates(pending)
	require.Positive(t, states["available"], "jobs waiting to run")
	require.Equal(t, 1, states["running"], "the job whose worker died")
	require.Positive(t, states["scheduled"], "the far-off job")
	file, forced := dumpSource(t, s.app, dump)

	admin := os.Getenv("TEST_DATABASE_URL")
	name := restore(t, admin, file)
	owner := withDB(t, admin, name, "", "")
	if len(forced) > 0 { // dumped with FORCE lifted, for want of a role that bypasses it
		ownerExec(t, owner, forceSQL(forced, true))
	}
	after := take(t, owner)
	requireSame(t, before, after)
	requireTenancy(t, owner)

	appURL := withDB(t, s.app.Env.AppURL, name, "", "")
	startSteady(t, "worker", steadyEnv("worker", appURL, owner))
	waitForJobs(t, owner, pending)
	requireSentOnce(t, owner, s.running)

	addr := freeAddr(t)
	base := "http://" + addr
	srv := startSteady(t, "serve", steadyEnv("serve", appURL, owner, "STEADY_ADDR="+addr, "STEADY_PUBLIC_URL="+base))
	waitReady(t, srv, base)
	logins := signIns(t, base, s)
	t.Logf("restore drill: %d tables, %d rows restored and matched; %d jobs pending at backup time %v; "+
		"%d sign-ins; %.1fs", len(before.Rows), rows, len(pending), states, logins, time.Since(began).Seconds())
}

// requireTenancy checks the copy against the tenancy rules: row-level security enabled and
// forced on every tenant table, with its policies.
func requireTenancy(t *testing.T, dsn string) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	problems, err := db.TenantSchemaProblems(ctx, conn)
	require.NoError(t, err)
	require.Empty(t, problems)
	tables, err := db.TenantTables(ctx, conn)
	require.NoError(t, err)
	require.NotEmpty(t, tables)
}

// requireSentOnce checks that the job running at backup time was rescued and run again, and
// that it found its email's delivery row sent and sent nothing more.
func requireSentOnce(t *testing.T, dsn string, id int64) {
	j := readJobs(t, dsn, jobsSQL+` WHERE id = $1`, id)
	require.Len(t, j, 1)
	require.Contains(t, j[0].Errors, "Stuck job rescued", "the running job was rescued, then completed")
	got := ownerTexts(t, dsn, `SELECT (SELECT count(*) FROM dev_messages WHERE recipient = '`+resetEmail+`'
		AND subject = 'Reset your Steady password') || ' email, ' || (SELECT count(*) FROM password_resets) || ' link'`)
	require.Equal(t, []string{"1 email, 1 link"}, got, "one reset email and one reset link, as before the backup")
}
