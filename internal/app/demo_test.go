package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/stretchr/testify/require"
)

func TestDemoIsIdempotentAndItsLoginsWork(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	ctx := context.Background()
	var out bytes.Buffer
	require.NoError(t, app.RunDemo(ctx, a.Config, slog.New(slog.DiscardHandler), &out))
	require.NoError(t, app.RunDemo(ctx, a.Config, slog.New(slog.DiscardHandler), &out))
	require.Contains(t, out.String(), "owner@demo.steady.test")
	require.Contains(t, out.String(), app.DemoPassword)
	require.Equal(t, 1, a.CountAll(t, "practices"))
	require.Equal(t, len(app.DemoMembers), a.CountAll(t, "users"))
	require.Equal(t, len(app.DemoMembers), a.CountAll(t, "memberships"))
	require.Equal(t, len(app.DemoClients), a.CountAll(t, "clients"))
	require.Equal(t, len(app.DemoCouples), a.CountAll(t, "couples"))
	require.Equal(t, 4, a.CountAll(t, "assignments"), "the couple's logs and weekly check-ins, seeded once")
	require.GreaterOrEqual(t, a.CountAll(t, "scores"), 2*7, "eight weeks of check-ins for each partner, scored")
	require.Zero(t, a.CountAll(t, "risk_alerts"), "the demo's history raises no alert")
	require.GreaterOrEqual(t, a.CountAll(t, "responses"), 2*14-3-2, "two weeks of answers, a few days skipped")
	// The couple's eight weeks of check-ins show a trend on the couple's progress.
	clin := a.Browser(t)
	clin.PostJSON("/api/auth/login", map[string]string{"email": "clinician@demo.steady.test", "password": app.DemoPassword})
	var prog struct {
		Partners []struct {
			Name     string
			CheckIns []struct{ Total int } `json:"checkins"`
		}
	}
	apptest.Decode(t, clin.Do("GET", "/api/couples/"+app.DemoID("rivera").String()+"/progress", "", nil), &prog)
	require.Len(t, prog.Partners, 2)
	for _, p := range prog.Partners {
		require.GreaterOrEqual(t, len(p.CheckIns), 7, p.Name)
		require.Greater(t, p.CheckIns[len(p.CheckIns)-1].Total, p.CheckIns[0].Total, "%s trends up", p.Name)
	}

	// Last week's digest is ready for the couple's clinician, with their week's work in it.
	var digs struct{ Digests []struct{ ID string } }
	apptest.Decode(t, clin.Do("GET", "/api/digests", "", nil), &digs)
	require.Len(t, digs.Digests, 1, "one digest, however often the demo runs")
	var dig struct {
		Content struct {
			Caseload struct {
				Due, Done int
				Lines     []struct{ Kind string }
			}
		}
	}
	apptest.Decode(t, clin.Do("GET", "/api/digests/"+digs.Digests[0].ID, "", nil), &dig)
	require.Positive(t, dig.Content.Caseload.Done, "the couple's logs were done last week")
	require.GreaterOrEqual(t, dig.Content.Caseload.Due, dig.Content.Caseload.Done)
	require.Equal(t, "couple", dig.Content.Caseload.Lines[0].Kind)

	printed := out.String()
	token := printed[strings.LastIndex(printed, "/h/")+3:]
	token = token[:strings.IndexByte(token, '\n')]
	res := apptest.ClientBrowser(t, a, token).Do("GET", "/api/homework/me", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, "the printed homework link works")

	for _, m := range app.DemoMembers {
		b := a.Browser(t)
		res := b.PostJSON("/api/auth/login", map[string]string{"email": m.Email, "password": app.DemoPassword})
		require.Equal(t, http.StatusOK, res.StatusCode, m.Email)
		var me struct{ Role string }
		apptest.Decode(t, res, &me)
		require.Equal(t, string(m.Role), me.Role)
		var list struct{ Clients []struct{ Name string } }
		apptest.Decode(t, b.Do("GET", "/api/clients", "", nil), &list)
		want := map[string]int{"owner@demo.steady.test": 4, "admin@demo.steady.test": 4, "clinician@demo.steady.test": 3,
			"devon@demo.steady.test": 1}
		require.Len(t, list.Clients, want[m.Email], "%s sees their caseload", m.Email)
	}
}
