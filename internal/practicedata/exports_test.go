package practicedata_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/practicedata"
)

// River's own worker makes the archive an owner asks for: queued, then ready to download, and
// asking again while it is under way gives the same export, not a second.
func TestTheWorkerMakesTheArchive(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := w.start(t)
	require.Equal(t, "queued", e.Status)
	require.Zero(t, e.TablesTotal)
	require.Equal(t, e.ID, w.start(t).ID, "one export at a time: asking again gives the one under way")
	apptest.StartWorkers(t, w.a)
	apptest.WaitFor(t, "the archive", func() bool { return w.status(t, e.ID).Status == "ready" })
	ar := w.download(t, w.status(t, e.ID))
	requireManifestMatchesFiles(t, ar)
	require.NotEqual(t, e.ID, w.start(t).ID, "once it is made, a new export can start")
}

// The archive of a filled practice: the zip opens, the manifest's counts and digests are the
// files', every tenant table is there with every row of the practice and none of another's,
// sealed text reads as words, and no credential is in it.
func TestTheArchiveHoldsThePracticeAndNothingElse(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := w.start(t)
	w.build(t, e.ID)
	e = w.status(t, e.ID)
	require.Equal(t, e.TablesTotal, e.TablesDone)
	require.Equal(t, e.RowsTotal, e.RowsDone)
	require.WithinDuration(t, w.clk.Now().Add(practicedata.DownloadTTL), *e.ExpiresAt, time.Second)
	ar := w.download(t, e)

	m := ar.manifest
	require.Equal(t, practicedata.Format, m.Format)
	require.Equal(t, w.tm.ID.String(), m.Practice.ID)
	require.Equal(t, "export", m.Practice.Name)
	require.Equal(t, e.ID, m.ExportID)
	require.True(t, m.ExportedAt.Equal(w.clk.Now()), "exported at the app clock's time: %s", m.ExportedAt)
	migrations, err := db.Migrations()
	require.NoError(t, err)
	require.Equal(t, migrations[len(migrations)-1].Version, m.SchemaVersion)
	requireManifestMatchesFiles(t, ar)

	tables, err := db.TenantTables(context.Background(), w.a.DB.Pool)
	require.NoError(t, err)
	for _, table := range tables {
		path := "tables/" + table + ".csv"
		if withheld(m, table) {
			require.NotContains(t, ar.files, path)
			continue
		}
		want := apptest.TenantRows(t, w.a, w.tm.ID, table)
		if table == "audit_events" { // the completion and the download came after the archive
			want -= apptest.AuditCount(t, w.a, w.tm.ID, `action IN ('practice_export.complete', 'practice_export.download')`)
		}
		require.Len(t, ar.table(t, path), want, "every row of %s", table)
	}
	require.Len(t, ar.table(t, "tables/practices.csv"), 1)
	require.Len(t, ar.table(t, "people.csv"), 3, "a member of each role")

	journal := ar.table(t, "tables/journal_entries.csv")
	require.Len(t, journal, 1)
	require.Equal(t, "A calmer day.", journal[0]["body"], "journal text is readable")
	requireCell(t, ar.table(t, "tables/safety_screens.csv"), "note", screenNote)
	requireCell(t, ar.table(t, "tables/risk_alerts.csv"), "note", alertNote)
	requireCell(t, ar.table(t, "tables/responses.csv"), "answers", `"helped":"A walk round the block"`)
	requireNothingOf(t, ar, w.other)
	requireNoSecrets(t, w, ar)
	require.Equal(t, 1, apptest.AuditCount(t, w.a, w.tm.ID, `action = 'practice_export.request'`))
	require.Equal(t, 1, apptest.AuditCount(t, w.a, w.tm.ID, `action = 'practice_export.complete'`))
	require.Equal(t, 1, apptest.AuditCount(t, w.a, w.tm.ID, `action = 'practice_export.download'`))
}

