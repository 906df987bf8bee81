package checkins_test

import "github.com/steadyhq/steady/internal/app/apptest"

// setup is where a checkins test starts: Steady built on a database of its own, every answer
// checked against the OpenAPI document, and the practice named practice with one member of
// each role, each signed in. The measures and alerts under test are reached through the
// client's and clinician's browsers; a.AssignmentSvc() sets the measures.
var setup = apptest.Practice
