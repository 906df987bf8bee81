package links_test

import "github.com/steadyhq/steady/internal/app/apptest"

// setup is where a links test starts: Steady built on a database of its own, every answer
// checked against the OpenAPI document, and the practice named practice with one member of
// each role, each signed in. The service under test is a.LinkSvc(), or the routes of
// tm.Browsers that send and open links.
var setup = apptest.Practice
