package app_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/alertrules"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/digests"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
	"github.com/steadyhq/steady/internal/team"
)

// seedTenants signs up two practices and gives each a row in every tenant table. When a new
// tenant table arrives, TestTenantSeesOnlyItsOwnRows fails until this fixture fills it too.
func seedTenants(t *testing.T, a *apptest.App) (uuid.UUID, uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	var ids [2]uuid.UUID
	for i, email := range []string{"a@example.com", "b@example.com"} {
		body := apptest.SignupBody(email)
		body["practice_name"], body["name"] = "Practice "+string(rune('A'+i)), "Owner"
		res := a.SignUp(t, a.Browser(t), body)
		require.Equal(t, http.StatusCreated, res.StatusCode)
		var me apptest.MeOut
		apptest.Decode(t, res, &me)
		practiceID, userID := uuid.MustParse(me.Practice.ID), uuid.MustParse(me.User.ID)
		ids[i] = practiceID
		scope := db.Scope{PracticeID: practiceID, UserID: userID}
		require.NoError(t, notify.SendOnce(ctx, a.DB, scope, "fixture", a.Mailer,
			notify.Message{To: email, Subject: "fixture", Text: "fixture"}))
		seedCaseload(t, a, auth.Caller{Staff: &auth.Staff{UserID: userID, PracticeID: practiceID,
			Role: practice.RoleOwner}, IP: "192.0.2.1"})
	}
	return ids[0], ids[1]
}

// seedCaseload gives the practice a couple of clients (with clinicians, a couple and the
// audit rows all of that leaves).
func seedCaseload(t *testing.T, a *apptest.App, owner auth.Caller) {
	ctx := context.Background()
	svc := clients.NewService(a.DB)
	var ids []uuid.UUID
	for _, name := range []string{"Sam Rivera", "Alex Rivera"} {
		d, err := svc.Create(ctx, owner, clients.Input{Name: name, TimeZone: "Europe/London",
			ClinicianIDs: []uuid.UUID{owner.UserID}})
		require.NoError(t, err)
		ids = append(ids, d.ID)
	}
	k, err := svc.CreateCouple(ctx, owner, clients.CoupleInput{Name: "Rivera", ClinicianIDs: []uuid.UUID{owner.UserID},
		Partners: []clients.Partner{{ClientID: ids[0], TrustRole: clients.TrustHurt}, {ClientID: ids[1], TrustRole: clients.TrustCausedHarm}}})
	require.NoError(t, err)
	apptest.SeedHomework(t, a, owner, ids[0], k.ID)
	// A client the owner does not treat, whose record they open for an emergency.
	kit, err := svc.Create(ctx, owner, clients.Input{Name: "Kit Rivera", TimeZone: "Europe/London"})
	require.NoError(t, err)
	now := *owner.Staff
	now.At = a.Now()
	_, err = svc.OpenEmergencyAccess(ctx, auth.Caller{Staff: &now, IP: owner.IP}, clients.Subject{ID: kit.ID},
		"Kit's clinician left the practice and a risk alert came in.")
	require.NoError(t, err)
	_, err = team.NewService(a.DB).Invite(ctx, owner, "invitee@example.com", practice.RoleClinician)
	require.NoError(t, err)
	_, err = digests.NewService(a.DB, a.Mailer, "", nil).MakeAt(ctx, owner.PracticeID, owner.UserID, a.Now())
	require.NoError(t, err)
	// Rules that hold for the seeded homework (nothing done for two days), and their alerts.
	rules := alertrules.NewService(a.DB, nil)
	two := 2
	require.NoError(t, rules.SetPracticeRules(ctx, owner, alertrules.Rules{MissedInRow: &two, SilentDays: &two}))
	_, err = progress.RefreshPractice(ctx, a.DB, owner.PracticeID, a.Now().Add(72*time.Hour))
	require.NoError(t, err)
	_, err = alertrules.NewService(a.DB, func() time.Time { return a.Now().Add(72 * time.Hour) }).Evaluate(ctx)
	require.NoError(t, err)
	// An export of the whole practice, made: its row and its archive's pieces.
	export, err := a.PracticeData().Start(ctx, owner)
	require.NoError(t, err)
	require.NoError(t, a.PracticeData().Build(ctx, owner.PracticeID, export.ID))
}

