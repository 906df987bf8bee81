package db_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/db/dbtest"
	"github.com/steadyhq/steady/internal/library"
)

// upgradeSeeds write, as one practice, what a practice in use has stored by the time each
// older release ran: at 0004, a practice with a member and a client; at 0030 (before the keys
// between answers, deliveries, schedules and assignments changed), a daily assignment, an
// answer and a reminder's delivery row.
var upgradeSeeds = []struct {
	version int
	stmts   []string
}{
	{4, []string{
		`INSERT INTO practices (id, name) VALUES (@practice, 'Upgraded Practice')`,
		`SELECT set_config('app.user_id', @member::uuid::text, true)`, // a user row is written as that user
		`INSERT INTO users (id, email, name, password_hash)
			VALUES (@member::uuid, 'member-' || @member::uuid || '@upgrade.test', 'Upgraded Member', 'not a hash')`,
		`INSERT INTO memberships (practice_id, user_id, role) VALUES (@practice, @member, 'owner')`,
		`INSERT INTO clients (practice_id, id, name, time_zone) VALUES (@practice, @client, 'Upgraded Client', 'Europe/London')`,
	}},
	{30, []string{
		`INSERT INTO assignments (practice_id, id, client_id, group_id, library_slug, definition, title, kind,
			start_date, at_time)
			VALUES (@practice, @assignment, @client, @assignment, 'when-you-are-flooded', @definition, 'When you are flooded', 'daily', '2026-11-01', '19:00')`,
		`INSERT INTO responses (practice_id, id, assignment_id, client_id, occurrence_date, idempotency_key, answers)
			VALUES (@practice, gen_random_uuid(), @assignment, @client, '2026-11-02', gen_random_uuid(), '{"note": "an answer"}')`,
		`INSERT INTO reminder_deliveries (practice_id, id, client_id, assignment_id, occurrence_date, kind,
			channel, token_hash) VALUES (@practice, gen_random_uuid(), @client, @assignment, '2026-11-03', 'reminder', 'email',
			sha256('a token'))`,
	}},
}

// upgradedTables are the tables where each practice must end with one row: those the seeds
// wrote to, and those later releases fill for what was stored before them.
var upgradedTables = []string{"practices", "memberships", "clients", "client_time_zones", "client_attention",
	"billing_subscriptions", "digest_settings", "client_counts", "assignments", "responses",
	"reminder_schedules", "reminder_deliveries"}

// A database in use upgrades: every migration after an older release applies over the rows
// that release stored, every row is still there, every key is checked over them, and every
// table a release fills for rows stored before it is filled. A migration runs as the schema's
// owner, whom forced row-level security shows no practice's rows: a key's check done under it
// fails, or passes having read nothing, and a fill inserts nothing or is refused. Every other
// test's database is migrated empty, and would not show it.
func TestMigrationsUpgradeADatabaseInUse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	owner := dbtest.Empty(t)
	quiet := slog.New(slog.DiscardHandler)
	def, ok := library.Find("when-you-are-flooded")
	require.True(t, ok)
	rawDef, err := json.Marshal(def)
	require.NoError(t, err)
	conn, err := pgx.Connect(ctx, owner)
	require.NoError(t, err)
	defer conn.Close(ctx)
	var practices []pgx.NamedArgs
	for range 2 {
		practices = append(practices, pgx.NamedArgs{"practice": uuid.New(), "client": uuid.New(),
			"assignment": uuid.New(), "definition": rawDef, "member": uuid.New()})
	}
	for _, seed := range upgradeSeeds {
		require.NoError(t, db.MigrateTo(ctx, owner, quiet, seed.version))
		for _, args := range practices {
			asPractice(t, conn, args["practice"].(uuid.UUID), func(tx pgx.Tx) {
				for _, stmt := range seed.stmts {
					_, err := tx.Exec(ctx, stmt, args)
					require.NoError(t, err, stmt)
				}
			})
		}
	}

	require.NoError(t, db.Migrate(ctx, owner, quiet))
	for _, args := range practices {
		asPractice(t, conn, args["practice"].(uuid.UUID), func(tx pgx.Tx) {
			for _, table := range upgradedTables {
				column := "practice_id"
				if table == "practices" {
					column = "id"
				}
				var n int
				require.NoError(t, tx.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE `+column+` = app_practice_id()`).
					Scan(&n))
				require.Equal(t, 1, n, "the practice's rows in %s", table)
			}
			var carried bool
			require.NoError(t, tx.QueryRow(ctx, `SELECT s.client_id = a.client_id AND s.cadence_kind = 'daily'
				AND s.at_time = '19:00' AND s.start_date = '2026-11-01'
				FROM reminder_schedules s JOIN assignments a ON a.practice_id = s.practice_id AND a.id = s.assignment_id
				WHERE s.practice_id = app_practice_id()`).Scan(&carried))
			require.True(t, carried, "the schedule carries its assignment's client and cadence")
			var named bool
			require.NoError(t, tx.QueryRow(ctx, `SELECT client_name = 'Upgraded Client' AND active FROM client_attention
				WHERE practice_id = app_practice_id()`).Scan(&named))
			require.True(t, named, "the summary carries its client's name and status")
		})
	}
	var unchecked []string
	require.NoError(t, conn.QueryRow(ctx, `SELECT coalesce(array_agg(conname::text), '{}') FROM pg_constraint
		WHERE NOT convalidated`).Scan(&unchecked))
	require.Empty(t, unchecked, "every key was checked over the stored rows")
}

// asPractice runs fn in a transaction as practice p: what the owner sees under forced
// row-level security.
func asPractice(t *testing.T, conn *pgx.Conn, p uuid.UUID, fn func(pgx.Tx)) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('app.practice_id', $1, true)`, p.String()); err != nil {
			return err
		}
		fn(tx)
		return nil
	}))
}
