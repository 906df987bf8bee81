package auth

import "errors"

// Sentinel errors of the auth domain; handlers.go maps each to an HTTP answer.
var (
	ErrInvalidCredentials = errors.New("auth: email or password not right")
	ErrUnauthenticated    = errors.New("auth: not signed in")
	ErrEmailTaken         = errors.New("auth: email already registered")
	ErrNoPractice         = errors.New("auth: no active practice")
)
