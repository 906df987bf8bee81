package checkins

import (
	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// The practice's export of all its data (internal/practicedata) writes clinical text as words,
// not ciphertext: these open one sealed value of a row, by the row's id, in the export's
// transaction. The purposes stay this package's own.

// OpenJournalBody opens journal entry id's sealed body.
func OpenJournalBody(tx *db.Tx, id uuid.UUID, sealed []byte) (string, error) {
	text, err := tx.Open(sealed, journalPurpose(id))
	return string(text), err
}

// OpenAlertNote opens risk alert id's sealed note.
func OpenAlertNote(tx *db.Tx, id uuid.UUID, sealed []byte) (string, error) {
	text, err := tx.Open(sealed, notePurpose(id))
	return string(text), err
}

// OpenAnswers opens response id's sealed answers, as the JSON they were sealed as.
func OpenAnswers(tx *db.Tx, id uuid.UUID, sealed []byte) (string, error) {
	raw, err := tx.Open(sealed, AnswersPurpose(id))
	return string(raw), err
}