func tenantTables(t *testing.T, d *db.DB) []string {
	tables, err := db.TenantTables(context.Background(), d.Pool)
	require.NoError(t, err)
	require.NotEmpty(t, tables)
	return tables
}

func TestTenantSeesOnlyItsOwnRows(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	pa, pb := seedTenants(t, a)
	ctx := context.Background()
	for _, table := range tenantTables(t, a.DB) {
		for _, p := range []uuid.UUID{pa, pb} {
			var total, foreign int
			err := a.DB.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
				return tx.WithPgx(func(ptx pgx.Tx) error {
					q := fmt.Sprintf(`SELECT count(*), count(*) FILTER (WHERE practice_id <> $1) FROM %s`,
						pgx.Identifier{table}.Sanitize())
					return ptx.QueryRow(ctx, q, p).Scan(&total, &foreign)
				})
			})
			require.NoError(t, err)
			require.Positive(t, total, "%s has no rows for the fixture practice: extend seedTenants", table)
			require.Zero(t, foreign, "%s leaked another practice's rows", table)
		}
		require.Equal(t, a.CountAll(t, table), countIn(t, a, pa, table)+countIn(t, a, pb, table),
			"%s: the two practices' rows are all the rows", table)
	}
	var names []string
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: pa}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT name FROM practices`).Scan(&names).Error
	}))
	require.Equal(t, []string{"Practice A"}, names)
}

func countIn(t *testing.T, a *apptest.App, p uuid.UUID, table string) int {
	var n int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: p}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM ` + pgx.Identifier{table}.Sanitize()).Scan(&n).Error
	}))
	return n
}

func TestOutsideATenantTransactionTenantTablesAreEmpty(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	seedTenants(t, a)
	ctx := context.Background()
	tables := append(tenantTables(t, a.DB), "practices", "users")
	for _, table := range tables {
		var n int
		// Straight from the pool, no transaction, no settings at all.
		require.NoError(t, a.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()).Scan(&n))
		require.Zero(t, n, "%s shows rows without a tenant", table)
		require.NoError(t, a.DB.InGlobal(ctx, func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT count(*) FROM ` + pgx.Identifier{table}.Sanitize()).Scan(&n).Error
		}))
		require.Zero(t, n, "%s shows rows in a global transaction", table)
		require.Positive(t, a.CountAll(t, table), "%s: the fixture wrote nothing, so the check above proves nothing", table)
	}
}

func TestReusedConnectionCarriesNothingOfThePreviousTenant(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	pa, _ := seedTenants(t, a)
	ctx := context.Background()
	one, err := db.Open(ctx, a.Env.AppURL+"&pool_max_conns=1")
	if err != nil {
		one, err = db.Open(ctx, a.Env.AppURL+"?pool_max_conns=1")
	}
	require.NoError(t, err)
	defer one.Close()

	var pidA, pidAfter int
	var seen int
	require.NoError(t, one.InTenant(ctx, db.Scope{PracticeID: pa}, func(tx *db.Tx) error {
		if err := tx.Gorm.Raw(`SELECT pg_backend_pid()`).Scan(&pidA).Error; err != nil {
			return err
		}
		return tx.Gorm.Raw(`SELECT count(*) FROM memberships`).Scan(&seen).Error
	}))
	require.Equal(t, 1, seen)

	var setting *string
	var members int
	require.NoError(t, one.InGlobal(ctx, func(tx *db.Tx) error {
		if err := tx.Gorm.Raw(`SELECT pg_backend_pid()`).Scan(&pidAfter).Error; err != nil {
			return err
		}
		if err := tx.Gorm.Raw(`SELECT app_practice_id()::text`).Scan(&setting).Error; err != nil {
			return err
		}
		return tx.Gorm.Raw(`SELECT count(*) FROM memberships`).Scan(&members).Error
	}))
	require.Equal(t, pidA, pidAfter, "the pool of one must hand back the same connection")
	require.Nil(t, setting, "the practice setting must not survive the transaction")
	require.Zero(t, members)
}
