package restoredrill

import (
	"context"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/alertrules"
	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/digests"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
	"github.com/steadyhq/steady/internal/team"
)

// source is the database the drill backs up, and what it expects to find again in the copy.
type source struct {
	app       *apptest.App
	homework  []string // the homework link tokens `steady demo` printed
	session   string   // the cookie of a staff session signed in before the backup
	twoFactor string   // the email of a member who signs in with a password and a code
	secret    string   // that member's authenticator secret
	running   int64    // the job that was running (its email already sent) at backup time
}

// ownerB owns the second practice, and signs in with two-factor.
const ownerB = "owner@practice-b.example.com"

// resetEmail is the demo member whose password reset was being sent when the backup was taken.
const resetEmail = "admin@demo.steady.test"

// fill builds the source: the demo practice (by `steady demo` itself), a second practice with a
// caseload, a two-factor member and a signed-in session, and River jobs in every pending state.
func fill(t *testing.T) *source {
	a, clk := apptest.NewClocked(t, func(c *app.Config) { c.SecretKey = []byte(secretKey) })
	s := &source{app: a, homework: runDemo(t, a)}
	b, owner := signUp(t, a)
	caseload(t, a, owner)
	secret, _ := apptest.Enrol(t, b, clk)
	s.secret, s.twoFactor = secret, ownerB
	// A second log-in that waits for its code leaves a pending challenge in the backup.
	res := a.Browser(t).PostJSON("/api/auth/login", apptest.LoginBody(s.twoFactor))
	require.Equal(t, http.StatusOK, res.StatusCode)
	s.session = cookie(t, a, b, "steady_session")
	s.running = sentButRunning(t, a)
	pendingJobs(t, a)
	riverState(t, a)
	return s
}

// runDemo runs `steady demo` on the source and returns the homework tokens it prints.
func runDemo(t *testing.T, a *apptest.App) []string {
	cmd := exec.Command(selfPath(t), "-test.run=^$")
	cmd.Env = steadyEnv("demo", a.Env.AppURL, a.Env.OwnerURL)
	out, err := cmd.Output()
	require.NoError(t, err, "steady demo: %s", exitStderr(err))
	var tokens []string
	for _, m := range regexp.MustCompile(`/h/([A-Za-z0-9_-]+)`).FindAllStringSubmatch(string(out), -1) {
		tokens = append(tokens, m[1])
	}
	require.Len(t, tokens, 2, "the demo prints a homework link for each partner:\n%s", out)
	return tokens
}

// signUp signs a second practice's owner up over HTTP (a welcome email job, a session).
func signUp(t *testing.T, a *apptest.App) (*apptest.Browser, auth.Caller) {
	b, me := a.SignedUp(t, ownerB)
	return b, auth.Caller{Staff: &auth.Staff{UserID: uuid.MustParse(me.User.ID),
		PracticeID: uuid.MustParse(me.Practice.ID), Role: practice.RoleOwner}, IP: "192.0.2.1"}
}

