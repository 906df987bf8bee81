package app

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDemoIsIdempotentAndItsLoginsWork(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	ctx := context.Background()
	var out bytes.Buffer
	require.NoError(t, runDemo(ctx, a.Config, slog.New(slog.DiscardHandler), &out))
	require.NoError(t, runDemo(ctx, a.Config, slog.New(slog.DiscardHandler), &out))
	require.Contains(t, out.String(), "owner@demo.steady.test")
	require.Contains(t, out.String(), DemoPassword)
	require.Equal(t, 1, a.countAll(t, "practices"))
	require.Equal(t, len(DemoMembers), a.countAll(t, "users"))
	require.Equal(t, len(DemoMembers), a.countAll(t, "memberships"))
	require.Equal(t, len(DemoClients), a.countAll(t, "clients"))
	require.Equal(t, len(DemoCouples), a.countAll(t, "couples"))
	require.Equal(t, 4, a.countAll(t, "assignments"), "the couple's logs and weekly check-ins, seeded once")
	require.GreaterOrEqual(t, a.countAll(t, "scores"), 2*7, "eight weeks of check-ins for each partner, scored")
	require.Zero(t, a.countAll(t, "risk_alerts"), "the demo's history raises no alert")
	require.GreaterOrEqual(t, a.countAll(t, "responses"), 2*14-3-2, "two weeks of answers, a few days skipped")
	// The couple's eight weeks of check-ins show a trend on the couple's progress.
	clin := a.browser(t)
	clin.postJSON("/api/auth/login", map[string]string{"email": "clinician@demo.steady.test", "password": DemoPassword})
	var prog struct {
		Partners []struct {
			Name     string
			CheckIns []struct{ Total int } `json:"checkins"`
		}
	}
	decode(t, clin.do("GET", "/api/couples/"+demoID("rivera").String()+"/progress", "", nil), &prog)
	require.Len(t, prog.Partners, 2)
	for _, p := range prog.Partners {
		require.GreaterOrEqual(t, len(p.CheckIns), 7, p.Name)
		require.Greater(t, p.CheckIns[len(p.CheckIns)-1].Total, p.CheckIns[0].Total, "%s trends up", p.Name)
	}

	printed := out.String()
	token := printed[strings.LastIndex(printed, "/h/")+3:]
	token = token[:strings.IndexByte(token, '\n')]
	res := clientBrowser(t, a, token).do("GET", "/api/homework/me", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, "the printed homework link works")

	for _, m := range DemoMembers {
		b := a.browser(t)
		res := b.postJSON("/api/auth/login", map[string]string{"email": m.Email, "password": DemoPassword})
		require.Equal(t, http.StatusOK, res.StatusCode, m.Email)
		var me struct{ Role string }
		decode(t, res, &me)
		require.Equal(t, string(m.Role), me.Role)
		var list struct{ Clients []struct{ Name string } }
		decode(t, b.do("GET", "/api/clients", "", nil), &list)
		want := map[string]int{"owner@demo.steady.test": 4, "admin@demo.steady.test": 4, "clinician@demo.steady.test": 3,
			"devon@demo.steady.test": 1}
		require.Len(t, list.Clients, want[m.Email], "%s sees their caseload", m.Email)
	}
}
