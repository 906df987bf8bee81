package auth

import (
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/web"
)

// ErrForbidden is a member reaching for something their role does not allow.
var ErrForbidden = web.NewError(http.StatusForbidden, "forbidden", "Your role in this practice does not allow that.")

// Guarded registers staff routes, each with the permission it needs, and remembers the
// permission so tests can walk every route for every role.
type Guarded struct {
	g *echo.Group
	h *Handlers
	// OnDenied runs when a member is refused, before the 403 (the composition root records
	// it in the audit trail); an error it returns is answered instead.
	OnDenied func(c echo.Context, caller Caller, perm practice.Permission) error
	// OnStranger runs when a request without a staff session reaches a concealed route (a
	// client's homework session, say), before the 404; the composition root records it.
	OnStranger func(c echo.Context, perm practice.Permission) error
}

var (
	permsMu    sync.Mutex
	routePerms = map[string]practice.Permission{}
)

// Guard wraps g so that routes added through it need a live session and a permission.
func (h *Handlers) Guard(g *echo.Group, onDenied func(echo.Context, Caller, practice.Permission) error) *Guarded {
	return &Guarded{g: g, h: h, OnDenied: onDenied}
}

// RoutePermissions returns "METHOD /api/path" → permission for every guarded route.
func RoutePermissions() map[string]practice.Permission {
	permsMu.Lock()
	defer permsMu.Unlock()
	out := make(map[string]practice.Permission, len(routePerms))
	for k, v := range routePerms {
		out[k] = v
	}
	return out
}

func (r *Guarded) add(method, path string, perm practice.Permission, fn echo.HandlerFunc) {
	guard := []echo.MiddlewareFunc{r.h.RequireStaff, requireOpen(perm), r.requirePermission(perm)}
	if practice.Concealed(perm) {
		guard = []echo.MiddlewareFunc{r.conceal(perm)}
	}
	route := r.g.Add(method, path, fn, guard...)
	permsMu.Lock()
	routePerms[method+" "+route.Path] = perm
	permsMu.Unlock()
}

// GET registers a guarded GET route.
func (r *Guarded) GET(path string, perm practice.Permission, fn echo.HandlerFunc) {
	r.add(http.MethodGet, path, perm, fn)
}

// POST registers a guarded POST route.
func (r *Guarded) POST(path string, perm practice.Permission, fn echo.HandlerFunc) {
	r.add(http.MethodPost, path, perm, fn)
}

// PATCH registers a guarded PATCH route.
func (r *Guarded) PATCH(path string, perm practice.Permission, fn echo.HandlerFunc) {
	r.add(http.MethodPatch, path, perm, fn)
}

// DELETE registers a guarded DELETE route.
func (r *Guarded) DELETE(path string, perm practice.Permission, fn echo.HandlerFunc) {
	r.add(http.MethodDelete, path, perm, fn)
}

// requirePermission refuses a member whose role lacks perm.
func (r *Guarded) requirePermission(perm practice.Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			caller := CallerFrom(c)
			if practice.Can(caller.Role, perm) {
				return next(c)
			}
			if r.OnDenied != nil {
				if err := r.OnDenied(c, caller, perm); err != nil {
					return err
				}
			}
			return ErrForbidden
		}
	}
}

// requireOpen refuses everything in a closed practice but what stays open when closed (its
// export), whatever the role: closing ends the practice's work, not its owner's access to its data.
func requireOpen(perm practice.Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if StaffFrom(c).PracticeClosed && !practice.OpenWhenClosed(perm) {
				return ErrPracticeClosed
			}
			return next(c)
		}
	}
}

// conceal guards a concealed route: anyone but a member whose role grants perm gets the 404 of
// an unknown address, and the refusal is recorded.
func (r *Guarded) conceal(perm practice.Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			staff, err := r.h.svc.Authenticate(c.Request().Context(), r.h.token(c))
			if err != nil {
				if r.OnStranger != nil {
					if err := r.OnStranger(c, perm); err != nil {
						return err
					}
				}
				return echo.ErrNotFound
			}
			c.Set(staffKey, staff)
			if staff.MustEnrol() {
				return ErrEnrolmentRequired
			}
			if practice.Can(staff.Role, perm) {
				return requireOpen(perm)(next)(c)
			}
			if r.OnDenied != nil {
				if err := r.OnDenied(c, CallerFrom(c), perm); err != nil {
					return err
				}
			}
			return echo.ErrNotFound
		}
	}
}

// Caller is the signed-in member making a request, with where it came from: what services
// need to decide and to write the audit trail.
type Caller struct {
	*Staff
	IP        string
	UserAgent string
}

// CallerFrom returns the Caller of a request behind RequireStaff.
func CallerFrom(c echo.Context) Caller {
	return Caller{Staff: StaffFrom(c), IP: c.RealIP(), UserAgent: truncate(c.Request().UserAgent(), 400)}
}

// Can reports whether the caller's role grants p.
func (c Caller) Can(p practice.Permission) bool { return practice.Can(c.Role, p) }

// PUT registers a guarded PUT route.
func (r *Guarded) PUT(path string, perm practice.Permission, fn echo.HandlerFunc) {
	r.add(http.MethodPut, path, perm, fn)
}
