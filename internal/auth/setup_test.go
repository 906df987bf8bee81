package auth_test

import (
	"testing"

	"github.com/steadyhq/steady/internal/app/apptest"
)

// setup is where most auth tests start: Steady built on a database of its own, every answer
// checked against the OpenAPI document, its auth rules on a clock the test moves (TOTP steps,
// expiries, rate windows), and a new practice's owner, signed up as email in a fresh browser.
// The service under test is reached through that browser, as the web app reaches it.
func setup(t *testing.T, email string) (*apptest.App, *apptest.Clock, *apptest.Browser, apptest.MeOut) {
	t.Helper()
	a, clk := apptest.NewClocked(t)
	b, me := a.SignedUp(t, email)
	return a, clk, b, me
}
