package clients_test

import "github.com/steadyhq/steady/internal/app/apptest"

// setup is where a clients test starts: Steady built on a database of its own, every answer
// checked against the OpenAPI document, and the practice named practice with one member of
// each role, each signed in. The service under test is reached as the web app reaches it,
// through tm.Browsers; its rows are read back with apptest.AuditActions and the owner's URL.
var setup = apptest.Practice
