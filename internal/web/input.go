package web

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// badText is what every refusal of unstorable text says. PostgreSQL cannot store a NUL byte
// or invalid UTF-8 in text; refusing them here, for every route, means no such byte reaches
// a query and turns into a 500.
const badText = "must be text without NUL bytes or invalid UTF-8"

// checkText refuses a request whose path or query string holds a NUL byte or invalid UTF-8,
// naming the parameter, and replaces such bytes in the User-Agent (which is stored in audit
// rows and sessions, and whose oddities are no reason to refuse a request).
func checkText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if !cleanText(req.URL.Path) {
			return FieldError(http.StatusBadRequest, "invalid_text", "path", "The address "+badText+".")
		}
		q, err := url.ParseQuery(req.URL.RawQuery)
		if err != nil {
			return NewError(http.StatusBadRequest, "malformed_query", "The query string is not well formed.")
		}
		for k, vs := range q {
			if !cleanText(k) {
				return FieldError(http.StatusBadRequest, "invalid_text", "query", "A parameter name "+badText+".")
			}
			for _, v := range vs {
				if !cleanText(v) {
					return FieldError(http.StatusBadRequest, "invalid_text", k, badText)
				}
			}
		}
		if ua := req.UserAgent(); !cleanText(ua) {
			req.Header.Set("User-Agent", strings.ToValidUTF8(strings.ReplaceAll(ua, "\x00", ""), "\uFFFD"))
		}
		return next(c)
	}
}

// jsonBodies guards every /api request that carries a body: it must be declared
// application/json (else 415), and no string in it, key or value, may hold a NUL byte or
// invalid UTF-8 (else 400 naming the field). Handlers then decode it with Bind.
func jsonBodies(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Body == nil || req.Body == http.NoBody || req.ContentLength == 0 {
			return next(c)
		}
		raw, err := io.ReadAll(req.Body)
		if err != nil {
			return bodyReadError(err)
		}
		req.Body = io.NopCloser(bytes.NewReader(raw))
		if len(raw) == 0 {
			return next(c)
		}
		if !isJSON(req.Header.Get(echo.HeaderContentType)) {
			return errNotJSON
		}
		if field, ok := firstBadString(raw); !ok {
			if field == "" {
				return NewError(http.StatusBadRequest, "invalid_text", "The body "+badText+".")
			}
			return FieldError(http.StatusBadRequest, "invalid_text", field, badText)
		}
		return next(c)
	}
}

var errNotJSON = NewError(http.StatusUnsupportedMediaType, "unsupported_media_type",
	"Send the body as JSON, with the header Content-Type: application/json.")

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == echo.MIMEApplicationJSON
}

func cleanText(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

// firstBadString walks the JSON in raw token by token and reports the path (dotted, like
// validation errors: "partners.0.note") of the first key or string value that holds a NUL
// (written as \u0000) or invalid UTF-8 bytes, which the decoder would otherwise quietly turn
// into U+FFFD. ok is true when every string is clean; JSON that does not parse is left to
// Bind to name.
func firstBadString(raw []byte) (field string, ok bool) {
	// A NUL in a string can only be written \u0000: a raw NUL byte is not JSON. So a body of
	// valid UTF-8 without that escape, which is nearly every body, has no bad string, and the
	// walk (a token at a time, several times the cost of decoding) is only there to name one.
	if utf8.Valid(raw) && !bytes.Contains(raw, nulEscape) {
		return "", true
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var path jsonPath
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			// io.EOF ends clean JSON; a syntax error is Bind's to name, unless the bytes are bad.
			return "", err == io.EOF || utf8.Valid(raw)
		}
		s, isString := tok.(string)
		key := isString && path.wantsKey()
		if isString && (!cleanText(s) || !utf8.Valid(raw[start:dec.InputOffset()])) {
			if key {
				return path.join(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "?")), false
			}
			return path.String(), false
		}
		path.step(tok, key)
	}
}

var nulEscape = []byte(`\u0000`)

// jsonPath follows where a token stream is: one frame per open object or array.
type jsonPath struct{ frames []jsonFrame }

type jsonFrame struct {
	object  bool
	key     string // the current key, in an object
	index   int    // the current index, in an array
	wantKey bool   // in an object, the next string is a key
}

func (p *jsonPath) top() *jsonFrame {
	if len(p.frames) == 0 {
		return nil
	}
	return &p.frames[len(p.frames)-1]
}

func (p *jsonPath) wantsKey() bool { t := p.top(); return t != nil && t.object && t.wantKey }

// step moves past tok: a key is remembered, a value moves its container on to the next.
func (p *jsonPath) step(tok json.Token, key bool) {
	switch {
	case key:
		t := p.top()
		t.key, t.wantKey = tok.(string), false
	case tok == json.Delim('{'):
		p.frames = append(p.frames, jsonFrame{object: true, wantKey: true})
	case tok == json.Delim('['):
		p.frames = append(p.frames, jsonFrame{})
	case tok == json.Delim('}'), tok == json.Delim(']'):
		p.frames = p.frames[:len(p.frames)-1]
		p.next()
	default:
		p.next()
	}
}

func (p *jsonPath) next() {
	if t := p.top(); t != nil && t.object {
		t.wantKey = true
	} else if t != nil {
		t.index++
	}
}

func (p *jsonPath) String() string {
	parts := make([]string, 0, len(p.frames))
	for _, f := range p.frames {
		if f.object {
			parts = append(parts, f.key)
		} else {
			parts = append(parts, strconv.Itoa(f.index))
		}
	}
	return strings.Join(parts, ".")
}

// join is the path of a key in the innermost object.
func (p *jsonPath) join(key string) string {
	if len(p.frames) <= 1 {
		return key
	}
	outer := jsonPath{frames: p.frames[:len(p.frames)-1]}
	return outer.String() + "." + key
}
