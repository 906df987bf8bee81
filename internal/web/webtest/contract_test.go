package webtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/web"
)

const (
	uuid     = "0190b3a4-7c1e-7a2b-9c3d-4e5f60718293"
	jsonType = "application/json"
)

// The checker must be able to fail: each wrong answer below is refused, each right one passes.
func TestContractCheck(t *testing.T) {
	t.Parallel()
	c, err := NewContract()
	require.NoError(t, err)
	me := func(userID string) string {
		return fmt.Sprintf(`{"user":{"id":%q,"email":"a@b.c","name":"A"},"practice":{"id":%q,"name":"P"},
			"role":"owner","two_factor_enabled":false,"two_factor_required":false}`, userID, uuid)
	}
	// A schema holding a $ref is checked by kin-openapi's own validator, not the JSON Schema one.
	delivery := fmt.Sprintf(`{"deliveries":[{"id":%q,"assignment_id":%q,"assignment_title":"T","occurrence_date":"2026-01-02",
		"kind":"reminder","channel":"email","status":"pending","reason":"","created_at":"2026-01-02T03:04:05.123Z","sent_at":null}]}`, uuid, uuid)
	deliveries := "/api/clients/" + uuid + "/reminders"
	task := fmt.Sprintf(`{"assignment_id":%q,"date":"2026-01-02","step":1,"title":"T","summary":"S","minutes":5,
		"status":"due","due_at":"2026-01-02T03:04:05Z","why":"W","fields":[],"answered":false}`, uuid)
	taskPath := "/api/homework/tasks/" + uuid + "/2026-01-02"
	choices := `{"preferred_at":null,"paused_until":null,"off":false,"email_unsubscribed":false}`
	cases := []struct {
		name, method, path, reqBody string
		status                      int
		ct, body, wantErr           string // wantErr "" means the answer is right
	}{
		{"right", "GET", "/api/auth/csrf", "", 200, jsonType, `{"csrf_token":"x"}`, ""},
		{"charset parameter", "GET", "/api/auth/csrf", "", 200, jsonType + "; charset=UTF-8", `{"csrf_token":"x"}`, ""},
		{"missing required", "GET", "/api/auth/csrf", "", 200, jsonType, `{}`, "csrf_token"},
		{"wrong type", "GET", "/api/auth/csrf", "", 200, jsonType, `{"csrf_token":5}`, "csrf_token"},
		{"not JSON", "GET", "/api/auth/csrf", "", 200, jsonType, `{"csrf_token":`, "decode"},
		{"undeclared status", "GET", "/api/auth/csrf", "", 418, jsonType, `{}`, "418 is not declared"},
		{"undeclared content type", "GET", "/api/auth/csrf", "", 200, "text/plain", `x`, `"text/plain" is not declared`},
		{"uuid format", "GET", "/api/auth/me", "", 200, jsonType, me("42"), "uuid"},
		{"uuid right", "GET", "/api/auth/me", "", 200, jsonType, me(uuid), ""},
		{"enum", "GET", "/api/auth/me", "", 200, jsonType, strings.Replace(me(uuid), "owner", "boss", 1), "role"},
		{"nullable", "GET", "/api/homework/reminders", "", 200, jsonType, choices, ""},
		{"nullable but wrong type", "GET", "/api/homework/reminders", "", 200, jsonType,
			strings.Replace(choices, `"preferred_at":null`, `"preferred_at":7`, 1), "preferred_at"},
		{"date format", "GET", "/api/homework/reminders", "", 200, jsonType,
			strings.Replace(choices, `"paused_until":null`, `"paused_until":"tomorrow"`, 1), "paused_until"},
		{"additionalProperties false", "GET", "/api/homework/reminders", "", 200, jsonType,
			strings.Replace(choices, `"off"`, `"extra":1,"off"`, 1), "extra"},
		{"nullable in a referenced schema", "GET", deliveries, "", 200, jsonType, delivery, ""},
		{"nullable in a referenced schema, wrong type", "GET", deliveries, "", 200, jsonType,
			strings.Replace(delivery, `"sent_at":null`, `"sent_at":5`, 1), "sent_at"},
		{"date-time format", "GET", deliveries, "", 200, jsonType,
			strings.Replace(delivery, `"sent_at":null`, `"sent_at":"2026-01-02 03:04"`, 1), "sent_at"},
		{"enum in a referenced schema", "GET", deliveries, "", 200, jsonType,
			strings.Replace(delivery, `"pending"`, `"queued"`, 1), "status"},
		{"closed object", "GET", "/api/auth/me", "", 200, jsonType, strings.Replace(me(uuid), `"role"`, `"secret":1,"role"`, 1), "secret"},
		{"composed schema", "GET", taskPath, "", 200, jsonType, task, ""},
		{"composed schema, extra property", "GET", taskPath, "", 200, jsonType, strings.Replace(task, `"why"`, `"secret":1,"why"`, 1), "secret"},
		{"composed schema, missing property", "GET", taskPath, "", 200, jsonType, strings.Replace(task, `"title":"T",`, ``, 1), "title"},
		{"not nullable", "GET", "/api/auth/csrf", "", 200, jsonType, `{"csrf_token":null}`, "csrf_token"},
		{"error shape", "GET", "/api/auth/me", "", 401, jsonType, `{"error":{"code":"x"}}`, "message"},
		{"csv", "GET", "/api/clients/" + uuid + "/export", "", 200, "text/csv; charset=utf-8", "a,b\n", ""},
		{"csv as json", "GET", "/api/clients/" + uuid + "/export", "", 200, jsonType, "{}", "is not declared"},
		{"body where none is declared", "POST", "/api/auth/logout", "", 204, jsonType, `{}`, "declares none"},
		{"unknown api path", "GET", "/api/nope", "", 404, jsonType, `{"error":{"code":"not_found","message":"No."}}`, ""},
		{"unknown api path as html", "GET", "/api/nope", "", 404, "text/html", `<p>`, "must be JSON"},
		{"web app", "GET", "/app/clients", "", 200, "text/html; charset=utf-8", `<html>`, ""},
		{"web app as json", "GET", "/app/clients", "", 200, jsonType, `{}`, "text/html"},
		{"accepted request the document refuses", "PUT", "/api/homework/reminders", `{"off":"yes"}`, 200, jsonType, choices, "accepted a request"},
		{"refused request is not checked", "PUT", "/api/homework/reminders", `{"off":"yes"}`, 400, jsonType,
			`{"error":{"code":"wrong_type","message":"No."}}`, ""},
	}
	for _, tc := range cases {
		req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.reqBody))
		if tc.reqBody != "" {
			req.Header.Set("Content-Type", jsonType)
		}
		header := http.Header{"Content-Type": {tc.ct}}
		err := c.Check(req, tc.status, header, []byte(tc.body))
		if tc.wantErr == "" {
			require.NoError(t, err, tc.name)
		} else {
			require.ErrorContains(t, err, tc.wantErr, tc.name)
		}
	}
}

