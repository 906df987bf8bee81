// Package web is Steady's HTTP layer: the Echo server, its middleware, strict JSON binding,
// the one error handler that turns domain errors into answers, the API document and the
// embedded frontend.
package web

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/ratelimit"
	"github.com/steadyhq/steady/internal/validate"
)

// Error is an answer to send as {"error": {"code", "message", "fields"}}.
type Error struct {
	Status  int
	Code    string
	Message string
	Fields  map[string]string
	// Header values to add to the answer, such as Retry-After.
	Header http.Header
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// NewError builds an Error.
func NewError(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

// FieldError reports a problem with one field of the request body.
func FieldError(status int, code, field, message string) *Error {
	return &Error{Status: status, Code: code, Message: message, Fields: map[string]string{field: message}}
}

// ErrorMap maps a domain's sentinel errors to answers. Each domain declares one beside its
// handlers; the server consults them all, so services never know about HTTP.
type ErrorMap map[error]*Error

type errorBody struct {
	Error errorPayload `json:"error"`
}

type errorPayload struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// errorHandler is Echo's HTTPErrorHandler: the only place an error becomes a response. Anything
// it does not recognise is logged with the request id and answered with a generic 500, so
// internal error text never reaches a client.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	e := s.resolve(err)
	if e.Status >= 500 {
		s.log.Error("request failed", "request_id", requestID(c), "route", c.Path(), "error", err)
	}
	for k, vs := range e.Header {
		for _, v := range vs {
			c.Response().Header().Add(k, v)
		}
	}
	body := errorBody{Error: errorPayload{Code: e.Code, Message: e.Message, Fields: e.Fields}}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(e.Status)
		return
	}
	if werr := c.JSON(e.Status, body); werr != nil {
		s.log.Warn("write error response", "request_id", requestID(c), "error", werr)
	}
}

func (s *Server) resolve(err error) *Error {
	var we *Error
	if errors.As(err, &we) {
		return we
	}
	var limited *ratelimit.Exceeded
	if errors.As(err, &limited) {
		return rateLimited(limited)
	}
	var fields validate.Errors
	if errors.As(err, &fields) {
		return &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed",
			Message: "Some fields need attention.", Fields: fields}
	}
	for _, m := range s.errorMaps {
		for sentinel, answer := range m {
			if errors.Is(err, sentinel) {
				return answer
			}
		}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return fromEcho(he)
	}
	return &Error{Status: http.StatusInternalServerError, Code: "internal_error",
		Message: "Something went wrong on our side. Please try again."}
}

// fromEcho turns Echo's own errors (unknown route, wrong method) into our shape.
func fromEcho(he *echo.HTTPError) *Error {
	switch he.Code {
	case http.StatusNotFound:
		return NewError(he.Code, "not_found", "There is nothing at this address.")
	case http.StatusMethodNotAllowed:
		return NewError(he.Code, "method_not_allowed", "This address does not accept that method.")
	case http.StatusRequestEntityTooLarge:
		return NewError(he.Code, "body_too_large", "The request body is too large.")
	case http.StatusUnauthorized:
		return NewError(he.Code, "unauthenticated", "Please log in.")
	}
	if he.Code >= 400 && he.Code < 500 {
		return NewError(he.Code, "bad_request", http.StatusText(he.Code))
	}
	return &Error{Status: http.StatusInternalServerError, Code: "internal_error",
		Message: "Something went wrong on our side. Please try again."}
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

// discardLogger is used when a Server is built without a logger (tests).
var discardLogger = slog.New(slog.DiscardHandler)

func rateLimited(e *ratelimit.Exceeded) *Error {
	secs := int(math.Ceil(e.RetryAfter.Seconds()))
	wait := fmt.Sprintf("%d seconds", secs)
	if secs > 90 {
		wait = fmt.Sprintf("%d minutes", int(math.Ceil(float64(secs)/60)))
	}
	return &Error{Status: http.StatusTooManyRequests, Code: "rate_limited",
		Message: "Too many attempts. Please wait " + wait + " and try again.",
		Header:  http.Header{"Retry-After": []string{strconv.Itoa(secs)}}}
}
