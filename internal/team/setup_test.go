package team_test

import "github.com/steadyhq/steady/internal/app/apptest"

// setup is where a team test starts: Steady built on a database of its own, every answer
// checked against the OpenAPI document, and the practice named practice with one member of
// each role, each signed in. The service under test is reached through tm.Browsers, and
// invitations through the links they send.
var setup = apptest.Practice
