package clients_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/stretchr/testify/require"
)

// listPage is GET /api/clients's answer.
type listPage struct {
	Clients       []apptest.ClientOut
	Total         int
	Offset, Limit int
}

// TestClientListPagesWithAStoredCount: the roster comes a page at a time by name, its total is
// the whole list's (the owner's read from the stored count, which follows every add, archive,
// restore and erasure exactly), and a bad page is refused naming the field.
func TestClientListPagesWithAStoredCount(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "paged")
	admin, owner, clin := tm.Browsers[practice.RoleAdmin], tm.Browsers[practice.RoleOwner], tm.Browsers[practice.RoleClinician]
	ids := make([]string, 7)
	for i := range ids {
		var c apptest.ClientOut
		who := admin
		if i < 2 {
			who = clin // assigned to the clinician who adds them
		}
		apptest.Decode(t, who.Do("POST", "/api/clients", fmt.Sprintf(`{"name":"Paged %02d","time_zone":"UTC"}`, i), nil), &c)
		ids[i] = c.ID
	}
	get := func(b *apptest.Browser, query string) listPage {
		t.Helper()
		var p listPage
		apptest.Decode(t, b.Do("GET", "/api/clients"+query, "", nil), &p)
		return p
	}
	names := func(p listPage) []string {
		out := []string{}
		for _, c := range p.Clients {
			out = append(out, c.Name)
		}
		return out
	}
	// stored is the practice's stored counts beside a count of its rows, per status.
	stored := func() (active, archived int) {
		t.Helper()
		var counts struct{ Active, Archived, RowsActive, RowsArchived int }
		require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT
				coalesce((SELECT n FROM client_counts WHERE status = 'active'), 0) AS active,
				coalesce((SELECT n FROM client_counts WHERE status = 'archived'), 0) AS archived,
				(SELECT count(*) FROM clients WHERE status = 'active') AS rows_active,
				(SELECT count(*) FROM clients WHERE status = 'archived') AS rows_archived`).Scan(&counts).Error
		}))
		require.Equal(t, counts.RowsActive, counts.Active, "stored active count")
		require.Equal(t, counts.RowsArchived, counts.Archived, "stored archived count")
		return counts.Active, counts.Archived
	}

	p := get(owner, "?limit=3")
	require.Equal(t, []string{"Paged 00", "Paged 01", "Paged 02"}, names(p))
	require.Equal(t, 7, p.Total)
	require.Equal(t, 3, p.Limit)
	p = get(owner, "?limit=3&offset=6")
	require.Equal(t, []string{"Paged 06"}, names(p))
	require.Equal(t, 7, p.Total)
	require.Equal(t, 100, get(owner, "").Limit, "the default page")
	p = get(clin, "?limit=1")
	require.Equal(t, []string{"Paged 00"}, names(p))
	require.Equal(t, 2, p.Total, "a clinician's total is their own roster's")
	p = get(owner, "?q=paged+0&limit=2&offset=2")
	require.Equal(t, 7, p.Total, "a search's total counts its matches")

	require.Equal(t, http.StatusOK, admin.Do("POST", "/api/clients/"+ids[3]+"/archive", "", nil).StatusCode)
	require.Equal(t, http.StatusOK, admin.Do("POST", "/api/clients/"+ids[4]+"/archive", "", nil).StatusCode)
	require.Equal(t, http.StatusOK, admin.Do("POST", "/api/clients/"+ids[4]+"/archive", "", nil).StatusCode, "archived twice")
	require.Equal(t, http.StatusOK, admin.Do("POST", "/api/clients/"+ids[4]+"/restore", "", nil).StatusCode)
	require.Equal(t, http.StatusNoContent, owner.Do("DELETE", "/api/clients/"+ids[5], "", nil).StatusCode)
	active, archived := stored()
	require.Equal(t, 5, active)
	require.Equal(t, 1, archived)
	require.Equal(t, 5, get(owner, "").Total)
	require.Equal(t, []string{"Paged 03"}, names(get(owner, "?status=archived")))

	for query, field := range map[string]string{"?limit=0": "limit", "?limit=501": "limit", "?offset=-1": "offset",
		"?offset=x": "offset", "?clinician_id=nope": "clinician_id", "?status=gone": "status"} {
		res := owner.Do("GET", "/api/clients"+query, "", nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, query)
		require.Contains(t, apptest.ReadError(t, res).Error.Fields, field, query)
	}
}
