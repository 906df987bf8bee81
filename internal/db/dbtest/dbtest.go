// Package dbtest gives each test its own PostgreSQL database, cloned from a migrated template,
// so that tests run in parallel against the real schema, row-level security included.
//
// It needs TEST_DATABASE_URL: a role with CREATEDB (the schema owner, steady_owner, in
// development) connected to a maintenance database. TEST_APP_DATABASE_ROLE and
// TEST_APP_DATABASE_PASSWORD name the application role the returned DB connects as.
// `make test` sets all three. With TEST_APP_POOLER_ADDR (host:port of PgBouncer in
// transaction mode, scripts/test-scale.sh) the application role's connections go through
// that pooler; the owner's, and every CREATE and DROP DATABASE, stay direct.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"testing"

	"github.com/steadyhq/steady/internal/datakeys"
	"github.com/steadyhq/steady/internal/seal"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/steadyhq/steady/internal/db"
)

// Env is one test's database: DB connects as the application role, OwnerURL as the owner.
type Env struct {
	DB       *db.DB
	AppURL   string
	OwnerURL string
	Name     string
	// Pooler is "transaction" when AppURL goes through PgBouncer in transaction mode (the
	// app's STEADY_DB_POOLER), else "".
	Pooler string
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// New creates a fresh database for t, connects to it as the application role with an
// insert-only River client attached, and drops it when t ends.
func New(t testing.TB) *Env {
	t.Helper()
	ctx := context.Background()
	admin := adminURL(t)
	templateOnce.Do(func() {
		if nodes := citusNodes(); nodes != nil {
			templateName, templateErr = ensureCitusTemplate(ctx, admin, nodes)
		} else {
			templateName, templateErr = ensureTemplate(ctx, admin)
		}
	})
	if templateErr != nil {
		t.Fatalf("dbtest: template database: %v", templateErr)
	}
	name := "steady_t_" + randomHex(8)
	createDatabase(t, admin, name, templateName)

	env := &Env{Name: name, OwnerURL: withDB(t, admin, name, "", ""), AppURL: appURL(t, admin, name)}
	if addr := os.Getenv("TEST_APP_POOLER_ADDR"); addr != "" {
		env.AppURL, env.Pooler = throughPooler(t, env.AppURL, addr), "transaction"
	}
	d, err := db.OpenWith(ctx, env.AppURL, db.Options{TransactionPooler: env.Pooler != ""})
	if err != nil {
		t.Fatalf("dbtest: open as app role: %v", err)
	}
	t.Cleanup(d.Close)
	d.SetDataKeys(datakeys.New(seal.DevKey())) // the key apptest's app uses too
	rc, err := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("dbtest: river client: %v", err)
	}
	d.SetJobs(rc)
	env.DB = d
	return env
}

func adminURL(t testing.TB) string {
	u := os.Getenv("TEST_DATABASE_URL")
	if u == "" {
		t.Fatal("dbtest: TEST_DATABASE_URL is not set; run the tests with `make test`, which starts a private PostgreSQL")
	}
	return u
}

func appURL(t testing.TB, admin, name string) string {
	role := os.Getenv("TEST_APP_DATABASE_ROLE")
	if role == "" {
		role = db.AppRole
	}
	return withDB(t, admin, name, role, os.Getenv("TEST_APP_DATABASE_PASSWORD"))
}

// throughPooler points appURL at the pooler at addr. The URL also asks pgx for exec mode, so
// a test that opens its own pool on it (db.Open) names no prepared statements either.
func throughPooler(t testing.TB, appURL, addr string) string {
	u, err := url.Parse(appURL)
	if err != nil {
		t.Fatalf("dbtest: bad app url: %v", err)
	}
	u.Host = addr
	q := u.Query()
	q.Set("default_query_exec_mode", "exec")
	u.RawQuery = q.Encode()
	return u.String()
}

// withDB returns base pointing at database name, optionally as another user.
func withDB(t testing.TB, base, name, user, password string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("dbtest: bad TEST_DATABASE_URL: %v", err)
	}
	u.Path = "/" + name
	if user != "" {
		u.User = url.UserPassword(user, password)
	}
	return u.String()
}

// ensureTemplate builds (once per schema version, shared by every test process) a migrated
// database to clone. It is built under a temporary name and renamed when complete, so a
// crash never leaves a half-migrated template behind.
func ensureTemplate(ctx context.Context, admin string) (string, error) {
	name, err := templateHash()
	if err != nil {
		return "", err
	}
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtext('steady_dbtest_template'))`); err != nil {
		return "", err
	}
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	wip := name + "_wip"
	if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+wip+` WITH (FORCE)`); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+wip); err != nil {
		return "", err
	}
	u, _ := url.Parse(admin)
	u.Path = "/" + wip
	if err := db.Migrate(ctx, u.String(), slog.New(slog.DiscardHandler)); err != nil {
		return "", fmt.Errorf("migrate template: %w", err)
	}
	if _, err := conn.Exec(ctx, `ALTER DATABASE `+wip+` RENAME TO `+name); err != nil {
		return "", err
	}
	return name, nil
}

// templateHash names the template after the migrations it holds, so a changed migration
// gets a new template instead of a stale one.
func templateHash() (string, error) {
	all, err := db.Migrations()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range all {
		fmt.Fprintf(h, "%d\x00%s\x00", m.Version, m.SQL)
	}
	fmt.Fprintf(h, "river:%d", len(riverVersions()))
	return "steady_tmpl_" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

func exec(t testing.TB, dsn, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("dbtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("dbtest: %s: %v", sql, err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Empty creates a database with nothing in it, dropped when t ends, and returns the owner's
// URL to it: for a test that migrates it step by step, as an older release left it. Not on
// Citus, whose schema is distributed only after the whole of it is made.
func Empty(t testing.TB) (ownerURL string) {
	t.Helper()
	if citusNodes() != nil {
		t.Skip("dbtest: an empty database is made on one node only")
	}
	admin := adminURL(t)
	name := "steady_e_" + randomHex(8)
	createDatabase(t, admin, name, "template0")
	return withDB(t, admin, name, "", "")
}
