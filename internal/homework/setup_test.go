package homework_test

import "github.com/steadyhq/steady/internal/app/apptest"

// setup is where a homework test starts: Steady built on a database of its own, every answer
// checked against the OpenAPI document, and the practice named practice with one member of
// each role, each signed in. The service under test answers a client's browser opened
// with apptest.ClientBrowser; a.AnswerSvc() is the same service, called directly.
var setup = apptest.Practice
