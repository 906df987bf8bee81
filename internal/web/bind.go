package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/validate"
)

// Bind decodes the JSON request body into dst strictly: the body must be declared as JSON and
// be JSON, one object, no unknown fields, every value of the declared type, and no larger than
// the server's limit.
// Each failure is a 4xx that names the field when there is one.
func Bind(c echo.Context, dst any) error {
	req := c.Request()
	raw, err := io.ReadAll(req.Body)
	if err != nil {
		return bodyReadError(err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return NewError(http.StatusBadRequest, "empty_body", "The request needs a JSON body.")
	}
	if !isJSON(req.Header.Get(echo.HeaderContentType)) {
		return errNotJSON
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return NewError(http.StatusBadRequest, "malformed_json", "The body must hold exactly one JSON object.")
	}
	if _, err := dec.Token(); err != io.EOF {
		return NewError(http.StatusBadRequest, "malformed_json", "The body must hold exactly one JSON object.")
	}
	if err := exactKeys(raw, reflect.TypeOf(dst), ""); err != nil {
		return err
	}
	return missingRequired(raw, dst)
}

// exactKeys refuses a key that encoding/json matched to a field only by ignoring case ("nAme"
// for "name"): the API's names are exact, and the OpenAPI document refuses such a key.
func exactKeys(raw json.RawMessage, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil
		}
		for i, item := range items {
			if err := exactKeys(item, t.Elem(), fmt.Sprintf("%s%d.", path, i)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		var keys map[string]json.RawMessage
		if json.Unmarshal(raw, &keys) != nil {
			return nil
		}
		fields := shapeOf(t).fields
		for key, value := range keys {
			ft, ok := fields[key]
			if !ok {
				return FieldError(http.StatusBadRequest, "unknown_field", path+key, "is not a field this request accepts")
			}
			if err := exactKeys(value, ft, path+key+"."); err != nil {
				return err
			}
		}
	}
	return nil
}

// missingRequired names the top-level fields of dst tagged `required:"true"` that the body left
// out. A PUT that replaces a whole set of choices needs each one said, null included: a missing
// key would otherwise read as false or null and quietly undo what the person had chosen.
func missingRequired(raw []byte, dst any) error {
	t := reflect.TypeOf(dst)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || len(shapeOf(t).required) == 0 {
		return nil // nothing to look for: no need to read the body a third time
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		return nil // not an object: the decode above has already answered
	}
	v := validate.Errors{}
	for _, name := range shapeOf(t).required {
		if _, ok := keys[name]; !ok {
			v.Add(name, "is required")
		}
	}
	return v.Err()
}

// shape is what Bind's checks need of a struct type: its JSON names and the types they hold,
// and the names tagged required. Worked out once per type, not on every request.
type shape struct {
	fields   map[string]reflect.Type
	required []string
}

var shapes sync.Map // reflect.Type to *shape

func shapeOf(t reflect.Type) *shape {
	if s, ok := shapes.Load(t); ok {
		return s.(*shape)
	}
	s := &shape{fields: jsonFields(t, map[string]reflect.Type{})}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Tag.Get("required") == "true" {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			s.required = append(s.required, name)
		}
	}
	shapes.Store(t, s)
	return s
}

func bodyReadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return NewError(http.StatusRequestEntityTooLarge, "body_too_large",
			fmt.Sprintf("The request body is larger than %d bytes.", tooBig.Limit))
	}
	return NewError(http.StatusBadRequest, "unreadable_body", "The request body could not be read.")
}

func decodeError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return NewError(http.StatusBadRequest, "malformed_json", "The body is not valid JSON.")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return NewError(http.StatusBadRequest, "malformed_json", "The body must be a JSON object.")
		}
		msg := fmt.Sprintf("must be a %s", jsonKind(typ.Type.Kind().String()))
		return FieldError(http.StatusBadRequest, "wrong_type", typ.Field, msg)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return FieldError(http.StatusBadRequest, "unknown_field", field, "is not a field this request accepts")
	}
	return NewError(http.StatusBadRequest, "malformed_json", "The body is not valid JSON.")
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "list"
	case "map", "struct":
		return "object"
	}
	return "number"
}

// PathID reads the path parameter name as a UUID. A malformed id cannot name anything, so it
// is answered with notFound, exactly like an id that names nothing.
func PathID(c echo.Context, name string, notFound error) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param(name))
	if err != nil {
		return uuid.Nil, notFound
	}
	return id, nil
}

// QueryInt reads an optional whole number between lo and hi from the query string, or names
// the problem in v and returns def.
func QueryInt(c echo.Context, v validate.Errors, name string, def, lo, hi int) int {
	s := c.QueryParam(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		v.Add(name, fmt.Sprintf("must be a whole number from %d to %d", lo, hi))
		return def
	}
	return n
}

// jsonFields adds the JSON names of t's fields to into, as encoding/json sees them: the tag's
// name, else the Go name; an embedded struct without a name lends its fields.
func jsonFields(t reflect.Type, into map[string]reflect.Type) map[string]reflect.Type {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !f.IsExported() && !f.Anonymous:
		case name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct:
			jsonFields(f.Type, into)
		case name == "":
			into[f.Name] = f.Type
		default:
			into[name] = f.Type
		}
	}
	return into
}
