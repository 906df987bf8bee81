// Package module is the one shape every domain presents to the composition root
// (internal/app): its error answers, its routes, its River workers and its periodic jobs. The
// root builds each domain's services, asks each for its Module, and loops over the list, so a
// new domain is one line in the root and nothing is registered by hand.
package module

import (
	"context"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/web"
)

// Module is a domain as the composition root mounts it. Any part may be empty.
type Module struct {
	Name     string
	Errors   web.ErrorMap                 // its sentinel errors → answers (every exported sentinel has one)
	Routes   func(Routers)                // mounts its HTTP routes
	Workers  func(*river.Workers)         // registers its River workers
	Periodic []*river.PeriodicJob         // its periodic jobs
	Queues   map[string]river.QueueConfig // queues of its own, beside River's default
	Names    map[string]Namer             // subject type → names of its records, for the audit trail
}

// Namer reads the display names of one kind of a domain's records, by id, inside the caller's
// transaction; a record it cannot find is left out. The audit trail names its subjects with
// them, since it cannot import the domains that record into it.
type Namer func(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (map[uuid.UUID]string, error)

// Routers are the places a domain mounts routes, one per kind of caller.
type Routers struct {
	Staff  Staff       // /api for signed-in staff: each route names the permission it needs
	Client *echo.Group // /api/homework behind a client's session from their homework link
	// ClientClaim is /api/homework for a route whose service checks the client's session in
	// its own transaction: the handler hands links.ClaimFrom to it (the answer's submit).
	ClientClaim *echo.Group
	Public      *echo.Group // /api with no session: sign-up, log-in, invitations (CSRF still holds)
	Root        *echo.Echo  // outside /api: plain pages a link in an email opens
}

// Staff registers staff routes, each with its permission (auth.Guarded). It is an interface
// so that auth, which provides it, can present a Module like every other domain.
type Staff interface {
	GET(path string, perm practice.Permission, fn echo.HandlerFunc)
	POST(path string, perm practice.Permission, fn echo.HandlerFunc)
	PUT(path string, perm practice.Permission, fn echo.HandlerFunc)
	PATCH(path string, perm practice.Permission, fn echo.HandlerFunc)
	DELETE(path string, perm practice.Permission, fn echo.HandlerFunc)
}

// Gate is a rule from outside a domain that new work must pass, checked inside the work's own
// transaction (billing's: nothing new in a read-only practice). A nil Gate lets all through.
type Gate func(ctx context.Context, tx *db.Tx) error

// Check applies the gate.
func (g Gate) Check(ctx context.Context, tx *db.Tx) error {
	if g == nil {
		return nil
	}
	return g(ctx, tx)
}
