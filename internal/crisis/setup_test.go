package crisis_test

import "github.com/steadyhq/steady/internal/app/apptest"

// setup is where a crisis test starts: Steady built on a database of its own, every answer
// checked against the OpenAPI document, and the practice named practice with one member of
// each role, each signed in. The crisis support under test is set through the owner's
// browser and read through a client's homework link.
var setup = apptest.Practice
