package archtest

// Owners says which package owns each table: only the owner's SQL names it; any other package
// goes through the owner's exported functions. A new table is added here with its migration.
var Owners = map[string]string{
	"practices": "practice", "memberships": "practice", "invitations": "team",
	"users": "auth", "sessions": "auth", "two_factor_challenges": "auth", "recovery_codes": "auth",
	"password_resets": "auth", "pending_signups": "auth",
	"rate_limits":  "ratelimit",
	"audit_events": "audit",
	"clients":      "clients", "client_clinicians": "clients", "client_time_zones": "clients",
	"couples": "clients", "couple_partners": "clients", "couple_clinicians": "clients", "emergency_grants": "clients",
	"client_counts":  "clients",
	"homework_links": "links", "client_sessions": "links",
	"exercise_templates": "library", "exercise_template_versions": "library", "assignments": "assignments",
	"responses": "assignments", "safety_screens": "safety",
	"journal_entries": "checkins", "scores": "checkins", "risk_alerts": "checkins",
	"client_attention":   "progress",
	"reminder_schedules": "reminders", "reminder_deliveries": "reminders", "reminder_links": "reminders",
	"reminder_preferences": "reminders",
	"dev_messages":         "notify", "email_deliveries": "notify",
	"billing_subscriptions": "billing", "billing_events": "billing",
	"digest_settings": "digests", "digests": "digests",
	"alert_rules": "alertrules", "rule_alerts": "alertrules",
	"practice_keys":    "datakeys",
	"practice_exports": "practicedata", "practice_export_chunks": "practicedata", "practice_deletions": "practicedata",
}