// requireCell checks that some row's column holds want (or, for JSON, contains it).
func requireCell(t *testing.T, rows []map[string]string, column, want string) {
	t.Helper()
	for _, r := range rows {
		if strings.Contains(r[column], want) {
			return
		}
	}
	t.Errorf("no %s holds %q: %v", column, want, rows)
}

// requireManifestMatchesFiles checks that the manifest lists every file but itself, with the
// file's own row count, size and SHA-256.
func requireManifestMatchesFiles(t *testing.T, ar archive) {
	t.Helper()
	listed := map[string]bool{}
	for _, f := range ar.manifest.Files {
		raw, ok := ar.files[f.Path]
		require.True(t, ok, "%s is in the zip", f.Path)
		sum := sha256.Sum256(raw)
		require.Equal(t, hex.EncodeToString(sum[:]), f.SHA256, f.Path)
		require.EqualValues(t, len(raw), f.Bytes, f.Path)
		require.EqualValues(t, len(ar.table(t, f.Path)), f.Rows, f.Path)
		listed[f.Path] = true
	}
	for path := range ar.files {
		require.True(t, path == "manifest.json" || listed[path], "%s is listed in the manifest", path)
	}
}

func withheld(m manifestOut, what string) bool {
	for _, w := range m.Withheld {
		if w.What == what {
			return true
		}
	}
	return false
}

// requireNothingOf checks that no file mentions the other practice or its people.
func requireNothingOf(t *testing.T, ar archive, other *apptest.Team) {
	t.Helper()
	ids := []string{other.ID.String()}
	for _, m := range other.Members {
		ids = append(ids, m.ID.String(), m.Email)
	}
	for path, raw := range ar.files {
		for _, id := range ids {
			require.NotContains(t, string(raw), id, "%s holds nothing of another practice", path)
		}
	}
}

// requireNoSecrets checks that no credential, nor a column that holds one, is in the archive.
func requireNoSecrets(t *testing.T, w *world, ar archive) {
	t.Helper()
	require.NotContains(t, ar.files, "tables/client_sessions.csv")
	for _, what := range []string{"users.password_hash", "users.totp_secret", "recovery_codes", "sessions",
		"clients.pin_hash", "homework_links.token_hash", "client_sessions"} {
		require.True(t, withheld(ar.manifest, what), "the manifest says %s is left out", what)
	}
	var hashes []string
	w.a.AsOwner(t, []string{"homework_links"}, func(tx pgx.Tx) {
		rows, err := tx.Query(context.Background(), `SELECT encode(token_hash, 'hex') FROM homework_links WHERE practice_id = $1`, w.tm.ID)
		require.NoError(t, err)
		hashes, err = pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
	})
	require.NotEmpty(t, hashes)
	for path, raw := range ar.files {
		header, _, _ := strings.Cut(string(raw), "\n")
		for _, col := range []string{"token_hash", "pin_hash", "password_hash", "totp_secret", "unsubscribe_hash", "_sealed"} {
			require.NotContains(t, header, col, path)
		}
		require.NotContains(t, string(raw), "$argon2", path)
		for _, h := range hashes {
			require.NotContains(t, strings.ToLower(string(raw)), h, path)
		}
	}
}

// The export's status moves as the archive is made: each committed step is what the page
// reads, file by file, until every file and row is done.
func TestProgressMovesFileByFile(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := w.start(t)
	var seen []exportOut
	practicedata.Watch(w.svc, func() { seen = append(seen, w.status(t, e.ID)) })
	w.build(t, e.ID)
	require.Greater(t, len(seen), 10, "a step per file")
	first, last := seen[0], seen[len(seen)-1]
	require.Equal(t, "running", first.Status)
	require.Zero(t, first.TablesDone)
	require.Positive(t, first.TablesTotal)
	require.Positive(t, first.RowsTotal)
	for i := 1; i < len(seen); i++ {
		require.Equal(t, "running", seen[i].Status)
		require.Equal(t, seen[i-1].TablesDone+1, seen[i].TablesDone, "one more file each step")
		require.GreaterOrEqual(t, seen[i].RowsDone, seen[i-1].RowsDone)
	}
	require.Equal(t, last.TablesTotal, last.TablesDone)
	require.Equal(t, last.RowsTotal, last.RowsDone)
	require.Equal(t, "ready", w.status(t, e.ID).Status)
}