// The handler reports a wrong answer while still passing it on unchanged.
func TestContractHandlerReports(t *testing.T) {
	t.Parallel()
	c, err := NewContract()
	require.NoError(t, err)
	var reports []string
	wrong := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", jsonType)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"token":"x"}`))
	})
	h := c.Handler(wrong, func(format string, args ...any) { reports = append(reports, fmt.Sprintf(format, args...)) })
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/auth/csrf", nil))
	require.Equal(t, `{"token":"x"}`, rec.Body.String())
	require.Len(t, reports, 1)
	require.Contains(t, reports[0], "GET /api/auth/csrf answered 200")
	require.Contains(t, reports[0], "csrf_token")

	rec = httptest.NewRecorder()
	c.Handler(wrong, nil).ServeHTTP(rec, httptest.NewRequest("GET", "/api/auth/csrf", nil))
	require.Contains(t, rec.Header().Get(ViolationHeader), "GET /api/auth/csrf answered 200", "without report, the answer carries it")
}

// Every object the document describes is closed, so a field the server sends without
// declaring it fails the contract check instead of slipping past the generated types. A schema
// may stay open only as a building block of one that is closed as a whole.
func TestEveryObjectSchemaIsClosed(t *testing.T) {
	t.Parallel()
	loaded, err := web.LoadOpenAPI()
	require.NoError(t, err)
	raw, err := json.Marshal(loaded)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(raw, &doc))
	open := map[string]bool{"#/components/schemas/TaskFields": true} // closed by Task and TaskDetail
	var walk func(path string, node any, parentClosed bool)
	walk = func(path string, node any, parentClosed bool) {
		switch n := node.(type) {
		case map[string]any:
			closed := n["additionalProperties"] == false || n["unevaluatedProperties"] == false
			if _, ok := n["properties"]; ok && !closed && !parentClosed && !open[path] {
				t.Errorf("%s lists properties but is not closed (additionalProperties: false)", path)
			}
			for k, v := range n {
				walk(path+"/"+k, v, k == "allOf" && closed)
			}
		case []any:
			for i, v := range n {
				walk(fmt.Sprintf("%s/%d", path, i), v, parentClosed)
			}
		}
	}
	walk("#", doc, false)
}

// The checks every request passes before its handler (internal/web/input.go, csrf.go, the
// body limit) can answer on any route, so every operation declares what they send.
func TestEveryOperationDeclaresTheEdgeAnswers(t *testing.T) {
	t.Parallel()
	doc, err := web.LoadOpenAPI()
	require.NoError(t, err)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			want := []int{http.StatusBadRequest} // a NUL or invalid UTF-8 in the path or query
			if strings.HasPrefix(path, "/api/") && method != http.MethodGet {
				// CSRF, and a body that is not JSON or too large
				want = append(want, http.StatusForbidden, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
			}
			if op.RequestBody != nil {
				want = append(want, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
			}
			for _, status := range want {
				if op.Responses.Status(status) == nil {
					t.Errorf("%s %s does not declare %d", method, path, status)
				}
			}
		}
	}
}
