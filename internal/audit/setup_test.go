package audit_test

import "github.com/steadyhq/steady/internal/app/apptest"

// setup is where a audit test starts: Steady built on a database of its own, every answer
// checked against the OpenAPI document, and the practice named practice with one member of
// each role, each signed in. The trail under test is read through the owner's browser, as
// the audit page reads it.
var setup = apptest.Practice
