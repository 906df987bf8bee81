package dbtest

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/steadyhq/steady/internal/db"
)

// On Citus (scripts/test-citus.sh), each test's database is a whole cluster's worth: the same
// database on the coordinator and on every worker, cloned from a template built once, in
// which the schema is migrated on the coordinator and distributed by db.CitusPlan. Cloning
// the three templates together gives a consistent cluster: Citus' metadata names nodes by
// address, never by database, and a node reaches the others in the database of the same name.
//
// TEST_CITUS_ADMIN_URLS lists a superuser's URL for each node, coordinator first (Citus' own
// setup, CREATE EXTENSION citus, needs one); TEST_DATABASE_URL is the schema owner on the
// coordinator, as without Citus.

// citusNodes is the nodes' admin URLs, or nil when the tests do not run on Citus.
func citusNodes() []string {
	v := os.Getenv("TEST_CITUS_ADMIN_URLS")
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// createDatabase clones the template as name: on every node on Citus, else on admin's server.
func createDatabase(t testing.TB, admin, name, template string) {
	nodes := citusNodes()
	if nodes == nil {
		exec(t, admin, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, template))
		// Plain DROP DATABASE waits up to five seconds for closed pools' backends to exit; the
		// owner may not terminate the application role's backends, so FORCE is no use here.
		t.Cleanup(func() { exec(t, admin, fmt.Sprintf(`DROP DATABASE IF EXISTS %s`, name)) })
		return
	}
	for _, n := range nodes {
		exec(t, n, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s OWNER steady_owner`, name, template))
	}
	// A database's defaults live outside it, so the clone gets the plan's again.
	for _, set := range db.CitusDatabaseSettings {
		exec(t, nodes[0], fmt.Sprintf(`ALTER DATABASE %s SET %s`, name, set))
	}
	t.Cleanup(func() {
		// The coordinator's first: its sessions hold connections to the workers' copies.
		for _, n := range nodes {
			dropEventually(t, n, name)
		}
	})
}

// dropEventually drops a test database, trying again while Citus' maintenance daemon, which
// reconnects on its own, is caught in it; it gives up after a minute.
func dropEventually(t testing.TB, node, name string) {
	ctx := context.Background()
	var err error
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if err = run(ctx, node, `ALTER DATABASE `+name+` ALLOW_CONNECTIONS false`,
			`DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err == nil || strings.Contains(err.Error(), "does not exist") {
			return
		}
	}
	t.Errorf("dbtest: drop %s: %v", name, err)
}

// ensureCitusTemplate builds the distributed template once per schema version. It is marked
// ready by a comment only when complete, so a crash mid-way is rebuilt rather than cloned.
func ensureCitusTemplate(ctx context.Context, owner string, nodes []string) (string, error) {
	base, err := templateHash()
	if err != nil {
		return "", err
	}
	name := base + "_citus"
	coord, err := pgx.Connect(ctx, nodes[0])
	if err != nil {
		return "", err
	}
	defer coord.Close(ctx)
	if _, err := coord.Exec(ctx, `SELECT pg_advisory_lock(hashtext('steady_dbtest_template'))`); err != nil {
		return "", err
	}
	var ready bool
	if err := coord.QueryRow(ctx, `SELECT coalesce(shobj_description(oid, 'pg_database') = 'ready', false)
		FROM pg_database WHERE datname = $1`, name).Scan(&ready); err == nil && ready {
		return name, nil
	}
	for _, n := range nodes {
		if err := run(ctx, n, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`, `CREATE DATABASE `+name+` OWNER steady_owner`); err != nil {
			return "", err
		}
		if err := run(ctx, at(n, name), `CREATE EXTENSION citus`, `ALTER SCHEMA public OWNER TO steady_owner`,
			`REVOKE CREATE ON SCHEMA public FROM PUBLIC`, `GRANT USAGE ON SCHEMA public TO `+db.AppRole); err != nil {
			return "", err
		}
	}
	if err := joinNodes(ctx, at(nodes[0], name), nodes[1:]); err != nil {
		return "", err
	}
	if err := distribute(ctx, at(owner, name)); err != nil {
		return "", err
	}
	// A template must have no sessions when it is cloned; Citus' maintenance daemon keeps
	// one in every database with the extension, so connections are turned off and ended.
	for _, n := range nodes {
		if err := run(ctx, n, `ALTER DATABASE `+name+` ALLOW_CONNECTIONS false`,
			`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '`+name+`'`); err != nil {
			return "", err
		}
	}
	return name, run(ctx, nodes[0], `COMMENT ON DATABASE `+name+` IS 'ready'`)
}

// joinNodes makes the coordinator's database the head of a cluster of the workers.
func joinNodes(ctx context.Context, coordinator string, workers []string) error {
	u, err := url.Parse(coordinator)
	if err != nil {
		return err
	}
	stmts := []string{fmt.Sprintf(`SELECT citus_set_coordinator_host('%s', %s)`, u.Hostname(), u.Port())}
	for _, w := range workers {
		wu, err := url.Parse(w)
		if err != nil {
			return err
		}
		stmts = append(stmts, fmt.Sprintf(`SELECT citus_add_node('%s', %s)`, wu.Hostname(), wu.Port()))
	}
	return run(ctx, coordinator, stmts...)
}

// distribute migrates the coordinator's database as the owner and runs db.CitusPlan.
func distribute(ctx context.Context, owner string) error {
	if err := db.Migrate(ctx, owner, slog.New(slog.DiscardHandler)); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	plan, err := db.CitusPlanAt(ctx, owner)
	if err != nil {
		return err
	}
	return run(ctx, owner, plan...)
}

// run runs statements, in order, on one connection to dsn.
func run(ctx context.Context, dsn string, stmts ...string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// at is dsn pointed at database name.
func at(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + name
	return u.String()
}
