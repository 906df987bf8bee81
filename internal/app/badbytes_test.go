package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/practice"
)

// Every route at once: a NUL in a JSON string or a query parameter is a 400 naming it, and a
// body not declared as JSON is a 415, whoever asks and whatever the route does.
func TestEveryRouteRefusesUnstorableText(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	b := a.Browser(t)
	id := uuid.NewString()
	n := 0
	for _, r := range a.Server.Echo.Routes() {
		if !strings.HasPrefix(r.Path, "/api/") || r.Method == "RouteNotFound" || strings.Contains(r.Path, "*") {
			continue
		}
		path := routePath(r.Path, id)
		if r.Method == http.MethodGet {
			res := b.Do("GET", path+"?q=a%00b", "", nil)
			require.Equal(t, http.StatusBadRequest, res.StatusCode, "GET %s", r.Path)
			require.Contains(t, apptest.ReadError(t, res).Error.Fields, "q", "GET %s", r.Path)
			n++
			continue
		}
		res := b.Do(r.Method, path, `{"note":"a\u0000b"}`, nil)
		require.Equal(t, http.StatusBadRequest, res.StatusCode, "%s %s", r.Method, r.Path)
		require.Contains(t, apptest.ReadError(t, res).Error.Fields, "note", "%s %s", r.Method, r.Path)
		res = b.Do(r.Method, path, `{"note":"fine"}`, map[string]string{"Content-Type": "text/plain"})
		require.Equal(t, http.StatusUnsupportedMediaType, res.StatusCode, "%s %s", r.Method, r.Path)
		res = b.Do(r.Method, path, `{"note":"fine"}`, map[string]string{"Content-Type": ""})
		require.Equal(t, http.StatusUnsupportedMediaType, res.StatusCode, "%s %s", r.Method, r.Path)
		n++
	}
	require.Greater(t, n, 80, "every API route was tried")
}

func routePath(p, id string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = id
		}
	}
	return strings.Join(parts, "/")
}

// The routes where such bytes once reached PostgreSQL and came back as 500 now answer 400
// naming the field or parameter, and write nothing.
func TestUnstorableTextOnceA500(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	tm := apptest.SeedTeam(t, a, "bytes")
	client, couple := tm.Fixture(t, a)
	owner := tm.Browsers[practice.RoleOwner]
	clin := tm.Caller(practice.RoleClinician)
	alert := apptest.RiskAlertFor(t, a, clin, client)
	home := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, clin, client))
	refused := func(res *http.Response, field string) {
		t.Helper()
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
		e := apptest.ReadError(t, res)
		require.Equal(t, "invalid_text", e.Error.Code)
		require.Contains(t, e.Error.Fields, field)
	}
	nul := func(v map[string]any) string { raw, _ := json.Marshal(v); return string(raw) }
	before := map[string]int{}
	tables := []string{"journal_entries", "safety_screens", "audit_events", "risk_alerts", "sessions"}
	for _, tbl := range tables {
		before[tbl] = a.CountAll(t, tbl)
	}

	refused(a.Browser(t).Do("POST", "/api/auth/login", nul(map[string]any{"email": "a\x00b@example.com",
		"password": "long enough password"}), nil), "email")
	refused(home.Do("POST", "/api/homework/journal", nul(map[string]any{"body": "dear diary\x00",
		"idempotency_key": uuid.New()}), nil), "body")
	refused(tm.Browsers[practice.RoleClinician].Do("POST", "/api/couples/"+couple.String()+"/safety-screens",
		nul(map[string]any{"violence_or_fear": false, "coercive_control": false, "active_addiction": false,
			"ongoing_contact": false, "decision": "hold", "note": "\x00"}), nil), "note")
	for _, move := range []string{"acknowledge", "resolve"} {
		refused(owner.Do("POST", "/api/alerts/"+alert.String()+"/"+move, `{"note":"seen \u0000"}`, nil), "note")
	}
	refused(owner.Do("GET", "/api/clients?q=%00", "", nil), "q")
	refused(owner.Do("GET", "/api/audit?action=%C0%AF", "", nil), "action")
	refused(owner.Do("GET", "/api/audit/export?action=%00", "", nil), "action")
	for _, tbl := range tables {
		require.Equal(t, before[tbl], a.CountAll(t, tbl), "nothing written to %s", tbl)
	}

	// A browser whose User-Agent holds bad bytes still signs in; the stored agent is mended.
	res := a.Browser(t).Do("POST", "/api/auth/login", `{"email":"owner@bytes.example.com","password":"long enough password"}`,
		map[string]string{"User-Agent": "Odd\xc0Agent/1.0"})
	require.Equal(t, http.StatusOK, res.StatusCode)
}