// caseload gives the practice what the demo leaves out: a couple with every kind of homework
// row, a risk alert, an invitation, a digest, alert rules and the alerts they raise.
func caseload(t *testing.T, a *apptest.App, owner auth.Caller) {
	ctx := context.Background()
	svc := clients.NewService(a.DB)
	var ids []uuid.UUID
	for _, name := range []string{"Robin Shaw", "Kit Shaw"} {
		c, err := svc.Create(ctx, owner, clients.Input{Name: name, TimeZone: "Europe/London",
			ClinicianIDs: []uuid.UUID{owner.UserID}})
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	k, err := svc.CreateCouple(ctx, owner, clients.CoupleInput{Name: "Shaw", ClinicianIDs: []uuid.UUID{owner.UserID},
		Partners: []clients.Partner{{ClientID: ids[0], TrustRole: clients.TrustHurt}, {ClientID: ids[1], TrustRole: clients.TrustCausedHarm}}})
	require.NoError(t, err)
	apptest.SeedHomework(t, a, owner, ids[0], k.ID)
	// A client the owner does not treat, whose record they opened for an emergency.
	kit, err := svc.Create(ctx, owner, clients.Input{Name: "Kit Vale", TimeZone: "Europe/London"})
	require.NoError(t, err)
	now := *owner.Staff
	now.At = a.Now()
	_, err = svc.OpenEmergencyAccess(ctx, auth.Caller{Staff: &now, IP: owner.IP}, clients.Subject{ID: kit.ID},
		"Kit's clinician left the practice and a risk alert came in.")
	require.NoError(t, err)
	_, err = team.NewService(a.DB).Invite(ctx, owner, "invitee@practice-b.example.com", practice.RoleClinician)
	require.NoError(t, err)
	_, err = digests.NewService(a.DB, a.Mailer, "", nil).MakeAt(ctx, owner.PracticeID, owner.UserID, a.Now())
	require.NoError(t, err)
	two := 2
	require.NoError(t, alertrules.NewService(a.DB, nil).SetPracticeRules(ctx, owner,
		alertrules.Rules{MissedInRow: &two, SilentDays: &two}))
	// Three days on, nothing has been done: the rules fire.
	later := a.Now().Add(72 * time.Hour)
	_, err = progress.RefreshPractice(ctx, a.DB, owner.PracticeID, later)
	require.NoError(t, err)
	_, err = alertrules.NewService(a.DB, func() time.Time { return later }).Evaluate(ctx)
	require.NoError(t, err)
	// An export of the whole practice, made: its row and its archive's sealed pieces.
	export, err := a.PracticeData().Start(ctx, owner)
	require.NoError(t, err)
	require.NoError(t, a.PracticeData().Build(ctx, owner.PracticeID, export.ID))
}

// sentButRunning asks for a password reset and sends it, as a worker does, but leaves its job
// running, as if the worker died before recording the job done and the backup was taken
// hours later. It returns the job's id.
func sentButRunning(t *testing.T, a *apptest.App) int64 {
	ctx := context.Background()
	require.NoError(t, a.Auth.RequestPasswordReset(ctx, resetEmail, auth.Client{IP: "192.0.2.2"}))
	var id int64
	require.NoError(t, a.DB.Pool.QueryRow(ctx, `SELECT id FROM river_job WHERE kind = 'password_reset_email'`).Scan(&id))
	w := &auth.ResetWorker{Auth: a.Auth, Mailer: a.Mailer, PublicURL: "http://steady.test"}
	require.NoError(t, w.Work(ctx, &river.Job[auth.ResetArgs]{JobRow: &rivertype.JobRow{ID: id},
		Args: auth.ResetArgs{Email: resetEmail}}))
	ownerExec(t, a.Env.OwnerURL, `UPDATE river_job SET state = 'running', attempt = 1,
		attempted_at = now() - interval '2 hours', attempted_by = ARRAY['a worker that died'] WHERE id = $1`, id)
	return id
}

// farOff is when the drill's scheduled job is due: long after any drill ends.
var farOff = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

// pendingJobs adds, to the jobs the app and the demo queued, one available now and one
// scheduled far off.
func pendingJobs(t *testing.T, a *apptest.App) {
	ctx := context.Background()
	_, err := a.River.Insert(ctx, progress.AttentionArgs{}, nil)
	require.NoError(t, err)
	_, err = a.River.Insert(ctx, progress.AttentionArgs{}, &river.InsertOpts{ScheduledAt: farOff})
	require.NoError(t, err)
}

// riverState writes what a live system's backup holds and this source, whose workers never
// ran, lacks: River's leader (long expired) and its queue. A Stripe event received earlier
// stands in for billing, whose webhooks need Stripe, and the record of a practice deleted
// earlier for a closed one's, whose retention runs for years.
func riverState(t *testing.T, a *apptest.App) {
	long := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	ownerExec(t, a.Env.OwnerURL, `INSERT INTO river_leader (elected_at, expires_at, leader_id) VALUES ($1, $2, 'a worker that died')`,
		long, long.Add(15*time.Second))
	ownerExec(t, a.Env.OwnerURL, `INSERT INTO river_queue (name, created_at, updated_at) VALUES ('default', $1, $1)
		ON CONFLICT (name) DO NOTHING`, long)
	ownerExec(t, a.Env.OwnerURL, `INSERT INTO billing_events (id, type, received_at, processed_at)
		VALUES ('evt_restore_drill', 'invoice.paid', $1, $1)`, long)
	ownerExec(t, a.Env.OwnerURL, `INSERT INTO practice_deletions (deleted_practice_id, closed_at, delete_after, deleted_at,
		row_counts, rows_deleted) VALUES (gen_random_uuid(), $1, $2, $2, '{"practices": 1}', 1)`, long.AddDate(-7, 0, 0), long)
}

// cookie is the value of the cookie named name that the browser holds for the app.
func cookie(t *testing.T, a *apptest.App, b *apptest.Browser, name string) string {
	u, err := url.Parse(a.HTTP.URL)
	require.NoError(t, err)
	for _, c := range b.Client.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	t.Fatalf("the browser holds no cookie %s", name)
	return ""
}

// ownerExec runs one statement on the database at dsn as the schema owner.
func ownerExec(t *testing.T, dsn, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql, args...)
	require.NoError(t, err, sql)
}
