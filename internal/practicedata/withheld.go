package practicedata

import (
	"regexp"
	"sort"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/safety"
)

// What an export leaves out, each with the reason the manifest gives: the credentials and
// tokens with which Steady lets people in are not the practice's records, and a copy of them
// in an archive would only be something more to steal. The clinical text stored sealed is not
// left out: it is opened (sealedText). A test fails when a tenant table gains a column that
// looks like a secret and is in neither list.
var (
	withheldTables = map[string]string{
		"client_sessions":        "clients' signed-in sessions on their homework links: credentials, not records",
		"practice_exports":       "the practice's exports themselves (each request is in the audit trail)",
		"practice_export_chunks": "the sealed bytes of earlier archives",
		"practice_keys":          "the practice's data key, wrapped by the server's: the archive holds the text it opens, never the key",
	}
	withheldColumns = map[string]map[string]string{
		"clients":             {"pin_hash": "a hash of the client's homework PIN"},
		"homework_links":      {"token_hash": "a hash of the homework link's secret token"},
		"invitations":         {"token_hash": "a hash of the invitation's secret token"},
		"reminder_deliveries": {"token_hash": "a hash of the reminder's own secret token"},
		"digests":             {"unsubscribe_hash": "a hash of the digest email's unsubscribe token"},
	}
	// withheldPeople is what the archive's people.csv leaves out of each member's account
	// (the users table and the tables beside it, which belong to the person, not the practice).
	withheldPeople = []withheld{
		{"users.password_hash", "a hash of the person's password"},
		{"users.totp_secret", "the person's two-factor secret"},
		{"recovery_codes", "hashes of the person's two-factor recovery codes"},
		{"sessions", "staff sessions: credentials, not records"},
		{"two_factor_challenges", "log-ins waiting for a two-factor code"},
		{"password_resets", "hashes of password-reset links"},
	}
)

// withheld is one entry of the manifest's list of what was left out.
type withheld struct {
	What string `json:"what"`
	Why  string `json:"why"`
}

// looksSecret is a column name that says it holds a credential. Such a column must be
// withheld or be sealed clinical text (TestEverySecretLookingColumnIsDecided).
var looksSecret = regexp.MustCompile(`(^|_)(hash|secret|token|password|sealed)(_|$)`)

// sealedColumn is clinical text stored sealed with the practice's data key, in Sealed, beside
// Plain (which holds the text of a row written before sealing began, or of none). The archive
// carries the opened text under Plain's name, so the practice gets words, not ciphertext.
type sealedColumn struct {
	Plain, Sealed string
	// Open opens one row's sealed value; id is the row's id, which the value is sealed for.
	Open func(tx *db.Tx, id uuid.UUID, sealed []byte) (string, error)
}

// sealedText lists the sealed columns by table, each opened by its owner's function.
var sealedText = map[string][]sealedColumn{
	"journal_entries": {{Plain: "body", Sealed: "body_sealed", Open: checkins.OpenJournalBody}},
	"responses":       {{Plain: "answers", Sealed: "answers_sealed", Open: checkins.OpenAnswers}},
	"risk_alerts":     {{Plain: "note", Sealed: "note_sealed", Open: checkins.OpenAlertNote}},
	"safety_screens":  {{Plain: "note", Sealed: "note_sealed", Open: safety.OpenScreenNote}},
}

// sealedIn is the sealed column of t stored under name, if any.
func sealedIn(t string, name string) (sealedColumn, bool) {
	for _, s := range sealedText[t] {
		if s.Sealed == name {
			return s, true
		}
	}
	return sealedColumn{}, false
}

// withheldList is everything left out, for the manifest, in a stable order.
func withheldList() []withheld {
	var out []withheld
	for t, why := range withheldTables {
		out = append(out, withheld{t, why})
	}
	for t, cols := range withheldColumns {
		for c, why := range cols {
			out = append(out, withheld{t + "." + c, why})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].What < out[j].What })
	return append(out, withheldPeople...)
}
