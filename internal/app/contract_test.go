package app

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/practice"
)

// Every answer in these tests is checked against the OpenAPI document by the harness (see
// newTestApp). This test reaches the client routes no other test answers with success, so
// that their success bodies are checked too.
func TestClientRoutesAnswerAsDocumented(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "contract")
	client, _ := tm.fixture(t, a)
	clin := tm.caller(practice.RoleClinician)
	as := assignDaily(t, a, clin, client)
	home := clientBrowser(t, a, linkFor(t, a, clin, client))

	res := home.do("GET", "/api/homework/tasks/"+as.ID.String()+"/"+a.today().String(), "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, readBody(t, res))
	res = home.do("GET", "/api/homework/tasks/"+as.ID.String()+"/"+a.today().AddDays(-30).String(), "", nil)
	require.Equal(t, http.StatusConflict, res.StatusCode, "a day before the assignment began")
	require.Equal(t, "occurrence_not_open", readError(t, res).Error.Code)

	res = home.postJSON("/api/homework/journal", map[string]any{"body": "A calmer day.", "idempotency_key": uuid.New()})
	require.Equal(t, http.StatusCreated, res.StatusCode, readBody(t, res))

	res = home.do("POST", "/api/homework/logout", "", nil)
	require.Equal(t, http.StatusNoContent, res.StatusCode)
	res = home.do("GET", "/api/homework/me", "", nil)
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
}
