package archtest

// joins are the reads across owners that stay in one SQL statement, each with the reason one
// statement is the point: a path a benchmark measures (going through the owner's function
// would add a round trip per request, per batch or per row), an order or filter that spans
// owners, or a report of a client's whole record read at once. Writes never cross
// (TestOnlyTheOwnerWritesATable). The test fails on a read not listed here and on a listed one
// that has gone, so the list is always exact. When an owner changes a column named here, the
// reader's tests fail with it: keep these few.
var joins = map[string]map[string]string{
	"checkins": {
		"clients": "the alert list orders and filters by the client (name, visibility) in the statement " +
			"that pages it (alerts_service.go)",
		"responses": "an alert shows the answer that raised it, read beside the alert for the whole page",
	},
	"links": {
		"clients": "a client session is checked on every homework request in one statement: client active, " +
			"name, time zone, PIN (session.go; the submit benchmark of issue 19)",
		"practices":           "the same session check reads the practice's name and PIN rule",
		"reminder_deliveries": "a reminder's own token opens the link it was sent with (reminders imports links, not the reverse)",
	},
	"progress": {
		"assignments": "the export reads a client's whole record: each answer with its exercise",
		"responses":   "the export, and the measures chart that places each score on its occurrence's date",
		"scores":      "the export and the measures chart: scores with their answers, in one pass",
	},
	"reminders": {
		"assignments": "the sender reads everything a batch of messages depends on in one round trip (state.go; " +
			"the storm benchmark, 100,000 reminders); the delivery log names each delivery's exercise",
		"client_time_zones": "the sender's one read per batch: the client's zones decide each firing",
		"clients":           "the sender's and dispatcher's reads per batch: address, consent, status",
		"homework_links":    "the sender's read per batch: the live link a message leads to",
		"practices":         "the sender's read per batch: the practice's name signs the message",
		"responses":         "the sender's read per batch: a day already done sends nothing",
	},
}
