// Package webtest checks, in tests, that what the server sends is what the OpenAPI document
// says it sends. The frontend's TypeScript types are generated from that document, so a
// response that disagrees with it is a bug the type checker can no longer catch.
package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"path"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/steadyhq/steady/internal/web"
)

// Contract validates responses (and the requests the server accepted) against the document.
type Contract struct {
	doc    *openapi3.T
	router routers.Router
	opts   []openapi3.SchemaValidationOption
}

// NewContract loads the embedded OpenAPI document.
func NewContract() (*Contract, error) {
	doc, err := web.LoadOpenAPI()
	if err != nil {
		return nil, err
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	// kin-openapi checks only date, date-time and byte by itself; the document also relies on
	// uuid and email.
	formats := openapi3.WithStringFormatValidators(map[string]openapi3.StringFormatValidator{
		"uuid":      openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562),
		"email":     openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail),
		"date":      openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringDate),
		"date-time": openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringDateTime),
	})
	return &Contract{doc: doc, router: router, opts: []openapi3.SchemaValidationOption{formats}}, nil
}

// ViolationHeader carries a failure back to the client when Handler has no report function.
const ViolationHeader = "X-Contract-Violation"

// Handler serves next and checks every answer before it is sent, so a failure is reported
// while the test that made the request is still running. report is typically t.Errorf; with a
// nil report (a fuzz target's f may not report) the failure goes back in ViolationHeader for
// the client to report on its own t.
func (c *Contract) Handler(next http.Handler, report func(format string, args ...any)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqBody, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		seen := r.Clone(r.Context()) // the handler may change r; validate what the client sent
		seen.Body = io.NopCloser(bytes.NewReader(reqBody))
		r.Body = io.NopCloser(bytes.NewReader(reqBody))

		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		res := rec.Result()
		body := rec.Body.Bytes()
		if err := c.Check(seen, res.StatusCode, res.Header, body); err != nil {
			msg := fmt.Sprintf("contract: %s %s answered %d: %v", r.Method, r.URL.RequestURI(), res.StatusCode, err)
			if report != nil {
				report("%s", msg)
			} else {
				res.Header.Set(ViolationHeader, strings.Join(strings.Fields(msg), " "))
			}
		}

		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		_, _ = w.Write(body)
	})
}

// Check says what is wrong with one answer to req, or returns nil.
func (c *Contract) Check(req *http.Request, status int, header http.Header, body []byte) error {
	if req.Method == http.MethodHead || req.Method == http.MethodOptions {
		return nil // answered by Echo and the static files, not by an operation
	}
	ctx := context.Background()
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return c.checkUndocumented(req, status, header, body)
	}
	res := route.Operation.Responses.Status(status)
	if res == nil {
		res = route.Operation.Responses.Default()
	}
	if res == nil {
		return fmt.Errorf("status %d is not declared for %s %s", status, route.Method, route.Path)
	}
	ct := mediaType(header)
	if len(res.Value.Content) == 0 {
		if len(body) > 0 {
			return fmt.Errorf("a %q body is sent but the document declares none", ct)
		}
		return nil
	}
	if res.Value.Content.Get(ct) == nil {
		return fmt.Errorf("content type %q is not declared (declared: %s)", ct, strings.Join(slices.Sorted(maps.Keys(res.Value.Content)), ", "))
	}

	reqInput := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			MultiError: true, SchemaValidationOptions: c.opts}}
	resInput := &openapi3filter.ResponseValidationInput{RequestValidationInput: reqInput, Status: status, Header: header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, SchemaValidationOptions: c.opts,
			// Only JSON bodies have a schema worth checking; the others (CSV, PDF, text) are
			// checked for their content type above.
			ExcludeResponseBody: !isJSON(ct)}}
	resInput.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, resInput); err != nil {
		return err
	}

	// Tests send bad requests on purpose; only a request the server accepted must be one the
	// document allows, or the generated request types would refuse what the server takes.
	if status < 300 {
		if err := openapi3filter.ValidateRequest(ctx, reqInput); err != nil {
			return fmt.Errorf("the server accepted a request the document refuses: %w", err)
		}
	}
	return nil
}

// checkUndocumented covers requests the document does not describe: an unknown /api path or
// method must be refused with the JSON error (by the router, or first by the checks every
// request passes: text, CSRF, body type and size); anything else is the web app.
func (c *Contract) checkUndocumented(req *http.Request, status int, header http.Header, body []byte) error {
	ct := mediaType(header)
	if strings.HasPrefix(req.URL.Path, "/api/") || req.URL.Path == "/api" {
		switch status {
		case http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusMethodNotAllowed,
			http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
			return c.checkError(ct, body)
		}
		return fmt.Errorf("%s %s is not in the document", req.Method, req.URL.Path)
	}
	if status == http.StatusOK && path.Ext(req.URL.Path) == "" && ct != "text/html" {
		return fmt.Errorf("the web app answered %q, not text/html", ct)
	}
	return nil
}

func (c *Contract) checkError(ct string, body []byte) error {
	if !isJSON(ct) {
		return fmt.Errorf("an error must be JSON, not %q", ct)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("the error body is not JSON: %w", err)
	}
	schema := c.doc.Components.Schemas["Error"].Value
	opts := append([]openapi3.SchemaValidationOption{openapi3.VisitAsResponse(), openapi3.MultiErrors(), openapi3.EnableJSONSchema2020()}, c.opts...)
	return schema.VisitJSON(v, opts...)
}

func mediaType(header http.Header) string {
	ct, _, err := mime.ParseMediaType(header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return ct
}

func isJSON(ct string) bool { return ct == "application/json" || strings.HasSuffix(ct, "+json") }
