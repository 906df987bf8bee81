package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// fuzzBody has a field of every kind the API's request bodies use.
type fuzzBody struct {
	Name     string                     `json:"name"`
	Note     *string                    `json:"note"`
	Flag     *bool                      `json:"flag"`
	Count    int                        `json:"count"`
	Tags     []string                   `json:"tags"`
	Nested   *struct{ Text string }     `json:"nested"`
	Answers  map[string]json.RawMessage `json:"answers"`
	Partners []struct {
		ClientID string `json:"client_id"`
	} `json:"partners"`
}

// FuzzBind drives the edge and the binder with any bytes and content type: the answer is
// never a 5xx, and whatever reaches a handler holds only storable text.
func FuzzBind(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Robin","note":"fine","flag":true,"count":3,"tags":["a"],"nested":{"Text":"x"},"answers":{"a":"b"},"partners":[{"client_id":"c"}]}`,
		`{"name":"a\u0000b"}`, "{\"name\":\"\xc0\xaf\"}", `{"answers":{"k\u0000":1}}`, `[]`, `{"count":"3"}`,
		`{"extra":1}`, `{} {}`, `{"name":"\ud800"}`, ``, `null`,
	} {
		f.Add([]byte(seed), uint8(0))
	}
	f.Add([]byte(`{"name":"x"}`), uint8(1))
	s := NewServer(Options{})
	var got fuzzBody
	s.API.POST("/bind", func(c echo.Context) error {
		got = fuzzBody{}
		if err := Bind(c, &got); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	types := []string{"application/json", "", "text/plain", "application/json; charset=utf-8", "application/jsonx"}
	f.Fuzz(func(t *testing.T, body []byte, ct uint8) {
		req := httptest.NewRequest(http.MethodPost, "/api/bind", strings.NewReader(string(body)))
		if v := types[int(ct)%len(types)]; v != "" {
			req.Header.Set("Content-Type", v)
		}
		req.AddCookie(&http.Cookie{Name: csrfCookie, Value: strings.Repeat("t", 43)})
		req.Header.Set(csrfHeader, strings.Repeat("t", 43))
		rec := httptest.NewRecorder()
		s.Echo.ServeHTTP(rec, req)
		if rec.Code >= 500 || rec.Code < 200 {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		if rec.Code >= 400 {
			var e errorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("status %d without an error body: %s", rec.Code, rec.Body)
			}
			return
		}
		if !utf8.Valid(body) {
			t.Fatalf("invalid UTF-8 reached a handler: %q", body)
		}
		raw, _ := json.Marshal(got)
		var v any
		if err := json.Unmarshal(raw, &v); err != nil || hasNUL(v) {
			t.Fatalf("a NUL reached a handler from %q", body)
		}
	})
}

// FuzzFirstBadString checks the scanner against the decoder: when it passes a body that
// decodes, no decoded string holds a NUL, and it never panics on any bytes.
func FuzzFirstBadString(f *testing.F) {
	for _, seed := range []string{`{"a":["b",{"c":"d\u0000"}]}`, `{"k\u0000":1}`, "\"\xff\"", `[1,2,{"x":[[]]}]`, `{"a":`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		field, ok := firstBadString(raw)
		var v any
		if json.Unmarshal(raw, &v) != nil {
			return
		}
		if ok && hasNUL(v) {
			t.Fatalf("passed %q, which decodes with a NUL", raw)
		}
		if !ok && !hasNUL(v) && utf8.Valid(raw) {
			t.Fatalf("refused %q at %q, which holds clean text", raw, field)
		}
	})
}

// FuzzExactKeys checks the byte walk against the decoded value: a body that decodes into
// fuzzBody is refused exactly when one of its objects that decode into a struct has a key that
// is not the struct's JSON name as written.
func FuzzExactKeys(f *testing.F) {
	for _, seed := range []string{`{"name":"a","nested":{"Text":"x"},"partners":[{"client_id":"c"},{"Client_id":"d"}]}`,
		`{"nAme":"a"}`, `{"answers":{"NAME":1},"tags":["{\"x\":1}"]}`, `{"n\u0061me":"a"}`, `{"partners":[{},{"text":1}]}`,
		` { "nested" : { "text" : "x" } } `} {
		f.Add([]byte(seed))
	}
	t := reflect.TypeOf(fuzzBody{})
	f.Fuzz(func(tt *testing.T, raw []byte) {
		var body fuzzBody
		var v any
		if json.Unmarshal(raw, &body) != nil || json.Unmarshal(raw, &v) != nil {
			return
		}
		got, want := exactKeys(raw, t, "") == nil, keysExact(v, t)
		if got != want {
			tt.Fatalf("%q: the walk passes it %v, the decoded value %v", raw, got, want)
		}
	})
}

// keysExact is exactKeys on a decoded value.
func keysExact(v any, t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch x := v.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return true
		}
		for k, e := range x {
			ft, ok := shapeOf(t).fields[k]
			if !ok || !keysExact(e, ft) {
				return false
			}
		}
	case []any:
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return true
		}
		for _, e := range x {
			if !keysExact(e, t.Elem()) {
				return false
			}
		}
	}
	return true
}

func hasNUL(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.IndexByte(x, 0) >= 0
	case []any:
		for _, e := range x {
			if hasNUL(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range x {
			if strings.IndexByte(k, 0) >= 0 || hasNUL(e) {
				return true
			}
		}
	}
	return false
}
