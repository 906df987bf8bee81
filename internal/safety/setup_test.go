package safety_test

import "github.com/steadyhq/steady/internal/app/apptest"

// setup is where a safety test starts: Steady built on a database of its own, every answer
// checked against the OpenAPI document, and the practice named practice with one member of
// each role, each signed in. The service under test is a.SafetySvc(), or the safety-screen
// routes of tm.Browsers.
var setup = apptest.Practice
