package practicedata_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/alertrules"
	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/billing"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/digests"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/practicedata"
	"github.com/steadyhq/steady/internal/progress"
	"github.com/steadyhq/steady/internal/safety"
	"github.com/steadyhq/steady/internal/team"
)

// world is a practice with a record in every kind of table, and a second practice as full, on
// a clock the test moves.
type world struct {
	a      *apptest.App
	clk    *apptest.Clock
	tm     *apptest.Team
	other  *apptest.Team
	client uuid.UUID
	svc    *practicedata.Service
}

func newWorld(t *testing.T, mods ...func(*app.Config)) *world {
	a, clk := apptest.NewClocked(t, mods...)
	w := &world{a: a, clk: clk, tm: apptest.SeedTeam(t, a, "export"), other: apptest.SeedTeam(t, a, "elsewhere")}
	var couple uuid.UUID
	w.client, couple = w.tm.FixtureOf(t, a, practice.RoleOwner)
	apptest.SeedHomework(t, a, w.tm.Caller(practice.RoleOwner), w.client, couple)
	fill(t, a, w.tm.Caller(practice.RoleOwner), w.client, couple)
	oc, ok := w.other.FixtureOf(t, a, practice.RoleOwner)
	apptest.SeedHomework(t, a, w.other.Caller(practice.RoleOwner), oc, ok)
	w.svc = a.PracticeData()
	return w
}

// signIn signs the owner in again, in a fresh browser.
func (w *world) signIn(t *testing.T) {
	t.Helper()
	b := w.a.Browser(t)
	res := b.PostJSON("/api/auth/login", apptest.LoginBody(w.tm.Members[practice.RoleOwner].Email))
	require.Equal(t, http.StatusOK, res.StatusCode)
	w.tm.Browsers[practice.RoleOwner] = b
}

// fill gives the practice a row in the tenant tables SeedHomework leaves empty: a trial, an
// email sent, an invitation, a digest, alert rules and the alerts they raise, an emergency
// grant; and notes, sealed, on a safety screen and on the risk alert.
func fill(t *testing.T, a *apptest.App, owner auth.Caller, client, couple uuid.UUID) {
	ctx := context.Background()
	_, _, err := a.SafetySvc().RecordScreen(ctx, owner, couple, safety.Screen{Decision: "proceed", Note: screenNote})
	require.NoError(t, err)
	journal := checkins.NewService(a.DB, clients.NewService(a.DB), a.Config.Clock())
	alerts, err := journal.Alerts(ctx, owner, client)
	require.NoError(t, err)
	require.NotEmpty(t, alerts)
	_, err = journal.Acknowledge(ctx, owner, alerts[0].ID, alertNote)
	require.NoError(t, err)
	// A client the owner does not treat, whose record they open for an emergency.
	cs := clients.NewService(a.DB)
	kit, err := cs.Create(ctx, owner, clients.Input{Name: "Kit Client", TimeZone: "UTC"})
	require.NoError(t, err)
	now := *owner.Staff
	now.At = a.Now()
	_, err = cs.OpenEmergencyAccess(ctx, auth.Caller{Staff: &now}, clients.Subject{ID: kit.ID},
		"Kit's clinician is away and a risk alert came in.")
	require.NoError(t, err)
	require.NoError(t, billing.SeedTrial(ctx, a.DB, owner.PracticeID, a.Now()))
	require.NoError(t, notify.SendOnce(ctx, a.DB, owner.Scope(), "fixture", a.Mailer,
		notify.Message{To: "someone@example.com", Subject: "fixture", Text: "fixture"}))
	_, err = team.NewService(a.DB).Invite(ctx, owner, "invitee@example.com", practice.RoleClinician)
	require.NoError(t, err)
	_, err = digests.NewService(a.DB, a.Mailer, "", nil).MakeAt(ctx, owner.PracticeID, owner.UserID, a.Now())
	require.NoError(t, err)
	two := 2
	require.NoError(t, alertrules.NewService(a.DB, nil).SetPracticeRules(ctx, owner, alertrules.Rules{MissedInRow: &two, SilentDays: &two}))
	later := a.Now().Add(72 * time.Hour)
	_, err = progress.RefreshPractice(ctx, a.DB, owner.PracticeID, later)
	require.NoError(t, err)
	_, err = alertrules.NewService(a.DB, func() time.Time { return later }).Evaluate(ctx)
	require.NoError(t, err)
}

