package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/stretchr/testify/require"
)

// Every kind of bad sign-up gets a 4xx that names the problem, and writes nothing.
func TestBadSignupInputIsRefusedAndWritesNothing(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	b, _ := a.SignedUp(t, "taken@example.com")
	valid := `"practice_name":"Harbour","name":"Ada","email":"new@example.com","password":"long enough password"`
	cases := []struct {
		name, body  string
		contentType string
		status      int
		code, field string
	}{
		{"malformed JSON", `{"practice_name": "Harbour",`, "", 400, "malformed_json", ""},
		{"not an object", `[1,2,3]`, "", 400, "malformed_json", ""},
		{"two objects", `{` + valid + `}{}`, "", 400, "malformed_json", ""},
		{"empty body", ``, "", 400, "empty_body", ""},
		{"wrong type", `{"practice_name":"Harbour","name":"Ada","email":42,"password":"long enough password"}`, "", 400, "wrong_type", "email"},
		{"unknown field", `{` + valid + `,"role":"admin"}`, "", 400, "unknown_field", "role"},
		{"missing field", `{"practice_name":"Harbour","name":"Ada","password":"long enough password"}`, "", 422, "validation_failed", "email"},
		{"null field", `{"practice_name":null,"name":"Ada","email":"n@example.com","password":"long enough password"}`, "", 422, "validation_failed", "practice_name"},
		{"bad email", `{"practice_name":"Harbour","name":"Ada","email":"not-an-email","password":"long enough password"}`, "", 422, "validation_failed", "email"},
		{"short password", `{"practice_name":"Harbour","name":"Ada","email":"n@example.com","password":"short"}`, "", 422, "validation_failed", "password"},
		{"common password", `{"practice_name":"Harbour","name":"Ada","email":"n@example.com","password":"password1234"}`, "", 422, "validation_failed", "password"},
		{"guessable password", `{"practice_name":"Harbour","name":"Ada","email":"n@example.com","password":"aaaaaaaaaaaa"}`, "", 422, "validation_failed", "password"},
		{"markup in name", `{"practice_name":"Harbour","name":"<script>alert(1)</script>","email":"n@example.com","password":"long enough password"}`, "", 422, "validation_failed", "name"},
		{"SQL in practice name", `{"practice_name":"x'); DROP TABLE practices; --","name":"Ada","email":"n@example.com","password":"long enough password"}`, "", 422, "validation_failed", "practice_name"},
		{"overlong name", `{"practice_name":"Harbour","name":"` + strings.Repeat("a", 121) + `","email":"n@example.com","password":"long enough password"}`, "", 422, "validation_failed", "name"},
		{"wrong content type", `practice_name=Harbour`, "application/x-www-form-urlencoded", 415, "unsupported_media_type", ""},
		{"oversized body", `{"practice_name":"` + strings.Repeat("a", 2<<20) + `"}`, "", 413, "body_too_large", ""},
	}
	for _, tc := range cases {
		headers := map[string]string{}
		if tc.contentType != "" {
			headers["Content-Type"] = tc.contentType
		}
		res := b.Do("POST", "/api/auth/signup", tc.body, headers)
		require.Equal(t, tc.status, res.StatusCode, tc.name)
		e := apptest.ReadError(t, res)
		require.Equal(t, tc.code, e.Error.Code, tc.name)
		if tc.field != "" {
			require.Contains(t, e.Error.Fields, tc.field, tc.name)
			require.NotEmpty(t, e.Error.Fields[tc.field], tc.name)
		}
	}
	for _, table := range []string{"practices", "users", "memberships"} {
		require.Equal(t, 1, a.CountAll(t, table), "%s: only the first, valid sign-up is stored", table)
	}
	var sessions, jobs, pending int
	require.NoError(t, a.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM sessions`).Scan(&sessions))
	require.NoError(t, a.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM river_job`).Scan(&jobs))
	require.NoError(t, a.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM pending_signups`).Scan(&pending))
	require.Equal(t, 1, sessions)
	require.Equal(t, 2, jobs, "the first sign-up's email and welcome email")
	require.Equal(t, 1, pending)

	// An address that has an account gets the answer a new one gets: sign-up tells no one
	// who has an account (the email to the address does).
	taken := b.Do("POST", "/api/auth/signup", `{"practice_name":"Harbour","name":"Ada","email":"TAKEN@example.com","password":"long enough password"}`, nil)
	fresh := b.Do("POST", "/api/auth/signup", `{`+valid+`}`, nil)
	require.Equal(t, http.StatusAccepted, taken.StatusCode)
	require.Equal(t, fresh.StatusCode, taken.StatusCode)
	require.Equal(t, apptest.ReadBody(t, fresh), apptest.ReadBody(t, taken))
	require.Equal(t, 1, a.CountAll(t, "users"), "nothing is made before the address is proven")
}

// Names with apostrophes and SQL-looking words that pass validation are stored verbatim:
// queries are parameterised, so they are data, never code.
func TestNamesAreStoredVerbatim(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	b := a.Browser(t)
	body := map[string]string{"practice_name": "O'Brien & Sons -- select (1)", "name": "Zoë O’Neil-Smith",
		"email": "obrien@example.com", "password": "long enough password"}
	res := a.SignUp(t, b, body)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var me struct {
		User     struct{ Name string }
		Practice struct{ Name string }
	}
	apptest.Decode(t, res, &me)
	require.Equal(t, body["practice_name"], me.Practice.Name)
	require.Equal(t, body["name"], me.User.Name)
}