// A link lasts DownloadTTL: then the download is 410, and the sweep deletes the archive's
// bytes and says so in the trail; an archive still in date is left alone.
func TestAnExpiredDownloadIsGoneAndItsBytesDeleted(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	old := w.start(t)
	w.build(t, old.ID)
	old = w.status(t, old.ID)
	w.download(t, old)
	w.clk.Advance(practicedata.DownloadTTL - time.Minute)
	w.signIn(t) // the session timed out meanwhile
	fresh := w.start(t)
	w.build(t, fresh.ID)
	w.clk.Advance(2 * time.Minute)

	res := w.owner().Do("GET", old.DownloadURL, "", nil)
	require.Equal(t, http.StatusGone, res.StatusCode)
	require.Equal(t, "export_expired", apptest.ReadError(t, res).Error.Code)
	require.Equal(t, "expired", w.status(t, old.ID).Status)
	require.Positive(t, chunks(t, w, old.ID), "the bytes wait for the sweep")

	n, err := w.svc.SweepExpired(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Zero(t, chunks(t, w, old.ID), "the expired archive's bytes are deleted")
	require.Positive(t, chunks(t, w, fresh.ID), "an archive in date is kept")
	require.Equal(t, 1, apptest.AuditCount(t, w.a, w.tm.ID, `action = 'practice_export.expire'`))
	w.download(t, w.status(t, fresh.ID))
	n, err = w.svc.SweepExpired(context.Background())
	require.NoError(t, err)
	require.Zero(t, n, "swept once")
}

// chunks counts the stored pieces of an export.
func chunks(t *testing.T, w *world, id string) int {
	var n int
	require.NoError(t, w.a.DB.InTenant(context.Background(), db.Scope{PracticeID: w.tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM practice_export_chunks WHERE export_id = ?`, id).Row().Scan(&n)
	}))
	return n
}

// Only the owner exports or closes: an admin and a clinician are refused every route, and an
// export of another practice, or an address that is no export, is a 404.
func TestOnlyTheOwnerExports(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := w.start(t)
	w.build(t, e.ID)
	for _, role := range []practice.Role{practice.RoleAdmin, practice.RoleClinician} {
		b := w.tm.Browsers[role]
		for _, r := range [][2]string{{"POST", "/api/practice/exports"}, {"GET", "/api/practice/exports"},
			{"GET", "/api/practice/exports/" + e.ID}, {"GET", "/api/practice/exports/" + e.ID + "/download"},
			{"POST", "/api/practice/close"}} {
			body := ""
			if r[0] == "POST" {
				body = `{}`
			}
			res := b.Do(r[0], r[1], body, nil)
			require.Equal(t, http.StatusForbidden, res.StatusCode, "%s %s as %s", r[0], r[1], role)
			require.Equal(t, "forbidden", apptest.ReadError(t, res).Error.Code)
		}
	}
	other := w.other.Browsers[practice.RoleOwner]
	for _, path := range []string{"/api/practice/exports/" + e.ID, "/api/practice/exports/" + e.ID + "/download",
		"/api/practice/exports/" + uuid.NewString(), "/api/practice/exports/not-an-id"} {
		res := other.Do("GET", path, "", nil)
		require.Equal(t, http.StatusNotFound, res.StatusCode, path)
	}
	res := w.owner().Do("GET", "/api/practice/exports", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var list struct{ Exports []exportOut }
	apptest.Decode(t, res, &list)
	require.Len(t, list.Exports, 1)
	require.Equal(t, "ready", list.Exports[0].Status)
}

// A download before the archive is made is a 409 that says so.
func TestADownloadWaitsForTheArchive(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := w.start(t)
	res := w.owner().Do("GET", "/api/practice/exports/"+e.ID+"/download", "", nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "export_not_ready", apptest.ReadError(t, res).Error.Code)
}
