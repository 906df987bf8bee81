package practice

// Permission is something a member may do. The matrix below is the only place that says
// which role may do what; docs/permissions.md describes it and a test walks every route
// for every role against it.
type Permission string

// The permissions.
const (
	AnyMember         Permission = "member"             // every active member
	ManageTeam        Permission = "team.manage"        // invite, resend, revoke, change roles, deactivate
	ManageSettings    Permission = "settings.manage"    // practice name, time zone, reminder hours
	ViewAudit         Permission = "audit.view"         // read and export the audit trail
	ManageBilling     Permission = "billing.manage"     // the subscription: plan, seats, invoices, the portal
	TransferOwnership Permission = "ownership.transfer" // make another member the owner
	AllClients        Permission = "clients.all"        // see and manage every client, not only assigned ones
	DeleteClientData  Permission = "clients.delete"     // erase a client's data for good
)

var matrix = map[Role][]Permission{
	RoleOwner: {AnyMember, ManageTeam, ManageSettings, ViewAudit, ManageBilling, TransferOwnership,
		AllClients, DeleteClientData},
	RoleAdmin:     {AnyMember, ManageTeam, ManageSettings, ViewAudit, ManageBilling, AllClients},
	RoleClinician: {AnyMember},
}

// Can reports whether role grants p.
func Can(role Role, p Permission) bool {
	for _, have := range matrix[role] {
		if have == p {
			return true
		}
	}
	return false
}

// Concealed reports whether a route needing p is hidden from anyone without it: they get the
// 404 of an address that does not exist, not a 403 that says there is something to see. The
// practice's money is its owners' and admins' business alone.
func Concealed(p Permission) bool { return p == ManageBilling }

// Roles lists every role, most authority first.
func Roles() []Role { return []Role{RoleOwner, RoleAdmin, RoleClinician} }
