package app_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/practice"
)

// Every answer in these tests is checked against the OpenAPI document by the harness (see
// apptest.New). This test reaches the client routes no other test answers with success, so
// that their success bodies are checked too.
func TestClientRoutesAnswerAsDocumented(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	tm := apptest.SeedTeam(t, a, "contract")
	client, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	as := apptest.AssignDaily(t, a, clin, client)
	home := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, clin, client))

	res := home.Do("GET", "/api/homework/tasks/"+as.ID.String()+"/"+a.Today().String(), "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, apptest.ReadBody(t, res))
	res = home.Do("GET", "/api/homework/tasks/"+as.ID.String()+"/"+a.Today().AddDays(-30).String(), "", nil)
	require.Equal(t, http.StatusConflict, res.StatusCode, "a day before the assignment began")
	require.Equal(t, "occurrence_not_open", apptest.ReadError(t, res).Error.Code)

	res = home.PostJSON("/api/homework/journal", map[string]any{"body": "A calmer day.", "idempotency_key": uuid.New()})
	require.Equal(t, http.StatusCreated, res.StatusCode, apptest.ReadBody(t, res))

	res = home.Do("POST", "/api/homework/logout", "", nil)
	require.Equal(t, http.StatusNoContent, res.StatusCode)
	res = home.Do("GET", "/api/homework/me", "", nil)
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
}
