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
	AllClients        Permission = "clients.all"        // the whole roster: every client and couple, not only assigned ones
	DeleteClientData  Permission = "clients.delete"     // erase a client's data for good
	// ClinicalRecord is reading and working on clients' clinical records (homework, answers,
	// journal, measures, alerts, progress, reports, links). It is limited by assignment, not by
	// the role: a member sees the record of the clients they treat, directly or through a
	// couple, and an owner also those they hold a live emergency grant for (internal/clients).
	// Admins run the practice, not its care, and never see clinical content.
	ClinicalRecord Permission = "clients.record"
	// EmergencyAccess is opening, with a reason, for a fixed time, the record of a client one
	// does not treat: HIPAA's emergency access procedure, audited and told to the clinicians.
	EmergencyAccess Permission = "clients.emergency"
	// ExportPractice is exporting the whole practice's data as one archive: the one thing a
	// closed practice still allows (OpenWhenClosed).
	ExportPractice Permission = "practice.export"
	// ClosePractice is closing the practice for good; its data is deleted after the retention.
	ClosePractice Permission = "practice.close"
)

var matrix = map[Role][]Permission{
	RoleOwner: {AnyMember, ManageTeam, ManageSettings, ViewAudit, ManageBilling, TransferOwnership,
		AllClients, DeleteClientData, ClinicalRecord, EmergencyAccess, ExportPractice, ClosePractice},
	RoleAdmin:     {AnyMember, ManageTeam, ManageSettings, ViewAudit, ManageBilling, AllClients},
	RoleClinician: {AnyMember, ClinicalRecord},
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

// OpenWhenClosed reports whether a route needing p still works in a closed practice: only
// its export, so the owner can take the practice's data away until it is deleted.
func OpenWhenClosed(p Permission) bool { return p == ExportPractice }

// Roles lists every role, most authority first.
func Roles() []Role { return []Role{RoleOwner, RoleAdmin, RoleClinician} }