// The notes fill writes, which the archive must carry as words.
const (
	screenNote = "Both say they feel safe at home."
	alertNote  = "Called Jo the same afternoon; safety plan reviewed."
)

// envOf is what the app gives the service, on the test's clock.
func envOf(w *world) module.Env { return module.Env{DB: w.a.DB, Key: w.a.Key, Now: w.clk.Now} }

// owner is the practice's owner's browser.
func (w *world) owner() *apptest.Browser { return w.tm.Browsers[practice.RoleOwner] }

// exportOut is an export as the API shows it.
type exportOut struct {
	ID          string     `json:"id"`
	Status      string     `json:"status"`
	TablesDone  int        `json:"tables_done"`
	TablesTotal int        `json:"tables_total"`
	RowsDone    int64      `json:"rows_done"`
	RowsTotal   int64      `json:"rows_total"`
	SizeBytes   *int64     `json:"size_bytes"`
	SHA256      string     `json:"sha256"`
	ExpiresAt   *time.Time `json:"expires_at"`
	DownloadURL string     `json:"download_url"`
}

// start asks for an export as the owner and returns it.
func (w *world) start(t *testing.T) exportOut {
	t.Helper()
	return answer(t, w.owner().Do("POST", "/api/practice/exports", "", nil), http.StatusAccepted)
}

// status reads an export as the owner.
func (w *world) status(t *testing.T, id string) exportOut {
	t.Helper()
	return answer(t, w.owner().Do("GET", "/api/practice/exports/"+id, "", nil), http.StatusOK)
}

// answer reads the export an answer of status carries.
func answer(t *testing.T, res *http.Response, status int) exportOut {
	t.Helper()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, status, res.StatusCode, string(raw))
	var out struct{ Export exportOut }
	require.NoError(t, json.Unmarshal(raw, &out))
	return out.Export
}

// build makes an export's archive as its job would, without the job runner.
func (w *world) build(t *testing.T, id string) {
	t.Helper()
	require.NoError(t, w.svc.Build(context.Background(), w.tm.ID, uuid.MustParse(id)))
}

// archive is a downloaded archive, opened: its files by path, and its manifest.
type archive struct {
	files    map[string][]byte
	manifest manifestOut
}

type manifestOut struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	ExportID      string    `json:"export_id"`
	ExportedAt    time.Time `json:"exported_at"`
	SchemaVersion int       `json:"schema_version"`
	Practice      struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"practice"`
	Files []struct {
		Path   string `json:"path"`
		Table  string `json:"table"`
		Rows   int64  `json:"rows"`
		Bytes  int64  `json:"bytes"`
		SHA256 string `json:"sha256"`
	} `json:"files"`
	Withheld []struct{ What, Why string } `json:"withheld"`
}

// download fetches a ready export's archive and opens it.
func (w *world) download(t *testing.T, e exportOut) archive {
	t.Helper()
	res := w.owner().Do("GET", e.DownloadURL, "", nil)
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, string(raw))
	require.Equal(t, "application/zip", res.Header.Get("Content-Type"))
	require.EqualValues(t, *e.SizeBytes, len(raw))
	sum := sha256.Sum256(raw)
	require.Equal(t, e.SHA256, hex.EncodeToString(sum[:]), "the archive is the one the export describes")
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	require.NoError(t, err)
	out := archive{files: map[string][]byte{}}
	for _, f := range zr.File {
		r, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(r)
		require.NoError(t, err)
		out.files[f.Name] = b
	}
	require.NoError(t, json.Unmarshal(out.files["manifest.json"], &out.manifest))
	return out
}

// table reads a CSV file of the archive as records by column name.
func (ar archive) table(t *testing.T, path string) []map[string]string {
	t.Helper()
	raw, ok := ar.files[path]
	require.True(t, ok, "the archive has %s", path)
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs, "%s has a header", path)
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, name := range recs[0] {
			m[name] = r[i]
		}
		out = append(out, m)
	}
	return out
}
