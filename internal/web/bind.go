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
// for "name"): the API's names are exact, and the OpenAPI document refuses such a key. raw has
// decoded already, so it is valid JSON: one walk over its bytes checks the keys of every object
// that decoded into a struct, where decoding it again into a map at every level cost a third of
// Bind's time.
func exactKeys(raw []byte, t reflect.Type, path string) error {
	s := jsonScan{b: raw}
	return s.value(t, path)
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
		return nil
	}
	seen := map[string]bool{}
	s := jsonScan{b: raw}
	s.space()
	if s.i < len(s.b) && s.b[s.i] == '{' {
		_ = s.members(func(key string) error { seen[key] = true; s.pastValue(); return nil })
	}
	v := validate.Errors{}
	for _, name := range shapeOf(t).required {
		if !seen[name] {
			v.Add(name, "is required")
		}
	}
	return v.Err()
}

// jsonScan walks JSON that is known to be valid, a byte at a time.
type jsonScan struct {
	b []byte
	i int
}

// value checks the value at s.i against t, and moves past it.
func (s *jsonScan) value(t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s.space()
	switch {
	case s.i >= len(s.b):
		return nil
	case s.b[s.i] == '{' && t.Kind() == reflect.Struct:
		fields := shapeOf(t).fields
		return s.members(func(key string) error {
			ft, ok := fields[key]
			if !ok {
				return FieldError(http.StatusBadRequest, "unknown_field", path+key, "is not a field this request accepts")
			}
			return s.value(ft, path+key+".")
		})
	case s.b[s.i] == '[' && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		s.i++
		for n := 0; ; n++ {
			if s.next(']') {
				return nil
			}
			if err := s.value(t.Elem(), path+strconv.Itoa(n)+"."); err != nil {
				return err
			}
		}
	}
	s.pastValue()
	return nil
}

// members calls member with each key of the object at s.i, with s.i at the key's value, which
// member must move past; then it moves past the object.
func (s *jsonScan) members(member func(key string) error) error {
	s.i++
	for !s.next('}') {
		raw, escaped := s.str()
		key := string(raw)
		if escaped {
			_ = json.Unmarshal(s.b[s.i-len(raw)-2:s.i], &key)
		}
		s.space()
		s.i++ // the colon
		if err := member(key); err != nil {
			return err
		}
	}
	return nil
}

// next moves past white space and a comma, and reports (moving past it) whether close ends
// the object or array.
func (s *jsonScan) next(close byte) bool {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n', ',':
			s.i++
		case close:
			s.i++
			return true
		default:
			return false
		}
	}
	return true
}

func (s *jsonScan) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\r' || s.b[s.i] == '\n') {
		s.i++
	}
}

// str moves past the string at s.i and gives what is between its quotes, escapes unread.
func (s *jsonScan) str() (raw []byte, escaped bool) {
	start := s.i + 1
	for s.i = start; s.i < len(s.b); s.i++ {
		switch s.b[s.i] {
		case '\\':
			escaped = true
			s.i++
		case '"':
			s.i++
			return s.b[start : s.i-1], escaped
		}
	}
	return s.b[start:], escaped
}

// pastValue moves past the value at s.i.
func (s *jsonScan) pastValue() {
	s.space()
	if s.i >= len(s.b) {
		return
	}
	switch s.b[s.i] {
	case '"':
		s.str()
	case '{', '[':
		for depth := 0; s.i < len(s.b); {
			switch s.b[s.i] {
			case '"':
				s.str()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			s.i++
			if depth == 0 {
				return
			}
		}
	default: // a number, true, false or null
		for s.i < len(s.b) && !strings.ContainsRune(",}] \t\r\n", rune(s.b[s.i])) {
			s.i++
		}
	}
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
