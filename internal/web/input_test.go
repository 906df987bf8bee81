package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"
)

func TestFirstBadStringNamesTheField(t *testing.T) {
	for _, tc := range []struct {
		body  string
		field string
		ok    bool
	}{
		{`{"note":"fine","n":3,"tags":["a","b"],"x":null,"y":true}`, "", true},
		{`{"note":"a\u0000b"}`, "note", false},
		{`{"a":{"b":[{"c":"ok"},{"c":"x\u0000"}]}}`, "a.b.1.c", false},
		{`{"list":["ok","ok",["deep","\u0000"]]}`, "list.2.1", false},
		{`{"after":{"x":1},"note":"\u0000"}`, "note", false},
		{"{\"note\":\"caf\xc3\"}", "note", false},          // a cut-off character
		{"{\"note\":\"\xc0\xaf\"}", "note", false},         // an overlong encoding
		{`{"bad\u0000key":"v"}`, "badkey", false},          // a key is named without its NUL
		{`{"outer":{"k\u0000":1}}`, "outer.k", false},      // a nested key
		{`"\u0000"`, "", false},                            // a bare string: no field to name
		{`{"note":"\u00e9\u4e2d \ud83d\ude00"}`, "", true}, // escapes of real characters are text
		{`{"note": "unterminated`, "", true},               // malformed JSON is Bind's to name
		{`{"note":"a\\u0000b"}`, "", true},                 // a backslash, then the text u0000
	} {
		field, ok := firstBadString([]byte(tc.body))
		require.Equal(t, tc.ok, ok, tc.body)
		require.Equal(t, tc.field, field, tc.body)
	}
}

// The edge refuses unstorable text in the path, the query and JSON bodies before any handler
// runs, and a body that is not declared as JSON.
func TestEdgeRefusesUnstorableText(t *testing.T) {
	s := NewServer(Options{})
	reached := 0
	h := func(c echo.Context) error { reached++; return c.NoContent(http.StatusNoContent) }
	s.Echo.GET("/open/:token", h)
	s.API.GET("/things", h)
	s.API.POST("/things", h)
	send := func(method, target, body, contentType, ua string) (int, string) {
		req := httptest.NewRequest(method, target, strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("User-Agent", ua)
		if method == http.MethodPost {
			req.AddCookie(&http.Cookie{Name: csrfCookie, Value: strings.Repeat("t", 43)})
			req.Header.Set(csrfHeader, strings.Repeat("t", 43))
		}
		rec := httptest.NewRecorder()
		s.Echo.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	for _, tc := range []struct {
		method, target, body, contentType string
		status                            int
		mention                           string
	}{
		{"GET", "/api/things?q=ok", "", "", 204, ""},
		{"GET", "/api/things?q=%00", "", "", 400, `"q"`},
		{"GET", "/api/things?action=%C0%AF", "", "", 400, `"action"`},
		{"GET", "/api/things?%FF=1", "", "", 400, `"query"`},
		{"GET", "/api/things?q=%ZZ", "", "", 400, "malformed_query"},
		{"GET", "/open/ab%00cd", "", "", 400, `"path"`},
		{"POST", "/api/things", `{"note":"ok"}`, "application/json; charset=utf-8", 204, ""},
		{"POST", "/api/things", `{"note":"a\u0000"}`, "application/json", 400, `"note"`},
		{"POST", "/api/things", "{\"note\":\"\xff\"}", "application/json", 400, `"note"`},
		{"POST", "/api/things", `{"note":"ok"}`, "", 415, "unsupported_media_type"},
		{"POST", "/api/things", `{"note":"ok"}`, "text/plain", 415, "unsupported_media_type"},
		{"POST", "/api/things", "", "", 204, ""},
	} {
		before := reached
		status, body := send(tc.method, tc.target, tc.body, tc.contentType, "test")
		require.Equal(t, tc.status, status, "%s %s %q: %s", tc.method, tc.target, tc.body, body)
		require.Contains(t, body, tc.mention)
		require.Equal(t, tc.status < 400, reached > before, "the handler runs only for clean input")
	}
	// A User-Agent with bad bytes is mended, not refused.
	status, _ := send("GET", "/api/things", "", "", "Agent\xc0/1")
	require.Equal(t, 204, status)
}
