package app

// The external tests of this package (package app_test, which share apptest's harness with
// the domains' tests) reach these unexported parts through the names below.
var (
	Serve   = serve
	RunDemo = runDemo
	DemoID  = demoID
)
