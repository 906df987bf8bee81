// Package validate checks input from people and reports every problem by field name, so a
// form can show each message next to the field it belongs to. Services use it; the HTTP
// layer turns Errors into a 422 answer.
package validate

import (
	"net/mail"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Errors maps a JSON field name to what is wrong with it.
type Errors map[string]string

// Error lists the fields in a stable order.
func (e Errors) Error() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records msg for field unless the field already has a message (the first one wins,
// it is usually the most basic: "is required" before "is too short").
func (e Errors) Add(field, msg string) {
	if _, ok := e[field]; !ok {
		e[field] = msg
	}
}

// Err returns e as an error, or nil when nothing was wrong.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// Name checks a person's or a practice's name: required, at most max characters, letters,
// digits, spaces and the punctuation real names use. Markup and statement separators are
// refused, so that a name can never carry HTML or SQL fragments into a page, an email or a log.
func (e Errors) Name(field, value string, max int) {
	switch {
	case strings.TrimSpace(value) == "":
		e.Add(field, "is required")
	case utf8.RuneCountInString(value) > max:
		e.Add(field, "must be at most "+strconv.Itoa(max)+" characters")
	case value != strings.TrimSpace(value):
		e.Add(field, "must not start or end with spaces")
	default:
		for _, r := range value {
			if !nameRune(r) {
				e.Add(field, "may contain letters, digits, spaces and . , ' ’ - & ( ) / only")
				return
			}
		}
	}
}

func nameRune(r rune) bool {
	if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == ' ' {
		return true
	}
	return strings.ContainsRune(".,'’-&()/", r)
}

// Email checks a single plain address (no display name) of at most 254 characters.
func (e Errors) Email(field, value string) {
	if strings.TrimSpace(value) == "" {
		e.Add(field, "is required")
		return
	}
	if len(value) > 254 {
		e.Add(field, "must be at most 254 characters")
		return
	}
	addr, err := mail.ParseAddress(value)
	if err != nil || addr.Address != value || addr.Name != "" || !strings.Contains(value[strings.LastIndex(value, "@"):], ".") {
		e.Add(field, "must be an email address like name@example.com")
	}
}

// Length checks that value has between min and max characters.
func (e Errors) Length(field, value string, min, max int) {
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0 && min > 0:
		e.Add(field, "is required")
	case n < min:
		e.Add(field, "must be at least "+strconv.Itoa(min)+" characters")
	case n > max:
		e.Add(field, "must be at most "+strconv.Itoa(max)+" characters")
	}
}

// TimeZone checks an IANA time zone name such as Europe/London: one this server can load,
// and never "Local", which would mean whatever zone the server happens to run in.
func (e Errors) TimeZone(field, name string) {
	if name == "" {
		e.Add(field, "is required")
		return
	}
	if name == "Local" || strings.TrimSpace(name) != name {
		e.Add(field, "must be a time zone name like Europe/London")
		return
	}
	if _, err := time.LoadLocation(name); err != nil {
		e.Add(field, "is not a time zone we know; use a name like Europe/London")
	}
}

// NormalizeEmail is how addresses are compared and stored: trimmed and lower-case.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ID reads an optional id from a body field: empty is uuid.Nil, anything else must parse.
func (e Errors) ID(field, s string) uuid.UUID {
	if s == "" {
		return uuid.Nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		e.Add(field, "must be an id")
	}
	return id
}
