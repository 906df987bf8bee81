package notify_test

import (
	"testing"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
)

// setup is where a mail test starts: Steady built on a database of its own (mods point it at
// an SMTP server, or leave it on the dev mailbox), its job workers running, since every email
// goes out from a job, and a fresh browser to sign up with.
func setup(t *testing.T, mods ...func(*app.Config)) (*apptest.App, *apptest.Browser) {
	t.Helper()
	a := apptest.New(t, mods...)
	apptest.StartWorkers(t, a)
	return a, a.Browser(t)
}
