package db

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"regexp"
	"sort"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/steadyhq/steady/migrations"
)

// AppRole is the role the application connects as. Migrations grant it exactly what it needs;
// in production the login role is this role or a member of it.
const AppRole = "steady_app"

// ErrSchemaBehind means the database lacks migrations this binary ships: run `steady migrate`.
var ErrSchemaBehind = errors.New("database schema is behind this binary")

// Migration is one embedded SQL file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

var migrationName = regexp.MustCompile(`^(\d{4})_([a-z0-9_]+)\.sql$`)

// Migrations lists the embedded migrations in version order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrations.FS, ".")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration file %q is not named NNNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(migrations.FS, e.Name())
		if err != nil {
			return nil, err
		}
		v, _ := strconv.Atoi(m[1])
		out = append(out, Migration{Version: v, Name: m[2], SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration versions must run 1..n without gaps; found %04d", m.Version)
		}
	}
	return out, nil
}

// Migrate brings the database at ownerURL up to date: River's migrations, then Steady's, then
// the grants that let the application role use River's tables. It runs as the owner of the
// schema and holds an advisory lock so that two migrators never interleave.
func Migrate(ctx context.Context, ownerURL string, log *slog.Logger) error {
	return MigrateTo(ctx, ownerURL, log, 0)
}

// MigrateTo is Migrate up to Steady's migration version (0: all of them): for a test that
// makes a database as an older release left it and then upgrades it.
func MigrateTo(ctx context.Context, ownerURL string, log *slog.Logger, version int) error {
	pool, err := pgxpool.New(ctx, ownerURL)
	if err != nil {
		return fmt.Errorf("connect as owner: %w", err)
	}
	defer pool.Close()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("connect as owner: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtext('steady_migrate'))`); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext('steady_migrate'))`)

	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: log})
	if err != nil {
		return err
	}
	res, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	for _, v := range res.Versions {
		log.Info("applied river migration", "version", v.Version)
	}
	if err := applyOwn(ctx, conn.Conn(), log, version); err != nil {
		return err
	}
	return grantRiver(ctx, conn.Conn())
}

func applyOwn(ctx context.Context, conn *pgx.Conn, log *slog.Logger, version int) error {
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `GRANT SELECT ON schema_migrations TO `+AppRole); err != nil {
		return fmt.Errorf("grant to %s (does the role exist?): %w", AppRole, err)
	}
	all, err := Migrations()
	if err != nil {
		return err
	}
	var current int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return err
	}
	if version > 0 && version < len(all) {
		all = all[:version]
	}
	for _, m := range all[min(current, len(all)):] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		log.Info("applied migration", "version", m.Version, "name", m.Name)
	}
	return nil
}

// grantRiver gives the application role what River's client needs on River's own tables.
func grantRiver(ctx context.Context, conn *pgx.Conn) error {
	_, err := conn.Exec(ctx, `DO $$
	DECLARE t text;
	BEGIN
		FOR t IN SELECT tablename FROM pg_tables
			WHERE schemaname = current_schema() AND tablename LIKE 'river\_%' LOOP
			EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO `+AppRole+`', t);
		END LOOP;
		FOR t IN SELECT sequencename FROM pg_sequences
			WHERE schemaname = current_schema() AND sequencename LIKE 'river\_%' LOOP
			EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO `+AppRole+`', t);
		END LOOP;
	END $$`)
	return err
}

// CheckSchema reports ErrSchemaBehind (wrapped with what is missing) unless every migration
// this binary ships, ours and River's, has been applied.
func (d *DB) CheckSchema(ctx context.Context) error {
	all, err := Migrations()
	if err != nil {
		return err
	}
	var current int
	if err := d.Pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("%w: no migrations applied (%v)", ErrSchemaBehind, err)
	}
	if current < len(all) {
		return fmt.Errorf("%w: at version %d, binary needs %d", ErrSchemaBehind, current, len(all))
	}
	migrator, err := rivermigrate.New(riverpgxv5.New(d.Pool), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	res, err := migrator.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("%w: river: %v", ErrSchemaBehind, err)
	}
	if !res.OK {
		return fmt.Errorf("%w: river: %v", ErrSchemaBehind, res.Messages)
	}
	return nil
}
