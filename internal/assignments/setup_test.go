package assignments_test

import "github.com/steadyhq/steady/internal/app/apptest"

// setup is where a assignments test starts: Steady built on a database of its own, every answer
// checked against the OpenAPI document, and the practice named practice with one member of
// each role, each signed in. The service under test is a.AssignmentSvc(), or the
// assignment routes of tm.Browsers.
var setup = apptest.Practice
